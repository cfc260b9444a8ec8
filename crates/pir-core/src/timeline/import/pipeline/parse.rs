//! The zone and instants an author types (`--zone`, `--since`, `--until`), read with errors
//! that say what would be understood.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::{CoreError, ErrorKind, Result};
use crate::timeline::import::zone::{self, Zone};

/// A zone for `--zone`: `UTC` (or `Z`, `GMT`), an offset `+10:00`, `-0530`, `+10`,
/// `UTC+10`, or a tz database name (`Australia/Sydney`), whose offset follows its
/// daylight-saving changes stamp by stamp.
pub fn parse_zone(text: &str) -> Result<Zone> {
    // `UTC` and `GMT` are tz database names too: they stay plain offsets.
    parse_offset(text)
        .map(Zone::Fixed)
        .or_else(|e| zone::named(text).ok_or(e))
}

/// A fixed offset: `UTC` (or `Z`, `GMT`), `+10:00`, `-0530`, `+10`, `UTC+10`.
fn parse_offset(text: &str) -> Result<FixedOffset> {
    let t = text.trim();
    let bad = || {
        CoreError::new(
            ErrorKind::InvalidInput,
            format!(
                "unknown zone {text:?}: give UTC, an offset such as +10:00 or -05:30, \
                 or a zone name such as Australia/Sydney"
            ),
        )
    };
    let upper = t.to_ascii_uppercase();
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(&upper);
    if rest.is_empty() || rest == "Z" {
        return Ok(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!("0 is valid")));
    }
    let (sign, digits) = match rest.as_bytes().first() {
        Some(b'+') => (1, &rest[1..]),
        Some(b'-') => (-1, &rest[1..]),
        _ => return Err(bad()),
    };
    if !digits.is_ascii() {
        return Err(bad());
    }
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 14 || m > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad)
}

/// An instant for `--since`/`--until`: RFC 3339 (`2026-02-22T14:00:00+10:00`), or a date and
/// time (`2026-02-22 14:00`, `2026-02-22T14:00:05`) or a date alone (its midnight) in `zone`.
pub fn parse_instant(text: &str, zone: Zone) -> Result<DateTime<FixedOffset>> {
    let t = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at);
    }
    let naive = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN))
    });
    naive
        .and_then(|n| zone.local(n))
        .ok_or_else(|| {
            CoreError::new(
                ErrorKind::InvalidInput,
                format!("cannot read the time {text:?}: give 2026-02-22T14:00:00+10:00, 2026-02-22 14:00 or 2026-02-22"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::import::Format;

    #[test]
    fn zones_and_instants() {
        let offset = |t: &str| match parse_zone(t).unwrap() {
            Zone::Fixed(o) => o.local_minus_utc(),
            Zone::Named(tz) => panic!("{t} read as {tz}"),
        };
        assert_eq!(offset("UTC"), 0);
        assert_eq!(offset("+10:00"), 36000);
        assert_eq!(offset("UTC-0530"), -19800);
        assert_eq!(
            parse_zone("Australia/Sydney").unwrap().to_string(),
            "Australia/Sydney"
        );
        let sydney = parse_zone("Australia/Sydney").unwrap();
        // Daylight saving ends on 2026-04-05: the same wall time, an hour apart in offset.
        assert_eq!(
            parse_instant("2026-04-04 12:00", sydney)
                .unwrap()
                .to_rfc3339(),
            "2026-04-04T12:00:00+11:00"
        );
        assert_eq!(
            parse_instant("2026-04-06 12:00", sydney)
                .unwrap()
                .to_rfc3339(),
            "2026-04-06T12:00:00+10:00"
        );
        assert!(parse_zone("+a€").is_err());
        let z = parse_zone("+10").unwrap();
        assert_eq!(
            parse_instant("2026-02-22 14:00", z).unwrap().to_rfc3339(),
            "2026-02-22T14:00:00+10:00"
        );
        assert!(parse_instant("yesterday", z).is_err());
        assert!(
            Format::from_name("nope")
                .unwrap_err()
                .message
                .contains("slack")
        );
    }
}
