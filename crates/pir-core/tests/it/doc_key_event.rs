//! Key-event markers set and cleared through [`Edit::TimelineSetKeyEvent`]: one line changes,
//! the marker follows the timeline's own style, and every kind can be written and read back.
//! The text after a marker is edited apart from it ([`Edit::TimelineSetEventText`]), and a
//! time apart from the bold it is written in ([`Edit::TimelineSetTimeText`]).

use pir_core::doc::{Document, Edit};
use pir_core::timeline::EventKind;

use crate::doc::{changed_lines, invalid};
use crate::support;

/// A small timeline: unpadded rows, one of them already marked in the `**X:**` style when
/// `inside` is set, else in the `**X**:` style.
fn timeline(inside: bool) -> String {
    let marker = if inside {
        "**INCIDENT START:**"
    } else {
        "**INCIDENT START**:"
    };
    format!(
        "# Post Incident Review: Queue Stall\n\n## Timeline (UTC)\n\n\
         | Time | Event |\n| --- | --- |\n\
         | 09:00 | {marker} Consumers stop acking |\n\
         | 09:10 | Pager fires for queue depth |\n\
         | 09:40 | Broker restarted |\n\n## Impact\n\nSlow orders.\n"
    )
}

fn set(index: usize, kind: Option<EventKind>, label: Option<&str>) -> Edit {
    Edit::TimelineSetKeyEvent {
        index,
        kind,
        label: label.map(str::to_string),
    }
}

fn applied(text: &str, edit: &Edit) -> Document {
    let mut d = Document::parse(text);
    d.apply(edit).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
    d
}

fn row_event(d: &Document, i: usize) -> String {
    d.model().timeline.as_ref().unwrap().rows[i].event.clone()
}

#[test]
fn every_standard_kind_is_written_on_one_line_and_read_back() {
    let t = timeline(false);
    let kinds = [
        (EventKind::RootEvent, "ROOT EVENT"),
        (EventKind::IncidentStart, "INCIDENT START"),
        (EventKind::Detected, "INCIDENT DETECTED"),
        (EventKind::Decision, "DECISION"),
        (EventKind::ResolutionStart, "RESOLUTION START"),
        (EventKind::ServiceRestored, "SERVICE RESTORED"),
        (EventKind::Resolved, "INCIDENT RESOLVED"),
    ];
    for (kind, label) in kinds {
        let d = applied(&t, &set(1, Some(kind), None));
        let diff = changed_lines(&t, d.text());
        assert_eq!(
            diff,
            vec![(
                8,
                "| 09:10 | Pager fires for queue depth |".to_string(),
                format!("| 09:10 | **{label}**: Pager fires for queue depth |")
            )],
            "{kind:?}"
        );
        let row = &d.model().timeline.as_ref().unwrap().rows[1];
        assert_eq!(row.key_event.as_ref().map(|e| e.kind), Some(kind));
    }
}

#[test]
fn kinds_without_a_standard_label_need_one() {
    let t = timeline(false);
    let mut d = Document::parse(t.clone());
    for kind in [
        EventKind::ResolutionStep,
        EventKind::PhaseStart,
        EventKind::PhaseEnd,
        EventKind::Other,
    ] {
        invalid(&mut d, set(2, Some(kind), None));
    }
    let cases = [
        (EventKind::ResolutionStep, "RESOLUTION 1.2"),
        (EventKind::PhaseStart, "PHASE 2 START"),
        (EventKind::PhaseEnd, "PHASE 2 END"),
        (EventKind::Other, "Broker tuned"),
    ];
    for (kind, label) in cases {
        let d = applied(&t, &set(2, Some(kind), Some(label)));
        assert_eq!(
            row_event(&d, 2),
            format!("**{label}**: Broker restarted"),
            "{kind:?}"
        );
        let row = &d.model().timeline.as_ref().unwrap().rows[2];
        let ke = row.key_event.as_ref().unwrap();
        assert_eq!((ke.kind, ke.label.as_str()), (kind, label));
    }
    // A label that reads as another kind, or cannot be a marker, is refused.
    let mut d = Document::parse(t.clone());
    invalid(
        &mut d,
        set(2, Some(EventKind::ResolutionStep), Some("DECISION")),
    );
    invalid(&mut d, set(2, Some(EventKind::Other), Some("ROOT EVENT")));
    invalid(&mut d, set(2, Some(EventKind::Other), Some("a**b")));
    invalid(&mut d, set(2, Some(EventKind::Other), Some("two\nlines")));
    invalid(&mut d, set(9, Some(EventKind::Decision), None));
}

#[test]
fn replacing_and_clearing_keep_the_rest_of_the_event() {
    let t = timeline(false);
    let d = applied(&t, &set(0, Some(EventKind::RootEvent), None));
    let diff = changed_lines(&t, d.text());
    assert_eq!(diff.len(), 1);
    assert_eq!(
        diff[0].2,
        "| 09:00 | **ROOT EVENT**: Consumers stop acking |"
    );

    let d = applied(&t, &set(0, None, None));
    let diff = changed_lines(&t, d.text());
    assert_eq!(
        diff,
        vec![(
            7,
            "| 09:00 | **INCIDENT START**: Consumers stop acking |".to_string(),
            "| 09:00 | Consumers stop acking |".to_string()
        )]
    );
    assert_eq!(d.model().timeline.as_ref().unwrap().rows[0].key_event, None);
    // Clearing a row without a marker, or setting the kind a row has, changes nothing.
    assert_eq!(applied(&t, &set(1, None, None)).text(), t);
    assert_eq!(
        applied(&t, &set(0, Some(EventKind::IncidentStart), None)).text(),
        t
    );
}

#[test]
fn set_then_clear_round_trips_byte_identically() {
    for inside in [false, true] {
        let t = timeline(inside);
        for kind in [EventKind::Decision, EventKind::Resolved] {
            let mut d = Document::parse(t.clone());
            d.apply(&set(2, Some(kind), None)).unwrap();
            assert_ne!(d.text(), t);
            d.apply(&set(2, None, None)).unwrap();
            assert_eq!(d.text(), t, "{kind:?}, inside: {inside}");
        }
    }
}

#[test]
fn a_new_marker_follows_the_style_the_timeline_uses() {
    // The colon inside the bold, as the marked row writes it.
    let t = timeline(true);
    let d = applied(&t, &set(1, Some(EventKind::Detected), None));
    assert_eq!(
        row_event(&d, 1),
        "**INCIDENT DETECTED:** Pager fires for queue depth"
    );
    // A row's own marker keeps its style and its spacing.
    let t = t.replace(
        "| 09:40 | Broker restarted |",
        "| 09:40 | __DECISION__ :  Broker restarted |",
    );
    let d = applied(&t, &set(2, Some(EventKind::ResolutionStart), None));
    let diff = changed_lines(&t, d.text());
    assert_eq!(diff.len(), 1);
    assert_eq!(
        diff[0].2,
        "| 09:40 | __RESOLUTION START__:  Broker restarted |"
    );
    // An empty event gets the marker alone.
    let t = timeline(false).replace("Broker restarted", "");
    let d = applied(&t, &set(2, Some(EventKind::Resolved), None));
    assert_eq!(row_event(&d, 2), "**INCIDENT RESOLVED**:");
}

#[test]
fn padded_tables_keep_their_column_width() {
    let t = "## Timeline\n\n\
             | Time  | Event                          |\n\
             | ----- | ------------------------------ |\n\
             | 10:00 | Disk fills                     |\n\
             | 10:05 | Alert                          |\n";
    let d = applied(t, &set(0, Some(EventKind::RootEvent), None));
    let diff = changed_lines(t, d.text());
    assert_eq!(
        diff,
        vec![(
            5,
            "| 10:00 | Disk fills                     |".to_string(),
            "| 10:00 | **ROOT EVENT**: Disk fills     |".to_string()
        )]
    );
}

#[test]
fn real_pirs_marker_edits_change_one_line() {
    for p in support::shared_pirs() {
        let t = std::fs::read_to_string(&p).unwrap();
        let d0 = Document::parse(t.clone());
        let rows = d0.model().timeline.as_ref().unwrap().rows.clone();
        for (i, row) in rows.iter().enumerate() {
            // Setting the kind a marked row has is a no-op; a new kind rewrites one line and
            // keeps the text after the marker.
            if let Some(ke) = &row.key_event {
                let same = set(i, Some(ke.kind), Some(&ke.label));
                assert_eq!(applied(&t, &same).text(), t, "{}: row {i}", p.display());
            }
            let d = applied(&t, &set(i, Some(EventKind::Decision), None));
            if row.key_event.as_ref().map(|e| e.kind) == Some(EventKind::Decision) {
                continue;
            }
            let diff = changed_lines(&t, d.text());
            assert_eq!(diff.len(), 1, "{}: row {i}", p.display());
            assert_eq!(diff[0].0, row.line);
            let new = &d.model().timeline.as_ref().unwrap().rows[i];
            assert_eq!(new.key_event.as_ref().unwrap().kind, EventKind::Decision);
            let rest = |e: &str| -> String {
                match pir_core::timeline::find_marker(e) {
                    Some(m) => e[m.rest_start..].to_string(),
                    None => e.trim().to_string(),
                }
            };
            assert_eq!(
                rest(&new.event),
                rest(&row.event),
                "{}: row {i}",
                p.display()
            );
        }
    }
}

fn set_text(index: usize, text: &str) -> Edit {
    Edit::TimelineSetEventText {
        index,
        text: text.to_string(),
    }
}

#[test]
fn the_event_text_is_the_cell_after_its_marker_in_either_style() {
    for inside in [false, true] {
        let d = Document::parse(timeline(inside));
        let rows = &d.model().timeline.as_ref().unwrap().rows;
        assert_eq!(rows[0].event_text, "Consumers stop acking");
        assert_eq!(rows[1].event_text, rows[1].event);
    }
}

#[test]
fn setting_the_event_text_keeps_the_marker_as_written_and_changes_one_line() {
    for (inside, marker) in [
        (false, "**INCIDENT START**:"),
        (true, "**INCIDENT START:**"),
    ] {
        let t = timeline(inside);
        let d = applied(&t, &set_text(0, "Consumers stall on a poison message"));
        assert_eq!(
            changed_lines(&t, d.text()),
            vec![(
                7,
                format!("| 09:00 | {marker} Consumers stop acking |"),
                format!("| 09:00 | {marker} Consumers stall on a poison message |")
            )]
        );
        let row = &d.model().timeline.as_ref().unwrap().rows[0];
        assert_eq!(
            row.key_event.as_ref().map(|e| e.kind),
            Some(EventKind::IncidentStart)
        );
        assert_eq!(row.event_text, "Consumers stall on a poison message");
    }
    // A row without a marker: the text is the whole cell.
    let t = timeline(false);
    let d = applied(&t, &set_text(2, "Broker restarted with a larger heap"));
    assert_eq!(row_event(&d, 2), "Broker restarted with a larger heap");
    // No text after the marker: the marker stays, alone.
    let d = applied(&t, &set_text(0, ""));
    assert_eq!(row_event(&d, 0), "**INCIDENT START**:");
    assert_eq!(
        d.model().timeline.as_ref().unwrap().rows[0]
            .key_event
            .as_ref()
            .map(|e| e.kind),
        Some(EventKind::IncidentStart)
    );
}

#[test]
fn the_real_pirs_event_texts_set_back_change_nothing_and_new_ones_keep_each_marker() {
    for path in support::shared_pirs() {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = Document::parse(text.clone());
        let rows = doc.model().timeline.as_ref().unwrap().rows.clone();
        for (i, row) in rows.iter().enumerate() {
            let same = applied(&text, &set_text(i, &row.event_text));
            assert_eq!(same.text(), text, "{}: row {i}", path.display());
            let d = applied(&text, &set_text(i, "Checked again"));
            assert_eq!(changed_lines(&text, d.text()).len(), 1, "row {i}");
            let now = &d.model().timeline.as_ref().unwrap().rows[i];
            assert_eq!(now.event_text, "Checked again", "row {i}");
            assert_eq!(now.key_event, row.key_event, "row {i}");
        }
    }
}

fn set_time(index: usize, text: &str) -> Edit {
    Edit::TimelineSetTimeText {
        index,
        text: text.to_string(),
    }
}

#[test]
fn a_bold_time_is_shown_without_its_bold_and_set_in_it() {
    let t = "# Post Incident Review: Queue Stall\n\n## Timeline (UTC)\n\n\
             | Time | Event |\n| --- | --- |\n\
             | **09:12 UTC** | Pager fires |\n\
             | __~09:20__ | Broker restarted |\n\
             | 09:40 | Queue drained |\n";
    let d = Document::parse(t);
    let times: Vec<(String, bool)> = d
        .model()
        .timeline
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .map(|r| (r.time.text.clone(), r.time.bold))
        .collect();
    assert_eq!(
        times,
        [
            ("09:12 UTC".to_string(), true),
            ("~09:20".to_string(), true),
            ("09:40".to_string(), false)
        ]
    );
    let d = applied(t, &set_time(0, "09:13 UTC"));
    assert_eq!(
        changed_lines(t, d.text()),
        vec![(
            7,
            "| **09:12 UTC** | Pager fires |".to_string(),
            "| **09:13 UTC** | Pager fires |".to_string()
        )]
    );
    let d = applied(t, &set_time(1, "~09:25"));
    assert!(d.text().contains("| __~09:25__ | Broker restarted |"));
    let d = applied(t, &set_time(2, "09:41"));
    assert!(d.text().contains("| 09:41 | Queue drained |"));
    // An emptied bold time leaves an empty cell, not a pair of stars.
    let d = applied(t, &set_time(0, ""));
    let row = &d.model().timeline.as_ref().unwrap().rows[0];
    assert_eq!((row.time.raw.as_str(), row.time.bold), ("", false));
}

#[test]
fn every_time_text_set_back_changes_nothing_in_the_sample_and_real_pirs() {
    let (_sample, sites) = support::sample_and_shared_sites();
    let mut checked = 0;
    for site in sites {
        let dir = site.join("docs/incidents");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = Document::parse(text.clone());
            let Some(tl) = doc.model().timeline.as_ref() else {
                continue;
            };
            for (i, row) in tl.rows.iter().enumerate() {
                let same = applied(&text, &set_time(i, &row.time.text));
                assert_eq!(same.text(), text, "{}: row {i}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no timeline rows were checked");
}
