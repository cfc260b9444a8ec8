//! Pasted chat and log lines (`[14:02] bob: looking`, `2026-02-22T14:01:00Z level=info ...`)
//! turned into timeline rows, their times converted into the timeline's zone.
//!
//! Only lines that open with a time (or name a sender before one) start a row; every other
//! line continues the row before it, so a multi-line message stays one event.

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use super::scan::{clock_at, date_at, digit_at, is_zone_abbrev, offset_at, skip_spaces, word_end};
use super::{ClockTime, TimeZoneLabel};

/// One row made from a pasted line (chat or log line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PastedRow {
    /// The time cell text to write (in the timeline's zone when the line gave UTC).
    pub time: String,
    /// The event text, trimmed, as the author would type it (the table writer escapes `|`).
    pub event: String,
}

/// Turns pasted chat or log lines into timeline rows, one per line that has a time.
///
/// A line has a time when it opens with one (`14:02 alice: ...`, `[14:02] bob: ...`,
/// `14:02:33 ...`, `2026-02-22T14:01:00Z level=info ...`, `2026-02-22 14:01:00,123 INFO ...`)
/// or names its sender before a bracketed time (`alice [2:02 PM]`, the message usually on the
/// next line). Any other line continues the previous row's event (or is skipped when there is
/// none yet); blank lines are skipped.
///
/// Time cells: a time carrying a UTC offset (`Z`, `+00:00`, `UTC`) is converted into the
/// timeline's zone when the heading gives its offset, else written in UTC with a ` UTC`
/// suffix. Log lines (those with a date) are written to the minute, as `YYYY-MM-DD HH:MM`
/// for the first row and whenever the day changes, else `HH:MM`; chat times are written as
/// given (keeping seconds). Event text is trimmed and otherwise kept as written: escaping
/// `|` is the table writer's job, so text never gets escaped twice.
pub fn parse_pasted_lines(text: &str, zone: Option<&TimeZoneLabel>) -> Vec<PastedRow> {
    let zone_offset = zone.and_then(|z| z.offset_minutes);
    let mut rows: Vec<PastedRow> = Vec::new();
    let mut last_date: Option<NaiveDate> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match stamped_line(line) {
            Some((stamp, event)) => rows.push(PastedRow {
                time: stamp.cell_text(zone_offset, &mut last_date),
                event,
            }),
            None => {
                if let Some(row) = rows.last_mut() {
                    if !row.event.is_empty() {
                        row.event.push(' ');
                    }
                    row.event.push_str(line);
                }
            }
        }
    }
    rows
}

/// The time found at the start of a pasted line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    date: Option<NaiveDate>,
    time: ClockTime,
    /// Offset from UTC in minutes, when the line gave one.
    offset: Option<i32>,
    /// Another zone's abbreviation, written after the time and kept as is.
    zone_word: Option<String>,
}

impl Stamp {
    /// The time cell text for this stamp in a timeline whose zone is `zone_offset`.
    fn cell_text(&self, zone_offset: Option<i32>, last_date: &mut Option<NaiveDate>) -> String {
        let (date, time, suffix) = match (self.offset, self.time.to_naive_time()) {
            (Some(offset), Some(naive)) => {
                // A time of day without a date still converts; the day it lands on is unknown.
                let day = self.date.unwrap_or_default();
                let target = zone_offset.unwrap_or(0);
                let shifted = day
                    .and_time(naive)
                    .checked_add_signed(TimeDelta::minutes(i64::from(target - offset)));
                match shifted {
                    Some(at) => (
                        self.date.map(|_| at.date()),
                        ClockTime::from_naive(at.time(), self.time.second.is_some()),
                        zone_offset.is_none().then_some(" UTC"),
                    ),
                    None => (self.date, self.time, Some(" UTC")),
                }
            }
            _ => (self.date, self.time, None),
        };
        let mut text = String::new();
        let time = if date.is_some() {
            time.without_seconds()
        } else {
            time
        };
        if let Some(date) = date {
            if *last_date != Some(date) {
                text.push_str(&date.format("%Y-%m-%d ").to_string());
            }
            *last_date = Some(date);
        }
        text.push_str(&time.to_string());
        if let Some(suffix) = suffix {
            text.push_str(suffix);
        } else if let Some(word) = &self.zone_word {
            text.push(' ');
            text.push_str(word);
        }
        text
    }
}

/// Splits a pasted line into its time and event, when it has a time where chat and log
/// lines put one.
fn stamped_line(line: &str) -> Option<(Stamp, String)> {
    let c: Vec<char> = line.chars().collect();
    leading_stamp(&c).or_else(|| sender_stamp(&c))
}

/// `14:02 ...`, `[14:02] ...`, `2026-02-22T14:01:00Z ...`, `[2026-02-22 14:01:00 UTC] ...`.
fn leading_stamp(c: &[char]) -> Option<(Stamp, String)> {
    let close = match c.first() {
        Some('[') => Some(']'),
        Some('(') => Some(')'),
        _ => None,
    };
    let mut i = skip_spaces(c, usize::from(close.is_some()));
    let date = date_at(c, i).map(|(date, next)| {
        i = next;
        date
    });
    if date.is_some() && matches!(c.get(i), Some('T' | 't' | ' ')) && digit_at(c, i + 1) {
        i += 1;
    }
    let (time, next) = clock_at(c, i)?;
    i = next;
    let mut offset = None;
    if date.is_some() {
        if let Some((minutes, next)) = offset_at(c, i) {
            offset = Some(minutes);
            i = next;
        }
    }
    let mut zone_word = None;
    let after_space = skip_spaces(c, i);
    if offset.is_none() {
        let end = word_end(c, after_space);
        let word: String = c[after_space..end].iter().collect();
        if is_zone_abbrev(&word) {
            i = end;
            if matches!(word.as_str(), "UTC" | "GMT") {
                let (minutes, next) = offset_at(c, i).unwrap_or((0, i));
                offset = Some(minutes);
                i = next;
            } else {
                zone_word = Some(word);
            }
        }
    }
    if let Some(close) = close {
        // Whatever else the brackets hold (milliseconds, a level) is not the event.
        i = c[i..]
            .iter()
            .position(|&ch| ch == close)
            .map_or(i, |p| i + p + 1);
    } else if c.get(i).is_some_and(|ch| ch.is_alphanumeric()) {
        // `14:02am` is read by the clock; `14:02abc` is not a time stamp.
        return None;
    }
    let rest: String = c[i..].iter().collect();
    let rest = rest.trim();
    let rest = rest
        .strip_prefix(['-', '–', '—', '|', ':', '>'])
        .unwrap_or(rest)
        .trim_start();
    let stamp = Stamp {
        date,
        time,
        offset,
        zone_word,
    };
    Some((stamp, rest.to_string()))
}

/// `alice [2:02 PM]` (Slack's copy format), the message after it or on the next line.
fn sender_stamp(c: &[char]) -> Option<(Stamp, String)> {
    let open = c.iter().position(|&ch| ch == '[')?;
    let sender: String = c[..open].iter().collect();
    let sender = sender.trim();
    if sender.is_empty() || sender.chars().count() > 60 || sender.contains(':') {
        return None;
    }
    let (time, next) = clock_at(c, skip_spaces(c, open + 1))?;
    let close = skip_spaces(c, next);
    if c.get(close) != Some(&']') {
        return None;
    }
    let rest: String = c[close + 1..].iter().collect();
    let rest = rest.trim();
    let event = if rest.is_empty() {
        format!("{sender}:")
    } else {
        format!("{sender}: {rest}")
    };
    let stamp = Stamp {
        date: None,
        time,
        offset: None,
        zone_word: None,
    };
    Some((stamp, event))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::parse_timezone_heading;

    fn pasted(text: &str, heading: &str) -> Vec<(String, String)> {
        let zone = parse_timezone_heading(heading);
        parse_pasted_lines(text, zone.as_ref())
            .into_iter()
            .map(|r| (r.time, r.event))
            .collect()
    }

    fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(t, e)| (t.to_string(), e.to_string()))
            .collect()
    }

    #[test]
    fn paste_chat_lines() {
        let text = "\
            stray first line\n\
            14:02 alice: pods pending\n\
            [14:03] bob: looking\n\
            \x20 still looking  \n\
            \n\
            14:05:33 - carol: found it | maybe\n\
            9:07 dave: early\n";
        assert_eq!(
            pasted(text, "Timeline (AEST — UTC+10)"),
            rows(&[
                ("14:02", "alice: pods pending"),
                ("14:03", "bob: looking still looking"),
                ("14:05:33", "carol: found it | maybe"),
                ("09:07", "dave: early"),
            ])
        );
    }

    #[test]
    fn paste_log_lines_convert_utc_into_the_timeline_zone() {
        let text = "\
            2031-05-04T13:58:10Z level=info msg=\"start\"\n\
            2031-05-04T14:01:00.123Z level=error msg=\"mount failed\"\n\
            2031-05-04T14:02:00+02:00 level=warn msg=\"other zone\"\n\
            goroutine dump follows\n";
        assert_eq!(
            pasted(text, "## Timeline (AEST — UTC+10)"),
            rows(&[
                ("2031-05-04 23:58", "level=info msg=\"start\""),
                ("2031-05-05 00:01", "level=error msg=\"mount failed\""),
                // Back on the earlier day: the date is written again.
                (
                    "2031-05-04 22:02",
                    "level=warn msg=\"other zone\" goroutine dump follows"
                ),
            ])
        );
        // India is UTC+5:30.
        assert_eq!(
            pasted("2031-05-04T20:00:00Z x", "Timeline (UTC+5:30)"),
            rows(&[("2031-05-05 01:30", "x")])
        );
    }

    #[test]
    fn paste_without_zone_offset_keeps_utc_and_says_so() {
        assert_eq!(
            pasted("2031-05-04T14:01:00Z boot", "Timeline"),
            rows(&[("2031-05-04 14:01 UTC", "boot")])
        );
        assert_eq!(
            pasted("[14:01 UTC] boot", "Timeline (AEST)"),
            rows(&[("14:01 UTC", "boot")])
        );
        assert_eq!(
            pasted("[14:01 UTC] boot", "Timeline (AEST - UTC+10)"),
            rows(&[("00:01", "boot")])
        );
    }

    #[test]
    fn paste_local_log_lines_are_kept_as_written() {
        let text = "\
            2031-05-04 14:01:00,123 INFO started\n\
            [2031-05-04 14:02:07] WARN slow\n\
            (14:03) note\n";
        assert_eq!(
            pasted(text, "Timeline (AEST — UTC+10)"),
            rows(&[
                ("2031-05-04 14:01", "INFO started"),
                ("14:02", "WARN slow"),
                ("14:03", "note"),
            ])
        );
    }

    #[test]
    fn paste_slack_style() {
        let text = "alice  [2:02 PM]\npods are pending\nbob [2:04 PM] on it\n";
        assert_eq!(
            pasted(text, "Timeline"),
            rows(&[
                ("14:02", "alice: pods are pending"),
                ("14:04", "bob: on it")
            ])
        );
    }

    #[test]
    fn paste_mid_line_times_are_not_stamps() {
        assert_eq!(
            pasted("meet at 14:00 please\nnote: 14:00 [x]", "Timeline"),
            rows(&[])
        );
        assert_eq!(pasted("14:02abc", "Timeline"), rows(&[]));
    }
}
