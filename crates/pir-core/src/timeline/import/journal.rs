//! The systemd journal as `journalctl -o json` writes it (one JSON object per line; the
//! multi-line `-o json-pretty` reads the same) read as [`Evidence`].
//!
//! Fields used: `__REALTIME_TIMESTAMP` (microseconds since 1970, as a string), `MESSAGE` (a
//! string; a byte array when it is not valid UTF-8, shown lossily; `null` when journalctl left
//! out a large value), `_SYSTEMD_UNIT`, else `SYSLOG_IDENTIFIER`, else `_COMM` as the event's
//! prefix, and `PRIORITY` (0 to 7) as the syslog severity word. Every other field is ignored.
//! The stamps are instants: they are shown in `ctx.zone`, else UTC.

use chrono::DateTime;
use serde_json::{Map, Value};

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
    let zone = ctx.zone.unwrap_or_else(Zone::utc);
    let mut rows = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    // Line counting carried along, so finding each entry's line is linear overall.
    let (mut counted_to, mut line) = (0usize, 1usize);
    loop {
        let start = stream.byte_offset();
        let Some(next) = stream.next() else {
            break;
        };
        let value = next.map_err(|e| {
            let (line, column) = super::json::json_position(text, &e);
            CoreError::new(
                ErrorKind::Parse,
                format!("not journal JSON: {}", super::json::json_message(&e)),
            )
            .with_path(&ctx.file)
            .at(line, column)
        })?;
        let tail = text.get(start..).unwrap_or("");
        let begin = start + (tail.len() - tail.trim_start().len());
        line += text
            .get(counted_to..begin)
            .map_or(0, |s| s.matches('\n').count());
        counted_to = begin;
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
        let time = zone.at(&time);
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
        rows.push(Evidence {
            time,
            event,
            source: SOURCE.to_string(),
            count: 1,
            severity,
            key: None,
            original: stamp,
            line,
        });
    }
    Ok(rows)
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
