//! Kubernetes events as `kubectl get events -o json` or `-o yaml` writes them (a `List` with
//! `items`; a single `Event` or a JSON array of them reads too) read as [`Evidence`].
//!
//! Both event APIs are read: core/v1 (`involvedObject`, `reason`, `message`, `type`, `count`,
//! `firstTimestamp`, `lastTimestamp`, `eventTime`) and events.k8s.io/v1 (`regarding`, `note`,
//! `series.count`, `eventTime`, `deprecated*`). A row's time is when the event was first seen
//! (`firstTimestamp`, else `eventTime`, else `lastTimestamp`): on a timeline a repeated event
//! starts where it began, its count telling how often it recurred. Items of the same object,
//! reason and message are folded into one, their counts added.
//!
//! YAML is read with the YAML library the site configuration already uses (`yaml-rust2`);
//! where each item starts (for the row's line and for errors) comes from the site's marked
//! YAML reader, and for JSON from a scan of the text. Deeply nested YAML is refused before
//! it is parsed, since the parser recurses as deep as the text nests.

use std::collections::HashMap;

use serde_json::{Map, Value};
use yaml_rust2::{Yaml, YamlLoader};

use chrono::{DateTime, FixedOffset};

use super::syslog::continue_event;
use super::{Evidence, ReadContext};
use crate::error::{CoreError, ErrorKind};
use crate::site::yaml as marked_yaml;

/// The source name on every row this reader makes.
const SOURCE: &str = "k8s";

/// How much of the file [`sniff`] looks at.
const SNIFF_BYTES: usize = 4096;

/// Nesting deeper than this in YAML is not an event list; it is cut off rather than followed.
const MAX_DEPTH: usize = 64;

/// True when the file's first few kilobytes hold an event's object reference
/// (`involvedObject`, `regarding`) or `kind: Event`, in JSON or YAML.
pub fn sniff(text: &str) -> bool {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let start = head.trim_start();
    let opens = start.starts_with(['{', '[', '#', '-'])
        || start.starts_with("apiVersion")
        || start.starts_with("items")
        || start.starts_with("kind");
    opens
        && [
            "\"involvedObject\"",
            "involvedObject:",
            "\"regarding\"",
            "regarding:",
            "kind: Event",
            "\"kind\": \"Event\"",
            "\"kind\":\"Event\"",
        ]
        .iter()
        .any(|m| head.contains(m))
}

/// Reads Kubernetes events, one row per distinct object, reason and message:
/// `pod/api-7f9 BackOff: Back-off restarting failed container (x12)`.
///
/// Severity is the event `type` (`Normal`, `Warning`); the key is
/// `namespace/Kind/name/reason`, so the same event read from two files merges. A row's line
/// is the line its (first) item starts on.
///
/// # Errors
/// [`ErrorKind::Parse`] naming `ctx.file` when the text is neither JSON nor YAML (with the
/// line and column), holds no event list, or an event has no object, reason or time or a time
/// that is not RFC 3339 (naming the item and its line).
pub fn read(text: &str, ctx: &ReadContext) -> crate::Result<Vec<Evidence>> {
    let docs = parse(text, ctx)?;
    let err = |msg: String| CoreError::new(ErrorKind::Parse, msg).with_path(&ctx.file);
    let mut items: Vec<&Value> = Vec::new();
    for doc in &docs {
        match doc {
            Value::Object(o) if o.contains_key("items") => match o.get("items") {
                Some(Value::Array(list)) => items.extend(list),
                Some(Value::Null) => {}
                _ => return Err(err("`items` should be a list of events".into())),
            },
            Value::Object(o) if o.get("kind").and_then(Value::as_str) == Some("Event") => {
                items.push(doc)
            }
            Value::Array(list) => items.extend(list),
            Value::Null => {}
            _ => return Err(err(
                "not Kubernetes events: expected a List with `items` (kubectl get events -o json)"
                    .into(),
            )
            .at_line(1)),
        }
    }
    let lines = item_lines(text);
    let line_of = |i: usize| {
        if lines.len() == items.len() {
            lines[i]
        } else {
            0
        }
    };
    let mut rows: Vec<(Evidence, String)> = Vec::new();
    // (key, message) → index in `rows`: the fold, linear in the number of items.
    let mut seen: HashMap<(Option<String>, String), usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let line = line_of(i);
        let err = |msg: String| {
            let e = err(format!("item {}: {msg}", i + 1));
            if line > 0 { e.at_line(line) } else { e }
        };
        let Value::Object(ev) = item else {
            return Err(err("not an event object".into()));
        };
        let (mut evidence, message) = event(ev).map_err(err)?;
        evidence.line = line;
        match seen.get(&(evidence.key.clone(), message.clone())) {
            Some(&at) => {
                let r = &mut rows[at].0;
                r.count = r.count.saturating_add(evidence.count);
                if evidence.time < r.time {
                    r.time = evidence.time;
                    r.original = evidence.original;
                    r.line = evidence.line;
                }
            }
            None => {
                seen.insert((evidence.key.clone(), message.clone()), rows.len());
                rows.push((evidence, message));
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|(mut r, message)| {
            r.event = text_for(&r.event, &message, r.count);
            r
        })
        .collect())
}

/// One event item: its evidence (the event text holding only `kind/name reason` until the
/// fold is done) and its message; or what is missing.
fn event(ev: &Map<String, Value>) -> Result<(Evidence, String), String> {
    let object = ["involvedObject", "regarding"]
        .iter()
        .find_map(|k| ev.get(*k).and_then(Value::as_object))
        .ok_or("the event names no object (`involvedObject` or `regarding`)")?;
    let s = |m: &Map<String, Value>, k: &str| {
        m.get(k).and_then(Value::as_str).unwrap_or("").to_string()
    };
    let (kind, name, namespace) = (s(object, "kind"), s(object, "name"), s(object, "namespace"));
    let reason = s(ev, "reason");
    let who = match (kind.is_empty(), name.is_empty()) {
        (false, false) => format!("{}/{name}", kind.to_lowercase()),
        (true, false) => name.clone(),
        (_, true) => kind.to_lowercase(),
    };
    if who.is_empty() && reason.is_empty() {
        return Err("the event has neither an object nor a reason".into());
    }
    let message = ["message", "note"]
        .iter()
        .map(|k| s(ev, k))
        .find(|m| !m.is_empty())
        .unwrap_or_default();
    let mut time: Option<(DateTime<FixedOffset>, String)> = None;
    for k in [
        "firstTimestamp",
        "deprecatedFirstTimestamp",
        "eventTime",
        "lastTimestamp",
        "deprecatedLastTimestamp",
    ] {
        match ev.get(k) {
            Some(Value::String(t)) if !t.is_empty() => {
                let parsed = DateTime::parse_from_rfc3339(t)
                    .map_err(|_| format!("`{k}: {t}` is not an RFC 3339 time"))?;
                time = Some((parsed, t.clone()));
                break;
            }
            _ => {}
        }
    }
    let (time, original) = time.ok_or_else(|| format!("{who} {reason} has no time"))?;
    let count_of = |v: Option<&Value>| v.and_then(Value::as_u64).filter(|c| *c > 0);
    let count = count_of(ev.get("series").and_then(|s| s.get("count")))
        .or_else(|| count_of(ev.get("count")))
        .or_else(|| count_of(ev.get("deprecatedCount")))
        .unwrap_or(1);
    let head = [who.as_str(), reason.as_str()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let severity = Some(s(ev, "type")).filter(|t| !t.is_empty());
    let evidence = Evidence {
        time,
        event: head,
        source: SOURCE.to_string(),
        count: u32::try_from(count).unwrap_or(u32::MAX),
        severity,
        key: Some(format!("{namespace}/{kind}/{name}/{reason}")),
        original,
        line: 0,
    };
    Ok((evidence, message))
}

/// `head: message (xN)`, the message on one line.
fn text_for(head: &str, message: &str, count: u32) -> String {
    let mut one_line = String::new();
    for part in message.lines() {
        continue_event(&mut one_line, part.trim());
    }
    let mut text = match (head.is_empty(), one_line.is_empty()) {
        (_, true) => head.to_string(),
        (true, false) => one_line,
        (false, false) => format!("{head}: {one_line}"),
    };
    if count > 1 {
        text.push_str(&format!(" (x{count})"));
    }
    text
}

/// The documents of the file: one JSON value, or the YAML documents as JSON values.
fn parse(text: &str, ctx: &ReadContext) -> crate::Result<Vec<Value>> {
    // A byte-order mark is not JSON; it is one character, so line numbers stay right.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim_start().starts_with(['{', '[']) {
        return serde_json::from_str(body).map(|v| vec![v]).map_err(|e| {
            let (line, column) = json_position(body, &e);
            CoreError::new(
                ErrorKind::Parse,
                format!("not Kubernetes events JSON: {}", json_message(&e)),
            )
            .with_path(&ctx.file)
            .at(line, column)
        });
    }
    if let Some(line) = too_deep(text) {
        return Err(CoreError::new(
            ErrorKind::Parse,
            "not Kubernetes events YAML: nested too deeply",
        )
        .with_path(&ctx.file)
        .at_line(line));
    }
    let docs = YamlLoader::load_from_str(text).map_err(|e| {
        let m = e.marker();
        CoreError::new(
            ErrorKind::Parse,
            format!("not Kubernetes events YAML: {}", e.info()),
        )
        .with_path(&ctx.file)
        .at(m.line(), m.col() + 1)
    })?;
    if docs
        .iter()
        .all(|d| !matches!(d, Yaml::Hash(_) | Yaml::Array(_)))
    {
        return Err(CoreError::new(
            ErrorKind::Parse,
            "not Kubernetes events: expected a List with `items` (kubectl get events -o yaml)",
        )
        .with_path(&ctx.file)
        .at_line(1));
    }
    Ok(docs.iter().map(|d| to_json(d, 0)).collect())
}

/// A YAML value as the JSON value it stands for (keys as text).
fn to_json(y: &Yaml, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match y {
        Yaml::String(s) | Yaml::Real(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(a) => Value::Array(a.iter().map(|v| to_json(v, depth + 1)).collect()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) | Yaml::Real(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        _ => String::new(),
                    };
                    (key, to_json(v, depth + 1))
                })
                .collect(),
        ),
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

/// Where a JSON error is, as a 1-based line and column of `text`: serde_json names the
/// position after a line's end as column 0 of the next line, which is the previous line's end.
fn json_position(text: &str, e: &serde_json::Error) -> (usize, usize) {
    let (line, column) = (e.line(), e.column());
    if column > 0 || line < 2 {
        return (line.max(1), column.max(1));
    }
    let before = text.lines().nth(line - 2).unwrap_or("");
    (line - 1, before.chars().count() + 1)
}

/// serde_json's message without its own ` at line L column C` (the error names the place).
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((message, _)) => message.to_string(),
        None => text,
    }
}

/// The first line where `text` nests deeper than an event list ever does (flow brackets,
/// indentation, or `- - -` runs), if any: the YAML library recurses (and its values drop
/// recursively) as deep as the text nests, so such text is refused before it is parsed.
fn too_deep(text: &str) -> Option<usize> {
    let mut flow = 0usize;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let dashes = line
            .trim_start()
            .split_inclusive(' ')
            .take_while(|w| w.trim_end() == "-" || w.trim_end() == "?" || w.trim().is_empty())
            .count();
        for b in line.bytes() {
            match b {
                b'[' | b'{' => flow += 1,
                b']' | b'}' => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
        if flow > MAX_DEPTH || indent > 4 * MAX_DEPTH || dashes > MAX_DEPTH {
            return Some(i + 1);
        }
    }
    None
}

/// The line each event item starts on, in file order: the elements of the top-level `items`
/// list (or of a top-level list), or the one top-level object. Empty when it cannot tell; the
/// caller then gives lines only if the count matches the items it read.
fn item_lines(text: &str) -> Vec<usize> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !body.trim_start().starts_with(['{', '[']) {
        let Ok(root) = marked_yaml::parse(body) else {
            return Vec::new();
        };
        let list = root.get("items").unwrap_or(&root);
        return match list {
            marked_yaml::Node::Seq { items, .. } => items.iter().map(|n| n.pos().line).collect(),
            _ => vec![root.pos().line],
        };
    }
    json_item_lines(body)
}

/// [`item_lines`] for JSON: a scan that follows strings and nesting, noting where each element
/// of the root's `items` array (or of a root array) starts.
fn json_item_lines(text: &str) -> Vec<usize> {
    let (mut line, mut depth) = (1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    let (mut string_start, mut last_string) = (0usize, (0usize, 0usize));
    let mut last_key = (0usize, 0usize);
    let mut list_depth: Option<usize> = None;
    let (mut expect_item, mut list_done) = (false, false);
    let mut root_line = 0;
    let mut lines = Vec::new();
    for (i, &c) in text.as_bytes().iter().enumerate() {
        if c == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
                last_string = (string_start, i);
            }
            continue;
        }
        if c.is_ascii_whitespace() {
            continue;
        }
        if expect_item {
            expect_item = false;
            if c != b']' {
                lines.push(line);
            }
        }
        match c {
            b'"' => {
                in_string = true;
                string_start = i + 1;
            }
            b':' if depth == 1 => last_key = last_string,
            b'{' | b'[' => {
                depth += 1;
                if depth == 1 {
                    root_line = line;
                }
                let items_key = text.get(last_key.0..last_key.1) == Some("items");
                if c == b'[' && list_depth.is_none() && (depth == 1 || (depth == 2 && items_key)) {
                    list_depth = Some(depth);
                    expect_item = true;
                }
            }
            b'}' | b']' => {
                list_done |= c == b']' && list_depth == Some(depth);
                depth = depth.saturating_sub(1);
            }
            b',' if list_depth == Some(depth) && !list_done => expect_item = true,
            _ => {}
        }
    }
    if list_depth.is_none() && root_line > 0 {
        lines.push(root_line);
    }
    lines
}
