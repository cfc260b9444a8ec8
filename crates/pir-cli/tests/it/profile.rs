//! `pir profile`: the site profile printed with where each value came from, as JSON, and
//! written to `.pir.toml` for editing.

use std::path::Path;

use crate::run;

fn copy_dir(from: &Path, to: &Path) {
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

#[test]
fn profile_prints_learnt_values_writes_them_and_reads_them_back() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../pir-core/tests/fixtures/sites/inc-table"),
        &site,
    );
    let s = site.to_str().unwrap();
    let (ok, out, err) = run(&["profile", s]);
    assert!(ok, "{err}");
    assert!(
        out.contains("file_names     INC-{number}-{slug}.md"),
        "{out}"
    );
    assert!(out.contains("(learnt from 2 of 2 PIR file names)"), "{out}");
    assert!(out.contains("metadata       table"), "{out}");

    let (ok, json, _) = run(&["profile", s, "--json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["severity"]["value"]["levels"],
        serde_json::json!(["P1", "p3"])
    );
    assert_eq!(v["timeline"]["value"], "split_table");

    let (ok, out, err) = run(&["profile", s, "--write"]);
    assert!(ok, "{err}");
    assert!(out.contains(".pir.toml"), "{out}");
    let written = std::fs::read_to_string(site.join(".pir.toml")).unwrap();
    assert!(
        written.contains("file_names = \"INC-{number}-{slug}.md\""),
        "{written}"
    );
    // The whole scale, not only the levels in use (P1 and p3), in the site's spelling.
    assert!(
        written.contains("severity = [\"P1\", \"P2\", \"p3\", \"P4\"]"),
        "{written}"
    );
    // What was written is read back as overrides, each naming its line.
    let (ok, out, _) = run(&["profile", s]);
    assert!(ok);
    assert!(out.contains("(.pir.toml line "), "{out}");
    // And never silently replaced.
    let (ok, _, err) = run(&["profile", s, "--write"]);
    assert!(!ok);
    assert!(err.contains("exists"), "{err}");
    // A mistake in it is reported with its line.
    std::fs::write(
        site.join(".pir.toml"),
        "timeline = \"table\"\nnav = \"sometimes\"\n",
    )
    .unwrap();
    let (ok, _, err) = run(&["profile", s]);
    assert!(!ok);
    assert!(err.contains(".pir.toml:2:"), "{err}");
}

/// `pir list` spells and filters severities on the scale the site declares.
#[test]
fn list_follows_a_declared_scale() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../pir-core/tests/fixtures/sites/declared-scale"),
        &site,
    );
    let s = site.to_str().unwrap();
    let (ok, out, err) = run(&["list", s, "--severity", "RED"]);
    assert!(ok, "{err}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{out}");
    // Written `red`, listed as the scale spells it.
    assert!(rows[0].starts_with("2026-06-08  Red "), "{out}");
    assert!(rows[1].starts_with("2026-04-11  Red "), "{out}");
}
