//! The zone an import reads and shows times in: a fixed offset (`UTC`, `+10:00`) or a named
//! zone of the tz database (`Australia/Sydney`, `Europe/Berlin`) whose offset follows its
//! daylight-saving rules, so an incident that spans a change reads and shows each stamp with
//! the offset in force at that instant.

use std::fmt;

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, TimeDelta, TimeZone};
use chrono_tz::Tz;

/// A zone of source stamps or of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// One offset all year (`UTC`, `+10:00`).
    Fixed(FixedOffset),
    /// A tz database zone, with its daylight-saving changes.
    Named(Tz),
}

impl Zone {
    /// UTC.
    pub fn utc() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!("0 is valid")))
    }

    /// The instant `t` as a clock in this zone shows it, with the offset in force then.
    pub fn at<T: TimeZone>(&self, t: &DateTime<T>) -> DateTime<FixedOffset> {
        match self {
            Zone::Fixed(o) => t.with_timezone(o),
            Zone::Named(tz) => t.with_timezone(tz).fixed_offset(),
        }
    }

    /// The instant a clock in this zone showed as `local`. A time the clocks passed twice
    /// (when they went back) is the first of the two; a time they skipped (when they went
    /// forward) reads as the clock before the change would have shown it, an hour on in
    /// the new offset. None only out of range.
    pub fn local(&self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            Zone::Fixed(o) => o.from_local_datetime(&local).single(),
            Zone::Named(tz) => match tz.from_local_datetime(&local) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.fixed_offset()),
                LocalResult::None => {
                    // In the gap: the offset in force just before it.
                    let probe = local.checked_sub_signed(TimeDelta::hours(3))?;
                    let before = tz.from_local_datetime(&probe).earliest()?;
                    let fixed = chrono::Offset::fix(before.offset());
                    fixed
                        .from_local_datetime(&local)
                        .single()
                        .map(|t| self.at(&t))
                }
            },
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Fixed(o) if o.local_minus_utc() == 0 => f.write_str("UTC"),
            Zone::Fixed(o) => write!(f, "{o}"),
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}

/// A tz database zone named by `text` (`Europe/Berlin`, case as the database writes it, or
/// any case), none when it names none.
pub fn named(text: &str) -> Option<Zone> {
    let t = text.trim();
    t.parse::<Tz>()
        .ok()
        .or_else(|| Tz::from_str_insensitive(t).ok())
        .map(Zone::Named)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, 0))
            .unwrap()
    }

    #[test]
    fn named_zones_follow_daylight_saving() {
        let berlin = named("europe/berlin").unwrap();
        assert_eq!(berlin.to_string(), "Europe/Berlin");
        // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST.
        let before = berlin.local(at(2026, 3, 29, 1, 30)).unwrap();
        let after = berlin.local(at(2026, 3, 29, 3, 30)).unwrap();
        assert_eq!(before.to_rfc3339(), "2026-03-29T01:30:00+01:00");
        assert_eq!(after.to_rfc3339(), "2026-03-29T03:30:00+02:00");
        assert_eq!((after - before).num_minutes(), 60);
        // Skipped: 02:30 did not exist; it reads as 03:30 CEST.
        let gap = berlin.local(at(2026, 3, 29, 2, 30)).unwrap();
        assert_eq!(gap.to_rfc3339(), "2026-03-29T03:30:00+02:00");
        // 2026-10-25: 02:30 happened twice; the first is taken.
        let twice = berlin.local(at(2026, 10, 25, 2, 30)).unwrap();
        assert_eq!(twice.to_rfc3339(), "2026-10-25T02:30:00+02:00");
        // Shown back in the zone with the offset of each instant.
        let utc = DateTime::parse_from_rfc3339("2026-03-29T01:30:00Z").unwrap();
        assert_eq!(berlin.at(&utc).to_rfc3339(), "2026-03-29T03:30:00+02:00");
        assert!(named("Mars/Olympus").is_none());
        assert_eq!(Zone::utc().to_string(), "UTC");
    }
}
