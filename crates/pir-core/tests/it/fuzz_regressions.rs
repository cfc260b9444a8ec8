//! Inputs the fuzzer once broke something with, kept in `fuzz/regressions/<target>/`, run
//! through the same check as the fuzz target: a fixed bug stays fixed without a nightly
//! toolchain or a fuzzing run.

use std::fs;
use std::path::{Path, PathBuf};

#[path = "../../../../fuzz/checks/parse.rs"]
mod parse_check;

#[path = "../../../../fuzz/checks/render.rs"]
mod render_check;

/// `fuzz/regressions/` at the root of the repository.
fn regressions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions")
}

/// The saved inputs of one target, sorted.
fn inputs(target: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(regressions().join(target))
        .expect("read the regression folder")
        .map(|e| e.expect("read a regression entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_target_with_regressions_has_a_check() {
    for entry in fs::read_dir(regressions()).expect("read fuzz/regressions") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            ["parse", "render"].contains(&name.as_str()),
            "fuzz/regressions/{name}/ has no check in this test: add one"
        );
    }
}

/// Runs every saved input of `target` through its fuzz check.
fn pass_the_check(target: &str, check: fn(&[u8])) {
    let files = inputs(target);
    assert!(
        !files.is_empty(),
        "no saved inputs in fuzz/regressions/{target}/"
    );
    for f in files {
        let data = fs::read(&f).expect("read a saved input");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails the {target} check", f.display());
    }
}

#[test]
fn parse_regressions_pass_the_parse_check() {
    pass_the_check("parse", parse_check::check);
}

#[test]
fn render_regressions_pass_the_render_check() {
    pass_the_check("render", render_check::check);
}
