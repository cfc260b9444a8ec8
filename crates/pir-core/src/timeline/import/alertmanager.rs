//! Prometheus Alertmanager: webhook payloads (`{"version": "4", "alerts": [...]}`, one or many,
//! as a receiver logs them), and the API v2's `/api/v2/alerts` (a list of alerts) and
//! `/api/v2/alerts/groups` (a list of groups, each with its `alerts`).
//!
//! Each alert gives one row when it fired (at `startsAt`) and, once resolved, one when it
//! resolved (at `endsAt`); the key is the alert's fingerprint and state, so the same alert
//! notified again and again folds into one row per state. A webhook that only reports the
//! resolution still gives the firing row, from its `startsAt`. The API's `endsAt` of an
//! active alert is only when it would expire, so the API's alerts give firing rows only.

use serde_json::Value;

use super::json::{self, str_at};
use super::{Evidence, ReadContext};
use crate::error::Result;

/// The source name written on each row.
const SOURCE: &str = "alertmanager";

/// Reads webhook payloads or API v2 output.
pub fn read(text: &str, ctx: &ReadContext) -> Result<Vec<Evidence>> {
    let mut out = Vec::new();
    let mut lines = json::Lines::new(text);
    for v in json::values(text, ctx, "Alertmanager")? {
        let before = out.len();
        match &v {
            Value::Object(_) if v.get("alerts").is_some_and(Value::is_array) => {
                for a in v["alerts"].as_array().into_iter().flatten() {
                    alert(a, &mut lines, true, &mut out);
                }
            }
            Value::Array(items) => {
                for item in items {
                    match item.get("alerts").and_then(Value::as_array) {
                        // `/api/v2/alerts/groups`: each group holds its alerts.
                        Some(alerts) => {
                            for a in alerts {
                                alert(a, &mut lines, false, &mut out);
                            }
                        }
                        None => alert(item, &mut lines, false, &mut out),
                    }
                }
            }
            _ => {
                return Err(json::wrong_format(
                    ctx,
                    "Alertmanager",
                    "expected a webhook payload with `alerts` or a list of alerts",
                ));
            }
        }
        if out.len() == before && v.as_array().is_some_and(|a| !a.is_empty()) {
            return Err(json::wrong_format(
                ctx,
                "Alertmanager",
                "no item has the `labels` and `startsAt` of an alert",
            ));
        }
    }
    Ok(out)
}

/// Whether `text` looks like Alertmanager output: alerts with `labels` and `startsAt`.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with('{') || t.starts_with('['))
        && t.contains("\"startsAt\"")
        && t.contains("\"labels\"")
}

/// The rows of one alert: firing, and resolved when the webhook says it is.
fn alert(a: &Value, lines: &mut json::Lines, webhook: bool, out: &mut Vec<Evidence>) {
    let labels = a.get("labels").unwrap_or(&Value::Null);
    let Some(start) = str_at(a, "startsAt").and_then(json::rfc3339) else {
        return;
    };
    if !labels.is_object() {
        return;
    }
    let annotations = a.get("annotations").unwrap_or(&Value::Null);
    let name = str_at(labels, "alertname").unwrap_or("alert");
    let fingerprint = str_at(a, "fingerprint")
        .map(str::to_string)
        .unwrap_or_else(|| label_key(labels));
    let severity = str_at(labels, "severity").map(str::to_string);
    let target = ["instance", "pod", "service", "job"]
        .iter()
        .find_map(|k| str_at(labels, k));
    let summary = str_at(annotations, "summary").or_else(|| str_at(annotations, "description"));
    let line = lines.find(&format!("\"{}\"", str_at(a, "startsAt").unwrap_or("")));
    let describe = |state: &str, with_summary: bool| {
        let mut s = format!("{state} {name}");
        if let Some(sev) = &severity {
            s.push_str(&format!(" [{sev}]"));
        }
        if let Some(t) = target {
            s.push_str(&format!(" on {t}"));
        }
        if let Some(sum) = summary.filter(|_| with_summary) {
            s.push_str(&format!(" — {sum}"));
        }
        json::one_line(&s)
    };
    out.push(Evidence {
        time: start,
        event: describe("FIRING", true),
        source: SOURCE.to_string(),
        count: 1,
        severity: severity.clone().or_else(|| Some("firing".to_string())),
        key: Some(format!("{fingerprint}:firing")),
        original: str_at(a, "startsAt").unwrap_or_default().to_string(),
        line,
    });
    let resolved = webhook && str_at(a, "status") == Some("resolved");
    if let Some(end) = str_at(a, "endsAt")
        .and_then(json::rfc3339)
        .filter(|_| resolved)
    {
        out.push(Evidence {
            time: end,
            event: describe("RESOLVED", false),
            source: SOURCE.to_string(),
            count: 1,
            severity: Some("resolved".to_string()),
            key: Some(format!("{fingerprint}:resolved")),
            original: str_at(a, "endsAt").unwrap_or_default().to_string(),
            line,
        });
    }
}

/// A stand-in for a missing fingerprint: the labels, sorted, as `k=v` pairs.
fn label_key(labels: &Value) -> String {
    let mut pairs: Vec<String> = labels
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        .collect();
    pairs.sort();
    pairs.join(",")
}
