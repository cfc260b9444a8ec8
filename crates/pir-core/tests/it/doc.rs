//! The lossless document model: parsing, round trips, edits, model diffs, over the crate's
//! own fixtures and the real PIRs of the shared site.

use std::path::PathBuf;

use pir_core::ErrorKind;
use pir_core::doc::{Document, Edit, PirModel};

use crate::support;

fn fixture(name: &str) -> String {
    let p = support::fixtures().join("docs").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn fixture_names() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(support::fixtures().join("docs"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    v.sort();
    v
}

fn real(name_part: &str) -> Option<(PathBuf, String)> {
    let p = support::shared_pirs()
        .into_iter()
        .find(|p| p.to_string_lossy().contains(name_part))?;
    let t = std::fs::read_to_string(&p).ok()?;
    Some((p, t))
}

/// Applies `edit` to `text` and checks that the result is `before + new + after` where the
/// replaced part is `text[start..end]`, given as the old text it must equal.
fn assert_splice(text: &str, edit: &Edit, old: &str, new: &str) -> Document {
    let mut d = Document::parse(text);
    d.apply(edit).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
    let at = text
        .find(old)
        .unwrap_or_else(|| panic!("{old:?} not in text"));
    assert_eq!(
        text.matches(old).count(),
        1,
        "{old:?} must occur once to name the span"
    );
    let expected = format!("{}{new}{}", &text[..at], &text[at + old.len()..]);
    assert_eq!(d.text(), expected, "after {edit:?}");
    d
}

#[test]
fn every_fixture_and_real_pir_round_trips_byte_identically() {
    let mut n = 0;
    for name in fixture_names() {
        let t = fixture(&name);
        assert_eq!(Document::parse(t.clone()).text(), t, "{name}");
        n += 1;
    }
    assert!(n >= 5, "expected at least five fixtures, found {n}");
    for p in support::shared_pirs() {
        let t = std::fs::read_to_string(&p).unwrap();
        let d = Document::parse(t.clone());
        assert_eq!(d.text(), t, "{}", p.display());
        assert_eq!(d.into_text(), t);
    }
}

#[test]
fn multi_phase_fixture_model() {
    let d = Document::parse(fixture("multi-phase.md"));
    let m = d.model();
    assert_eq!(
        m.title.as_deref(),
        Some("Post Incident Review: Payments API Outage After Connection Pool Exhaustion")
    );
    assert_eq!(
        m.short_title.as_deref(),
        Some("Payments API Outage After Connection Pool Exhaustion")
    );
    assert_eq!(m.date.as_deref(), Some("2026-03-14"));
    assert_eq!(m.status.as_deref(), Some("Resolved"));
    assert_eq!(
        m.severity.as_deref(),
        Some("Critical (card payments failed for all merchants)")
    );
    assert_eq!(m.metadata.len(), 4);
    assert_eq!(m.metadata[1].key, "Duration");
    assert_eq!(m.metadata[1].line, 4);
    assert!(m.missing_metadata.is_empty());
    assert!(m.missing_sections.is_empty(), "{:?}", m.missing_sections);
    assert!(!m.has_front_matter);
    let tl = m.timeline.as_ref().unwrap();
    assert_eq!(tl.heading, "Timeline (AEDT - UTC+11)");
    assert_eq!(tl.tables.len(), 2);
    assert_eq!(tl.rows.len(), 8);
    assert_eq!(tl.rows[0].time.raw, "**2026-03-14 ~23:40**");
    assert_eq!(
        tl.rows[0].event,
        "**INCIDENT START**: Settlement batch starts retrying ledger writes"
    );
    assert_eq!(
        tl.rows[0].phase.as_deref(),
        Some("Phase 1: Pool Exhaustion")
    );
    assert_eq!(tl.rows[0].line, 23);
    assert_eq!(tl.rows[4].phase.as_deref(), Some("Phase 2: Recovery"));
    assert_eq!(tl.rows[4].table, 1);
    assert_eq!(tl.rows[7].time.raw, "04:50");
    // Tables outside the timeline: Services Affected and Action Items; none from code.
    assert_eq!(m.tables.len(), 2);
    assert_eq!(m.tables[0].header, vec!["Service", "Impact", "Duration"]);
    assert_eq!(m.tables[0].rows.len(), 3);
    let services = m
        .sections
        .iter()
        .find(|s| s.heading == "Services Affected")
        .unwrap();
    assert_eq!(m.tables[0].section, Some(services.id));
    assert_eq!(
        m.tables[1].rows[2],
        vec!["3", "Load test the pool at 2x peak", "Medium", "SRE"]
    );
    // `#` lines in fences (also one indented in a list) are not headings.
    assert!(
        !m.sections
            .iter()
            .any(|s| s.heading.contains("not a heading")
                || s.heading.contains("Pause the batch")
                || s.heading.contains("double hash"))
    );
    let h2: Vec<&str> = m
        .sections
        .iter()
        .filter(|s| s.level == 2)
        .map(|s| s.heading.as_str())
        .collect();
    assert_eq!(
        h2,
        vec![
            "Executive Summary",
            "Timeline (AEDT - UTC+11)",
            "Root Causes",
            "Impact",
            "Resolution Steps Taken",
            "Verification",
            "Preventive Measures",
            "Lessons Learned",
            "Action Items",
            "Technical Details",
            "References"
        ]
    );
    // The section tree: Impact holds Services Affected and Scope.
    let impact = m.sections.iter().find(|s| s.heading == "Impact").unwrap();
    let kids: Vec<&str> = impact
        .children
        .iter()
        .map(|&c| m.sections[c].heading.as_str())
        .collect();
    assert_eq!(kids, vec!["Services Affected", "Scope"]);
    assert_eq!(m.sections[services.id].parent, Some(impact.id));
    // Spans describe the text.
    let t = d.text();
    assert_eq!(
        &t[impact.heading_span.start..impact.heading_span.end],
        "## Impact\n"
    );
    // Its own body is the blank line before the first sub-section; its extent ends at the
    // next H2.
    assert_eq!(&t[impact.body_span.start..impact.body_span.end], "\n");
    assert!(t[impact.heading_span.start..impact.end].ends_with("merchants\n\n---\n\n"));
    // This document has no How headings.
    assert!(m.how_chains.is_empty());
}

#[test]
fn single_table_fixture_model_and_how_chain() {
    let d = Document::parse(fixture("single-table-how.md"));
    let m = d.model();
    let tl = m.timeline.as_ref().unwrap();
    assert_eq!(tl.tables.len(), 1);
    assert_eq!(tl.tables[0].phase, None);
    assert_eq!(tl.rows.len(), 7);
    assert!(tl.rows.iter().all(|r| r.phase.is_none()));
    assert_eq!(tl.rows[1].time.raw, "~09:05 onwards");
    assert_eq!(tl.rows[4].time.raw, "09:40 → 10:10");
    assert_eq!(m.tables.len(), 2);
    assert_eq!(m.how_chains.len(), 1);
    let steps = &m.how_chains[0].steps;
    assert_eq!(steps.len(), 3);
    assert_eq!(m.how_chains[0].title, None);
    assert_eq!(steps[0].question, "How did builds fail?");
    assert_eq!(
        steps[0].answer,
        "Build agents could not resolve the artifact store's name."
    );
    // An answer with a fence holding a `#` line stays whole.
    assert!(steps[1].answer.starts_with("The secondary resolver"));
    assert!(steps[1].answer.ends_with("# the zone ended here\n```"));
    // The trailing `---` rule is not part of the last answer.
    assert_eq!(
        steps[2].answer,
        "There is no check that compares record counts between primary and secondary."
    );
    assert!(m.missing_sections.is_empty(), "{:?}", m.missing_sections);
}

#[test]
fn chains_split_at_chain_headings() {
    let m = Document::parse(fixture("front-matter.md")).model().clone();
    assert_eq!(m.how_chains.len(), 2);
    assert_eq!(
        m.how_chains[0].title.as_deref(),
        Some("Chain 1: Silent renewal failure")
    );
    assert_eq!(m.how_chains[0].steps.len(), 2);
    assert_eq!(m.how_chains[1].steps.len(), 1);
    assert_eq!(
        m.how_chains[1].steps[0].answer,
        "The expiry exporter only watched the origin certificates.\n".trim_end()
    );
    assert_eq!(m.tags, vec!["edge", "tls", "2026"]);
    assert!(m.has_front_matter);
    assert_eq!(m.date.as_deref(), Some("2026-06-01"));
    assert_eq!(m.timeline.as_ref().unwrap().rows.len(), 3);
    use pir_core::doc::Align;
    assert_eq!(
        m.timeline.as_ref().map(|t| t.tables[0].header.clone()),
        Some(vec!["Time".to_string(), "Event".to_string()])
    );
    let _ = Align::Right;
}

#[test]
fn crlf_fixture_model_keeps_values_clean() {
    let d = Document::parse(fixture("crlf-tabs.md"));
    assert_eq!(d.line_ending(), "\r\n");
    let m = d.model();
    assert_eq!(
        m.title.as_deref(),
        Some("Post Incident Review: Object Storage Replication Lag")
    );
    assert_eq!(m.date.as_deref(), Some("2026-07-09"));
    assert_eq!(m.duration.as_deref(), Some("~3h (13:00 AEST → 16:00 AEST)"));
    assert_eq!(
        m.severity.as_deref(),
        Some("Low (replicas behind, no data loss)")
    );
    let tl = m.timeline.as_ref().unwrap();
    assert_eq!(tl.rows.len(), 4);
    assert_eq!(
        tl.rows[0].event,
        "**INCIDENT START**: MTU change on the inter-site link"
    );
    assert_eq!(tl.rows[1].time.raw, "13:40");
    assert_eq!(m.how_chains.len(), 1);
    assert_eq!(m.how_chains[0].steps.len(), 2);
    assert_eq!(
        m.how_chains[0].steps[1].answer,
        "It skipped the change review because it was filed as routine."
    );
    assert_eq!(m.tables.len(), 1);
    assert_eq!(m.tables[0].rows.len(), 2);
    assert!(m.missing_sections.contains(&"Impact".to_string()));
}

#[test]
fn sparse_fixture_reports_what_is_missing() {
    let m = Document::parse(fixture("sparse.md")).model().clone();
    assert_eq!(m.title.as_deref(), Some("Queue Consumer Stall"));
    assert_eq!(m.short_title.as_deref(), Some("Queue Consumer Stall"));
    assert_eq!(m.date.as_deref(), Some("2026-05-20"));
    assert_eq!(m.status.as_deref(), Some("Monitoring"));
    assert_eq!(m.metadata[2].key, "Owner");
    assert_eq!(m.missing_metadata, vec!["Duration", "Severity"]);
    assert_eq!(
        m.missing_sections,
        vec![
            "Root Causes",
            "Impact",
            "Resolution Steps Taken",
            "Verification",
            "Preventive Measures",
            "Lessons Learned",
            "Action Items",
            "Technical Details",
            "References"
        ]
    );
    // A timeline section without a table has no rows; the table after it is an ordinary table.
    assert_eq!(m.timeline.as_ref().unwrap().rows.len(), 0);
    assert_eq!(m.tables.len(), 1);
    assert!(!m.has_front_matter && m.tags.is_empty());
}

#[test]
fn real_pirs_metadata_and_timeline_counts() {
    // Counts taken from the files with grep/awk, independently of this parser.
    if let Some((_, t)) = real("cascade") {
        let m = Document::parse(t).model().clone();
        assert_eq!(m.date.as_deref(), Some("2026-01-06"));
        assert_eq!(m.status.as_deref(), Some("Resolved"));
        assert_eq!(m.metadata.len(), 4);
        assert!(m.missing_metadata.is_empty());
        assert!(m.missing_sections.is_empty(), "{:?}", m.missing_sections);
        let tl = m.timeline.as_ref().unwrap();
        assert_eq!(tl.tables.len(), 6);
        assert_eq!(tl.rows.len(), 93);
        let per: Vec<usize> = (0..6)
            .map(|k| tl.rows.iter().filter(|r| r.table == k).count())
            .collect();
        assert_eq!(per, vec![16, 19, 6, 25, 19, 8]);
        assert_eq!(
            tl.tables[2].phase.as_deref(),
            Some("Cleanup Operations (Parallel with Phase 2)")
        );
        assert_eq!(tl.rows[0].time.raw, "~09:00");
        assert_eq!(tl.rows[0].line, 34);
        assert_eq!(tl.rows[92].line, 151);
        assert_eq!(m.tables.len(), 1);
        assert_eq!(m.tables[0].rows.len(), 22);
        assert_eq!(m.tables[0].line, 1151);
        assert!(m.how_chains.is_empty());
        assert_eq!(m.sections.len(), 90);
    }
    if let Some((_, t)) = real("2026-02-22") {
        let m = Document::parse(t).model().clone();
        assert_eq!(m.date.as_deref(), Some("2026-02-22"));
        assert_eq!(m.metadata.len(), 4);
        let tl = m.timeline.as_ref().unwrap();
        assert_eq!(tl.tables.len(), 1);
        assert_eq!(tl.rows.len(), 22);
        assert_eq!(tl.rows[0].line, 26);
        assert_eq!(m.tables.len(), 4);
        let rows: Vec<usize> = m.tables.iter().map(|t| t.rows.len()).collect();
        assert_eq!(rows, vec![3, 12, 3, 2]);
        assert_eq!(m.how_chains.len(), 1);
        assert_eq!(m.how_chains[0].steps.len(), 9);
        assert_eq!(m.sections.len(), 47);
        assert!(m.missing_sections.is_empty(), "{:?}", m.missing_sections);
    }
}

#[test]
fn cr_only_fixtures_read_as_their_lf_versions() {
    for name in fixture_names() {
        let lf = fixture(&name).replace("\r\n", "\n");
        let cr = lf.replace('\n', "\r");
        let d = Document::parse(cr.clone());
        assert_eq!(d.text(), cr, "{name}");
        assert_eq!(d.model(), Document::parse(lf).model(), "{name}");
        assert!(!d.model().sections.is_empty(), "{name}");
    }
    // An added line gets the file's `\r`.
    let mut d = Document::parse("# T\r\r**Date:** 2026-01-02\r");
    d.apply(&Edit::SetMetadata {
        key: "Severity".into(),
        value: "Low".into(),
    })
    .unwrap();
    assert_eq!(d.text(), "# T\r\r**Date:** 2026-01-02\r**Severity:** Low\r");
    assert_eq!(d.model().severity.as_deref(), Some("Low"));
}

#[test]
fn model_serialises_and_reads_back() {
    for name in fixture_names() {
        let m = Document::parse(fixture(&name)).model().clone();
        let json = serde_json::to_string(&m).unwrap();
        let back: PirModel = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m, "{name}");
    }
}

#[test]
fn parse_survives_odd_inputs() {
    for t in [
        "",
        "---",
        "---\n",
        "---\ntags: [a\n---\n",
        "\u{feff}---\ntags: x\n---\n# T",
        "#",
        "# \n##\n###### x ######\n####### seven",
        "| a |\n|---|",
        "|a|\n|-|\n|b|c|d|",
        "x\r",
        "**Date:**",
        "## Timeline\n| Time |\n|---|\n| 1 |",
        "## Root Causes\n#### How",
        "> | a | b |\n> |---|---|\n> | 1 | 2 |\n",
    ] {
        let d = Document::parse(t);
        assert_eq!(d.text(), t);
        let _ = serde_json::to_string(d.model()).unwrap();
    }
}

pub(crate) fn invalid(d: &mut Document, e: Edit) {
    let before = d.text().to_string();
    let err = d.apply(&e).expect_err("must fail");
    assert_eq!(err.kind, ErrorKind::InvalidInput, "{e:?}");
    assert_eq!(d.text(), before, "{e:?} must leave the text unchanged");
}

#[test]
fn table_cell_edits_keep_padding_and_touch_one_cell() {
    let t = fixture("multi-phase.md");
    // Padded table: the column width is kept.
    assert_splice(
        &t,
        &Edit::TableSetCell {
            table: 1,
            row: 1,
            column: 2,
            text: "Low".into(),
        },
        "| 2   | Alert on pool saturation above 80 %  | High     | SRE      |",
        "| 2   | Alert on pool saturation above 80 %  | Low      | SRE      |",
    );
    // A value longer than the column widens only its own row.
    assert_splice(
        &t,
        &Edit::TableSetCell {
            table: 0,
            row: 1,
            column: 2,
            text: "about one hour".into(),
        },
        "| Merchant portal  | Slow dashboards                  | ~1h      |",
        "| Merchant portal  | Slow dashboards                  | about one hour |",
    );
    // Header cells too.
    assert_splice(
        &t,
        &Edit::TableSetHeader {
            table: 0,
            column: 2,
            text: "Lasted".into(),
        },
        "| Service          | Impact                           | Duration |",
        "| Service          | Impact                           | Lasted   |",
    );
    // Unpadded table: one space each side, as written.
    let t = fixture("single-table-how.md");
    let d = assert_splice(
        &t,
        &Edit::TableSetCell {
            table: 1,
            row: 1,
            column: 3,
            text: "Done | verified".into(),
        },
        "| Medium | Remove manual serial edits | Infra | Open |",
        "| Medium | Remove manual serial edits | Infra | Done \\| verified |",
    );
    assert_eq!(d.model().tables[1].rows[1][3], "Done | verified");
    // CRLF, a tab and trailing spaces around the table survive a cell edit.
    let t = fixture("crlf-tabs.md");
    assert_splice(
        &t,
        &Edit::TimelineSetEvent {
            index: 0,
            text: "MTU lowered on the link".into(),
        },
        "| 13:00 | **INCIDENT START**: MTU change on the inter-site link\t|",
        "| 13:00 | MTU lowered on the link\t|",
    );
    assert_splice(
        &t,
        &Edit::TimelineSetTime {
            index: 1,
            text: "~13:41".into(),
        },
        "|  13:40 |",
        "|  ~13:41 |",
    );
}

#[test]
fn table_row_edits_follow_neighbours() {
    let t = fixture("multi-phase.md");
    let row3 = "| 3   | Load test the pool at 2x peak        | Medium   | SRE      |\n";
    assert_splice(
        &t,
        &Edit::TableAddRow {
            table: 1,
            cells: vec!["4".into(), "Chaos test | staging".into(), "Low".into()],
        },
        row3,
        &format!("{row3}| 4   | Chaos test \\| staging                | Low      |          |\n"),
    );
    let row1 = "| 1   | Exponential backoff in settlement    | High     | Payments |\n";
    assert_splice(
        &t,
        &Edit::TableInsertRow {
            table: 1,
            index: 0,
            cells: vec!["0".into(), "First".into()],
        },
        row1,
        &format!("| 0   | First                                |          |          |\n{row1}"),
    );
    assert_splice(
        &t,
        &Edit::TableDeleteRow { table: 1, index: 1 },
        "| 2   | Alert on pool saturation above 80 %  | High     | SRE      |\n",
        "",
    );
    let services = "| Payments API     | All card charges failed          | ~25 min  |\n\
                    | Merchant portal  | Slow dashboards                  | ~1h      |\n\
                    | Settlement batch | Paused until the pool was raised | ~4h      |\n";
    assert_splice(
        &t,
        &Edit::TableMoveRow {
            table: 0,
            from: 0,
            to: 2,
        },
        services,
        "| Merchant portal  | Slow dashboards                  | ~1h      |\n\
         | Settlement batch | Paused until the pool was raised | ~4h      |\n\
         | Payments API     | All card charges failed          | ~25 min  |\n",
    );
    assert_splice(
        &t,
        &Edit::TableSort {
            table: 0,
            column: 0,
            descending: false,
        },
        services,
        "| Merchant portal  | Slow dashboards                  | ~1h      |\n\
         | Payments API     | All card charges failed          | ~25 min  |\n\
         | Settlement batch | Paused until the pool was raised | ~4h      |\n",
    );
    // Unpadded: one space each side.
    let t = fixture("single-table-how.md");
    assert_splice(
        &t,
        &Edit::TableInsertRow {
            table: 0,
            index: 1,
            cells: vec!["CI".into(), "Red builds".into(), "~1h".into()],
        },
        "| Wiki | Search index stale | ~1h35m |\n",
        "| CI | Red builds | ~1h |\n| Wiki | Search index stale | ~1h35m |\n",
    );
}

#[test]
fn rows_at_the_end_of_a_crlf_file_without_final_newline() {
    let t = fixture("crlf-tabs.md");
    assert!(!t.ends_with('\n'));
    let last = "\r\n| 2 | Lag alert at 10 minutes | Medium |";
    let d = assert_splice(
        &t,
        &Edit::TableAddRow {
            table: 0,
            cells: vec!["3".into(), "Runbook".into(), "Low".into()],
        },
        last,
        &format!("{last}\r\n| 3 | Runbook | Low |"),
    );
    assert!(!d.text().ends_with('\n'));
    assert_eq!(d.model().tables[0].rows.len(), 3);
    let d = assert_splice(&t, &Edit::TableDeleteRow { table: 0, index: 1 }, last, "");
    assert!(d.text().ends_with("| High |"));
    assert_splice(
        &t,
        &Edit::TableMoveRow {
            table: 0,
            from: 1,
            to: 0,
        },
        "| 1 | Path MTU check in the change pipeline | High |\r\n| 2 | Lag alert at 10 minutes | Medium |",
        "| 2 | Lag alert at 10 minutes | Medium |\r\n| 1 | Path MTU check in the change pipeline | High |",
    );
    // A new timeline row copies the CRLF ending of its neighbour.
    assert_splice(
        &t,
        &Edit::TimelineInsert {
            index: 2,
            time: "14:00".into(),
            event: "Rollback approved".into(),
        },
        "| 14:10 | **RESOLUTION START**: MTU reverted |\r\n",
        "| 14:00 | Rollback approved |\r\n| 14:10 | **RESOLUTION START**: MTU reverted |\r\n",
    );
}

#[test]
fn timeline_row_edits_across_phase_tables() {
    let t = fixture("multi-phase.md");
    let last_p1 = "| 23:58                 | Pool gauge shows 200/200 connections in use                              |\n";
    let d = assert_splice(
        &t,
        &Edit::TimelineAdd {
            time: "23:59".into(),
            event: "Pager escalated".into(),
            phase: Some("phase 1: pool exhaustion".into()),
        },
        last_p1,
        &format!(
            "{last_p1}| 23:59                 | Pager escalated                                                          |\n"
        ),
    );
    let tl = d.model().timeline.clone().unwrap();
    assert_eq!(tl.rows.len(), 9);
    assert_eq!(tl.rows[4].event, "Pager escalated");
    assert_eq!(
        tl.rows[4].phase.as_deref(),
        Some("Phase 1: Pool Exhaustion")
    );
    // Without a phase, the row goes to the last table.
    let end = "| 04:50                 | **INCIDENT RESOLVED**: Backlog of 12 000 payouts fully settled  |\n";
    assert_splice(
        &t,
        &Edit::TimelineAdd {
            time: "05:00".into(),
            event: "Review booked".into(),
            phase: None,
        },
        end,
        &format!(
            "{end}| 05:00                 | Review booked                                                   |\n"
        ),
    );
    // Insert before global row 5 (the second row of phase 2).
    let r5 = "| 00:20                 | **RESOLUTION 2.1**: Pool size raised to 400 and pods restarted  |\n";
    assert_splice(
        &t,
        &Edit::TimelineInsert {
            index: 5,
            time: "00:10".into(),
            event: "Pool change approved".into(),
        },
        r5,
        &format!(
            "| 00:10                 | Pool change approved                                            |\n{r5}"
        ),
    );
    assert_splice(&t, &Edit::TimelineDelete { index: 3 }, last_p1, "");
    // Moving the last row of phase 1 down past the first row of phase 2 moves it into phase
    // 2, written in that table's widths.
    let mut d = Document::parse(t.clone());
    d.apply(&Edit::TimelineMove { from: 3, to: 4 }).unwrap();
    let first_p2 = "| **2026-03-15 00:05**  | **RESOLUTION START**: Settlement batch paused                   |\n";
    let moved = "| 23:58                 | Pool gauge shows 200/200 connections in use                     |\n";
    let expected = t
        .replace(last_p1, "")
        .replace(first_p2, &format!("{first_p2}{moved}"));
    assert_eq!(d.text(), expected);
    let tl = d.model().timeline.clone().unwrap();
    assert_eq!(tl.rows[4].time.raw, "23:58");
    assert_eq!(tl.rows[4].phase.as_deref(), Some("Phase 2: Recovery"));
    // Within a table a move keeps each line's bytes.
    let mut d = Document::parse(t.clone());
    d.apply(&Edit::TimelineMove { from: 2, to: 0 }).unwrap();
    let rows: Vec<String> = d
        .model()
        .timeline
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .map(|r| r.time.raw.clone())
        .collect();
    assert_eq!(
        rows[..4],
        ["23:52", "**2026-03-14 ~23:40**", "23:45-23:50", "23:58"]
    );
    // Sorting rows already in order changes nothing.
    let mut d = Document::parse(t.clone());
    d.apply(&Edit::TimelineSort).unwrap();
    assert_eq!(d.text(), t);
}

#[test]
fn bad_edits_are_invalid_input_and_change_nothing() {
    let mut d = Document::parse(fixture("multi-phase.md"));
    invalid(
        &mut d,
        Edit::TableSetCell {
            table: 9,
            row: 0,
            column: 0,
            text: "x".into(),
        },
    );
    invalid(
        &mut d,
        Edit::TableSetCell {
            table: 0,
            row: 3,
            column: 0,
            text: "x".into(),
        },
    );
    invalid(
        &mut d,
        Edit::TableSetCell {
            table: 0,
            row: 0,
            column: 3,
            text: "x".into(),
        },
    );
    invalid(
        &mut d,
        Edit::TableSetCell {
            table: 0,
            row: 0,
            column: 0,
            text: "two\nlines".into(),
        },
    );
    invalid(
        &mut d,
        Edit::TableAddRow {
            table: 0,
            cells: vec!["1".into(); 4],
        },
    );
    invalid(
        &mut d,
        Edit::TableInsertRow {
            table: 0,
            index: 4,
            cells: vec![],
        },
    );
    invalid(&mut d, Edit::TableDeleteRow { table: 1, index: 3 });
    invalid(
        &mut d,
        Edit::TableMoveRow {
            table: 1,
            from: 0,
            to: 3,
        },
    );
    invalid(
        &mut d,
        Edit::TableSort {
            table: 1,
            column: 4,
            descending: false,
        },
    );
    invalid(&mut d, Edit::TimelineDelete { index: 8 });
    invalid(&mut d, Edit::TimelineMove { from: 8, to: 0 });
    invalid(
        &mut d,
        Edit::TimelineInsert {
            index: 9,
            time: "1".into(),
            event: "e".into(),
        },
    );
    invalid(
        &mut d,
        Edit::TimelineAdd {
            time: "1".into(),
            event: "e".into(),
            phase: Some("Phase 9".into()),
        },
    );
    invalid(
        &mut d,
        Edit::SetHowAnswer {
            chain: 0,
            step: 0,
            text: "x".into(),
        },
    );
    invalid(
        &mut d,
        Edit::ReplaceSectionBody {
            section: 999,
            text: "x".into(),
        },
    );
    invalid(&mut d, Edit::RemoveTag { tag: "nope".into() });
    invalid(
        &mut d,
        Edit::RemoveMetadata {
            key: "Owner".into(),
        },
    );
    invalid(
        &mut d,
        Edit::SetMetadata {
            key: "Date".into(),
            value: "a\nb".into(),
        },
    );
    invalid(&mut d, Edit::AddTag { tag: " ".into() });
    let mut no_timeline = Document::parse("# T\n\n## Summary\n");
    invalid(
        &mut no_timeline,
        Edit::TimelineAdd {
            time: "1".into(),
            event: "e".into(),
            phase: None,
        },
    );
    invalid(&mut no_timeline, Edit::TimelineSort);
    let mut sparse = Document::parse(fixture("sparse.md"));
    invalid(
        &mut sparse,
        Edit::TimelineAdd {
            time: "1".into(),
            event: "e".into(),
            phase: Some("Phase 1".into()),
        },
    );
    // apply_all is all or nothing.
    let before = d.text().to_string();
    let err = d
        .apply_all(&[
            Edit::TableSetCell {
                table: 0,
                row: 0,
                column: 0,
                text: "ok".into(),
            },
            Edit::TableDeleteRow {
                table: 0,
                index: 99,
            },
        ])
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(d.text(), before);
}

/// Line-level differences between two texts: (line number, old, new) for changed lines,
/// when the line count is the same.
pub(crate) fn changed_lines(a: &str, b: &str) -> Vec<(usize, String, String)> {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.split('\n').collect(), b.split('\n').collect());
    assert_eq!(la.len(), lb.len(), "line count changed");
    la.iter()
        .zip(&lb)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| (i + 1, x.to_string(), y.to_string()))
        .collect()
}

#[test]
fn real_pirs_one_cell_edit_changes_one_line() {
    for p in support::shared_pirs() {
        let t = std::fs::read_to_string(&p).unwrap();
        let mut d = Document::parse(t.clone());
        let m = d.model().clone();
        let Some(table) = m
            .tables
            .iter()
            .find(|t| t.header.len() >= 3 && !t.rows.is_empty())
        else {
            continue;
        };
        let line_no = table.row_lines[0];
        d.apply(&Edit::TableSetCell {
            table: table.id,
            row: 0,
            column: 1,
            text: "Edited".into(),
        })
        .unwrap();
        let diff = changed_lines(&t, d.text());
        assert_eq!(diff.len(), 1, "{}", p.display());
        let (n, old, new) = &diff[0];
        assert_eq!(*n, line_no);
        // Expected line computed by splitting on pipes here, independently of the parser.
        let mut parts: Vec<String> = old.split('|').map(str::to_string).collect();
        let w = parts[2].chars().count();
        parts[2] = if w >= 8 {
            format!(" {:<width$}", "Edited", width = w - 1)
        } else {
            " Edited ".into()
        };
        let padded = table_is_padded(&t, table.line);
        if !padded {
            parts[2] = " Edited ".into();
        }
        assert_eq!(*new, parts.join("|"), "{}", p.display());
        assert_eq!(d.model().tables[table.id].rows[0][1], "Edited");

        // A timeline edit: one line again.
        let mut d = Document::parse(t.clone());
        let tl = m.timeline.as_ref().unwrap();
        let last = tl.rows.len() - 1;
        d.apply(&Edit::TimelineSetEvent {
            index: last,
            text: "Closed".into(),
        })
        .unwrap();
        let diff = changed_lines(&t, d.text());
        assert_eq!(diff.len(), 1);
        assert_eq!(diff[0].0, tl.rows[last].line);
        assert!(diff[0].2.contains("| Closed "));
        // Deleting a timeline row removes exactly its line.
        let mut d = Document::parse(t.clone());
        d.apply(&Edit::TimelineDelete { index: 0 }).unwrap();
        let mut lines: Vec<&str> = t.split('\n').collect();
        lines.remove(tl.rows[0].line - 1);
        assert_eq!(d.text(), lines.join("\n"));
        assert_eq!(
            d.model().timeline.as_ref().unwrap().rows.len(),
            tl.rows.len() - 1
        );
    }
}

/// Whether the table at 1-based `line` has every row as wide as its header (checked here by
/// character counts, independently of the parser).
fn table_is_padded(text: &str, line: usize) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    let w = lines[line - 1].chars().count();
    lines[line - 1..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .all(|l| l.chars().count() == w)
}

#[test]
fn metadata_edits_splice_the_value_or_add_a_line_in_style() {
    let t = fixture("multi-phase.md");
    assert_splice(
        &t,
        &Edit::SetMetadata {
            key: "status".into(),
            value: "Monitoring".into(),
        },
        "**Status:** Resolved\n",
        "**Status:** Monitoring\n",
    );
    // CRLF, trailing spaces and a tab after the key survive.
    let t = fixture("crlf-tabs.md");
    assert_splice(
        &t,
        &Edit::SetMetadata {
            key: "Date".into(),
            value: "2026-07-10".into(),
        },
        "**Date:** 2026-07-09  \r\n",
        "**Date:** 2026-07-10  \r\n",
    );
    assert_splice(
        &t,
        &Edit::SetMetadata {
            key: "Duration".into(),
            value: "~4h".into(),
        },
        "**Duration:**\t~3h (13:00 AEST → 16:00 AEST)\r\n",
        "**Duration:**\t~4h\r\n",
    );
    // Missing fields are added in the template's order and in the file's `**Key**:` style.
    let t = fixture("sparse.md");
    let d = assert_splice(
        &t,
        &Edit::SetMetadata {
            key: "Severity".into(),
            value: "Low".into(),
        },
        "**Date**: 2026-05-20\n",
        "**Date**: 2026-05-20\n**Severity**: Low\n",
    );
    assert_eq!(d.model().missing_metadata, vec!["Duration"]);
    assert_splice(
        &t,
        &Edit::SetMetadata {
            key: "Reviewer".into(),
            value: "Sam".into(),
        },
        "**Owner**: platform team\n",
        "**Owner**: platform team\n**Reviewer**: Sam\n",
    );
    let d = assert_splice(
        &t,
        &Edit::RemoveMetadata {
            key: "owner".into(),
        },
        "**Owner**: platform team\n",
        "",
    );
    assert_eq!(d.model().metadata.len(), 2);
    // No metadata block at all: one is started under the title.
    let t = "# Disk full\n\n## Summary\n";
    assert_splice(
        t,
        &Edit::SetMetadata {
            key: "Date".into(),
            value: "2026-01-02".into(),
        },
        "# Disk full\n",
        "# Disk full\n\n**Date:** 2026-01-02\n",
    );
}

#[test]
fn title_edits() {
    let t = fixture("multi-phase.md");
    let d = assert_splice(
        &t,
        &Edit::SetTitle {
            text: "Post Incident Review: Payments API Outage".into(),
        },
        "# Post Incident Review: Payments API Outage After Connection Pool Exhaustion\n",
        "# Post Incident Review: Payments API Outage\n",
    );
    assert_eq!(
        d.model().short_title.as_deref(),
        Some("Payments API Outage")
    );
    // Closing hashes and trailing spaces are kept.
    assert_splice(
        "# Old title ##  \r\nbody\r\n",
        &Edit::SetTitle { text: "New".into() },
        "Old title",
        "New",
    );
    // A document without an H1 gets one after its front matter.
    assert_splice(
        "---\na: 1\n---\n## Summary\n",
        &Edit::SetTitle {
            text: "Post Incident Review: X".into(),
        },
        "---\n## Summary",
        "---\n# Post Incident Review: X\n\n## Summary",
    );
}

#[test]
fn tag_edits_in_every_shape() {
    let t = fixture("front-matter.md");
    let d = assert_splice(
        &t,
        &Edit::AddTag { tag: "dns".into() },
        "  - \"2026\"\n",
        "  - \"2026\"\n  - dns\n",
    );
    assert_eq!(d.model().tags, vec!["edge", "tls", "2026", "dns"]);
    assert_splice(&t, &Edit::RemoveTag { tag: "tls".into() }, "  - tls\n", "");
    assert_splice(
        &t,
        &Edit::AddTag { tag: "true".into() },
        "  - \"2026\"\n",
        "  - \"2026\"\n  - \"true\"\n",
    );
    // Adding a tag that is there already changes nothing.
    let mut d = Document::parse(t.clone());
    d.apply(&Edit::AddTag { tag: "edge".into() }).unwrap();
    assert_eq!(d.text(), t);

    let flow = "---\ntags: [a, 'b c']\n---\n# T\n";
    assert_splice(
        flow,
        &Edit::AddTag { tag: "d".into() },
        "[a, 'b c']",
        "[a, 'b c', d]",
    );
    assert_splice(
        flow,
        &Edit::RemoveTag { tag: "b c".into() },
        "[a, 'b c']",
        "[a]",
    );
    assert_splice(
        "---\ntags: []\n---\n",
        &Edit::AddTag { tag: "x".into() },
        "[]",
        "[x]",
    );
    assert_splice(
        "---\ntitle: t\n---\n# T\n",
        &Edit::AddTag { tag: "x".into() },
        "title: t\n",
        "title: t\ntags:\n  - x\n",
    );
    // No front matter: it is created, in the file's line ending.
    let t = fixture("crlf-tabs.md");
    let mut d = Document::parse(t.clone());
    d.apply(&Edit::AddTag {
        tag: "storage".into(),
    })
    .unwrap();
    assert_eq!(
        d.text(),
        format!("---\r\ntags:\r\n  - storage\r\n---\r\n\r\n{t}")
    );
    assert!(d.model().has_front_matter);
    assert_eq!(d.model().tags, vec!["storage"]);
    assert_eq!(d.model().title, Document::parse(t).model().title);
}

#[test]
fn section_body_replacement_keeps_line_endings() {
    let t = fixture("crlf-tabs.md");
    let mut d = Document::parse(t.clone());
    let id = d
        .model()
        .sections
        .iter()
        .find(|s| s.heading == "Executive Summary")
        .unwrap()
        .id;
    let body = d.section_body(id).unwrap();
    assert!(!body.contains('\r'));
    d.apply(&Edit::ReplaceSectionBody {
        section: id,
        text: body.replace("fell", "drifted"),
    })
    .unwrap();
    assert_eq!(
        d.text(),
        t.replace("fell three hours", "drifted three hours")
    );
    // The unchanged body is a no-op, even for a section with sub-sections.
    let t = fixture("multi-phase.md");
    let mut d = Document::parse(t.clone());
    for s in d.model().sections.clone() {
        let body = d.section_body(s.id).unwrap();
        d.apply(&Edit::ReplaceSectionBody {
            section: s.id,
            text: body,
        })
        .unwrap();
    }
    assert_eq!(d.text(), t);
    let summary = d
        .model()
        .sections
        .iter()
        .find(|s| s.heading == "Executive Summary")
        .unwrap()
        .id;
    let old = d.section_body(summary).unwrap();
    assert_splice(
        &t,
        &Edit::ReplaceSectionBody {
            section: summary,
            text: "\nShort.\n\n".into(),
        },
        &old,
        "\nShort.\n\n",
    );
}

/// A heading typed into a section's text makes a section of its own once applied; the editor
/// goes on sending its whole text for the range of sections it now covers, and nothing is
/// written twice.
#[test]
fn a_heading_typed_into_a_section_is_replaced_with_the_range_it_made() {
    let t =
        "# T\r\n\r\n## Impact\r\n\r\nSlow checkouts.\r\n\r\n## Resolution\r\n\r\nRolled back.\r\n";
    let mut d = Document::parse(t.to_string());
    let id = |d: &Document, h: &str| {
        d.model()
            .sections
            .iter()
            .find(|s| s.heading == h)
            .unwrap()
            .id
    };
    let impact = id(&d, "Impact");
    d.apply(&Edit::ReplaceSectionBody {
        section: impact,
        text: "\nSlow checkouts.\n\n## Customers\n\nA third\n\n".into(),
    })
    .unwrap();
    assert_eq!(id(&d, "Customers"), impact + 1);
    d.apply(&Edit::ReplaceSectionRange {
        first: impact,
        last: impact + 1,
        text: "\nSlow checkouts.\n\n## Customers\n\nA third of them.\n\n".into(),
    })
    .unwrap();
    let want = "# T\r\n\r\n## Impact\r\n\r\nSlow checkouts.\r\n\r\n## Customers\r\n\r\nA third of them.\r\n\r\n## Resolution\r\n\r\nRolled back.\r\n";
    assert_eq!(d.text(), want);
    // The same text again is no change; a range backwards or past the end is refused.
    d.apply(&Edit::ReplaceSectionRange {
        first: impact,
        last: impact + 1,
        text: "\nSlow checkouts.\n\n## Customers\n\nA third of them.\n\n".into(),
    })
    .unwrap();
    assert_eq!(d.text(), want);
    for (first, last) in [(impact + 1, impact), (impact, 99)] {
        let err = d
            .apply(&Edit::ReplaceSectionRange {
                first,
                last,
                text: "x".into(),
            })
            .unwrap_err();
        assert!(err.message.contains("section"), "{err}");
    }
    assert_eq!(d.text(), want);
}

#[test]
fn how_step_edits() {
    let t = fixture("single-table-how.md");
    let d = assert_splice(
        &t,
        &Edit::SetHowAnswer {
            chain: 0,
            step: 0,
            text: "Agents could not resolve names.\nRetries did not help.\n".into(),
        },
        "Build agents could not resolve the artifact store's name.",
        "Agents could not resolve names.\nRetries did not help.",
    );
    assert_eq!(
        d.model().how_chains[0].steps[0].answer,
        "Agents could not resolve names.\nRetries did not help."
    );
    assert_splice(
        &t,
        &Edit::SetHowQuestion {
            chain: 0,
            step: 2,
            text: "How was it missed?".into(),
        },
        "#### How was the truncated zone not noticed?",
        "#### How was it missed?",
    );
    // The last answer's trailing rule stays where it is.
    assert_splice(
        &t,
        &Edit::SetHowAnswer {
            chain: 0,
            step: 2,
            text: "No record-count check.".into(),
        },
        "There is no check that compares record counts between primary and secondary.\n\n---",
        "No record-count check.\n\n---",
    );
    // CRLF: a multi-line answer is written with the file's line ending.
    let t = fixture("crlf-tabs.md");
    assert_splice(
        &t,
        &Edit::SetHowAnswer {
            chain: 0,
            step: 1,
            text: "Filed as routine.\nNo review.".into(),
        },
        "It skipped the change review because it was filed as routine.",
        "Filed as routine.\r\nNo review.",
    );
    // An empty answer gets its text between blank lines.
    let t = "## Root Causes\n\n#### How did x?\n\n#### How did y?\n\nBecause.\n";
    let d = assert_splice(
        t,
        &Edit::SetHowAnswer {
            chain: 0,
            step: 0,
            text: "Because z.".into(),
        },
        "#### How did x?\n\n",
        "#### How did x?\n\nBecause z.\n\n",
    );
    assert_eq!(d.model().how_chains[0].steps[0].answer, "Because z.");
}

#[test]
fn real_pirs_metadata_and_tag_edits_touch_only_their_bytes() {
    for p in support::shared_pirs() {
        let t = std::fs::read_to_string(&p).unwrap();
        let mut d = Document::parse(t.clone());
        d.apply(&Edit::SetMetadata {
            key: "Status".into(),
            value: "Closed".into(),
        })
        .unwrap();
        let diff = changed_lines(&t, d.text());
        assert_eq!(diff.len(), 1);
        assert_eq!(diff[0].2, "**Status:** Closed");
        let mut d = Document::parse(t.clone());
        d.apply(&Edit::AddTag { tag: "k8s".into() }).unwrap();
        assert_eq!(d.text(), format!("---\ntags:\n  - k8s\n---\n\n{t}"));
        let mut d2 = d.clone();
        d2.apply(&Edit::RemoveTag { tag: "k8s".into() }).unwrap();
        assert_eq!(d2.text(), format!("---\ntags:\n---\n\n{t}"));
    }
}

#[test]
fn unchanged_model_through_json_leaves_text_byte_identical() {
    let mut texts: Vec<String> = fixture_names().iter().map(|n| fixture(n)).collect();
    for p in support::shared_pirs() {
        texts.push(std::fs::read_to_string(&p).unwrap());
    }
    for t in texts {
        let mut d = Document::parse(t.clone());
        let json = serde_json::to_string(d.model()).unwrap();
        let m: PirModel = serde_json::from_str(&json).unwrap();
        d.apply_model(&m).unwrap();
        assert_eq!(d.text(), t);
    }
}

#[test]
fn edited_model_becomes_the_same_edits() {
    let t = fixture("multi-phase.md");
    let d0 = Document::parse(t.clone());
    let mut m = d0.model().clone();
    m.severity = Some("High".into());
    m.short_title = Some("Payments Outage".into());
    m.tags.push("payments".into());
    m.tables[1].rows[0][2] = "Low".into();
    m.tables[1].rows.remove(1);
    m.tables[0].rows.insert(
        1,
        vec!["Ledger".into(), "Writes queued".into(), "~2h".into()],
    );
    let tl = m.timeline.as_mut().unwrap();
    let mut extra = tl.rows[5].clone();
    extra.time.raw = "00:10".into();
    extra.event = "Pool change approved".into();
    tl.rows.insert(5, extra);
    tl.rows[0].event = "Batch retries begin".into();
    let mut d = d0.clone();
    d.apply_model(&m).unwrap();

    let mut expected = d0.clone();
    expected
        .apply_all(&[
            Edit::SetTitle {
                text: "Post Incident Review: Payments Outage".into(),
            },
            Edit::SetMetadata {
                key: "Severity".into(),
                value: "High".into(),
            },
            Edit::AddTag {
                tag: "payments".into(),
            },
            Edit::TableInsertRow {
                table: 0,
                index: 1,
                cells: vec!["Ledger".into(), "Writes queued".into(), "~2h".into()],
            },
            Edit::TableDeleteRow { table: 1, index: 1 },
            Edit::TableSetCell {
                table: 1,
                row: 0,
                column: 2,
                text: "Low".into(),
            },
            Edit::TimelineInsert {
                index: 5,
                time: "00:10".into(),
                event: "Pool change approved".into(),
            },
            Edit::TimelineSetEvent {
                index: 0,
                text: "Batch retries begin".into(),
            },
        ])
        .unwrap();
    assert_eq!(d.text(), expected.text());
    // And the model now says what was asked.
    let now = d.model();
    assert_eq!(now.severity.as_deref(), Some("High"));
    assert_eq!(now.tables[0].rows[1][0], "Ledger");
    assert_eq!(now.tables[1].rows.len(), 2);
    assert_eq!(now.timeline.as_ref().unwrap().rows.len(), 9);
    // Untouched lines are untouched: everything from Technical Details on.
    assert!(
        d.text()
            .ends_with(t.split("## Technical Details").nth(1).unwrap())
    );
}

#[test]
fn edited_model_metadata_how_and_phase_end_rows() {
    let t = fixture("single-table-how.md");
    let mut d = Document::parse(t.clone());
    let mut m = d.model().clone();
    m.metadata.retain(|f| f.key != "Duration");
    m.duration = None;
    m.how_chains[0].steps[1].question = "How did the name vanish?".into();
    m.how_chains[0].steps[0].answer = "Names did not resolve.".into();
    d.apply_model(&m).unwrap();
    let expected = t
        .replace("**Duration:** ~1h35m (09:05 AEST → 10:40 AEST)\n", "")
        .replace(
            "How did the name stop resolving?",
            "How did the name vanish?",
        )
        .replace(
            "Build agents could not resolve the artifact store's name.",
            "Names did not resolve.",
        );
    assert_eq!(d.text(), expected);
    assert_eq!(d.model().missing_metadata, vec!["Duration"]);

    // A row the edited model appends to the end of phase 1 goes to phase 1, not phase 2.
    let t = fixture("multi-phase.md");
    let mut d = Document::parse(t.clone());
    let mut m = d.model().clone();
    let tl = m.timeline.as_mut().unwrap();
    let mut extra = tl.rows[3].clone();
    extra.time.raw = "23:59".into();
    extra.event = "Escalated".into();
    tl.rows.insert(4, extra);
    d.apply_model(&m).unwrap();
    let tl = d.model().timeline.clone().unwrap();
    assert_eq!(tl.rows[4].event, "Escalated");
    assert_eq!(
        tl.rows[4].phase.as_deref(),
        Some("Phase 1: Pool Exhaustion")
    );

    // A model with a table the document does not have is refused, and nothing changes.
    let mut m = Document::parse(t.clone()).model().clone();
    m.status = Some("Open".into());
    m.tables.push(m.tables[0].clone());
    let mut d = Document::parse(t.clone());
    assert_eq!(d.apply_model(&m).unwrap_err().kind, ErrorKind::InvalidInput);
    assert_eq!(d.text(), t);
}

#[test]
fn load_and_save_refuse_to_clobber() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("pir.md");
    std::fs::write(&p, fixture("crlf-tabs.md")).unwrap();
    let mut loaded = Document::load(&p).unwrap();
    loaded
        .document
        .apply(&Edit::SetMetadata {
            key: "Status".into(),
            value: "Closed".into(),
        })
        .unwrap();
    loaded.save().unwrap();
    let on_disk = std::fs::read_to_string(&p).unwrap();
    assert_eq!(
        on_disk,
        fixture("crlf-tabs.md").replace("**Status:** Resolved", "**Status:** Closed")
    );
    // A second save after someone else changed the file is a conflict.
    std::fs::write(&p, "changed elsewhere").unwrap();
    assert_eq!(loaded.save().unwrap_err().kind, ErrorKind::Conflict);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "changed elsewhere");
}

#[test]
fn a_model_of_another_version_is_refused_not_reverting_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("pir.md");
    std::fs::write(&p, fixture("single-table-how.md")).unwrap();
    let taken = Document::load(&p).unwrap().model_to_edit();
    assert!(taken.source.is_some());
    // The model survives JSON with its source, as `pir show --json` / `pir save` pass it.
    let taken: PirModel = serde_json::from_str(&serde_json::to_string(&taken).unwrap()).unwrap();

    // Someone adds a row; then the model taken before it comes back with one field changed.
    let mut other = Document::load(&p).unwrap();
    other
        .document
        .apply(&Edit::TimelineAdd {
            time: "10:45".into(),
            event: "Postmortem booked".into(),
            phase: None,
        })
        .unwrap();
    other.save().unwrap();
    let mut edited = taken.clone();
    edited.severity = Some("SEV1".into());
    let mut now = Document::load(&p).unwrap();
    let before = now.document.text().to_string();
    let err = now.document.apply_model(&edited).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(err.message.contains("another version"), "{err}");
    assert_eq!(now.document.text(), before);

    // The same edit on a model of the current text applies and keeps the row.
    let mut edited = now.model_to_edit();
    edited.severity = Some("SEV1".into());
    now.document.apply_model(&edited).unwrap();
    assert!(
        now.document
            .text()
            .contains("| 10:45 | Postmortem booked |")
    );
    assert_eq!(now.document.model().severity.as_deref(), Some("SEV1"));

    // Without a source the model is applied as it is, reverting what it does not know of:
    // which is why `pir show --json` always sets one.
    let mut blind = taken;
    blind.source = None;
    let mut d = Document::parse(now.document.text());
    d.apply_model(&blind).unwrap();
    assert!(!d.text().contains("Postmortem booked"));
}

#[test]
fn a_timeline_section_without_a_table_gets_one() {
    let t = fixture("sparse.md");
    let d = assert_splice(
        &t,
        &Edit::TimelineAdd {
            time: "10:02".into(),
            event: "Consumer | stalled".into(),
            phase: None,
        },
        "Nothing was recorded in a table yet.\n",
        "Nothing was recorded in a table yet.\n\n| Time | Event |\n| ---- | ----- |\n| 10:02 | Consumer \\| stalled |\n",
    );
    let tl = d.model().timeline.clone().unwrap();
    assert_eq!(tl.rows.len(), 1);
    assert_eq!(tl.rows[0].event, "Consumer | stalled");
    // The table that followed is still the only other table.
    assert_eq!(d.model().tables.len(), 1);
    // Right under a bare heading, in CRLF.
    let t = "## Timeline\r\n\r\n## Impact\r\n";
    assert_splice(
        t,
        &Edit::TimelineInsert {
            index: 0,
            time: "1".into(),
            event: "e".into(),
        },
        "## Timeline\r\n",
        "## Timeline\r\n\r\n| Time | Event |\r\n| ---- | ----- |\r\n| 1 | e |\r\n",
    );
    // An empty H1 gets a space before its new text.
    assert_splice(
        "#\nx\n",
        &Edit::SetTitle { text: "T".into() },
        "#\n",
        "# T\n",
    );
}

#[test]
fn large_files_parse_in_linear_time() {
    // Thousands of same-level headings, tables and metadata-like lines: every lookup in the
    // parser must stay linear (a quadratic one would take minutes here).
    let mut t = String::from("# Big\n\n");
    for i in 0..20_000 {
        t.push_str(&format!(
            "## H{i}\n**Key{i}:** v\n| a | b |\n|---|---|\n| {i} | x |\n\n"
        ));
    }
    let started = std::time::Instant::now();
    let d = Document::parse(t.clone());
    assert_eq!(d.model().sections.len(), 20_001);
    assert_eq!(d.model().tables.len(), 20_000);
    assert_eq!(d.model().sections[0].children.len(), 20_000);
    let mut m = d.model().clone();
    m.tables[19_999].rows[0][1] = "y".into();
    let mut d2 = d.clone();
    d2.apply_model(&m).unwrap();
    assert_eq!(d2.text(), t.replace("| 19999 | x |", "| 19999 | y |"));
    eprintln!("large file: {:?}", started.elapsed());
}

#[test]
fn timeline_rows_can_target_a_table_and_one_column_tables_have_no_event() {
    let t = fixture("multi-phase.md");
    let last_p1 = "| 23:58                 | Pool gauge shows 200/200 connections in use                              |\n";
    assert_splice(
        &t,
        &Edit::TimelineInsertInTable {
            table: 0,
            index: 4,
            time: "23:59".into(),
            event: "Pager escalated".into(),
        },
        last_p1,
        &format!(
            "{last_p1}| 23:59                 | Pager escalated                                                          |\n"
        ),
    );
    let mut d = Document::parse(t.clone());
    invalid(
        &mut d,
        Edit::TimelineInsertInTable {
            table: 0,
            index: 5,
            time: "1".into(),
            event: "e".into(),
        },
    );
    invalid(
        &mut d,
        Edit::TimelineInsertInTable {
            table: 2,
            index: 0,
            time: "1".into(),
            event: "e".into(),
        },
    );

    let t = "## Timeline\n\n| Time |\n|---|\n| 10:00 |\n";
    let mut d = Document::parse(t);
    let tl = d.model().timeline.clone().unwrap();
    assert_eq!(tl.tables[0].event_column, None);
    assert_eq!(tl.rows[0].time.raw, "10:00");
    assert_eq!(tl.rows[0].event, "");
    invalid(
        &mut d,
        Edit::TimelineSetEvent {
            index: 0,
            text: "x".into(),
        },
    );
    assert_splice(
        t,
        &Edit::TimelineAdd {
            time: "11:00".into(),
            event: String::new(),
            phase: None,
        },
        "| 10:00 |\n",
        "| 10:00 |\n| 11:00 |\n",
    );
}

#[test]
fn a_field_added_before_a_last_line_gets_its_own_line() {
    assert_splice(
        "# T\n\n**Status:** open",
        &Edit::SetMetadata {
            key: "Date".into(),
            value: "2026-01-01".into(),
        },
        "**Status:** open",
        "**Date:** 2026-01-01\n**Status:** open",
    );
}

#[test]
fn parse_and_render_side_by_side_equals_one_after_the_other() {
    let mut texts: Vec<(String, String)> = fixture_names()
        .into_iter()
        .map(|name| {
            let t = fixture(&name);
            (name, t)
        })
        .collect();
    for p in support::shared_pirs() {
        let t = std::fs::read_to_string(&p).unwrap();
        texts.push((p.display().to_string(), t));
    }
    assert!(texts.len() >= 5);
    for (name, t) in texts {
        let (doc, html) = pir_core::parse_and_render(t.as_str());
        let alone = Document::parse(t.as_str());
        assert_eq!(doc.text(), t, "{name}");
        assert_eq!(doc.model(), alone.model(), "{name}");
        assert_eq!(doc.line_ending(), alone.line_ending(), "{name}");
        assert_eq!(html, pir_core::render::render(&t), "{name}");
        assert!(!html.is_empty(), "{name}");
    }
}

/// A batch reads every edit against the text as it is: rows inserted at one place land in the
/// order given, cells of other rows change in the same pass, and edits that change the same
/// text are refused with the document unchanged.
#[test]
fn a_batch_of_edits_reads_each_against_the_text_as_it_is() {
    let text = "# T\n\n| A | B |\n|---|---|\n| 1 | x |\n| 2 | y |\n";
    let mut doc = Document::parse(text);
    let row = |a: &str| Edit::TableInsertRow {
        table: 0,
        index: 1,
        cells: vec![a.into(), "n".into()],
    };
    doc.apply_batch(&[
        row("first"),
        Edit::TableSetCells {
            table: 0,
            row: 1,
            cells: vec![(0, "two".into()), (1, "why".into())],
        },
        row("second"),
        Edit::TableSetCell {
            table: 0,
            row: 0,
            column: 1,
            text: "ex".into(),
        },
    ])
    .unwrap();
    assert_eq!(
        doc.text(),
        "# T\n\n| A | B |\n|---|---|\n| 1 | ex |\n| first | n |\n| second | n |\n| two | why |\n"
    );
    let before = doc.text().to_string();
    let clash = doc.apply_batch(&[
        Edit::TableSetCell {
            table: 0,
            row: 0,
            column: 1,
            text: "a".into(),
        },
        Edit::TableSetCell {
            table: 0,
            row: 0,
            column: 1,
            text: "b".into(),
        },
    ]);
    assert_eq!(clash.unwrap_err().kind, ErrorKind::InvalidInput);
    assert_eq!(doc.text(), before);
}
