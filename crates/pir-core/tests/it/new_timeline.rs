//! A new PIR's timeline follows the site: the heading names the zone the site's timelines
//! name, the first rows are written in the site's time style (bold or plain, zone suffix),
//! padded alike, and the template's placeholder rows go in the same edit as the first real
//! row. Checked on the `zoned-plain` fixture site (zone in the headings, plain times), on the
//! `split-dates` site (`| Date | Time | Event |`, bold times, no template page), on
//! small documents for list timelines and zone suffixes, and on the real seed site when it
//! is present.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use pir_core::doc::{Document, Edit};
use pir_core::session::EditorSession;
use pir_core::site::Site;
use pir_core::site::new::{NewPir, create_pir, draft_steps};
use pir_core::template::{
    NewPirFields, StepKind, follow_site_timeline, has_placeholder, step_body, step_document,
};

use super::support;

fn fields() -> NewPirFields {
    NewPirFields {
        title: "Mail relay outage".into(),
        date: NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        severity: "High".into(),
        tags: vec![],
    }
}

fn add(time: &str, event: &str) -> Edit {
    Edit::TimelineAdd {
        time: time.into(),
        event: event.into(),
        phase: None,
    }
}

/// The rows a paste gives, as one edit: one undo step.
fn paste() -> Vec<Edit> {
    vec![
        add(
            "06:12",
            "Relay stops accepting mail after the certificate rotation.",
        ),
        add("06:20", "Paged."),
        add("06:41", "Old certificate restored; the queue drains."),
    ]
}

/// The wizard's Timeline step of `root`: its heading and body as drafted, then as the grid
/// leaves it after a paste, then after one undo.
fn wizard_paste(root: &Path) -> String {
    let site = Site::open(root).unwrap();
    let step = draft_steps(&site, &fields())
        .unwrap()
        .into_iter()
        .find(|s| s.kind == StepKind::Timeline)
        .expect("a Timeline step");
    let mut out = String::new();
    writeln!(
        out,
        "## drafted\n{}",
        step_document(&step.heading, &step.body, None)
    )
    .unwrap();
    // The app opens the step with the date of the wizard's first page.
    let mut session = EditorSession::unsaved(
        root.join("new.md"),
        &step_document(&step.heading, &step.body, Some("2026-10-02")),
    );
    session.edit(&paste()).unwrap();
    writeln!(
        out,
        "## pasted\n{}",
        step_document(&step.heading, &step_body(session.text()), None)
    )
    .unwrap();
    session.edit(&[add("06:50", "Closed.")]).unwrap();
    writeln!(
        out,
        "## one more row\n{}",
        step_document(&step.heading, &step_body(session.text()), None)
    )
    .unwrap();
    session.undo();
    session.undo();
    writeln!(
        out,
        "## two undos\n{}",
        step_document(&step.heading, &step_body(session.text()), None)
    )
    .unwrap();
    out
}

#[test]
fn the_wizard_timeline_follows_a_site_with_a_zone_and_plain_times() {
    let root = support::fixtures().join("sites/zoned-plain");
    let got = wizard_paste(&root);
    if let Some(m) = support::snapshot_mismatch(
        &support::fixtures().join("new_timeline/zoned-plain-wizard.snap"),
        &got,
    ) {
        panic!("{m}");
    }
}

/// The timeline section of `text`.
fn timeline_section(t: &str) -> String {
    let start = t.find("## Timeline").unwrap();
    let end = t[start + 3..]
        .find("\n## ")
        .map_or(t.len(), |e| start + 3 + e);
    t[start..end].to_string()
}

/// `pir new` on a copy of fixture site `name`, then the rows of `edits` in one edit: the new
/// PIR's timeline section as created and as edited. Nothing else of the file may change.
fn new_then_rows(name: &str, edits: &[Edit]) -> String {
    let (_tmp, root) = support::site_copy(name);
    let site = Site::open(&root).unwrap();
    let created = create_pir(
        &site,
        &NewPir {
            title: "Mail relay outage".into(),
            date: NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
            severity: "High".into(),
            tags: vec![],
            template: None,
        },
    )
    .unwrap();
    let text = std::fs::read_to_string(&created.path).unwrap();
    let mut doc = Document::parse(text.clone());
    doc.apply_all(edits).unwrap();
    let (before, after) = (timeline_section(&text), timeline_section(doc.text()));
    // Nothing outside the timeline's rows changed.
    assert_eq!(text.replace(&before, ""), doc.text().replace(&after, ""));
    format!("## created\n{before}\n## pasted\n{after}")
}

#[test]
fn pir_new_then_rows_on_a_site_with_a_zone_and_plain_times() {
    let (_tmp, root) = support::site_copy("zoned-plain");
    let site = Site::open(&root).unwrap();
    let profile = pir_core::site::profile::SiteProfile::of(&site).unwrap();
    assert_eq!(
        profile.timeline_zone.value.as_deref(),
        Some("AEST — UTC+10")
    );
    assert_eq!(profile.timeline_times.value.as_deref(), Some("{time}"));
    let got = new_then_rows("zoned-plain", &paste());
    if let Some(m) = support::snapshot_mismatch(
        &support::fixtures().join("new_timeline/zoned-plain-new.snap"),
        &got,
    ) {
        panic!("{m}");
    }
}

/// A site whose timelines split `| Date | Time | Event |` with bold times and a date on
/// every row, and no template page: the new PIR keeps one placeholder row in that style,
/// and the rows written in its place carry the incident's day, or the day of the row
/// before once a row names the next day.
#[test]
fn pir_new_then_rows_on_a_site_with_split_date_and_time() {
    let mut edits = paste();
    edits.push(add("2026-10-03 00:15", "Second relay restarted."));
    edits.push(add("00:40", "Closed."));
    let got = new_then_rows("split-dates", &edits);
    if let Some(m) = support::snapshot_mismatch(
        &support::fixtures().join("new_timeline/split-dates-new.snap"),
        &got,
    ) {
        panic!("{m}");
    }
}

#[test]
fn the_wizard_timeline_follows_a_site_with_split_date_and_time() {
    let root = support::fixtures().join("sites/split-dates");
    let got = wizard_paste(&root);
    if let Some(m) = support::snapshot_mismatch(
        &support::fixtures().join("new_timeline/split-dates-wizard.snap"),
        &got,
    ) {
        panic!("{m}");
    }
}

/// The step document names the incident's date only in its front matter: the step's body
/// is what it was given.
#[test]
fn a_dated_step_document_gives_back_its_body() {
    let body = "| Date | Time | Event |\n|---|---|---|\n| 2026-10-02 | 06:12 | Paged. |";
    let doc = step_document("Timeline (UTC)", body, Some("2026-10-02"));
    assert!(doc.starts_with("---\ndate: \"2026-10-02\"\n---\n"), "{doc}");
    assert_eq!(step_body(&doc).trim_end(), body);
    assert_eq!(
        Document::parse(doc).model().date.as_deref(),
        Some("2026-10-02")
    );
}

#[test]
fn placeholder_rows_go_with_the_first_real_row_in_tables_and_lists() {
    let cases = [
        // A list timeline, as the front-matter template writes it.
        "## Timeline\n\n- YYYY-MM-DD HH:MM — First event.\n- HH:MM — Next event.\n\n## Impact\n",
        // A numbered list.
        "## Timeline\n\n1. HH:MM — First event.\n\n## Impact\n",
        // A table whose placeholders name a zone and are bold: the site's `**{time} AEST**`.
        "## Timeline\n\n| Time | Event |\n|---|---|\n| **HH:MM AEST** | [Event] |\n| **HH:MM AEST** | [Event] |\n",
        // A split Date | Time table.
        "## Timeline\n\n| Date | Time | Event |\n| --- | --- | --- |\n| YYYY-MM-DD | HH:MM | [Event] |\n",
        // CRLF, no final newline.
        "## Timeline\r\n\r\n| Time | Event |\r\n| --- | --- |\r\n| ~HH:MM | [Event] |",
        // Real rows: only the new row is added, the rest kept byte for byte.
        "## Timeline\n\n| Time | Event |\n|---|---|\n| 05:00 | Real. |\n",
    ];
    let mut got = String::new();
    for text in cases {
        let mut doc = Document::parse(text.to_string());
        doc.apply_all(&paste()).unwrap();
        writeln!(got, "--- before\n{text}\n--- after\n{}\n", doc.text()).unwrap();
        let rows = &doc.model().timeline.as_ref().unwrap().rows;
        assert!(
            rows.iter().all(|r| !has_placeholder(&r.time.raw)),
            "{}",
            doc.text()
        );
    }
    // A blank row (to be filled in) keeps the placeholders: nothing real to show yet.
    let mut doc = Document::parse(cases[4].to_string());
    doc.apply(&add("", "")).unwrap();
    assert_eq!(doc.model().timeline.as_ref().unwrap().rows.len(), 2);
    // A paste after the selected placeholder row names its rows as the author saw them.
    let table = "## Timeline\n\n| Time | Event |\n| --- | --- |\n| ~HH:MM | [Event] |\n";
    let mut doc = Document::parse(table.to_string());
    let at = |index: usize, time: &str| Edit::TimelineInsertInTable {
        table: 0,
        index,
        time: time.into(),
        event: "Pasted.".into(),
    };
    doc.apply_all(&[at(1, "06:12"), at(2, "06:20")]).unwrap();
    writeln!(got, "--- pasted after the placeholder row\n{}", doc.text()).unwrap();
    // The grid's way: a blank row, then its time typed in.
    let mut doc = Document::parse(table.to_string());
    doc.apply(&add("", "")).unwrap();
    assert_eq!(doc.model().timeline.as_ref().unwrap().rows.len(), 2);
    doc.apply(&Edit::TimelineSetTime {
        index: 1,
        text: "06:12".into(),
    })
    .unwrap();
    writeln!(got, "--- a blank row, then its time\n{}", doc.text()).unwrap();
    // A placeholder row whose event the author wrote stays.
    let mut doc = Document::parse(table.to_string());
    doc.apply(&Edit::TimelineSetEvent {
        index: 0,
        text: "Written by the author.".into(),
    })
    .unwrap();
    doc.apply(&add("06:12", "Real.")).unwrap();
    writeln!(
        got,
        "--- an event written in the placeholder row\n{}",
        doc.text()
    )
    .unwrap();
    if let Some(m) = support::snapshot_mismatch(
        &support::fixtures().join("new_timeline/placeholders.snap"),
        &got,
    ) {
        panic!("{m}");
    }
}

#[test]
fn a_new_pirs_heading_and_placeholders_take_the_sites_zone_and_style() {
    let template = "# T\n\n## Timeline (UTC)\n\n| Time       | Event   |\n| ---------- | ------- |\n| **~HH:MM** | [Event] |\n\n## Impact\n\nText.\n";
    let mut got = String::new();
    for (zone, times) in [
        (Some("AEST — UTC+10"), Some("{time}")),
        (Some("AEST"), Some("**{time} AEST**")),
        (Some("UTC"), Some("**{time}**")),
        (None, None),
    ] {
        let text = follow_site_timeline(template, zone, times);
        let mut doc = Document::parse(text.clone());
        doc.apply_all(&paste()).unwrap();
        writeln!(
            got,
            "--- {zone:?} {times:?}\n{text}\n--- pasted\n{}\n",
            doc.text()
        )
        .unwrap();
    }
    let untitled = follow_site_timeline(
        "## Timeline\n\n- HH:MM — First event.\n",
        Some("CET"),
        Some("{time} CET"),
    );
    writeln!(got, "--- list, heading without a zone\n{untitled}").unwrap();
    // A timeline with real rows keeps them as they are.
    let real = "## Timeline (UTC)\n\n| Time | Event |\n|---|---|\n| **09:00** | Real. |\n";
    assert_eq!(follow_site_timeline(real, None, Some("{time}")), real);
    if let Some(m) =
        support::snapshot_mismatch(&support::fixtures().join("new_timeline/follow.snap"), &got)
    {
        panic!("{m}");
    }
}

/// The real seed site (`../shared/fixtures/seed-site`): timelines headed `Timeline (AEST —
/// UTC+10)` with mostly plain times, and no template page (new PIRs start from the built-in
/// template, headed `Timeline (UTC)` with a bold placeholder).
#[test]
fn the_seed_sites_new_pirs_follow_its_timelines() {
    let Some(shared) = support::shared_fixtures() else {
        eprintln!(
            "skipped: the seed site (../shared/fixtures/seed-site) is absent; nothing checked"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("seed-site");
    support::copy_dir(&shared.join("seed-site"), &root);
    let site = Site::open(&root).unwrap();
    let step = draft_steps(&site, &fields())
        .unwrap()
        .into_iter()
        .find(|s| s.kind == StepKind::Timeline)
        .expect("a Timeline step");
    assert!(step.heading.contains("AEST"), "{}", step.heading);
    let mut session = EditorSession::unsaved(
        root.join("new.md"),
        &step_document(&step.heading, &step.body, None),
    );
    session.edit(&paste()).unwrap();
    let body = step_body(session.text());
    let doc = Document::parse(step_document(&step.heading, &body, None));
    let rows = &doc.model().timeline.as_ref().unwrap().rows;
    assert_eq!(rows.len(), 3, "{body}");
    assert!(
        rows.iter()
            .all(|r| !r.time.bold && !has_placeholder(&r.time.raw)),
        "{body}"
    );
    // Padded alike: every row line as long as the others or none padded.
    let lines: Vec<&str> = body.lines().filter(|l| l.starts_with("| 06")).collect();
    let time_cells: Vec<&str> = lines.iter().map(|l| l.split('|').nth(1).unwrap()).collect();
    assert!(
        time_cells.windows(2).all(|w| w[0].len() == w[1].len()),
        "{body}"
    );
}

#[test]
fn pir_toml_overrides_the_zone_and_time_style() {
    use pir_core::site::profile::{Origin, SiteProfile};
    let (_tmp, root) = support::site_copy("zoned-plain");
    std::fs::write(
        root.join(".pir.toml"),
        "nav = \"kept_in_step\"\ntimeline_zone = \"NZST — UTC+12\"\ntimeline_times = \"**{time} NZST**\"\n",
    )
    .unwrap();
    let site = Site::open(&root).unwrap();
    let profile = SiteProfile::of(&site).unwrap();
    assert_eq!(profile.timeline_zone.origin, Origin::Override { line: 2 });
    assert_eq!(profile.timeline_times.origin, Origin::Override { line: 3 });
    let step = draft_steps(&site, &fields())
        .unwrap()
        .into_iter()
        .find(|s| s.kind == StepKind::Timeline)
        .unwrap();
    assert_eq!(step.heading, "Timeline (NZST — UTC+12)");
    let mut session = EditorSession::unsaved(
        root.join("new.md"),
        &step_document(&step.heading, &step.body, None),
    );
    session.edit(&paste()).unwrap();
    let body = step_body(session.text());
    assert!(body.contains("| **06:12 NZST** |"), "{body}");
    assert!(!body.contains("HH:MM"), "{body}");
}
