//! Timelines in the styles sites write them: bullet and numbered lists whose items start with
//! a time (bold or not, with a zone or not), and tables that split the Date from the Time.
//! Each is read into rows, edited one item or cell at a time, and grows rows that look like
//! their neighbours; an unchanged model writes every byte back.

use pir_core::doc::{Document, Edit, TimelineKind};
use pir_core::timeline::EventKind;

use crate::support;

fn fixture(name: &str) -> String {
    let p = support::fixtures().join("docs").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Applies `edits` and checks that the text became `text` with `old` (which occurs once)
/// replaced by `new`: nothing else moved.
fn assert_edit(text: &str, edits: &[Edit], old: &str, new: &str) -> Document {
    assert_eq!(text.matches(old).count(), 1, "{old:?} must name one span");
    let mut d = Document::parse(text);
    d.apply_all(edits)
        .unwrap_or_else(|e| panic!("{edits:?}: {e}"));
    assert_eq!(d.text(), text.replacen(old, new, 1), "after {edits:?}");
    d
}

fn times(d: &Document) -> Vec<String> {
    let tl = d.model().timeline.as_ref().expect("a timeline");
    tl.rows.iter().map(|r| r.time.raw.clone()).collect()
}

#[test]
fn a_bullet_list_timeline_gives_rows_kinds_and_metrics() {
    let d = Document::parse(fixture("timeline-bullets.md"));
    let tl = d.model().timeline.as_ref().unwrap();
    assert_eq!(tl.tables.len(), 1);
    assert_eq!(tl.tables[0].kind, TimelineKind::Bullets);
    assert_eq!(
        times(&d),
        ["2026-09-14 06:12", "06:14", "06:20", "06:41", "06:53"]
    );
    let r = &tl.rows[1];
    assert_eq!(r.event, "**INCIDENT DETECTED**: First alert fires.");
    assert_eq!(r.event_text, "First alert fires.");
    assert_eq!(r.key_event.as_ref().unwrap().kind, EventKind::Detected);
    assert_eq!(r.line, 19);
    // ` - ` separates as well as ` — `; the prose line above the list is no row.
    assert_eq!(tl.rows[3].event, "Renewal job found failing since August.");
    assert_eq!(tl.metrics.time_to_detect_minutes, Some(2));
    assert_eq!(tl.metrics.time_to_resolve_minutes, Some(41));
    // The "Where we got lucky" list is outside the timeline.
    assert_eq!(tl.rows.len(), 5);
}

#[test]
fn a_numbered_list_with_bold_zoned_times_gives_rows_per_phase() {
    let d = Document::parse(fixture("timeline-numbered.md"));
    let tl = d.model().timeline.as_ref().unwrap();
    assert_eq!(tl.tables.len(), 2);
    assert!(tl.tables.iter().all(|t| t.kind == TimelineKind::Numbered));
    assert_eq!(tl.tables[1].phase.as_deref(), Some("Phase 2: Recovery"));
    let r = &tl.rows[0];
    assert_eq!(r.time.raw, "**22:25 AEST**");
    assert!(r.time.bold);
    assert_eq!(r.time.text, "22:25 AEST");
    assert_eq!(r.time.zone.as_deref(), Some("AEST"));
    assert_eq!(r.key_event.as_ref().unwrap().kind, EventKind::RootEvent);
    // A bold time needs no separator but a space.
    assert_eq!(tl.rows[3].time.raw, "**2026-03-03 00:10 AEST**");
    assert_eq!(tl.rows[3].event, "First recovery attempt.");
    assert_eq!(tl.rows[4].table, 1);
    assert_eq!(tl.metrics.time_to_detect_minutes, Some(40));
    assert_eq!(tl.metrics.time_to_resolve_minutes, Some(120));
}

#[test]
fn a_split_date_and_time_table_gives_each_row_both() {
    let d = Document::parse(fixture("timeline-split-columns.md"));
    let tl = d.model().timeline.as_ref().unwrap();
    let t = &tl.tables[0];
    assert_eq!(t.kind, TimelineKind::Table);
    assert_eq!(
        (t.date_column, t.time_column, t.event_column),
        (Some(0), 1, Some(2))
    );
    assert_eq!(times(&d)[3], "2026-07-22 00:15");
    let last = &tl.rows[3].time;
    assert_eq!(last.date.unwrap().to_string(), "2026-07-22");
    assert_eq!(last.start.unwrap().to_string(), "00:15");
    // 09:02 on the 21st to 00:15 on the 22nd: the Date column carries the day over.
    assert_eq!(tl.metrics.time_to_resolve_minutes, Some(15 * 60 + 13));
}

#[test]
fn unchanged_models_write_every_style_back_byte_identically() {
    for name in [
        "timeline-bullets.md",
        "timeline-numbered.md",
        "timeline-split-columns.md",
    ] {
        let t = fixture(name);
        let mut d = Document::parse(t.clone());
        let m = d.model().clone();
        d.apply_model(&m).unwrap();
        assert_eq!(d.text(), t, "{name}");
    }
}

#[test]
fn list_item_edits_splice_only_that_items_time_or_event() {
    let t = fixture("timeline-bullets.md");
    assert_edit(
        &t,
        &[Edit::TimelineSetTimeText {
            index: 2,
            text: "06:21".into(),
        }],
        "- 06:20 —",
        "- 06:21 —",
    );
    assert_edit(
        &t,
        &[Edit::TimelineSetEventText {
            index: 1,
            text: "First page.".into(),
        }],
        "First alert fires.",
        "First page.",
    );
    assert_edit(
        &t,
        &[Edit::TimelineSetKeyEvent {
            index: 3,
            kind: Some(EventKind::Decision),
            label: None,
        }],
        "- 06:41 - Renewal",
        "- 06:41 - **DECISION**: Renewal",
    );
    // A bold time stays bold, its own way.
    let n = fixture("timeline-numbered.md");
    assert_edit(
        &n,
        &[Edit::TimelineSetTimeText {
            index: 1,
            text: "22:41 AEST".into(),
        }],
        "**22:40 AEST**",
        "**22:41 AEST**",
    );
    // Through the model, as the grid sends it.
    let mut d = Document::parse(t.clone());
    let mut m = d.model().clone();
    m.timeline.as_mut().unwrap().rows[4].event = "Fixed.".into();
    d.apply_model(&m).unwrap();
    assert_eq!(
        d.text(),
        t.replace(
            "**INCIDENT RESOLVED**: New certificate deployed; errors stop.",
            "Fixed."
        )
    );
}

#[test]
fn a_list_item_that_would_stop_being_a_row_is_refused() {
    let t = fixture("timeline-bullets.md");
    let mut d = Document::parse(t.clone());
    for e in [
        Edit::TimelineSetTime {
            index: 1,
            text: "soon".into(),
        },
        Edit::TimelineSetTime {
            index: 1,
            text: String::new(),
        },
        Edit::TimelineAdd {
            time: "later".into(),
            event: "x".into(),
            phase: None,
        },
    ] {
        crate::doc::invalid(&mut d, e);
    }
    assert_eq!(d.text(), t);
}

#[test]
fn new_list_rows_copy_their_neighbours_style() {
    let t = fixture("timeline-bullets.md");
    let d = assert_edit(
        &t,
        &[Edit::TimelineAdd {
            time: "07:30".into(),
            event: "Incident review booked.".into(),
            phase: None,
        }],
        "errors stop.\n",
        "errors stop.\n- 07:30 — Incident review booked.\n",
    );
    assert_eq!(d.model().timeline.as_ref().unwrap().rows.len(), 6);
    // The grid adds a blank row, then fills it in: a list item must start with a time, so it
    // starts at its neighbour's, and takes the list's separator once it has an event.
    assert_edit(
        &t,
        &[
            Edit::TimelineAdd {
                time: String::new(),
                event: String::new(),
                phase: None,
            },
            Edit::TimelineSetEventText {
                index: 5,
                text: "Review booked.".into(),
            },
        ],
        "errors stop.\n",
        "errors stop.\n- 06:53 — Review booked.\n",
    );
    // Numbered, bold, zoned, space-separated phase 2 appends `3.`; in phase 1, an item inserted
    // second is `2.` with the list's `: ` and the ones after count on.
    let n = fixture("timeline-numbered.md");
    assert_edit(
        &n,
        &[Edit::TimelineAdd {
            time: "00:40".into(),
            event: "Alert tuned.".into(),
            phase: None,
        }],
        "Backlog drained.\n",
        "Backlog drained.\n3. **00:40 AEST** Alert tuned.\n",
    );
    assert_edit(
        &n,
        &[Edit::TimelineInsert {
            index: 1,
            time: "22:30".into(),
            event: "Lag climbs.".into(),
        }],
        "2. **22:40 AEST**: Queue depth passes 10k.\n3. **23:05",
        "2. **22:30 AEST**: Lag climbs.\n3. **22:40 AEST**: Queue depth passes 10k.\n4. **23:05",
    );
    // A list that writes the date on every item gets it on the new one too.
    let dated = "## Timeline\n\n* **2026-09-14 06:12** Expiry.\n* **2026-09-14 06:14** Alert.\n";
    assert_edit(
        dated,
        &[Edit::TimelineAdd {
            time: "06:20".into(),
            event: "Ack.".into(),
            phase: None,
        }],
        "Alert.\n",
        "Alert.\n* **2026-09-14 06:20** Ack.\n",
    );
}

#[test]
fn list_deletes_and_moves_keep_the_numbering() {
    let n = fixture("timeline-numbered.md");
    assert_edit(
        &n,
        &[Edit::TimelineDelete { index: 0 }],
        "1. **22:25 AEST**: **ROOT EVENT**: Consumer deploy halves the worker pool.\n\
         2. **22:40 AEST**: Queue depth passes 10k.\n3. **23:05",
        "1. **22:40 AEST**: Queue depth passes 10k.\n2. **23:05",
    );
    assert_edit(
        &n,
        &[Edit::TimelineMove { from: 2, to: 1 }],
        "2. **22:40 AEST**: Queue depth passes 10k.\n\
         3. **23:05 AEST**: **INCIDENT DETECTED**: Backlog alert pages on-call.",
        "2. **23:05 AEST**: **INCIDENT DETECTED**: Backlog alert pages on-call.\n\
         3. **22:40 AEST**: Queue depth passes 10k.",
    );
    // Moved into the other phase, the row takes that list's style and numbering.
    let mut d = Document::parse(n);
    d.apply(&Edit::TimelineMove { from: 1, to: 4 }).unwrap();
    assert!(
        d.text()
            .contains("2. **23:05 AEST**: **INCIDENT DETECTED**")
    );
    assert!(
        d.text()
            .contains("3. **22:40 AEST** Queue depth passes 10k.\n")
    );
    assert_eq!(d.model().timeline.as_ref().unwrap().rows.len(), 5);
}

#[test]
fn split_date_and_time_edits_write_each_part_to_its_column() {
    let t = fixture("timeline-split-columns.md");
    assert_edit(
        &t,
        &[Edit::TimelineSetTimeText {
            index: 2,
            text: "2026-07-22 00:05".into(),
        }],
        "| 2026-07-21 | 23:40 | Failover",
        "| 2026-07-22 | 00:05 | Failover",
    );
    // The model's time is both cells; changing only the time leaves the date cell alone.
    let mut d = Document::parse(t.clone());
    let mut m = d.model().clone();
    m.timeline.as_mut().unwrap().rows[1].time.raw = "2026-07-21 09:11".into();
    d.apply_model(&m).unwrap();
    assert_eq!(d.text(), t.replace("| 09:10 |", "| 09:11 |"));
    // A new row fills both columns, padded like its neighbours, dated like them.
    assert_edit(
        &t,
        &[Edit::TimelineAdd {
            time: "00:30".into(),
            event: "Issuer confirms the fix".into(),
            phase: None,
        }],
        "normal   |\r\n",
        "normal   |\r\n| 2026-07-22 | 00:30 | Issuer confirms the fix                       |\r\n",
    );
}

#[test]
fn a_new_table_row_takes_the_style_its_whole_column_shares() {
    let styled = "## Timeline\n\n| Time | Event |\n| --- | --- |\n| **14:05 AEST** | a |\n\
                  | **14:09 AEST** | b |\n";
    assert_edit(
        styled,
        &[Edit::TimelineAdd {
            time: "14:20".into(),
            event: "c".into(),
            phase: None,
        }],
        "| b |\n",
        "| b |\n| **14:20 AEST** | c |\n",
    );
    // Bold only on the key events is emphasis, not the column's style: a plain row.
    let mixed = "## Timeline\n\n| Time | Event |\n| --- | --- |\n| **14:05** | **ROOT EVENT**: a |\n\
                 | 14:09 | b |\n";
    assert_edit(
        mixed,
        &[Edit::TimelineAdd {
            time: "14:20".into(),
            event: "c".into(),
            phase: None,
        }],
        "| b |\n",
        "| b |\n| 14:20 | c |\n",
    );
}

#[test]
fn an_items_indented_continuation_lines_go_where_it_goes() {
    let t = "## Timeline\n\n- 06:12 — Expiry,\n  noticed later.\n- 06:14 — Alert.\n  - paged twice\n\n## Next\n";
    let d = Document::parse(t);
    let tl = d.model().timeline.as_ref().unwrap();
    assert_eq!(tl.rows.len(), 2);
    assert_eq!(tl.rows[0].event, "Expiry,");
    let mut moved = d.clone();
    moved.apply(&Edit::TimelineMove { from: 0, to: 1 }).unwrap();
    assert_eq!(
        moved.text(),
        "## Timeline\n\n- 06:14 — Alert.\n  - paged twice\n- 06:12 — Expiry,\n  noticed later.\n\n## Next\n"
    );
    assert_edit(
        t,
        &[Edit::TimelineDelete { index: 0 }],
        "- 06:12 — Expiry,\n  noticed later.\n",
        "",
    );
    assert_edit(
        t,
        &[Edit::TimelineAdd {
            time: "06:20".into(),
            event: "Ack.".into(),
            phase: None,
        }],
        "  - paged twice\n",
        "  - paged twice\n- 06:20 — Ack.\n",
    );
}

#[test]
fn a_model_row_replaced_by_one_of_another_block_is_deleted_and_inserted() {
    // A one-column table, then a two-column one: the model drops row 1 of the first and
    // adds an evented row to the second at the same position.
    let t = "## Timeline\n\n| Time |\n|---|\n| 09:00 |\n| 09:05 |\n\n| Time | Event |\n|---|---|\n| 10:00 | a |\n";
    let mut d = Document::parse(t);
    let mut m = d.model().clone();
    let tl = m.timeline.as_mut().unwrap();
    let mut row = tl.rows[2].clone();
    row.time.raw = "09:30".into();
    row.event = "b".into();
    tl.rows.insert(2, row);
    tl.rows.remove(1);
    d.apply_model(&m).unwrap();
    assert_eq!(
        d.text(),
        "## Timeline\n\n| Time |\n|---|\n| 09:00 |\n\n| Time | Event |\n|---|---|\n| 09:30 | b |\n| 10:00 | a |\n"
    );
}
