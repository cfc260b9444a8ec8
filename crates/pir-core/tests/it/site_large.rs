//! Large generated sites ([`pir_core::sample::write_large_site`]): what `check` finds on them,
//! that `sync` fixes it all in one run, and that planning the sync grows in proportion to the
//! site rather than with its square.

use std::path::Path;

use pir_core::site::Site;
use pir_core::site::check::{Problem, ProblemCode, check_site};
use pir_core::site::sync::{apply_changes, plan_sync};

/// The nav, list and table problems `check` finds.
fn index_problems(root: &Path) -> Vec<Problem> {
    let site = Site::open(root).unwrap();
    let pirs = site.summaries().unwrap();
    check_site(&site, &pirs)
        .unwrap()
        .into_iter()
        .filter(|p| {
            !matches!(
                p.code,
                ProblemCode::MissingSections
                    | ProblemCode::MissingMetadata
                    | ProblemCode::TimelineOutOfOrder
            )
        })
        .collect()
}

fn snapshot(root: &Path) -> Vec<String> {
    ["mkdocs.yml", "docs/index.md", "docs/incidents/index.md"]
        .iter()
        .map(|f| std::fs::read_to_string(root.join(f)).unwrap())
        .collect()
}

#[test]
fn a_generated_site_has_every_kind_of_index_work_and_one_sync_does_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    pir_core::sample::write_large_site(root, 60).unwrap();
    let site = Site::open(root).unwrap();
    assert_eq!(site.pir_files().unwrap().len(), 60);
    let problems = index_problems(root);
    let count = |code: ProblemCode| problems.iter().filter(|p| p.code == code).count();
    // Every tenth PIR is missing from the nav, the list and the table; stale titles too.
    assert_eq!(count(ProblemCode::MissingFromNav), 6, "{problems:#?}");
    assert_eq!(count(ProblemCode::MissingFromList), 6, "{problems:#?}");
    assert_eq!(count(ProblemCode::MissingFromTable), 6, "{problems:#?}");
    // Every seventh listed PIR shows a stale title in the list and the table.
    assert_eq!(count(ProblemCode::ListEntryStale), 8, "{problems:#?}");
    assert_eq!(count(ProblemCode::TableEntryStale), 8, "{problems:#?}");

    let pirs = site.summaries().unwrap();
    let changes = plan_sync(&site, &pirs).unwrap();
    assert_eq!(changes.len(), 3);
    apply_changes(&changes).unwrap();
    assert_eq!(index_problems(root), vec![]);
    let once = snapshot(root);
    let site = Site::open(root).unwrap();
    let pirs = site.summaries().unwrap();
    assert_eq!(plan_sync(&site, &pirs).unwrap(), vec![]);
    assert_eq!(snapshot(root), once);
}
