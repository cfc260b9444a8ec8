//! A real `mkdocs build --strict` (mkdocs-material) after `pir new` and `pir sync`: what PIR
//! Editor writes must build, and the built site must show the new entries.
//!
//! mkdocs-material lives in a virtual environment at `target/mkdocs-venv`, created on first use
//! (`python3 -m venv`, `pip install mkdocs-material` from PyPI) and shared by every test: a lock
//! file keeps two test processes from creating it at once. Without python3's venv module, pip
//! or network access the tests are skipped with a message.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::sites::table_site;
use crate::{copy_dir, pir, shared_fixtures};

/// The workspace's `target` folder.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    )
}

/// Holds `path` as a lock file while alive (created exclusively; removed on drop).
struct Lock(PathBuf);

impl Lock {
    /// Waits for the lock; a lock older than 15 minutes is taken to be left by a killed run.
    fn take(path: PathBuf) -> Lock {
        let start = Instant::now();
        loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => return Lock(path),
                Err(_) => {
                    let stale = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .is_ok_and(|t| t.elapsed().unwrap_or_default() > Duration::from_secs(900));
                    if stale || start.elapsed() > Duration::from_secs(1200) {
                        let _ = std::fs::remove_file(&path);
                    }
                    std::thread::sleep(Duration::from_millis(500));
                }
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn ready(venv: &Path) -> bool {
    Command::new(venv.join("bin/python"))
        .args(["-c", "import mkdocs, material"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The `mkdocs` executable of the shared venv, or why there is none.
fn make_venv() -> Result<PathBuf, String> {
    let target = target_dir();
    std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
    let venv = target.join("mkdocs-venv");
    let mkdocs = venv.join("bin/mkdocs");
    if ready(&venv) {
        return Ok(mkdocs);
    }
    let _lock = Lock::take(target.join("mkdocs-venv.lock"));
    // Another process may have finished it while this one waited.
    if ready(&venv) {
        return Ok(mkdocs);
    }
    let run = |cmd: &mut Command, what: &str| -> Result<(), String> {
        let out = cmd.output().map_err(|e| format!("{what}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{what} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    run(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv",
    )?;
    run(
        Command::new(venv.join("bin/pip")).args(["install", "--quiet", "mkdocs-material"]),
        "pip install mkdocs-material",
    )?;
    Ok(mkdocs)
}

/// The shared `mkdocs`, made once per test process; `None` (with a message) when unavailable.
pub fn mkdocs() -> Option<PathBuf> {
    static MKDOCS: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match MKDOCS.get_or_init(make_venv) {
        Ok(p) => Some(p.clone()),
        Err(why) => {
            eprintln!("skipped: no mkdocs-material ({why})");
            None
        }
    }
}

/// What `mkdocs build --strict` said: whether it built, and its WARNING lines.
struct Build {
    ok: bool,
    warnings: BTreeSet<String>,
    out: PathBuf,
}

fn build(mkdocs: &Path, site: &Path, out: &Path) -> Build {
    let o = Command::new(mkdocs)
        .args(["build", "--strict", "--config-file"])
        .arg(site.join("mkdocs.yml"))
        .arg("--site-dir")
        .arg(out)
        .env("NO_MKDOCS_2_WARNING", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&o.stderr).into_owned();
    let warnings = log
        .lines()
        .filter(|l| l.contains("WARNING"))
        .map(|l| l.replace(&site.display().to_string(), "<site>"))
        .collect();
    Build {
        ok: o.status.success(),
        warnings,
        out: out.to_path_buf(),
    }
}

/// Builds `site` with `--strict` before and after `change`: both builds must succeed, so
/// whatever the change wrote is valid for mkdocs (links resolve, nav entries exist).
fn build_around(mkdocs: &Path, site: &Path, change: impl FnOnce()) -> Build {
    let before = build(mkdocs, site, &site.join("../built-before"));
    assert!(
        before.ok,
        "the site does not build before the change: {:?}",
        before.warnings
    );
    change();
    let after = build(mkdocs, site, &site.join("../built"));
    assert!(
        after.ok,
        "strict build fails after the change: {:?}",
        after.warnings
    );
    after
}

fn pir_ok(args: &[&str]) -> String {
    let out = pir().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "pir {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The nav links of a built page as (href, text with whitespace collapsed).
fn nav_links(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a href=\"") {
        rest = &rest[i + 9..];
        let Some(q) = rest.find('"') else { break };
        let href = rest[..q].to_string();
        let tag_end = rest.find('>').unwrap_or(0);
        let is_nav = rest[..tag_end].contains("md-nav__link");
        let end = rest.find("</a>").unwrap_or(rest.len());
        if is_nav {
            let mut text = String::new();
            let mut in_tag = false;
            for c in rest[tag_end..end].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push((href, text));
        }
    }
    out
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_seed_site_builds_with_the_new_and_synced_pirs_in_nav_and_list() {
    let Some(shared) = shared_fixtures() else {
        return;
    };
    let Some(mkdocs) = mkdocs() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&shared.join("seed-site"), &site);
    let s = site.to_str().unwrap();
    let slug = "2026-03-05-ingress-certificate-rotation-failure";
    let built = build_around(&mkdocs, &site, || {
        pir_ok(&[
            "new",
            "--site",
            s,
            "--title",
            "Ingress Certificate Rotation Failure",
            "--date",
            "2026-03-05",
            "--severity",
            "Medium",
        ]);
        // The seed's nav lacks one of its own PIRs: sync adds it.
        pir_ok(&["sync", s]);
        // Nothing left but the new PIR's placeholders (it is still the template).
        let out = pir()
            .args(["check", s, "--format", "json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let codes: Vec<&str> = json
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["code"].as_str())
            .collect();
        assert_eq!(codes, ["placeholder"]);
    });
    let home = read(built.out.join("index.html"));
    let nav = nav_links(&home);
    assert!(
        nav.contains(&(
            format!("incidents/{slug}/"),
            "2026-03-05 Ingress Certificate Rotation Failure".to_string()
        )),
        "{nav:?}"
    );
    let synced = nav
        .iter()
        .filter(|(href, _)| href.starts_with("incidents/2026-02-22-"))
        .count();
    assert_eq!(synced, 1, "{nav:?}");
    assert!(
        home.contains(&format!(
            "<a href=\"incidents/{slug}/\">2026-03-05 - Ingress Certificate Rotation Failure</a>"
        )),
        "the list entry is not on the home page"
    );
    assert!(
        built
            .out
            .join(format!("incidents/{slug}/index.html"))
            .is_file()
    );
}

#[test]
fn the_sample_site_with_a_table_builds_with_the_new_row() {
    let Some(mkdocs) = mkdocs() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    table_site(&site);
    let s = site.to_str().unwrap();
    let slug = "2026-05-20-search-index-rebuild-stall";
    let built = build_around(&mkdocs, &site, || {
        pir_ok(&[
            "new",
            "--site",
            s,
            "--title",
            "Search Index Rebuild Stall",
            "--date",
            "2026-05-20",
            "--severity",
            "High",
        ]);
        let out = pir().args(["sync", s]).output().unwrap();
        assert!(out.status.success());
        // Only the sample's deliberately incomplete PIR and the new one's placeholders are
        // left to report.
        let out = pir()
            .args(["check", s, "--format", "json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let codes: Vec<&str> = json
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["code"].as_str())
            .collect();
        assert_eq!(codes, ["missing_sections", "placeholder"]);
    });
    let table = read(built.out.join("incidents/index.html"));
    assert!(
        table.contains(&format!(
            "<td><a href=\"{slug}/\">Search Index Rebuild Stall</a></td>"
        )),
        "the table row is not on the built incidents page"
    );
    let home = read(built.out.join("index.html"));
    assert!(nav_links(&home).contains(&(
        format!("incidents/{slug}/"),
        "2026-05-20 Search Index Rebuild Stall".to_string()
    )));
    assert!(home.contains(&format!(
        "<a href=\"incidents/{slug}/\">2026-05-20 - Search Index Rebuild Stall</a>"
    )));
}
