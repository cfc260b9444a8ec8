//! A site reads and writes only inside its repository: nav entries, `docs_dir` and symlinks
//! that lead out of it are refused or skipped, and file reads are bounded.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use pir_core::ErrorKind;
use pir_core::search::{SearchFilters, search};
use pir_core::site::Site;
use pir_core::site::new::{NewPir, create_pir};
use pir_core::site::sync::plan_sync;

const PIR: &str = "# Post Incident Review: Secret Outside Outage\n\n| Field | Value |\n|---|---|\n| **Date** | 2026-01-01 |\n| **Severity** | High |\n\n## Summary\n\nclassified-outside-words here.\n";

/// A folder holding `repo/` (the site, no git) and `elsewhere/` beside it with a dated PIR.
fn layout(mkdocs: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let repo = t.path().join("repo");
    let elsewhere = t.path().join("elsewhere");
    std::fs::create_dir_all(repo.join("docs")).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(repo.join("mkdocs.yml"), mkdocs).unwrap();
    std::fs::write(
        repo.join("docs/index.md"),
        "# Home\n\n## Recent Incidents\n\n",
    )
    .unwrap();
    std::fs::write(elsewhere.join("2026-01-01-a.md"), PIR).unwrap();
    (t, repo, elsewhere)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn new_pir() -> NewPir {
    NewPir {
        title: "Disk Full".to_string(),
        date: NaiveDate::from_ymd_opt(2026, 2, 3).unwrap(),
        severity: "High".to_string(),
        tags: Vec::new(),
        template: None,
    }
}

const NAV_OUT: &str = "site_name: S\nnav:\n  - Home: index.md\n  - Incidents:\n      - A: ../../elsewhere/2026-01-01-a.md\n";

#[test]
fn a_nav_entry_leading_out_of_the_site_is_refused_with_its_line() {
    let (_t, repo, elsewhere) = layout(NAV_OUT);
    let before = listing(&elsewhere);
    let e = Site::open(&repo).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnsafePath, "{e}");
    assert_eq!(e.path.as_deref(), Some(repo.join("mkdocs.yml").as_path()));
    assert_eq!(e.line, Some(5), "{e}");
    assert!(e.message.contains("../../elsewhere"), "{e}");
    // Nothing was written beside the site.
    assert_eq!(listing(&elsewhere), before);
}

#[test]
fn docs_dir_outside_the_site_is_refused_and_named_as_written() {
    for (value, shown) in [("../", ".."), ("/", "/"), ("../elsewhere", "../elsewhere")] {
        let (_t, repo, _) = layout(&format!("site_name: S\ndocs_dir: {value}\n"));
        let e = Site::open(&repo).unwrap_err();
        assert_eq!(e.kind, ErrorKind::UnsafePath, "{value}: {e}");
        assert_eq!(e.line, Some(2), "{value}: {e}");
        assert!(e.message.contains(&format!("`{shown}`")), "{value}: {e}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_incidents_folder_leading_out_is_refused_and_nothing_is_written_there() {
    let (_t, repo, elsewhere) = layout("site_name: S\n");
    std::os::unix::fs::symlink(&elsewhere, repo.join("docs/incidents")).unwrap();
    let before = listing(&elsewhere);
    let e = Site::open(&repo).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnsafePath, "{e}");
    assert!(e.message.contains("incidents"), "{e}");
    assert_eq!(listing(&elsewhere), before);
}

#[cfg(unix)]
#[test]
fn a_symlinked_incidents_folder_inside_the_site_is_fine() {
    let (_t, repo, _) = layout("site_name: S\n");
    std::fs::create_dir_all(repo.join("pirs")).unwrap();
    std::fs::write(repo.join("pirs/2026-01-01-a.md"), PIR).unwrap();
    std::os::unix::fs::symlink(repo.join("pirs"), repo.join("docs/incidents")).unwrap();
    let site = Site::open(&repo).unwrap();
    assert_eq!(site.pir_files().unwrap().len(), 1);
    let created = create_pir(&site, &new_pir()).unwrap();
    assert!(
        repo.join("pirs")
            .join(created.path.file_name().unwrap())
            .is_file()
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_pir_leading_out_is_not_listed_indexed_or_synced() {
    let (_t, repo, elsewhere) = layout(
        "site_name: S\nnav:\n  - Home: index.md\n  - Incidents:\n      - B: incidents/2026-01-02-b.md\n",
    );
    std::fs::create_dir_all(repo.join("docs/incidents")).unwrap();
    std::fs::write(
        repo.join("docs/incidents/2026-01-02-b.md"),
        PIR.replace("Secret Outside", "Inside")
            .replace("classified-outside-words", "ordinary"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        elsewhere.join("2026-01-01-a.md"),
        repo.join("docs/incidents/2026-01-01-a.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", repo.join("docs/incidents/2026-01-03-p.md")).unwrap();
    let site = Site::open(&repo).unwrap();
    let files = site.pir_files().unwrap();
    assert_eq!(files, [repo.join("docs/incidents/2026-01-02-b.md")]);
    let summaries = site.summaries().unwrap();
    assert_eq!(summaries.len(), 1);
    let hits = search(&site, "classified", &SearchFilters::default(), 10).unwrap();
    assert!(hits.is_empty(), "{hits:?}");
    let hits = search(&site, "root", &SearchFilters::default(), 10).unwrap();
    assert!(hits.is_empty(), "{hits:?}");
    let changes = plan_sync(&site, &summaries).unwrap();
    for c in &changes {
        assert!(!c.after.contains("Secret Outside"), "{}", c.after);
    }
    // `pir check` names the skipped files.
    let check = pir_core::site::check::site_check(&site).unwrap();
    let outside: Vec<&pir_core::site::check::Problem> = check
        .other
        .iter()
        .chain(check.pirs.iter().flat_map(|p| &p.problems))
        .filter(|p| p.code == pir_core::site::check::ProblemCode::OutsideSite)
        .collect();
    assert_eq!(outside.len(), 2, "{check:?}");
}

#[cfg(unix)]
#[test]
fn a_nav_page_leading_out_is_neither_read_nor_rewritten_as_an_index_page() {
    // The incidents folder is inside; one nav page outside holds a table of PIR links.
    let (_t, repo, elsewhere) = layout(
        "site_name: S\nnav:\n  - Home: index.md\n  - Old: ../../elsewhere/list.md\n  - Incidents:\n      - Outside Title Here: incidents/2026-01-02-b.md\n",
    );
    let table = "# List\n\n| Date | Incident |\n|---|---|\n| 2026-01-02 | [B](../repo/docs/incidents/2026-01-02-b.md) |\n| 2026-01-01 | [A](2026-01-01-a.md) |\n";
    std::fs::write(elsewhere.join("list.md"), table).unwrap();
    std::fs::create_dir_all(repo.join("docs/incidents")).unwrap();
    std::fs::write(
        repo.join("docs/incidents/2026-01-02-b.md"),
        PIR.replace("2026-01-01", "2026-01-02"),
    )
    .unwrap();
    let site = Site::open(&repo).unwrap();
    let is_list = |p: &Path| p.file_name().is_some_and(|n| n == "list.md");
    let pages = pir_core::site::table_index::index_pages(&site).unwrap();
    assert!(pages.iter().all(|p| !is_list(&p.path)), "{pages:?}");
    let before = std::fs::read_to_string(elsewhere.join("list.md")).unwrap();
    let summaries = site.summaries().unwrap();
    let changes = plan_sync(&site, &summaries).unwrap();
    assert!(changes.iter().all(|c| !is_list(&c.path)), "{changes:?}");
    pir_core::site::sync::apply_changes(&changes).unwrap();
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("list.md")).unwrap(),
        before
    );
}

/// Runs `f` on a thread and fails the test if it takes more than 10 seconds.
fn bounded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("the read did not finish in 10 s")
}

#[cfg(unix)]
#[test]
fn reading_a_device_or_a_fifo_is_a_clear_error_not_a_hang() {
    let e = bounded(|| pir_core::fsio::read_string(Path::new("/dev/zero")).unwrap_err());
    assert_eq!(e.kind, ErrorKind::InvalidInput, "{e}");
    assert!(e.message.contains("not a regular file"), "{e}");

    let t = tempfile::tempdir().unwrap();
    let fifo = t.path().join("pipe.md");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo failed");
    let link = t.path().join("link.md");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    for p in [fifo, link] {
        let e = bounded(move || pir_core::fsio::read_text(&p).unwrap_err());
        assert_eq!(e.kind, ErrorKind::InvalidInput, "{e}");
        assert!(e.message.contains("not a regular file"), "{e}");
    }
}

#[test]
fn a_too_large_file_message_does_not_call_it_a_pir() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("mkdocs.yml");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(pir_core::fsio::MAX_FILE_BYTES + 1).unwrap();
    let e = pir_core::fsio::read_string(&p).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert!(!e.message.contains("PIR"), "{e}");
    assert!(e.message.contains("-byte limit"), "{e}");
}

/// The search watcher does not index a symlink to an outside file made while it runs.
#[cfg(unix)]
#[test]
fn the_watcher_does_not_follow_a_new_symlink_out_of_the_site() {
    let t = tempfile::tempdir().unwrap();
    let outside = t.path().join("outside.md");
    std::fs::write(&outside, PIR).unwrap();
    let site = crate::search::write_site(&t.path().join("repo"), &[]);
    let watcher = pir_core::search::SearchIndex::watch(&site).unwrap();
    std::os::unix::fs::symlink(&outside, site.incidents_dir().join("2026-01-01-a.md")).unwrap();
    std::fs::write(
        site.incidents_dir().join("2026-01-02-b.md"),
        PIR.replace("classified-outside-words", "pangolin"),
    )
    .unwrap();
    let wait = Duration::from_secs(10);
    assert!(
        watcher.wait_until(wait, |i| !i
            .search("pangolin", &SearchFilters::default(), 1)
            .is_empty()),
        "the new file was not indexed within {wait:?}"
    );
    assert!(
        watcher
            .search("classified", &SearchFilters::default(), 10)
            .is_empty()
    );
    assert_eq!(watcher.read().len(), 1);
}
