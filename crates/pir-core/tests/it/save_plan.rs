//! Save plans: before writing, a save lists every file it will change with its diff, and
//! writes the PIR and exactly the extra files chosen.
//!
//! The fixture `tests/fixtures/save-plan/site` has a nav listing each PIR with its date and
//! title, a home Recent Incidents list and an incidents table with Severity and Duration
//! columns. For each one-field edit of `2026-01-02-disk-full.md`, `expected.snap` records the
//! plan: each file with what changes and its diff. `PIR_BLESS=1` rewrites it (review the diff).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pir_core::Edit;
use pir_core::diff::LineChange;
use pir_core::session::{EditorSession, SaveOutcome, SavePlan, plan_save};

use crate::support;

const PIR: &str = "docs/incidents/2026-01-02-disk-full.md";
const INDEX: &str = "docs/incidents/index.md";

/// A copy of the fixture site and the path of its Disk full PIR.
fn site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    support::copy_dir(&support::fixtures().join("save-plan/site"), &root);
    // The site's root is canonical in plans; so is the path given here.
    let root = std::fs::canonicalize(&root).unwrap();
    (tmp, root.join(PIR))
}

fn site_root(pir: &Path) -> &Path {
    pir.ancestors().nth(3).unwrap()
}

/// The plan as text: each file, what changes and its diff.
fn describe(plan: &SavePlan) -> String {
    let mut out = String::new();
    for f in &plan.files {
        let kind = if f.pir { "PIR" } else { "extra" };
        writeln!(out, "--- {} ({kind})", f.name).unwrap();
        for w in &f.what {
            writeln!(out, "  what: {w}").unwrap();
        }
        for h in &f.hunks {
            writeln!(out, "  @@").unwrap();
            for l in &h.lines {
                let mark = match l.change {
                    LineChange::Same => ' ',
                    LineChange::Removed => '-',
                    LineChange::Added => '+',
                };
                writeln!(out, "  {mark}{}", l.text).unwrap();
            }
        }
    }
    for p in &plan.problems {
        writeln!(out, "problem: {}", p.message).unwrap();
    }
    out
}

#[test]
fn one_field_edits_plan_exactly_the_files_they_change() {
    let mut got = String::new();
    for (name, edit) in [
        (
            "a timeline cell: the PIR alone",
            Edit::TimelineSetEvent {
                index: 1,
                text: "Fixed by clearing old logs.".into(),
            },
        ),
        (
            "the severity: the PIR and its index-table row",
            Edit::SetMetadata {
                key: "Severity".into(),
                value: "SEV2".into(),
            },
        ),
        (
            "the title: the PIR, its nav entry, home-list entry and index-table row",
            Edit::SetTitle {
                text: "Post Incident Review: Disk full on the order database".into(),
            },
        ),
    ] {
        let (_tmp, pir) = site();
        let mut s = EditorSession::open(&pir).unwrap();
        s.edit(&[edit]).unwrap();
        let plan = s.plan_save().unwrap();
        assert!(plan.files[0].pir && plan.files[0].path == pir);
        writeln!(got, "== {name}").unwrap();
        got.push_str(&describe(&plan));
    }
    let snap = support::fixtures().join("save-plan/expected.snap");
    if let Some(diff) = support::snapshot_mismatch(&snap, &got) {
        panic!("{diff}");
    }
}

#[test]
fn saving_with_the_index_unticked_leaves_it_byte_identical() {
    let (_tmp, pir) = site();
    let root = site_root(&pir).to_path_buf();
    let index = root.join(INDEX);
    let index_before = std::fs::read(&index).unwrap();
    let config_before = std::fs::read(root.join("mkdocs.yml")).unwrap();
    let mut s = EditorSession::open(&pir).unwrap();
    s.edit(&[Edit::SetTitle {
        text: "Post Incident Review: Disk full on the order database".into(),
    }])
    .unwrap();
    let plan = s.plan_save().unwrap();
    let names: Vec<&str> = plan.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [PIR, "mkdocs.yml", "docs/index.md", INDEX]);
    // Everything but the index page.
    let include: Vec<PathBuf> = plan.files[1..]
        .iter()
        .filter(|f| f.path != index)
        .map(|f| f.path.clone())
        .collect();
    let SaveOutcome::Saved {
        written, left_out, ..
    } = s.save(&include).unwrap()
    else {
        panic!("expected a save")
    };
    assert_eq!(written, [PIR, "mkdocs.yml", "docs/index.md"]);
    assert_eq!(left_out, [INDEX]);
    assert_eq!(std::fs::read(&index).unwrap(), index_before);
    assert_ne!(
        std::fs::read(root.join("mkdocs.yml")).unwrap(),
        config_before
    );
    assert_eq!(std::fs::read_to_string(&pir).unwrap(), s.text());
    assert!(!s.dirty());
}

#[test]
fn an_extra_file_changed_after_the_plan_stops_the_save_before_anything_is_written() {
    let (_tmp, pir) = site();
    let root = site_root(&pir).to_path_buf();
    let index = root.join(INDEX);
    let pir_before = std::fs::read(&pir).unwrap();
    let mut s = EditorSession::open(&pir).unwrap();
    s.edit(&[Edit::SetMetadata {
        key: "Severity".into(),
        value: "SEV2".into(),
    }])
    .unwrap();
    let plan = s.plan_save().unwrap();
    assert_eq!(plan.files.len(), 2);
    // Someone edits the index page while the plan is shown.
    let theirs = format!("{}\nA note.\n", std::fs::read_to_string(&index).unwrap());
    std::fs::write(&index, &theirs).unwrap();
    let e = s.save(std::slice::from_ref(&index)).unwrap_err();
    assert_eq!(e.kind, pir_core::ErrorKind::Conflict);
    assert_eq!(e.path.as_deref(), Some(index.as_path()));
    assert_eq!(std::fs::read(&pir).unwrap(), pir_before);
    assert_eq!(std::fs::read_to_string(&index).unwrap(), theirs);
    assert!(s.dirty());
}

#[test]
fn the_command_line_and_the_app_write_the_same_bytes() {
    // The app's way: a session, a plan, every extra file ticked.
    let (_a, pir_a) = site();
    let mut s = EditorSession::open(&pir_a).unwrap();
    let edit = Edit::SetMetadata {
        key: "Severity".into(),
        value: "SEV2".into(),
    };
    s.edit(std::slice::from_ref(&edit)).unwrap();
    let plan = s.plan_save().unwrap();
    let all: Vec<PathBuf> = plan.files[1..].iter().map(|f| f.path.clone()).collect();
    s.save(&all).unwrap();
    // The command line's way: the edited document through `plan_save`.
    let (_b, pir_b) = site();
    let mut loaded = pir_core::doc::Document::load(&pir_b).unwrap();
    let before = loaded.document.text().to_string();
    loaded.document.apply(&edit).unwrap();
    let planned = plan_save(&pir_b, loaded.fingerprint, &before, loaded.document.text()).unwrap();
    planned
        .write(&planned.extra_paths(), pir_core::session::PirWrite::Replace)
        .unwrap();
    for rel in [PIR, INDEX, "mkdocs.yml", "docs/index.md"] {
        assert_eq!(
            std::fs::read(site_root(&pir_a).join(rel)).unwrap(),
            std::fs::read(site_root(&pir_b).join(rel)).unwrap(),
            "{rel}"
        );
    }
}
