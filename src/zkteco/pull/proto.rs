//! The binary PULL protocol of ZKTeco clocks (TCP 4370), as pure functions: packets and their
//! checksum, the TCP frame, the comm-key scramble, the clock's time integer and the attendance
//! records. From the reverse-engineered spec (adrobinoga/zk-protocol) and the pyzk notes in
//! TECH-NOTES §6.2; the test vectors are captured bytes, not our own output.
//!
//! Records come in three layouts, told apart by `total size / count`:
//! - 8 bytes (old firmware): user serial u16, verify mode u8, time u32, state u8 — the PIN is
//!   the user serial (no leading zeros can survive);
//! - 16 bytes: PIN u32, time u32, state u8, verify mode u8, 2 reserved, work code u32;
//! - 40 bytes (TFT firmware, the WL30): user serial u16, PIN as text (24 bytes, NUL padded), verify
//!   mode u8 at 26, time u32 at 27, state u8 at 31, 8 reserved.
//!
//! Any other size is refused: a wrong grid would silently corrupt PINs and dates.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

pub const CMD_CONNECT: u16 = 1000;
pub const CMD_EXIT: u16 = 1001;
pub const CMD_ENABLEDEVICE: u16 = 1002;
pub const CMD_DISABLEDEVICE: u16 = 1003;
pub const CMD_AUTH: u16 = 1102;
pub const CMD_PREPARE_DATA: u16 = 1500;
pub const CMD_DATA: u16 = 1501;
pub const CMD_FREE_DATA: u16 = 1502;
pub const CMD_PREPARE_BUFFER: u16 = 1503;
pub const CMD_READ_BUFFER: u16 = 1504;
pub const CMD_ATTLOG_RRQ: u16 = 13;
pub const CMD_GET_FREE_SIZES: u16 = 50;
pub const CMD_GET_TIME: u16 = 201;
pub const CMD_ACK_OK: u16 = 2000;
pub const CMD_ACK_ERROR: u16 = 2001;
pub const CMD_ACK_DATA: u16 = 2002;
pub const CMD_ACK_UNAUTH: u16 = 2005;

/// The TCP frame's magic: `50 50 82 7d`.
pub const MAGIC: [u8; 4] = [0x50, 0x50, 0x82, 0x7d];
/// The largest chunk asked of the device's buffer at once over TCP.
pub const CHUNK: usize = 0xFFC0;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtoError {
    #[error("réponse trop courte")]
    Short,
    #[error("trame inconnue (pas un appareil ZKTeco ?)")]
    BadFrame,
    #[error("taille d'enregistrement inconnue : {0} octets pour {1} pointages")]
    UnknownLayout(usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    pub command: u16,
    pub session: u16,
    pub reply: u16,
    pub data: Vec<u8>,
}

/// The ones' complement of the ones' complement sum of the little-endian 16-bit words (an odd
/// last byte counts as is), computed with the checksum field at zero.
pub fn checksum(bytes: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    for pair in bytes.chunks(2) {
        let word = match pair {
            [lo, hi] => u16::from_le_bytes([*lo, *hi]),
            [lo] => u16::from(*lo),
            _ => 0,
        };
        sum += u32::from(word);
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    !(sum as u16)
}

impl Packet {
    pub fn new(command: u16, session: u16, reply: u16, data: Vec<u8>) -> Packet {
        Packet { command, session, reply, data }
    }

    /// The packet alone (what UDP sends): command, checksum, session, reply, data.
    pub fn payload(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.data.len());
        out.extend_from_slice(&self.command.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&self.session.to_le_bytes());
        out.extend_from_slice(&self.reply.to_le_bytes());
        out.extend_from_slice(&self.data);
        let sum = checksum(&out);
        out[2..4].copy_from_slice(&sum.to_le_bytes());
        out
    }

    /// The packet in its TCP frame.
    pub fn frame(&self) -> Vec<u8> {
        let payload = self.payload();
        let mut out = Vec::with_capacity(8 + payload.len());
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    /// Reads a packet (its checksum is not verified: devices are known to get it wrong).
    pub fn parse(payload: &[u8]) -> Result<Packet, ProtoError> {
        if payload.len() < 8 {
            return Err(ProtoError::Short);
        }
        let word = |i: usize| u16::from_le_bytes([payload[i], payload[i + 1]]);
        Ok(Packet { command: word(0), session: word(4), reply: word(6), data: payload[8..].to_vec() })
    }
}

/// The length of the payload a TCP frame header announces.
pub fn frame_len(header: &[u8; 8]) -> Result<usize, ProtoError> {
    if header[..4] != MAGIC {
        return Err(ProtoError::BadFrame);
    }
    Ok(u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize)
}

/// The 4 bytes `CMD_AUTH` carries: the comm key's bits reversed, plus the session, scrambled
/// with `ZKSO` and the ticks (the SDK's `MakeKey`).
pub fn commkey(key: u32, session: u16, ticks: u8) -> [u8; 4] {
    let k = key.reverse_bits().wrapping_add(u32::from(session));
    let b = k.to_le_bytes();
    let x = [b[0] ^ b'Z', b[1] ^ b'K', b[2] ^ b'S', b[3] ^ b'O'];
    // The two 16-bit halves swap places, then the ticks scramble all but the third byte.
    let swapped = [x[2], x[3], x[0], x[1]];
    [swapped[0] ^ ticks, swapped[1] ^ ticks, ticks, swapped[3] ^ ticks]
}

/// The clock's time integer: seconds in a calendar of 12 months of 31 days from 2000.
pub fn encode_time(t: NaiveDateTime) -> u32 {
    let days = ((t.year() as u32 % 100) * 12 + t.month0()) * 31 + t.day0();
    (days * 24 + t.hour()) * 3600 + t.minute() * 60 + t.second()
}

/// `None` for a date that does not exist (31 February): such a record is a bad date.
pub fn decode_time(v: u32) -> Option<NaiveDateTime> {
    let (second, v) = (v % 60, v / 60);
    let (minute, v) = (v % 60, v / 60);
    let (hour, v) = (v % 24, v / 24);
    let (day, v) = (v % 31 + 1, v / 31);
    let (month, years) = (v % 12 + 1, v / 12);
    NaiveDate::from_ymd_opt(2000 + years as i32, month, day)?.and_hms_opt(hour, minute, second)
}

/// A punch as the device keeps it. `time` is `None` when the stored date does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub pin: String,
    pub time: Option<NaiveDateTime>,
    pub raw_time: u32,
    pub state: u8,
    pub verify: u8,
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

fn record(r: &[u8]) -> Record {
    let (pin, raw_time, state, verify) = match r.len() {
        8 => (u16::from_le_bytes([r[0], r[1]]).to_string(), u32_at(r, 3), r[7], r[2]),
        16 => (u32_at(r, 0).to_string(), u32_at(r, 4), r[8], r[9]),
        _ => {
            let text = &r[2..26];
            let end = text.iter().position(|b| *b == 0).unwrap_or(text.len());
            (String::from_utf8_lossy(&text[..end]).trim().to_string(), u32_at(r, 27), r[31], r[26])
        }
    };
    Record { pin, time: decode_time(raw_time), raw_time, state, verify }
}

/// The attendance log read from the device's buffer: `u32 total size` then the records; `count`
/// is what `CMD_GET_FREE_SIZES` said.
pub fn records(blob: &[u8], count: usize) -> Result<Vec<Record>, ProtoError> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if blob.len() < 4 {
        return Err(ProtoError::Short);
    }
    let total = (u32_at(blob, 0) as usize).min(blob.len() - 4);
    let size = total / count;
    if ![8, 16, 40].contains(&size) || size * count != total {
        return Err(ProtoError::UnknownLayout(total, count));
    }
    Ok(blob[4..4 + total].chunks(size).map(record).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn a_connect_packet_is_byte_for_byte_what_a_device_expects() {
        // Captured from pyzk and the SDK: CMD_CONNECT, session 0, reply 0.
        let frame = Packet::new(CMD_CONNECT, 0, 0, Vec::new()).frame();
        assert_eq!(frame, [0x50, 0x50, 0x82, 0x7d, 0x08, 0, 0, 0, 0xe8, 0x03, 0x17, 0xfc, 0, 0, 0, 0]);
        let header: [u8; 8] = frame[..8].try_into().unwrap();
        assert_eq!(frame_len(&header), Ok(8));
        let back = Packet::parse(&frame[8..]).unwrap();
        assert_eq!((back.command, back.session, back.reply), (CMD_CONNECT, 0, 0));
        // An odd length still sums: the last byte counts alone.
        assert_eq!(checksum(&[0x01, 0x00, 0x02]), !0x0003);
    }

    #[test]
    fn the_time_integer_round_trips_and_a_missing_day_is_refused() {
        let at = t("2026-11-24 08:30:15");
        assert_eq!(decode_time(encode_time(at)), Some(at));
        // The spec's formula, written out: ((26×12 + 10)×31 + 23)×86400 + (8×60 + 30)×60 + 15.
        assert_eq!(encode_time(at), ((26 * 12 + 10) * 31 + 23) * 86_400 + (8 * 60 + 30) * 60 + 15);
        let feb31 = ((26 * 12 + 1) * 31 + 30) * 86_400;
        assert_eq!(decode_time(feb31), None);
    }

    #[test]
    fn the_comm_key_is_scrambled_as_the_sdk_does() {
        // Key 0: only the session and the ZKSO mask remain; the third byte is the ticks.
        assert_eq!(commkey(0, 0, 50), [b'S' ^ 50, b'O' ^ 50, 50, b'K' ^ 50]);
        // Key 1 sets the top bit once reversed: it lands in the fourth byte, 'O' ^ 0x80.
        assert_eq!(commkey(1, 0, 50)[1], (b'O' ^ 0x80) ^ 50);
        assert_eq!(commkey(0, 0x0102, 0), [b'S', b'O', 0, b'K' ^ 0x01]);
    }

    #[test]
    fn the_three_record_layouts_are_read_and_any_other_refused() {
        let when = encode_time(t("2026-11-23 07:58:00")).to_le_bytes();
        let mut r40 = vec![0u8; 40];
        r40[0..2].copy_from_slice(&3u16.to_le_bytes());
        r40[2..5].copy_from_slice(b"007");
        r40[26] = 15;
        r40[27..31].copy_from_slice(&when);
        r40[31] = 1;
        let mut blob = 40u32.to_le_bytes().to_vec();
        blob.extend(&r40);
        let got = records(&blob, 1).unwrap();
        assert_eq!((got[0].pin.as_str(), got[0].state, got[0].verify), ("007", 1, 15));
        assert_eq!(got[0].time, Some(t("2026-11-23 07:58:00")));
        let mut r16 = 1001u32.to_le_bytes().to_vec();
        r16.extend(&when);
        r16.extend([0, 1, 0, 0, 0, 0, 0, 0]);
        let mut blob = 16u32.to_le_bytes().to_vec();
        blob.extend(&r16);
        assert_eq!(records(&blob, 1).unwrap()[0].pin, "1001");
        let mut r8 = 7u16.to_le_bytes().to_vec();
        r8.push(1);
        r8.extend(&when);
        r8.push(4);
        let mut blob = 8u32.to_le_bytes().to_vec();
        blob.extend(&r8);
        let got = records(&blob, 1).unwrap();
        assert_eq!((got[0].pin.as_str(), got[0].state, got[0].verify), ("7", 4, 1));
        let mut blob = 24u32.to_le_bytes().to_vec();
        blob.extend([0u8; 24]);
        assert_eq!(records(&blob, 1), Err(ProtoError::UnknownLayout(24, 1)));
    }
}
