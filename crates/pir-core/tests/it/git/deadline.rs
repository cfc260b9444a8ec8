//! A remote that answers, but too slowly to ever finish: the push or pull gives up at its
//! overall deadline with an [`ErrorKind::Timeout`] error, even though no single read waits
//! long enough to trip the per-read limit (`PIR_GIT_TIMEOUT`, here well above the drip).

use std::time::{Duration, Instant};

use pir_core::error::ErrorKind;
use pir_core::git::{
    NoInteraction, RemoteOptions, init_network_timeouts, pull_with, push, push_with,
};

use super::hermetic::{bare_repo, git, git_ok, git_test, site_repo};
use super::push::commit_file;
use super::servers::Drip;

/// One byte every this long: far below the per-read limit of the tests.
const DRIP: Duration = Duration::from_millis(500);

/// The drip servers stop by themselves after this long, whatever happens.
const SERVER_LIFE: Duration = Duration::from_secs(40);

git_test! {
    fn git_protocol_push_and_pull_give_up_at_the_deadline(env) env [("PIR_GIT_TIMEOUT", "10")] {
        init_network_timeouts();
        let bare = bare_repo(env, "srv/site.git");
        // The start of a valid pkt-line (4095 bytes long) whose end never comes.
        let drip = Drip::start(b"0fff", b'a', DRIP, SERVER_LIFE);
        let url = format!("git://127.0.0.1:{}/site.git", drip.port);
        let dir = site_repo(env, "site");
        git(&dir, &["remote", "add", "origin", &url]);
        commit_file(&dir, "docs/a.md", "# A\n");
        let options = RemoteOptions { deadline: Duration::from_secs(3) };

        let started = Instant::now();
        let err = push_with(&dir, None, &mut NoInteraction, &options).unwrap_err();
        let took = started.elapsed();
        assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
        assert!(err.message.starts_with("gave up after 3 s: "), "{err}");
        assert!(err.message.contains(&url), "{err}");
        assert!(err.message.contains("PIR_GIT_DEADLINE"), "{err}");
        assert!(took >= Duration::from_secs(3) && took < Duration::from_secs(8), "took {took:?}");
        assert!(!git_ok(&bare, &["rev-parse", "--verify", "main"]));
        assert!(!git_ok(&dir, &["config", "branch.main.remote"]), "no upstream was set");

        // Pull fetches through the same connection code.
        git(&dir, &["config", "branch.main.remote", "origin"]);
        git(&dir, &["config", "branch.main.merge", "refs/heads/main"]);
        let head = git(&dir, &["rev-parse", "HEAD"]);
        let started = Instant::now();
        let err = pull_with(&dir, &mut NoInteraction, &options).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
        assert!(started.elapsed() < Duration::from_secs(8), "took {:?}", started.elapsed());
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);

        let sent = drip.stop();
        assert!(sent >= 4, "the server did drip ({sent} bytes)");
    }
}

git_test! {
    fn smart_http_push_gives_up_at_the_deadline_from_the_environment(env) env [
        ("PIR_GIT_TIMEOUT", "10"),
        ("PIR_GIT_DEADLINE", "2"),
    ] {
        init_network_timeouts();
        // A response whose headers never end.
        let drip = Drip::start(b"HTTP/1.1 200 OK\r\nX-Slow: ", b'a', DRIP, SERVER_LIFE);
        let url = format!("http://127.0.0.1:{}/git/site.git", drip.port);
        let dir = site_repo(env, "site");
        git(&dir, &["remote", "add", "origin", &url]);
        commit_file(&dir, "docs/a.md", "# A\n");

        let started = Instant::now();
        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        let took = started.elapsed();
        assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
        assert!(err.message.starts_with(&format!("gave up after 2 s: {url} sent too little")), "{err}");
        assert!(took >= Duration::from_secs(2) && took < Duration::from_secs(7), "took {took:?}");
        assert!(drip.stop() >= 2, "the server did drip");
    }
}
