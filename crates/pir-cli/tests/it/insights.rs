//! `pir search`, `pir stats` and `pir init`.

use crate::{run, sample_site};

#[test]
fn search_prints_hits_with_their_best_line_and_json_spans() {
    let site = sample_site();
    let s = site.to_str().unwrap();
    let (ok, out, err) = run(&["search", "\"forwarding loop\"", "--site", s]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("2026-05-02  Internal DNS Resolver Outage"),
        "{out}"
    );
    // Not a terminal: no ANSI codes. The line number is the file's.
    assert!(!out.contains('\x1b'));
    let (number, text) = lines[1].trim().split_once(": ").unwrap();
    let file = std::fs::read_to_string(
        site.join("docs/incidents/2026-05-02-internal-dns-resolver-outage.md"),
    )
    .unwrap();
    let n: usize = number.parse().unwrap();
    assert_eq!(file.lines().nth(n - 1).unwrap().trim(), text);
    assert!(text.to_lowercase().contains("forwarding loop"));

    let (ok, out, _) = run(&["search", "certif", "--site", s, "--json"]);
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = json.as_array().unwrap();
    assert_eq!(hits[0]["title"], "Payments API TLS Certificate Expiry");
    let best = &hits[0]["best"];
    let text = best["text"].as_str().unwrap();
    let m = &best["matches"][0];
    let (a, b) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
    assert!(
        text[a as usize..b as usize]
            .to_lowercase()
            .starts_with("certif")
    );

    let (ok, _, err) = run(&["search", "certificate", "--site", s, "--severity", "low"]);
    assert!(!ok, "no Low PIR mentions certificates");
    assert!(err.contains("no PIR matches"));
    let (ok, out, _) = run(&["search", "", "--site", s, "--open-actions", "--json"]);
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .all(|h| h["open_action_items"].as_u64() > Some(0))
    );
}

/// The fixture site of pir-core's metrics tests, whose numbers are worked out by hand there.
fn stats_site() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../pir-core/tests/fixtures/stats-site")
}

#[test]
fn stats_prints_metrics_and_json() {
    let site = stats_site();
    let s = site.to_str().unwrap();
    let (ok, out, err) = run(&["stats", s, "--today", "2025-05-01", "--json"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["incidents"], 6);
    assert_eq!(json["today"], "2025-05-01");
    assert_eq!(json["durations"][1]["severity"], "High");
    assert_eq!(json["durations"][1]["time_to_detect"]["p25"], 17.0);
    assert_eq!(json["open_by_owner"][0]["owner"], "Alice");
    assert_eq!(json["open_by_owner"][0]["items"][0]["age_days"], 111);

    let (ok, out, err) = run(&["stats", s, "--today", "2025-05-01"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("6 incidents\n"), "{out}");
    assert!(out.contains("  2025-02  0\n"), "{out}");
    assert!(
        out.contains("  High         3: 4 / 17 / 30 / 60 / 90"),
        "{out}"
    );
    // Two PIRs mark no key event: their time to resolve is the Duration they state.
    assert!(
        out.contains("  All          4: 4 / 10 / 21 / 45 / 90             5: 20 / 34 / 60 / 90 / 180  (2 estimated)\n"),
        "{out}"
    );
    assert!(out.contains("Not measurable (3):"), "{out}");
    assert!(
        out.contains("incidents/2025-04-06-slow-pages.md: no Timeline section"),
        "{out}"
    );
    assert!(out.contains("Open action items: 5"), "{out}");
    assert!(
        out.contains(" 111d  Add resolver alarm  (incidents/2025-01-10-edge-dns-failure.md:32)"),
        "{out}"
    );
    let (ok, _, err) = run(&["stats", s, "--today", "May 1st"]);
    assert!(!ok);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

/// `pir` with a throw-away HOME and no system git configuration, plus `env`.
fn pir_isolated(
    home: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (bool, String, String) {
    let mut cmd = crate::pir();
    for (k, _) in std::env::vars() {
        if k.starts_with("GIT_") || k == "EMAIL" || k == "XDG_CONFIG_HOME" {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", home).env("GIT_CONFIG_NOSYSTEM", "1");
    cmd.envs(env.iter().copied());
    crate::outcome(cmd.args(args).output().unwrap())
}

#[test]
fn init_makes_a_committed_site_that_checks_and_builds_strictly() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let dir = tmp.path().join("reviews");
    let d = dir.to_str().unwrap();
    let identity = [
        ("GIT_AUTHOR_NAME", "Test Author"),
        ("GIT_AUTHOR_EMAIL", "author@example.invalid"),
        ("GIT_COMMITTER_NAME", "Test Author"),
        ("GIT_COMMITTER_EMAIL", "author@example.invalid"),
    ];
    let (ok, out, err) = pir_isolated(&home, &["init", d, "--name", "Platform Reviews"], &identity);
    assert!(ok, "{err}");
    assert!(out.contains("committed "), "{out}{err}");
    // HEAD names a branch whose ref exists: there is a commit.
    let head = std::fs::read_to_string(dir.join(".git/HEAD")).unwrap();
    let branch = head.trim().strip_prefix("ref: ").unwrap();
    let id = std::fs::read_to_string(dir.join(".git").join(branch)).unwrap();
    assert!(out.contains(&id[..12]), "{out}");

    let (ok, out, err) = pir_isolated(&home, &["init", d], &identity);
    assert!(!ok, "{out}");
    assert!(err.contains("not empty"), "{err}");

    let (ok, out, err) = run(&["check", d]);
    assert!(ok, "{out}{err}");
    let (ok, out, err) = run(&[
        "new",
        "--site",
        d,
        "--title",
        "Cache nodes evicted",
        "--date",
        "2026-02-03",
        "--severity",
        "High",
    ]);
    assert!(ok, "{out}{err}");
    // The new PIR is still the template: CI fails on it, and only on that, until it is written.
    let (ok, out, err) = run(&["check", d]);
    assert!(!ok, "{out}{err}");
    assert!(
        out.contains("still holds the template's placeholder text on lines"),
        "{out}"
    );
    assert_eq!(out.lines().filter(|l| l.contains(": ")).count(), 1, "{out}");

    let Some(mkdocs) = crate::mkdocs::mkdocs() else {
        return;
    };
    let build = std::process::Command::new(mkdocs)
        .args(["build", "--strict", "--quiet"])
        .current_dir(&dir)
        .env("NO_MKDOCS_2_WARNING", "1")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(
        dir.join("site/incidents/2026-02-03-cache-nodes-evicted/index.html")
            .is_file()
    );
}

#[test]
fn init_without_a_git_identity_leaves_the_files_uncommitted() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let dir = tmp.path().join("reviews");
    let (ok, out, err) = pir_isolated(&home, &["init", dir.to_str().unwrap(), "--json"], &[]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(json["commit"].is_null());
    assert!(
        json["commit_skipped"]
            .as_str()
            .unwrap()
            .contains("identity"),
        "{out}"
    );
    assert!(dir.join(".git").is_dir() && dir.join("mkdocs.yml").is_file());
}

/// On a terminal (a pseudo-terminal from util-linux `script`), matches are in ANSI bold.
#[test]
fn search_on_a_terminal_bolds_the_matches() {
    let command = format!(
        "{} search certif --site {}",
        env!("CARGO_BIN_EXE_pir"),
        sample_site().display()
    );
    let Ok(out) = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
    else {
        eprintln!("skipped: util-linux `script` is unavailable to give pir a terminal");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.to_lowercase().contains("\x1b[1mcertif"), "{text:?}");
}
