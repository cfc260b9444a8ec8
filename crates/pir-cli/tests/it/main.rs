//! Integration tests of the `pir` command: one test binary, one module per subcommand area.

mod git;

use std::path::PathBuf;
use std::process::Command;

mod render;

/// A `pir` command ready to run, built by cargo for this test binary.
#[allow(dead_code)]
pub fn pir() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pir"))
}

/// `../shared/fixtures` beside the repository, when it exists (tests skip with a message otherwise).
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

mod confine;
mod mkdocs;
mod new;
mod profile;
mod save_path;
mod site;
mod sites;

/// Runs `pir` with `args`: whether it succeeded, its stdout and its stderr.
#[allow(dead_code)]
pub fn run(args: &[&str]) -> (bool, String, String) {
    outcome(pir().args(args).output().unwrap())
}

/// Whether a finished command succeeded, its stdout and its stderr.
#[allow(dead_code)]
pub fn outcome(out: std::process::Output) -> (bool, String, String) {
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The sample site shipped in pir-core.
#[allow(dead_code)]
pub fn sample_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../pir-core/sample-site")
}

/// Copies a folder tree, its files writable whatever the originals' mode.
#[allow(dead_code)]
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            // The bytes, not the mode: a fixture checked out read-only is copied writable,
            // as a site is (a save refuses a read-only file).
            std::fs::write(dest, std::fs::read(entry.path()).unwrap()).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, to show what a command changed (or that it changed nothing).
#[allow(dead_code)]
pub fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    fn walk(
        dir: &std::path::Path,
        root: &std::path::Path,
        out: &mut std::collections::BTreeMap<PathBuf, Vec<u8>>,
    ) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                walk(&p, root, out);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// Paths whose content differs between two snapshots (added, removed or changed).
#[allow(dead_code)]
pub fn changed(
    before: &std::collections::BTreeMap<PathBuf, Vec<u8>>,
    after: &std::collections::BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<String> {
    let mut keys: Vec<&PathBuf> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| k.to_string_lossy().replace('\\', "/"))
        .collect()
}
mod doc;
mod import;
mod insights;
