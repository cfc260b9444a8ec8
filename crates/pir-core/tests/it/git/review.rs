//! The commit panel's data: diffs against the last commit, the author, the commit review of
//! a site, and a push that needs credentials retried with typed ones over real smart HTTP.

use std::path::PathBuf;

use pir_core::diff::LineChange;
use pir_core::git::{
    PushOutcome, TypedCallbacks, TypedCredentials, author, commit_review, file_diffs, push,
};
use pir_core::site::Site;

use super::hermetic::{bare_repo, git, git_test, site_repo, write};
use super::push::commit_file;
use super::servers;

git_test! {
    fn file_diffs_cover_modified_new_and_deleted_files(env) {
        let dir = site_repo(env, "site");
        write(&dir, "docs/incidents/2024-01-01-first.md", "# Queue backlog\n\nA fictional review, updated.\n");
        write(&dir, "docs/incidents/2024-02-02-second.md", "# Second\n");
        std::fs::remove_file(dir.join("docs/index.md")).unwrap();
        let paths: Vec<PathBuf> = [
            "docs/incidents/2024-01-01-first.md",
            "docs/incidents/2024-02-02-second.md",
            "docs/index.md",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let diffs = file_diffs(&dir, &paths).unwrap();
        let lines = |i: usize, c: LineChange| -> Vec<String> {
            diffs[i].hunks.iter().flat_map(|h| &h.lines).filter(|l| l.change == c).map(|l| l.text.clone()).collect()
        };
        assert!(!diffs[0].new_file && !diffs[0].deleted);
        assert_eq!(lines(0, LineChange::Removed), ["A fictional review."]);
        assert_eq!(lines(0, LineChange::Added), ["A fictional review, updated."]);
        assert!(diffs[1].new_file);
        assert_eq!(lines(1, LineChange::Added), ["# Second"]);
        assert!(diffs[2].deleted);
        assert_eq!(lines(2, LineChange::Removed), ["# Reviews"]);
    }
}

git_test! {
    fn author_is_read_from_git_config_and_the_repository_wins(env) {
        let dir = site_repo(env, "site");
        let a = author(&dir).unwrap().expect("identity from the test's global config");
        assert_eq!((a.name.as_str(), a.email.as_str()), ("Test Author", "author@example.test"));
        git(&dir, &["config", "user.name", "Repo Person"]);
        assert_eq!(author(&dir).unwrap().unwrap().name, "Repo Person");
    }
}

git_test! {
    fn commit_review_of_the_sample_site_lists_the_new_pir_with_its_diff(env) {
        let dir = env.path("sample");
        pir_core::sample::write_sample_site(&dir).unwrap();
        git(&dir, &["init", "-q", "-b", "main"]);
        git(&dir, &["add", "-A"]);
        git(&dir, &["commit", "-q", "-m", "start"]);
        git(&dir, &["remote", "add", "origin", "git@github.com:acme/reviews.git"]);
        let site = Site::open(&dir).unwrap();
        let req = pir_core::site::new::NewPir {
            title: "Cache Stampede On Deploy".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            severity: "High".into(),
            tags: Vec::new(),
            template: None,
        };
        let created = pir_core::site::new::create_pir(&site, &req).unwrap();
        let review = commit_review(&Site::open(&dir).unwrap()).unwrap();
        assert_eq!(review.message, "PIR: Cache Stampede On Deploy");
        assert_eq!(review.suggested_branch.as_deref(), Some("pir/cache-stampede-deploy"));
        assert_eq!(review.remote_url.as_deref(), Some("git@github.com:acme/reviews.git"));
        assert_eq!(review.diffs.len(), review.changes.files.len());
        let pir_diff = review.diffs.iter().find(|d| created.path.ends_with(&d.path)).expect("the PIR diff");
        assert!(pir_diff.new_file);
        assert!(review.author.is_some());
    }
}

git_test! {
    fn a_push_that_needs_credentials_succeeds_when_retried_with_typed_ones(env) {
        let bare = bare_repo(env, "srv/site.git");
        let Some((server, port)) = servers::http_git(env, &env.path("srv"), "alice", "s3cret") else { return };
        let dir = site_repo(env, "site");
        git(&dir, &["remote", "add", "origin", &format!("http://127.0.0.1:{port}/git/site.git")]);
        let id = commit_file(&dir, "docs/a.md", "# A\n");
        let mut progress = Vec::new();
        let out = push(&dir, None, &mut TypedCallbacks::new(None, |p| progress.push(*p))).unwrap();
        assert!(matches!(out, PushOutcome::NeedsCredentials { .. }), "{out:?}");
        let wrong = TypedCredentials { username: Some("alice".into()), password: Some("nope".into()), passphrase: None };
        let out = push(&dir, None, &mut TypedCallbacks::new(Some(wrong), |_| {})).unwrap();
        assert!(matches!(out, PushOutcome::NeedsCredentials { .. }), "{out:?}");
        let right = TypedCredentials { username: Some("alice".into()), password: Some("s3cret".into()), passphrase: None };
        let out = push(&dir, None, &mut TypedCallbacks::new(Some(right), |p| progress.push(*p)))
            .unwrap_or_else(|e| panic!("{e}\n{}", server.log_text()));
        assert!(matches!(out, PushOutcome::Pushed { .. }), "{out:?}");
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
        assert!(progress.iter().any(|p| p.objects_total > 0 && p.objects_done == p.objects_total), "{progress:?}");
    }
}
