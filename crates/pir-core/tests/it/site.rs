//! Reading sites: config, nav, incidents folder, home list; on the sample site and the real one.

use std::path::PathBuf;

use chrono::NaiveDate;
use pir_core::ErrorKind;
use pir_core::site::index::{ListPir, insert_list_entry, parse_recent_list};
use pir_core::site::nav::{NavPir, insert_nav_entry, nav_contains, nav_pages};
use pir_core::site::{NavOwner, Site, find_root};

use crate::support::shared_fixtures;

fn sample_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-site")
}

/// Lines of `after` that are not in `before`, in order (a tiny line diff for assertions).
fn added_lines(before: &str, after: &str) -> Vec<String> {
    let mut b = before.lines().peekable();
    let mut added = Vec::new();
    for line in after.lines() {
        if b.peek() == Some(&line) {
            b.next();
        } else {
            added.push(line.to_string());
        }
    }
    assert!(
        b.next().is_none(),
        "a line of the original was removed or changed"
    );
    added
}

#[test]
fn sample_site_opens_from_any_folder_inside_it() {
    let inner = sample_site().join("docs/incidents");
    assert_eq!(
        find_root(&inner).unwrap(),
        std::path::absolute(sample_site()).unwrap()
    );
    let site = Site::open(&inner).unwrap();
    assert_eq!(site.config.nav_owner, NavOwner::Explicit);
    assert_eq!(site.incidents_rel, "incidents");
    let files = site.pir_files().unwrap();
    assert_eq!(files.len(), 3);
    let nav = site.config.nav.as_ref().unwrap();
    for f in &files {
        let rel = site.docs_relative(f).unwrap();
        assert!(nav_contains(nav, &rel), "{rel} missing from the sample nav");
    }
    let home = std::fs::read_to_string(site.docs_dir().join("index.md")).unwrap();
    let list = parse_recent_list(&home).unwrap();
    assert_eq!(list.entries.len(), 3);
    assert_eq!(list.years, [(2026, 8)]);
}

#[test]
fn folder_without_mkdocs_yml_or_with_broken_yaml_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(Site::open(dir.path()).unwrap_err().kind, ErrorKind::Config);
    std::fs::write(
        dir.path().join("mkdocs.yml"),
        "site_name: x\nnav:\n  - Home: [index.md\n",
    )
    .unwrap();
    let err = Site::open(dir.path()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Config);
    assert!(
        err.path.as_ref().is_some_and(|p| p.ends_with("mkdocs.yml")),
        "{err}"
    );
    assert!(err.line.is_some(), "{err}");
}

#[test]
fn an_oversized_mkdocs_yml_is_said_to_be_a_configuration_not_a_pir() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mkdocs.yml");
    let f = std::fs::File::create(&config).unwrap();
    f.set_len(pir_core::fsio::MAX_FILE_BYTES + 1).unwrap();
    let err = Site::open(dir.path()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Config, "{err}");
    assert_eq!(err.path.as_deref(), Some(config.as_path()));
    assert!(err.message.contains("mkdocs.yml"), "{err}");
    assert!(err.message.contains("site configuration"), "{err}");
    assert!(!err.message.contains("PIR"), "{err}");
}

#[test]
fn docs_dir_slash_is_reported_as_written_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    for value in ["/", "//"] {
        std::fs::write(
            dir.path().join("mkdocs.yml"),
            format!("site_name: x\ndocs_dir: {value}\n"),
        )
        .unwrap();
        let err = Site::open(dir.path()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsafePath, "{err}");
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.message.contains("docs_dir `/`"), "{err}");
        assert!(!err.message.contains("`docs`"), "{err}");
    }
}

/// mkdocs merges an `INHERIT`ed file under `mkdocs.yml`; PIR Editor reads `mkdocs.yml` alone,
/// so a nav or docs_dir that only the parent sets is an error naming the line, not ignored.
#[test]
fn inherit_of_a_setting_pir_editor_reads_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("docs/incidents")).unwrap();
    std::fs::create_dir_all(root.join("config/base")).unwrap();
    let write = |p: &std::path::Path, t: &str| std::fs::write(p, t).unwrap();
    write(
        &root.join("config/base/theme.yml"),
        "theme:\n  name: material\n",
    );
    write(
        &root.join("config/nav.yml"),
        "INHERIT: base/theme.yml\nnav:\n  - Home: index.md\n",
    );
    write(&dir.path().join("outside.yml"), "nav:\n  - a.md\n");

    // A parent that sets only what PIR Editor does not read is fine.
    write(
        &root.join("mkdocs.yml"),
        "site_name: x\nINHERIT: config/base/theme.yml\n",
    );
    Site::open(&root).unwrap();
    // So is one whose nav the child overrides.
    write(
        &root.join("mkdocs.yml"),
        "INHERIT: config/nav.yml\nnav:\n  - Home: index.md\n",
    );
    Site::open(&root).unwrap();
    // A nav from the parent is refused; the parent's own INHERIT is relative to the parent.
    write(
        &root.join("mkdocs.yml"),
        "site_name: x\n\nINHERIT: config/nav.yml\n",
    );
    let err = Site::open(&root).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Config, "{err}");
    assert_eq!(err.line, Some(3), "{err}");
    assert!(
        err.path
            .as_ref()
            .is_some_and(|p| p.ends_with("site/mkdocs.yml")),
        "{err}"
    );
    assert!(
        err.message.contains("INHERIT is not supported for `nav`"),
        "{err}"
    );
    // A missing parent, and one outside the repository, are errors at the same line.
    write(&root.join("mkdocs.yml"), "INHERIT: config/none.yml\n");
    let err = Site::open(&root).unwrap_err();
    assert_eq!((err.kind, err.line), (ErrorKind::Config, Some(1)), "{err}");
    write(&root.join("mkdocs.yml"), "INHERIT: ../outside.yml\n");
    let err = Site::open(&root).unwrap_err();
    assert_eq!(
        (err.kind, err.line),
        (ErrorKind::UnsafePath, Some(1)),
        "{err}"
    );
}

#[test]
fn docs_dir_other_than_docs_and_incidents_folder_from_the_nav() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src/postmortems")).unwrap();
    std::fs::write(dir.path().join("src/postmortems/2026-01-01-a.md"), "# A\n").unwrap();
    std::fs::write(
        dir.path().join("mkdocs.yml"),
        "docs_dir: src\nnav:\n  - Postmortems:\n    - postmortems/2026-01-01-a.md\n",
    )
    .unwrap();
    let site = Site::open(dir.path()).unwrap();
    assert_eq!(site.incidents_rel, "postmortems");
    assert_eq!(site.pir_files().unwrap().len(), 1);
}

#[test]
fn real_site_nav_lacks_one_pir_and_gains_exactly_one_line() {
    let Some(shared) = shared_fixtures() else {
        return;
    };
    let site = Site::open(&shared.join("seed-site")).unwrap();
    let nav = site.config.nav.as_ref().unwrap();
    let files = site.pir_files().unwrap();
    assert_eq!(files.len(), 2);
    let missing: Vec<String> = files
        .iter()
        .filter_map(|f| site.docs_relative(f))
        .filter(|rel| !nav_contains(nav, rel))
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].starts_with("incidents/2026-02-22-"));
    assert_eq!(nav_pages(nav).len(), 2);

    let pir = NavPir {
        path: &missing[0],
        date: NaiveDate::from_ymd_opt(2026, 2, 22).unwrap(),
        title: "Ignored",
    };
    let titles = |t: &str| pir_core::site::new::first_heading(&site.docs_dir().join(t));
    let out = insert_nav_entry(&site.config_text, nav, "incidents/", &pir, &titles)
        .unwrap()
        .unwrap();
    let added = added_lines(&site.config_text, &out);
    assert_eq!(added.len(), 1, "{added:?}");
    // The neighbour is titled `DATE Title Cased Slug`; so is the new entry, at the same indent.
    assert!(added[0].starts_with("      - 2026-02-22 "), "{added:?}");
    assert!(
        added[0].ends_with(&format!(": {}", missing[0])),
        "{added:?}"
    );
    // The result is still a valid config with both PIRs in the nav.
    let reparsed = pir_core::site::SiteConfig::parse(&out).unwrap();
    assert!(files.iter().all(|f| nav_contains(
        reparsed.nav.as_ref().unwrap(),
        &site.docs_relative(f).unwrap()
    )));
}

#[test]
fn real_home_list_is_read_and_extended_in_its_own_style() {
    let Some(shared) = shared_fixtures() else {
        return;
    };
    let home = std::fs::read_to_string(shared.join("seed-site/docs/index.md")).unwrap();
    let list = parse_recent_list(&home).unwrap();
    assert_eq!(list.entries.len(), 2);
    assert_eq!(list.years.len(), 1);
    assert!(
        list.entries
            .iter()
            .all(|e| e.field("Severity").is_some() && e.field("Summary").is_some())
    );
    let fields = [
        ("Severity", "Low".to_string()),
        ("Duration", "~5m".to_string()),
        ("Summary", "Brief".to_string()),
    ];
    let pir = ListPir {
        target: "incidents/2026-03-01-brief-blip.md",
        date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        title: "Brief Blip",
        fields: &fields,
    };
    let out = insert_list_entry(&home, &pir).unwrap();
    let added = added_lines(&home, &out);
    assert_eq!(
        added,
        [
            "- [2026-03-01 - Brief Blip](incidents/2026-03-01-brief-blip.md)",
            "  - **Severity**: Low",
            "  - **Duration**: ~5m",
            "  - **Summary**: Brief",
            "",
        ]
    );
    // Newest first: it is now the first entry.
    assert_eq!(
        parse_recent_list(&out).unwrap().entries[0].target,
        pir.target
    );
}

mod check {
    use std::path::Path;

    use chrono::NaiveDate;
    use pir_core::site::Site;
    use pir_core::site::check::{ProblemCode, check_site};
    use pir_core::site::summary::PirSummary;

    use super::sample_site;

    /// A summary as the document model gives it for the sample PIR `rel`.
    fn summary(site: &Site, rel: &str, date: &str, title: &str, severity: &str) -> PirSummary {
        PirSummary {
            path: site.docs_dir().join(rel),
            rel: rel.to_string(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            date_text: Some(date.to_string()),
            date_line: 3,
            title: Some(title.to_string()),
            severity: Some(severity.to_string()),
            ..PirSummary::default()
        }
    }

    fn copy_sample(to: &Path) {
        for (rel, text) in pir_core::sample::FILES {
            let p = to.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }

    fn sample_summaries(site: &Site) -> Vec<PirSummary> {
        vec![
            summary(
                site,
                "incidents/2026-03-14-payments-api-tls-certificate-expiry.md",
                "2026-03-14",
                "Payments API TLS Certificate Expiry",
                "High (card payments failed for all customers)",
            ),
            summary(
                site,
                "incidents/2026-05-02-internal-dns-resolver-outage.md",
                "2026-05-02",
                "Internal DNS Resolver Outage",
                "Critical (every internal service lost name resolution)",
            ),
            summary(
                site,
                "incidents/2026-06-19-order-queue-consumer-memory-leak.md",
                "2026-06-19",
                "Order Queue Consumer Memory Leak",
                "Medium (orders delayed, none lost)",
            ),
        ]
    }

    /// The site list hands each problem to the PIR it is about: nav problems (in mkdocs.yml)
    /// to the PIR they name, a dangling nav entry to no PIR.
    #[test]
    fn site_check_groups_problems_by_pir() {
        let tmp = tempfile::tempdir().unwrap();
        copy_sample(tmp.path());
        let config = tmp.path().join("mkdocs.yml");
        let text = std::fs::read_to_string(&config).unwrap().replace(
            "      - 2026-05-02 Internal DNS Resolver Outage: incidents/2026-05-02-internal-dns-resolver-outage.md\n",
            "      - Gone: incidents/2026-01-01-gone.md\n",
        );
        std::fs::write(&config, text).unwrap();
        let site = Site::open(tmp.path()).unwrap();
        let checked = pir_core::site::check::site_check(&site).unwrap();
        let names: Vec<String> = checked.pirs.iter().map(|c| c.summary.rel.clone()).collect();
        assert_eq!(names.len(), 3);
        // Newest first.
        assert!(names[0].contains("2026-06-19"), "{names:?}");
        let dns = checked
            .pirs
            .iter()
            .find(|c| c.summary.rel.contains("dns-resolver"))
            .unwrap();
        let nav = dns
            .problems
            .iter()
            .find(|p| p.code == ProblemCode::MissingFromNav)
            .expect("the missing nav entry is the DNS PIR's problem");
        assert!(nav.path.ends_with("mkdocs.yml"));
        assert_eq!(dns.summary.severity_level(), Some("Critical"));
        // The others have only problems of their own files.
        for c in checked
            .pirs
            .iter()
            .filter(|c| !c.summary.rel.contains("dns"))
        {
            for p in &c.problems {
                assert_eq!(p.path, c.summary.path, "{p}");
            }
        }
        assert_eq!(
            checked.other.iter().map(|p| p.code).collect::<Vec<_>>(),
            vec![ProblemCode::NavTargetMissing]
        );
    }

    #[test]
    fn the_sample_site_is_clean() {
        let site = Site::open(&sample_site()).unwrap();
        assert_eq!(check_site(&site, &sample_summaries(&site)).unwrap(), vec![]);
    }

    #[test]
    fn finds_missing_dangling_and_stale_entries_and_bad_names() {
        let tmp = tempfile::tempdir().unwrap();
        copy_sample(tmp.path());
        let config = tmp.path().join("mkdocs.yml");
        let text = std::fs::read_to_string(&config).unwrap();
        // Drop one PIR from the nav, point another entry at nothing.
        let text = text
            .replace("      - 2026-05-02 Internal DNS Resolver Outage: incidents/2026-05-02-internal-dns-resolver-outage.md\n", "")
            .replace("incidents/2026-03-14-payments-api-tls-certificate-expiry.md", "incidents/2026-03-15-gone.md");
        std::fs::write(&config, text).unwrap();
        let home = tmp.path().join("docs/index.md");
        let page = std::fs::read_to_string(&home)
            .unwrap()
            .replace("  - **Severity**: Critical", "  - **Severity**: Low");
        std::fs::write(&home, page).unwrap();
        std::fs::write(
            tmp.path().join("docs/incidents/notes on disk failure.md"),
            "# Disk\n",
        )
        .unwrap();

        let site = Site::open(tmp.path()).unwrap();
        let mut pirs = sample_summaries(&site);
        let mut odd = summary(
            &site,
            "incidents/notes on disk failure.md",
            "2026-01-01",
            "Disk",
            "Low",
        );
        odd.missing_sections = vec!["Timeline".into()];
        pirs.push(odd);
        let mut late = pirs[2].clone();
        late.date = NaiveDate::from_ymd_opt(2026, 6, 20);
        late.timeline_out_of_order = vec![40];
        pirs[2] = late;

        let problems = check_site(&site, &pirs).unwrap();
        let codes: Vec<(ProblemCode, String)> = problems
            .iter()
            .map(|p| {
                (
                    p.code,
                    format!(
                        "{}:{}",
                        p.path.file_name().unwrap().to_string_lossy(),
                        p.line.unwrap_or(0)
                    ),
                )
            })
            .collect();
        let expect = |code: ProblemCode, at: &str| {
            assert!(
                codes.contains(&(code, at.to_string())),
                "no {code:?} at {at} in {codes:#?}"
            );
        };
        // Missing entries point at the first PIR entry of the nav, where they belong.
        expect(ProblemCode::MissingFromNav, "mkdocs.yml:46");
        expect(ProblemCode::NavTargetMissing, "mkdocs.yml:47");
        // The Date changed to 2026-06-20: nav and list entries still say 2026-06-19.
        expect(ProblemCode::NavEntryStale, "mkdocs.yml:46");
        expect(ProblemCode::ListEntryStale, "index.md:10");
        expect(ProblemCode::ListEntryStale, "index.md:15");
        expect(ProblemCode::MissingFromList, "index.md:6");
        expect(ProblemCode::BadFileName, "notes on disk failure.md:0");
        expect(ProblemCode::MissingSections, "notes on disk failure.md:0");
        expect(
            ProblemCode::FileDateMismatch,
            "2026-06-19-order-queue-consumer-memory-leak.md:3",
        );
        expect(
            ProblemCode::TimelineOutOfOrder,
            "2026-06-19-order-queue-consumer-memory-leak.md:40",
        );
        // Which PIRs are missing from the nav: the dropped one, the renamed one, the odd one.
        let missing: Vec<&str> = problems
            .iter()
            .filter(|p| p.code == ProblemCode::MissingFromNav)
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(missing.len(), 3, "{missing:?}");
        assert_eq!(problems.len(), 12, "{problems:#?}");
        let stale = problems
            .iter()
            .find(|p| p.code == ProblemCode::ListEntryStale && p.line == Some(15))
            .unwrap();
        assert!(
            stale.message.contains("severity Low (PIR: Critical)"),
            "{}",
            stale.message
        );
        assert!(stale.to_string().ends_with("index.md:15: list entry for incidents/2026-05-02-internal-dns-resolver-outage.md disagrees with the PIR: severity Low (PIR: Critical)"), "{stale}");
    }

    #[test]
    fn sync_fixes_what_check_marks_fixable_and_changes_only_those_lines() {
        let tmp = tempfile::tempdir().unwrap();
        copy_sample(tmp.path());
        let config = tmp.path().join("mkdocs.yml");
        let original_config = std::fs::read_to_string(&config).unwrap();
        let dropped = "      - 2026-05-02 Internal DNS Resolver Outage: incidents/2026-05-02-internal-dns-resolver-outage.md\n";
        std::fs::write(&config, original_config.replace(dropped, "")).unwrap();
        let home = tmp.path().join("docs/index.md");
        let original_home = std::fs::read_to_string(&home).unwrap();
        let stale_home =
            original_home.replace("  - **Severity**: Critical", "  - **Severity**: Low");
        // Drop the 2026-03-14 entry (the last one) from the list.
        let cut = stale_home.find("- [2026-03-14").unwrap();
        let end = stale_home[cut..]
            .find("\n\n")
            .map_or(stale_home.len(), |i| cut + i + 2);
        let stale_home = format!("{}{}", &stale_home[..cut], &stale_home[end..]);
        std::fs::write(&home, &stale_home).unwrap();

        let site = Site::open(tmp.path()).unwrap();
        let pirs = sample_summaries(&site);
        let before = check_site(&site, &pirs).unwrap();
        assert_eq!(
            before.iter().filter(|p| p.fixable).count(),
            3,
            "{before:#?}"
        );
        let changes = pir_core::site::sync::plan_sync(&site, &pirs).unwrap();
        assert_eq!(changes.len(), 2);
        assert!(changes[0].diff(&site.root).contains("+      - 2026-05-02 Internal DNS Resolver Outage: incidents/2026-05-02-internal-dns-resolver-outage.md"), "{}", changes[0].diff(&site.root));
        // A dry run writes nothing.
        assert_eq!(std::fs::read_to_string(&home).unwrap(), stale_home);
        pir_core::site::sync::apply_changes(&changes).unwrap();

        // The nav is back to the original byte for byte; so is the list, except the re-added
        // entry's Duration and Summary, which come from the PIR summary given here.
        assert_eq!(std::fs::read_to_string(&config).unwrap(), original_config);
        let synced = std::fs::read_to_string(&home).unwrap();
        assert!(synced.contains("  - **Severity**: Critical\n"));
        assert!(synced.ends_with("- [2026-03-14 - Payments API TLS Certificate Expiry](incidents/2026-03-14-payments-api-tls-certificate-expiry.md)\n  - **Severity**: High\n  - **Duration**: TBD\n  - **Summary**: TBD\n\n## Writing a PIR\n\n1. Name the file `YYYY-MM-DD-brief-description.md` and put it in `docs/incidents/`\n2. Add it to the `nav` in `mkdocs.yml` and to the list above\n3. Follow the section structure of the existing reviews\n"), "{synced}");
        let site = Site::open(tmp.path()).unwrap();
        assert_eq!(check_site(&site, &pirs).unwrap(), vec![]);
        // A second sync has nothing to do.
        assert!(
            pir_core::site::sync::plan_sync(&site, &pirs)
                .unwrap()
                .is_empty()
        );
    }
}
