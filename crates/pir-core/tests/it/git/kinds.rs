//! Each git failure an author meets comes out as its own [`ErrorKind`], decided from the
//! situation or from libgit2's error code and class, so the app can word it without reading
//! the message: no remote, no upstream, an unreachable remote, refused credentials, a merge
//! in progress. (A lock held by another git process, `ErrorKind::GitLocked`, is shown with
//! the commit it stops, in `commit.rs`.)

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

use pir_core::ErrorKind;
use pir_core::git::{CommitOptions, NoInteraction, PushOutcome, commit, pull, push};

use super::hermetic::{bare_repo, git, git_test, site_repo, start_conflicting_merge, write};
use super::push::commit_file;

/// A loopback port nothing listens on: bound, then let go.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("local addr").port()
}

/// A web server on a loopback port that answers every request with `response`, as a git
/// host does when it turns a client away. Lives as long as the test's process.
fn answering(response: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("local addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            reply(stream, response);
        }
    });
    port
}

/// Reads one request's head from `stream`, then answers `response` and closes.
fn reply(mut stream: TcpStream, response: &str) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let _ = stream.write_all(response.as_bytes());
}

git_test! {
    fn no_remote_is_git_no_remote(env) {
        let dir = site_repo(env, "site");
        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitNoRemote, "{err}");
        let err = push(&dir, Some("upstream"), &mut NoInteraction).unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitNoRemote, "{err}");
        // An upstream configured on a remote that was removed since.
        git(&dir, &["config", "branch.main.remote", "origin"]);
        git(&dir, &["config", "branch.main.merge", "refs/heads/main"]);
        let err = pull(&dir, &mut NoInteraction).unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitNoRemote, "{err}");
    }
}

git_test! {
    fn a_branch_without_upstream_is_git_no_upstream(env) {
        let bare = bare_repo(env, "srv/site.git");
        let dir = site_repo(env, "site");
        git(&dir, &["remote", "add", "origin", &format!("file://{}", bare.display())]);
        let err = pull(&dir, &mut NoInteraction).unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitNoUpstream, "{err}");
        assert!(err.message.contains("branch `main` has no upstream"), "{err}");
        // A push sets one, and then the pull has somewhere to pull from.
        assert!(matches!(push(&dir, None, &mut NoInteraction).unwrap(), PushOutcome::Pushed { upstream_set: true, .. }));
        pull(&dir, &mut NoInteraction).expect("pull after the push");
    }
}

git_test! {
    fn a_remote_nothing_answers_on_is_git_network(env) {
        let dir = site_repo(env, "site");
        let port = closed_port();
        git(&dir, &["remote", "add", "origin", &format!("http://127.0.0.1:{port}/site.git")]);
        commit_file(&dir, "docs/a.md", "# A\n");
        for url in [
            format!("http://127.0.0.1:{port}/site.git"),
            format!("git://127.0.0.1:{port}/site.git"),
            format!("ssh://git@127.0.0.1:{port}/site.git"),
        ] {
            git(&dir, &["remote", "set-url", "origin", &url]);
            let err = push(&dir, None, &mut NoInteraction).unwrap_err();
            assert_eq!(err.kind, ErrorKind::GitNetwork, "{url}: {err}");
            assert!(err.message.contains(&url), "{err}");
        }
        git(&dir, &["config", "branch.main.remote", "origin"]);
        git(&dir, &["config", "branch.main.merge", "refs/heads/main"]);
        let err = pull(&dir, &mut NoInteraction).unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitNetwork, "{err}");
    }
}

git_test! {
    fn a_host_that_refuses_the_credentials_is_git_auth(env) {
        let dir = site_repo(env, "site");
        commit_file(&dir, "docs/a.md", "# A\n");
        // Signed in, but without access to this repository (a token without write rights):
        // nothing to ask again, so an error rather than `NeedsCredentials`.
        let forbidden = answering(
            "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        let url = format!("http://127.0.0.1:{forbidden}/site.git");
        git(&dir, &["remote", "add", "origin", &url]);
        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitAuth, "{err}");
        assert!(err.message.contains(&url), "{err}");
        git(&dir, &["config", "branch.main.remote", "origin"]);
        git(&dir, &["config", "branch.main.merge", "refs/heads/main"]);
        let err = pull(&dir, &mut NoInteraction).unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitAuth, "{err}");

        // A host that asks for a kind of sign-in there is no credential for.
        let digest_only = answering(
            "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"git\", nonce=\"abc\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        let url = format!("http://127.0.0.1:{digest_only}/site.git");
        git(&dir, &["remote", "set-url", "origin", &url]);
        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitAuth, "{err}");
    }
}

git_test! {
    fn a_merge_in_progress_is_git_conflict_for_commit_and_pull(env) {
        let bare = bare_repo(env, "srv/site.git");
        let dir = site_repo(env, "site");
        git(&dir, &["remote", "add", "origin", &format!("file://{}", bare.display())]);
        push(&dir, None, &mut NoInteraction).unwrap();
        start_conflicting_merge(&dir);
        let err = pull(&dir, &mut NoInteraction).unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitConflict, "{err}");
        write(&dir, "docs/b.md", "# B\n");
        let err = commit(&dir, &[PathBuf::from("docs/b.md")], "pir: b", &CommitOptions::default())
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitConflict, "{err}");
    }
}

git_test! {
    // In a network of its own, with no name server to ask: the name cannot resolve.
    fn a_host_name_that_does_not_resolve_is_git_network(env) own_network {
        let dir = site_repo(env, "site");
        let url = "https://git.example.invalid/site.git";
        git(&dir, &["remote", "add", "origin", url]);
        commit_file(&dir, "docs/a.md", "# A\n");
        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        assert_eq!(err.kind, ErrorKind::GitNetwork, "{err}");
        assert!(err.message.contains(url), "{err}");
    }
}
