//! One PIR's time to detect and to resolve, from its key-event rows only; a PIR that marks
//! none gets its Duration field (or its timeline's span) as an estimate, and what is not
//! known is said, never guessed.

use crate::doc::PirModel;
use crate::site::slug::parse_date;
use crate::timeline::{EventKind, resolve_datetimes};

/// The measurable durations of one PIR, or why not.
pub(super) struct Measured {
    pub(super) detect: Option<i64>,
    pub(super) resolve: Option<i64>,
    /// How the time to resolve was estimated, when no key events give it.
    pub(super) resolve_estimated: Option<&'static str>,
    pub(super) reasons: Vec<String>,
}

pub(super) fn measure(model: &PirModel) -> Measured {
    let Some(t) = &model.timeline else {
        let estimate = duration_minutes(model);
        return Measured {
            detect: None,
            resolve: estimate.map(|(v, _)| v),
            resolve_estimated: estimate.map(|(_, how)| how),
            reasons: vec!["no Timeline section".into()],
        };
    };
    let has = |kinds: &[EventKind]| {
        t.rows.iter().any(|r| {
            r.key_event
                .as_ref()
                .is_some_and(|k| kinds.contains(&k.kind))
        })
    };
    let start = has(&[EventKind::IncidentStart, EventKind::RootEvent]);
    let detected = has(&[EventKind::Detected]);
    let resolved = has(&[EventKind::Resolved]);
    let mut reasons = Vec::new();
    if !start {
        reasons.push("no INCIDENT START or ROOT EVENT row".to_string());
    }
    if !detected {
        reasons.push("no INCIDENT DETECTED row".to_string());
    }
    if !resolved {
        reasons.push("no INCIDENT RESOLVED row".to_string());
    }
    // The model takes the first timed row as the start when no marker row has a readable
    // time; that is a guess, so such a start does not count.
    let base = model
        .date
        .as_deref()
        .and_then(|d| d.trim().trim_start_matches('*').get(..10))
        .and_then(|d| parse_date(d).ok());
    let cells: Vec<_> = t.rows.iter().map(|r| &r.time).collect();
    let start_timed = t
        .rows
        .iter()
        .zip(resolve_datetimes(&cells, base))
        .any(|(r, at)| {
            at.is_some()
                && r.key_event.as_ref().is_some_and(|k| {
                    matches!(k.kind, EventKind::IncidentStart | EventKind::RootEvent)
                })
        });
    if start && !start_timed {
        reasons.push(
            "the INCIDENT START or ROOT EVENT row has no time that can be dated (time cell or Date field)"
                .to_string(),
        );
    }
    let m = &t.metrics;
    let mut take = |marked: bool, minutes: Option<i64>, what: &str| {
        if !(start_timed && marked) {
            return None;
        }
        match minutes {
            Some(v) if v >= 0 => Some(v),
            Some(_) => {
                reasons.push(format!("{what} comes before the start"));
                None
            }
            None => {
                reasons.push(format!(
                    "the {what} row has no time that can be dated (time cell or Date field)"
                ));
                None
            }
        }
    };
    let detect = take(detected, m.time_to_detect_minutes, "detection");
    let resolve = take(resolved, m.time_to_resolve_minutes, "resolution");
    // Key events win where present; a PIR that marks none gets the Duration it states, else
    // the span of its timeline, as an estimate.
    let marked = start || detected || resolved;
    let estimate = match resolve {
        Some(_) => None,
        None if marked => None,
        None => duration_minutes(model).or_else(|| {
            let times: Vec<_> = resolve_datetimes(&cells, base)
                .into_iter()
                .flatten()
                .collect();
            let (first, last) = (times.iter().min()?, times.iter().max()?);
            let minutes = (*last - *first).num_minutes();
            (minutes > 0).then_some((minutes, "the first and last timeline rows"))
        }),
    };
    Measured {
        detect,
        resolve: resolve.or(estimate.map(|(v, _)| v)),
        resolve_estimated: estimate.map(|(_, how)| how),
        reasons,
    }
}

/// The minutes the Duration field states (`~17h 57m (~03:03 AEST → ~21:00 AEST)`, `1h 40m`,
/// `1.5 hours`, `2d 4h`, `45 min`), else those between the two clock times of its range
/// (`09:02 → 10:42`, across midnight when the end is earlier), with which of the two it was.
fn duration_minutes(model: &PirModel) -> Option<(i64, &'static str)> {
    let text = model.duration.as_deref()?;
    // What is written before a bracket is the duration; a bracket explains it.
    let written = text.split(['(', '[']).next().unwrap_or(text);
    let mut total = 0f64;
    let mut rest = written;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: Option<f64> = rest[..end].parse().ok();
        rest = rest[end..].trim_start();
        let unit_end = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let factor = match rest[..unit_end].to_lowercase().as_str() {
            "d" | "day" | "days" => 24.0 * 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 1.0,
            _ => 0.0,
        };
        rest = &rest[unit_end..];
        total += number.unwrap_or(0.0) * factor;
    }
    // Whole minutes, and only a plausible span: under a year.
    let minutes = total.round();
    if (1.0..366.0 * 24.0 * 60.0).contains(&minutes) {
        return Some((minutes as i64, "the Duration field"));
    }
    // A range of clock times on one day or the next; a range with dates is not read.
    if text.contains(['-', '/']) {
        return None;
    }
    let times: Vec<i64> = text
        .split(|c: char| !(c.is_ascii_digit() || c == ':'))
        .filter_map(|w| {
            let (h, m) = w.split_once(':')?;
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            (h < 24 && m < 60 && h >= 0).then_some(h * 60 + m)
        })
        .take(2)
        .collect();
    match times[..] {
        [a, b] if a != b => Some(((b - a).rem_euclid(24 * 60), "the Duration field's range")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;
    use crate::stats::{Spread, compute};
    use chrono::NaiveDate;

    /// The Duration field read as minutes, as sites write it.
    #[test]
    fn durations_as_sites_write_them() {
        let of = |text: &str| {
            let model = PirModel {
                duration: Some(text.into()),
                ..PirModel::default()
            };
            duration_minutes(&model)
        };
        let field = "the Duration field";
        let range = "the Duration field's range";
        for (text, want) in [
            ("~17h 57m (~03:03 AEST → ~21:00 AEST)", Some((1077, field))),
            ("1h 40m", Some((100, field))),
            ("1h30m", Some((90, field))),
            ("1.5 hours", Some((90, field))),
            ("2d 4h", Some((3120, field))),
            ("45 min", Some((45, field))),
            ("34m", Some((34, field))),
            ("~03:03 → ~21:00 AEST", Some((1077, range))),
            ("23:10 to 00:40", Some((90, range))),
            ("unknown", None),
            ("", None),
            ("2026-04-01 10:00 to 2026-04-02 11:00", None),
            ("99999999999999999999999h", None),
            ("ongoing (since 09:00)", None),
        ] {
            assert_eq!(of(text), want, "{text:?}");
        }
    }

    fn pir(date: &str, rows: &str) -> (String, PirModel) {
        let text = format!(
            "# Post Incident Review: X\n\n**Date:** {date}\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n{rows}"
        );
        (
            "incidents/x.md".to_string(),
            Document::parse(text).model().clone(),
        )
    }

    fn reasons(date: &str, rows: &str) -> (Option<Spread>, Option<Spread>, Vec<String>) {
        let s = compute(&[pir(date, rows)], NaiveDate::default());
        let all = s.durations.last().cloned().unwrap();
        let reasons = s
            .not_measurable
            .first()
            .map(|n| n.reasons.clone())
            .unwrap_or_default();
        (all.time_to_detect, all.time_to_resolve, reasons)
    }

    #[test]
    fn a_start_without_a_readable_time_is_not_guessed() {
        // The model would start at 09:00, the first timed row; the marked start has no time.
        let rows = "| 09:00 | Deploy |\n| later | **INCIDENT START**: errors |\n| 09:30 | **INCIDENT DETECTED**: page |\n| 10:00 | **INCIDENT RESOLVED**: fixed |\n";
        let (detect, resolve, why) = reasons("2025-01-01", rows);
        assert_eq!((detect, resolve), (None, None));
        assert_eq!(
            why,
            [
                "the INCIDENT START or ROOT EVENT row has no time that can be dated (time cell or Date field)"
            ]
        );
        // Without a Date field no row can be dated.
        let rows = "| 09:00 | **INCIDENT START**: x |\n| 09:30 | **INCIDENT DETECTED**: y |\n| 10:00 | **INCIDENT RESOLVED**: z |\n";
        let (detect, _, why) = reasons("unknown", rows);
        assert_eq!(detect, None);
        assert_eq!(why.len(), 1, "{why:?}");
        // With it, both are measured: 30 and 60 minutes.
        let (detect, resolve, why) = reasons("2025-01-01", rows);
        assert_eq!(detect.map(|s| s.median), Some(30.0));
        assert_eq!(resolve.map(|s| s.median), Some(60.0));
        assert!(why.is_empty());
    }

    #[test]
    fn a_detection_without_a_time_is_reported() {
        let rows = "| 09:00 | **INCIDENT START**: x |\n| ? | **INCIDENT DETECTED**: y |\n| 10:00 | **INCIDENT RESOLVED**: z |\n";
        let (detect, resolve, why) = reasons("2025-01-01", rows);
        assert_eq!(detect, None);
        assert_eq!(resolve.map(|s| s.max), Some(60.0));
        assert_eq!(
            why,
            ["the detection row has no time that can be dated (time cell or Date field)"]
        );
    }
}
