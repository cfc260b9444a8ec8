//! Slack workspace exports: a channel folder of per-day JSON files (`2026-02-22.json`, each an
//! array of messages with `ts`, `user`, `text`, `subtype`, `thread_ts`), with the workspace's
//! `users.json` beside the folder mapping user ids to names.
//!
//! Joins, leaves and bot messages are noise in a timeline and are skipped; thread replies are
//! kept and marked as such; an edited message reads as it was last written. Slack's markup
//! (`<@U123>`, `<#C123|ops>`, `<https://x|dashboard>`, `&gt;`) becomes readable text.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::json::{self, str_at};
use super::{Evidence, ReadContext};
use crate::error::{CoreError, ErrorKind, Result};

/// The source name written on each row.
const SOURCE: &str = "slack";

/// Message subtypes that say nothing about the incident: people and bots coming and going,
/// and messages written by integrations rather than people.
const NOISE: &[&str] = &[
    "channel_join",
    "channel_leave",
    "group_join",
    "group_leave",
    "bot_message",
    "bot_add",
    "bot_remove",
    "channel_archive",
    "channel_unarchive",
    "tombstone",
    "message_deleted",
    "message_changed",
    "joiner_notification",
];

/// Reads one day file of a channel, with user ids shown as they are written (`U123`) unless
/// the message carries its author's profile. [`read_folder`] reads a whole channel with names.
pub fn read(text: &str, ctx: &ReadContext) -> Result<Vec<Evidence>> {
    read_with_users(text, ctx, &HashMap::new())
}

/// Whether `text` looks like a Slack day file: a JSON array of messages with `ts` stamps.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('[') && t.contains("\"ts\"") && t.contains("\"type\"") && t.contains("\"text\"")
}

/// Whether `dir` looks like a Slack channel folder: day files named `YYYY-MM-DD.json`.
pub fn sniff_folder(dir: &Path) -> bool {
    day_files(dir).is_ok_and(|files| !files.is_empty())
}

/// Reads a channel folder: every day file in date order, user ids named from the
/// `users.json` beside the folder (or inside it). The first file that cannot be read fails
/// the whole folder, naming that file.
pub fn read_folder(dir: &Path, ctx: &ReadContext) -> Result<Vec<Evidence>> {
    let users = users(dir, ctx)?;
    let mut out = Vec::new();
    for file in day_files(dir)? {
        let text = crate::fsio::read_string(&file)?;
        let ctx = ReadContext {
            file: file.clone(),
            ..ctx.clone()
        };
        out.extend(read_with_users(&text, &ctx, &users)?);
    }
    Ok(out)
}

/// Reads one day file `path` (its text already read) with user ids named from the export's
/// `users.json`, when the file sits in a channel folder of an export.
pub fn read_day_file(path: &Path, text: &str, ctx: &ReadContext) -> Result<Vec<Evidence>> {
    let users = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => users(dir, ctx)?,
        _ => HashMap::new(),
    };
    read_with_users(text, ctx, &users)
}

/// The day files of a channel folder, sorted by name (which is by date).
fn day_files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| CoreError::io("reading", dir, &e))?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_day_file_name)
        })
        .collect();
    files.sort();
    Ok(files)
}

/// `2026-02-22.json`.
fn is_day_file_name(name: &str) -> bool {
    name.strip_suffix(".json")
        .is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
}

/// The names of the workspace's users by id, from `users.json` beside the channel folder
/// (the export's layout) or inside it; none when there is no such file.
fn users(dir: &Path, ctx: &ReadContext) -> Result<HashMap<String, String>> {
    let candidates = [
        dir.parent().map(|p| p.join("users.json")),
        Some(dir.join("users.json")),
    ];
    let Some(path) = candidates.into_iter().flatten().find(|p| p.is_file()) else {
        return Ok(HashMap::new());
    };
    let text = crate::fsio::read_string(&path)?;
    let ctx = ReadContext {
        file: path,
        ..ctx.clone()
    };
    let mut names = HashMap::new();
    for v in json::values(&text, &ctx, "Slack users.json")? {
        let Some(list) = v.as_array() else {
            return Err(json::wrong_format(
                &ctx,
                "Slack users.json",
                "expected a list of users",
            ));
        };
        for u in list {
            if let (Some(id), Some(name)) = (str_at(u, "id"), display_name(u)) {
                names.insert(id.to_string(), name);
            }
        }
    }
    Ok(names)
}

/// The name a user is shown by: the display name, else the real name, else the handle (of a
/// `users.json` entry, or of the `user_profile` a message carries).
fn display_name(u: &Value) -> Option<String> {
    let profile = u.get("profile").unwrap_or(&Value::Null);
    str_at(profile, "display_name")
        .or_else(|| str_at(u, "display_name"))
        .or_else(|| str_at(u, "real_name"))
        .or_else(|| str_at(profile, "real_name"))
        .or_else(|| str_at(u, "name"))
        .map(str::to_string)
}

/// Reads one day file with the given user names.
fn read_with_users(
    text: &str,
    ctx: &ReadContext,
    users: &HashMap<String, String>,
) -> Result<Vec<Evidence>> {
    let mut out = Vec::new();
    let mut lines = json::Lines::new(text);
    for v in json::values(text, ctx, "Slack export")? {
        let Some(messages) = v.as_array() else {
            return Err(json::wrong_format(
                ctx,
                "Slack export",
                "a day file is a list of messages",
            ));
        };
        for m in messages {
            if let Some(e) = message(m, &mut lines, users) {
                out.push(e);
            }
        }
    }
    Ok(out)
}

/// One message as evidence, or `None` for noise and records without a stamp.
fn message(
    m: &Value,
    lines: &mut json::Lines,
    users: &HashMap<String, String>,
) -> Option<Evidence> {
    if str_at(m, "type").is_some_and(|t| t != "message") {
        return None;
    }
    if str_at(m, "subtype").is_some_and(|s| NOISE.contains(&s)) || m.get("bot_id").is_some() {
        return None;
    }
    let ts = str_at(m, "ts")?;
    let time = json::epoch_seconds(ts)?;
    let body = readable(str_at(m, "text").unwrap_or_default(), users);
    let files: Vec<&str> = m
        .get("files")
        .and_then(Value::as_array)
        .map(|fs| fs.iter().filter_map(|f| str_at(f, "name")).collect())
        .unwrap_or_default();
    let body = match (body.is_empty(), files.is_empty()) {
        (true, true) => return None,
        (true, false) => format!("[file: {}]", files.join(", ")),
        (false, true) => body,
        (false, false) => format!("{body} [file: {}]", files.join(", ")),
    };
    let author = str_at(m, "user")
        .and_then(|id| users.get(id).cloned())
        .or_else(|| m.get("user_profile").and_then(display_name))
        .or_else(|| str_at(m, "user").map(str::to_string))
        .unwrap_or_else(|| "someone".to_string());
    let in_thread = str_at(m, "thread_ts").is_some_and(|t| t != ts);
    let event = if in_thread {
        format!("{author} (in thread): {body}")
    } else {
        format!("{author}: {body}")
    };
    Some(Evidence {
        time,
        event,
        source: SOURCE.to_string(),
        count: 1,
        severity: None,
        key: Some(format!("slack:{ts}")),
        original: ts.to_string(),
        line: lines.find(&format!("\"{ts}\"")),
    })
}

/// Slack's markup as readable text: `<@U123>` → `@name`, `<#C123|ops>` → `#ops`,
/// `<!here>` → `@here`, `<https://x|label>` → `label`, `<https://x>` → `https://x`, the three
/// escaped characters unescaped, and the whole on one line.
pub fn readable(text: &str, users: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        out.push_str(&token(&after[..close], users));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    json::one_line(&out)
}

/// One `<...>` token of Slack markup, readable.
fn token(inner: &str, users: &HashMap<String, String>) -> String {
    let (target, label) = match inner.split_once('|') {
        Some((t, l)) => (t, Some(l)),
        None => (inner, None),
    };
    if let Some(id) = target.strip_prefix('@') {
        let name = label
            .map(str::to_string)
            .or_else(|| users.get(id).cloned())
            .unwrap_or_else(|| id.to_string());
        return format!("@{}", name.trim_start_matches('@'));
    }
    if let Some(id) = target.strip_prefix('#') {
        return format!("#{}", label.unwrap_or(id));
    }
    if let Some(special) = target.strip_prefix('!') {
        let word = special.split('^').next().unwrap_or(special);
        return match label {
            Some(l) => l.to_string(),
            None => format!("@{word}"),
        };
    }
    label.unwrap_or(target).to_string()
}

/// Reports a file that is neither a channel folder nor a day file, for the pipeline.
pub(crate) fn not_a_folder(dir: &Path) -> CoreError {
    CoreError::new(
        ErrorKind::InvalidInput,
        "not a Slack channel folder: it has no day files named YYYY-MM-DD.json",
    )
    .with_path(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_readable() {
        let users = HashMap::from([("U1".to_string(), "alice".to_string())]);
        assert_eq!(
            readable(
                "<@U1> see <#C9|ops> &amp; <https://g/d|dash>\n<!here> <https://x> <@U2|bob>",
                &users
            ),
            "@alice see #ops & dash @here https://x @bob"
        );
        assert_eq!(readable("a < b", &users), "a < b");
    }
}
