//! Timeline arithmetic: a full date and time for every row (dates carried forward, nights
//! rolled over), and time to detect and resolve from the key events.
//!
//! Values computed here are offered to the author (the Duration field, the stats page); they
//! are never written into a document unless the author asks.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

use super::{ClockTime, EventKind, KeyEvent, TimeCell, TimeZoneLabel};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::{classify_event, parse_time_cell, parse_timezone_heading};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn dt(y: i32, m: u32, day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        d(y, m, day)
            .and_hms_opt(hour, minute, 0)
            .expect("valid test time")
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
}
