//! `pir` never writes nor reads files outside the site's repository, whatever mkdocs.yml says.

use std::path::Path;

use crate::{outcome, pir};

const PIR: &str = "# Post Incident Review: Secret Outside Outage\n\n| Field | Value |\n|---|---|\n| **Date** | 2026-01-01 |\n| **Severity** | High |\n\n## Summary\n\nclassified-outside-words here.\n";

/// Every file under `dir` with its content, to see that nothing changed.
fn contents(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(contents(&p));
        } else {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap_or_default(),
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn new_and_sync_refuse_a_nav_leading_out_and_write_nothing() {
    let t = tempfile::tempdir().unwrap();
    let repo = t.path().join("repo");
    let elsewhere = t.path().join("elsewhere");
    std::fs::create_dir_all(repo.join("docs")).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        repo.join("mkdocs.yml"),
        "site_name: S\nnav:\n  - Home: index.md\n  - Incidents:\n      - A: ../../elsewhere/2026-01-01-a.md\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("docs/index.md"),
        "# Home\n\n## Recent Incidents\n\n",
    )
    .unwrap();
    std::fs::write(elsewhere.join("2026-01-01-a.md"), PIR).unwrap();
    let before = contents(t.path());
    let s = repo.to_str().unwrap();

    let (ok, _, err) = outcome(
        pir()
            .args([
                "new",
                "--site",
                s,
                "--title",
                "Disk Full",
                "--date",
                "2026-02-03",
            ])
            .args(["--severity", "High"])
            .output()
            .unwrap(),
    );
    assert!(!ok, "pir new succeeded");
    assert!(err.contains("mkdocs.yml:5:"), "{err}");
    assert!(err.contains("../../elsewhere"), "{err}");

    let (ok, _, err) = outcome(pir().args(["sync", s]).output().unwrap());
    assert!(!ok, "pir sync succeeded");
    assert!(err.contains("mkdocs.yml:5:"), "{err}");

    let (ok, out, _) = outcome(
        pir()
            .args(["search", "classified", "--site", s])
            .output()
            .unwrap(),
    );
    assert!(!ok || !out.contains("Secret"), "{out}");

    assert_eq!(contents(t.path()), before, "a file changed");
}
