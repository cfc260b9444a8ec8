//! `pir show`, `pir save` and `pir timeline` on copies of the document fixtures.

use std::path::{Path, PathBuf};

use crate::{pir, shared_fixtures};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../pir-core/tests/fixtures/docs")
        .join(name)
}

/// Copies `src` into a fresh temporary folder.
fn copy(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let dst = dir.path().join(src.file_name().unwrap());
    // Writable whatever the fixture's mode (a save refuses a read-only file).
    std::fs::write(&dst, std::fs::read(src).unwrap()).unwrap();
    (dir, dst)
}

fn run_ok(args: &[&str]) -> String {
    let out = pir().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "pir {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn show_json_then_save_unchanged_is_byte_identical() {
    let mut sources: Vec<PathBuf> = ["crlf-tabs.md", "multi-phase.md", "front-matter.md"]
        .iter()
        .map(|n| fixture(n))
        .collect();
    if let Some(shared) = shared_fixtures() {
        let dir = shared.join("seed-site/docs/incidents");
        for e in std::fs::read_dir(dir).unwrap() {
            sources.push(e.unwrap().path());
        }
    }
    for src in sources {
        let (dir, file) = copy(&src);
        let json = run_ok(&["show", path(&file), "--json"]);
        let model = dir.path().join("model.json");
        std::fs::write(&model, json).unwrap();
        let out = run_ok(&["save", path(&file), "--model", path(&model)]);
        assert!(out.contains("unchanged"), "{out}");
        assert_eq!(
            std::fs::read(&file).unwrap(),
            std::fs::read(&src).unwrap(),
            "{}",
            src.display()
        );
    }
}

#[test]
fn save_applies_an_edited_model() {
    let src = fixture("crlf-tabs.md");
    let (dir, file) = copy(&src);
    let json = run_ok(&["show", path(&file), "--json"]);
    let mut model: serde_json::Value = serde_json::from_str(&json).unwrap();
    model["severity"] = "Medium (replicas far behind)".into();
    model["tables"][0]["rows"][1][1] = "Lag alert at 5 minutes".into();
    let model_path = dir.path().join("model.json");
    std::fs::write(&model_path, model.to_string()).unwrap();
    let out = run_ok(&["save", path(&file), "--model", path(&model_path)]);
    assert!(out.contains("saved"));
    let expected = std::fs::read_to_string(&src)
        .unwrap()
        .replace(
            "**Severity:** Low (replicas behind, no data loss)   ",
            "**Severity:** Medium (replicas far behind)   ",
        )
        .replace("| Lag alert at 10 minutes |", "| Lag alert at 5 minutes |");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
}

#[test]
fn show_prints_a_summary() {
    let out = run_ok(&["show", path(&fixture("sparse.md"))]);
    assert!(out.contains("Queue Consumer Stall"));
    assert!(out.contains("Owner:            platform team"));
    assert!(out.contains("Missing metadata: Duration, Severity"));
}

#[test]
fn timeline_lists_and_edits_rows() {
    let src = fixture("single-table-how.md");
    let (_dir, file) = copy(&src);
    let list = run_ok(&["timeline", path(&file)]);
    assert_eq!(list.lines().count(), 8, "{list}");
    assert!(list.contains("   4  09:40 → 10:10"));

    run_ok(&[
        "timeline",
        path(&file),
        "add",
        "--time",
        "10:45",
        "--event",
        "Postmortem booked",
    ]);
    run_ok(&[
        "timeline",
        path(&file),
        "insert",
        "0",
        "--time",
        "09:00",
        "--event",
        "Resolver restarted",
    ]);
    // Rows now: 09:00 (new), the root event, onwards, 09:20, ...: delete 09:20, then put the
    // root event back first.
    run_ok(&["timeline", path(&file), "delete", "3"]);
    run_ok(&["timeline", path(&file), "move", "1", "0"]);
    let original = std::fs::read_to_string(&src).unwrap();
    let first = "| **2026-04-02 ~09:05** | **ROOT EVENT**: Zone transfer truncated after a resolver restart |\n";
    let expected = original
        .replace(
            first,
            &format!("{first}| 09:00 | Resolver restarted |\n"),
        )
        .replace("| **09:20** | **INCIDENT DETECTED**: Build agents fail to fetch from the artifact store |\n", "")
        .replace(
            "| **10:40** | **INCIDENT RESOLVED**: All lookups answered again |\n",
            "| **10:40** | **INCIDENT RESOLVED**: All lookups answered again |\n| 10:45 | Postmortem booked |\n",
        );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);

    let out = pir()
        .args(["timeline", path(&file), "delete", "42"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("out of range"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
}

#[test]
fn save_reads_the_model_from_stdin() {
    use std::io::Write;
    use std::process::Stdio;
    let (_dir, file) = copy(&fixture("front-matter.md"));
    let json = run_ok(&["show", path(&file), "--json"]);
    let mut model: serde_json::Value = serde_json::from_str(&json).unwrap();
    model["tags"].as_array_mut().unwrap().push("certs".into());
    let mut child = pir()
        .args(["save", path(&file), "--model", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(model.to_string().as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("---\ntitle: Certificate expiry on the edge proxy\ntags:\n  - edge\n  - tls\n  - \"2026\"\n  - certs\nhide:"));
}

/// Starts `writers` runs of `pir` at once, `rounds` times, and checks that every run that
/// exited 0 left its mark (`mark(round, writer)`) in `file`, and that every other run was
/// refused as a conflict: nothing any writer reported as saved is lost.
fn race_writers(
    file: &Path,
    writers: usize,
    rounds: usize,
    args: impl Fn(usize, usize) -> Vec<String>,
    mark: impl Fn(usize, usize) -> String,
) {
    use std::process::Stdio;
    let started = std::time::Instant::now();
    for round in 0..rounds {
        let children: Vec<_> = (0..writers)
            .map(|w| {
                pir()
                    .args(args(round, w))
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut saved = Vec::new();
        for (w, child) in children.into_iter().enumerate() {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            if out.status.success() {
                saved.push(mark(round, w));
            } else {
                assert!(
                    err.contains("changed on disk") || err.contains("another version"),
                    "round {round}: {err}"
                );
            }
        }
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!saved.is_empty(), "round {round}: every writer refused");
        for m in saved {
            assert!(
                text.contains(&m),
                "round {round}: {m:?} was reported saved but is lost"
            );
        }
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
}

#[test]
fn concurrent_timeline_adds_lose_no_row() {
    let (_dir, file) = copy(&fixture("single-table-how.md"));
    let f = path(&file).to_string();
    race_writers(
        &file,
        4,
        40,
        |round, w| {
            ["timeline", &f, "add", "--time", "11:00", "--event"]
                .map(String::from)
                .into_iter()
                .chain([format!("Writer {w} of round {round}")])
                .collect()
        },
        |round, w| format!("| Writer {w} of round {round} |"),
    );
}

#[test]
fn concurrent_saves_lose_no_change() {
    let (dir, file) = copy(&fixture("crlf-tabs.md"));
    let f = path(&file).to_string();
    // Each writer sets its own value of Severity in a model of the current text.
    let models: Vec<_> = (0..4)
        .map(|w| dir.path().join(format!("model-{w}.json")))
        .collect();
    let rounds = 30;
    for round in 0..rounds {
        let json = run_ok(&["show", &f, "--json"]);
        for (w, m) in models.iter().enumerate() {
            let mut model: serde_json::Value = serde_json::from_str(&json).unwrap();
            model["severity"] = format!("Writer {w} of round {round}").into();
            std::fs::write(m, model.to_string()).unwrap();
        }
        race_writers(
            &file,
            4,
            1,
            |_, w| {
                vec![
                    "save".into(),
                    f.clone(),
                    "--model".into(),
                    path(&models[w]).to_string(),
                ]
            },
            |_, w| format!("**Severity:** Writer {w} of round {round}"),
        );
    }
}

#[test]
fn save_refuses_a_model_of_an_older_version() {
    let (dir, file) = copy(&fixture("single-table-how.md"));
    let json = run_ok(&["show", path(&file), "--json"]);
    // Someone adds a row after the model was taken ...
    run_ok(&[
        "timeline",
        path(&file),
        "add",
        "--time",
        "10:45",
        "--event",
        "Postmortem booked",
    ]);
    let after_add = std::fs::read_to_string(&file).unwrap();
    // ... and the stale model, with one field changed, is saved.
    let mut model: serde_json::Value = serde_json::from_str(&json).unwrap();
    model["severity"] = "SEV1".into();
    let model_path = dir.path().join("model.json");
    std::fs::write(&model_path, model.to_string()).unwrap();
    let out = pir()
        .args(["save", path(&file), "--model", path(&model_path)])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("another version"), "{err}");
    assert!(err.contains(path(&file)), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after_add);

    // A model taken now saves, and keeps the row.
    let json = run_ok(&["show", path(&file), "--json"]);
    let mut model: serde_json::Value = serde_json::from_str(&json).unwrap();
    model["severity"] = "SEV1".into();
    std::fs::write(&model_path, model.to_string()).unwrap();
    assert!(run_ok(&["save", path(&file), "--model", path(&model_path)]).contains("saved"));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("| 10:45 | Postmortem booked |"), "{text}");
    assert!(text.contains("SEV1"), "{text}");
}

#[test]
fn save_reads_back_the_model_of_a_pir_just_under_the_size_limit() {
    let src =
        crate::sample_site().join("docs/incidents/2026-05-02-internal-dns-resolver-outage.md");
    let text = std::fs::read_to_string(&src).unwrap();
    let anchor = "| **09:15 UTC**   | **INCIDENT DETECTED**: Synthetic checks for three services fail together |\n";
    let row = format!(
        "| 09:16 UTC | Resolver \"b\" still loops: {} |\n",
        "x".repeat(160)
    );
    let limit = pir_core::fsio::MAX_FILE_BYTES as usize;
    let rows = (limit - 1 - text.len()) / row.len();
    let big = text.replacen(anchor, &format!("{anchor}{}", row.repeat(rows)), 1);
    assert!(big.len() < limit && big.len() > limit - row.len() * 2);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.md");
    std::fs::write(&file, &big).unwrap();
    let json = run_ok(&["show", path(&file), "--json"]);
    assert!(
        json.len() > limit,
        "the model ({} bytes) is larger than a PIR may be",
        json.len()
    );
    let model = dir.path().join("model.json");
    std::fs::write(&model, &json).unwrap();
    let out = run_ok(&["save", path(&file), "--model", path(&model)]);
    assert!(out.contains("unchanged"), "{out}");

    let edited = json.replacen(
        "Critical (every internal service lost name resolution)",
        "High",
        1,
    );
    std::fs::write(&model, &edited).unwrap();
    let out = run_ok(&["save", path(&file), "--model", path(&model)]);
    assert!(out.contains("saved"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        big.replacen(
            "**Severity:** Critical (every internal service lost name resolution)",
            "**Severity:** High",
            1
        )
    );
}

#[test]
fn list_timelines_are_shown_and_edited_like_tables() {
    let src = fixture("timeline-bullets.md");
    let (_dir, file) = copy(&src);
    let show = run_ok(&["show", path(&file)]);
    assert!(show.contains("5 rows in 1 list"), "{show}");
    let list = run_ok(&["timeline", path(&file)]);
    assert_eq!(list.lines().count(), 6, "{list}");
    run_ok(&[
        "timeline",
        path(&file),
        "add",
        "--time",
        "07:30",
        "--event",
        "Incident review booked.",
    ]);
    run_ok(&["timeline", path(&file), "delete", "2"]);
    let original = std::fs::read_to_string(&src).unwrap();
    let expected = original
        .replace("- 06:20 — On-call acknowledges; suspects the CDN.\n", "")
        .replace(
            "errors stop.\n",
            "errors stop.\n- 07:30 — Incident review booked.\n",
        );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
}
