//! Integration tests of the `pir` command: one test binary, one module per subcommand area.

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
