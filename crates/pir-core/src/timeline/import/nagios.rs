//! Nagios and Icinga logs (`nagios.log`, Icinga 1 and Icinga 2's compat `icinga.log`, and the
//! state changes of Icinga 2's own `icinga2.log`) read as [`Evidence`].
//!
//! A Nagios log line is `[EPOCH] KIND: field;field;...`. The lines that matter for a timeline:
//!
//! - `SERVICE ALERT: host;service;STATE;HARD|SOFT;attempt;output`
//! - `HOST ALERT: host;STATE;HARD|SOFT;attempt;output`
//! - `SERVICE NOTIFICATION: contact;host;service;STATE;command;output`
//! - `HOST NOTIFICATION: contact;host;STATE;command;output`
//!
//! A notification is not a row of its own: it is folded into the alert it reports (the latest
//! alert of that host or service in that state), which counts it and names who was notified.
//! Notifications that report no alert state (`ACKNOWLEDGEMENT (CRITICAL)`, `CUSTOM (...)`,
//! `FLAPPINGSTART (...)`) are rows of their own, folded per contact the same way. Other kinds
//! (`CURRENT SERVICE STATE`, `LOG ROTATION`, external commands, ...) are not events and are
//! skipped. Icinga 2's `[2026-09-14 06:12:03 +0000] notice/Checkable: State Change: Checkable
//! 'host!service' hard state change from OK to CRITICAL detected.` lines are alerts without
//! plugin output; its other lines are skipped.
//!
//! Epoch stamps are instants: they are shown in `ctx.zone`, else UTC, and nothing is assumed.
//!
//! [`read`] feeds the text to a [`Stream`], which an import feeds a file's lines one at a
//! time, keeping only the alerts in the window (see [`stream`](super::stream)).

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};

use super::stream::Keep;
use super::syslog::printable;
use super::zone::Zone;
use super::{Evidence, ReadContext};
use crate::error::{CoreError, ErrorKind};

/// The source name on every row this reader makes.
const SOURCE: &str = "nagios";

/// True when the first non-blank line looks like a Nagios or Icinga log line, so a file can
/// be recognised without reading it all.
pub fn sniff(text: &str) -> bool {
    let Some(line) = text.lines().take(20).find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let line = line.trim_end_matches('\r');
    match split_stamp(line) {
        Some((stamp, rest)) => {
            if stamp.bytes().all(|b| b.is_ascii_digit()) {
                rest.split_once(": ").is_some_and(|(kind, _)| {
                    kind.bytes().all(|b| b.is_ascii_uppercase() || b == b' ')
                })
            } else {
                icinga2_stamp(stamp).is_some()
                    && rest
                        .split_once('/')
                        .is_some_and(|(lvl, _)| lvl.bytes().all(|b| b.is_ascii_lowercase()))
            }
        }
        None => false,
    }
}

/// Reads a Nagios or Icinga log: one row per alert (and per acknowledgement or custom
/// notification), notifications folded into their alert, SOFT states left out when
/// `ctx.only_hard` is set.
///
/// Severity is the state word (`CRITICAL`, `DOWN`, `OK`); the key is `host/service/STATE`
/// (`host/STATE` for a host), so the same alert read twice merges.
///
/// # Errors
/// [`ErrorKind::Parse`] naming `ctx.file`, the line and the column when a line does not open
/// with a `[stamp]`, or an alert or notification line lacks fields or has a bad state type or
/// attempt number.
pub fn read(text: &str, ctx: &ReadContext) -> crate::Result<Vec<Evidence>> {
    let mut keep = Keep::all();
    let mut stream = Stream::new(ctx);
    for (i, line) in text.lines().enumerate() {
        stream.line(i + 1, line, &mut keep)?;
    }
    stream.finish(&mut keep);
    Ok(keep.rows)
}

/// [`read`] one line at a time: each alert is handed to a [`Keep`] as it is read (and left
/// out there when outside the window); what is held until the end is the kept rows'
/// notified contacts and, for every host or service and state, whether its latest alert was
/// kept, so a later notification folds into it or is left out with it.
pub struct Stream<'c> {
    ctx: &'c ReadContext,
    zone: Zone,
    rows: Rows,
}

impl<'c> Stream<'c> {
    /// A reader of one file, described by `ctx`.
    pub fn new(ctx: &'c ReadContext) -> Self {
        Stream {
            ctx,
            zone: ctx.zone.unwrap_or_else(Zone::utc),
            rows: Rows::default(),
        }
    }

    /// Reads line `n` (1-based).
    ///
    /// # Errors
    /// As [`read`].
    pub fn line(&mut self, n: usize, raw: &str, keep: &mut Keep) -> crate::Result<()> {
        let (ctx, zone) = (self.ctx, self.zone);
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            return Ok(());
        }
        let err = |at: &str, msg: &str| parse_error(ctx, n, line, at, msg);
        let Some((stamp, rest)) = split_stamp(line) else {
            return Err(err(
                line,
                "not a Nagios or Icinga log line: it should open with `[time]`",
            ));
        };
        let time = if stamp.bytes().all(|b| b.is_ascii_digit()) {
            stamp
                .parse::<i64>()
                .ok()
                .and_then(|s| DateTime::from_timestamp(s, 0))
                .map(|t| zone.at(&t))
                .ok_or_else(|| err(stamp, "the time is out of range"))?
        } else if let Some(t) = icinga2_stamp(stamp) {
            if let Some(change) = icinga2_change(rest) {
                if ctx.only_hard && !change.hard {
                    return Ok(());
                }
                let kind = if change.hard { "HARD" } else { "SOFT" };
                let text = format!("was {}", change.from);
                let at = Stamp {
                    line: n,
                    time: t,
                    original: stamp,
                };
                self.rows
                    .alert(keep, &at, &change.object, change.to, kind, &text);
            }
            return Ok(());
        } else {
            return Err(err(
                stamp,
                "not a Nagios time (seconds since 1970) nor an Icinga 2 one",
            ));
        };
        let Some((kind, body)) = rest.split_once(": ") else {
            return Ok(()); // `LOG ROTATION: DAILY` has one; `Auto-save of retention data` has none.
        };
        match kind {
            "SERVICE ALERT" | "HOST ALERT" => {
                let service = kind == "SERVICE ALERT";
                let want = if service { 6 } else { 5 };
                let f: Vec<&str> = body.splitn(want, ';').collect();
                if f.len() < want - 1 {
                    return Err(err(
                        body,
                        &format!("a {kind} needs {} `;`-separated fields", want - 1),
                    ));
                }
                let (object, s) = if service {
                    (format!("{}/{}", f[0], f[1]), 2)
                } else {
                    (f[0].to_string(), 1)
                };
                let (state, state_type, attempt) = (f[s], f[s + 1], f[s + 2]);
                if state.is_empty() {
                    return Err(err(state, "the state is empty"));
                }
                if state_type != "HARD" && state_type != "SOFT" {
                    return Err(err(state_type, "the state type should be HARD or SOFT"));
                }
                if attempt.is_empty() || !attempt.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(err(attempt, "the attempt should be a number"));
                }
                if ctx.only_hard && state_type == "SOFT" {
                    return Ok(());
                }
                let output = f.get(s + 3).copied().unwrap_or("").trim();
                let kind_text = if state_type == "SOFT" {
                    format!("SOFT, attempt {attempt}")
                } else {
                    "HARD".to_string()
                };
                let at = Stamp {
                    line: n,
                    time,
                    original: stamp,
                };
                self.rows
                    .alert(keep, &at, &object, state, &kind_text, output);
            }
            "SERVICE NOTIFICATION" | "HOST NOTIFICATION" => {
                let service = kind == "SERVICE NOTIFICATION";
                let want = if service { 6 } else { 5 };
                let f: Vec<&str> = body.splitn(want, ';').collect();
                if f.len() < want - 1 {
                    return Err(err(
                        body,
                        &format!("a {kind} needs {} `;`-separated fields", want - 1),
                    ));
                }
                let contact = f[0];
                let (object, s) = if service {
                    (format!("{}/{}", f[1], f[2]), 3)
                } else {
                    (f[1].to_string(), 2)
                };
                let state = f[s];
                if state.is_empty() {
                    return Err(err(state, "the notification type is empty"));
                }
                let output = f.get(s + 2).copied().unwrap_or("").trim();
                let at = Stamp {
                    line: n,
                    time,
                    original: stamp,
                };
                self.rows.notify(keep, &at, &object, state, contact, output);
            }
            _ => {}
        }
        Ok(())
    }

    /// Words the kept rows' events, naming who was notified.
    pub fn finish(self, keep: &mut Keep) {
        for (i, notified) in self.rows.mine {
            if let Some(e) = keep.rows.get_mut(i) {
                let event = if notified.is_empty() {
                    std::mem::take(&mut e.event)
                } else {
                    format!("{} (notified {})", e.event, notified.join(", "))
                };
                e.event = printable(&event);
            }
        }
    }
}

/// Where a log record stands: its line, its time and the stamp as written.
struct Stamp<'a> {
    line: usize,
    time: DateTime<FixedOffset>,
    original: &'a str,
}

/// For each (object, state) the latest row in that state, which later notifications of it
/// fold into: its index among the kept rows, or none when it was left out; and the rows this
/// file added to the kept ones, with the contacts their notifications went to.
#[derive(Default)]
struct Rows {
    latest: HashMap<(String, String), Option<usize>>,
    mine: Vec<(usize, Vec<String>)>,
}

impl Rows {
    /// Adds one alert row (`object STATE (kind): output`) and makes it the one later
    /// notifications of that object and state fold into.
    fn alert(
        &mut self,
        keep: &mut Keep,
        at: &Stamp<'_>,
        object: &str,
        state: &str,
        kind: &str,
        output: &str,
    ) {
        let mut event = format!("{object} {state} ({kind})");
        if !output.is_empty() {
            event.push_str(": ");
            event.push_str(output);
        }
        let kept = keep.push(Evidence {
            time: at.time,
            event,
            source: SOURCE.to_string(),
            count: 1,
            severity: Some(state.to_string()),
            key: Some(format!("{object}/{state}")),
            original: at.original.to_string(),
            line: at.line,
        });
        self.added(kept, Vec::new());
        self.latest.insert(
            (object.to_string(), state.to_string()),
            kept.map(|_| self.mine.len() - 1),
        );
    }

    /// Folds a notification into the row it reports, or adds a row for a notification that
    /// reports no alert (an acknowledgement, a custom note, flapping or downtime).
    fn notify(
        &mut self,
        keep: &mut Keep,
        at: &Stamp<'_>,
        object: &str,
        state: &str,
        contact: &str,
        output: &str,
    ) {
        let slot = (object.to_string(), state.to_string());
        match self.latest.get(&slot) {
            Some(Some(mine)) => {
                let (i, notified) = &mut self.mine[*mine];
                if let Some(row) = keep.rows.get_mut(*i) {
                    row.count = row.count.saturating_add(1);
                }
                if !contact.is_empty() && !notified.iter().any(|c| c == contact) {
                    notified.push(contact.to_string());
                }
                return;
            }
            // Its alert was left out (outside the window): so is the notification.
            Some(None) => return,
            None => {}
        }
        // `ACKNOWLEDGEMENT (CRITICAL)`: the word, and the state it concerns.
        let (word, inner) = match state.split_once(" (") {
            Some((w, rest)) => (w, rest.trim_end_matches(')')),
            None => (state, state),
        };
        let event = if word == "ACKNOWLEDGEMENT" || word == "CUSTOM" {
            // These carry `output;author;comment` after the command.
            let mut parts = output.rsplitn(3, ';');
            let (comment, author) = (parts.next().unwrap_or(""), parts.next());
            let verb = if word == "ACKNOWLEDGEMENT" {
                "acknowledged"
            } else {
                "note"
            };
            match author {
                Some(a) if !a.is_empty() => {
                    format!("{object} {inner} {verb} by {a}: {}", comment.trim())
                }
                _ => format!("{object} {state}: {output}"),
            }
        } else if output.is_empty() {
            format!("{object} {state}")
        } else {
            format!("{object} {state}: {output}")
        };
        let kept = keep.push(Evidence {
            time: at.time,
            event: event.trim_end_matches([':', ' ']).to_string(),
            source: SOURCE.to_string(),
            count: 1,
            severity: Some(inner.to_string()),
            key: Some(format!("{object}/{word}")),
            original: at.original.to_string(),
            line: at.line,
        });
        let notified = if contact.is_empty() {
            Vec::new()
        } else {
            vec![contact.to_string()]
        };
        self.added(kept, notified);
        self.latest.insert(slot, kept.map(|_| self.mine.len() - 1));
    }

    /// Notes a row this file added to the kept ones (at `kept`, when it was kept).
    fn added(&mut self, kept: Option<usize>, notified: Vec<String>) {
        if let Some(i) = kept {
            self.mine.push((i, notified));
        }
    }
}

/// `[stamp] rest` split into the stamp (without brackets) and the rest.
fn split_stamp(line: &str) -> Option<(&str, &str)> {
    let inner = line.strip_prefix('[')?;
    let (stamp, rest) = inner.split_once(']')?;
    Some((stamp, rest.strip_prefix(' ').unwrap_or(rest)))
}

/// Icinga 2's stamp, `2026-09-14 06:12:03 +0000`.
fn icinga2_stamp(stamp: &str) -> Option<DateTime<FixedOffset>> {
    let mut parts = stamp.split(' ');
    let (d, t, z) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || z.len() != 5 || !z.is_char_boundary(3) {
        return None;
    }
    let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(t, "%H:%M:%S").ok()?;
    let sign = match z.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours: i32 = z[1..3].parse().ok()?;
    let minutes: i32 = z[3..].parse().ok()?;
    let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?;
    offset.from_local_datetime(&date.and_time(time)).single()
}

/// An Icinga 2 state change read from its log message.
struct Change<'a> {
    object: String,
    hard: bool,
    from: &'a str,
    to: &'a str,
}

/// `notice/Checkable: State Change: Checkable 'web01!http' hard state change from OK to
/// CRITICAL detected.` (older versions leave out the quotes).
fn icinga2_change(rest: &str) -> Option<Change<'_>> {
    let (_, after) = rest.split_once("State Change: Checkable ")?;
    let (name, hard, tail) = if let Some((n, t)) = after.split_once(" hard state change from ") {
        (n, true, t)
    } else {
        let (n, t) = after.split_once(" soft state change from ")?;
        (n, false, t)
    };
    let (from, tail) = tail.split_once(" to ")?;
    let to = tail.split_once(" detected").map_or(tail, |(s, _)| s).trim();
    let name = name.trim_matches('\'');
    Some(Change {
        object: name.replace('!', "/"),
        hard,
        from,
        to,
    })
}

/// A parse error at the start of `at` (a slice of `line`) on line `n`.
fn parse_error(ctx: &ReadContext, n: usize, line: &str, at: &str, msg: &str) -> CoreError {
    let offset = (at.as_ptr() as usize)
        .saturating_sub(line.as_ptr() as usize)
        .min(line.len());
    let column = line.get(..offset).map_or(1, |s| s.chars().count() + 1);
    CoreError::new(ErrorKind::Parse, msg)
        .with_path(&ctx.file)
        .at(n, column)
}
