//! `pir timeline FILE import`: a dry run prints the rows as JSON and writes nothing; an
//! import changes the file only by the inserted lines; a source that fails inserts nothing.

use std::path::{Path, PathBuf};

use crate::run;

/// The import fixtures of pir-core.
fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../pir-core/tests/fixtures/import")
}

/// A writable copy of the PIR fixture `name`.
fn pir_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::copy(fixtures().join("pir").join(name), &file).unwrap();
    (dir, file)
}

/// A path as an argument.
fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_dry_run_prints_rows_as_json_and_writes_nothing() {
    let (_dir, file) = pir_copy("checkout.md");
    let before = std::fs::read(&file).unwrap();
    let alerts = fixtures().join("alertmanager/webhook-log.ndjson");
    let (ok, out, err) = run(&[
        "timeline",
        arg(&file),
        "import",
        arg(&alerts),
        "--dry-run",
        "--json",
    ]);
    assert!(ok, "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        rows,
        serde_json::json!([
            {
                "time": "2026-02-23T00:00:12.345+10:00",
                "event": "FIRING CheckoutHighErrorRate [critical] on checkout-1:8080 — 5xx ratio above 5% for 5 minutes (×3)",
                "source": "alertmanager",
                "count": 3
            },
            {
                "time": "2026-02-23T00:31:02.001+10:00",
                "event": "RESOLVED CheckoutHighErrorRate [critical] on checkout-1:8080",
                "source": "alertmanager",
                "count": 1
            }
        ])
    );
}

#[test]
fn an_import_inserts_only_the_rows_in_time_order() {
    let (_dir, file) = pir_copy("checkout.md");
    let before = std::fs::read_to_string(&file).unwrap();
    let slack = fixtures().join("slack/export-with-threads/incident-db");
    let pages = fixtures().join("pagerduty/incident-log-entries.json");
    let (ok, out, err) = run(&[
        "timeline",
        arg(&file),
        "import",
        arg(&slack),
        arg(&pages),
        "--since",
        "2026-02-23 00:03",
        "--until",
        "2026-02-23T00:10:00+10:00",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("inserted 5 rows"), "{out}");
    assert!(
        err.contains("records outside the window 2026-02-23T00:03:00+10:00 → 2026-02-23T00:10:00+10:00 were left out"),
        "{err}"
    );
    let after = std::fs::read_to_string(&file).unwrap();
    let inserted = "\
| 2026-02-23 00:03 | PagerDuty: Acknowledged by Alice Ng ([#4711] Checkout 5xx above 5%) |
| 00:03 | Bob Kim: looking at the checkout dashboard: p99 > 4s & rising |
| 00:05 | alice (in thread): db pool exhausted restarting pgbouncer |
| 00:09 | Carol (in thread): pgbouncer restarted, errors dropping |
| 00:10 | PagerDuty: Note added ([#4711] Checkout 5xx above 5%): pgbouncer restarted; watching the error rate |
";
    let at = before.find("| **2026-02-23 00:55**").unwrap();
    assert_eq!(
        after,
        format!("{}{inserted}{}", &before[..at], &before[at..])
    );
}

#[test]
fn the_same_evidence_imported_again_adds_nothing() {
    let (_dir, file) = pir_copy("checkout.md");
    let alerts = fixtures().join("alertmanager/webhook-log.ndjson");
    let import = ["timeline", arg(&file), "import", arg(&alerts)];
    let (ok, out, err) = run(&import);
    assert!(ok, "{err}");
    assert!(out.contains("inserted 2 rows"), "{out}");
    let once = std::fs::read(&file).unwrap();
    let (ok, out, err) = run(&import);
    assert!(ok, "{err}");
    assert!(out.contains("inserted 0 rows"), "{out}");
    assert!(
        err.contains("2 rows the timeline has already were left out"),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), once);
}

#[test]
fn a_failing_source_inserts_nothing_and_names_the_file_and_line() {
    let (_dir, file) = pir_copy("checkout.md");
    let before = std::fs::read(&file).unwrap();
    let good = fixtures().join("alertmanager/webhook-firing.json");
    let bad = fixtures().join("pagerduty/truncated.json");
    let (ok, _, err) = run(&["timeline", arg(&file), "import", arg(&good), arg(&bad)]);
    assert!(!ok);
    assert!(err.contains("truncated.json:54:"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let (ok, _, err) = run(&[
        "timeline",
        arg(&file),
        "import",
        arg(&good),
        "--format",
        "splunk",
    ]);
    assert!(!ok);
    assert!(err.contains("unknown format \"splunk\""), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn log_formats_are_told_from_their_content_and_say_what_they_assumed() {
    let (_dir, file) = pir_copy("checkout.md");
    let before = std::fs::read(&file).unwrap();
    let nagios = fixtures().join("nagios/soft-to-hard.log");
    let (ok, out, err) = run(&[
        "timeline",
        arg(&file),
        "import",
        arg(&nagios),
        "--since",
        "2026-09-14",
        "--until",
        "2026-09-15",
        "--only-hard",
        "--dry-run",
        "--json",
    ]);
    assert!(ok, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), 5, "{out}");
    assert!(rows.iter().all(|r| r["source"] == "nagios"), "{out}");
    assert!(
        !out.contains("(SOFT)"),
        "--only-hard leaves SOFT states out: {out}"
    );

    // Syslog carries no year or zone: the import says what it took.
    let syslog = fixtures().join("syslog/var-log-syslog.log");
    let (ok, _, err) = run(&[
        "timeline",
        arg(&file),
        "import",
        arg(&syslog),
        "--dry-run",
        "--json",
    ]);
    assert!(ok, "{err}");
    assert!(
        err.contains("var-log-syslog.log: syslog times carry no year"),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
