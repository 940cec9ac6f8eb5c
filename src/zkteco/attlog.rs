//! The text of the PUSH (ADMS, "iclock") protocol, as pure functions: the options answered to a
//! handshake, and the punch lines of an ATTLOG upload.
//!
//! An ATTLOG line is `PIN⇥YYYY-MM-DD HH:MM:SS⇥state⇥verify⇥workcode⇥…` (5, 7 or 10 fields by
//! firmware; some firmware separates by spaces). Lines end in LF or CRLF and may carry trailing
//! spaces. A line of fewer than 3 fields is unreadable, a date that does not parse is a bad date:
//! both are held in quarantine as received, never given the time of their arrival.

use chrono::NaiveDateTime;

use crate::people::QuarantineReason;
use crate::people::ops::{ClockLine, ClockRecord};

/// Seconds the device waits before sending again after an error (our 500).
pub const ERROR_DELAY: u32 = 30;
/// Seconds between the device's command polls (its heartbeat).
pub const DELAY: u32 = 10;

/// The answer to `GET /iclock/cdata?SN=…&options=all`. `stamp` is the last ATTLOG Stamp we hold:
/// the device sends what came after it (`None`: everything it has not had acknowledged).
pub fn options(serial: &str, stamp: Option<&str>) -> String {
    let stamp = stamp.filter(|s| !s.is_empty()).unwrap_or("None");
    [
        format!("GET OPTION FROM: {serial}"),
        format!("ATTLOGStamp={stamp}"),
        "OPERLOGStamp=None".to_string(),
        "ATTPHOTOStamp=None".to_string(),
        format!("ErrorDelay={ERROR_DELAY}"),
        format!("Delay={DELAY}"),
        "TransTimes=00:00;14:05".to_string(),
        "TransInterval=1".to_string(),
        "TransFlag=1111000000".to_string(),
        "TimeZone=1".to_string(),
        "Realtime=1".to_string(),
        "Encrypt=0".to_string(),
    ]
    .join("\n")
        + "\n"
}

/// The non-empty lines of a body, LF or CRLF, without their line ending.
pub fn lines(body: &str) -> impl Iterator<Item = &str> {
    body.split('\n').map(|l| l.trim_end_matches('\r')).filter(|l| !l.trim().is_empty())
}

/// The fields of a line: by TAB, or by spaces for firmware that writes `PIN DATE TIME state …`.
fn fields(line: &str) -> Vec<String> {
    if line.contains('\t') {
        return line.split('\t').map(|f| f.trim().to_string()).collect();
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [pin, date, time, rest @ ..] if date.len() == 10 && time.contains(':') => {
            let mut out = vec![pin.to_string(), format!("{date} {time}")];
            out.extend(rest.iter().map(|w| w.to_string()));
            out
        }
        _ => words.iter().map(|w| w.to_string()).collect(),
    }
}

/// Reads one line. The raw text kept is the line without its ending and outer spaces.
pub fn parse_line(line: &str) -> ClockLine {
    let raw = line.trim().to_string();
    let f = fields(&raw);
    let record = read(&f);
    ClockLine { raw, record }
}

fn read(f: &[String]) -> Result<ClockRecord, QuarantineReason> {
    if f.len() < 3 {
        return Err(QuarantineReason::Unreadable);
    }
    let pin = f[0].as_str();
    if pin.is_empty() || pin.chars().count() > 24 || !pin.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(QuarantineReason::Unreadable);
    }
    let local = NaiveDateTime::parse_from_str(&f[1], "%Y-%m-%d %H:%M:%S").map_err(|_| QuarantineReason::BadDate)?;
    let state = f[2].parse::<i64>().ok().filter(|s| (0..=255).contains(s)).ok_or(QuarantineReason::Unreadable)?;
    let verify = f.get(3).and_then(|v| v.parse::<i64>().ok());
    Ok(ClockRecord { pin: pin.to_string(), local, state, verify })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_every_firmware_are_read() {
        let body = "1\t2025-12-07 08:30:15\t0\t1\t0\r\n007\t2025-12-07 08:31:00\t1\t15\t0\t0\t0\t0\t0\t0   \n\n\
                    1001 2026-01-05 08:00:00 0 1 0\n";
        let got: Vec<ClockLine> = lines(body).map(parse_line).collect();
        assert_eq!(got.len(), 3);
        let r = got[0].record.as_ref().unwrap();
        assert_eq!((r.pin.as_str(), r.state, r.verify), ("1", 0, Some(1)));
        assert_eq!(got[0].raw, "1\t2025-12-07 08:30:15\t0\t1\t0");
        let r = got[1].record.as_ref().unwrap();
        assert_eq!((r.pin.as_str(), r.state, r.verify), ("007", 1, Some(15)));
        assert_eq!(got[2].record.as_ref().unwrap().local.to_string(), "2026-01-05 08:00:00");
    }

    #[test]
    fn short_lines_and_bad_dates_are_held_never_timed_now() {
        assert_eq!(parse_line("12\t2025-12-07 08:30:15").record, Err(QuarantineReason::Unreadable));
        assert_eq!(parse_line("12\t2025-13-40 08:30:15\t0\t1").record, Err(QuarantineReason::BadDate));
        assert_eq!(parse_line("12\t0000-00-00 00:00:00\t0\t1").record, Err(QuarantineReason::BadDate));
        assert_eq!(parse_line("12\t2025-12-07 08:30:15\tX\t1").record, Err(QuarantineReason::Unreadable));
        assert_eq!(parse_line("1 2\t2025-12-07 08:30:15\t0").record, Err(QuarantineReason::Unreadable));
    }

    #[test]
    fn the_handshake_answer_carries_our_stamp() {
        let o = options("CQZ7224460246", None);
        assert!(o.starts_with("GET OPTION FROM: CQZ7224460246\nATTLOGStamp=None\n"), "{o}");
        assert!(o.contains("ErrorDelay=30\n") && o.contains("Realtime=1\n") && o.contains("TransFlag=1111000000\n"));
        assert!(options("X", Some("27")).contains("ATTLOGStamp=27\n"));
    }
}
