//! The new-PIR wizard's steps follow each site's own template: its sections by heading and in
//! order, a metadata step only where the site keeps metadata in the body, guidance rendered.
//!
//! `tests/fixtures/wizard-steps/NAME.snap` holds, for the sample site and for each convention
//! site of `tests/fixtures/sites/`, the steps a new PIR gets (kind, title, where the guidance
//! comes from and the first line of its body); `PIR_BLESS=1` rewrites them (review the diff).

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use pir_core::site::Site;
use pir_core::site::new::{NewPir, create_pir_from_steps, draft_steps};
use pir_core::template::{NewPirFields, StepKind};

use crate::support;

fn fields() -> NewPirFields {
    NewPirFields {
        title: "Mail relay outage".into(),
        date: NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        severity: "High".into(),
        tags: vec![],
    }
}

fn describe(root: &Path) -> String {
    let site = Site::open(root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    let mut out = String::new();
    for step in draft_steps(&site, &fields()).unwrap() {
        let first = step.body.lines().next().unwrap_or("");
        let guided = match (&step.guidance, &step.guidance_html) {
            (Some(_), Some(html)) if html.contains('<') => "guided",
            (Some(_), _) => "guidance not rendered",
            (None, _) => "-",
        };
        let line = format!("{:?} | {} | {guided} | {first}", step.kind, step.title);
        writeln!(out, "{}", line.trim_end()).unwrap();
    }
    out
}

#[test]
fn steps_are_the_sections_of_each_sites_template() {
    let sample = tempfile::tempdir().unwrap();
    pir_core::sample::write_sample_site(sample.path()).unwrap();
    let mut sites = vec![("sample".to_string(), sample.path().to_path_buf())];
    // Copies outside any git repository, kept until the end of the test.
    let copies = tempfile::tempdir().unwrap();
    for root in support::sites_in(&support::fixtures().join("sites")) {
        let name = root.file_name().unwrap().to_string_lossy().into_owned();
        let copy = copies.path().join(&name);
        support::copy_dir(&root, &copy);
        sites.push((name, copy));
    }
    let snaps = support::fixtures().join("wizard-steps");
    let mut failures = Vec::new();
    for (name, root) in &sites {
        let got = describe(root);
        failures.extend(support::snapshot_mismatch(
            &snaps.join(format!("{name}.snap")),
            &got,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_front_matter_site_gets_exactly_its_templates_sections() {
    let (_tmp, root) = support::site_copy("front-matter-list");
    let site = Site::open(&root).unwrap();
    let steps = draft_steps(&site, &fields()).unwrap();
    let titles: Vec<&str> = steps.iter().map(|s| s.title.as_str()).collect();
    let template = std::fs::read_to_string(root.join("docs/templates/postmortem.md")).unwrap();
    let headings: Vec<&str> = template
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .collect();
    // Metadata lives in the front matter there: no metadata step.
    assert_eq!(titles, headings);
    assert!(steps.iter().all(|s| s.kind != StepKind::Metadata));
}

#[test]
fn creating_from_steps_writes_each_body_under_its_heading() {
    let (_tmp, root) = support::site_copy("front-matter-list");
    let site = Site::open(&root).unwrap();
    let steps = draft_steps(&site, &fields()).unwrap();
    let timeline = steps
        .iter()
        .find(|s| s.kind == StepKind::Timeline)
        .expect("a timeline step");
    let lucky = steps
        .iter()
        .find(|s| s.key.is_none())
        .expect("a section of the site's own");
    let req = NewPir {
        title: "Mail relay outage".into(),
        date: NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        severity: "High".into(),
        tags: vec![],
        template: None,
    };
    let created = create_pir_from_steps(
        &site,
        &req,
        &[
            (
                timeline.heading.clone(),
                "- 2026-10-02 06:12 — Relay stops.\n- 06:20 — Paged.".into(),
            ),
            (lucky.heading.clone(), "The queue held every mail.".into()),
        ],
    )
    .unwrap();
    let text = std::fs::read_to_string(&created.path).unwrap();
    assert!(
        text.contains(&format!(
            "## {}\n\n- 2026-10-02 06:12 — Relay stops.\n- 06:20 — Paged.\n",
            timeline.heading
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "## {}\n\nThe queue held every mail.\n",
            lucky.heading
        )),
        "{text}"
    );
    let model = pir_core::doc::Document::parse(text.as_str())
        .model()
        .clone();
    assert_eq!(model.timeline.map(|t| t.rows.len()), Some(2));

    // A heading the template lacks is refused, and nothing is written.
    let other = NewPir {
        title: "Another outage".into(),
        ..req
    };
    let e = create_pir_from_steps(&site, &other, &[("Nope".into(), "x".into())]).unwrap_err();
    assert_eq!(e.kind, pir_core::error::ErrorKind::InvalidInput);
}

#[test]
fn the_timeline_step_document_round_trips_its_body() {
    let body = "| Time | Event |\n| --- | --- |\n| 10:00 | Paged |";
    let text = pir_core::template::step_document("Timeline (UTC)", body, None);
    let sections = pir_core::template::heading_sections(&text);
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0].1, "Timeline (UTC)");
    assert_eq!(sections[0].2, body);
    assert_eq!(pir_core::template::step_body(&text), body);
}

/// Rows added in the wizard's Timeline step are written in the site's timeline style, even
/// when the template's timeline holds only a placeholder (`- YYYY-MM-DD HH:MM — First event.`):
/// the step's text is edited as the grid edits it, in an unsaved session.
#[test]
fn rows_added_in_the_timeline_step_follow_each_sites_style() {
    use pir_core::doc::{Document, Edit, timeline_style};
    use pir_core::session::EditorSession;
    use pir_core::site::profile::SiteProfile;
    use pir_core::template::{step_body, step_document};

    let mut checked = 0;
    for root in support::sites_in(&support::fixtures().join("sites")) {
        let name = root.file_name().unwrap().to_string_lossy().into_owned();
        let site = Site::open(&root).unwrap();
        let style = SiteProfile::of(&site).unwrap().timeline.value;
        let Some(step) = draft_steps(&site, &fields())
            .unwrap()
            .into_iter()
            .find(|s| s.kind == StepKind::Timeline)
        else {
            continue;
        };
        let doc = step_document(&step.heading, &step.body, None);
        let mut session = EditorSession::unsaved(root.join("new.md"), &doc);
        // The template's placeholder rows (`HH:MM`) go when the first real row comes.
        let before = session.model().timeline.as_ref().map_or(0, |t| {
            t.rows
                .iter()
                .filter(|r| !pir_core::template::has_placeholder(&r.time.raw))
                .count()
        });
        for (time, event) in [("06:12", "Relay stops."), ("06:20", "Paged.")] {
            session
                .edit(&[Edit::TimelineAdd {
                    time: time.into(),
                    event: event.into(),
                    phase: None,
                }])
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let body = step_body(session.text());
        let written = Document::parse(step_document(&step.heading, &body, None));
        let rows = &written.model().timeline.as_ref().expect("a timeline").rows;
        assert_eq!(rows.len(), before + 2, "{name}: {body}");
        assert_eq!(rows.last().unwrap().event, "Paged.", "{name}: {body}");
        assert!(
            rows.iter()
                .all(|r| !pir_core::template::has_placeholder(&r.time.raw)),
            "{name}: a placeholder row was kept:\n{body}"
        );
        assert_eq!(
            timeline_style(written.model()),
            Some(style),
            "{name}: the step's rows are not in the site's style:\n{body}"
        );
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} sites have a timeline step");
}
