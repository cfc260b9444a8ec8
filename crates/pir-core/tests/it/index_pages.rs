//! `index_pages` in `.pir.toml`: which pages' PIR lists and tables `new`, `sync` and `check`
//! keep in step.
//!
//! The fixture `tests/fixtures/index-pages/site` has a home Recent Incidents list, an
//! incidents table in `incidents/index.md` and one in `reports.md` (a page outside the nav,
//! which is never found by itself), and a PIR missing from all three. For each `.pir.toml`
//! (none, two pages named, an empty list) `expected.snap` records the profile's
//! `index_pages` (and what `pir profile --write` would write), what `check` reports, what `sync` would change and which pages `new`
//! writes; `PIR_BLESS=1` rewrites it (review the diff).

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use pir_core::site::Site;
use pir_core::site::check::check_site;
use pir_core::site::new::{NewPir, create_pir};
use pir_core::site::profile::SiteProfile;
use pir_core::site::sync::plan_sync;

use crate::support;

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// What the site keeps in step with `pir_toml` as its `.pir.toml` (none when `None`).
fn scenario(pir_toml: Option<&str>) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    support::copy_dir(&support::fixtures().join("index-pages/site"), &root);
    if let Some(text) = pir_toml {
        std::fs::write(root.join(".pir.toml"), text).unwrap();
    }
    let site = Site::open(&root).unwrap();
    let mut out = String::new();
    let profile = SiteProfile::of(&site).unwrap();
    for (key, value, origin) in profile.describe() {
        if key == "index_pages" {
            writeln!(out, "profile: {value}  ({origin})").unwrap();
        }
    }
    let written = profile.overrides().index_pages.unwrap_or_default();
    writeln!(out, "profile --write: index_pages = {written:?}").unwrap();
    let summaries = site.summaries().unwrap();
    writeln!(out, "check:").unwrap();
    for p in check_site(&site, &summaries).unwrap() {
        let line = p.line.unwrap_or(0);
        writeln!(out, "  {}:{line}: {}", rel(&root, &p.path), p.message).unwrap();
    }
    writeln!(out, "sync:").unwrap();
    for c in plan_sync(&site, &summaries).unwrap() {
        writeln!(out, "  {}: {}", rel(&root, &c.path), c.what.join("; ")).unwrap();
    }
    let created = create_pir(
        &site,
        &NewPir {
            title: "Payment timeouts".into(),
            date: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
            severity: "High".into(),
            tags: vec![],
            template: None,
        },
    )
    .unwrap();
    let pages: Vec<String> = created
        .index_updated
        .iter()
        .map(|p| rel(&root, p))
        .collect();
    writeln!(
        out,
        "new: nav {}, pages [{}]",
        created.nav_updated,
        pages.join(", ")
    )
    .unwrap();
    out
}

#[test]
fn index_pages_in_pir_toml_say_which_lists_are_kept_in_step() {
    let mut got = String::new();
    for (name, toml) in [
        ("no .pir.toml: every list found", None),
        (
            "two pages named, one outside the nav",
            Some("# Only these.\nindex_pages = [\"incidents/index.md\", \"/reports.md\"]\n"),
        ),
        ("an empty list: none", Some("index_pages = []\n")),
        (
            "a page that is not there",
            Some("index_pages = [\"incidents/index.md\", \"gone.md\"]\n"),
        ),
    ] {
        writeln!(got, "== {name}").unwrap();
        got.push_str(&scenario(toml));
    }
    let snap = support::fixtures().join("index-pages/expected.snap");
    if let Some(diff) = support::snapshot_mismatch(&snap, &got) {
        panic!("{diff}");
    }
}
