//! Site metrics over `fixtures/stats-site`, whose every expected number is worked out by hand
//! in the comments below.

use chrono::NaiveDate;
use pir_core::site::Site;
use pir_core::stats::{Count, Spread, UNASSIGNED, site_stats};

use crate::support::fixtures;

fn counts(list: &[Count]) -> Vec<(&str, usize)> {
    list.iter().map(|c| (c.key.as_str(), c.count)).collect()
}

fn spread(s: &Option<Spread>) -> Option<(usize, f64, f64, f64, f64, f64)> {
    s.as_ref()
        .map(|s| (s.count, s.min, s.p25, s.median, s.p75, s.max))
}

#[test]
fn stats_of_the_fixture_site() {
    let site = Site::open(&fixtures().join("stats-site")).unwrap();
    let today = NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
    let s = site_stats(&site, today).unwrap();
    assert_eq!(s.incidents, 6);
    assert!(s.undated.is_empty());
    // Two in January, none in February, two in March, two in April.
    assert_eq!(
        counts(&s.per_month),
        [
            ("2025-01", 2),
            ("2025-02", 0),
            ("2025-03", 2),
            ("2025-04", 2)
        ]
    );
    // `high` and `High` are one level; `Medium (slow pages)` is Medium.
    assert_eq!(
        counts(&s.by_severity),
        [("Critical", 1), ("High", 3), ("Medium", 1), ("Low", 1)]
    );
    // network: edge-dns, retry-storm (`Network`), slow-disks; storage: volume-full, slow-disks.
    assert_eq!(
        counts(&s.by_tag),
        [("network", 3), ("storage", 2), ("dns", 1)]
    );

    let d: Vec<(&str, usize, _, _)> = s
        .durations
        .iter()
        .map(|d| {
            (
                d.severity.as_str(),
                d.incidents,
                spread(&d.time_to_detect),
                spread(&d.time_to_resolve),
            )
        })
        .collect();
    assert_eq!(
        d,
        [
            // Edge DNS: start 09:00 (the 08:50 row is not a key event), detected 09:12,
            // resolved 10:30.
            (
                "Critical",
                1,
                Some((1, 12.0, 12.0, 12.0, 12.0, 12.0)),
                Some((1, 90.0, 90.0, 90.0, 90.0, 90.0))
            ),
            // Detect: retry storm 22:00→23:30 = 90, volume full 4, slow disks 30; sorted
            // 4, 30, 90: p25 = 4 + 0.5·26 = 17, p75 = 30 + 0.5·60 = 60.
            // Resolve: retry storm 22:00→01:00 next day = 180, volume full 34 (slow disks has
            // no resolution): p25 = 34 + 0.25·146 = 70.5, median 107, p75 = 143.5.
            (
                "High",
                3,
                Some((3, 4.0, 17.0, 30.0, 60.0, 90.0)),
                Some((2, 34.0, 70.5, 107.0, 143.5, 180.0))
            ),
            // Slow pages and port clash mark no key event: their time to resolve is the
            // Duration they state, 20m and 1h, an estimate.
            ("Medium", 1, None, Some((1, 20.0, 20.0, 20.0, 20.0, 20.0))),
            ("Low", 1, None, Some((1, 60.0, 60.0, 60.0, 60.0, 60.0))),
            // Detect 4, 12, 30, 90: p25 = 4 + 0.75·8 = 10, median 21, p75 = 30 + 0.25·60 = 45.
            // Resolve 20, 34, 60, 90, 180: p25 = 34, median 60, p75 = 90. Slow disks marks
            // its start and detection, so its missing resolution is not estimated.
            (
                "All",
                6,
                Some((4, 4.0, 10.0, 21.0, 45.0, 90.0)),
                Some((5, 20.0, 34.0, 60.0, 90.0, 180.0))
            ),
        ]
    );

    let nm: Vec<(&str, bool, bool, Vec<&str>)> = s
        .not_measurable
        .iter()
        .map(|n| {
            (
                n.rel.as_str(),
                n.detect,
                n.resolve,
                n.reasons.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        nm,
        [
            (
                "incidents/2025-03-20-slow-disks.md",
                false,
                true,
                vec!["no INCIDENT RESOLVED row"]
            ),
            (
                "incidents/2025-04-05-port-clash.md",
                true,
                false,
                vec![
                    "no INCIDENT START or ROOT EVENT row",
                    "no INCIDENT DETECTED row",
                    "no INCIDENT RESOLVED row",
                    "time to resolve estimated from the Duration field"
                ]
            ),
            (
                "incidents/2025-04-06-slow-pages.md",
                true,
                false,
                vec![
                    "no Timeline section",
                    "time to resolve estimated from the Duration field"
                ]
            ),
        ]
    );

    // Open: Alice ×2 (edge DNS, 111 days; retry storm, 96 days), Bob (port clash, 26),
    // Carol (slow disks, 42), unassigned (retry storm, 96). Done/Closed rows are not open.
    assert_eq!(s.open_actions, 5);
    type Owner<'a> = (&'a str, usize, [usize; 4], Vec<(&'a str, Option<i64>)>);
    let owners: Vec<Owner> = s
        .open_by_owner
        .iter()
        .map(|o| {
            (
                o.owner.as_str(),
                o.count,
                [o.up_to_30_days, o.days_31_to_90, o.over_90_days, o.undated],
                o.items
                    .iter()
                    .map(|i| (i.action.as_str(), i.age_days))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        owners,
        [
            (
                "Alice",
                2,
                [0, 0, 2, 0],
                vec![("Add resolver alarm", Some(111)), ("Cap retries", Some(96))]
            ),
            ("Bob", 1, [1, 0, 0, 0], vec![("Document ports", Some(26))]),
            ("Carol", 1, [0, 1, 0, 0], vec![("Add disk alert", Some(42))]),
            (
                UNASSIGNED,
                1,
                [0, 0, 1, 0],
                vec![("Audit configs", Some(96))]
            ),
        ]
    );
    let item = &s.open_by_owner[0].items[0];
    assert_eq!(
        (item.rel.as_str(), item.line, item.status.as_str()),
        ("incidents/2025-01-10-edge-dns-failure.md", 32, "Open")
    );
    // Each PIR's part, from the same figures as above: what a chart's bar lists.
    type Part<'a> = (
        &'a str,
        Option<&'a str>,
        &'a str,
        Vec<&'a str>,
        Option<i64>,
        Option<i64>,
        usize,
    );
    let parts: Vec<Part> = s
        .pirs
        .iter()
        .map(|p| {
            (
                p.rel.trim_start_matches("incidents/"),
                p.month.as_deref(),
                p.severity.as_str(),
                p.tags.iter().map(String::as_str).collect(),
                p.time_to_detect,
                p.time_to_resolve,
                p.open_actions,
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            (
                "2025-01-10-edge-dns-failure.md",
                Some("2025-01"),
                "Critical",
                vec!["network", "dns"],
                Some(12),
                Some(90),
                1
            ),
            (
                "2025-01-25-retry-storm.md",
                Some("2025-01"),
                "High",
                vec!["Network"],
                Some(90),
                Some(180),
                2
            ),
            (
                "2025-03-02-volume-full.md",
                Some("2025-03"),
                "High",
                vec!["storage"],
                Some(4),
                Some(34),
                0
            ),
            (
                "2025-03-20-slow-disks.md",
                Some("2025-03"),
                "High",
                vec!["storage", "network"],
                Some(30),
                None,
                1
            ),
            (
                "2025-04-05-port-clash.md",
                Some("2025-04"),
                "Low",
                vec![],
                None,
                Some(60),
                1
            ),
            (
                "2025-04-06-slow-pages.md",
                Some("2025-04"),
                "Medium",
                vec![],
                None,
                Some(20),
                0
            ),
        ]
    );
    // Only the two that mark no key event are estimates, and they say from what.
    let estimated: Vec<(&str, &str)> = s
        .pirs
        .iter()
        .filter_map(|p| Some((p.rel.as_str(), p.resolve_estimated.as_deref()?)))
        .collect();
    assert_eq!(
        estimated,
        [
            ("incidents/2025-04-05-port-clash.md", "the Duration field"),
            ("incidents/2025-04-06-slow-pages.md", "the Duration field")
        ]
    );
    let per_level: Vec<(&str, usize)> = s
        .durations
        .iter()
        .map(|d| (d.severity.as_str(), d.resolve_estimated))
        .collect();
    assert_eq!(
        per_level,
        [
            ("Critical", 0),
            ("High", 0),
            ("Medium", 1),
            ("Low", 1),
            ("All", 2)
        ]
    );
    // The parts add up to the counts the charts draw.
    for c in &s.per_month {
        let n = s
            .pirs
            .iter()
            .filter(|p| p.month.as_deref() == Some(c.key.as_str()))
            .count();
        assert_eq!(n, c.count, "{}", c.key);
    }
    for c in &s.by_severity {
        assert_eq!(
            s.pirs.iter().filter(|p| p.severity == c.key).count(),
            c.count
        );
    }
    assert_eq!(
        s.pirs.iter().map(|p| p.open_actions).sum::<usize>(),
        s.open_actions
    );

    // A later `today` ages every item by the same number of days.
    let later = site_stats(&site, today + chrono::Days::new(10)).unwrap();
    assert_eq!(later.open_by_owner[2].items[0].age_days, Some(52));
}

/// The sample site and the real one (when present) give consistent totals.
#[test]
fn stats_totals_are_consistent_on_real_sites() {
    let (_dir, roots) = crate::support::sample_and_shared_sites();
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    for root in roots {
        let site = Site::open(&root).unwrap();
        let s = site_stats(&site, today).unwrap();
        let n = site.pir_files().unwrap().len();
        assert_eq!(s.incidents, n);
        assert_eq!(s.by_severity.iter().map(|c| c.count).sum::<usize>(), n);
        assert_eq!(
            s.per_month.iter().map(|c| c.count).sum::<usize>() + s.undated.len(),
            n
        );
        let all = s.durations.last().unwrap();
        let measured = all.time_to_resolve.as_ref().map_or(0, |x| x.count);
        let unresolved = s.not_measurable.iter().filter(|x| x.resolve).count();
        assert_eq!(measured + unresolved, n);
        assert!(
            s.open_by_owner
                .iter()
                .all(|o| o.items.iter().all(|i| i.age_days > Some(0)))
        );
    }
}
