//! Timeline cells over the real PIRs (when present) and over arbitrary text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use pir_core::timeline::{
    EventKind, KeyEvent, TimeCell, TimeZoneLabel, classify_event, compute_metrics,
    parse_pasted_lines, parse_time_cell, parse_timezone_heading, resolve_datetimes,
};
use proptest::prelude::*;

use crate::support;

/// One timeline table row as the file has it.
struct Row {
    /// The `###` heading above the row's table, if any.
    table_heading: String,
    /// Which table of the timeline (0-based), in file order.
    table: usize,
    time: String,
    event: String,
}

/// A PIR's Date, timeline heading and timeline rows, found by a plain line scan.
struct Timeline {
    date: Option<NaiveDate>,
    heading: String,
    rows: Vec<Row>,
}

fn is_alignment_row(line: &str) -> bool {
    let inner = line.trim().trim_matches('|');
    !inner.trim().is_empty()
        && inner
            .split('|')
            .all(|cell| cell.trim().chars().all(|c| matches!(c, '-' | ':')) && cell.contains('-'))
}

/// Rows starting with `|` between `## Timeline` and the next `## ` heading, without the
/// header and alignment rows.
fn scan(text: &str) -> Timeline {
    let lines: Vec<&str> = text.lines().collect();
    let date = lines
        .iter()
        .find_map(|l| l.strip_prefix("**Date:**"))
        .and_then(|rest| parse_time_cell(rest.trim()).date);
    let mut timeline = Timeline {
        date,
        heading: String::new(),
        rows: Vec::new(),
    };
    let mut inside = false;
    let mut table_heading = String::new();
    let mut table: Option<usize> = None;
    for (n, line) in lines.iter().enumerate() {
        if line.starts_with("## ") {
            inside = line.starts_with("## Timeline");
            if inside {
                timeline.heading = line.to_string();
            }
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(h) = line.strip_prefix("### ") {
            table_heading = h.to_string();
            continue;
        }
        if !line.starts_with('|') || is_alignment_row(line) {
            continue;
        }
        if lines.get(n + 1).is_some_and(|next| is_alignment_row(next)) {
            table = Some(table.map_or(0, |t| t + 1));
            continue;
        }
        let Some((time, event)) = line[1..].split_once('|') else {
            continue;
        };
        timeline.rows.push(Row {
            table_heading: table_heading.clone(),
            table: table.unwrap_or(0),
            time: time.trim().to_string(),
            event: event.trim().trim_end_matches('|').trim().to_string(),
        });
    }
    timeline
}

/// The real PIR whose file name starts with `prefix`, scanned; `None` (skipped) when absent.
fn real_pir(prefix: &str) -> Option<(PathBuf, Timeline)> {
    let path = support::shared_pirs().into_iter().find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix))
    });
    let Some(path) = path else {
        eprintln!("skipped: no real PIR {prefix}*");
        return None;
    };
    let timeline = scan(&read(&path));
    Some((path, timeline))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn dt(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|day| day.and_hms_opt(h, min, s))
        .expect("valid date-time")
}

/// Cells, key events and zone of a scanned timeline, and their metrics inputs.
struct Parsed {
    cells: Vec<TimeCell>,
    events: Vec<Option<KeyEvent>>,
    zone: Option<TimeZoneLabel>,
}

impl Parsed {
    fn of(timeline: &Timeline) -> Parsed {
        Parsed {
            cells: timeline
                .rows
                .iter()
                .map(|r| parse_time_cell(&r.time))
                .collect(),
            events: timeline
                .rows
                .iter()
                .map(|r| classify_event(&r.event))
                .collect(),
            zone: parse_timezone_heading(&timeline.heading),
        }
    }

    fn datetimes(&self, base: Option<NaiveDate>) -> Vec<Option<NaiveDateTime>> {
        let refs: Vec<&TimeCell> = self.cells.iter().collect();
        resolve_datetimes(&refs, base)
    }

    fn metrics(&self, base: Option<NaiveDate>) -> pir_core::timeline::TimelineMetrics {
        let rows: Vec<(&TimeCell, Option<&KeyEvent>)> = self
            .cells
            .iter()
            .zip(self.events.iter().map(Option::as_ref))
            .collect();
        compute_metrics(&rows, self.zone.as_ref(), base)
    }

    fn kind_counts(&self) -> HashMap<EventKind, usize> {
        let mut counts = HashMap::new();
        for event in self.events.iter().flatten() {
            *counts.entry(event.kind).or_insert(0) += 1;
        }
        counts
    }
}

#[test]
fn every_real_time_cell_with_a_digit_has_a_start() {
    for path in support::shared_pirs() {
        let timeline = scan(&read(&path));
        assert!(
            !timeline.rows.is_empty(),
            "{}: no timeline rows",
            path.display()
        );
        assert!(
            parse_timezone_heading(&timeline.heading).is_some(),
            "{}: {}",
            path.display(),
            timeline.heading
        );
        for row in &timeline.rows {
            if row.time.chars().any(|c| c.is_ascii_digit()) {
                let cell = parse_time_cell(&row.time);
                assert!(cell.start.is_some(), "{}: {:?}", path.display(), row.time);
                assert_eq!(cell.raw, row.time);
            }
        }
    }
}

#[test]
fn real_2026_02_22_metrics() {
    let Some((_, timeline)) = real_pir("2026-02-22") else {
        return;
    };
    let parsed = Parsed::of(&timeline);
    let zone = parsed.zone.clone().expect("the heading names a zone");
    assert_eq!(
        (zone.label.as_str(), zone.offset_minutes),
        ("AEST", Some(600))
    );
    assert_eq!(timeline.date, NaiveDate::from_ymd_opt(2026, 2, 22));

    // By hand from the file: the root event is dated 2026-02-21 ~22:25, detection ~18:05 on
    // the 22nd, resolution 18:48:28. 22:25 → 18:05 is 19h40m, → 18:48:28 is 20h23m28s.
    let m = parsed.metrics(timeline.date);
    assert_eq!(m.started, Some(dt(2026, 2, 21, 22, 25, 0)));
    assert_eq!(m.detected, Some(dt(2026, 2, 22, 18, 5, 0)));
    assert_eq!(m.resolved, Some(dt(2026, 2, 22, 18, 48, 28)));
    assert_eq!(m.time_to_detect_minutes, Some(1180));
    assert_eq!(m.time_to_resolve_minutes, Some(1223));
    assert_eq!(
        m.suggested_duration.as_deref(),
        Some("~20h23m (22:25 AEST 2026-02-21 → 18:48 AEST 2026-02-22)")
    );

    let counts = parsed.kind_counts();
    assert_eq!(counts.get(&EventKind::RootEvent), Some(&1));
    assert_eq!(counts.get(&EventKind::Detected), Some(&1));
    assert_eq!(counts.get(&EventKind::ResolutionStart), Some(&1));
    assert_eq!(counts.get(&EventKind::Resolved), Some(&1));
    assert_eq!(counts.values().sum::<usize>(), 4);

    let at = parsed.datetimes(timeline.date);
    assert!(at.iter().all(Option::is_some));
    assert!(at.windows(2).all(|w| w[0] <= w[1]), "in order: {at:?}");
}

/// The 2026-01-06 PIR has five phase tables and one table of cleanup work done alongside
/// phase 2, whose heading says it is parallel and which restarts three hours before phase 2
/// ends. Resolved in file order, every
/// row is at or after the row before it except the first row of that parallel table, which
/// stays on the same day (it is not rolled over to the next).
#[test]
fn real_2026_01_06_datetimes_in_order_except_the_parallel_table() {
    let Some((_, timeline)) = real_pir("2026-01-06") else {
        return;
    };
    let parsed = Parsed::of(&timeline);
    let base = timeline.date;
    assert_eq!(base, NaiveDate::from_ymd_opt(2026, 1, 6));
    let at = parsed.datetimes(base);
    assert!(at.iter().all(Option::is_some), "every row has a time");
    assert_eq!(timeline.rows.last().map(|r| r.table), Some(5), "six tables");

    let parallel = |row: &Row| row.table_heading.to_lowercase().contains("parallel");
    let mut steps_back = Vec::new();
    for (i, pair) in at.windows(2).enumerate() {
        if pair[1] < pair[0] {
            steps_back.push(i + 1);
        }
    }
    let first_parallel = timeline.rows.iter().position(parallel);
    assert!(first_parallel.is_some(), "the parallel table is there");
    assert_eq!(steps_back, first_parallel.into_iter().collect::<Vec<_>>());

    // Dates as the headings give them: phases 1, 2 and the parallel work on the 6th, phase 3
    // and 4 on the 8th, phase 5 on the 9th.
    let day_of = |i: usize| at[i].map(|a| a.date());
    let expected_day = |row: &Row| match row.table {
        0..=2 => NaiveDate::from_ymd_opt(2026, 1, 6),
        3 | 4 => NaiveDate::from_ymd_opt(2026, 1, 8),
        _ => NaiveDate::from_ymd_opt(2026, 1, 9),
    };
    for (i, row) in timeline.rows.iter().enumerate() {
        assert_eq!(day_of(i), expected_day(row), "{:?}", row.time);
    }

    // No detection marker in this file; started is the incident start, resolved the last
    // INCIDENT END (phase 3, 2026-01-08 18:25).
    let m = parsed.metrics(base);
    assert_eq!(m.started, Some(dt(2026, 1, 6, 9, 0, 0)));
    assert_eq!(m.detected, None);
    assert_eq!(m.time_to_detect_minutes, None);
    assert_eq!(m.resolved, Some(dt(2026, 1, 8, 18, 25, 0)));
    assert_eq!(m.time_to_resolve_minutes, Some(2 * 24 * 60 + 9 * 60 + 25));

    let counts = parsed.kind_counts();
    let expected = [
        (EventKind::IncidentStart, 1),
        (EventKind::PhaseStart, 4),
        (EventKind::PhaseEnd, 2),
        (EventKind::ResolutionStep, 15),
        (EventKind::ServiceRestored, 2),
        (EventKind::Decision, 1),
        (EventKind::Resolved, 2),
        (EventKind::Other, 6),
    ];
    for (kind, n) in expected {
        assert_eq!(counts.get(&kind), Some(&n), "{kind:?}");
    }
    assert_eq!(counts.values().sum::<usize>(), 33);
}

/// Text made of what time cells and pasted lines are made of, plus multi-byte characters
/// placed next to digits and separators, where byte-offset slicing would go wrong.
fn timey() -> impl Strategy<Value = String> {
    "[0-9:~*_\\-–—→>TZz+ .,APMapm\\[\\]()|#é漢🙂\n]{0,60}"
}

fn exercise(text: &str) {
    let cell = parse_time_cell(text);
    assert_eq!(cell.raw, text);
    let event = classify_event(text);
    let zone = parse_timezone_heading(text);
    let wrapped = parse_timezone_heading(&format!("## Timeline ({text})"));
    for z in [zone.as_ref(), wrapped.as_ref(), None] {
        let rows = parse_pasted_lines(text, z);
        let cells: Vec<TimeCell> = rows.iter().map(|r| parse_time_cell(&r.time)).collect();
        let pairs: Vec<(&TimeCell, Option<&KeyEvent>)> =
            cells.iter().map(|c| (c, event.as_ref())).collect();
        let _ = compute_metrics(&pairs, z, NaiveDate::from_ymd_opt(2031, 5, 4));
    }
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>()) {
        exercise(&text);
    }

    #[test]
    fn never_panics_on_time_like_text(text in timey()) {
        exercise(&text);
    }

    #[test]
    fn never_panics_on_bold_labels(label in timey(), rest in any::<String>()) {
        exercise(&format!("**{label}**{rest}"));
        exercise(&format!("**{label}:** {rest}"));
    }
}
