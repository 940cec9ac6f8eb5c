//! Reads a clock's attendance log over TCP (blocking: the caller runs it off the async workers).
//! Connect (with the comm key when the device asks), read its time, how many records it holds,
//! then the whole log from its buffer in chunks; free the buffer, re-enable, say goodbye. The
//! protocol gives no "since": the caller keeps only what comes after its cursor.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use chrono::NaiveDateTime;

use super::proto::*;

#[derive(Debug, thiserror::Error)]
pub enum PullError {
    #[error("pointeuse injoignable ({0})")]
    Unreachable(String),
    #[error("mot de passe de communication refusé par la pointeuse")]
    Unauthorized,
    #[error("la pointeuse a refusé la commande {0}")]
    Refused(u16),
    #[error("réponse illisible : {0}")]
    Protocol(#[from] ProtoError),
    #[error("liaison coupée ({0})")]
    Io(#[from] std::io::Error),
}

/// What a reading brings back.
#[derive(Debug, Clone)]
pub struct Reading {
    pub device_time: Option<NaiveDateTime>,
    /// Every record of the device's log, oldest first.
    pub records: Vec<Record>,
}

struct Link {
    stream: TcpStream,
    session: u16,
    reply: u16,
}

impl Link {
    fn send(&mut self, command: u16, data: Vec<u8>) -> Result<(), PullError> {
        let p = Packet::new(command, self.session, self.reply, data);
        self.stream.write_all(&p.frame())?;
        Ok(())
    }

    fn receive(&mut self) -> Result<Packet, PullError> {
        let mut header = [0u8; 8];
        self.stream.read_exact(&mut header)?;
        let len = frame_len(&header)?;
        if len > 64 * 1024 * 1024 {
            return Err(ProtoError::BadFrame.into());
        }
        let mut payload = vec![0u8; len];
        self.stream.read_exact(&mut payload)?;
        Ok(Packet::parse(&payload)?)
    }

    /// One request, one answer; the reply number moves on.
    fn ask(&mut self, command: u16, data: Vec<u8>) -> Result<Packet, PullError> {
        self.send(command, data)?;
        let answer = self.receive()?;
        self.reply = self.reply.wrapping_add(1);
        Ok(answer)
    }

    fn ok(&mut self, command: u16, data: Vec<u8>) -> Result<Packet, PullError> {
        let p = self.ask(command, data)?;
        if p.command == CMD_ACK_OK || p.command == CMD_ACK_DATA { Ok(p) } else { Err(PullError::Refused(command)) }
    }

    fn connect(&mut self, comm_key: u32) -> Result<(), PullError> {
        let hello = self.ask(CMD_CONNECT, Vec::new())?;
        self.session = hello.session;
        match hello.command {
            CMD_ACK_OK => Ok(()),
            CMD_ACK_UNAUTH => {
                let answer = self.ask(CMD_AUTH, commkey(comm_key, self.session, 50).to_vec())?;
                if answer.command == CMD_ACK_OK { Ok(()) } else { Err(PullError::Unauthorized) }
            }
            other => Err(PullError::Refused(other)),
        }
    }

    /// The attendance log's bytes: inline (`CMD_DATA`) or read from the buffer in chunks.
    fn attendance_blob(&mut self) -> Result<Vec<u8>, PullError> {
        let mut ask = vec![1u8];
        ask.extend_from_slice(&CMD_ATTLOG_RRQ.to_le_bytes());
        ask.extend_from_slice(&[0; 8]);
        let first = self.ask(CMD_PREPARE_BUFFER, ask)?;
        if first.command == CMD_DATA {
            return Ok(first.data);
        }
        if first.command != CMD_ACK_OK || first.data.len() < 5 {
            return Err(PullError::Refused(CMD_PREPARE_BUFFER));
        }
        let size = u32::from_le_bytes([first.data[1], first.data[2], first.data[3], first.data[4]]) as usize;
        let mut blob = Vec::with_capacity(size);
        while blob.len() < size {
            let want = (size - blob.len()).min(CHUNK);
            let mut range = (blob.len() as u32).to_le_bytes().to_vec();
            range.extend_from_slice(&(want as u32).to_le_bytes());
            self.send(CMD_READ_BUFFER, range)?;
            let target = blob.len() + want;
            loop {
                let p = self.receive()?;
                match p.command {
                    CMD_PREPARE_DATA => {}
                    CMD_DATA => blob.extend_from_slice(&p.data),
                    CMD_ACK_OK if blob.len() >= target => break,
                    CMD_ACK_OK => {}
                    _ => return Err(PullError::Refused(CMD_READ_BUFFER)),
                }
            }
            self.reply = self.reply.wrapping_add(1);
        }
        self.ok(CMD_FREE_DATA, Vec::new())?;
        Ok(blob)
    }
}

/// Reads the whole log of the clock at `host:port`.
pub fn read_log(host: &str, port: u16, comm_key: u32, timeout: Duration) -> Result<Reading, PullError> {
    let addr = (host, port)
        .to_socket_addrs()
        .map_err(|e| PullError::Unreachable(e.to_string()))?
        .next()
        .ok_or_else(|| PullError::Unreachable(format!("{host}:{port}")))?;
    let stream = TcpStream::connect_timeout(&addr, timeout).map_err(|e| PullError::Unreachable(e.to_string()))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut link = Link { stream, session: 0, reply: 0 };
    link.connect(comm_key)?;
    let time = link.ok(CMD_GET_TIME, Vec::new())?;
    let device_time = (time.data.len() >= 4)
        .then(|| decode_time(u32::from_le_bytes([time.data[0], time.data[1], time.data[2], time.data[3]])))
        .flatten();
    let sizes = link.ok(CMD_GET_FREE_SIZES, Vec::new())?;
    let count = if sizes.data.len() >= 36 {
        i32::from_le_bytes([sizes.data[32], sizes.data[33], sizes.data[34], sizes.data[35]]).max(0) as usize
    } else {
        0
    };
    link.ok(CMD_DISABLEDEVICE, Vec::new())?;
    let blob = if count > 0 { link.attendance_blob() } else { Ok(Vec::new()) };
    // The device works again whatever the reading gave.
    let enabled = link.ok(CMD_ENABLEDEVICE, Vec::new());
    let records = records(&blob?, count)?;
    enabled?;
    let _ = link.ask(CMD_EXIT, Vec::new());
    Ok(Reading { device_time, records })
}
