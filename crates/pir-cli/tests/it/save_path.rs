//! `pir timeline` and `pir save` save through the same planned save as the app: the site's
//! nav, home list and index rows follow the PIR (and `--pir-only` leaves them), and every file
//! changed is printed.
//!
//! The site is pir-core's `tests/fixtures/save-plan/site` with the Disk full row of its
//! incidents table out of step (Severity SEV2 where the PIR says SEV3), as a table edited by
//! hand often is: any save of the PIR brings the row back in step.

use std::path::{Path, PathBuf};

use pir_core::session::{EditorSession, SaveOutcome};

use crate::{copy_dir, run};

const PIR: &str = "docs/incidents/2026-01-02-disk-full.md";
const INDEX: &str = "docs/incidents/index.md";
const STALE_ROW: &str =
    "| 2026-01-02 | [Disk full](2026-01-02-disk-full.md)     | SEV2     | ~40m     |";

/// A copy of the site with the stale index row.
fn site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../pir-core/tests/fixtures/save-plan/site"),
        &root,
    );
    let index = root.join(INDEX);
    let text = std::fs::read_to_string(&index).unwrap();
    let stale = text.replace(
        "| 2026-01-02 | [Disk full](2026-01-02-disk-full.md)     | SEV3     | ~40m     |",
        STALE_ROW,
    );
    assert_ne!(stale, text);
    std::fs::write(&index, stale).unwrap();
    let root = std::fs::canonicalize(&root).unwrap();
    (tmp, root)
}

fn add_row(root: &Path, extra: &[&str]) -> String {
    let file = root.join(PIR);
    let mut args = vec![
        "timeline",
        file.to_str().unwrap(),
        "add",
        "--time",
        "09:00",
        "--event",
        "Old logs removed.",
    ];
    args.extend_from_slice(extra);
    let (ok, out, err) = run(&args);
    assert!(ok, "{err}");
    out
}

#[test]
fn timeline_add_updates_the_index_row_exactly_as_the_apps_save_does() {
    let (_a, cli) = site();
    let out = add_row(&cli, &[]);
    assert!(out.contains(": saved\n"), "{out}");
    assert!(
        out.contains(&format!(
            "{}: updated: update the table row",
            cli.join(INDEX).display()
        )),
        "{out}"
    );
    let index = std::fs::read_to_string(cli.join(INDEX)).unwrap();
    assert!(!index.contains(STALE_ROW), "{index}");

    // The app: a session, the same edit, every planned file kept ticked.
    let (_b, app) = site();
    let mut s = EditorSession::open(app.join(PIR)).unwrap();
    s.edit(&[pir_core::Edit::TimelineAdd {
        time: "09:00".into(),
        event: "Old logs removed.".into(),
        phase: None,
    }])
    .unwrap();
    let plan = s.plan_save().unwrap();
    let extra: Vec<PathBuf> = plan.files[1..].iter().map(|f| f.path.clone()).collect();
    assert_eq!(extra, [app.join(INDEX)]);
    assert!(matches!(s.save(&extra).unwrap(), SaveOutcome::Saved { .. }));

    assert_eq!(crate::snapshot(&cli), crate::snapshot(&app));
}

#[test]
fn pir_only_writes_the_pir_and_names_what_it_left() {
    let (_t, root) = site();
    let index_before = std::fs::read(root.join(INDEX)).unwrap();
    let pir_before = std::fs::read_to_string(root.join(PIR)).unwrap();
    let out = add_row(&root, &["--pir-only"]);
    assert!(out.contains("left as it was (--pir-only)"), "{out}");
    assert_eq!(std::fs::read(root.join(INDEX)).unwrap(), index_before);
    let pir = std::fs::read_to_string(root.join(PIR)).unwrap();
    assert!(pir.contains("| 09:00 | Old logs removed. |") && pir != pir_before);
}
