//! `status`: branch, upstream, ahead/behind, changed files, operations in progress.

use std::path::PathBuf;

use pir_core::git::{
    FileChange, FileStatus, HeadState, NoInteraction, RepoOperation, push, status,
};

use super::hermetic::{bare_repo, git, git_test, site_repo, work_repo, write};
use super::push::commit_file;

git_test! {
    fn reports_branch_upstream_and_changed_files(env) {
        let bare = bare_repo(env, "srv/site.git");
        let dir = site_repo(env, "site");
        git(&dir, &["remote", "add", "origin", bare.to_str().unwrap()]);
        let st = status(&dir).unwrap();
        assert_eq!(st.upstream, None);
        assert!(st.files.is_empty());
        push(&dir, None, &mut NoInteraction).unwrap();
        commit_file(&dir, "docs/a.md", "# A\n");
        commit_file(&dir, "docs/b.md", "# B\n");
        write(&dir, "notes.txt", "edited\n");
        write(&dir, "docs/index.md", "# Staged\n");
        git(&dir, &["add", "docs/index.md"]);
        write(&dir, "docs/index.md", "# Staged then edited\n");
        write(&dir, "new/untracked.md", "x\n");
        std::fs::remove_file(dir.join("mkdocs.yml")).unwrap();

        let st = status(&dir).unwrap();
        let head = git(&dir, &["rev-parse", "HEAD"]);
        assert_eq!(st.head, HeadState::Branch { name: "main".into(), commit: head });
        assert_eq!(st.upstream.as_deref(), Some("origin/main"));
        assert_eq!((st.ahead, st.behind), (2, 0));
        assert_eq!(st.operation, None);
        let f = |p: &str, staged, unstaged| FileStatus { path: PathBuf::from(p), staged, unstaged, conflicted: false };
        assert_eq!(
            st.files,
            vec![
                f("docs/index.md", Some(FileChange::Modified), Some(FileChange::Modified)),
                f("mkdocs.yml", None, Some(FileChange::Deleted)),
                f("new/untracked.md", None, Some(FileChange::New)),
                f("notes.txt", None, Some(FileChange::Modified)),
            ]
        );
        let json = serde_json::to_value(&st).unwrap();
        assert_eq!(json["head"]["kind"], "branch");
    }
}

git_test! {
    fn reports_unborn_detached_and_merge_in_progress(env) {
        let fresh = work_repo(env, "fresh");
        assert_eq!(status(&fresh).unwrap().head, HeadState::Unborn { name: "main".into() });

        let dir = site_repo(env, "site");
        git(&dir, &["checkout", "-q", "--detach"]);
        let head = git(&dir, &["rev-parse", "HEAD"]);
        assert_eq!(status(&dir).unwrap().head, HeadState::Detached { commit: head });
        git(&dir, &["checkout", "-q", "main"]);

        super::hermetic::start_conflicting_merge(&dir);
        let st = status(&dir).unwrap();
        assert_eq!(st.operation, Some(RepoOperation::Merge));
        assert!(st.files.iter().any(|f| f.path == std::path::Path::new("notes.txt") && f.conflicted), "{:?}", st.files);

        let err = status(&env.path("nowhere")).unwrap_err();
        assert_eq!(err.kind, pir_core::ErrorKind::NotFound);
        std::fs::create_dir_all(env.path("plain")).unwrap();
        let err = status(&env.path("plain")).unwrap_err();
        assert!(err.message.contains("not inside a git repository"), "{err}");
    }
}

git_test! {
    fn a_same_named_remote_branch_is_reported_when_nothing_is_tracked(env) {
        // `git init`, `remote add`, `fetch`: the case `clone` never leaves, where
        // `origin/main` exists but `main` tracks nothing.
        let bare = bare_repo(env, "srv/site.git");
        let dir = site_repo(env, "site");
        git(&dir, &["remote", "add", "origin", bare.to_str().unwrap()]);
        git(&dir, &["push", "-q", "origin", "main"]);
        git(&dir, &["fetch", "-q", "origin"]);
        commit_file(&dir, "docs/a.md", "# A\n");
        let st = status(&dir).unwrap();
        assert_eq!(st.upstream, None);
        assert_eq!(st.untracked_remote.as_deref(), Some("origin/main"));
        assert_eq!((st.ahead, st.behind), (1, 0));

        // Tracking it moves it to `upstream`.
        git(&dir, &["branch", "-q", "--set-upstream-to=origin/main"]);
        let st = status(&dir).unwrap();
        assert_eq!((st.upstream.as_deref(), st.untracked_remote), (Some("origin/main"), None));
    }
}

git_test! {
    fn the_review_link_asks_to_merge_into_the_remotes_default_branch(env) {
        let dir = site_repo(env, "site");
        assert_eq!(pir_core::git::review_link_for(&dir, None, "pir/x").unwrap(), None, "no origin");
        git(&dir, &["remote", "add", "origin", "git@codeberg.org:acme/docs.git"]);
        let link = pir_core::git::review_link_for(&dir, None, "pir/x").unwrap().unwrap();
        assert_eq!(link.url, "https://codeberg.org/acme/docs/compare/main...pir/x");
        let head = git(&dir, &["rev-parse", "HEAD"]);
        git(&dir, &["update-ref", "refs/remotes/origin/trunk", &head]);
        git(&dir, &["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk"]);
        let link = pir_core::git::review_link_for(&dir, None, "pir/x").unwrap().unwrap();
        assert_eq!(link.url, "https://codeberg.org/acme/docs/compare/trunk...pir/x");
    }
}
