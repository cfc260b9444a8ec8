//! Sites and titles that used to corrupt `mkdocs.yml` or the index pages: a nav written in
//! flow style, and titles that look like separators, markdown links or YAML syntax.

use std::path::Path;

use chrono::NaiveDate;
use pir_core::error::ErrorKind;
use pir_core::site::check::{Problem, ProblemCode, check_site};
use pir_core::site::new::{NewPir, create_pir};
use pir_core::site::sync::{apply_changes, plan_sync};
use pir_core::site::{NavOwner, Site};
use proptest::prelude::*;

/// An incidents table page beside the sample site's home list.
const TABLE_PAGE: &str = "# All Incidents

| Date       | Incident                                                                   | Severity |
|------------|----------------------------------------------------------------------------|----------|
| 2026-05-02 | [Internal DNS Resolver Outage](2026-05-02-internal-dns-resolver-outage.md) | Critical |
| 2026-03-14 | [Payments API TLS Certificate Expiry](2026-03-14-payments-api-tls-certificate-expiry.md) | High |
| 2026-06-19 | [Order Queue Consumer Memory Leak](2026-06-19-order-queue-consumer-memory-leak.md) | Medium |
";

fn new_pir(title: &str, date: &str) -> NewPir {
    NewPir {
        title: title.to_string(),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        severity: "High".to_string(),
        tags: Vec::new(),
        template: None,
    }
}

/// The nav, list and table problems `check` finds (the PIR bodies are the template's).
fn index_problems(root: &Path) -> Vec<Problem> {
    let site = Site::open(root).unwrap();
    let pirs = site.summaries().unwrap();
    check_site(&site, &pirs)
        .unwrap()
        .into_iter()
        .filter(|p| {
            !matches!(
                p.code,
                ProblemCode::MissingSections
                    | ProblemCode::MissingMetadata
                    | ProblemCode::TimelineOutOfOrder
                    | ProblemCode::Placeholder
            )
        })
        .collect()
}

/// Runs `sync` once, returning how many files it changed.
fn sync(root: &Path) -> usize {
    let site = Site::open(root).unwrap();
    let pirs = site.summaries().unwrap();
    let changes = plan_sync(&site, &pirs).unwrap();
    apply_changes(&changes).unwrap();
    changes.len()
}

/// The texts of every file of the site that sync may write.
fn snapshot(root: &Path) -> Vec<String> {
    ["mkdocs.yml", "docs/index.md", "docs/incidents/index.md"]
        .iter()
        .map(|f| std::fs::read_to_string(root.join(f)).unwrap_or_default())
        .collect()
}

fn nav_targets(root: &Path) -> Vec<String> {
    let site = Site::open(root).unwrap();
    pir_core::site::nav::nav_pages(site.config.nav.as_deref().unwrap_or_default())
        .iter()
        .filter_map(|e| e.target.clone())
        .collect()
}

#[test]
fn a_flow_style_nav_is_edited_in_place_or_refused_never_corrupted() {
    let navs = [
        "nav: [ {Home: index.md}, {Incidents: [{2026-01-01 A: incidents/2026-01-01-a.md}]} ]\n",
        "nav:\n  - Home: index.md\n  - Incidents: [incidents/2026-01-01-a.md]\n",
        "nav:\n  - Home: index.md\n  - Incidents: []\n",
        "nav:\n  - Home: index.md\n  - Incidents:\n      - '2026': [incidents/2026-01-01-a.md]\n",
    ];
    for nav in navs {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("docs/incidents")).unwrap();
        std::fs::write(root.join("docs/index.md"), "# Home\n").unwrap();
        std::fs::write(root.join("docs/incidents/2026-01-01-a.md"), "# A\n").unwrap();
        let config = format!("site_name: S\n{nav}extra: {{}}\n");
        std::fs::write(root.join("mkdocs.yml"), &config).unwrap();
        let site = Site::open(root).unwrap();
        assert_eq!(site.config.nav_owner, NavOwner::Explicit);
        match create_pir(&site, &new_pir("Disk Full", "2026-02-01")) {
            Ok(created) => {
                assert!(created.nav_updated, "{nav}");
                // Still YAML, the new page is in the nav, the old ones too.
                let targets = nav_targets(root);
                assert!(
                    targets.contains(&"incidents/2026-02-01-disk-full.md".to_string()),
                    "{nav}: {targets:?}"
                );
                let incidents = targets
                    .iter()
                    .filter(|t| t.starts_with("incidents/"))
                    .count();
                assert_eq!(incidents, config.matches("incidents/").count() + 1, "{nav}");
            }
            Err(e) => {
                assert_eq!(e.kind, ErrorKind::Config, "{nav}: {e}");
                assert!(e.message.contains("flow style"), "{nav}: {e}");
                assert!(e.line.is_some(), "{nav}: {e}");
                // Nothing written: neither the config nor the PIR.
                assert_eq!(
                    std::fs::read_to_string(root.join("mkdocs.yml")).unwrap(),
                    config
                );
                assert!(!root.join("docs/incidents/2026-02-01-disk-full.md").exists());
            }
        }
        // Whatever happened, sync refuses or leaves a nav that parses.
        let site = Site::open(root).unwrap();
        let pirs = site.summaries().unwrap();
        if let Ok(changes) = plan_sync(&site, &pirs) {
            apply_changes(&changes).unwrap();
            Site::open(root).unwrap();
        }
    }
}

/// Makes a copy of the sample site, with an incidents table page when `table` is set.
fn sample(root: &Path, table: bool) {
    pir_core::sample::write_sample_site(root).unwrap();
    if table {
        std::fs::write(root.join("docs/incidents/index.md"), TABLE_PAGE).unwrap();
    }
}

#[test]
fn hostile_titles_round_trip_through_nav_list_and_tables() {
    let titles = [
        "-rf",
        "— dashes first",
        ": colon first",
        "- dash space",
        "See [link](x) here",
        "Pipe | in title",
        "# hash first",
        "'quoted' \"twice\"",
    ];
    for table in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        sample(root, table);
        for (i, title) in titles.iter().enumerate() {
            let site = Site::open(root).unwrap();
            let date = format!("2026-07-{:02}", i + 1);
            create_pir(&site, &new_pir(title, &date)).unwrap_or_else(|e| panic!("{title}: {e}"));
            // A plain title after the hostile one.
            let site = Site::open(root).unwrap();
            let date = format!("2026-08-{:02}", i + 1);
            create_pir(&site, &new_pir(&format!("Normal title {i}"), &date)).unwrap();
        }
        assert_eq!(index_problems(root), vec![], "table: {table}");
        let before = snapshot(root);
        assert_eq!(sync(root), 0, "table: {table}");
        assert_eq!(snapshot(root), before);
    }
}

fn hostile_title() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        Just("-".to_string()),
        Just("—".to_string()),
        Just("–".to_string()),
        Just(":".to_string()),
        Just(" ".to_string()),
        Just("[x](y)".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("#".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("|".to_string()),
        Just("*".to_string()),
        Just("Ünïcode ✓".to_string()),
        "[A-Za-z]{1,6}",
    ];
    prop::collection::vec(part, 1..6)
        .prop_map(|parts| parts.concat().trim().to_string())
        .prop_filter("a title with a word", |t| {
            t.chars().any(char::is_alphanumeric)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Sync twice is sync once, and check finds nothing after it, whatever the titles.
    #[test]
    fn sync_twice_is_sync_once(
        titles in prop::collection::vec(hostile_title(), 1..4),
        table in any::<bool>(),
        drop_nav in any::<bool>(),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        sample(root, table);
        for (i, title) in titles.iter().enumerate() {
            let site = Site::open(root).unwrap();
            let date = format!("2026-07-{:02}", i + 1);
            // Some titles have no slug; those are refused and left out.
            let _ = create_pir(&site, &new_pir(title, &date));
        }
        if drop_nav {
            // Lose the new nav and list entries, for sync to add them back.
            let config = root.join("mkdocs.yml");
            let text = std::fs::read_to_string(&config).unwrap();
            let kept: String = text
                .split_inclusive('\n')
                .filter(|l| !l.contains("incidents/2026-07-"))
                .collect();
            std::fs::write(&config, kept).unwrap();
        }
        sync(root);
        let once = snapshot(root);
        prop_assert_eq!(sync(root), 0);
        prop_assert_eq!(snapshot(root), once);
        prop_assert_eq!(index_problems(root), vec![]);
    }
}
