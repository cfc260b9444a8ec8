//! Editing sessions on a real site: saving carries a new title over to the nav and home list.

use pir_core::Edit;
use pir_core::drafts;
use pir_core::session::{EditorSession, SaveOutcome};

/// A copy of the sample site in a temporary folder.
fn sample_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (rel, text) in pir_core::sample::FILES {
        let p = tmp.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    tmp
}

#[test]
fn saving_a_new_title_updates_nav_and_home_list_and_nothing_else_of_the_pir() {
    let tmp = sample_copy();
    let file = tmp
        .path()
        .join("docs/incidents/2026-05-02-internal-dns-resolver-outage.md");
    let before = std::fs::read_to_string(&file).unwrap();
    let config_before = std::fs::read_to_string(tmp.path().join("mkdocs.yml")).unwrap();
    let mut s = EditorSession::open(&file).unwrap();
    let old_title = s.model().title.clone().unwrap();
    let new_title = "Post Incident Review: Internal DNS Forwarder Loop";
    let first = s.preview();
    let p = s
        .edit(&[Edit::SetTitle {
            text: new_title.into(),
        }])
        .unwrap();
    assert!(p.dirty);
    let html = p.html.apply(&first.html).unwrap();
    assert!(html.contains("Internal DNS Forwarder Loop"));
    let plan = s.plan_save().unwrap();
    let extra: Vec<_> = plan.files[1..].iter().map(|f| f.path.clone()).collect();
    assert!(!extra.is_empty(), "nav or list planned");
    let SaveOutcome::Saved { written, .. } = s.save(&extra).unwrap() else {
        panic!("expected a save");
    };
    assert_eq!(written.len(), 1 + extra.len(), "{written:?}");
    // The PIR: only the title line changed.
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(after, before.replacen(&old_title, new_title, 1));
    let config = std::fs::read_to_string(tmp.path().join("mkdocs.yml")).unwrap();
    assert_ne!(config, config_before);
    assert!(config.contains("Internal DNS Forwarder Loop"), "{config}");
    let home = std::fs::read_to_string(tmp.path().join("docs/index.md")).unwrap();
    assert!(home.contains("Internal DNS Forwarder Loop"), "{home}");
}

// ---- A restored draft: the whole text replaced as one undo step ----

const DNS_PIR: &str = "docs/incidents/2026-05-02-internal-dns-resolver-outage.md";

/// The sample site copy, a session on its DNS PIR, and a draft of that PIR saved in a data
/// folder and read back, as the app does after a crash: the draft's text differs from the
/// file in a section body, a timeline row and its last line (no final newline, a non-ASCII
/// character), so every kind of difference must survive.
fn restored_draft() -> (tempfile::TempDir, tempfile::TempDir, EditorSession, String) {
    let site = sample_copy();
    let data = tempfile::tempdir().unwrap();
    let file = site.path().join(DNS_PIR);
    let disk = std::fs::read_to_string(&file).unwrap();
    let typed = format!(
        "{}\n| 23:59 | Draft row typed before the crash — kill -9 |\nLast line, no newline: ü",
        disk.trim_end()
    );
    drafts::save_draft(
        data.path(),
        site.path(),
        std::path::Path::new(DNS_PIR),
        &typed,
    )
    .unwrap();
    let draft = drafts::restore(data.path(), site.path(), std::path::Path::new(DNS_PIR)).unwrap();
    assert_eq!(draft.text, typed);
    let s = EditorSession::open(&file).unwrap();
    (site, data, s, draft.text)
}

#[test]
fn a_restored_draft_is_one_undo_step_and_undo_gives_back_the_disk_text() {
    let (site, _data, mut s, draft) = restored_draft();
    let disk = std::fs::read_to_string(site.path().join(DNS_PIR)).unwrap();
    let p = s.set_text(&draft);
    assert_eq!(p.text, draft);
    assert!(p.dirty && p.can_undo && !p.can_redo);
    assert!(p.html.contains("Draft row typed before the crash"));
    // The file on disk is untouched until a save.
    assert_eq!(
        std::fs::read_to_string(site.path().join(DNS_PIR)).unwrap(),
        disk
    );
    let p = s.undo();
    assert_eq!(s.text(), disk);
    assert!(!p.dirty && !p.can_undo && p.can_redo);
    let p = s.redo();
    assert_eq!(p.text, draft);
    // Setting the same text again is no new step.
    s.set_text(&draft);
    s.undo();
    assert_eq!(s.text(), disk);
}

#[test]
fn saving_a_restored_draft_writes_exactly_its_bytes() {
    let (site, _data, mut s, draft) = restored_draft();
    s.set_text(&draft);
    let SaveOutcome::Saved { preview, .. } = s.save(&[]).unwrap() else {
        panic!("expected a save");
    };
    assert!(!preview.dirty);
    assert_eq!(
        std::fs::read(site.path().join(DNS_PIR)).unwrap(),
        draft.as_bytes()
    );
}

#[test]
fn a_restored_draft_over_a_file_changed_on_disk_is_a_conflict() {
    let (site, _data, mut s, draft) = restored_draft();
    let file = site.path().join(DNS_PIR);
    let theirs = "# Someone else's version\n";
    std::fs::write(&file, theirs).unwrap();
    s.set_text(&draft);
    match s.save(&[]).unwrap() {
        SaveOutcome::Conflict { disk_text, .. } => assert_eq!(disk_text, theirs),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);
    // "Keep mine" then writes the draft.
    assert!(matches!(
        s.save_overwrite(&[]).unwrap(),
        SaveOutcome::Saved { .. }
    ));
    assert_eq!(std::fs::read(&file).unwrap(), draft.as_bytes());
}
