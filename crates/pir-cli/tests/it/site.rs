//! `pir list`, `pir check` and `pir sync` on the sample site and on a copy of the real one.

use crate::{changed, copy_dir, sample_site, shared_fixtures, snapshot};

use crate::run as stdout;

#[test]
fn list_shows_the_sample_pirs_newest_first_and_filters() {
    let site = sample_site();
    let s = site.to_str().unwrap();
    let (ok, out, err) = stdout(&["list", s]);
    assert!(ok, "{err}");
    let titles: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(titles.len(), 3, "{out}");
    assert!(
        titles[0].starts_with("2026-06-19  Medium    Monitoring")
            && titles[0].contains("Order Queue Consumer Memory Leak"),
        "{out}"
    );
    assert!(titles[2].starts_with("2026-03-14  High"), "{out}");

    let (_, out, _) = stdout(&["list", s, "--severity", "critical"]);
    assert_eq!(out.lines().count(), 2, "{out}");
    let (_, out, _) = stdout(&["list", s, "--tag", "tls", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["title"], "Payments API TLS Certificate Expiry");
    assert_eq!(
        json[0]["severity"],
        "High (card payments failed for all customers)"
    );
    assert!(
        json[0]["summary"]
            .as_str()
            .unwrap()
            .starts_with("At 08:58 CET every card payment")
    );
    let (_, out, _) = stdout(&["list", s, "--since", "2026-05-01", "--text", "RESOLVERS"]);
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn check_reports_problems_with_file_and_line_and_exits_1() {
    let (ok, out, _) = stdout(&["check", sample_site().to_str().unwrap(), "--format", "json"]);
    assert!(!ok);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let problems = json.as_array().unwrap();
    // The sample's memory-leak PIR is deliberately incomplete.
    assert_eq!(problems.len(), 1, "{out}");
    assert_eq!(problems[0]["code"], "missing_sections");
    assert_eq!(
        problems[0]["message"],
        "missing sections: Preventive Measures, Technical Details, References"
    );
}

#[test]
fn real_site_check_finds_the_pir_missing_from_the_nav_and_sync_fixes_it() {
    let Some(shared) = shared_fixtures() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&shared.join("seed-site"), &site);
    let s = site.to_str().unwrap();

    let (ok, out, _) = stdout(&["check", s]);
    assert!(!ok);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(
        lines[0].contains("mkdocs.yml:")
            && lines[0].contains("the nav has no entry for incidents/2026-02-22-"),
        "{out}"
    );

    let before = snapshot(&site);
    let (ok, diff, _) = stdout(&["sync", s, "--dry-run"]);
    assert!(ok);
    assert!(
        diff.starts_with("--- a/mkdocs.yml\n+++ b/mkdocs.yml\n"),
        "{diff}"
    );
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        1,
        "{diff}"
    );
    assert!(
        changed(&before, &snapshot(&site)).is_empty(),
        "--dry-run wrote"
    );

    let (ok, out, err) = stdout(&["sync", s]);
    assert!(ok, "{err}");
    assert!(out.contains("add incidents/2026-02-22-"), "{out}");
    assert_eq!(changed(&before, &snapshot(&site)), ["mkdocs.yml"]);
    let (ok, out, _) = stdout(&["check", s]);
    assert!(ok, "check after sync: {out}");
}
