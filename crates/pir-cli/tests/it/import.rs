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

/// Runs `pir` with `args`, its stdout and stderr to files in `dir`, and waits for it: whether
/// it succeeded, its stdout, its stderr, and its peak resident memory in bytes (the
/// kernel's own account of the child, from `wait4`).
#[cfg(target_os = "linux")]
// The child is waited for by `wait4` (in `wait_with_peak`), which std does not see.
#[allow(clippy::zombie_processes)]
fn run_measured(dir: &Path, args: &[&str]) -> (bool, String, String, u64) {
    let (out, err) = (dir.join("stdout"), dir.join("stderr"));
    let child = crate::pir()
        .args(args)
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let (status, peak) = wait_with_peak(child.id());
    (
        status == 0,
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(&err).unwrap(),
        peak,
    )
}

/// Waits for the child `pid`: its exit status (-1 when it did not exit) and its peak
/// resident set size in bytes.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn wait_with_peak(pid: u32) -> (i32, u64) {
    let pid = libc::pid_t::try_from(pid).unwrap();
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, for which all zero bytes is a valid value; `wait4`
    // writes only into the two locals it is given, and `pid` is our own child, which nothing
    // else waits for (the `Child` handle is dropped without waiting).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(got, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    // Linux counts ru_maxrss in kilobytes.
    (code, u64::try_from(usage.ru_maxrss).unwrap() * 1024)
}

#[cfg(target_os = "linux")]
#[test]
fn a_100_mb_log_is_imported_in_a_fraction_of_its_size_in_memory() {
    use std::io::Write;
    let (dir, file) = pir_copy("checkout.md");
    let log = dir.path().join("app.log");
    // 1.1 million lines of about 95 bytes, one every 100 ms from 2026-09-14 00:00 UTC.
    let mut w = std::io::BufWriter::new(std::fs::File::create(&log).unwrap());
    let start = chrono::DateTime::parse_from_rfc3339("2026-09-14T00:00:00Z").unwrap();
    for i in 0..1_100_000i64 {
        let at = start + chrono::TimeDelta::milliseconds(100 * i);
        writeln!(
            w,
            "{} INFO request {i} served in {} ms for tenant acme-{:04} by web-{}",
            at.format("%Y-%m-%dT%H:%M:%S%.3fZ"),
            i % 997,
            i % 9973,
            i % 7
        )
        .unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let size = std::fs::metadata(&log).unwrap().len();
    assert!(size > 100_000_000, "{size}");
    let before = std::fs::read(&file).unwrap();
    // One minute in the middle of the file: 601 records (the ends included).
    let (ok, out, err, peak) = run_measured(
        dir.path(),
        &[
            "timeline",
            arg(&file),
            "import",
            arg(&log),
            "--since",
            "2026-09-14T15:00:00Z",
            "--until",
            "2026-09-14T15:01:00Z",
            "--dry-run",
            "--json",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), 601, "{err}");
    assert_eq!(rows[0]["time"], "2026-09-15T01:00:00+10:00");
    assert_eq!(
        rows[0]["event"],
        "INFO request 540000 served in 623 ms for tenant acme-1458 by web-6"
    );
    assert_eq!(rows[600]["time"], "2026-09-15T01:01:00+10:00");
    assert!(err.contains("1099399 records outside the window"), "{err}");
    // The same import of a one-line log: what the program takes whatever the log.
    let tiny = dir.path().join("tiny.log");
    std::fs::write(&tiny, "2026-09-14T15:00:00.000Z INFO one request\n").unwrap();
    let (ok, _, err, baseline) = run_measured(
        dir.path(),
        &[
            "timeline",
            arg(&file),
            "import",
            arg(&tiny),
            "--since",
            "2026-09-14T15:00:00Z",
            "--until",
            "2026-09-14T15:01:00Z",
            "--dry-run",
            "--json",
        ],
    );
    assert!(ok, "{err}");
    // Reading the log whole would take at least its size more than that; streamed, it
    // takes a few MB more, whatever the log's size.
    let mb = |b: u64| b / 1_000_000;
    assert!(
        peak < baseline + size / 5,
        "peak resident memory {} MB for a {} MB log, {} MB for a one-line log",
        mb(peak),
        mb(size),
        mb(baseline)
    );
}
