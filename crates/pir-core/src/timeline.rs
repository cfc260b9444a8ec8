//! Timeline cells: what the time column and the event column of a PIR timeline mean.
//!
//! Everything here is a pure function over cell text; the document model ([`crate::doc`])
//! finds the cells and keeps their bytes, this module understands them. Nothing here ever
//! changes what the author wrote: each parsed value keeps its `raw` text.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};
use serde::{Deserialize, Serialize};

/// A wall-clock time as written in a time cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClockTime {
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, when the cell gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second: Option<u8>,
}

/// A timeline time cell: the text as written and what it says.
///
/// Examples it understands: `14:01`, `~18:05`, `18:48:28`, `**2026-02-22 14:01**`,
/// `**~09:00 AEST**`, `09:15-09:30`, `14:01 → 18:05`, `~22:25 onwards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimeCell {
    /// The cell's text exactly as written (without the table padding around it).
    pub raw: String,
    /// The date, when the cell gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The (start) time, when one could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<ClockTime>,
    /// The end of a range (`09:15-09:30`, `14:01 → 18:05`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<ClockTime>,
    /// Marked approximate with `~`.
    pub approximate: bool,
    /// Followed by `onwards`.
    pub onwards: bool,
    /// Written in bold (`**...**`).
    pub bold: bool,
    /// The time as the grid shows and edits it: the cell without the bold around it
    /// (`09:12 UTC` of `**09:12 UTC**`); see [`with_time_text`].
    #[serde(default)]
    pub text: String,
    /// A zone label written in the cell itself (`AEST` in `**~09:00 AEST**`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

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

/// The timezone a timeline heading declares: `## Timeline (AEST — UTC+10)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimeZoneLabel {
    /// The zone's short name (`AEST`), or the offset text when no name is given.
    pub label: String,
    /// Offset from UTC in minutes (`600` for UTC+10), when the heading says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset_minutes: Option<i32>,
    /// The text inside the parentheses, as written.
    pub raw: String,
}

/// Durations derived from a timeline's key events, in minutes.
///
/// Derived values are offered to the author (for the Duration field); they are never written
/// into the document unless the author asks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineMetrics {
    /// When impact began (root event or incident start, else the first timed row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<NaiveDateTime>,
    /// When the incident was detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detected: Option<NaiveDateTime>,
    /// When it was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<NaiveDateTime>,
    /// Minutes from start to detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_detect_minutes: Option<i64>,
    /// Minutes from start to resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_resolve_minutes: Option<i64>,
    /// A Duration text to offer, such as `~20h23m (22:25 AEST 2026-02-21 → 18:48 AEST 2026-02-22)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_duration: Option<String>,
}

/// One row made from a pasted line (chat or log line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PastedRow {
    /// The time cell text to write (in the timeline's zone when the line gave UTC).
    pub time: String,
    /// The event text, trimmed, as the author would type it (the table writer escapes `|`).
    pub event: String,
}

/// How far (in minutes) a row's time may step back from the previous row's before it is read
/// as the next day, when the row gives no date of its own.
///
/// Timelines go back in time on purpose: a table of work done in parallel with the phase
/// before it restarts a few hours earlier, and reconstructed approximate times are not always
/// in order. A step back of more than six hours is far likelier to be the night passing
/// (`22:25` then `14:01` the next afternoon) than a parallel thread, so only those roll over.
/// Authors who leave a longer gap than 18 hours without writing a date are not helped by any
/// rule; the date-carrying cell (`**2026-01-08 ~02:00**`) is the remedy, and the real PIRs use it.
pub const ROLLOVER_BACKSTEP_MINUTES: i64 = 6 * 60;

impl ClockTime {
    /// The time as a [`NaiveTime`], or `None` when the fields are out of range.
    pub fn to_naive_time(self) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(
            u32::from(self.hour),
            u32::from(self.minute),
            u32::from(self.second.unwrap_or(0)),
        )
    }

    /// The same time without its seconds.
    pub fn without_seconds(self) -> ClockTime {
        ClockTime {
            second: None,
            ..self
        }
    }

    fn from_naive(time: NaiveTime, seconds: bool) -> ClockTime {
        // NaiveTime's fields are always in range (hour < 24, minute and second < 60).
        ClockTime {
            hour: u8::try_from(time.hour()).unwrap_or(0),
            minute: u8::try_from(time.minute()).unwrap_or(0),
            second: seconds.then(|| u8::try_from(time.second()).unwrap_or(0)),
        }
    }
}

impl fmt::Display for ClockTime {
    /// `HH:MM`, or `HH:MM:SS` when the time has seconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)?;
        if let Some(second) = self.second {
            write!(f, ":{second:02}")?;
        }
        Ok(())
    }
}

/// Parses a time cell. Never fails: what cannot be understood stays in `raw` only.
///
/// The cell is read left to right: the first `YYYY-MM-DD` is the date, the first clock time
/// (`H:MM`, `HH:MM`, `HH:MM:SS`, with `AM`/`PM`) the start, and a clock time after a range
/// separator (`-`, `–`, `—`, `→`, `->`, `to`) the end. `~` anywhere marks it approximate, the
/// word `onwards` open-ended, and a zone abbreviation (`AEST`, `UTC`, `UTC+10`) or an ISO
/// offset (`2026-02-22T14:01:00Z`) its own zone. A placeholder such as `**~HH:MM AEST**` gives
/// no time.
pub fn parse_time_cell(raw: &str) -> TimeCell {
    let text = raw.trim();
    let bold = is_bold(text);
    let mut cell = TimeCell {
        raw: raw.to_string(),
        date: None,
        start: None,
        end: None,
        approximate: false,
        onwards: false,
        bold,
        text: if bold {
            text[2..text.len() - 2].trim().to_string()
        } else {
            text.to_string()
        },
        zone: None,
    };
    // Emphasis markers carry no time; dropping them lets `**~18:05**` read like `~18:05`.
    let c: Vec<char> = text.chars().filter(|&ch| ch != '*').collect();
    let mut range_open = false;
    let mut after_iso_t = false;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_ascii_digit() {
            if let Some((date, next)) = date_at(&c, i) {
                cell.date.get_or_insert(date);
                i = next;
                // `2026-02-22T14:01:00Z`: the `T` joins date and time.
                if matches!(c.get(i), Some('T' | 't')) && digit_at(&c, i + 1) {
                    i += 1;
                    after_iso_t = true;
                }
                continue;
            }
            if let Some((time, next)) = clock_at(&c, i) {
                i = next;
                if cell.start.is_none() {
                    cell.start = Some(time);
                } else if range_open && cell.end.is_none() {
                    cell.end = Some(time);
                }
                if after_iso_t {
                    if let Some((offset, next)) = offset_at(&c, i) {
                        cell.zone.get_or_insert_with(|| offset_label(offset));
                        i = next;
                    }
                    after_iso_t = false;
                }
                continue;
            }
            while digit_at(&c, i) {
                i += 1;
            }
            continue;
        }
        if ch.is_alphabetic() {
            let start = i;
            while c.get(i).is_some_and(|ch| ch.is_alphabetic()) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            match word.to_lowercase().as_str() {
                "onwards" | "onward" => cell.onwards = true,
                "to" | "until" | "till" if cell.start.is_some() => range_open = true,
                _ if is_zone_abbrev(&word) && cell.zone.is_none() => {
                    // `UTC+10` keeps its offset in the label, as written.
                    if matches!(word.as_str(), "UTC" | "GMT") {
                        if let Some((_, next)) = offset_at(&c, i) {
                            i = next;
                        }
                    }
                    cell.zone = Some(c[start..i].iter().collect());
                }
                _ => {}
            }
            continue;
        }
        match ch {
            '~' | '≈' => cell.approximate = true,
            '-' | '–' | '—' | '→' | '>' if cell.start.is_some() => range_open = true,
            _ => {}
        }
        i += 1;
    }
    cell
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

/// The time cell `raw` with its time replaced by `text`, in the bold the cell is written in
/// (`**09:12 UTC**` stays bold, with its own `**` or `__`); an empty `text` empties the cell.
pub fn with_time_text(raw: &str, text: &str) -> String {
    let old = raw.trim();
    let text = text.trim();
    if text.is_empty() || !is_bold(old) {
        return text.to_string();
    }
    let d = &old[..2];
    format!("{d}{text}{d}")
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

/// Reads the timezone from a timeline heading's text (`Timeline (AEST — UTC+10)`).
///
/// The heading may keep its `#` marks. The zone is in the first parentheses: a zone
/// abbreviation (`AEST`, `PST`) and/or a UTC offset (`UTC+10`, `UTC+5:30`, `UTC-8`, bare
/// `UTC`), separated by a dash or comma. Without parentheses, or with parentheses that name no
/// zone (`Timeline (draft)`), it gives `None`. A bare abbreviation gives no offset: the
/// offset is only ever what the heading says.
pub fn parse_timezone_heading(heading: &str) -> Option<TimeZoneLabel> {
    let text = heading.trim().trim_start_matches('#').trim();
    let open = text.find('(')?;
    let inside = &text[open + 1..];
    let inner = inside.find(')').map_or(inside, |close| &inside[..close]);
    let raw = inner.trim();
    let c: Vec<char> = raw.chars().collect();
    let mut name: Option<String> = None;
    let mut offset: Option<(i32, String)> = None;
    let mut i = 0;
    while i < c.len() {
        if !c[i].is_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while c.get(i).is_some_and(|ch| ch.is_alphabetic()) {
            i += 1;
        }
        let word: String = c[start..i].iter().collect();
        if matches!(word.to_uppercase().as_str(), "UTC" | "GMT") {
            if offset.is_none() {
                let (minutes, next) = offset_at(&c, i).unwrap_or((0, i));
                i = next;
                offset = Some((minutes, c[start..i].iter().collect()));
            }
        } else if name.is_none() && is_zone_abbrev(&word) {
            name = Some(word);
        }
    }
    let offset_minutes = offset.as_ref().map(|(minutes, _)| *minutes);
    let label = name.or(offset.map(|(_, text)| text))?;
    Some(TimeZoneLabel {
        label,
        offset_minutes,
        raw: raw.to_string(),
    })
}

/// Gives each row a full date and time: dates carry forward from earlier rows (or
/// `base_date`, the PIR's Date), and a time earlier than the previous row's rolls over to the
/// next day. Rows without a readable time get `None`.
///
/// The rule: a cell's own date sets the current date (and is never rolled). A cell without
/// one takes the current date; if that puts it more than [`ROLLOVER_BACKSTEP_MINUTES`] before
/// the previous timed row, it is the next day, which becomes the current date. Smaller steps
/// back stay on the same day, so a parallel table or a slightly out-of-order row gives a
/// date-time earlier than the row before it. Times of a range count from their start. Until a
/// date is known (no `base_date`, no dated cell yet) rows get `None`.
pub fn resolve_datetimes(
    cells: &[&TimeCell],
    base_date: Option<NaiveDate>,
) -> Vec<Option<NaiveDateTime>> {
    let backstep = TimeDelta::minutes(ROLLOVER_BACKSTEP_MINUTES);
    let mut current = base_date;
    let mut previous: Option<NaiveDateTime> = None;
    let mut out = Vec::with_capacity(cells.len());
    for cell in cells {
        if let Some(date) = cell.date {
            current = Some(date);
        }
        let time = cell.start.and_then(ClockTime::to_naive_time);
        let Some((date, time)) = current.zip(time) else {
            out.push(None);
            continue;
        };
        let mut at = date.and_time(time);
        if cell.date.is_none() && previous.is_some_and(|p| at + backstep < p) {
            if let Some(next) = date.succ_opt() {
                at = next.and_time(time);
                current = Some(next);
            }
        }
        previous = Some(at);
        out.push(Some(at));
    }
    out
}

/// Computes time to detect and time to resolve from the key events of a timeline.
///
/// Started is the first root event or incident start (else the first timed row), detected the
/// first detection, resolved the last `INCIDENT RESOLVED` / `INCIDENT END`; rows are dated
/// with [`resolve_datetimes`]. A missing event leaves its fields `None`. The suggested
/// Duration reads `~20h23m (22:25 AEST 2026-02-21 → 18:48 AEST 2026-02-22)`: `~` when either
/// end is approximate, the zone from the heading (else the start cell's own), dates only when
/// the two ends fall on different days; none when the resolution comes before the start.
pub fn compute_metrics(
    rows: &[(&TimeCell, Option<&KeyEvent>)],
    zone: Option<&TimeZoneLabel>,
    base_date: Option<NaiveDate>,
) -> TimelineMetrics {
    let cells: Vec<&TimeCell> = rows.iter().map(|(cell, _)| *cell).collect();
    let at = resolve_datetimes(&cells, base_date);
    // (cell, kind, date-time) of every row that has a date-time, in order.
    let timed: Vec<(&TimeCell, Option<EventKind>, NaiveDateTime)> = rows
        .iter()
        .zip(&at)
        .filter_map(|((cell, event), at)| at.map(|at| (*cell, event.map(|e| e.kind), at)))
        .collect();
    let of_kind = |kinds: &[EventKind]| {
        timed
            .iter()
            .filter(|row| row.1.is_some_and(|kind| kinds.contains(&kind)))
            .copied()
            .collect::<Vec<_>>()
    };
    let started = of_kind(&[EventKind::RootEvent, EventKind::IncidentStart])
        .first()
        .or(timed.first())
        .copied();
    let detected = of_kind(&[EventKind::Detected]).first().copied();
    let resolved = of_kind(&[EventKind::Resolved]).last().copied();
    let minutes_between = |from: Option<NaiveDateTime>, to: Option<NaiveDateTime>| {
        from.zip(to).map(|(from, to)| (to - from).num_minutes())
    };
    let start_at = started.map(|row| row.2);
    let time_to_resolve_minutes = minutes_between(start_at, resolved.map(|row| row.2));
    let suggested_duration = started.zip(resolved).and_then(|(start, end)| {
        let minutes = time_to_resolve_minutes.filter(|m| *m >= 0)?;
        let label = zone
            .map(|z| z.label.clone())
            .or_else(|| start.0.zone.clone());
        Some(duration_text(
            minutes,
            (start.0, start.2),
            (end.0, end.2),
            label.as_deref(),
        ))
    });
    TimelineMetrics {
        started: start_at,
        detected: detected.map(|row| row.2),
        resolved: resolved.map(|row| row.2),
        time_to_detect_minutes: minutes_between(start_at, detected.map(|row| row.2)),
        time_to_resolve_minutes,
        suggested_duration,
    }
}

/// `~20h23m (22:25 AEST 2026-02-21 → 18:48 AEST 2026-02-22)`.
fn duration_text(
    minutes: i64,
    start: (&TimeCell, NaiveDateTime),
    end: (&TimeCell, NaiveDateTime),
    zone: Option<&str>,
) -> String {
    let approx = if start.0.approximate || end.0.approximate {
        "~"
    } else {
        ""
    };
    let (hours, mins) = (minutes / 60, minutes % 60);
    let span = match (hours, mins) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m}m"),
    };
    let dated = start.1.date() != end.1.date();
    let point = |at: NaiveDateTime| {
        let mut text = at.format("%H:%M").to_string();
        if let Some(zone) = zone {
            text.push(' ');
            text.push_str(zone);
        }
        if dated {
            text.push(' ');
            text.push_str(&at.format("%Y-%m-%d").to_string());
        }
        text
    };
    format!("{approx}{span} ({} → {})", point(start.1), point(end.1))
}

/// Turns pasted chat or log lines into timeline rows, one per line that has a time.
///
/// A line has a time when it opens with one (`14:02 alice: ...`, `[14:02] bob: ...`,
/// `14:02:33 ...`, `2026-02-22T14:01:00Z level=info ...`, `2026-02-22 14:01:00,123 INFO ...`)
/// or names its sender before a bracketed time (`alice [2:02 PM]`, the message usually on the
/// next line). Any other line continues the previous row's event (or is skipped when there is
/// none yet); blank lines are skipped.
///
/// Time cells: a time carrying a UTC offset (`Z`, `+00:00`, `UTC`) is converted into the
/// timeline's zone when the heading gives its offset, else written in UTC with a ` UTC`
/// suffix. Log lines (those with a date) are written to the minute, as `YYYY-MM-DD HH:MM`
/// for the first row and whenever the day changes, else `HH:MM`; chat times are written as
/// given (keeping seconds). Event text is trimmed and otherwise kept as written: escaping
/// `|` is the table writer's job, so text never gets escaped twice.
pub fn parse_pasted_lines(text: &str, zone: Option<&TimeZoneLabel>) -> Vec<PastedRow> {
    let zone_offset = zone.and_then(|z| z.offset_minutes);
    let mut rows: Vec<PastedRow> = Vec::new();
    let mut last_date: Option<NaiveDate> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match stamped_line(line) {
            Some((stamp, event)) => rows.push(PastedRow {
                time: stamp.cell_text(zone_offset, &mut last_date),
                event,
            }),
            None => {
                if let Some(row) = rows.last_mut() {
                    if !row.event.is_empty() {
                        row.event.push(' ');
                    }
                    row.event.push_str(line);
                }
            }
        }
    }
    rows
}

/// The time found at the start of a pasted line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    date: Option<NaiveDate>,
    time: ClockTime,
    /// Offset from UTC in minutes, when the line gave one.
    offset: Option<i32>,
    /// Another zone's abbreviation, written after the time and kept as is.
    zone_word: Option<String>,
}

impl Stamp {
    /// The time cell text for this stamp in a timeline whose zone is `zone_offset`.
    fn cell_text(&self, zone_offset: Option<i32>, last_date: &mut Option<NaiveDate>) -> String {
        let (date, time, suffix) = match (self.offset, self.time.to_naive_time()) {
            (Some(offset), Some(naive)) => {
                // A time of day without a date still converts; the day it lands on is unknown.
                let day = self.date.unwrap_or_default();
                let target = zone_offset.unwrap_or(0);
                let shifted = day
                    .and_time(naive)
                    .checked_add_signed(TimeDelta::minutes(i64::from(target - offset)));
                match shifted {
                    Some(at) => (
                        self.date.map(|_| at.date()),
                        ClockTime::from_naive(at.time(), self.time.second.is_some()),
                        zone_offset.is_none().then_some(" UTC"),
                    ),
                    None => (self.date, self.time, Some(" UTC")),
                }
            }
            _ => (self.date, self.time, None),
        };
        let mut text = String::new();
        let time = if date.is_some() {
            time.without_seconds()
        } else {
            time
        };
        if let Some(date) = date {
            if *last_date != Some(date) {
                text.push_str(&date.format("%Y-%m-%d ").to_string());
            }
            *last_date = Some(date);
        }
        text.push_str(&time.to_string());
        if let Some(suffix) = suffix {
            text.push_str(suffix);
        } else if let Some(word) = &self.zone_word {
            text.push(' ');
            text.push_str(word);
        }
        text
    }
}

/// Splits a pasted line into its time and event, when it has a time where chat and log
/// lines put one.
fn stamped_line(line: &str) -> Option<(Stamp, String)> {
    let c: Vec<char> = line.chars().collect();
    leading_stamp(&c).or_else(|| sender_stamp(&c))
}

/// `14:02 ...`, `[14:02] ...`, `2026-02-22T14:01:00Z ...`, `[2026-02-22 14:01:00 UTC] ...`.
fn leading_stamp(c: &[char]) -> Option<(Stamp, String)> {
    let close = match c.first() {
        Some('[') => Some(']'),
        Some('(') => Some(')'),
        _ => None,
    };
    let mut i = skip_spaces(c, usize::from(close.is_some()));
    let date = date_at(c, i).map(|(date, next)| {
        i = next;
        date
    });
    if date.is_some() && matches!(c.get(i), Some('T' | 't' | ' ')) && digit_at(c, i + 1) {
        i += 1;
    }
    let (time, next) = clock_at(c, i)?;
    i = next;
    let mut offset = None;
    if date.is_some() {
        if let Some((minutes, next)) = offset_at(c, i) {
            offset = Some(minutes);
            i = next;
        }
    }
    let mut zone_word = None;
    let after_space = skip_spaces(c, i);
    if offset.is_none() {
        let end = word_end(c, after_space);
        let word: String = c[after_space..end].iter().collect();
        if is_zone_abbrev(&word) {
            i = end;
            if matches!(word.as_str(), "UTC" | "GMT") {
                let (minutes, next) = offset_at(c, i).unwrap_or((0, i));
                offset = Some(minutes);
                i = next;
            } else {
                zone_word = Some(word);
            }
        }
    }
    if let Some(close) = close {
        // Whatever else the brackets hold (milliseconds, a level) is not the event.
        i = c[i..]
            .iter()
            .position(|&ch| ch == close)
            .map_or(i, |p| i + p + 1);
    } else if c.get(i).is_some_and(|ch| ch.is_alphanumeric()) {
        // `14:02am` is read by the clock; `14:02abc` is not a time stamp.
        return None;
    }
    let rest: String = c[i..].iter().collect();
    let rest = rest.trim();
    let rest = rest
        .strip_prefix(['-', '–', '—', '|', ':', '>'])
        .unwrap_or(rest)
        .trim_start();
    let stamp = Stamp {
        date,
        time,
        offset,
        zone_word,
    };
    Some((stamp, rest.to_string()))
}

/// `alice [2:02 PM]` (Slack's copy format), the message after it or on the next line.
fn sender_stamp(c: &[char]) -> Option<(Stamp, String)> {
    let open = c.iter().position(|&ch| ch == '[')?;
    let sender: String = c[..open].iter().collect();
    let sender = sender.trim();
    if sender.is_empty() || sender.chars().count() > 60 || sender.contains(':') {
        return None;
    }
    let (time, next) = clock_at(c, skip_spaces(c, open + 1))?;
    let close = skip_spaces(c, next);
    if c.get(close) != Some(&']') {
        return None;
    }
    let rest: String = c[close + 1..].iter().collect();
    let rest = rest.trim();
    let event = if rest.is_empty() {
        format!("{sender}:")
    } else {
        format!("{sender}: {rest}")
    };
    let stamp = Stamp {
        date: None,
        time,
        offset: None,
        zone_word: None,
    };
    Some((stamp, event))
}

/// `**...**` (or `__...__`) around the whole cell.
fn is_bold(text: &str) -> bool {
    text.len() >= 4
        && ((text.starts_with("**") && text.ends_with("**"))
            || (text.starts_with("__") && text.ends_with("__")))
}

/// A time zone abbreviation as timelines write them: `AEST`, `UTC`, `PST`, `NZDT`.
///
/// Upper-case, three to five letters, ending in `T` (or `UTC`). The `T` keeps placeholders
/// (`HH`, `MM`) and notes (`TBD`) from passing as zones.
fn is_zone_abbrev(word: &str) -> bool {
    (3..=5).contains(&word.len())
        && word.bytes().all(|b| b.is_ascii_uppercase())
        && (word.ends_with('T') || word == "UTC")
}

/// `UTC`, `UTC+10`, `UTC+5:30`, `UTC-8`.
fn offset_label(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let (hours, mins) = (minutes.abs() / 60, minutes.abs() % 60);
    match (hours, mins) {
        (0, 0) => "UTC".to_string(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

fn digit_at(c: &[char], i: usize) -> bool {
    c.get(i).is_some_and(char::is_ascii_digit)
}

/// The number written by exactly `n` ASCII digits at `i`.
fn number_at(c: &[char], i: usize, n: usize) -> Option<u32> {
    c.get(i..i.checked_add(n)?)?
        .iter()
        .try_fold(0u32, |acc, ch| Some(acc * 10 + ch.to_digit(10)?))
}

fn skip_spaces(c: &[char], mut i: usize) -> usize {
    while c.get(i).is_some_and(|ch| ch.is_whitespace()) {
        i += 1;
    }
    i
}

fn word_end(c: &[char], mut i: usize) -> usize {
    while c.get(i).is_some_and(|ch| ch.is_alphabetic()) {
        i += 1;
    }
    i
}

/// `YYYY-MM-DD` at `i`, not inside a longer number; returns the date and the index after it.
fn date_at(c: &[char], i: usize) -> Option<(NaiveDate, usize)> {
    if i > 0 && digit_at(c, i - 1) {
        return None;
    }
    let year = number_at(c, i, 4)?;
    if c.get(i + 4) != Some(&'-') || c.get(i + 7) != Some(&'-') || digit_at(c, i + 10) {
        return None;
    }
    let month = number_at(c, i + 5, 2)?;
    let day = number_at(c, i + 8, 2)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some((date, i + 10))
}

/// `H:MM`, `HH:MM`, `HH:MM:SS` (with `.123` fractions) and an optional `AM`/`PM` at `i`, not
/// inside a longer number; returns the time and the index after it.
fn clock_at(c: &[char], i: usize) -> Option<(ClockTime, usize)> {
    if i > 0 && digit_at(c, i - 1) {
        return None;
    }
    let hour_len = if digit_at(c, i + 1) { 2 } else { 1 };
    let mut hour = number_at(c, i, hour_len)?;
    let mut j = i + hour_len;
    if c.get(j) != Some(&':') {
        return None;
    }
    let minute = number_at(c, j + 1, 2)?;
    j += 3;
    let mut second = None;
    if c.get(j) == Some(&':') && !digit_at(c, j + 3) {
        if let Some(s) = number_at(c, j + 1, 2) {
            second = Some(s);
            j += 3;
            if matches!(c.get(j), Some('.' | ',')) && digit_at(c, j + 1) {
                j += 1;
                while digit_at(c, j) {
                    j += 1;
                }
            }
        }
    }
    if digit_at(c, j) {
        return None;
    }
    if let Some((pm, next)) = meridiem_at(c, j) {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
        j = next;
    }
    if hour > 23 || minute > 59 || second.is_some_and(|s| s > 59) {
        return None;
    }
    let time = ClockTime {
        hour: u8::try_from(hour).ok()?,
        minute: u8::try_from(minute).ok()?,
        second: second.and_then(|s| u8::try_from(s).ok()),
    };
    Some((time, j))
}

/// ` AM`, `pm`, `a.m.` at `i` (one space allowed before); `Some(true)` for PM.
fn meridiem_at(c: &[char], i: usize) -> Option<(bool, usize)> {
    let i = if c.get(i) == Some(&' ') { i + 1 } else { i };
    let pm = match c.get(i)?.to_ascii_lowercase() {
        'a' => false,
        'p' => true,
        _ => return None,
    };
    let mut j = i + 1;
    if c.get(j) == Some(&'.') {
        j += 1;
    }
    if !c.get(j).is_some_and(|ch| ch.eq_ignore_ascii_case(&'m')) {
        return None;
    }
    j += 1;
    if c.get(j) == Some(&'.') {
        j += 1;
    }
    if c.get(j).is_some_and(|ch| ch.is_alphanumeric()) {
        return None;
    }
    Some((pm, j))
}

/// A UTC offset at `i`: `Z`, `+10`, `+10:00`, `+1000`, `-8`, `+5:30` (also `−`, and spaces
/// around the sign as in `UTC + 10`); returns minutes east of UTC and the index after it.
fn offset_at(c: &[char], i: usize) -> Option<(i32, usize)> {
    if matches!(c.get(i), Some('Z' | 'z')) && !c.get(i + 1).is_some_and(|ch| ch.is_alphanumeric()) {
        return Some((0, i + 1));
    }
    let s = skip_spaces(c, i);
    let sign = match c.get(s)? {
        '+' => 1,
        '-' | '−' => -1,
        _ => return None,
    };
    let h = skip_spaces(c, s + 1);
    let hour_len = if digit_at(c, h + 1) { 2 } else { 1 };
    let hours = number_at(c, h, hour_len)?;
    let mut j = h + hour_len;
    let mut minutes = 0;
    let colon = usize::from(c.get(j) == Some(&':'));
    if let Some(m) = number_at(c, j + colon, 2) {
        minutes = m;
        j += colon + 2;
    }
    if digit_at(c, j) || hours > 14 || minutes > 59 {
        return None;
    }
    let total = i32::try_from(hours * 60 + minutes).ok()?;
    Some((sign * total, j))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(hour: u8, minute: u8) -> ClockTime {
        ClockTime {
            hour,
            minute,
            second: None,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn dt(y: i32, m: u32, day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        d(y, m, day)
            .and_hms_opt(hour, minute, 0)
            .expect("valid test time")
    }

    #[test]
    fn plain_time() {
        let cell = parse_time_cell("14:01");
        assert_eq!(cell.raw, "14:01");
        assert_eq!(cell.start, Some(t(14, 1)));
        assert_eq!(
            (cell.date, cell.end, cell.zone.as_deref()),
            (None, None, None)
        );
        assert!(!cell.approximate && !cell.onwards && !cell.bold);
    }

    #[test]
    fn approximate_time() {
        let cell = parse_time_cell("~18:05");
        assert_eq!(cell.start, Some(t(18, 5)));
        assert!(cell.approximate);
    }

    #[test]
    fn seconds() {
        let cell = parse_time_cell("**07:41:09**");
        assert_eq!(
            cell.start,
            Some(ClockTime {
                hour: 7,
                minute: 41,
                second: Some(9)
            })
        );
        assert!(cell.bold);
    }

    #[test]
    fn bold_date_and_time() {
        let cell = parse_time_cell("**2031-05-04 14:01**");
        assert!(cell.bold);
        assert_eq!(cell.date, Some(d(2031, 5, 4)));
        assert_eq!(cell.start, Some(t(14, 1)));
        assert!(!cell.approximate);
    }

    #[test]
    fn bold_date_and_approximate_time() {
        let cell = parse_time_cell("**2031-05-06 ~02:00**");
        assert_eq!(cell.date, Some(d(2031, 5, 6)));
        assert_eq!(cell.start, Some(t(2, 0)));
        assert!(cell.approximate && cell.bold);
    }

    #[test]
    fn zone_suffix() {
        let cell = parse_time_cell("**~09:00 AEST**");
        assert_eq!(cell.start, Some(t(9, 0)));
        assert_eq!(cell.zone.as_deref(), Some("AEST"));
        assert!(cell.approximate && cell.bold);
        let cell = parse_time_cell("09:00 UTC+5:30");
        assert_eq!(cell.zone.as_deref(), Some("UTC+5:30"));
        assert_eq!(cell.end, None, "the offset is not a range end");
    }

    #[test]
    fn template_placeholder_has_no_time() {
        let cell = parse_time_cell("**~HH:MM AEST**");
        assert_eq!(cell.start, None);
        assert_eq!(cell.zone.as_deref(), Some("AEST"));
        assert!(cell.approximate && cell.bold);
    }

    #[test]
    fn ranges() {
        for raw in [
            "09:15-09:30",
            "09:15–09:30",
            "09:15 — 09:30",
            "09:15 → 09:30",
            "09:15 -> 09:30",
            "09:15 to 09:30",
        ] {
            let cell = parse_time_cell(raw);
            assert_eq!(cell.start, Some(t(9, 15)), "{raw}");
            assert_eq!(cell.end, Some(t(9, 30)), "{raw}");
        }
        let cell = parse_time_cell("**2031-05-06 ~19:00-19:45**");
        assert_eq!(cell.date, Some(d(2031, 5, 6)));
        assert_eq!((cell.start, cell.end), (Some(t(19, 0)), Some(t(19, 45))));
    }

    #[test]
    fn two_times_without_separator_are_not_a_range() {
        let cell = parse_time_cell("09:15 09:30");
        assert_eq!((cell.start, cell.end), (Some(t(9, 15)), None));
    }

    #[test]
    fn onwards() {
        let cell = parse_time_cell("~22:25 onwards");
        assert_eq!(cell.start, Some(t(22, 25)));
        assert!(cell.onwards && cell.approximate);
        assert_eq!(cell.end, None);
    }

    #[test]
    fn iso_utc() {
        let cell = parse_time_cell("2031-05-04T14:01:00Z");
        assert_eq!(cell.date, Some(d(2031, 5, 4)));
        assert_eq!(cell.start.map(ClockTime::without_seconds), Some(t(14, 1)));
        assert_eq!(cell.start.and_then(|s| s.second), Some(0));
        assert_eq!(cell.zone.as_deref(), Some("UTC"));
        let cell = parse_time_cell("2031-05-04T14:01:00+10:00");
        assert_eq!(cell.zone.as_deref(), Some("UTC+10"));
        assert_eq!(cell.end, None);
    }

    #[test]
    fn date_and_time_without_bold() {
        let cell = parse_time_cell("2031-05-03 22:25");
        assert_eq!(cell.date, Some(d(2031, 5, 3)));
        assert_eq!(cell.start, Some(t(22, 25)));
        assert!(!cell.bold);
    }

    #[test]
    fn date_only() {
        let cell = parse_time_cell("**2031-05-06**");
        assert_eq!(cell.date, Some(d(2031, 5, 6)));
        assert_eq!(cell.start, None);
    }

    #[test]
    fn twelve_hour_clock() {
        assert_eq!(parse_time_cell("2:02 PM").start, Some(t(14, 2)));
        assert_eq!(parse_time_cell("12:10am").start, Some(t(0, 10)));
        assert_eq!(parse_time_cell("12:10 p.m.").start, Some(t(12, 10)));
        assert_eq!(parse_time_cell("13:10 PM").start, None);
    }

    #[test]
    fn not_times() {
        for raw in [
            "",
            "TBD",
            "25:00",
            "12:60",
            "123:45",
            "2031-13-01",
            "1:2",
            "v1.2.3",
        ] {
            let cell = parse_time_cell(raw);
            assert_eq!((cell.date, cell.start), (None, None), "{raw}");
        }
        assert_eq!(parse_time_cell("TBD").zone, None);
    }

    #[test]
    fn raw_is_kept_as_written() {
        let raw = "  **~09:00 AEST** ";
        assert_eq!(parse_time_cell(raw).raw, raw);
    }

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

    fn zone(heading: &str) -> Option<(String, Option<i32>)> {
        parse_timezone_heading(heading).map(|z| (z.label, z.offset_minutes))
    }

    #[test]
    fn timezone_headings() {
        let aest = Some(("AEST".to_string(), Some(600)));
        assert_eq!(zone("Timeline (AEST — UTC+10)"), aest);
        assert_eq!(zone("## Timeline (AEST — UTC+10)"), aest);
        assert_eq!(zone("Timeline (AEST - UTC+10)"), aest);
        assert_eq!(zone("### Timeline (AEST – UTC + 10)"), aest);
        assert_eq!(zone("Timeline (UTC)"), Some(("UTC".to_string(), Some(0))));
        assert_eq!(
            zone("## Timeline (UTC+5:30)"),
            Some(("UTC+5:30".to_string(), Some(330)))
        );
        assert_eq!(
            zone("Timeline (PST, UTC-8)"),
            Some(("PST".to_string(), Some(-480)))
        );
        assert_eq!(zone("Timeline (AEST)"), Some(("AEST".to_string(), None)));
        assert_eq!(zone("Timeline"), None);
        assert_eq!(zone("## Timeline"), None);
        assert_eq!(zone("Timeline (draft)"), None);
        let z = parse_timezone_heading("## Timeline (AEST — UTC+10)").expect("a zone");
        assert_eq!(z.raw, "AEST — UTC+10");
    }

    fn resolve(raws: &[&str], base: Option<NaiveDate>) -> Vec<Option<NaiveDateTime>> {
        let cells: Vec<TimeCell> = raws.iter().map(|r| parse_time_cell(r)).collect();
        let refs: Vec<&TimeCell> = cells.iter().collect();
        resolve_datetimes(&refs, base)
    }

    #[test]
    fn dates_carry_forward_and_cells_set_them() {
        let got = resolve(
            &[
                "~09:00",
                "09:15-09:30",
                "text",
                "**2031-05-06 ~02:00**",
                "05:00",
            ],
            Some(d(2031, 5, 4)),
        );
        assert_eq!(
            got,
            vec![
                Some(dt(2031, 5, 4, 9, 0)),
                Some(dt(2031, 5, 4, 9, 15)),
                None,
                Some(dt(2031, 5, 6, 2, 0)),
                Some(dt(2031, 5, 6, 5, 0)),
            ]
        );
    }

    #[test]
    fn big_step_back_rolls_to_next_day() {
        let got = resolve(&["22:25", "23:50", "00:10", "14:01"], Some(d(2031, 5, 3)));
        assert_eq!(
            got,
            vec![
                Some(dt(2031, 5, 3, 22, 25)),
                Some(dt(2031, 5, 3, 23, 50)),
                Some(dt(2031, 5, 4, 0, 10)),
                Some(dt(2031, 5, 4, 14, 1)),
            ]
        );
        // 22:25 then 14:01: eight hours back, so the next afternoon.
        assert_eq!(
            resolve(&["22:25", "14:01"], Some(d(2031, 5, 3)))[1],
            Some(dt(2031, 5, 4, 14, 1))
        );
    }

    #[test]
    fn small_step_back_stays_on_the_day() {
        // A parallel table restarting three hours earlier is the same day.
        let got = resolve(&["15:35", "12:30-12:45", "13:00"], Some(d(2031, 5, 4)));
        assert_eq!(
            got,
            vec![
                Some(dt(2031, 5, 4, 15, 35)),
                Some(dt(2031, 5, 4, 12, 30)),
                Some(dt(2031, 5, 4, 13, 0)),
            ]
        );
    }

    #[test]
    fn no_date_known_gives_none() {
        assert_eq!(resolve(&["14:01", "15:00"], None), vec![None, None]);
        let got = resolve(&["14:01", "2031-05-04 15:00", "16:00"], None);
        assert_eq!(
            got,
            vec![
                None,
                Some(dt(2031, 5, 4, 15, 0)),
                Some(dt(2031, 5, 4, 16, 0))
            ]
        );
    }

    fn metrics(rows: &[(&str, &str)], heading: &str, base: NaiveDate) -> TimelineMetrics {
        let cells: Vec<TimeCell> = rows.iter().map(|(t, _)| parse_time_cell(t)).collect();
        let events: Vec<Option<KeyEvent>> = rows.iter().map(|(_, e)| classify_event(e)).collect();
        let pairs: Vec<(&TimeCell, Option<&KeyEvent>)> = cells
            .iter()
            .zip(events.iter().map(Option::as_ref))
            .collect();
        let zone = parse_timezone_heading(heading);
        compute_metrics(&pairs, zone.as_ref(), Some(base))
    }

    #[test]
    fn metrics_over_midnight() {
        let m = metrics(
            &[
                ("**2031-05-03 ~21:10**", "**ROOT EVENT**: disk filled"),
                ("~21:10 onwards", "writes fail"),
                ("**2031-05-04 08:00**", "first complaint"),
                ("~08:30", "**INCIDENT DETECTED**: on-call paged"),
                ("~08:40", "**INCIDENT DETECTED**: second page"),
                ("09:05", "**RESOLUTION START**: cleanup"),
                ("**09:47:30**", "**INCIDENT RESOLVED**: writes succeed"),
            ],
            "## Timeline (AEST — UTC+10)",
            d(2031, 5, 4),
        );
        assert_eq!(m.started, Some(dt(2031, 5, 3, 21, 10)));
        assert_eq!(m.detected, Some(dt(2031, 5, 4, 8, 30)));
        let resolved = d(2031, 5, 4).and_hms_opt(9, 47, 30);
        assert_eq!(m.resolved, resolved);
        // 21:10 → 08:30 next day is 11h20m; → 09:47:30 is 12h37m30s.
        assert_eq!(m.time_to_detect_minutes, Some(680));
        assert_eq!(m.time_to_resolve_minutes, Some(757));
        assert_eq!(
            m.suggested_duration.as_deref(),
            Some("~12h37m (21:10 AEST 2031-05-03 → 09:47 AEST 2031-05-04)")
        );
    }

    #[test]
    fn metrics_same_day_exact_and_last_resolution() {
        let m = metrics(
            &[
                ("10:00", "unrelated prelude"),
                ("10:20", "**INCIDENT START**: errors"),
                ("11:00", "**INCIDENT END**: errors stop"),
                ("11:20", "**INCIDENT END**: errors stop again"),
            ],
            "Timeline (UTC)",
            d(2031, 5, 4),
        );
        assert_eq!(m.started, Some(dt(2031, 5, 4, 10, 20)));
        assert_eq!(m.detected, None);
        assert_eq!(m.time_to_detect_minutes, None);
        assert_eq!(m.time_to_resolve_minutes, Some(60));
        assert_eq!(
            m.suggested_duration.as_deref(),
            Some("1h (10:20 UTC → 11:20 UTC)")
        );
    }

    #[test]
    fn metrics_without_key_events_are_not_guessed() {
        let m = metrics(
            &[("10:00", "something"), ("10:30", "more")],
            "Timeline",
            d(2031, 5, 4),
        );
        assert_eq!(m.started, Some(dt(2031, 5, 4, 10, 0)), "first timed row");
        assert_eq!((m.detected, m.resolved), (None, None));
        assert_eq!(m.time_to_resolve_minutes, None);
        assert_eq!(m.suggested_duration, None);
        assert_eq!(
            compute_metrics(&[], None, Some(d(2031, 5, 4))),
            TimelineMetrics::default()
        );
    }

    #[test]
    fn metrics_duration_uses_cell_zone_without_heading() {
        let m = metrics(
            &[
                ("**~09:00 AEST**", "**INCIDENT START**: x"),
                ("**09:40 AEST**", "**INCIDENT RESOLVED**: y"),
            ],
            "Timeline",
            d(2031, 5, 4),
        );
        assert_eq!(
            m.suggested_duration.as_deref(),
            Some("~40m (09:00 AEST → 09:40 AEST)")
        );
    }

    fn pasted(text: &str, heading: &str) -> Vec<(String, String)> {
        let zone = parse_timezone_heading(heading);
        parse_pasted_lines(text, zone.as_ref())
            .into_iter()
            .map(|r| (r.time, r.event))
            .collect()
    }

    fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(t, e)| (t.to_string(), e.to_string()))
            .collect()
    }

    #[test]
    fn paste_chat_lines() {
        let text = "\
            stray first line\n\
            14:02 alice: pods pending\n\
            [14:03] bob: looking\n\
            \x20 still looking  \n\
            \n\
            14:05:33 - carol: found it | maybe\n\
            9:07 dave: early\n";
        assert_eq!(
            pasted(text, "Timeline (AEST — UTC+10)"),
            rows(&[
                ("14:02", "alice: pods pending"),
                ("14:03", "bob: looking still looking"),
                ("14:05:33", "carol: found it | maybe"),
                ("09:07", "dave: early"),
            ])
        );
    }

    #[test]
    fn paste_log_lines_convert_utc_into_the_timeline_zone() {
        let text = "\
            2031-05-04T13:58:10Z level=info msg=\"start\"\n\
            2031-05-04T14:01:00.123Z level=error msg=\"mount failed\"\n\
            2031-05-04T14:02:00+02:00 level=warn msg=\"other zone\"\n\
            goroutine dump follows\n";
        assert_eq!(
            pasted(text, "## Timeline (AEST — UTC+10)"),
            rows(&[
                ("2031-05-04 23:58", "level=info msg=\"start\""),
                ("2031-05-05 00:01", "level=error msg=\"mount failed\""),
                // Back on the earlier day: the date is written again.
                (
                    "2031-05-04 22:02",
                    "level=warn msg=\"other zone\" goroutine dump follows"
                ),
            ])
        );
        // India is UTC+5:30.
        assert_eq!(
            pasted("2031-05-04T20:00:00Z x", "Timeline (UTC+5:30)"),
            rows(&[("2031-05-05 01:30", "x")])
        );
    }

    #[test]
    fn paste_without_zone_offset_keeps_utc_and_says_so() {
        assert_eq!(
            pasted("2031-05-04T14:01:00Z boot", "Timeline"),
            rows(&[("2031-05-04 14:01 UTC", "boot")])
        );
        assert_eq!(
            pasted("[14:01 UTC] boot", "Timeline (AEST)"),
            rows(&[("14:01 UTC", "boot")])
        );
        assert_eq!(
            pasted("[14:01 UTC] boot", "Timeline (AEST - UTC+10)"),
            rows(&[("00:01", "boot")])
        );
    }

    #[test]
    fn paste_local_log_lines_are_kept_as_written() {
        let text = "\
            2031-05-04 14:01:00,123 INFO started\n\
            [2031-05-04 14:02:07] WARN slow\n\
            (14:03) note\n";
        assert_eq!(
            pasted(text, "Timeline (AEST — UTC+10)"),
            rows(&[
                ("2031-05-04 14:01", "INFO started"),
                ("14:02", "WARN slow"),
                ("14:03", "note"),
            ])
        );
    }

    #[test]
    fn paste_slack_style() {
        let text = "alice  [2:02 PM]\npods are pending\nbob [2:04 PM] on it\n";
        assert_eq!(
            pasted(text, "Timeline"),
            rows(&[
                ("14:02", "alice: pods are pending"),
                ("14:04", "bob: on it")
            ])
        );
    }

    #[test]
    fn paste_mid_line_times_are_not_stamps() {
        assert_eq!(
            pasted("meet at 14:00 please\nnote: 14:00 [x]", "Timeline"),
            rows(&[])
        );
        assert_eq!(pasted("14:02abc", "Timeline"), rows(&[]));
    }
}
