//! `commit`: exactly the given paths, everything else left as it was.

use std::fs;
use std::path::PathBuf;

use pir_core::ErrorKind;
use pir_core::git::{CommitOptions, commit};

use super::hermetic::{git, git_test, site_repo, work_repo, write};

/// The index and working-tree state of everything but `except`, as git reports it.
fn others_state(dir: &std::path::Path, except: &[&str]) -> (String, String, String) {
    let status = git(dir, &["status", "--porcelain=v1", "--untracked-files=all"])
        .lines()
        .filter(|l| !except.iter().any(|e| l.ends_with(e)))
        .collect::<Vec<_>>()
        .join("\n");
    let excludes: Vec<String> = except.iter().map(|e| format!(":(exclude){e}")).collect();
    let diff = |cached: bool| {
        let mut args = vec!["diff"];
        if cached {
            args.push("--cached");
        }
        args.extend(["--", "."]);
        args.extend(excludes.iter().map(String::as_str));
        git(dir, &args)
    };
    (status, diff(true), diff(false))
}

git_test! {
    fn commits_only_the_given_paths_and_leaves_the_rest(env) {
        let dir = site_repo(env, "site");
        // Unrelated dirty state: a modified tracked file, a staged change, an untracked file.
        write(&dir, "notes.txt", "scratch notes, edited\n");
        write(&dir, "docs/index.md", "# Reviews (staged edit)\n");
        git(&dir, &["add", "docs/index.md"]);
        write(&dir, "scratch.tmp", "untracked\n");
        // The PIR's changes: a new file, a modified one.
        write(&dir, "docs/incidents/2024-02-02-second.md", "# Disk full\n");
        write(&dir, "docs/incidents/2024-01-01-first.md", "# Queue backlog\n\nEdited.\n");
        let pir_files = ["docs/incidents/2024-02-02-second.md", "docs/incidents/2024-01-01-first.md"];
        let before = others_state(&dir, &pir_files);

        let paths: Vec<PathBuf> = pir_files.iter().map(PathBuf::from).collect();
        let out = commit(&dir, &paths, "pir: add disk full review", &CommitOptions::default())
            .expect("commit");

        assert_eq!(out.branch, "main");
        assert!(!out.initial && !out.signed && !out.created_branch);
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), out.commit);
        // The commit changed exactly the two files.
        let changed = git(&dir, &["diff-tree", "--no-commit-id", "--name-status", "-r", "HEAD"]);
        assert_eq!(
            changed,
            "M\tdocs/incidents/2024-01-01-first.md\nA\tdocs/incidents/2024-02-02-second.md"
        );
        // Their content is what was on disk.
        assert_eq!(
            git(&dir, &["show", "HEAD:docs/incidents/2024-02-02-second.md"]),
            "# Disk full"
        );
        // Everything else, index included, is exactly as it was; the committed files are clean.
        assert_eq!(others_state(&dir, &pir_files), before);
        let status = git(&dir, &["status", "--porcelain=v1", "--untracked-files=all"]);
        assert!(!status.contains("incidents"), "committed files still show: {status}");
        assert!(status.contains("M  docs/index.md"), "{status}");
        assert!(status.contains(" M notes.txt"), "{status}");
        assert!(status.contains("?? scratch.tmp"), "{status}");
        // Author and committer from the (temporary) global git config.
        assert_eq!(
            git(&dir, &["log", "-1", "--format=%an <%ae>|%cn <%ce>|%s"]),
            "Test Author <author@example.test>|Test Author <author@example.test>|pir: add disk full review"
        );
    }
}

git_test! {
    fn commits_a_deletion_and_files_given_from_a_subfolder(env) {
        let dir = site_repo(env, "site");
        fs::remove_file(dir.join("docs/incidents/2024-01-01-first.md")).unwrap();
        write(&dir, "docs/incidents/2024-03-03-third.md", "# Third\n");
        // Paths relative to repo_dir, which is the docs folder here.
        let out = commit(
            &dir.join("docs"),
            &[PathBuf::from("incidents/2024-01-01-first.md"), PathBuf::from("incidents/2024-03-03-third.md")],
            "pir: replace first with third",
            &CommitOptions::default(),
        )
        .expect("commit");
        assert_eq!(
            out.files,
            vec!["docs/incidents/2024-01-01-first.md", "docs/incidents/2024-03-03-third.md"]
        );
        assert_eq!(
            git(&dir, &["diff-tree", "--no-commit-id", "--name-status", "-r", "HEAD"]),
            "D\tdocs/incidents/2024-01-01-first.md\nA\tdocs/incidents/2024-03-03-third.md"
        );
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), "");
    }
}

git_test! {
    fn refuses_paths_outside_the_repository_and_unknown_files(env) {
        let dir = site_repo(env, "site");
        let head = git(&dir, &["rev-parse", "HEAD"]);
        let err = commit(&dir, &[PathBuf::from("../elsewhere.md")], "x", &CommitOptions::default())
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsafePath);
        let err = commit(&dir, &[PathBuf::from(".git/config")], "x", &CommitOptions::default())
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsafePath);
        let err = commit(&dir, &[PathBuf::from("docs/nope.md")], "x", &CommitOptions::default())
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);
        let err = commit(&dir, &[PathBuf::from("docs/index.md")], "x", &CommitOptions::default())
            .unwrap_err();
        assert!(err.message.contains("nothing to commit"), "{err}");
        let err = commit(&dir, &[PathBuf::from("docs/index.md")], "  \n", &CommitOptions::default())
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
    }
}

git_test! {
    fn first_commit_on_an_unborn_branch(env) {
        let dir = work_repo(env, "fresh");
        write(&dir, "mkdocs.yml", "site_name: Fresh\n");
        write(&dir, "other.txt", "not committed\n");
        let out = commit(&dir, &[PathBuf::from("mkdocs.yml")], "site: start", &CommitOptions::default())
            .expect("first commit");
        assert!(out.initial);
        assert_eq!(out.branch, "main");
        assert_eq!(git(&dir, &["ls-tree", "--name-only", "-r", "HEAD"]), "mkdocs.yml");
        assert_eq!(git(&dir, &["rev-list", "--count", "HEAD"]), "1");
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), "?? other.txt");
    }
}

git_test! {
    fn detached_head_is_refused_unless_committing_to_a_new_branch(env) {
        let dir = site_repo(env, "site");
        let head = git(&dir, &["rev-parse", "HEAD"]);
        git(&dir, &["checkout", "-q", "--detach"]);
        write(&dir, "docs/incidents/new.md", "# New\n");
        let paths = [PathBuf::from("docs/incidents/new.md")];
        let err = commit(&dir, &paths, "pir: new", &CommitOptions::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Git);
        assert!(err.message.contains("detached"), "{err}");
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), "?? docs/incidents/new.md");

        let opts = CommitOptions { branch: Some("pir/new".into()) };
        let out = commit(&dir, &paths, "pir: new", &opts).expect("commit to a new branch");
        assert!(out.created_branch);
        assert_eq!(git(&dir, &["symbolic-ref", "--short", "HEAD"]), "pir/new");
        assert_eq!(git(&dir, &["rev-parse", "HEAD~1"]), head);
    }
}

git_test! {
    fn branch_option_switches_carrying_changes_over(env) {
        let dir = site_repo(env, "site");
        let main = git(&dir, &["rev-parse", "main"]);
        write(&dir, "notes.txt", "still dirty\n");
        write(&dir, "docs/incidents/2024-04-04-fourth.md", "# Fourth\n");
        let opts = CommitOptions { branch: Some("pir/fourth".into()) };
        let out = commit(&dir, &[PathBuf::from("docs/incidents/2024-04-04-fourth.md")], "pir: fourth", &opts)
            .expect("commit on a new branch");
        assert_eq!(out.branch, "pir/fourth");
        assert!(out.created_branch);
        assert_eq!(git(&dir, &["symbolic-ref", "--short", "HEAD"]), "pir/fourth");
        assert_eq!(git(&dir, &["rev-parse", "main"]), main, "main must not move");
        assert_eq!(git(&dir, &["rev-parse", "HEAD~1"]), main);
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), " M notes.txt");

        // An existing branch is refused, and nothing moves.
        write(&dir, "docs/incidents/2024-05-05-fifth.md", "# Fifth\n");
        let err = commit(&dir, &[PathBuf::from("docs/incidents/2024-05-05-fifth.md")], "pir: fifth", &opts)
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::AlreadyExists);
        let err = commit(
            &dir,
            &[PathBuf::from("docs/incidents/2024-05-05-fifth.md")],
            "pir: fifth",
            &CommitOptions { branch: Some("bad..name".into()) },
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), out.commit);
    }
}

git_test! {
    fn a_failed_commit_on_a_new_branch_switches_back(env) {
        let dir = site_repo(env, "site");
        git(&dir, &["config", "commit.gpgsign", "true"]);
        git(&dir, &["config", "gpg.program", "false"]);
        write(&dir, "docs/incidents/x.md", "# X\n");
        let opts = CommitOptions { branch: Some("pir/x".into()) };
        let err = commit(&dir, &[PathBuf::from("docs/incidents/x.md")], "pir: x", &opts).unwrap_err();
        assert!(err.message.contains("signing"), "{err}");
        assert_eq!(git(&dir, &["symbolic-ref", "--short", "HEAD"]), "main");
        assert_eq!(git(&dir, &["branch", "--list", "pir/x"]), "");
    }
}

git_test! {
    fn merge_in_progress_is_refused(env) {
        let dir = site_repo(env, "site");
        super::hermetic::start_conflicting_merge(&dir);
        let head = git(&dir, &["rev-parse", "HEAD"]);
        write(&dir, "docs/incidents/y.md", "# Y\n");
        let err = commit(&dir, &[PathBuf::from("docs/incidents/y.md")], "pir: y", &CommitOptions::default())
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitConflict);
        assert!(err.message.contains("merge is in progress"), "{err}");
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
        assert!(dir.join(".git/MERGE_HEAD").exists(), "the merge state is kept");
    }
}

git_test! {
    fn conflict_markers_are_refused_with_their_line(env) {
        let dir = site_repo(env, "site");
        write(
            &dir,
            "docs/incidents/2024-01-01-first.md",
            "# Queue backlog\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> other\n",
        );
        let err = commit(
            &dir,
            &[PathBuf::from("docs/incidents/2024-01-01-first.md")],
            "pir: edit",
            &CommitOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict);
        assert_eq!(err.line, Some(2));
        assert!(err.to_string().contains("2024-01-01-first.md:2:"), "{err}");
        assert_eq!(git(&dir, &["rev-list", "--count", "HEAD"]), "1");
    }
}

git_test! {
    fn no_identity_is_a_clear_error(env) {
        fs::write(env.home.join(".gitconfig"), "[init]\n\tdefaultBranch = main\n").unwrap();
        let dir = work_repo(env, "site");
        write(&dir, "a.md", "# A\n");
        let err = commit(&dir, &[PathBuf::from("a.md")], "pir: a", &CommitOptions::default())
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Git);
        assert!(err.message.contains("no git identity"), "{err}");
        assert!(!super::hermetic::git_ok(&dir, &["rev-parse", "HEAD"]), "nothing committed");
        // The index was not touched either: the file is still untracked.
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), "?? a.md");
    }
}

git_test! {
    fn identity_from_environment_variables(env) env [
        ("GIT_AUTHOR_NAME", "Env Author"),
        ("GIT_AUTHOR_EMAIL", "env-author@example.test"),
        ("GIT_COMMITTER_NAME", "Env Committer"),
        ("GIT_COMMITTER_EMAIL", "env-committer@example.test"),
    ] {
        let dir = site_repo(env, "site");
        write(&dir, "docs/a.md", "# A\n");
        commit(&dir, &[PathBuf::from("docs/a.md")], "pir: a", &CommitOptions::default()).expect("commit");
        assert_eq!(
            git(&dir, &["log", "-1", "--format=%an <%ae>|%cn <%ce>"]),
            "Env Author <env-author@example.test>|Env Committer <env-committer@example.test>"
        );
    }
}

git_test! {
    fn repository_config_identity_wins_over_global(env) {
        let dir = site_repo(env, "site");
        git(&dir, &["config", "user.name", "Repo Person"]);
        git(&dir, &["config", "user.email", "repo@example.test"]);
        write(&dir, "docs/a.md", "# A\n");
        commit(&dir, &[PathBuf::from("docs/a.md")], "pir: a", &CommitOptions::default()).expect("commit");
        assert_eq!(git(&dir, &["log", "-1", "--format=%an <%ae>"]), "Repo Person <repo@example.test>");
    }
}

git_test! {
    fn gpgsign_with_an_ssh_key_signs_as_git_would(env) {
        let dir = site_repo(env, "site");
        let key = env.path("signing_key");
        super::servers::ssh_keygen(&key, "");
        let public = fs::read_to_string(env.path("signing_key.pub")).unwrap();
        let allowed = env.path("allowed_signers");
        fs::write(&allowed, format!("author@example.test {public}")).unwrap();
        git(&dir, &["config", "commit.gpgsign", "true"]);
        git(&dir, &["config", "gpg.format", "ssh"]);
        git(&dir, &["config", "user.signingkey", key.to_str().unwrap()]);
        git(&dir, &["config", "gpg.ssh.allowedSignersFile", allowed.to_str().unwrap()]);
        write(&dir, "docs/a.md", "# A\n");
        let out = commit(&dir, &[PathBuf::from("docs/a.md")], "pir: signed", &CommitOptions::default())
            .expect("signed commit");
        assert!(out.signed);
        // git itself verifies the signature.
        git(&dir, &["verify-commit", "HEAD"]);
        assert_eq!(git(&dir, &["log", "-1", "--format=%G?"]), "G");
    }
}

git_test! {
    fn gpgsign_failures_never_commit_unsigned(env) {
        let dir = site_repo(env, "site");
        write(&dir, "docs/a.md", "# A\n");
        let paths = [PathBuf::from("docs/a.md")];
        git(&dir, &["config", "commit.gpgsign", "true"]);
        // OpenPGP with no key in the (empty, temporary) keyring.
        fs::create_dir_all(env.path("gnupg")).unwrap();
        let err = commit(&dir, &paths, "pir: a", &CommitOptions::default()).unwrap_err();
        assert!(err.message.contains("signing"), "{err}");
        // A format this crate does not sign with.
        git(&dir, &["config", "gpg.format", "x509"]);
        let err = commit(&dir, &paths, "pir: a", &CommitOptions::default()).unwrap_err();
        assert!(err.message.contains("x509"), "{err}");
        // SSH without a key configured.
        git(&dir, &["config", "gpg.format", "ssh"]);
        let err = commit(&dir, &paths, "pir: a", &CommitOptions::default()).unwrap_err();
        assert!(err.message.contains("user.signingkey"), "{err}");
        assert_eq!(git(&dir, &["rev-list", "--count", "HEAD"]), "1");
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), "?? docs/a.md");
    }
}

git_test! {
    fn records_content_as_git_add_would(env) {
        let dir = site_repo(env, "site");
        // Line endings converted as configured, the execute bit kept, a symlink as a link.
        git(&dir, &["config", "core.autocrlf", "input"]);
        write(&dir, "docs/crlf.md", "# Title\r\n\r\nBody\r\n");
        write(&dir, "tools/build.sh", "#!/bin/sh\necho build\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir.join("tools/build.sh"), fs::Permissions::from_mode(0o755)).unwrap();
            std::os::unix::fs::symlink("index.md", dir.join("docs/home.md")).unwrap();
        }
        // A PIR staged at an older version, then edited again: the working tree wins.
        write(&dir, "docs/incidents/2024-01-01-first.md", "# Queue backlog\n\nStaged.\n");
        git(&dir, &["add", "docs/incidents/2024-01-01-first.md"]);
        write(&dir, "docs/incidents/2024-01-01-first.md", "# Queue backlog\n\nFinal.\n");
        let paths: Vec<PathBuf> = ["docs/crlf.md", "tools/build.sh", "docs/home.md", "docs/incidents/2024-01-01-first.md"]
            .iter()
            .map(PathBuf::from)
            .collect();
        commit(&dir, &paths, "pir: content", &CommitOptions::default()).expect("commit");
        assert_eq!(git(&dir, &["cat-file", "-p", "HEAD:docs/crlf.md"]), "# Title\n\nBody");
        assert_eq!(
            git(&dir, &["ls-tree", "HEAD", "tools/build.sh", "docs/home.md"])
                .lines()
                .map(|l| l.split_whitespace().next().unwrap_or(""))
                .collect::<Vec<_>>(),
            vec!["120000", "100755"]
        );
        assert_eq!(
            git(&dir, &["show", "HEAD:docs/incidents/2024-01-01-first.md"]),
            "# Queue backlog\n\nFinal."
        );
        // git agrees that the committed files are clean, in the index and the working tree.
        assert_eq!(git(&dir, &["status", "--porcelain=v1"]), "");
    }
}

git_test! {
    fn refuses_while_another_git_process_holds_the_index_lock(env) {
        let dir = site_repo(env, "site");
        let pir = "docs/incidents/2024-02-02-second.md";
        write(&dir, pir, "# Disk full\n");
        let lock = dir.join(".git/index.lock");
        fs::write(&lock, "").unwrap();
        let head = git(&dir, &["rev-parse", "HEAD"]);
        let index = fs::read(dir.join(".git/index")).unwrap();

        let err = commit(&dir, &[PathBuf::from(pir)], "pir: add", &CommitOptions::default())
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitLocked);
        assert!(err.message.contains("index.lock exists"), "{err}");
        // Nothing happened: the branch, the index, the file, and the other process's lock.
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
        assert_eq!(fs::read(dir.join(".git/index")).unwrap(), index);
        assert_eq!(fs::read_to_string(dir.join(pir)).unwrap(), "# Disk full\n");
        assert!(lock.exists(), "someone else's lock was removed");

        // Once the lock is gone, the commit goes through and the index agrees with it: a
        // plain `git commit` afterwards has nothing of the PIR's to record.
        fs::remove_file(&lock).unwrap();
        commit(&dir, &[PathBuf::from(pir)], "pir: add", &CommitOptions::default())
            .expect("commit");
        assert_eq!(git(&dir, &["status", "--porcelain=v1", "--untracked-files=all"]), "");
        assert_eq!(git(&dir, &["diff", "--cached", "--name-status", "HEAD"]), "");
        assert!(!lock.exists(), "the commit left its lock behind");
        let left: Vec<_> = fs::read_dir(dir.join(".git"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("index."))
            .collect();
        assert!(left.is_empty(), "staging files left in .git: {left:?}");
    }
}

git_test! {
    fn a_locked_branch_refuses_the_commit_and_leaves_the_index(env) {
        let dir = site_repo(env, "site");
        let pir = "docs/incidents/2024-02-02-second.md";
        write(&dir, pir, "# Disk full\n");
        let ref_lock = dir.join(".git/refs/heads/main.lock");
        fs::write(&ref_lock, "").unwrap();
        let head = git(&dir, &["rev-parse", "HEAD"]);
        let index = fs::read(dir.join(".git/index")).unwrap();

        let err = commit(&dir, &[PathBuf::from(pir)], "pir: add", &CommitOptions::default())
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitLocked);
        assert!(err.message.contains("refs/heads/main.lock"), "{err}");
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
        assert_eq!(fs::read(dir.join(".git/index")).unwrap(), index);
        // The index lock was released: git itself can stage again.
        assert!(!dir.join(".git/index.lock").exists());
        fs::remove_file(&ref_lock).unwrap();
        git(&dir, &["add", pir]);
    }
}
