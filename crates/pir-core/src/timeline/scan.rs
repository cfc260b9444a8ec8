//! Character-level readers shared by the time column, headings and pasted lines: dates,
//! clock times, `AM`/`PM`, UTC offsets and zone abbreviations.
//!
//! They work on a `&[char]` and an index so that a reader can try one at a position and move
//! on; each returns what it read and the index after it, or `None` without consuming anything.

use chrono::NaiveDate;

use super::ClockTime;

/// `**...**` (or `__...__`) around the whole cell.
pub(super) fn is_bold(text: &str) -> bool {
    text.len() >= 4
        && ((text.starts_with("**") && text.ends_with("**"))
            || (text.starts_with("__") && text.ends_with("__")))
}

/// A time zone abbreviation as timelines write them: `AEST`, `UTC`, `PST`, `NZDT`.
///
/// Upper-case, three to five letters, ending in `T` (or `UTC`). The `T` keeps placeholders
/// (`HH`, `MM`) and notes (`TBD`) from passing as zones.
pub(super) fn is_zone_abbrev(word: &str) -> bool {
    (3..=5).contains(&word.len())
        && word.bytes().all(|b| b.is_ascii_uppercase())
        && (word.ends_with('T') || word == "UTC")
}

/// `UTC`, `UTC+10`, `UTC+5:30`, `UTC-8`.
pub(super) fn offset_label(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let (hours, mins) = (minutes.abs() / 60, minutes.abs() % 60);
    match (hours, mins) {
        (0, 0) => "UTC".to_string(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

pub(super) fn digit_at(c: &[char], i: usize) -> bool {
    c.get(i).is_some_and(char::is_ascii_digit)
}

/// The number written by exactly `n` ASCII digits at `i`.
pub(super) fn number_at(c: &[char], i: usize, n: usize) -> Option<u32> {
    c.get(i..i.checked_add(n)?)?
        .iter()
        .try_fold(0u32, |acc, ch| Some(acc * 10 + ch.to_digit(10)?))
}

pub(super) fn skip_spaces(c: &[char], mut i: usize) -> usize {
    while c.get(i).is_some_and(|ch| ch.is_whitespace()) {
        i += 1;
    }
    i
}

pub(super) fn word_end(c: &[char], mut i: usize) -> usize {
    while c.get(i).is_some_and(|ch| ch.is_alphabetic()) {
        i += 1;
    }
    i
}

/// `YYYY-MM-DD` at `i`, not inside a longer number; returns the date and the index after it.
pub(super) fn date_at(c: &[char], i: usize) -> Option<(NaiveDate, usize)> {
    if i > 0 && digit_at(c, i - 1) {
        return None;
    }
    let year = number_at(c, i, 4)?;
    if c.get(i + 4) != Some(&'-') || c.get(i + 7) != Some(&'-') || digit_at(c, i + 10) {
        return None;
    }
    let month = number_at(c, i + 5, 2)?;
    let day = number_at(c, i + 8, 2)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some((date, i + 10))
}

/// `H:MM`, `HH:MM`, `HH:MM:SS` (with `.123` fractions) and an optional `AM`/`PM` at `i`, not
/// inside a longer number; returns the time and the index after it.
pub(super) fn clock_at(c: &[char], i: usize) -> Option<(ClockTime, usize)> {
    if i > 0 && digit_at(c, i - 1) {
        return None;
    }
    let hour_len = if digit_at(c, i + 1) { 2 } else { 1 };
    let mut hour = number_at(c, i, hour_len)?;
    let mut j = i + hour_len;
    if c.get(j) != Some(&':') {
        return None;
    }
    let minute = number_at(c, j + 1, 2)?;
    j += 3;
    let mut second = None;
    if c.get(j) == Some(&':') && !digit_at(c, j + 3) {
        if let Some(s) = number_at(c, j + 1, 2) {
            second = Some(s);
            j += 3;
            if matches!(c.get(j), Some('.' | ',')) && digit_at(c, j + 1) {
                j += 1;
                while digit_at(c, j) {
                    j += 1;
                }
            }
        }
    }
    if digit_at(c, j) {
        return None;
    }
    if let Some((pm, next)) = meridiem_at(c, j) {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
        j = next;
    }
    if hour > 23 || minute > 59 || second.is_some_and(|s| s > 59) {
        return None;
    }
    let time = ClockTime {
        hour: u8::try_from(hour).ok()?,
        minute: u8::try_from(minute).ok()?,
        second: second.and_then(|s| u8::try_from(s).ok()),
    };
    Some((time, j))
}

/// ` AM`, `pm`, `a.m.` at `i` (one space allowed before); `Some(true)` for PM.
pub(super) fn meridiem_at(c: &[char], i: usize) -> Option<(bool, usize)> {
    let i = if c.get(i) == Some(&' ') { i + 1 } else { i };
    let pm = match c.get(i)?.to_ascii_lowercase() {
        'a' => false,
        'p' => true,
        _ => return None,
    };
    let mut j = i + 1;
    if c.get(j) == Some(&'.') {
        j += 1;
    }
    if !c.get(j).is_some_and(|ch| ch.eq_ignore_ascii_case(&'m')) {
        return None;
    }
    j += 1;
    if c.get(j) == Some(&'.') {
        j += 1;
    }
    if c.get(j).is_some_and(|ch| ch.is_alphanumeric()) {
        return None;
    }
    Some((pm, j))
}

/// A UTC offset at `i`: `Z`, `+10`, `+10:00`, `+1000`, `-8`, `+5:30` (also `−`, and spaces
/// around the sign as in `UTC + 10`); returns minutes east of UTC and the index after it.
pub(super) fn offset_at(c: &[char], i: usize) -> Option<(i32, usize)> {
    if matches!(c.get(i), Some('Z' | 'z')) && !c.get(i + 1).is_some_and(|ch| ch.is_alphanumeric()) {
        return Some((0, i + 1));
    }
    let s = skip_spaces(c, i);
    let sign = match c.get(s)? {
        '+' => 1,
        '-' | '−' => -1,
        _ => return None,
    };
    let h = skip_spaces(c, s + 1);
    let hour_len = if digit_at(c, h + 1) { 2 } else { 1 };
    let hours = number_at(c, h, hour_len)?;
    let mut j = h + hour_len;
    let mut minutes = 0;
    let colon = usize::from(c.get(j) == Some(&':'));
    if let Some(m) = number_at(c, j + colon, 2) {
        minutes = m;
        j += colon + 2;
    }
    if digit_at(c, j) || hours > 14 || minutes > 59 {
        return None;
    }
    let total = i32::try_from(hours * 60 + minutes).ok()?;
    Some((sign * total, j))
}
