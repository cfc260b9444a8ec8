//! Plain log files read as [`Evidence`]: RFC 3164 syslog (`<34>Oct 11 22:14:15 host app[42]:
//! msg`, and without the `<PRI>` as in `/var/log/syslog`), RFC 5424 syslog (`<165>1
//! 2003-10-11T22:14:15.003Z host app 42 ID47 [sd] msg`) and ISO-8601-prefixed lines
//! (`2026-09-14T06:12:03+10:00 ...`, `2026-09-14 06:12:03,123 ERROR ...`, and with the stamp
//! in brackets, `[2026-09-14 06:12:03,123] ERROR ...`).
//!
//! A line that opens with a stamp starts a record; any other line continues the record before
//! it (a stack trace), joined with ` ⏎ ` so the event stays one line.
//!
//! RFC 3164 stamps carry neither year nor zone, and ISO stamps may carry no zone: the year is
//! the PIR's (`ctx.incident_date`; a December line in a January incident is the year before,
//! and the other way round), the zone `ctx.zone`, else UTC. [`read_noting`] returns those
//! assumptions as sentences beside the evidence, for the author to see; [`read`] is the same
//! without them. Both feed the text to a [`Stream`], which an import feeds a file's lines
//! one at a time, holding no more than the record being read (see
//! [`stream`](super::stream)).

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use super::stream::Keep;
use super::zone::Zone;
use super::{Evidence, ReadContext};
use crate::error::{CoreError, ErrorKind};

/// The source name on every row this reader makes.
const SOURCE: &str = "syslog";

/// How continuation lines are joined into the record's one-line event.
const JOIN: &str = " ⏎ ";

/// Past this many bytes a record takes no more continuation lines (a long stack trace is
/// shortened to its head, ending in ` …`).
const MAX_EVENT: usize = 500;

/// The syslog severity words, by the low three bits of PRI (RFC 5424 §6.2.1).
const SEVERITIES: [&str; 8] = [
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
];

/// Level words recognised right after an ISO stamp (`2026-... ERROR msg`), kept as written.
const LEVELS: [&str; 14] = [
    "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "CRIT", "CRITICAL",
    "FATAL", "ALERT", "EMERG", "SEVERE",
];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// True when the first non-blank line opens with a syslog or ISO-8601 stamp.
pub fn sniff(text: &str) -> bool {
    text.lines()
        .take(20)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| matches!(parse_head(l.trim_end_matches('\r')), Ok(Some(_))))
}

/// Reads a syslog or ISO-stamped log, one row per stamped line; see [`read_noting`].
///
/// # Errors
/// As [`read_noting`].
pub fn read(text: &str, ctx: &ReadContext) -> crate::Result<Vec<Evidence>> {
    read_noting(text, ctx).map(|(rows, _)| rows)
}

/// Reads a syslog or ISO-stamped log, and says what it assumed: one sentence per assumption
/// (the year taken for RFC 3164 stamps, the zone taken for stamps without one), empty when
/// every stamp was complete.
///
/// Severity is the syslog word of the `<PRI>` (`err`, `warning`), or the level word after an
/// ISO stamp (`ERROR`); events read `host app: message` (the pid and RFC 5424 structured data
/// left out) or, after an ISO stamp, the rest of the line. `last message repeated N times`
/// adds N to the count of the record before it.
///
/// # Errors
/// [`ErrorKind::Parse`] naming `ctx.file`, line and column when the first record has no stamp
/// (a file of another format), or a stamp or `<PRI>` is malformed (`Feb 30`, `<999>`);
/// [`ErrorKind::InvalidInput`] when an RFC 3164 stamp needs a year and `ctx.incident_date` is
/// none.
pub fn read_noting(text: &str, ctx: &ReadContext) -> crate::Result<(Vec<Evidence>, Vec<String>)> {
    let mut keep = Keep::all();
    let mut stream = Stream::new(ctx);
    for (i, line) in text.lines().enumerate() {
        stream.line(i + 1, line, &mut keep)?;
    }
    let notes = stream.finish(&mut keep);
    Ok((keep.rows, notes))
}

/// [`read_noting`] one line at a time: a record is handed to a [`Keep`] once the next record
/// starts (or the file ends), since continuation lines and `last message repeated` add to it
/// until then. Only that one record is held.
pub struct Stream<'c> {
    ctx: &'c ReadContext,
    zone: Zone,
    /// The record read last, still open to continuation lines.
    pending: Option<Evidence>,
    years: BTreeSet<i32>,
    zone_assumed: bool,
}

impl<'c> Stream<'c> {
    /// A reader of one file, described by `ctx`.
    pub fn new(ctx: &'c ReadContext) -> Self {
        Stream {
            ctx,
            zone: ctx.zone.unwrap_or_else(Zone::utc),
            pending: None,
            years: BTreeSet::new(),
            zone_assumed: false,
        }
    }

    /// Reads line `n` (1-based), handing the record before it to `keep` when it starts one.
    ///
    /// # Errors
    /// As [`read_noting`].
    pub fn line(&mut self, n: usize, raw: &str, keep: &mut Keep) -> crate::Result<()> {
        let ctx = self.ctx;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            return Ok(());
        }
        let head =
            parse_head(line).map_err(|(col, msg)| error(ctx, ErrorKind::Parse, n, col, &msg))?;
        let Some(head) = head else {
            let Some(last) = self.pending.as_mut() else {
                return Err(error(
                    ctx,
                    ErrorKind::Parse,
                    n,
                    1,
                    "not a log line: it should open with a time stamp",
                ));
            };
            continue_event(&mut last.event, line.trim());
            return Ok(());
        };
        if let (Some(extra), Some(last)) = (head.repeated, self.pending.as_mut()) {
            last.count = last.count.saturating_add(extra);
            return Ok(());
        }
        let time = match head.stamp {
            Stamp::Full(t) => t,
            Stamp::Local(local) => {
                self.zone_assumed = true;
                in_zone(self.zone, local)
                    .ok_or_else(|| error(ctx, ErrorKind::Parse, n, 1, "the time does not exist"))?
            }
            Stamp::NoYear { month, day, time } => {
                let Some(date) = ctx.incident_date else {
                    return Err(error(
                        ctx,
                        ErrorKind::InvalidInput,
                        n,
                        1,
                        "the syslog time has no year and the PIR has no date to take it from",
                    ));
                };
                let year = year_for(month, date);
                self.years.insert(year);
                self.zone_assumed = true;
                NaiveDate::from_ymd_opt(year, month, day)
                    .and_then(|d| in_zone(self.zone, d.and_time(time)))
                    .ok_or_else(|| {
                        error(
                            ctx,
                            ErrorKind::Parse,
                            n,
                            1,
                            &format!("{year} has no such day"),
                        )
                    })?
            }
        };
        let mut event = String::new();
        continue_event(&mut event, head.text.trim());
        let record = Evidence {
            time,
            event,
            source: SOURCE.to_string(),
            count: 1,
            severity: head.severity,
            key: None,
            original: head.original.to_string(),
            line: n,
        };
        if let Some(done) = self.pending.replace(record) {
            keep.push(done);
        }
        Ok(())
    }

    /// Hands the last record to `keep`, and says what was assumed (see [`read_noting`]).
    pub fn finish(mut self, keep: &mut Keep) -> Vec<String> {
        if let Some(done) = self.pending.take() {
            keep.push(done);
        }
        let mut notes = Vec::new();
        if !self.years.is_empty() {
            let list: Vec<String> = self.years.iter().map(i32::to_string).collect();
            notes.push(format!(
                "syslog times carry no year: {} taken from the PIR's date",
                list.join(" and ")
            ));
        }
        if self.zone_assumed {
            notes.push(match self.ctx.zone {
                Some(z) => format!("times without a zone read in {z}, the source's zone"),
                None => {
                    "times without a zone read as UTC: no zone was given for the source".to_string()
                }
            });
        }
        notes
    }
}

/// The time of a stamped line, complete or not.
enum Stamp {
    /// With date and offset.
    Full(DateTime<FixedOffset>),
    /// With a date but no offset (ISO without zone).
    Local(NaiveDateTime),
    /// RFC 3164: month, day and time only.
    NoYear {
        month: u32,
        day: u32,
        time: NaiveTime,
    },
}

/// What the first part of a stamped line says.
struct Head<'a> {
    stamp: Stamp,
    original: &'a str,
    severity: Option<String>,
    text: String,
    /// `last message repeated N times`: N, to add to the record before.
    repeated: Option<u32>,
}

/// Reads the head of `line`: `Ok(None)` when it opens with no stamp (a continuation line),
/// `Err((column, message))` when it opens like a record but is malformed.
fn parse_head(line: &str) -> Result<Option<Head<'_>>, (usize, String)> {
    let (pri, rest) = match pri(line) {
        Some((value, rest)) => {
            if value > 191 {
                return Err((2, format!("<{value}> is not a syslog priority (0 to 191)")));
            }
            (Some(value), rest)
        }
        None => (None, line),
    };
    let severity = pri.map(|p| SEVERITIES[(p % 8) as usize].to_string());
    // The 1-based column, in characters, where `s` (a slice of `line`) starts.
    let col = |s: &str| {
        let offset = (s.as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
        line.get(..offset).map_or(1, |h| h.chars().count() + 1)
    };
    // RFC 5424: `<PRI>VERSION SP TIMESTAMP SP HOST SP APP SP PROCID SP MSGID SP SD [SP MSG]`.
    if pri.is_some() {
        if let Some((version, after)) = rest.split_once(' ') {
            if !version.is_empty()
                && version.len() <= 2
                && version.bytes().all(|b| b.is_ascii_digit())
            {
                return rfc5424(after, severity, &col).map(Some);
            }
        }
    }
    // `[2026-09-14 06:12:03,123] ERROR ...` (log4j, Python): the stamp alone in brackets.
    let (bracketed, iso_rest) = match rest.strip_prefix('[') {
        Some(inner) => (true, inner),
        None => (false, rest),
    };
    let found = iso(iso_rest).map_err(|(at, m)| (col(at), m))?;
    let closed = |original: &str| {
        iso_rest
            .get(original.len()..)
            .is_some_and(|r| r.starts_with(']'))
    };
    if let Some((stamp, original, after)) = found.filter(|(_, o, _)| !bracketed || closed(o)) {
        let after = after.trim_start();
        let first = after.split_whitespace().next().unwrap_or("");
        let word = first.trim_matches(|c: char| matches!(c, '[' | ']' | ':' | '<' | '>'));
        let level = LEVELS.iter().any(|l| l.eq_ignore_ascii_case(word)) && !word.is_empty();
        // Without a level word the line is likely syslog with a precise stamp (rsyslog's
        // `2026-09-14T06:12:03.123+10:00 host app[42]: msg`): read its rest the same way.
        let (text, repeated) = if level {
            (after.to_string(), None)
        } else {
            rfc3164_body(after)
        };
        return Ok(Some(Head {
            stamp,
            original,
            severity: severity.or_else(|| level.then(|| word.to_string())),
            text,
            repeated,
        }));
    }
    let Some((month, day, time, original, after)) =
        rfc3164_stamp(rest).map_err(|(at, m)| (col(at), m))?
    else {
        return Ok(None);
    };
    let (text, repeated) = rfc3164_body(after);
    Ok(Some(Head {
        stamp: Stamp::NoYear { month, day, time },
        original,
        severity,
        text,
        repeated,
    }))
}

/// `<PRI>` at the start: its value and what follows.
fn pri(line: &str) -> Option<(u32, &str)> {
    let inner = line.strip_prefix('<')?;
    let end = inner.find('>')?;
    let digits = &inner[..end];
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, &inner[end + 1..]))
}

/// The RFC 5424 fields after the version.
fn rfc5424<'a>(
    s: &'a str,
    severity: Option<String>,
    col: &dyn Fn(&str) -> usize,
) -> Result<Head<'a>, (usize, String)> {
    let mut fields = s.splitn(6, ' ');
    let stamp = fields.next().unwrap_or("");
    let time = DateTime::parse_from_rfc3339(stamp).map_err(|_| {
        (
            col(stamp),
            format!("`{stamp}` is not an RFC 5424 time (`2026-09-14T06:12:03.5+10:00`)"),
        )
    })?;
    let nil = |f: Option<&'a str>| f.filter(|v| !v.is_empty() && *v != "-");
    let host = nil(fields.next());
    let app = nil(fields.next());
    let _procid = fields.next();
    let _msgid = fields.next();
    let rest = fields.next().unwrap_or("");
    let msg = skip_structured_data(rest)
        .ok_or_else(|| (col(rest), "the structured data is not closed".to_string()))?;
    let msg = msg.trim_start_matches('\u{feff}');
    let prefix: Vec<&str> = host.into_iter().chain(app).collect();
    let text = if prefix.is_empty() {
        msg.to_string()
    } else if msg.is_empty() {
        prefix.join(" ")
    } else {
        format!("{}: {msg}", prefix.join(" "))
    };
    Ok(Head {
        stamp: Stamp::Full(time),
        original: stamp,
        severity,
        text,
        repeated: None,
    })
}

/// What follows the structured data (`-` or `[id k="v"]...`), or none when a `[` is never
/// closed.
fn skip_structured_data(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_prefix('-') {
        return Some(rest.strip_prefix(' ').unwrap_or(rest));
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    while bytes.get(i) == Some(&b'[') {
        let mut quoted = false;
        i += 1;
        loop {
            match bytes.get(i)? {
                b'\\' if quoted => i += 1,
                b'"' => quoted = !quoted,
                b']' if !quoted => break,
                _ => {}
            }
            i += 1;
        }
        i += 1;
    }
    let rest = s.get(i..)?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// An ISO-8601 stamp at the start of `s` (`2026-09-14T06:12:03`, a space for the `T`,
/// fractional seconds after `.` or `,`, then `Z` or `±HH:MM` or `±HHMM` or nothing):
/// `Ok(None)` when `s` does not open with a date, `Err` when the date or time is impossible.
#[allow(clippy::type_complexity)]
fn iso(s: &str) -> Result<Option<(Stamp, &str, &str)>, (&str, String)> {
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| -> Option<u32> {
        let part = s.get(from..from + n)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let shape = b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ')
        && b[13] == b':'
        && b[16] == b':';
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(se)) = (
        digits(0, 4),
        digits(5, 2),
        digits(8, 2),
        digits(11, 2),
        digits(14, 2),
        digits(17, 2),
    ) else {
        return Ok(None);
    };
    if !shape {
        return Ok(None);
    }
    let mut end = 19;
    let mut nanos = 0u32;
    if matches!(b.get(end), Some(b'.' | b',')) && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        let start = end + 1;
        end = start;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let frac = &s[start..end.min(start + 9)];
        nanos = frac.parse::<u32>().unwrap_or(0) * 10u32.pow(9 - frac.len() as u32);
    }
    let date = NaiveDate::from_ymd_opt(y as i32, mo, d)
        .ok_or((s, format!("{} is not a date", &s[..10])))?;
    let time = NaiveTime::from_hms_nano_opt(h, mi, se, nanos)
        .ok_or((&s[11..], "the time is not valid".to_string()))?;
    let local = date.and_time(time);
    let mut offset = None;
    match b.get(end) {
        Some(b'Z' | b'z') => {
            offset = Some(0);
            end += 1;
        }
        Some(&sign @ (b'+' | b'-')) => {
            let (hh, mm, len) = match (
                digits(end + 1, 2),
                b.get(end + 3),
                digits(end + 4, 2),
                digits(end + 3, 2),
            ) {
                (Some(hh), Some(b':'), Some(mm), _) => (hh, mm, 6),
                (Some(hh), _, _, Some(mm)) => (hh, mm, 5),
                _ => (0, 0, 0),
            };
            if len > 0 {
                let secs = (hh * 3600 + mm * 60) as i32;
                offset = Some(if sign == b'-' { -secs } else { secs });
                end += len;
            }
        }
        _ => {}
    }
    if b.get(end)
        .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b']' | b':' | b'|'))
    {
        return Ok(None);
    }
    let original = &s[..end];
    let after = s[end..].trim_start_matches([']', ':']);
    let stamp = match offset {
        Some(secs) => {
            let z = FixedOffset::east_opt(secs)
                .ok_or((&s[19..], "the offset is out of range".to_string()))?;
            Stamp::Full(
                in_zone(Zone::Fixed(z), local).ok_or((s, "the time does not exist".to_string()))?,
            )
        }
        None => Stamp::Local(local),
    };
    Ok(Some((stamp, original, after)))
}

/// An RFC 3164 stamp `Mmm dd hh:mm:ss` (day padded with a space) at the start of `s`.
#[allow(clippy::type_complexity)]
fn rfc3164_stamp(s: &str) -> Result<Option<(u32, u32, NaiveTime, &str, &str)>, (&str, String)> {
    let Some(month) = MONTHS.iter().position(|m| s.starts_with(m)) else {
        return Ok(None);
    };
    let b = s.as_bytes();
    if b.len() < 15
        || b[3] != b' '
        || b[6] != b' '
        || b[9] != b':'
        || b[12] != b':'
        || !s.is_char_boundary(15)
    {
        return Ok(None);
    }
    let day_text = s[4..6].trim_start();
    let num = |t: &str| {
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    let (Some(day), Some(h), Some(m), Some(sec)) = (
        num(day_text),
        num(&s[7..9]),
        num(&s[10..12]),
        num(&s[13..15]),
    ) else {
        return Ok(None);
    };
    if !(1..=31).contains(&day) {
        return Err((&s[4..], format!("{} is not a day", day)));
    }
    let time =
        NaiveTime::from_hms_opt(h, m, sec).ok_or((&s[7..], "the time is not valid".to_string()))?;
    if b.get(15).is_some_and(|c| !c.is_ascii_whitespace()) {
        return Ok(None);
    }
    Ok(Some((month as u32 + 1, day, time, &s[..15], &s[15..])))
}

/// `host app[pid]: message` turned into `host app: message`, and the N of `last message
/// repeated N times` (and rsyslog's `message repeated N times: [...]`).
fn rfc3164_body(s: &str) -> (String, Option<u32>) {
    let s = s.trim_start();
    let (host, rest) = match s.split_once(' ') {
        // A first word ending in `:` is the tag: the sender left out the host.
        Some((first, _)) if first.ends_with(':') => ("", s),
        Some((h, r)) => (h, r),
        None => return (s.to_string(), None),
    };
    let repeated = rest
        .strip_prefix("last message repeated ")
        .or_else(|| rest.strip_prefix("message repeated "))
        .and_then(|r| r.split_once(" time"))
        .and_then(|(n, _)| n.parse::<u32>().ok());
    if repeated.is_some() {
        return (String::new(), repeated);
    }
    let (tag, msg) = match rest.split_once(' ') {
        Some((t, m)) if t.ends_with(':') => (t.trim_end_matches(':'), m),
        _ if rest.ends_with(':') && !rest.contains(' ') => (rest.trim_end_matches(':'), ""),
        _ => ("", rest),
    };
    let app = tag.split_once('[').map_or(tag, |(a, _)| a);
    let prefix: Vec<&str> = [host, app].into_iter().filter(|p| !p.is_empty()).collect();
    let text = match (prefix.is_empty(), msg.trim().is_empty()) {
        (true, _) => msg.to_string(),
        (false, true) => prefix.join(" "),
        // No tag: the line had no `:` to keep, so none is added.
        (false, false) if app.is_empty() => format!("{host} {}", msg.trim()),
        (false, false) => format!("{}: {}", prefix.join(" "), msg.trim()),
    };
    (text, None)
}

/// The year of a month-and-day stamp in an incident dated `date`: the PIR's year, or the
/// one before (after) when the month is more than six months after (before) the PIR's.
fn year_for(month: u32, date: NaiveDate) -> i32 {
    let (m, im) = (month as i32, date.month() as i32);
    if m - im > 6 {
        date.year() - 1
    } else if im - m > 6 {
        date.year() + 1
    } else {
        date.year()
    }
}

/// A local time in `zone`, with the offset in force then (see [`Zone::local`]).
fn in_zone(zone: Zone, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    zone.local(local)
}

/// Appends one line of text to a record's event, ` ⏎ `-joined and [`printable`], stopping at
/// [`MAX_EVENT`].
pub(crate) fn continue_event(event: &mut String, line: &str) {
    if line.is_empty() || event.ends_with(" …") {
        return;
    }
    if event.len() > MAX_EVENT {
        event.push_str(" …");
        return;
    }
    if !event.is_empty() {
        event.push_str(JOIN);
    }
    event.push_str(&printable(line));
}

/// `text` with terminal colour sequences (`ESC[31m`) dropped and other control characters
/// (tabs, a stray carriage return) turned into spaces, so an event stays one plain line.
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: `ESC [`, parameters, then one final byte in `@`..=`~`.
            if chars.clone().next() == Some('[') {
                chars.next();
                for f in chars.by_ref() {
                    if ('@'..='~').contains(&f) {
                        break;
                    }
                }
            }
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// A read error of `kind` in `ctx.file` at line `n`, column `col`.
fn error(ctx: &ReadContext, kind: ErrorKind, n: usize, col: usize, msg: &str) -> CoreError {
    CoreError::new(kind, msg).with_path(&ctx.file).at(n, col)
}
