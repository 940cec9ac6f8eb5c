//! A ZKTeco clock in PULL mode for the tests: a TCP server on 127.0.0.1 speaking the binary
//! protocol (frames `50 50 82 7d`, packets with their checksum, session, reply number), with a
//! comm key, a clock that may run fast, and an attendance log in the 8-, 16- or 40-byte layout,
//! served inline or from its buffer in chunks. Written from the spec (adrobinoga/zk-protocol,
//! pyzk's notes in TECH-NOTES §6.2), independently of Fournil's client: it computes its own
//! checksums (and drops a packet whose checksum is wrong, as devices do), times and comm keys.

use std::sync::{Arc, Mutex};

use chrono::{Datelike, NaiveDateTime, Timelike};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct EmuRecord {
    pub uid: u16,
    pub pin: String,
    pub verify: u8,
    /// The device's own reading of the time, possibly a date that does not exist.
    pub raw_time: u32,
    pub state: u8,
}

#[derive(Debug)]
pub struct EmuState {
    pub records: Vec<EmuRecord>,
    pub comm_key: u32,
    /// 8, 16 or 40.
    pub layout: usize,
    pub device_time: NaiveDateTime,
    /// Logs up to this many bytes are sent inline; bigger ones through the buffer.
    pub inline_limit: usize,
    /// Every command received, in order.
    pub trace: Vec<u16>,
    pub bad_checksums: usize,
}

pub struct PullDevice {
    pub port: u16,
    pub state: Arc<Mutex<EmuState>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for PullDevice {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The time integer, as the spec writes it: ((year%100)×12×31 + (month−1)×31 + day−1)×86400 + …
pub fn zk_time(t: NaiveDateTime) -> u32 {
    let days = (t.year() as u32 % 100) * 12 * 31 + (t.month() - 1) * 31 + (t.day() - 1);
    days * 24 * 60 * 60 + (t.hour() * 60 + t.minute()) * 60 + t.second()
}

/// A sum over 16-bit words with every carry folded back, then inverted.
fn sum16(b: &[u8]) -> u16 {
    let mut acc: u64 = 0;
    let mut i = 0;
    while i + 1 < b.len() {
        acc += u64::from(b[i]) | (u64::from(b[i + 1]) << 8);
        i += 2;
    }
    if i < b.len() {
        acc += u64::from(b[i]);
    }
    while acc > 0xFFFF {
        acc = (acc & 0xFFFF) + (acc >> 16);
    }
    0xFFFF - acc as u16
}

/// pyzk's make_commkey, step by step on bytes.
fn expected_key(key: u32, session: u16) -> [u8; 4] {
    let mut k: u64 = 0;
    for i in 0..32 {
        k = (k << 1) | u64::from((key >> i) & 1);
    }
    let k = (k + u64::from(session)) as u32;
    let b = k.to_le_bytes();
    let z = [b[0] ^ b'Z', b[1] ^ b'K', b[2] ^ b'S', b[3] ^ b'O'];
    let h = [z[2], z[3], z[0], z[1]];
    let t = 50u8;
    [h[0] ^ t, h[1] ^ t, t, h[3] ^ t]
}

fn packet(command: u16, session: u16, reply: u16, data: &[u8]) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend(command.to_le_bytes());
    p.extend([0, 0]);
    p.extend(session.to_le_bytes());
    p.extend(reply.to_le_bytes());
    p.extend(data);
    let s = sum16(&p).to_le_bytes();
    p[2] = s[0];
    p[3] = s[1];
    let mut out = vec![0x50, 0x50, 0x82, 0x7d];
    out.extend((p.len() as u32).to_le_bytes());
    out.extend(p);
    out
}

impl EmuState {
    fn snapshot(&self) -> EmuState {
        EmuState {
            records: self.records.clone(),
            comm_key: self.comm_key,
            layout: self.layout,
            device_time: self.device_time,
            inline_limit: self.inline_limit,
            trace: Vec::new(),
            bad_checksums: 0,
        }
    }

    fn blob(&self) -> Vec<u8> {
        let mut body = Vec::new();
        for r in &self.records {
            let mut rec = vec![0u8; self.layout];
            match self.layout {
                8 => {
                    rec[0..2].copy_from_slice(&r.uid.to_le_bytes());
                    rec[2] = r.verify;
                    rec[3..7].copy_from_slice(&r.raw_time.to_le_bytes());
                    rec[7] = r.state;
                }
                16 => {
                    rec[0..4].copy_from_slice(&r.pin.parse::<u32>().unwrap().to_le_bytes());
                    rec[4..8].copy_from_slice(&r.raw_time.to_le_bytes());
                    rec[8] = r.state;
                    rec[9] = r.verify;
                }
                _ => {
                    rec[0..2].copy_from_slice(&r.uid.to_le_bytes());
                    rec[2..2 + r.pin.len()].copy_from_slice(r.pin.as_bytes());
                    rec[26] = r.verify;
                    rec[27..31].copy_from_slice(&r.raw_time.to_le_bytes());
                    rec[31] = r.state;
                }
            }
            body.extend(rec);
        }
        let mut blob = (body.len() as u32).to_le_bytes().to_vec();
        blob.extend(body);
        blob
    }

    fn sizes(&self) -> Vec<u8> {
        let mut fields = [0i32; 23];
        fields[4] = self.records.len() as i32; // users (one per record is enough here)
        fields[8] = self.records.len() as i32; // attendance records
        fields[16] = 100_000;
        fields.iter().flat_map(|f| f.to_le_bytes()).collect()
    }
}

impl PullDevice {
    pub async fn start(state: EmuState) -> PullDevice {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(state));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                serve(socket, shared.clone()).await;
            }
        });
        PullDevice { port, state, task }
    }

    pub fn push(&self, r: EmuRecord) {
        self.state.lock().unwrap().records.push(r);
    }

    pub fn trace(&self) -> Vec<u16> {
        self.state.lock().unwrap().trace.clone()
    }
}

/// One connection, until EXIT or a bad packet.
async fn serve(mut socket: TcpStream, state: Arc<Mutex<EmuState>>) {
    let session: u16 = 0x2a17;
    let mut authed = false;
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let mut header = [0u8; 8];
        if socket.read_exact(&mut header).await.is_err() || header[..4] != [0x50, 0x50, 0x82, 0x7d] {
            return;
        }
        let len = u32::from_le_bytes(header[4..8].try_into().unwrap()) as usize;
        let mut p = vec![0u8; len];
        if socket.read_exact(&mut p).await.is_err() || len < 8 {
            return;
        }
        let (command, sum, reply) =
            (u16::from_le_bytes([p[0], p[1]]), u16::from_le_bytes([p[2], p[3]]), u16::from_le_bytes([p[6], p[7]]));
        let mut zeroed = p.clone();
        zeroed[2] = 0;
        zeroed[3] = 0;
        let st = state.lock().unwrap().snapshot();
        if sum16(&zeroed) != sum {
            state.lock().unwrap().bad_checksums += 1;
            return;
        }
        state.lock().unwrap().trace.push(command);
        let data = &p[8..];
        let ok = |d: &[u8]| packet(2000, session, reply, d);
        let out: Vec<u8> = match command {
            1000 if st.comm_key != 0 => packet(2005, session, reply, &[]),
            1000 => {
                authed = true;
                ok(&[])
            }
            1102 => {
                authed = data == expected_key(st.comm_key, session);
                if authed { ok(&[]) } else { packet(2005, session, reply, &[]) }
            }
            _ if !authed => packet(2005, session, reply, &[]),
            201 => ok(&zk_time(st.device_time).to_le_bytes()),
            50 => ok(&st.sizes()),
            1002 | 1003 | 1502 => {
                if command == 1502 {
                    buffer.clear();
                }
                ok(&[])
            }
            1503 if data.len() >= 3 && u16::from_le_bytes([data[1], data[2]]) == 13 => {
                buffer = st.blob();
                if buffer.len() <= st.inline_limit {
                    packet(1501, session, reply, &buffer)
                } else {
                    let mut stat = vec![0u8];
                    stat.extend((buffer.len() as u32).to_le_bytes());
                    stat.extend((buffer.len() as u32).to_le_bytes());
                    stat.extend([0u8; 4]);
                    ok(&stat)
                }
            }
            1504 => {
                let start = u32::from_le_bytes(data[0..4].try_into().unwrap()) as usize;
                let size = u32::from_le_bytes(data[4..8].try_into().unwrap()) as usize;
                let chunk = &buffer[start..(start + size).min(buffer.len())];
                let mut prep = (chunk.len() as u32).to_le_bytes().to_vec();
                prep.extend([0u8; 4]);
                let mut out = packet(1500, session, reply, &prep);
                // A chunk travels in several DATA packets, as devices do over TCP.
                for part in chunk.chunks(1024) {
                    out.extend(packet(1501, session, reply, part));
                }
                out.extend(ok(&[]));
                out
            }
            1001 => {
                let _ = socket.write_all(&ok(&[])).await;
                return;
            }
            _ => packet(2001, session, reply, &[]),
        };
        if socket.write_all(&out).await.is_err() {
            return;
        }
    }
}
