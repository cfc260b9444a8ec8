//! What the desktop app opens and lists, and creating a PIR with the wizard's sections.

use std::path::Path;

use chrono::NaiveDate;
use pir_core::ErrorKind;
use pir_core::sample::write_sample_site;
use pir_core::site::Site;
use pir_core::site::check::{ProblemCode, site_check};
use pir_core::site::new::{NewPir, create_pir_with, draft_sections, file_name_preview};
use pir_core::site::overview::open_overview;
use pir_core::startup::{
    MAX_RECENT, SAMPLE_DIR, ensure_sample_site, open_site, open_startup_site, recent_sites,
    remember_site, startup_site,
};
use pir_core::template::{NewPirFields, SectionKey, SectionState, section_state};

use crate::support::shared_fixtures;

fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_sample_site(dir.path()).unwrap();
    dir
}

fn git_available() -> bool {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn overview_lists_the_sample_pirs_newest_first_with_dates_from_names() {
    let site = sample_copy();
    let o = open_overview(site.path()).unwrap();
    assert_eq!(o.name, "Example Corp Incident Reviews");
    let names: Vec<&str> = o.pirs.iter().map(|p| p.file_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "2026-06-19-order-queue-consumer-memory-leak.md",
            "2026-05-02-internal-dns-resolver-outage.md",
            "2026-03-14-payments-api-tls-certificate-expiry.md",
        ]
    );
    assert_eq!(o.pirs[0].date, NaiveDate::from_ymd_opt(2026, 6, 19));
    assert_eq!(
        o.pirs[0].slug.as_deref(),
        Some("order-queue-consumer-memory-leak")
    );
    assert!(o.pirs.iter().all(|p| p.path.starts_with(&o.incidents_dir)));
}

#[test]
fn overview_names_a_site_without_site_name_after_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ops-reviews");
    std::fs::create_dir_all(root.join("docs/incidents")).unwrap();
    std::fs::write(root.join("mkdocs.yml"), "theme: material\n").unwrap();
    std::fs::write(root.join("docs/incidents/notes.md"), "# Notes\n").unwrap();
    let o = open_overview(&root).unwrap();
    assert_eq!(o.name, "ops-reviews");
    // A file not named by the convention is still listed, without a date.
    assert_eq!(o.pirs.len(), 1);
    assert_eq!((o.pirs[0].date, o.pirs[0].slug.as_deref()), (None, None));
}

#[test]
fn overview_of_the_real_site_lists_both_pirs() {
    let Some(shared) = shared_fixtures() else {
        return;
    };
    let o = open_overview(&shared.join("seed-site")).unwrap();
    assert_eq!(o.pirs.len(), 2);
    assert!(o.pirs.iter().all(|p| p.date.is_some()));
    assert!(o.pirs[0].date >= o.pirs[1].date);
}

#[test]
fn opened_sites_are_remembered_most_recent_first_and_capped() {
    let cfg = tempfile::tempdir().unwrap();
    let recent = cfg.path().join("app/recent-sites.json");
    assert_eq!(recent_sites(&recent).unwrap(), []);
    let a = sample_copy();
    let b = sample_copy();
    open_site(a.path(), &recent).unwrap();
    open_site(b.path(), &recent).unwrap();
    open_site(a.path(), &recent).unwrap();
    let listed: Vec<_> = recent_sites(&recent).unwrap();
    let paths: Vec<&Path> = listed.iter().map(|r| r.path.as_path()).collect();
    assert_eq!(paths, [a.path(), b.path()]);
    assert!(listed.iter().all(|r| r.available));

    let gone = b.path().to_path_buf();
    drop(b);
    let listed = recent_sites(&recent).unwrap();
    assert!(!listed.iter().find(|r| r.path == gone).unwrap().available);

    for i in 0..MAX_RECENT + 3 {
        remember_site(&recent, &cfg.path().join(format!("site{i}"))).unwrap();
    }
    let listed = recent_sites(&recent).unwrap();
    assert_eq!(listed.len(), MAX_RECENT);
    assert_eq!(
        listed[0].path,
        cfg.path().join(format!("site{}", MAX_RECENT + 2))
    );
}

#[test]
fn opening_a_site_answers_its_overview_checked_list_and_the_recent_sites_at_once() {
    let cfg = tempfile::tempdir().unwrap();
    let recent = cfg.path().join("recent-sites.json");
    let other = sample_copy();
    open_site(other.path(), &recent).unwrap();
    let site = sample_copy();
    // A PIR written by hand and never added to the nav: the check that comes with the opening
    // names it, as `pir check` would.
    let stray = site
        .path()
        .join("docs/incidents/2026-07-01-stray-review.md");
    std::fs::write(
        &stray,
        "# Post Incident Review: Stray review\n\n**Date:** 2026-07-01\n",
    )
    .unwrap();

    let opened = open_site(site.path(), &recent).unwrap();
    assert_eq!(opened.overview, open_overview(site.path()).unwrap());
    assert_eq!(
        opened.check,
        site_check(&Site::open(site.path()).unwrap()).unwrap()
    );
    assert_eq!(opened.check.pirs.len(), 4);
    let listed = opened
        .check
        .pirs
        .iter()
        .find(|p| p.summary.path == stray)
        .unwrap();
    assert!(
        listed
            .problems
            .iter()
            .any(|p| p.code == ProblemCode::MissingFromNav),
        "{:?}",
        listed.problems
    );
    let paths: Vec<&Path> = opened.recent.iter().map(|r| r.path.as_path()).collect();
    assert_eq!(paths, [site.path(), other.path()]);
}

#[test]
fn the_startup_site_opens_with_its_list_in_the_same_answer() {
    let cfg = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let recent = cfg.path().join("recent-sites.json");
    let sample = open_startup_site(None, &recent, data.path()).unwrap();
    assert_eq!(sample.overview.root, data.path().join(SAMPLE_DIR));
    assert_eq!(sample.check.pirs.len(), 3);
    assert_eq!(sample.recent[0].path, sample.overview.root);

    let site = sample_copy();
    let given = open_startup_site(Some(site.path()), &recent, data.path()).unwrap();
    assert_eq!(given.overview.root, site.path());
    // A folder that is no site fails the start as it fails opening, and is not remembered.
    let empty = tempfile::tempdir().unwrap();
    let e = open_startup_site(Some(empty.path()), &recent, data.path()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Config);
    assert!(
        recent_sites(&recent)
            .unwrap()
            .iter()
            .all(|r| r.path != empty.path())
    );
}

#[test]
fn a_damaged_recent_list_is_reported_then_replaced() {
    let cfg = tempfile::tempdir().unwrap();
    let recent = cfg.path().join("recent-sites.json");
    std::fs::write(&recent, "{\"sites\": [").unwrap();
    let e = recent_sites(&recent).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Parse);
    assert_eq!(e.path.as_deref(), Some(recent.as_path()));
    remember_site(&recent, Path::new("/somewhere")).unwrap();
    assert_eq!(
        recent_sites(&recent).unwrap()[0].path,
        Path::new("/somewhere")
    );
}

#[test]
fn opening_a_folder_that_is_no_site_is_a_config_error_and_not_remembered() {
    let cfg = tempfile::tempdir().unwrap();
    let recent = cfg.path().join("recent-sites.json");
    let empty = tempfile::tempdir().unwrap();
    let e = open_site(empty.path(), &recent).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Config);
    assert_eq!(recent_sites(&recent).unwrap(), []);
}

#[test]
fn startup_prefers_the_argument_then_the_last_site_then_the_sample() {
    let cfg = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let recent = cfg.path().join("recent-sites.json");
    let site = sample_copy();

    let arg = startup_site(Some(site.path()), &recent, data.path()).unwrap();
    assert_eq!(arg, site.path());

    // Nothing remembered: the sample site is written into the data folder.
    let first = startup_site(None, &recent, data.path()).unwrap();
    assert_eq!(first, data.path().join(SAMPLE_DIR));
    assert_eq!(open_overview(&first).unwrap().pirs.len(), 3);
    if git_available() {
        let log = std::process::Command::new("git")
            .args(["log", "--oneline"])
            .current_dir(&first)
            .output()
            .unwrap();
        assert!(log.status.success());
        assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 1);
    } else {
        eprintln!("skipped the git check: git is not installed");
    }

    remember_site(&recent, site.path()).unwrap();
    assert_eq!(
        startup_site(None, &recent, data.path()).unwrap(),
        site.path()
    );
}

#[test]
fn an_existing_sample_site_is_left_as_the_user_edited_it() {
    let data = tempfile::tempdir().unwrap();
    let dest = data.path().join(SAMPLE_DIR);
    ensure_sample_site(&dest).unwrap();
    let home = dest.join("docs/index.md");
    std::fs::write(&home, "# Edited\n").unwrap();
    ensure_sample_site(&dest).unwrap();
    assert_eq!(std::fs::read_to_string(&home).unwrap(), "# Edited\n");
}

#[test]
fn file_name_preview_gives_the_name_or_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    write_sample_site(dir.path()).unwrap();
    let site = Site::open(dir.path()).unwrap();
    let preview = |title: &str, date: &str| file_name_preview(&site, title, date);
    assert_eq!(
        preview(
            "Checkout latency spike after cache eviction storm",
            "2026-08-03"
        )
        .unwrap(),
        "2026-08-03-checkout-latency-spike-cache-eviction-storm.md"
    );
    assert_eq!(
        preview("Queue stall", "2026-02-30").unwrap_err().kind,
        ErrorKind::InvalidInput
    );
    // Path characters only separate words; a control character is refused.
    assert_eq!(
        preview("disk/../full", "2026-08-03").unwrap(),
        "2026-08-03-disk-full.md"
    );
    assert_eq!(
        preview("disk\u{7}full", "2026-08-03").unwrap_err().kind,
        ErrorKind::UnsafePath
    );
}

/// The preview is the name `new` writes, by the site's own naming: a site of
/// `INC-2041-...`, `INC-2050-...` names the next one `INC-2051-...`.
#[test]
fn file_name_preview_follows_the_sites_naming() {
    let site = Site::open(&crate::support::fixtures().join("sites/inc-table")).unwrap();
    assert_eq!(
        file_name_preview(&site, "Queue stall", "2026-09-01").unwrap(),
        "INC-2051-queue-stall.md"
    );
}

fn request(title: &str) -> NewPir {
    NewPir {
        title: title.into(),
        date: NaiveDate::from_ymd_opt(2026, 8, 3).unwrap(),
        severity: "High".into(),
        tags: vec!["queue".into()],
        template: None,
    }
}

#[test]
fn draft_sections_start_from_the_template_with_the_fields_filled() {
    let site = sample_copy();
    let site = Site::open(site.path()).unwrap();
    let fields = NewPirFields {
        title: "Queue stall".into(),
        date: NaiveDate::from_ymd_opt(2026, 8, 3).unwrap(),
        severity: "Medium".into(),
        tags: vec![],
    };
    let drafts = draft_sections(&site, &fields).unwrap();
    let keys: Vec<SectionKey> = drafts.iter().map(|s| s.key).collect();
    let mut want = vec![SectionKey::Metadata];
    want.extend(SectionKey::document_sections());
    assert_eq!(keys, want);
    let meta = &drafts[0];
    assert!(meta.body.contains("**Date:** 2026-08-03"), "{}", meta.body);
    assert!(meta.body.contains("**Severity:** Medium"), "{}", meta.body);
    // Untouched template sections still hold placeholders.
    assert!(
        drafts
            .iter()
            .all(|s| section_state(&s.body) == SectionState::Placeholder),
        "{drafts:#?}"
    );
}

#[test]
fn create_with_sections_writes_them_in_place_of_the_placeholders() {
    let dir = sample_copy();
    let site = Site::open(dir.path()).unwrap();
    let summary = "Consumers stopped reading for two hours after a rebalance loop.";
    let impact = "Orders queued but none were lost.";
    let created = create_pir_with(
        &site,
        &request("Queue stall"),
        &[
            (SectionKey::ExecutiveSummary, summary.into()),
            (SectionKey::Impact, impact.into()),
        ],
    )
    .unwrap();
    assert!(created.nav_updated);
    assert_eq!(created.index_updated.len(), 1);
    let text = std::fs::read_to_string(&created.path).unwrap();
    assert!(
        text.contains(&format!("## Executive Summary\n\n{summary}\n\n---\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!("## Impact\n\n{impact}\n\n---\n")),
        "{text}"
    );
    assert!(text.contains("  - queue\n"));
    // Sections not given keep the template's text.
    assert!(text.contains("## Timeline"));
    assert!(text.contains("[Event]"));
    let sections = pir_core::template::sections(&text);
    let body = |k| sections.iter().find(|s| s.key == k).unwrap().body.clone();
    assert_eq!(body(SectionKey::ExecutiveSummary), summary);
    assert_eq!(body(SectionKey::Impact), impact);
}

#[test]
fn create_with_an_unfillable_section_writes_nothing() {
    let dir = sample_copy();
    let site = Site::open(dir.path()).unwrap();
    let before = std::fs::read_to_string(site.config_path()).unwrap();
    let e = create_pir_with(
        &site,
        &request("Queue stall"),
        &[(SectionKey::Tags, "queue".into())],
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidInput);
    assert!(
        !site
            .incidents_dir()
            .join("2026-08-03-queue-stall.md")
            .exists()
    );
    assert_eq!(std::fs::read_to_string(site.config_path()).unwrap(), before);
}
