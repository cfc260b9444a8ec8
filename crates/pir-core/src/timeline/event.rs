//! The event column: the key-event marker that opens an event cell (`**INCIDENT DETECTED**:`),
//! its kind, and how it is written.
//!
//! Reading a marker and writing one share the same rules (known labels, where the colon
//! goes, `**` or `__`), so that a marker the editor writes looks like the timeline's others
//! and reads back as the same kind.

use serde::{Deserialize, Serialize};

/// The kinds of key event a timeline marks in bold at the start of its event cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// `**ROOT EVENT**`: what set the incident in motion (may precede the impact).
    RootEvent,
    /// `**INCIDENT START**`: impact began.
    IncidentStart,
    /// `**INCIDENT DETECTED**` (also `DETECTED`, `ALERT`): someone or something noticed.
    Detected,
    /// `**DECISION**`: a decision point.
    Decision,
    /// `**RESOLUTION START**`: work on the fix began.
    ResolutionStart,
    /// `**RESOLUTION 1.2**` and similar: one numbered remediation step.
    ResolutionStep,
    /// `**SERVICE RESTORED**`: a service came back.
    ServiceRestored,
    /// `**PHASE 2 START**`: a phase of a multi-phase incident began.
    PhaseStart,
    /// `**PHASE 4 END**`: a phase ended.
    PhaseEnd,
    /// `**INCIDENT RESOLVED**` / `**INCIDENT END**`: impact over.
    Resolved,
    /// Another bold label (`**Root cause identified**`); kept as written in [`KeyEvent::label`].
    Other,
}

/// A key event marker found at the start of an event cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyEvent {
    /// What kind of key event.
    pub kind: EventKind,
    /// The label as written, without the `**` (`RESOLUTION 1.1`, `INCIDENT DETECTED`).
    pub label: String,
}

/// Finds the key-event marker at the start of an event cell, if any.
///
/// The marker is a bold label opening the cell, followed by a colon inside or after the bold
/// (`**ROOT EVENT**: ...`, `**ROOT EVENT:** ...`). Known labels are matched case-insensitively
/// (and also count without the colon); any other bold label followed by a colon is
/// [`EventKind::Other`]. Bold text later in the cell is emphasis, not a marker.
pub fn classify_event(event: &str) -> Option<KeyEvent> {
    find_marker(event).map(|m| m.event)
}

impl EventKind {
    /// Every kind, in the order a timeline usually meets them (the kind menu's order).
    pub const ALL: [EventKind; 11] = [
        EventKind::RootEvent,
        EventKind::IncidentStart,
        EventKind::Detected,
        EventKind::Decision,
        EventKind::ResolutionStart,
        EventKind::ResolutionStep,
        EventKind::ServiceRestored,
        EventKind::PhaseStart,
        EventKind::PhaseEnd,
        EventKind::Resolved,
        EventKind::Other,
    ];

    /// The label a marker of this kind gets when the author picks the kind from a list
    /// (`ROOT EVENT`); `None` for the kinds whose label carries a number or the author's own
    /// words (resolution steps, phase starts and ends, other labels).
    pub fn standard_label(self) -> Option<&'static str> {
        Some(match self {
            EventKind::RootEvent => "ROOT EVENT",
            EventKind::IncidentStart => "INCIDENT START",
            EventKind::Detected => "INCIDENT DETECTED",
            EventKind::Decision => "DECISION",
            EventKind::ResolutionStart => "RESOLUTION START",
            EventKind::ServiceRestored => "SERVICE RESTORED",
            EventKind::Resolved => "INCIDENT RESOLVED",
            EventKind::ResolutionStep
            | EventKind::PhaseStart
            | EventKind::PhaseEnd
            | EventKind::Other => return None,
        })
    }
}

/// Where a key-event marker's colon is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MarkerColon {
    /// After the bold: `**ROOT EVENT**: ...`.
    #[default]
    Outside,
    /// Inside the bold: `**ROOT EVENT:** ...`.
    Inside,
    /// None (`**INCIDENT RESOLVED** all green`); only known labels are read this way.
    Omitted,
}

/// How a timeline writes its key-event markers, so that a new marker looks like the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerStyle {
    /// The bold delimiter: `**` or `__`.
    pub delimiter: &'static str,
    /// Where the colon goes.
    pub colon: MarkerColon,
}

impl Default for MarkerStyle {
    /// `**LABEL**: `, the style of the template.
    fn default() -> Self {
        MarkerStyle {
            delimiter: "**",
            colon: MarkerColon::Outside,
        }
    }
}

/// A key-event marker found at the start of an event cell, and how it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMarker {
    /// What it marks.
    pub event: KeyEvent,
    /// How it is written.
    pub style: MarkerStyle,
    /// Byte range of the marker in the cell text (from the opening delimiter to the colon
    /// or the closing delimiter, whichever is last).
    pub span: std::ops::Range<usize>,
    /// Where the text after the marker (and the spaces after it) starts.
    pub rest_start: usize,
}

/// Finds the key-event marker at the start of an event cell, with its style and position
/// (the rules of [`classify_event`]).
pub fn find_marker(event: &str) -> Option<EventMarker> {
    let start = event.len() - event.trim_start().len();
    let text = &event[start..];
    let delimiter = if text.starts_with("**") {
        "**"
    } else if text.starts_with("__") {
        "__"
    } else {
        return None;
    };
    let rest = &text[delimiter.len()..];
    let close = rest.find(delimiter)?;
    let inner = rest[..close].trim();
    let after_at = start + delimiter.len() + close + delimiter.len();
    let after = &event[after_at..];
    let (label, colon) = match inner.strip_suffix(':') {
        Some(label) => (label.trim_end(), MarkerColon::Inside),
        None if after.trim_start().starts_with(':') => (inner, MarkerColon::Outside),
        None => (inner, MarkerColon::Omitted),
    };
    if label.is_empty() {
        return None;
    }
    let kind = match known_event_kind(label) {
        Some(kind) => kind,
        None if colon != MarkerColon::Omitted => EventKind::Other,
        None => return None,
    };
    let end = match colon {
        MarkerColon::Outside => after_at + (after.len() - after.trim_start().len()) + 1,
        _ => after_at,
    };
    let rest_start = end + (event[end..].len() - event[end..].trim_start().len());
    Some(EventMarker {
        event: KeyEvent {
            kind,
            label: label.to_string(),
        },
        style: MarkerStyle { delimiter, colon },
        span: start..end,
        rest_start,
    })
}

/// The event cell text with its key-event marker (if any) replaced by one reading `label`,
/// written in `style`, or removed when `label` is `None`. The rest of the text, and the
/// spacing between it and an existing marker, are kept as written.
///
/// A label that is not a known one needs a colon to be read as a marker, so it gets one
/// even when `style` omits it.
pub fn set_event_marker(event: &str, label: Option<&str>, style: MarkerStyle) -> String {
    let current = find_marker(event);
    let (lead, gap, rest) = match &current {
        Some(m) => (
            &event[..m.span.start],
            &event[m.span.end..m.rest_start],
            &event[m.rest_start..],
        ),
        None => {
            let trimmed = event.trim_start();
            (&event[..event.len() - trimmed.len()], "", trimmed)
        }
    };
    let Some(label) = label else {
        return format!("{lead}{rest}");
    };
    let d = style.delimiter;
    let colon = match style.colon {
        MarkerColon::Omitted if known_event_kind(label).is_none() => MarkerColon::Outside,
        c => c,
    };
    let marker = match colon {
        MarkerColon::Outside => format!("{d}{label}{d}:"),
        MarkerColon::Inside => format!("{d}{label}:{d}"),
        MarkerColon::Omitted => format!("{d}{label}{d}"),
    };
    let gap = match (gap, rest.is_empty()) {
        (_, true) => "",
        ("", false) => " ",
        (g, false) => g,
    };
    format!("{lead}{marker}{gap}{rest}")
}

/// The event cell `event` with the text after its key-event marker replaced by `text`: the
/// marker and the space after it stay as written (an empty `text` leaves the marker alone).
/// Without a marker, `text` is the whole cell.
pub fn with_event_text(event: &str, text: &str) -> String {
    match find_marker(event) {
        Some(m) if text.is_empty() => event[..m.rest_start].trim_end().to_string(),
        Some(m) => format!("{}{text}", &event[..m.rest_start]),
        None => text.to_string(),
    }
}

/// The kind a known key-event label names, compared word by word ignoring case.
fn known_event_kind(label: &str) -> Option<EventKind> {
    let upper: Vec<String> = label.split_whitespace().map(str::to_uppercase).collect();
    let words: Vec<&str> = upper.iter().map(String::as_str).collect();
    let kind = match words.as_slice() {
        ["ROOT", "EVENT"] | ["ROOT", "CAUSE", "EVENT"] => EventKind::RootEvent,
        ["INCIDENT" | "IMPACT", "START" | "STARTED" | "BEGINS"] => EventKind::IncidentStart,
        ["INCIDENT", "DETECTED"] | ["DETECTED" | "DETECTION" | "ALERT"] | ["ALERT", "FIRED"] => {
            EventKind::Detected
        }
        ["DECISION"] => EventKind::Decision,
        ["RESOLUTION", "START" | "STARTED" | "BEGINS"] => EventKind::ResolutionStart,
        ["RESOLUTION", step] if is_step_number(step) => EventKind::ResolutionStep,
        ["SERVICE" | "SERVICES", "RESTORED"] => EventKind::ServiceRestored,
        ["PHASE", n, "START" | "STARTED" | "BEGINS"] if is_step_number(n) => EventKind::PhaseStart,
        ["PHASE", n, "END" | "ENDED" | "COMPLETE"] if is_step_number(n) => EventKind::PhaseEnd,
        ["INCIDENT", "RESOLVED" | "END" | "ENDED" | "CLOSED"] | ["RESOLVED"] => EventKind::Resolved,
        _ => return None,
    };
    Some(kind)
}

/// `1`, `2.3`, `1.1.4`: digits, optionally separated by dots.
fn is_step_number(text: &str) -> bool {
    text.split('.')
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(event: &str) -> Option<EventKind> {
        classify_event(event).map(|e| e.kind)
    }

    #[test]
    fn key_event_labels() {
        let cases = [
            ("**ROOT EVENT**: power lost", EventKind::RootEvent),
            ("**INCIDENT START**: pages fail", EventKind::IncidentStart),
            ("**INCIDENT DETECTED**: alert fired", EventKind::Detected),
            (
                "**RESOLUTION START**: scaled down",
                EventKind::ResolutionStart,
            ),
            ("**RESOLUTION 1.1**: restarted", EventKind::ResolutionStep),
            ("**RESOLUTION 2**: restarted", EventKind::ResolutionStep),
            ("**SERVICE RESTORED**: back", EventKind::ServiceRestored),
            ("**PHASE 2 START**: new issue", EventKind::PhaseStart),
            ("**PHASE 4 END**: done", EventKind::PhaseEnd),
            ("**DECISION**: restore backup", EventKind::Decision),
            ("**INCIDENT RESOLVED**: all green", EventKind::Resolved),
            ("**INCIDENT END**: all green", EventKind::Resolved),
            ("**Root cause identified**: full disk", EventKind::Other),
        ];
        for (event, expected) in cases {
            assert_eq!(kind(event), Some(expected), "{event}");
        }
    }

    #[test]
    fn label_kept_as_written_and_matched_ignoring_case() {
        let event = classify_event("  **Incident  Detected**: noticed").expect("a key event");
        assert_eq!(event.kind, EventKind::Detected);
        assert_eq!(event.label, "Incident  Detected");
        let event = classify_event("**RESOLUTION 1.1**: x").expect("a key event");
        assert_eq!(event.label, "RESOLUTION 1.1");
    }

    #[test]
    fn colon_inside_bold() {
        let event = classify_event("**ROOT EVENT:** power lost").expect("a key event");
        assert_eq!(event.kind, EventKind::RootEvent);
        assert_eq!(event.label, "ROOT EVENT");
        assert_eq!(kind("**Saw it:** x"), Some(EventKind::Other));
    }

    #[test]
    fn bold_elsewhere_is_not_a_key_event() {
        assert_eq!(kind("Waited for cleanup - **failed**"), None);
        assert_eq!(kind("Plain text"), None);
        assert_eq!(kind("**unclosed: bold"), None);
        assert_eq!(
            kind("**failed** to start"),
            None,
            "unknown label without colon"
        );
        assert_eq!(kind("****: x"), None, "empty label");
        assert_eq!(
            kind("**INCIDENT RESOLVED** all green"),
            Some(EventKind::Resolved),
            "known labels need no colon"
        );
        assert_eq!(kind("**RESOLUTION 1.x**: y"), Some(EventKind::Other));
    }
}
