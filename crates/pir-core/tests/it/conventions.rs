//! Sites in other conventions than the sample's: what the list and the metrics read from them.
//!
//! Each folder of `tests/fixtures/sites/` is a small site in one convention family (front
//! matter with a list timeline and its own template; `INC-NNNN` names with a metadata table
//! and a P-scale; ...). `NAME.snap` beside it is the site's profile (what `pir profile`
//! prints), what `pir list`, `pir stats` and `pir check` find; `PIR_BLESS=1` rewrites the
//! snapshots (review the diff). Each site is read from a copy outside any git repository,
//! so that nothing of the project's own repository (branches, `.pir.toml`) leaks in.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use pir_core::site::Site;
use pir_core::site::check::check_site;
use pir_core::site::profile::SiteProfile;
use pir_core::stats::site_stats;

use crate::git::hermetic::git_test;
use crate::support;

/// What `pir check` finds on `site`, one `path:line: message` line per problem, paths
/// relative to `root`.
fn check_lines(site: &Site, root: &Path) -> String {
    let mut out = String::new();
    for p in check_site(site, &site.summaries().unwrap()).unwrap() {
        let rel = p
            .path
            .strip_prefix(root)
            .unwrap_or(&p.path)
            .display()
            .to_string();
        writeln!(out, "{rel}:{}: {}", p.line.unwrap_or(0), p.message).unwrap();
    }
    out
}

fn describe(fixture: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    support::copy_dir(fixture, &root);
    let site = Site::open(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    let mut out = String::new();
    writeln!(out, "profile:").unwrap();
    for (key, value, origin) in SiteProfile::of(&site).unwrap().describe() {
        writeln!(out, "  {key:<12} {value}  ({origin})").unwrap();
    }
    let problems = check_lines(&site, &root);
    writeln!(out, "check: {} problem(s)", problems.lines().count()).unwrap();
    for line in problems.lines() {
        writeln!(out, "  {line}").unwrap();
    }
    writeln!(out, "list:").unwrap();
    for s in site.summaries().unwrap() {
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        let mut date = s.date.map_or("-".into(), |d| d.to_string());
        if let Some(end) = s.end_date {
            date.push_str(&format!(" to {end}"));
        }
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
    let checked = pir_core::site::check::site_check(&site).unwrap();
    writeln!(
        out,
        "new PIR severity: {} of {}",
        checked.usual_severity.as_deref().unwrap_or("-"),
        checked.severity_scale.join(", ")
    )
    .unwrap();
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
    writeln!(out, "time to resolve (minutes):").unwrap();
    for p in &stats.pirs {
        let how = p
            .resolve_estimated
            .as_ref()
            .map(|how| format!(", estimated from {how}"))
            .unwrap_or_default();
        let minutes = p
            .time_to_resolve
            .map_or_else(|| "-".to_string(), |m| m.to_string());
        writeln!(out, "  {}: {minutes}{how}", p.rel).unwrap();
    }
    out
}

#[test]
fn sites_in_other_conventions_list_and_count_as_committed() {
    let sites = support::sites_in(&support::fixtures().join("sites"));
    assert!(sites.len() >= 2, "expected the convention sites");
    let mut failures = Vec::new();
    for root in sites {
        let got = describe(&root);
        failures.extend(support::snapshot_mismatch(
            &root.with_extension("snap"),
            &got,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each folder of `tests/fixtures/drift/` is laid over a copy of the convention site of the
/// same name: PIRs that drift from that site's own rules (a name off its pattern, a field
/// or section its PIRs have and this one lacks, rows out of order, template text left, a
/// PIR missing from the nav or index the site keeps). `NAME.snap` beside it is what
/// `pir check` reports on the copy; every site is clean without its drift (see the site
/// snapshots), so each problem is the drift's.
#[test]
fn drifted_pirs_are_checked_by_each_sites_own_rules() {
    let drift = support::fixtures().join("drift");
    let mut dirs: Vec<_> = std::fs::read_dir(&drift)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let sites = support::sites_in(&support::fixtures().join("sites"));
    assert_eq!(dirs.len(), sites.len(), "one drift per convention site");
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (_tmp, root) = support::site_copy(&name);
        support::copy_dir(&dir, &root);
        let site = Site::open(&root).unwrap();
        let got = check_lines(&site, &root);
        if let Some(m) = support::snapshot_mismatch(&drift.join(format!("{name}.snap")), &got) {
            panic!("{name}: {m}");
        }
    }
}

#[test]
fn pir_toml_overrides_what_is_learnt_and_says_where() {
    let (_tmp, root) = support::site_copy("front-matter-list");
    std::fs::write(
        root.join("docs/postmortems/mail-outage.md"),
        "---\ndate: 2026-10-01\nseverity: SEV-2\nstatus: Draft\n---\n\n# Mail outage\n\n\
         ## Summary\n\n## Trigger\n\n## Detection\n\n## Resolution\n\n## Timeline\n\n\
         ## Where we got lucky\n",
    )
    .unwrap();
    let site = Site::open(&root).unwrap();
    let before = check_site(&site, &site.summaries().unwrap()).unwrap();
    assert_eq!(before.len(), 1, "{before:?}");
    std::fs::write(
        root.join(".pir.toml"),
        "# names without dates are fine here\nfile_names = \"{slug}.md\"\nbranch = \"docs/pir-{slug}\"\n",
    )
    .unwrap();
    // The site reads `.pir.toml` when it opens, as every command of the app and CLI does.
    let site = Site::open(&root).unwrap();
    let profile = SiteProfile::of(&site).unwrap();
    assert_eq!(profile.file_names.value, "{slug}.md");
    assert_eq!(
        profile.file_names.origin,
        pir_core::site::profile::Origin::Override { line: 2 }
    );
    assert_eq!(
        profile
            .branch_for(&root.join("docs/postmortems/mail-outage.md"))
            .as_deref(),
        Some("docs/pir-mail-outage")
    );
    assert_eq!(
        check_site(&site, &site.summaries().unwrap()).unwrap(),
        vec![]
    );

    // A bad file stops the profile with its line, rather than being half applied.
    std::fs::write(
        root.join(".pir.toml"),
        "file_names = \"{slug}.md\"\nnav = 3\n",
    )
    .unwrap();
    let e = Site::open(&root)
        .and_then(|s| SiteProfile::of(&s))
        .unwrap_err();
    assert_eq!(e.kind, pir_core::ErrorKind::Config);
    assert_eq!(e.line, Some(2));
    assert!(e.path.unwrap().ends_with(".pir.toml"));
}

git_test! {
fn branches_of_the_repository_teach_the_branch_pattern(env) {
    let root = env.path("inc-table");
    support::copy_dir(&support::fixtures().join("sites/inc-table"), &root);
    let repo = git2::Repository::init(&root).unwrap();
    let sig = git2::Signature::now("T", "t@example.invalid").unwrap();
    let tree = {
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("mkdocs.yml")).unwrap();
        repo.find_tree(index.write_tree().unwrap()).unwrap()
    };
    let head = repo.commit(Some("HEAD"), &sig, &sig, "x", &tree, &[]).unwrap();
    let commit = repo.find_commit(head).unwrap();
    repo.branch("docs/pir-card-auth-timeouts", &commit, false).unwrap();
    let site = Site::open(&root).unwrap();
    let profile = SiteProfile::of(&site).unwrap();
    assert_eq!(profile.branch.value, "docs/pir-{slug}");
    assert_eq!(
        profile
            .branch_for(&root.join("docs/incidents/INC-2050-settlement-file-late.md"))
            .as_deref(),
        Some("docs/pir-settlement-file-late")
    );
}
}

fn new_pir(root: &Path, title: &str, severity: &str) -> pir_core::site::new::Created {
    let site = Site::open(root).unwrap();
    pir_core::site::new::create_pir(
        &site,
        &pir_core::site::new::NewPir {
            title: title.into(),
            date: NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
            severity: severity.into(),
            tags: vec![],
            template: None,
        },
    )
    .unwrap()
}

#[test]
fn new_pirs_follow_the_sites_naming_template_and_metadata() {
    let (_tmp, root) = support::site_copy("front-matter-list");
    let created = new_pir(&root, "Disk full on the build host", "SEV-2");
    assert!(
        created
            .path
            .ends_with("postmortems/2026-10-02-disk-full-build-host.md")
    );
    let text = std::fs::read_to_string(&created.path).unwrap();
    // The site's template, its front matter filled where the site keeps metadata.
    assert!(
        text.starts_with("---\ndate: 2026-10-02\nseverity: SEV-2\nstatus: Draft\n"),
        "{text}"
    );
    assert!(text.contains("## Where we got lucky"), "{text}");
    // Fresh from the template, its placeholder lines are the one problem, named by line.
    let site = Site::open(&root).unwrap();
    let problems = check_site(&site, &site.summaries().unwrap()).unwrap();
    let got: Vec<_> = problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![(
            Some(12),
            "still holds the template's placeholder text on lines 12, 22"
        )]
    );
    // Once written, nothing is left.
    let written = text
        .replace("What happened, in two sentences.", "The disk filled up.")
        .replace(
            "- YYYY-MM-DD HH:MM — First event.",
            "- 2026-10-02 08:00 — Disk full.",
        );
    std::fs::write(&created.path, written).unwrap();
    assert_eq!(
        check_site(&site, &site.summaries().unwrap()).unwrap(),
        vec![]
    );

    let (_tmp, root) = support::site_copy("inc-table");
    let created = new_pir(&root, "Card auth timeouts again", "P2");
    assert!(
        created
            .path
            .ends_with("incidents/INC-2051-card-auth-timeouts-again.md")
    );
    let config = std::fs::read_to_string(root.join("mkdocs.yml")).unwrap();
    assert!(
        config.contains("incidents/INC-2051-card-auth-timeouts-again.md"),
        "{config}"
    );
    // Titled with its number, as the site's PIRs are (`# INC-2050: ...`).
    let text = std::fs::read_to_string(&created.path).unwrap();
    assert!(
        text.starts_with("# INC-2051: Card auth timeouts again\n"),
        "{text}"
    );
    assert!(
        config.contains("INC-2051: Card auth timeouts again"),
        "{config}"
    );
    // The index table of a site whose names carry no date (its rows dated by their Date
    // column) gets the new PIR's row, newest first, in its columns.
    let index = std::fs::read_to_string(root.join("docs/incidents/index.md")).unwrap();
    assert!(
        created
            .index_updated
            .contains(&root.join("docs/incidents/index.md")),
        "{created:?}"
    );
    let rows: Vec<&str> = index.lines().skip(4).collect();
    // The row's link text is written as the site's rows write it: identifier, space, title.
    assert_eq!(
        rows[0],
        "| 2026-10-02 | [INC-2051 Card auth timeouts again](INC-2051-card-auth-timeouts-again.md) | P2 |",
        "{index}"
    );
    let site = Site::open(&root).unwrap();
    assert_eq!(
        pir_core::site::sync::plan_sync(&site, &site.summaries().unwrap()).unwrap(),
        vec![],
        "nothing left to sync"
    );
}

#[test]
fn a_nav_that_stopped_listing_pirs_is_left_alone() {
    let (_tmp, root) = support::site_copy("inc-table");
    // The nav lists an old PIR; the five newest are only in the index page.
    let config = "site_name: Payments incidents\nnav:\n  - Home: index.md\n  - Incidents:\n      - incidents/index.md\n      - INC-2041 Card authorisation timeouts: incidents/INC-2041-card-auth-timeouts.md\n";
    std::fs::write(root.join("mkdocs.yml"), config).unwrap();
    for n in 0..5 {
        std::fs::write(
            root.join(format!("docs/incidents/INC-206{n}-later-{n}.md")),
            format!(
                "# INC-206{n}: Later {n}\n\n| **Date** | 2026-09-0{} |\n|---|---|\n| **Priority** | P3 |\n| **State** | Open |\n\n## What happened\n\nx\n",
                n + 1
            ),
        )
        .unwrap();
    }
    let index = root.join("docs/incidents/index.md");
    let mut page = std::fs::read_to_string(&index).unwrap();
    for n in 0..5 {
        page.push_str(&format!(
            "| 2026-09-0{} | [INC-206{n}: Later {n}](INC-206{n}-later-{n}.md) | P3 |\n",
            n + 1
        ));
    }
    std::fs::write(&index, page).unwrap();
    let site = Site::open(&root).unwrap();
    let problems = check_site(&site, &site.summaries().unwrap()).unwrap();
    assert_eq!(problems, vec![], "no PIR is reported missing from the nav");
    new_pir(&root, "Late settlement again", "P3");
    let site = Site::open(&root).unwrap();
    let changes = pir_core::site::sync::plan_sync(&site, &site.summaries().unwrap()).unwrap();
    assert!(
        changes.iter().all(|c| !c.path.ends_with("mkdocs.yml")),
        "sync leaves the nav alone too"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("mkdocs.yml")).unwrap(),
        config
    );
}

/// `pirs_folder` in `.pir.toml` moves where the site's PIRs are looked for (and written),
/// not only what `pir profile` says; a folder outside the docs is refused, naming the file
/// and the line.
#[test]
fn pir_toml_pirs_folder_says_where_the_pirs_are() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("mkdocs.yml", "site_name: Ops\n");
    write("docs/index.md", "# Ops\n");
    // Without an override the first folder of dated files is taken: the notes.
    write("docs/notes/2026-01-01-standup.md", "# Standup\n");
    write("docs/reviews/2026-01-02-disk-full.md", "# Disk full\n");
    write("docs/reviews/2026-02-03-dns.md", "# DNS\n");
    let names = |site: &Site| -> Vec<String> {
        site.pir_files()
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    let site = Site::open(root).unwrap();
    assert_eq!(site.incidents_rel, "notes");

    write(".pir.toml", "# ours\npirs_folder = \"reviews/\"\n");
    let site = Site::open(root).unwrap();
    assert_eq!(site.incidents_rel, "reviews");
    let mut got = names(&site);
    got.sort();
    assert_eq!(got, ["2026-01-02-disk-full.md", "2026-02-03-dns.md"]);
    let profile = SiteProfile::of(&site).unwrap();
    assert_eq!(profile.pirs_folder.value, "reviews");

    write(".pir.toml", "\npirs_folder = \"../outside\"\n");
    let err = Site::open(root).unwrap_err();
    assert_eq!(err.kind, pir_core::ErrorKind::UnsafePath);
    assert_eq!(err.path.as_deref(), Some(root.join(".pir.toml").as_path()));
    assert_eq!(err.line, Some(2));
}
