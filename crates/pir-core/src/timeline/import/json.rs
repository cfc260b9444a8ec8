//! What the JSON readers share: parsing with errors that name the file, line and column,
//! reading stamps (RFC 3339, epoch seconds), and making one readable line of a value.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde_json::Value;

use super::ReadContext;
use crate::error::{CoreError, ErrorKind, Result};

/// Every JSON value in `text`: one document, or several written one after another (a log of
/// webhook payloads, one per line). A truncated or malformed file is an error naming the file
/// and the line and column serde_json stopped at, and nothing of the file is used.
pub(crate) fn values(text: &str, ctx: &ReadContext, format: &str) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for v in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        out.push(v.map_err(|e| parse_error(&e, ctx, format))?);
    }
    if out.is_empty() {
        return Err(wrong_format(ctx, format, "the file holds no JSON"));
    }
    Ok(out)
}

/// A serde_json error as a [`CoreError`] at its line and column.
fn parse_error(e: &serde_json::Error, ctx: &ReadContext, format: &str) -> CoreError {
    let what = if e.is_eof() {
        "the JSON ends early (a truncated file?)".to_string()
    } else {
        format!("not valid JSON: {e}")
    };
    CoreError::new(ErrorKind::Parse, format!("{format}: {what}"))
        .with_path(&ctx.file)
        .at(e.line().max(1), e.column().max(1))
}

/// A file that is JSON but not of the shape `format` reads.
pub(crate) fn wrong_format(ctx: &ReadContext, format: &str, why: &str) -> CoreError {
    CoreError::new(
        ErrorKind::Parse,
        format!("not {format} input: {why} (another --format?)"),
    )
    .with_path(&ctx.file)
    .at_line(1)
}

/// Where records start in a file read as JSON values (which keep no positions): each
/// [`Lines::find`] looks for the record's text from where the last one was found, so a file
/// of records in order is scanned once, however many records it holds.
pub(crate) struct Lines<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    /// A cursor at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Lines {
            text,
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line of the next occurrence of `needle` (one line long), after the last
    /// one found; the current line when there is none further on.
    pub(crate) fn find(&mut self, needle: &str) -> usize {
        if needle.is_empty() {
            return self.line;
        }
        if let Some(off) = self.text.get(self.at..).and_then(|rest| rest.find(needle)) {
            let to = self.at + off;
            self.line += memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.at..to]).count();
            // Past it, so the next record with the same text finds its own.
            self.at = to + needle.len();
        }
        self.line
    }
}

/// An RFC 3339 stamp (`2026-02-22T14:01:00.123Z`, `...+10:00`) with its offset; `None` for
/// anything else, and for Go's zero time (`0001-01-01T00:00:00Z`), which means "not set".
pub(crate) fn rfc3339(s: &str) -> Option<DateTime<FixedOffset>> {
    let t = DateTime::parse_from_rfc3339(s.trim()).ok()?;
    (t.timestamp() > 0).then_some(t)
}

/// Seconds since the epoch with a fraction (Slack's `"1717000000.000100"`) as a UTC instant.
pub(crate) fn epoch_seconds(s: &str) -> Option<DateTime<FixedOffset>> {
    let (whole, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    let secs: i64 = whole.parse().ok()?;
    let digits: String = frac.chars().take(9).collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let nanos: u32 = if digits.is_empty() {
        0
    } else {
        format!("{digits:0<9}").parse().ok()?
    };
    Utc.timestamp_opt(secs, nanos)
        .single()
        .map(|t| t.fixed_offset())
}

/// The string at `key` of an object, when it is a non-empty string.
pub(crate) fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `text` on one line: runs of whitespace (newlines included) become one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_keep_the_fraction_and_refuse_junk() {
        let t = epoch_seconds("1717000000.000100").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-05-29T16:26:40.000100+00:00");
        assert!(epoch_seconds("17x").is_none());
        assert!(epoch_seconds("1.2e3").is_none());
    }

    #[test]
    fn truncated_json_names_the_line() {
        let ctx = ReadContext {
            file: "a.json".into(),
            ..ReadContext::default()
        };
        let e = values("{\n\"a\": [1,\n", &ctx, "x").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("ends early"), "{}", e.message);
        assert!(rfc3339("0001-01-01T00:00:00Z").is_none());
    }
}
