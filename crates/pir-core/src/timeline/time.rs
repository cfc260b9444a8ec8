//! The time column: a time cell's date, start, end, approximation and zone, and the zone a
//! timeline heading declares.
//!
//! Both read the same small grammar (clock times, zone abbreviations, UTC offsets) with the
//! scanners in `scan`; a cell keeps its text as written and only says what it could read.

use std::fmt;

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::scan::{clock_at, date_at, digit_at, is_bold, is_zone_abbrev, offset_at, offset_label};

/// A wall-clock time as written in a time cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClockTime {
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, when the cell gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second: Option<u8>,
}

/// A timeline time cell: the text as written and what it says.
///
/// Examples it understands: `14:01`, `~18:05`, `18:48:28`, `**2026-02-22 14:01**`,
/// `**~09:00 AEST**`, `09:15-09:30`, `14:01 → 18:05`, `~22:25 onwards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimeCell {
    /// The cell's text exactly as written (without the table padding around it).
    pub raw: String,
    /// The date, when the cell gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The (start) time, when one could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<ClockTime>,
    /// The end of a range (`09:15-09:30`, `14:01 → 18:05`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<ClockTime>,
    /// Marked approximate with `~`.
    pub approximate: bool,
    /// Followed by `onwards`.
    pub onwards: bool,
    /// Written in bold (`**...**`).
    pub bold: bool,
    /// The time as the grid shows and edits it: the cell without the bold around it
    /// (`09:12 UTC` of `**09:12 UTC**`); see [`with_time_text`].
    #[serde(default)]
    pub text: String,
    /// A zone label written in the cell itself (`AEST` in `**~09:00 AEST**`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

/// The timezone a timeline heading declares: `## Timeline (AEST — UTC+10)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimeZoneLabel {
    /// The zone's short name (`AEST`), or the offset text when no name is given.
    pub label: String,
    /// Offset from UTC in minutes (`600` for UTC+10), when the heading says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset_minutes: Option<i32>,
    /// The text inside the parentheses, as written.
    pub raw: String,
}

impl ClockTime {
    /// The time as a [`NaiveTime`], or `None` when the fields are out of range.
    pub fn to_naive_time(self) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(
            u32::from(self.hour),
            u32::from(self.minute),
            u32::from(self.second.unwrap_or(0)),
        )
    }

    /// The same time without its seconds.
    pub fn without_seconds(self) -> ClockTime {
        ClockTime {
            second: None,
            ..self
        }
    }

    pub(super) fn from_naive(time: NaiveTime, seconds: bool) -> ClockTime {
        // NaiveTime's fields are always in range (hour < 24, minute and second < 60).
        ClockTime {
            hour: u8::try_from(time.hour()).unwrap_or(0),
            minute: u8::try_from(time.minute()).unwrap_or(0),
            second: seconds.then(|| u8::try_from(time.second()).unwrap_or(0)),
        }
    }
}

impl fmt::Display for ClockTime {
    /// `HH:MM`, or `HH:MM:SS` when the time has seconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)?;
        if let Some(second) = self.second {
            write!(f, ":{second:02}")?;
        }
        Ok(())
    }
}

/// Parses a time cell. Never fails: what cannot be understood stays in `raw` only.
///
/// The cell is read left to right: the first `YYYY-MM-DD` is the date, the first clock time
/// (`H:MM`, `HH:MM`, `HH:MM:SS`, with `AM`/`PM`) the start, and a clock time after a range
/// separator (`-`, `–`, `—`, `→`, `->`, `to`) the end. `~` anywhere marks it approximate, the
/// word `onwards` open-ended, and a zone abbreviation (`AEST`, `UTC`, `UTC+10`) or an ISO
/// offset (`2026-02-22T14:01:00Z`) its own zone. A placeholder such as `**~HH:MM AEST**` gives
/// no time.
pub fn parse_time_cell(raw: &str) -> TimeCell {
    let text = raw.trim();
    let bold = is_bold(text);
    let mut cell = TimeCell {
        raw: raw.to_string(),
        date: None,
        start: None,
        end: None,
        approximate: false,
        onwards: false,
        bold,
        text: if bold {
            text[2..text.len() - 2].trim().to_string()
        } else {
            text.to_string()
        },
        zone: None,
    };
    // Emphasis markers carry no time; dropping them lets `**~18:05**` read like `~18:05`.
    let c: Vec<char> = text.chars().filter(|&ch| ch != '*').collect();
    let mut range_open = false;
    let mut after_iso_t = false;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_ascii_digit() {
            if let Some((date, next)) = date_at(&c, i) {
                cell.date.get_or_insert(date);
                i = next;
                // `2026-02-22T14:01:00Z`: the `T` joins date and time.
                if matches!(c.get(i), Some('T' | 't')) && digit_at(&c, i + 1) {
                    i += 1;
                    after_iso_t = true;
                }
                continue;
            }
            if let Some((time, next)) = clock_at(&c, i) {
                i = next;
                if cell.start.is_none() {
                    cell.start = Some(time);
                } else if range_open && cell.end.is_none() {
                    cell.end = Some(time);
                }
                if after_iso_t {
                    if let Some((offset, next)) = offset_at(&c, i) {
                        cell.zone.get_or_insert_with(|| offset_label(offset));
                        i = next;
                    }
                    after_iso_t = false;
                }
                continue;
            }
            while digit_at(&c, i) {
                i += 1;
            }
            continue;
        }
        if ch.is_alphabetic() {
            let start = i;
            while c.get(i).is_some_and(|ch| ch.is_alphabetic()) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            match word.to_lowercase().as_str() {
                "onwards" | "onward" => cell.onwards = true,
                "to" | "until" | "till" if cell.start.is_some() => range_open = true,
                _ if is_zone_abbrev(&word) && cell.zone.is_none() => {
                    // `UTC+10` keeps its offset in the label, as written.
                    if matches!(word.as_str(), "UTC" | "GMT") {
                        if let Some((_, next)) = offset_at(&c, i) {
                            i = next;
                        }
                    }
                    cell.zone = Some(c[start..i].iter().collect());
                }
                _ => {}
            }
            continue;
        }
        match ch {
            '~' | '≈' => cell.approximate = true,
            '-' | '–' | '—' | '→' | '>' if cell.start.is_some() => range_open = true,
            _ => {}
        }
        i += 1;
    }
    cell
}

/// The time cell `raw` with its time replaced by `text`, in the bold the cell is written in
/// (`**09:12 UTC**` stays bold, with its own `**` or `__`); an empty `text` empties the cell.
pub fn with_time_text(raw: &str, text: &str) -> String {
    let old = raw.trim();
    let text = text.trim();
    if text.is_empty() || !is_bold(old) {
        return text.to_string();
    }
    let d = &old[..2];
    format!("{d}{text}{d}")
}

/// Reads the timezone from a timeline heading's text (`Timeline (AEST — UTC+10)`).
///
/// The heading may keep its `#` marks. The zone is in the first parentheses: a zone
/// abbreviation (`AEST`, `PST`) and/or a UTC offset (`UTC+10`, `UTC+5:30`, `UTC-8`, bare
/// `UTC`), separated by a dash or comma. Without parentheses, or with parentheses that name no
/// zone (`Timeline (draft)`), it gives `None`. A bare abbreviation gives no offset: the
/// offset is only ever what the heading says. A tz database name (`Europe/Berlin`) is the
/// label, without an offset: its offset changes with daylight saving (the timeline import
/// reads it by instant).
pub fn parse_timezone_heading(heading: &str) -> Option<TimeZoneLabel> {
    let text = heading.trim().trim_start_matches('#').trim();
    let open = text.find('(')?;
    let inside = &text[open + 1..];
    let inner = inside.find(')').map_or(inside, |close| &inside[..close]);
    let raw = inner.trim();
    let c: Vec<char> = raw.chars().collect();
    let mut name: Option<String> = None;
    let mut offset: Option<(i32, String)> = None;
    let mut i = 0;
    while i < c.len() {
        if !c[i].is_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while c.get(i).is_some_and(|ch| ch.is_alphabetic()) {
            i += 1;
        }
        let word: String = c[start..i].iter().collect();
        if matches!(word.to_uppercase().as_str(), "UTC" | "GMT") {
            if offset.is_none() {
                let (minutes, next) = offset_at(&c, i).unwrap_or((0, i));
                i = next;
                offset = Some((minutes, c[start..i].iter().collect()));
            }
        } else if name.is_none() && is_zone_abbrev(&word) {
            name = Some(word);
        }
    }
    let offset_minutes = offset.as_ref().map(|(minutes, _)| *minutes);
    let area = raw
        .split(|ch: char| ch.is_whitespace() || ch == ',')
        .find(|w| w.contains('/') && w.parse::<chrono_tz::Tz>().is_ok())
        .map(str::to_string);
    let label = area.or(name).or(offset.map(|(_, text)| text))?;
    Some(TimeZoneLabel {
        label,
        offset_minutes,
        raw: raw.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(hour: u8, minute: u8) -> ClockTime {
        ClockTime {
            hour,
            minute,
            second: None,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn plain_time() {
        let cell = parse_time_cell("14:01");
        assert_eq!(cell.raw, "14:01");
        assert_eq!(cell.start, Some(t(14, 1)));
        assert_eq!(
            (cell.date, cell.end, cell.zone.as_deref()),
            (None, None, None)
        );
        assert!(!cell.approximate && !cell.onwards && !cell.bold);
    }

    #[test]
    fn approximate_time() {
        let cell = parse_time_cell("~18:05");
        assert_eq!(cell.start, Some(t(18, 5)));
        assert!(cell.approximate);
    }

    #[test]
    fn seconds() {
        let cell = parse_time_cell("**07:41:09**");
        assert_eq!(
            cell.start,
            Some(ClockTime {
                hour: 7,
                minute: 41,
                second: Some(9)
            })
        );
        assert!(cell.bold);
    }

    #[test]
    fn bold_date_and_time() {
        let cell = parse_time_cell("**2031-05-04 14:01**");
        assert!(cell.bold);
        assert_eq!(cell.date, Some(d(2031, 5, 4)));
        assert_eq!(cell.start, Some(t(14, 1)));
        assert!(!cell.approximate);
    }

    #[test]
    fn bold_date_and_approximate_time() {
        let cell = parse_time_cell("**2031-05-06 ~02:00**");
        assert_eq!(cell.date, Some(d(2031, 5, 6)));
        assert_eq!(cell.start, Some(t(2, 0)));
        assert!(cell.approximate && cell.bold);
    }

    #[test]
    fn zone_suffix() {
        let cell = parse_time_cell("**~09:00 AEST**");
        assert_eq!(cell.start, Some(t(9, 0)));
        assert_eq!(cell.zone.as_deref(), Some("AEST"));
        assert!(cell.approximate && cell.bold);
        let cell = parse_time_cell("09:00 UTC+5:30");
        assert_eq!(cell.zone.as_deref(), Some("UTC+5:30"));
        assert_eq!(cell.end, None, "the offset is not a range end");
    }

    #[test]
    fn template_placeholder_has_no_time() {
        let cell = parse_time_cell("**~HH:MM AEST**");
        assert_eq!(cell.start, None);
        assert_eq!(cell.zone.as_deref(), Some("AEST"));
        assert!(cell.approximate && cell.bold);
    }

    #[test]
    fn ranges() {
        for raw in [
            "09:15-09:30",
            "09:15–09:30",
            "09:15 — 09:30",
            "09:15 → 09:30",
            "09:15 -> 09:30",
            "09:15 to 09:30",
        ] {
            let cell = parse_time_cell(raw);
            assert_eq!(cell.start, Some(t(9, 15)), "{raw}");
            assert_eq!(cell.end, Some(t(9, 30)), "{raw}");
        }
        let cell = parse_time_cell("**2031-05-06 ~19:00-19:45**");
        assert_eq!(cell.date, Some(d(2031, 5, 6)));
        assert_eq!((cell.start, cell.end), (Some(t(19, 0)), Some(t(19, 45))));
    }

    #[test]
    fn two_times_without_separator_are_not_a_range() {
        let cell = parse_time_cell("09:15 09:30");
        assert_eq!((cell.start, cell.end), (Some(t(9, 15)), None));
    }

    #[test]
    fn onwards() {
        let cell = parse_time_cell("~22:25 onwards");
        assert_eq!(cell.start, Some(t(22, 25)));
        assert!(cell.onwards && cell.approximate);
        assert_eq!(cell.end, None);
    }

    #[test]
    fn iso_utc() {
        let cell = parse_time_cell("2031-05-04T14:01:00Z");
        assert_eq!(cell.date, Some(d(2031, 5, 4)));
        assert_eq!(cell.start.map(ClockTime::without_seconds), Some(t(14, 1)));
        assert_eq!(cell.start.and_then(|s| s.second), Some(0));
        assert_eq!(cell.zone.as_deref(), Some("UTC"));
        let cell = parse_time_cell("2031-05-04T14:01:00+10:00");
        assert_eq!(cell.zone.as_deref(), Some("UTC+10"));
        assert_eq!(cell.end, None);
    }

    #[test]
    fn date_and_time_without_bold() {
        let cell = parse_time_cell("2031-05-03 22:25");
        assert_eq!(cell.date, Some(d(2031, 5, 3)));
        assert_eq!(cell.start, Some(t(22, 25)));
        assert!(!cell.bold);
    }

    #[test]
    fn date_only() {
        let cell = parse_time_cell("**2031-05-06**");
        assert_eq!(cell.date, Some(d(2031, 5, 6)));
        assert_eq!(cell.start, None);
    }

    #[test]
    fn twelve_hour_clock() {
        assert_eq!(parse_time_cell("2:02 PM").start, Some(t(14, 2)));
        assert_eq!(parse_time_cell("12:10am").start, Some(t(0, 10)));
        assert_eq!(parse_time_cell("12:10 p.m.").start, Some(t(12, 10)));
        assert_eq!(parse_time_cell("13:10 PM").start, None);
    }

    #[test]
    fn not_times() {
        for raw in [
            "",
            "TBD",
            "25:00",
            "12:60",
            "123:45",
            "2031-13-01",
            "1:2",
            "v1.2.3",
        ] {
            let cell = parse_time_cell(raw);
            assert_eq!((cell.date, cell.start), (None, None), "{raw}");
        }
        assert_eq!(parse_time_cell("TBD").zone, None);
    }

    #[test]
    fn raw_is_kept_as_written() {
        let raw = "  **~09:00 AEST** ";
        assert_eq!(parse_time_cell(raw).raw, raw);
    }

    fn zone(heading: &str) -> Option<(String, Option<i32>)> {
        parse_timezone_heading(heading).map(|z| (z.label, z.offset_minutes))
    }

    #[test]
    fn timezone_headings() {
        let aest = Some(("AEST".to_string(), Some(600)));
        assert_eq!(zone("Timeline (AEST — UTC+10)"), aest);
        assert_eq!(zone("## Timeline (AEST — UTC+10)"), aest);
        assert_eq!(zone("Timeline (AEST - UTC+10)"), aest);
        assert_eq!(zone("### Timeline (AEST – UTC + 10)"), aest);
        assert_eq!(zone("Timeline (UTC)"), Some(("UTC".to_string(), Some(0))));
        assert_eq!(
            zone("## Timeline (UTC+5:30)"),
            Some(("UTC+5:30".to_string(), Some(330)))
        );
        assert_eq!(
            zone("Timeline (PST, UTC-8)"),
            Some(("PST".to_string(), Some(-480)))
        );
        assert_eq!(zone("Timeline (AEST)"), Some(("AEST".to_string(), None)));
        assert_eq!(zone("Timeline"), None);
        assert_eq!(zone("## Timeline"), None);
        assert_eq!(zone("Timeline (draft)"), None);
        assert_eq!(
            zone("## Timeline (Europe/Berlin)"),
            Some(("Europe/Berlin".to_string(), None))
        );
        assert_eq!(
            zone("Timeline (CET, Europe/Berlin)"),
            Some(("Europe/Berlin".to_string(), None))
        );
        assert_eq!(zone("Timeline (and/or later)"), None);
        let z = parse_timezone_heading("## Timeline (AEST — UTC+10)").expect("a zone");
        assert_eq!(z.raw, "AEST — UTC+10");
    }
}
