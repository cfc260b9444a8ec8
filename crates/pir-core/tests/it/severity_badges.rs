//! Severity badges: every view (list, search, metrics) gets a PIR's level in the site's own
//! spelling and its band on the site's scale, from sites grading on other scales than words.

use chrono::NaiveDate;
use pir_core::search::{SearchFilters, SearchIndex};
use pir_core::severity::SeverityBadge;
use pir_core::site::Site;
use pir_core::site::check::site_check;
use pir_core::stats::site_stats;

use crate::search::{Pir, write_site};
use crate::support;

/// A copy of fixture site `name` outside any repository.
fn fixture_site(name: &str) -> (tempfile::TempDir, Site) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join(name);
    support::copy_dir(&support::fixtures().join("sites").join(name), &root);
    let site = Site::open(&root).unwrap();
    (tmp, site)
}

fn badge(level: &str, band: Option<u8>) -> Option<SeverityBadge> {
    Some(SeverityBadge {
        level: level.into(),
        band,
    })
}

/// (file name, badge) of each PIR of the list.
fn list_badges(site: &Site) -> Vec<(String, Option<SeverityBadge>)> {
    let mut v: Vec<_> = site_check(site)
        .unwrap()
        .pirs
        .into_iter()
        .map(|c| {
            let name: String = c.summary.path.file_name().unwrap().to_string_lossy().into();
            (name, c.severity_badge)
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn a_p_scale_site_lists_p1_as_most_severe() {
    let (_tmp, site) = fixture_site("inc-table");
    assert_eq!(
        list_badges(&site),
        [
            (
                "INC-2041-card-auth-timeouts.md".into(),
                badge("P1", Some(0))
            ),
            // `p3 (no customer impact)`: the level alone, two below the site's most severe.
            (
                "INC-2050-settlement-file-late.md".into(),
                badge("p3", Some(2))
            ),
        ]
    );
}

#[test]
fn the_filter_offers_the_sites_levels_most_severe_first() {
    let (_tmp, site) = fixture_site("inc-table");
    assert_eq!(site_check(&site).unwrap().severity_levels, ["P1", "p3"]);
    let (_tmp, site) = fixture_site("front-matter-list");
    assert_eq!(
        site_check(&site).unwrap().severity_levels,
        ["SEV-1", "SEV-3"]
    );
}

#[test]
fn a_sev_scale_site_shows_its_own_spelling() {
    let (_tmp, site) = fixture_site("front-matter-list");
    let got = list_badges(&site);
    let by_file = |f: &str| got.iter().find(|(n, _)| n.contains(f)).unwrap().1.clone();
    assert_eq!(by_file("certificate-expiry"), badge("SEV-1", Some(0)));
    assert_eq!(by_file("queue-backlog"), badge("SEV-3", Some(2)));
    // Written `sev-3`, shown as the site's other SEV-3.
    assert_eq!(by_file("resolver-loop"), badge("SEV-3", Some(2)));

    let stats = site_stats(&site, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
    let keys: Vec<&str> = stats.by_severity.iter().map(|c| c.key.as_str()).collect();
    let levels: Vec<&str> = stats
        .severity_badges
        .iter()
        .map(|b| b.level.as_str())
        .collect();
    assert_eq!(levels, keys);
    let bands: Vec<Option<u8>> = stats.severity_badges.iter().map(|b| b.band).collect();
    assert_eq!(bands[..2], [Some(0), Some(2)]);
}

#[test]
fn search_hits_carry_the_badge_and_filter_by_any_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let pir = |title, severity| {
        Pir {
            title,
            severity,
            ..Pir::default()
        }
        .text()
    };
    let site = write_site(
        dir.path(),
        &[
            ("a", pir("Cards down", "SEV-1 — customer impact")),
            ("b", pir("Slow pages", "SEV-2")),
            ("c", pir("Typo", "sev1")),
            ("d", pir("Odd", "SEV-1")),
        ],
    );
    let mut index = SearchIndex::build(&site).unwrap();
    let badges = |index: &SearchIndex, filters: &SearchFilters| {
        let mut v: Vec<(String, Option<SeverityBadge>)> = index
            .search("", filters, 10)
            .into_iter()
            .map(|h| (h.title.unwrap_or_default(), h.severity_badge))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    assert_eq!(
        badges(&index, &SearchFilters::default()),
        [
            ("Cards down".into(), badge("SEV-1", Some(0))),
            ("Odd".into(), badge("SEV-1", Some(0))),
            ("Slow pages".into(), badge("SEV-2", Some(1))),
            ("Typo".into(), badge("SEV-1", Some(0))),
        ]
    );
    let sev1 = SearchFilters {
        severity: Some("SEV-1".into()),
        ..SearchFilters::default()
    };
    let titles = |index: &SearchIndex| -> Vec<String> {
        badges(index, &sev1).into_iter().map(|(t, _)| t).collect()
    };
    assert_eq!(titles(&index), ["Cards down", "Odd", "Typo"]);
    // A PIR coming in with a more severe level moves the bands.
    let e = site.incidents_dir().join("e.md");
    index.update(&e, &pir("Everything down", "SEV-0"));
    let all = badges(&index, &SearchFilters::default());
    assert_eq!(all[0], ("Cards down".into(), badge("SEV-1", Some(1))));
    assert_eq!(all[1], ("Everything down".into(), badge("SEV-0", Some(0))));
    // And going again moves them back.
    assert!(index.remove(&e));
    assert_eq!(
        badges(&index, &SearchFilters::default())[0],
        ("Cards down".into(), badge("SEV-1", Some(0)))
    );
}

/// A site that declares its scale in `.pir.toml` (`Red`, `Amber`, `Green`: words the
/// product does not rank, which it would otherwise list by name) has that order and those
/// bands in every view: the list and its filter, the search hits and filter, the metrics.
#[test]
fn a_declared_scale_ranks_the_list_the_search_and_the_metrics() {
    let (_tmp, site) = fixture_site("declared-scale");
    let by_file = |f: &str| {
        list_badges(&site)
            .into_iter()
            .find(|(n, _)| n.contains(f))
            .unwrap()
            .1
    };
    let check = site_check(&site).unwrap();
    assert_eq!(check.severity_levels, ["Red", "Amber", "Green"]);
    assert_eq!(by_file("scanner-outage"), badge("Red", Some(0)));
    // Written `red`, shown in the declared spelling.
    assert_eq!(by_file("dock-door"), badge("Red", Some(0)));
    assert_eq!(by_file("conveyor"), badge("Amber", Some(1)));
    assert_eq!(by_file("label-printer"), badge("Green", Some(2)));

    let index = SearchIndex::build(&site).unwrap();
    let red = SearchFilters {
        severity: Some("RED".into()),
        ..SearchFilters::default()
    };
    let mut hits: Vec<(String, Option<SeverityBadge>)> = index
        .search("", &red, 10)
        .into_iter()
        .map(|h| (h.rel, h.severity_badge))
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        hits,
        [
            (
                "incidents/2026-04-11-scanner-outage.md".into(),
                badge("Red", Some(0))
            ),
            (
                "incidents/2026-06-08-dock-door-sensor.md".into(),
                badge("Red", Some(0))
            ),
        ]
    );
    let amber = index.search("conveyor", &SearchFilters::default(), 10);
    assert_eq!(amber[0].severity_badge, badge("Amber", Some(1)));

    let stats = site_stats(&site, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
    let counts: Vec<(&str, usize)> = stats
        .by_severity
        .iter()
        .map(|c| (c.key.as_str(), c.count))
        .collect();
    assert_eq!(counts, [("Red", 2), ("Amber", 1), ("Green", 1)]);
    let bands: Vec<Option<u8>> = stats.severity_badges.iter().map(|b| b.band).collect();
    assert_eq!(bands, [Some(0), Some(1), Some(2)]);
    let durations: Vec<&str> = stats
        .durations
        .iter()
        .map(|d| d.severity.as_str())
        .collect();
    assert_eq!(durations, ["Red", "Amber", "Green", "All"]);

    // Without the file the same PIRs are ranked as the product would: unknown words by name,
    // without bands. The declared order is the site's, not an accident of the names.
    std::fs::remove_file(site.root.join(".pir.toml")).unwrap();
    let site = Site::open(&site.root).unwrap();
    assert_eq!(
        site_check(&site).unwrap().severity_levels,
        ["Amber", "Green", "Red"]
    );
    let stats = site_stats(&site, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
    let keys: Vec<&str> = stats.by_severity.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["Amber", "Green", "Red"]);
    assert!(stats.severity_badges.iter().all(|b| b.band.is_none()));
}

/// With a declared scale, `check` reports a level off it (in any spelling of those on it,
/// nothing).
#[test]
fn check_reports_a_severity_off_the_declared_scale() {
    let (_tmp, site) = fixture_site("declared-scale");
    assert_eq!(
        pir_core::site::check::check_site(&site, &site.summaries().unwrap()).unwrap(),
        vec![]
    );
    let path = site
        .incidents_dir()
        .join("2026-05-20-label-printer-drift.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("**Severity:** Green", "**Severity:** Purple (odd)"),
    )
    .unwrap();
    let messages: Vec<String> =
        pir_core::site::check::check_site(&site, &site.summaries().unwrap())
            .unwrap()
            .into_iter()
            .map(|p| p.message)
            .collect();
    assert_eq!(
        messages,
        ["Severity \"Purple\" is not on the site's scale (Red, Amber, Green)"]
    );
}
