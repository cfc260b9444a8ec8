//! After a PIR is edited, its nav entry, home-list entry and index-table row follow it; and the
//! owners of a nav or list (plugins, nav files, hooks, markers) keep theirs.

use std::path::Path;

use pir_core::site::check::{ProblemCode, check_site};
use pir_core::site::summary::PirSummary;
use pir_core::site::sync::{after_edit, apply_changes};
use pir_core::site::table_index::index_pages;
use pir_core::site::{NavOwner, Site};

const DNS: &str = "docs/incidents/2026-05-02-internal-dns-resolver-outage.md";

const TABLE_PAGE: &str = "# All Incidents

| Date       | Incident                                                                   | Severity |
|------------|----------------------------------------------------------------------------|----------|
| 2026-05-02 | [Internal DNS Resolver Outage](2026-05-02-internal-dns-resolver-outage.md) | Critical |
";

/// The sample site plus an incidents table page holding the DNS PIR.
fn site_with_table(root: &Path) -> Site {
    pir_core::sample::write_sample_site(root).unwrap();
    std::fs::write(root.join("docs/incidents/index.md"), TABLE_PAGE).unwrap();
    Site::open(root).unwrap()
}

/// (old line, new line) for every line that differs; both texts must have as many lines.
fn line_changes(before: &str, after: &str) -> Vec<(String, String)> {
    assert_eq!(before.lines().count(), after.lines().count(), "{after}");
    before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Edits the DNS PIR on disk with `edit`, returning its summaries before and after.
fn edit_dns(site: &Site, edit: impl Fn(&str) -> String) -> (PirSummary, PirSummary) {
    let path = site.root.join(DNS);
    let rel = "incidents/2026-05-02-internal-dns-resolver-outage.md";
    let old_text = std::fs::read_to_string(&path).unwrap();
    let new_text = edit(&old_text);
    assert_ne!(old_text, new_text);
    std::fs::write(&path, &new_text).unwrap();
    (
        PirSummary::from_text(&path, rel, &old_text),
        PirSummary::from_text(&path, rel, &new_text),
    )
}

fn change_of<'a>(
    changes: &'a [pir_core::site::sync::FileChange],
    site: &Site,
    rel: &str,
) -> &'a pir_core::site::sync::FileChange {
    changes
        .iter()
        .find(|c| c.path == site.root.join(rel))
        .unwrap_or_else(|| panic!("no change to {rel}"))
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_new_title_severity_and_duration_reach_nav_list_and_table() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_table(tmp.path());
    let (old, new) = edit_dns(&site, |t| {
        t.replace(
            "# Post Incident Review: Internal DNS Resolver Outage",
            "# Post Incident Review: Internal DNS Forwarding Loop",
        )
        .replace("**Severity:** Critical (every", "**Severity:** High (every")
        .replace(
            "**Duration:** ~47m (09:12 UTC → 09:59 UTC)",
            "**Duration:** ~49m",
        )
    });
    let out = after_edit(&site, &old, &new).unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert_eq!(out.changes.len(), 3);

    let nav = change_of(&out.changes, &site, "mkdocs.yml");
    assert_eq!(
        line_changes(&nav.before, &nav.after),
        pairs(&[(
            "      - 2026-05-02 Internal DNS Resolver Outage: incidents/2026-05-02-internal-dns-resolver-outage.md",
            "      - 2026-05-02 Internal DNS Forwarding Loop: incidents/2026-05-02-internal-dns-resolver-outage.md",
        )])
    );
    let home = change_of(&out.changes, &site, "docs/index.md");
    // The summary written for the index stays: it is not the PIR's own first sentence.
    assert_eq!(
        line_changes(&home.before, &home.after),
        pairs(&[
            (
                "- [2026-05-02 - Internal DNS Resolver Outage](incidents/2026-05-02-internal-dns-resolver-outage.md)",
                "- [2026-05-02 - Internal DNS Forwarding Loop](incidents/2026-05-02-internal-dns-resolver-outage.md)",
            ),
            ("  - **Severity**: Critical", "  - **Severity**: High"),
            (
                "  - **Duration**: ~47m (09:12 UTC → 09:59 UTC)",
                "  - **Duration**: ~49m",
            ),
        ])
    );
    let table = change_of(&out.changes, &site, "docs/incidents/index.md");
    assert_eq!(
        line_changes(&table.before, &table.after),
        pairs(&[(
            "| 2026-05-02 | [Internal DNS Resolver Outage](2026-05-02-internal-dns-resolver-outage.md) | Critical |",
            "| 2026-05-02 | [Internal DNS Forwarding Loop](2026-05-02-internal-dns-resolver-outage.md) | High     |",
        )])
    );

    apply_changes(&out.changes).unwrap();
    let site = Site::open(tmp.path()).unwrap();
    let problems = check_site(&site, &site.summaries().unwrap()).unwrap();
    let stale = [
        ProblemCode::NavEntryStale,
        ProblemCode::ListEntryStale,
        ProblemCode::TableEntryStale,
    ];
    assert!(
        problems.iter().all(|p| !stale.contains(&p.code)),
        "{problems:?}"
    );
}

#[test]
fn a_new_date_is_reported_against_the_file_name_and_the_entries_follow_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_table(tmp.path());
    let (old, new) = edit_dns(&site, |t| {
        t.replace("**Date:** 2026-05-02", "**Date:** 2026-05-03")
    });
    let out = after_edit(&site, &old, &new).unwrap();
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].code, ProblemCode::FileDateMismatch);
    assert_eq!(out.problems[0].line, Some(3));
    assert!(out.problems[0].message.contains("2026-05-03"));
    let nav = change_of(&out.changes, &site, "mkdocs.yml");
    assert_eq!(
        line_changes(&nav.before, &nav.after)[0].1,
        "      - 2026-05-03 Internal DNS Resolver Outage: incidents/2026-05-02-internal-dns-resolver-outage.md"
    );
    let table = change_of(&out.changes, &site, "docs/incidents/index.md");
    assert!(
        line_changes(&table.before, &table.after)[0]
            .1
            .starts_with("| 2026-05-03 | [Internal DNS Resolver Outage]"),
    );
}

#[test]
fn a_nav_title_of_its_own_stays_and_one_like_the_pir_follows_it() {
    let tmp = tempfile::tempdir().unwrap();
    pir_core::sample::write_sample_site(tmp.path()).unwrap();
    let yml = tmp.path().join("mkdocs.yml");
    let text = std::fs::read_to_string(&yml).unwrap().replace(
        "2026-05-02 Internal DNS Resolver Outage:",
        "'DNS: the resolver loop':",
    );
    std::fs::write(&yml, text).unwrap();
    let site = Site::open(tmp.path()).unwrap();
    let (old, new) = edit_dns(&site, |t| {
        t.replace(
            "Review: Internal DNS Resolver Outage",
            "Review: Resolver Loop",
        )
    });
    let out = after_edit(&site, &old, &new).unwrap();
    assert!(
        out.changes.iter().all(|c| c.path != yml),
        "{:?}",
        out.changes
    );
    // A nav titled exactly like the PIR follows it, quoted when YAML needs it.
    let text = std::fs::read_to_string(&yml)
        .unwrap()
        .replace("'DNS: the resolver loop':", "Internal DNS Resolver Outage:");
    std::fs::write(&yml, text).unwrap();
    let site = Site::open(tmp.path()).unwrap();
    let (old, new) = edit_dns(&site, |t| {
        t.replace("Review: Resolver Loop", "Review: DNS: a resolver loop")
    });
    let old = PirSummary {
        title: Some("Internal DNS Resolver Outage".into()),
        ..old
    };
    let out = after_edit(&site, &old, &new).unwrap();
    let nav = change_of(&out.changes, &site, "mkdocs.yml");
    assert_eq!(
        line_changes(&nav.before, &nav.after)[0].1,
        "      - 'DNS: a resolver loop': incidents/2026-05-02-internal-dns-resolver-outage.md"
    );
    assert!(pir_core::site::config::SiteConfig::parse(&nav.after).is_ok());
}

#[test]
fn nav_files_and_on_nav_hooks_own_the_nav_and_markers_hide_tables() {
    let tmp = tempfile::tempdir().unwrap();
    pir_core::sample::write_sample_site(tmp.path()).unwrap();
    assert_eq!(
        Site::open(tmp.path()).unwrap().config.nav_owner,
        NavOwner::Explicit
    );
    std::fs::write(tmp.path().join("docs/.pages"), "nav:\n  - ...\n").unwrap();
    assert_eq!(
        Site::open(tmp.path()).unwrap().config.nav_owner,
        NavOwner::Plugin
    );
    std::fs::remove_file(tmp.path().join("docs/.pages")).unwrap();

    let yml = tmp.path().join("mkdocs.yml");
    let text = std::fs::read_to_string(&yml).unwrap();
    std::fs::write(&yml, format!("{text}hooks:\n  - nav_hook.py\n")).unwrap();
    std::fs::write(
        tmp.path().join("nav_hook.py"),
        "def on_nav(nav, config, files):\n    return nav\n",
    )
    .unwrap();
    let site = Site::open(tmp.path()).unwrap();
    assert_eq!(site.config.nav_owner, NavOwner::Plugin);

    // A table page with a marker is generated: not an index page to write or check.
    let page = tmp.path().join("docs/incidents/index.md");
    std::fs::write(&page, TABLE_PAGE).unwrap();
    assert_eq!(index_pages(&site).unwrap().len(), 1);
    std::fs::write(
        &page,
        format!("<!-- incidents:start -->\n{TABLE_PAGE}<!-- incidents:end -->\n"),
    )
    .unwrap();
    assert!(index_pages(&site).unwrap().is_empty());
}

#[test]
fn nav_pages_count_as_index_pages_only_with_two_pir_links() {
    let tmp = tempfile::tempdir().unwrap();
    pir_core::sample::write_sample_site(tmp.path()).unwrap();
    let yml = tmp.path().join("mkdocs.yml");
    let text = std::fs::read_to_string(&yml).unwrap().replace(
        "  - Home: index.md\n",
        "  - Home: index.md\n  - Overview: overview.md\n",
    );
    std::fs::write(&yml, text).unwrap();
    let one = "# Overview\n\n| Date | Incident |\n| --- | --- |\n| 2026-05-02 | [DNS](incidents/2026-05-02-internal-dns-resolver-outage.md) |\n";
    std::fs::write(tmp.path().join("docs/overview.md"), one).unwrap();
    let site = Site::open(tmp.path()).unwrap();
    assert!(index_pages(&site).unwrap().is_empty());
    let two = format!(
        "{one}| 2026-03-14 | [TLS](incidents/2026-03-14-payments-api-tls-certificate-expiry.md) |\n"
    );
    std::fs::write(tmp.path().join("docs/overview.md"), two).unwrap();
    let pages = index_pages(&site).unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].rel, "overview.md");
    // Its rows are checked: the PIR missing from it is reported at the table's header line.
    let problems = check_site(&site, &site.summaries().unwrap()).unwrap();
    let missing: Vec<_> = problems
        .iter()
        .filter(|p| p.code == ProblemCode::MissingFromTable)
        .collect();
    assert_eq!(missing.len(), 1, "{problems:?}");
    assert_eq!(missing[0].line, Some(3));
    assert!(missing[0].message.contains("2026-06-19-order-queue"));
    // The short titles disagree with the PIRs' titles.
    assert_eq!(
        problems
            .iter()
            .filter(|p| p.code == ProblemCode::TableEntryStale)
            .count(),
        2
    );
}
