//! Editing sessions on a real site: saving carries a new title over to the nav and home list.

use pir_core::Edit;
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
    let p = s
        .apply(&Edit::SetTitle {
            text: new_title.into(),
        })
        .unwrap();
    assert!(p.dirty);
    assert!(p.html.contains("Internal DNS Forwarder Loop"));
    let SaveOutcome::Saved {
        nav_index_changes, ..
    } = s.save().unwrap()
    else {
        panic!("expected a save");
    };
    assert!(!nav_index_changes.is_empty(), "nav or list updated");
    // The PIR: only the title line changed.
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(after, before.replacen(&old_title, new_title, 1));
    let config = std::fs::read_to_string(tmp.path().join("mkdocs.yml")).unwrap();
    assert_ne!(config, config_before);
    assert!(config.contains("Internal DNS Forwarder Loop"), "{config}");
    let home = std::fs::read_to_string(tmp.path().join("docs/index.md")).unwrap();
    assert!(home.contains("Internal DNS Forwarder Loop"), "{home}");
}
