//! PagerDuty incident log entries: the REST API's `GET /incidents/{id}/log_entries` (or
//! `/log_entries`) answer, `{"log_entries": [...]}`, a bare list of entries, or one
//! `{"log_entry": {...}}`. Each entry (`trigger_log_entry`, `acknowledge_log_entry`,
//! `resolve_log_entry`, `notify_log_entry`, `annotate_log_entry`, `escalate_log_entry`, ...)
//! gives one row from its `created_at` and PagerDuty's own `summary` ("Acknowledged by Alice"),
//! with a note's text for annotations.

use serde_json::Value;

use super::json::{self, str_at};
use super::{Evidence, ReadContext};
use crate::error::Result;

/// The source name written on each row.
const SOURCE: &str = "pagerduty";

/// Reads log entries.
pub fn read(text: &str, ctx: &ReadContext) -> Result<Vec<Evidence>> {
    let mut out = Vec::new();
    let mut lines = json::Lines::new(text);
    for v in json::values(text, ctx, "PagerDuty")? {
        let entries: Vec<&Value> = if let Some(list) = v.get("log_entries") {
            list.as_array().into_iter().flatten().collect()
        } else if let Some(one) = v.get("log_entry") {
            vec![one]
        } else if let Some(list) = v.as_array() {
            list.iter().collect()
        } else {
            return Err(json::wrong_format(
                ctx,
                "PagerDuty",
                "expected `log_entries`, `log_entry` or a list of log entries",
            ));
        };
        let before = out.len();
        out.extend(entries.iter().filter_map(|e| entry(e, &mut lines)));
        if out.len() == before && !entries.is_empty() {
            return Err(json::wrong_format(
                ctx,
                "PagerDuty",
                "no entry has the `type` and `created_at` of a log entry",
            ));
        }
    }
    Ok(out)
}

/// Whether `text` looks like PagerDuty log entries.
pub fn sniff(text: &str) -> bool {
    text.contains("_log_entry\"") && text.contains("\"created_at\"")
}

/// One log entry as evidence.
fn entry(e: &Value, lines: &mut json::Lines) -> Option<Evidence> {
    let kind = str_at(e, "type")?.strip_suffix("_log_entry")?;
    let stamp = str_at(e, "created_at")?;
    let time = json::rfc3339(stamp)?;
    let incident = e.get("incident").unwrap_or(&Value::Null);
    let what = str_at(e, "summary")
        .map(str::to_string)
        .unwrap_or_else(|| kind.to_string());
    let mut event = match str_at(incident, "summary").or_else(|| str_at(incident, "id")) {
        Some(i) => format!("PagerDuty: {what} ({i})"),
        None => format!("PagerDuty: {what}"),
    };
    if kind == "annotate"
        && let Some(note) = e
            .get("channel")
            .and_then(|c| str_at(c, "summary").or_else(|| str_at(c, "content")))
    {
        event.push_str(&format!(": {note}"));
    }
    let id = str_at(e, "id");
    Some(Evidence {
        time,
        event: json::one_line(&event),
        source: SOURCE.to_string(),
        count: 1,
        severity: Some(kind.to_string()),
        key: id.map(|id| format!("pagerduty:{id}")),
        original: stamp.to_string(),
        line: lines.find(&format!("\"{}\"", id.unwrap_or(stamp))),
    })
}
