//! `pir_changes`: which changed files are the PIR's changes, on the sample site in a real
//! repository, among unrelated changes that must be left out.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use pir_core::git::{CommitOptions, PirFileRole, commit, pir_changes};
use pir_core::site::Site;
use pir_core::site::new::{NewPir, create_pir};

use super::hermetic::{Env, git, git_test, work_repo, write};

/// The sample site committed at `env.root/<name>/<sub>` (`sub` may be empty), with a runbook
/// page and a `hooks.py` beside it; returns (repository folder, site folder).
fn sample_repo(env: &Env, name: &str, sub: &str) -> (PathBuf, PathBuf) {
    let repo = work_repo(env, name);
    let site = repo.join(sub);
    pir_core::sample::write_sample_site(&site).expect("sample site");
    write(&site, "docs/runbooks/disk.md", "# Disk runbook\n\nSteps.\n");
    write(&site, "hooks.py", "def on_page(page):\n    return page\n");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "site: start"]);
    (repo, site)
}

/// Starts a PIR in `site` the way `pir new` does.
fn new_pir(site: &Path, title: &str, date: &str) -> PathBuf {
    let site = Site::open(site).expect("open site");
    let req = NewPir {
        title: title.to_string(),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        severity: "High".to_string(),
        tags: Vec::new(),
        template: None,
    };
    create_pir(&site, &req).expect("create pir").path
}

fn names(paths: impl IntoIterator<Item = PathBuf>) -> Vec<String> {
    paths
        .into_iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect()
}

git_test! {
    fn takes_the_new_pir_its_nav_and_list_entries_and_nothing_else(env) {
        let (repo, site) = sample_repo(env, "site", "");
        // Unrelated changes: a hook, a runbook page (staged), a scratch file.
        write(&site, "hooks.py", "def on_page(page):\n    return None\n");
        write(&site, "docs/runbooks/disk.md", "# Disk runbook\n\nMore steps.\n");
        git(&repo, &["add", "docs/runbooks/disk.md"]);
        write(&site, "scratch.txt", "notes\n");
        new_pir(&site, "Search Index Rebuild Stalled", "2026-08-01");

        let site_model = Site::open(&site).unwrap();
        let changes = pir_changes(&site_model).expect("pir changes");
        let roles: Vec<(String, PirFileRole)> = changes
            .files
            .iter()
            .map(|f| (f.path.to_string_lossy().into_owned(), f.role))
            .collect();
        assert_eq!(
            roles,
            [
                ("docs/incidents/2026-08-01-search-index-rebuild-stalled.md".to_string(), PirFileRole::Pir),
                ("docs/index.md".to_string(), PirFileRole::Index),
                ("mkdocs.yml".to_string(), PirFileRole::Nav),
            ]
        );
        assert_eq!(changes.files[0].title.as_deref(), Some("Search Index Rebuild Stalled"));
        assert_eq!(
            names(changes.left_out.clone()),
            ["docs/runbooks/disk.md", "hooks.py", "scratch.txt"]
        );
        assert_eq!(changes.default_message(), "PIR: Search Index Rebuild Stalled");

        // Committed, they leave every other change as it was.
        let status_before = git(&repo, &["status", "--porcelain=v1", "--untracked-files=all"]);
        commit(&site, &changes.paths(), &changes.default_message(), &CommitOptions::default())
            .expect("commit");
        assert_eq!(
            git(&repo, &["diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD"]),
            "docs/incidents/2026-08-01-search-index-rebuild-stalled.md\ndocs/index.md\nmkdocs.yml"
        );
        let status_after = git(&repo, &["status", "--porcelain=v1", "--untracked-files=all"]);
        let unrelated: Vec<&str> = status_before
            .lines()
            .filter(|l| l.contains("runbooks") || l.contains("hooks") || l.contains("scratch"))
            .collect();
        assert_eq!(status_after.lines().collect::<Vec<_>>(), unrelated);
        assert_eq!(unrelated, ["M  docs/runbooks/disk.md", " M hooks.py", "?? scratch.txt"]);
        // Nothing left to take.
        assert!(pir_changes(&site_model).unwrap().files.is_empty());
    }
}

git_test! {
    fn config_and_home_page_edits_outside_nav_and_list_are_left_out(env) {
        let (_, site) = sample_repo(env, "site", "");
        let config = fs::read_to_string(site.join("mkdocs.yml")).unwrap();
        fs::write(site.join("mkdocs.yml"), config.replace("primary: indigo", "primary: teal")).unwrap();
        let home = fs::read_to_string(site.join("docs/index.md")).unwrap();
        fs::write(site.join("docs/index.md"), home.replace("Reviews are blameless.", "Reviews are kind.")).unwrap();
        let changes = pir_changes(&Site::open(&site).unwrap()).unwrap();
        assert!(changes.files.is_empty(), "{:?}", changes.files);
        assert_eq!(names(changes.left_out), ["docs/index.md", "mkdocs.yml"]);

        // A nav change on top of the theme change: the file is taken (whole).
        new_pir(&site, "Cache Warmup Timeout", "2026-08-02");
        let changes = pir_changes(&Site::open(&site).unwrap()).unwrap();
        assert_eq!(
            names(changes.paths()),
            [
                "docs/incidents/2026-08-02-cache-warmup-timeout.md",
                "docs/index.md",
                "mkdocs.yml"
            ]
        );
    }
}

git_test! {
    fn several_pirs_a_deletion_and_a_site_inside_a_larger_repository(env) {
        let (repo, site) = sample_repo(env, "repo", "handbook/reviews");
        write(&repo, "README.md", "# Handbook\n\nEdited.\n");
        new_pir(&site, "Queue Lag", "2026-08-03");
        new_pir(&site, "Login Errors", "2026-08-04");
        fs::remove_file(site.join("docs/incidents/2026-05-02-internal-dns-resolver-outage.md")).unwrap();
        // A staged edit to an existing PIR counts too.
        let old = "docs/incidents/2026-03-14-payments-api-tls-certificate-expiry.md";
        let text = fs::read_to_string(site.join(old)).unwrap();
        fs::write(site.join(old), format!("{text}\nAn addendum.\n")).unwrap();
        git(&site, &["add", old]);

        let changes = pir_changes(&Site::open(&site).unwrap()).unwrap();
        // Paths are relative to the site folder, the repository's README is left out.
        assert_eq!(
            names(changes.paths()),
            [
                "docs/incidents/2026-03-14-payments-api-tls-certificate-expiry.md",
                "docs/incidents/2026-05-02-internal-dns-resolver-outage.md",
                "docs/incidents/2026-08-03-queue-lag.md",
                "docs/incidents/2026-08-04-login-errors.md",
                "docs/index.md",
                "mkdocs.yml",
            ]
        );
        assert_eq!(names(changes.left_out.clone()), ["README.md"]);
        let deleted: Vec<bool> = changes.files.iter().map(|f| f.deleted).collect();
        assert_eq!(deleted, [false, true, false, false, false, false]);
        assert_eq!(
            changes.default_message(),
            "PIR: 4 reviews (Payments API TLS Certificate Expiry, \
             2026-05-02-internal-dns-resolver-outage, Queue Lag and 1 more)"
        );
        commit(&site, &changes.paths(), "PIR: several", &CommitOptions::default()).expect("commit");
        assert_eq!(
            git(&repo, &["status", "--porcelain=v1", "--untracked-files=all"]),
            "?? README.md"
        );
        assert_eq!(
            git(&repo, &["diff-tree", "--no-commit-id", "--name-status", "-r", "HEAD"]).lines().count(),
            6
        );
    }
}

git_test! {
    fn an_image_pasted_into_a_pir_is_committed_with_it_and_other_images_are_not(env) {
        let (repo, site) = sample_repo(env, "site", "");
        let pir = new_pir(&site, "Disk Filled Overnight", "2026-08-05");
        let site_model = Site::open(&site).unwrap();
        let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let stored = pir_core::site::assets::store_image(&site_model, &pir, png, Some("disk graph.png"), None)
            .expect("store image");
        let text = fs::read_to_string(&pir).unwrap();
        fs::write(&pir, format!("{text}\n{}\n", stored.markdown)).unwrap();
        // An image no changed PIR shows stays out.
        fs::write(site.join("docs/assets/stray.png"), png).unwrap();

        let changes = pir_changes(&Site::open(&site).unwrap()).unwrap();
        let roles: Vec<(String, PirFileRole)> = changes
            .files
            .iter()
            .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.role))
            .collect();
        assert_eq!(
            roles,
            [
                ("docs/assets/2026-08-05-disk-filled-overnight/disk-graph.png".to_string(), PirFileRole::Asset),
                ("docs/incidents/2026-08-05-disk-filled-overnight.md".to_string(), PirFileRole::Pir),
                ("docs/index.md".to_string(), PirFileRole::Index),
                ("mkdocs.yml".to_string(), PirFileRole::Nav),
            ]
        );
        assert!(names(changes.left_out.clone()).contains(&"docs/assets/stray.png".to_string()));
        commit(&site, &changes.paths(), &changes.default_message(), &CommitOptions::default())
            .expect("commit");
        assert_eq!(
            git(&repo, &["diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD"]),
            "docs/assets/2026-08-05-disk-filled-overnight/disk-graph.png\n\
             docs/incidents/2026-08-05-disk-filled-overnight.md\ndocs/index.md\nmkdocs.yml"
        );
        assert_eq!(
            git(&repo, &["status", "--porcelain=v1", "--untracked-files=all"]),
            "?? docs/assets/stray.png"
        );
    }
}
