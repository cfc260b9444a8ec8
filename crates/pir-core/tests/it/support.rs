//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The crate's own fixtures (`crates/pir-core/tests/fixtures`).
#[allow(dead_code)]
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `../shared/fixtures` beside the repository, when it exists.
///
/// Tests over the real site call this and return early (printing why) when it is absent, so
/// the suite still runs on a clone without it.
#[allow(dead_code)]
pub fn shared_fixtures() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if dir.join("seed-site/mkdocs.yml").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/fixtures is absent");
        None
    }
}

/// The real PIRs of `../shared/fixtures/seed-site`, when present.
#[allow(dead_code)]
pub fn shared_pirs() -> Vec<PathBuf> {
    let Some(dir) = shared_fixtures() else {
        return Vec::new();
    };
    let mut pirs: Vec<PathBuf> = std::fs::read_dir(dir.join("seed-site/docs/incidents"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    pirs.retain(|p| p.extension().is_some_and(|e| e == "md"));
    pirs.sort();
    pirs
}

/// Site roots to run whole-site checks over: a writable copy of the sample site (kept alive by
/// the returned folder) and, when present, the real seed site.
#[allow(dead_code)]
pub fn sample_and_shared_sites() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("tempdir");
    pir_core::sample::write_sample_site(dir.path()).expect("write sample site");
    let mut roots = vec![dir.path().to_path_buf()];
    if let Some(shared) = shared_fixtures() {
        roots.push(shared.join("seed-site"));
    }
    (dir, roots)
}

/// Copies the folder `from` to `to`, recursively (a fixture site to a scratch folder).
#[allow(dead_code)]
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// Compares `got` with the committed snapshot `snap`; under `PIR_BLESS=1` rewrites it
/// instead (review the diff before committing). Gives the difference to report, `None` when
/// they match, so a test over many fixtures can report every one that differs.
#[allow(dead_code)]
pub fn snapshot_mismatch(snap: &std::path::Path, got: &str) -> Option<String> {
    if std::env::var("PIR_BLESS").is_ok_and(|v| v == "1") {
        if let Some(dir) = snap.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(snap, got).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(snap)
        .unwrap_or_else(|_| panic!("{} is missing: run with PIR_BLESS=1", snap.display()));
    (got != expected).then(|| {
        format!(
            "{}:\n--- expected\n{expected}\n--- got\n{got}",
            snap.display()
        )
    })
}

/// The fixture sites (folders holding `mkdocs.yml`) directly in `dir`, sorted.
#[allow(dead_code)]
pub fn sites_in(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut sites: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("mkdocs.yml").is_file())
        .collect();
    sites.sort();
    sites
}

/// A writable copy of the convention fixture site `name` (`fixtures/sites/NAME`) in a
/// temporary folder outside any repository, kept while the `TempDir` lives.
#[allow(dead_code)]
pub fn site_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join(name);
    copy_dir(&fixtures().join("sites").join(name), &root);
    (tmp, root)
}
