//! The systemd journal as `journalctl -o json` writes it (one JSON object per line; the
//! multi-line `-o json-pretty` reads the same) read as [`Evidence`].
//!
//! Fields used: `__REALTIME_TIMESTAMP` (microseconds since 1970, as a string), `MESSAGE` (a
//! string; a byte array when it is not valid UTF-8, shown lossily; `null` when journalctl left
//! out a large value), `_SYSTEMD_UNIT`, else `SYSLOG_IDENTIFIER`, else `_COMM` as the event's
//! prefix, and `PRIORITY` (0 to 7) as the syslog severity word. Every other field is ignored.
//! The stamps are instants: they are shown in `ctx.zone`, else UTC.
//!
//! [`read`] feeds the text to a [`Stream`], which an import feeds a file's lines one at a
//! time, holding only the entry being read (see [`stream`](super::stream)).

use chrono::DateTime;
use serde_json::{Map, Value};

use super::stream::{Keep, MAX_LINE_BYTES};
use super::syslog::continue_event;
use super::zone::Zone;
use super::{Evidence, ReadContext};
use crate::error::{CoreError, ErrorKind};

/// The source name on every row this reader makes.
const SOURCE: &str = "journal";

/// The syslog severity words, by `PRIORITY`.
const SEVERITIES: [&str; 8] = [
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
];

/// How much of the file [`sniff`] looks at.
const SNIFF_BYTES: usize = 4096;

/// True when the file opens with a JSON object holding journal fields (`__CURSOR`,
/// `__REALTIME_TIMESTAMP`) in its first few kilobytes.
pub fn sniff(text: &str) -> bool {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    head.trim_start().starts_with('{')
        && (head.contains("\"__REALTIME_TIMESTAMP\"") || head.contains("\"__CURSOR\""))
}

/// Reads journal entries, one row each: `unit: message`, severity from `PRIORITY`, the row's
/// line the line its object starts on. A multi-line message is joined with ` ⏎ `.
///
/// # Errors
/// [`ErrorKind::Parse`] naming `ctx.file` and the line (and column, for broken JSON) when the
/// text is not JSON, an entry is not an object, or it has no usable `__REALTIME_TIMESTAMP`.
pub fn read(text: &str, ctx: &ReadContext) -> crate::Result<Vec<Evidence>> {
    let mut keep = Keep::all();
    let mut stream = Stream::new(ctx);
    for (i, line) in text.lines().enumerate() {
        stream.line(i + 1, line, &mut keep)?;
    }
    stream.finish(&mut keep)?;
    Ok(keep.rows)
}

/// [`read`] one line at a time: an entry is parsed as soon as its last line is read (one
/// line for `-o json`, several for `-o json-pretty`), so only the entry being read is held,
/// up to [`MAX_LINE_BYTES`].
pub struct Stream<'c> {
    ctx: &'c ReadContext,
    zone: Zone,
    /// The text of the entry being read, from its first character.
    entry: String,
    /// The line and column (0-based, in characters) its first character is at.
    start: (usize, usize),
    /// Where the entry's text stands: how deep in brackets, and inside a string or not.
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl<'c> Stream<'c> {
    /// A reader of one file, described by `ctx`.
    pub fn new(ctx: &'c ReadContext) -> Self {
        Stream {
            ctx,
            zone: ctx.zone.unwrap_or_else(Zone::utc),
            entry: String::new(),
            start: (0, 0),
            depth: 0,
            in_string: false,
            escaped: false,
        }
    }

    /// Reads line `n` (1-based), handing every entry it ends to `keep`.
    ///
    /// # Errors
    /// As [`read`], and [`ErrorKind::TooLarge`] for an entry over [`MAX_LINE_BYTES`].
    pub fn line(&mut self, n: usize, line: &str, keep: &mut Keep) -> crate::Result<()> {
        let mut rest = line;
        let mut column = 0usize;
        loop {
            if self.entry.is_empty() {
                let trimmed = rest.trim_start();
                column += rest[..rest.len() - trimmed.len()].chars().count();
                rest = trimmed;
                if rest.is_empty() {
                    return Ok(());
                }
                self.start = (n, column);
                if !rest.starts_with(['{', '[']) {
                    // Not an object or array: whatever values the rest of the line holds,
                    // each read (and refused) as an entry.
                    self.entry.push_str(rest);
                    return self.values(keep);
                }
            }
            match self.scan(rest) {
                Some(end) => {
                    self.entry.push_str(&rest[..end]);
                    column += rest[..end].chars().count();
                    rest = &rest[end..];
                    self.values(keep)?;
                }
                None => {
                    self.entry.push_str(rest);
                    self.entry.push('\n');
                    if self.in_string {
                        // JSON strings hold no line breaks: the entry is broken here.
                        return self.values(keep);
                    }
                    if self.entry.len() > MAX_LINE_BYTES {
                        return Err(CoreError::new(
                            ErrorKind::TooLarge,
                            format!(
                                "the journal entry is longer than {} MB",
                                MAX_LINE_BYTES / (1024 * 1024)
                            ),
                        )
                        .with_path(&self.ctx.file)
                        .at_line(self.start.0));
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Reads the entry the file ends in the middle of, if any (an error: the file is cut).
    ///
    /// # Errors
    /// As [`read`].
    pub fn finish(mut self, keep: &mut Keep) -> crate::Result<()> {
        if self.entry.trim().is_empty() {
            return Ok(());
        }
        self.values(keep)
    }

    /// Follows the brackets and strings of `text`, which continues the entry: the byte
    /// offset just past the bracket that closes it, when `text` holds it.
    fn scan(&mut self, text: &str) -> Option<usize> {
        for (i, b) in text.bytes().enumerate() {
            if self.in_string {
                match b {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Reads the values of the entry's text as entries, and starts the next entry.
    fn values(&mut self, keep: &mut Keep) -> crate::Result<()> {
        let text = std::mem::take(&mut self.entry);
        (self.depth, self.in_string, self.escaped) = (0, false, false);
        let (line, column) = self.start;
        let mut stream = serde_json::Deserializer::from_str(&text).into_iter::<Value>();
        let mut counted_to = 0usize;
        let mut at_line = line;
        loop {
            let start = stream.byte_offset();
            let Some(next) = stream.next() else {
                return Ok(());
            };
            let value = next.map_err(|e| {
                let (l, c) = super::json::json_position(&text, &e);
                let c = if l == 1 { column + c } else { c };
                CoreError::new(
                    ErrorKind::Parse,
                    format!("not journal JSON: {}", super::json::json_message(&e)),
                )
                .with_path(&self.ctx.file)
                .at(line + l - 1, c)
            })?;
            let tail = text.get(start..).unwrap_or("");
            let begin = start + (tail.len() - tail.trim_start().len());
            at_line += text
                .get(counted_to..begin)
                .map_or(0, |s| s.matches('\n').count());
            counted_to = begin;
            keep.push(self.entry(value, at_line)?);
        }
    }

    /// One journal entry read from `value`, which starts on line `line`.
    fn entry(&self, value: Value, line: usize) -> crate::Result<Evidence> {
        let ctx = self.ctx;
        let err = |msg: &str| {
            CoreError::new(ErrorKind::Parse, msg)
                .with_path(&ctx.file)
                .at_line(line)
        };
        let Value::Object(entry) = value else {
            return Err(err(
                "a journal entry should be a JSON object (journalctl -o json)",
            ));
        };
        let stamp = match entry.get("__REALTIME_TIMESTAMP") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(err("the entry has no __REALTIME_TIMESTAMP")),
        };
        let time = stamp
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_micros)
            .ok_or_else(|| {
                err(&format!(
                    "__REALTIME_TIMESTAMP `{stamp}` is not microseconds since 1970"
                ))
            })?;
        let time = self.zone.at(&time);
        let severity = field(&entry, "PRIORITY")
            .and_then(|p| p.trim().parse::<usize>().ok())
            .and_then(|p| SEVERITIES.get(p))
            .map(|s| (*s).to_string());
        let prefix = ["_SYSTEMD_UNIT", "SYSLOG_IDENTIFIER", "_COMM"]
            .iter()
            .find_map(|k| field(&entry, k).filter(|v| !v.is_empty()));
        let message = match entry.get("MESSAGE") {
            Some(Value::Null) => Some("(message too large, left out by journalctl)".to_string()),
            _ => field(&entry, "MESSAGE"),
        };
        let mut event = String::new();
        for part in message.as_deref().unwrap_or("").lines() {
            continue_event(&mut event, part.trim());
        }
        let event = match prefix {
            Some(p) if event.is_empty() => p,
            Some(p) => format!("{p}: {event}"),
            None => event,
        };
        Ok(Evidence {
            time,
            event,
            source: SOURCE.to_string(),
            count: 1,
            severity,
            key: None,
            original: stamp,
            line,
        })
    }
}

/// A journal field as text: a string as is, a byte array decoded (lossily where it is not
/// UTF-8), a field given several times joined with spaces; none when absent or null.
fn field(entry: &Map<String, Value>, name: &str) -> Option<String> {
    text_of(entry.get(name)?)
}

/// The text of one field value; see [`field`].
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) if items.iter().all(Value::is_number) => {
            let bytes: Vec<u8> = items
                .iter()
                .map(|b| {
                    b.as_u64()
                        .and_then(|b| u8::try_from(b).ok())
                        .unwrap_or(b'?')
                })
                .collect();
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(text_of).collect();
            Some(parts.join(" "))
        }
        _ => None,
    }
}
