//! `push` and `pull` over local remotes (`file://` URLs and plain paths): outcomes,
//! rejections, hooks, upstreams.

use std::fs;
use std::path::{Path, PathBuf};

use pir_core::git::{
    CommitOptions, GitCallbacks, NoInteraction, PullOutcome, PushOutcome, TransferProgress, commit,
    pull, push,
};

use super::hermetic::{bare_repo, git, git_test, push_from_other_clone, site_repo, write};

/// Records progress and remote messages.
#[derive(Default)]
pub struct Recorder {
    pub progress: Vec<TransferProgress>,
    pub messages: Vec<String>,
    pub connecting: Vec<String>,
}

impl GitCallbacks for Recorder {
    fn connecting(&mut self, url: &str) {
        self.connecting.push(url.to_string());
    }
    fn progress(&mut self, p: &TransferProgress) {
        self.progress.push(*p);
    }
    fn remote_message(&mut self, line: &str) {
        self.messages.push(line.to_string());
    }
}

/// Writes `rel` in `dir` and commits just it through the library.
pub fn commit_file(dir: &Path, rel: &str, text: &str) -> String {
    write(dir, rel, text);
    commit(
        dir,
        &[PathBuf::from(rel)],
        &format!("pir: {rel}"),
        &CommitOptions::default(),
    )
    .expect("commit")
    .commit
}

/// A site repository whose `origin` is a new bare repository reached through `url_of(bare)`.
fn site_with_origin(
    env: &super::hermetic::Env,
    url_of: impl Fn(&Path) -> String,
) -> (PathBuf, PathBuf) {
    let bare = bare_repo(env, "srv/site.git");
    let dir = site_repo(env, "site");
    git(&dir, &["remote", "add", "origin", &url_of(&bare)]);
    (dir, bare)
}

git_test! {
    fn pushes_exactly_the_committed_files_over_file_url(env) {
        let (dir, bare) = site_with_origin(env, |b| format!("file://{}", b.display()));
        // Unrelated dirty state that must not travel.
        write(&dir, "notes.txt", "local edit\n");
        write(&dir, "scratch.tmp", "untracked\n");
        let id = commit_file(&dir, "docs/incidents/2024-02-02-second.md", "# Disk full\n");

        let mut rec = Recorder::default();
        let out = push(&dir, None, &mut rec).expect("push");
        assert_eq!(
            out,
            PushOutcome::Pushed {
                remote: "origin".into(),
                branch: "main".into(),
                remote_ref: "refs/heads/main".into(),
                commit: id.clone(),
                upstream_set: true,
            }
        );
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
        assert_eq!(
            git(&bare, &["ls-tree", "-r", "--name-only", "main"]),
            "docs/incidents/2024-01-01-first.md\ndocs/incidents/2024-02-02-second.md\ndocs/index.md\nmkdocs.yml\nnotes.txt"
        );
        assert_eq!(git(&bare, &["show", "main:notes.txt"]), "scratch notes");
        assert_eq!(git(&bare, &["log", "-1", "--format=%an <%ae>", "main"]), "Test Author <author@example.test>");
        // Upstream set as `git push -u` would.
        assert_eq!(git(&dir, &["rev-parse", "--abbrev-ref", "main@{upstream}"]), "origin/main");
        assert!(!rec.progress.is_empty(), "push reports progress");
        let last = rec.progress.last().unwrap();
        assert_eq!(last.objects_done, last.objects_total);

        assert_eq!(push(&dir, None, &mut NoInteraction).expect("second push"), PushOutcome::UpToDate);
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), " M notes.txt\n?? scratch.tmp");
    }
}

git_test! {
    fn pushes_to_a_plain_path_remote_and_an_explicit_remote(env) {
        let (dir, bare) = site_with_origin(env, |b| b.display().to_string());
        let id = commit_file(&dir, "docs/a.md", "# A\n");
        assert!(matches!(push(&dir, None, &mut NoInteraction).unwrap(), PushOutcome::Pushed { .. }));
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);

        // A second remote named explicitly: pushed there, the upstream stays on origin.
        let mirror = bare_repo(env, "srv/mirror.git");
        git(&dir, &["remote", "add", "mirror", mirror.to_str().unwrap()]);
        let out = push(&dir, Some("mirror"), &mut NoInteraction).unwrap();
        assert!(matches!(out, PushOutcome::Pushed { upstream_set: false, .. }), "{out:?}");
        assert_eq!(git(&mirror, &["rev-parse", "main"]), id);
        assert_eq!(git(&dir, &["rev-parse", "--abbrev-ref", "main@{upstream}"]), "origin/main");
    }
}

git_test! {
    fn no_remote_and_detached_head_are_clear_errors(env) {
        let dir = site_repo(env, "site");
        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        assert!(err.message.contains("no remote named `origin`"), "{err}");
        let err = push(&dir, Some("upstream"), &mut NoInteraction).unwrap_err();
        assert!(err.message.contains("`upstream`"), "{err}");
        let err = pull(&dir, &mut NoInteraction).unwrap_err();
        assert!(err.message.contains("no upstream"), "{err}");
        git(&dir, &["checkout", "-q", "--detach"]);
        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        assert!(err.message.contains("detached"), "{err}");
    }
}

git_test! {
    fn rejected_when_the_remote_moved_on_then_pull_rebases_and_push_works(env) {
        let (dir, bare) = site_with_origin(env, |b| format!("file://{}", b.display()));
        assert!(matches!(push(&dir, None, &mut NoInteraction).unwrap(), PushOutcome::Pushed { .. }));
        // Someone else pushes first.
        let theirs = push_from_other_clone(env, &bare, "docs/incidents/theirs.md", "# Theirs\n");

        let ours = commit_file(&dir, "docs/incidents/ours.md", "# Ours\n");
        write(&dir, "notes.txt", "uncommitted edit\n");
        let PushOutcome::Rejected { reason } = push(&dir, None, &mut NoInteraction).unwrap() else {
            panic!("expected a rejection");
        };
        assert!(reason.contains("pull"), "{reason}");
        assert_eq!(git(&bare, &["rev-parse", "main"]), theirs);

        let PullOutcome::Rebased { onto, commits, head } = pull(&dir, &mut NoInteraction).unwrap() else {
            panic!("expected a rebase");
        };
        assert_eq!((onto.as_str(), commits), (theirs.as_str(), 1));
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
        assert_eq!(git(&dir, &["rev-parse", "HEAD~1"]), theirs);
        assert_ne!(head, ours);
        assert_eq!(git(&dir, &["log", "-1", "--format=%s"]), "pir: docs/incidents/ours.md");
        // Both files are in the working tree, and the uncommitted edit survived.
        assert!(dir.join("docs/incidents/theirs.md").is_file());
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), " M notes.txt");

        assert!(matches!(push(&dir, None, &mut NoInteraction).unwrap(), PushOutcome::Pushed { .. }));
        assert_eq!(git(&bare, &["rev-parse", "main"]), head);
    }
}

git_test! {
    fn pull_fast_forwards_and_reports_up_to_date(env) {
        let (dir, bare) = site_with_origin(env, |b| format!("file://{}", b.display()));
        push(&dir, None, &mut NoInteraction).unwrap();
        assert_eq!(pull(&dir, &mut NoInteraction).unwrap(), PullOutcome::UpToDate);
        let from = git(&dir, &["rev-parse", "HEAD"]);
        let to = push_from_other_clone(env, &bare, "docs/new.md", "# New\n");
        assert_eq!(pull(&dir, &mut NoInteraction).unwrap(), PullOutcome::FastForwarded { from, to: to.clone() });
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), to);
        assert_eq!(fs::read_to_string(dir.join("docs/new.md")).unwrap(), "# New\n");
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), "");
    }
}

git_test! {
    fn pull_that_conflicts_changes_nothing(env) {
        let (dir, bare) = site_with_origin(env, |b| format!("file://{}", b.display()));
        push(&dir, None, &mut NoInteraction).unwrap();
        push_from_other_clone(env, &bare, "docs/index.md", "# Theirs\n");
        let ours = commit_file(&dir, "docs/index.md", "# Ours\n");
        write(&dir, "notes.txt", "uncommitted\n");

        let out = pull(&dir, &mut NoInteraction).unwrap();
        let PullOutcome::Conflict { reason, files } = out else {
            panic!("expected a conflict, got {out:?}");
        };
        assert!(reason.contains("nothing was changed"), "{reason}");
        assert_eq!(files, vec!["docs/index.md"]);
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), ours);
        assert_eq!(fs::read_to_string(dir.join("docs/index.md")).unwrap(), "# Ours\n");
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), " M notes.txt");
        assert!(!dir.join(".git/rebase-merge").exists() && !dir.join(".git/rebase-apply").exists());
    }
}

git_test! {
    fn pull_keeps_an_uncommitted_change_the_upstream_would_overwrite(env) {
        let (dir, bare) = site_with_origin(env, |b| format!("file://{}", b.display()));
        push(&dir, None, &mut NoInteraction).unwrap();
        push_from_other_clone(env, &bare, "notes.txt", "theirs\n");
        let head = git(&dir, &["rev-parse", "HEAD"]);
        write(&dir, "notes.txt", "my unsaved work\n");
        let out = pull(&dir, &mut NoInteraction).unwrap();
        assert!(matches!(out, PullOutcome::Conflict { .. }), "{out:?}");
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "my unsaved work\n");
    }
}

git_test! {
    fn pull_will_not_replay_commits_that_would_need_signing(env) {
        let (dir, bare) = site_with_origin(env, |b| format!("file://{}", b.display()));
        push(&dir, None, &mut NoInteraction).unwrap();
        push_from_other_clone(env, &bare, "docs/theirs.md", "# Theirs\n");
        let ours = commit_file(&dir, "docs/ours.md", "# Ours\n");
        git(&dir, &["config", "commit.gpgsign", "true"]);
        let err = pull(&dir, &mut NoInteraction).unwrap_err();
        assert!(err.message.contains("commit.gpgsign"), "{err}");
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), ours);
        assert!(!dir.join("docs/theirs.md").exists());
    }
}

git_test! {
    fn says_which_url_it_connects_to_pushurl_first(env) {
        let (dir, bare) = site_with_origin(env, |b| format!("file://{}", b.display()));
        // Nothing listens there: the error shows the push went for the push URL.
        let push_url = "http://127.0.0.1:9/push-here.git";
        git(&dir, &["config", "remote.origin.pushurl", push_url]);
        commit_file(&dir, "docs/a.md", "# A\n");
        let mut rec = Recorder::default();
        let err = push(&dir, None, &mut rec).unwrap_err();
        assert!(err.message.contains(push_url), "{err}");
        assert_eq!(rec.connecting, [push_url]);

        // Pull fetches from the fetch URL.
        git(&dir, &["config", "branch.main.remote", "origin"]);
        git(&dir, &["config", "branch.main.merge", "refs/heads/main"]);
        git(&bare, &["fetch", "-q", dir.to_str().unwrap(), "main:main"]);
        let mut rec = Recorder::default();
        pull(&dir, &mut rec).expect("pull");
        assert_eq!(rec.connecting, [format!("file://{}", bare.display())]);
    }
}

/// Makes `script` the executable hook `name` in the folder `hooks`.
fn hook(hooks: &Path, name: &str, script: &str) {
    fs::create_dir_all(hooks).unwrap();
    let path = hooks.join(name);
    fs::write(&path, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

git_test! {
    fn a_local_remote_whose_pre_receive_hook_declines_is_rejected(env) {
        let (dir, bare) = site_with_origin(env, |b| format!("file://{}", b.display()));
        let first = git(&dir, &["rev-parse", "HEAD"]);
        git(&bare, &["fetch", "-q", dir.to_str().unwrap(), "main:main"]);
        hook(&bare.join("hooks"), "pre-receive", "#!/bin/sh\necho 'reviews must be approved first' >&2\nexit 1\n");
        commit_file(&dir, "docs/a.md", "# A\n");

        let mut rec = Recorder::default();
        let out = push(&dir, None, &mut rec).unwrap();
        let PushOutcome::Rejected { reason } = out else {
            panic!("expected a rejection, got {out:?}");
        };
        assert!(reason.contains("refs/heads/main: pre-receive hook declined"), "{reason}");
        assert!(reason.contains("reviews must be approved first"), "{reason}");
        assert_eq!(rec.messages, ["reviews must be approved first"]);
        assert_eq!(git(&bare, &["rev-parse", "main"]), first, "the remote did not move");

        // The same remote as a plain path.
        git(&dir, &["remote", "set-url", "origin", bare.to_str().unwrap()]);
        let out = push(&dir, None, &mut NoInteraction).unwrap();
        assert!(matches!(out, PushOutcome::Rejected { .. }), "{out:?}");
        assert_eq!(git(&bare, &["rev-parse", "main"]), first);

        // A hook that lets it through: pushed, through git, with the upstream set.
        hook(&bare.join("hooks"), "pre-receive", "#!/bin/sh\nexit 0\n");
        let id = git(&dir, &["rev-parse", "HEAD"]);
        let out = push(&dir, None, &mut NoInteraction).unwrap();
        assert!(matches!(out, PushOutcome::Pushed { upstream_set: true, .. }), "{out:?}");
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
        assert_eq!(git(&dir, &["rev-parse", "--abbrev-ref", "main@{upstream}"]), "origin/main");
        assert_eq!(push(&dir, None, &mut NoInteraction).unwrap(), PushOutcome::UpToDate);

        // No hook at all: libgit2 pushes directly, as before.
        fs::remove_file(bare.join("hooks/pre-receive")).unwrap();
        let id = commit_file(&dir, "docs/b.md", "# B\n");
        let out = push(&dir, None, &mut NoInteraction).unwrap();
        assert!(matches!(out, PushOutcome::Pushed { upstream_set: false, .. }), "{out:?}");
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
    }
}

git_test! {
    fn a_local_remote_update_hook_in_core_hooks_path_is_honoured(env) {
        let (dir, bare) = site_with_origin(env, |b| b.display().to_string());
        // Relative to the bare repository, as git reads it there.
        git(&bare, &["config", "core.hooksPath", "server-hooks"]);
        hook(&bare.join("server-hooks"), "update", "#!/bin/sh\necho \"no updates to $1\"\nexit 1\n");
        commit_file(&dir, "docs/a.md", "# A\n");
        let out = push(&dir, None, &mut NoInteraction).unwrap();
        let PushOutcome::Rejected { reason } = out else {
            panic!("expected a rejection, got {out:?}");
        };
        assert!(reason.contains("refs/heads/main: hook declined"), "{reason}");
        assert!(reason.contains("no updates to refs/heads/main"), "{reason}");
        assert!(!super::hermetic::git_ok(&bare, &["rev-parse", "--verify", "main"]));
    }
}

git_test! {
    fn a_path_remote_that_does_not_exist_is_named(env) {
        let dir = site_repo(env, "site");
        let missing = env.path("srv/moved-away.git");
        git(&dir, &["remote", "add", "origin", missing.to_str().unwrap()]);
        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        let expected = format!("remote `origin` points at {}, which does not exist", missing.display());
        assert!(err.message.starts_with(&expected), "{err}");

        git(&dir, &["remote", "set-url", "origin", &format!("file://{}", missing.display())]);
        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        assert!(err.message.starts_with(&expected), "{err}");

        git(&dir, &["config", "branch.main.remote", "origin"]);
        git(&dir, &["config", "branch.main.merge", "refs/heads/main"]);
        let err = pull(&dir, &mut NoInteraction).unwrap_err();
        assert!(err.message.starts_with(&expected), "{err}");
    }
}

git_test! {
    #[cfg(unix)]
    fn a_local_remote_with_hooks_is_refused_without_git(env) env [("PATH", "{root}/bin")] {
        // git is reachable only through `{root}/bin/git` while the repositories are made.
        let Some(real_git) = ["/usr/bin/git", "/usr/local/bin/git"].iter().map(Path::new).find(|p| p.is_file()) else {
            eprintln!("skipped: git is not at a known absolute path");
            return;
        };
        let bin = env.path("bin");
        fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(real_git, bin.join("git")).unwrap();
        let (dir, bare) = site_with_origin(env, |b| format!("file://{}", b.display()));
        hook(&bare.join("hooks"), "pre-receive", "#!/bin/sh\nexit 1\n");
        commit_file(&dir, "docs/a.md", "# A\n");
        fs::remove_file(bin.join("git")).unwrap();

        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        assert!(err.message.contains("pre-receive hook"), "{err}");
        assert!(err.message.contains("git is not installed: nothing was pushed"), "{err}");
        std::os::unix::fs::symlink(real_git, bin.join("git")).unwrap();
        assert!(!super::hermetic::git_ok(&bare, &["rev-parse", "--verify", "main"]));
    }
}
