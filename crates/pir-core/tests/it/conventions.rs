//! Sites in other conventions than the sample's: what the list and the metrics read from them.
//!
//! Each folder of `tests/fixtures/sites/` is a small site in one convention family (front
//! matter with a list timeline and its own template; `INC-NNNN` names with a metadata table
//! and a P-scale; ...). `NAME.snap` beside it is what `pir list` and `pir stats` read;
//! `PIR_BLESS=1` rewrites the snapshots (review the diff).

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use pir_core::site::Site;
use pir_core::stats::site_stats;

use crate::support;

fn describe(root: &Path) -> String {
    let site = Site::open(root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    let mut out = String::new();
    writeln!(out, "incidents folder: {}", site.incidents_rel).unwrap();
    writeln!(out, "list:").unwrap();
    for s in site.summaries().unwrap() {
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        let date = s.date.map_or("-".into(), |d| d.to_string());
        writeln!(
            out,
            "  {date} | {} | {} | {} | {}",
            opt(&s.severity),
            opt(&s.status),
            opt(&s.title),
            s.rel
        )
        .unwrap();
    }
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let stats = site_stats(&site, today).unwrap();
    let counts = |v: &[pir_core::stats::Count]| {
        v.iter()
            .map(|c| format!("{} {}", c.key, c.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(out, "per month: {}", counts(&stats.per_month)).unwrap();
    writeln!(out, "undated: {:?}", stats.undated).unwrap();
    writeln!(out, "by severity: {}", counts(&stats.by_severity)).unwrap();
    out
}

#[test]
fn sites_in_other_conventions_list_and_count_as_committed() {
    let dir = support::fixtures().join("sites");
    let bless = std::env::var("PIR_BLESS").is_ok_and(|v| v == "1");
    let mut sites: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("mkdocs.yml").is_file())
        .collect();
    sites.sort();
    assert!(sites.len() >= 2, "expected the convention sites");
    let mut failures = Vec::new();
    for root in sites {
        let got = describe(&root);
        let snap = root.with_extension("snap");
        if bless {
            std::fs::write(&snap, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&snap)
            .unwrap_or_else(|_| panic!("{} is missing: run with PIR_BLESS=1", snap.display()));
        if got != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- got\n{got}",
                root.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
