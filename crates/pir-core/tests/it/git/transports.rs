//! Push and pull over real servers: `git daemon`, smart HTTP with basic auth, and `sshd`.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use pir_core::git::{GitCallbacks, NoInteraction, PullOutcome, PushOutcome, pull, push};

use super::hermetic::{Env, bare_repo, git, git_ok, git_test, push_from_other_clone, site_repo};
use super::push::commit_file;
use super::servers;

/// Answers username/password requests with a fixed pair, counting them.
struct Password {
    user: &'static str,
    password: &'static str,
    asked: usize,
}

impl GitCallbacks for Password {
    fn userpass(&mut self, _url: &str, _username: Option<&str>) -> Option<(String, String)> {
        self.asked += 1;
        Some((self.user.into(), self.password.into()))
    }
}

/// Makes `hook` (a shell script) the bare repository's `pre-receive` hook.
fn pre_receive(bare: &Path, script: &str) {
    let hook = bare.join("hooks/pre-receive");
    fs::write(&hook, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// A smart-HTTP server (user `alice`, password `s3cret`) and a site repository whose
/// `origin` is `srv/site.git` on it.
struct HttpSite {
    server: servers::Server,
    port: u16,
    url: String,
    dir: std::path::PathBuf,
    bare: std::path::PathBuf,
}

/// Starts [`HttpSite`]'s server and repositories; `None` when lighttpd is not installed.
fn http_site(env: &Env) -> Option<HttpSite> {
    let bare = bare_repo(env, "srv/site.git");
    let (server, port) = servers::http_git(env, &env.path("srv"), "alice", "s3cret")?;
    let url = format!("http://127.0.0.1:{port}/git/site.git");
    let dir = site_for(env, &url);
    Some(HttpSite {
        server,
        port,
        url,
        dir,
        bare,
    })
}

/// A site repository with `origin` = `url`, and the bare repository `srv/site.git` behind it.
fn site_for(env: &Env, url: &str) -> std::path::PathBuf {
    let dir = site_repo(env, "site");
    git(&dir, &["remote", "add", "origin", url]);
    dir
}

git_test! {
    fn git_daemon_push_pull_and_hook_rejection(env) {
        let srv = env.path("srv");
        let bare = bare_repo(env, "srv/site.git");
        git(&bare, &["config", "receive.denyNonFastForwards", "true"]);
        let (_daemon, port) = servers::git_daemon(env, &srv);
        let url = format!("git://127.0.0.1:{port}/site.git");
        let dir = site_for(env, &url);
        let id = commit_file(&dir, "docs/a.md", "# A\n");
        let out = push(&dir, None, &mut NoInteraction).expect("push over git://");
        assert!(matches!(out, PushOutcome::Pushed { .. }), "{out:?}");
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
        assert_eq!(push(&dir, None, &mut NoInteraction).unwrap(), PushOutcome::UpToDate);
        assert_eq!(pull(&dir, &mut NoInteraction).unwrap(), PullOutcome::UpToDate);

        pre_receive(&bare, "#!/bin/sh\necho 'reviews must be approved before they land' >&2\nexit 1\n");
        commit_file(&dir, "docs/b.md", "# B\n");
        let out = push(&dir, None, &mut NoInteraction).unwrap();
        let PushOutcome::Rejected { reason } = out else {
            panic!("expected a rejection, got {out:?}");
        };
        assert!(reason.contains("reviews must be approved before they land"), "{reason}");
        assert!(reason.contains("refs/heads/main"), "{reason}");
        assert_eq!(git(&bare, &["rev-parse", "main"]), id, "the remote did not move");
    }
}

git_test! {
    fn http_push_with_the_password_from_the_callback(env) {
        let Some(HttpSite { server, dir, bare, .. }) = http_site(env) else { return };
        let id = commit_file(&dir, "docs/a.md", "# A\n");
        let mut cb = Password { user: "alice", password: "s3cret", asked: 0 };
        let out = push(&dir, None, &mut cb).unwrap_or_else(|e| panic!("{e}\n{}", server.log_text()));
        assert!(matches!(out, PushOutcome::Pushed { .. }), "{out:?}\n{}", server.log_text());
        assert_eq!(cb.asked, 1);
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
        // No helper configured: nothing was stored anywhere in the home folder.
        assert!(!env.home.join(".git-credentials").exists());
    }
}

git_test! {
    fn http_wrong_password_gives_needs_credentials_quickly(env) {
        let Some(HttpSite { server: _server, url, dir, bare, .. }) = http_site(env) else { return };
        commit_file(&dir, "docs/a.md", "# A\n");
        let mut cb = Password { user: "alice", password: "wrong", asked: 0 };
        let start = Instant::now();
        let out = push(&dir, None, &mut cb).expect("push returns an outcome");
        assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
        let PushOutcome::NeedsCredentials { url: asked_url, tried } = out else {
            panic!("expected NeedsCredentials, got {out:?}");
        };
        assert_eq!(asked_url, url);
        assert!((1..=3).contains(&cb.asked), "asked {} times", cb.asked);
        assert!(tried.iter().all(|t| t == "username and password"), "{tried:?}");
        assert!(!git_ok(&bare, &["rev-parse", "--verify", "main"]));
        // With nothing to offer at all, the answer is the same, at once.
        let out = push(&dir, None, &mut NoInteraction).unwrap();
        assert!(matches!(out, PushOutcome::NeedsCredentials { ref tried, .. } if tried.is_empty()), "{out:?}");
    }
}

git_test! {
    fn http_credential_helper_supplies_and_stores_the_password(env) {
        let Some(HttpSite { server: _server, port, dir, bare, .. }) = http_site(env) else { return };
        let store = env.path("credentials");
        git(&dir, &["config", "credential.helper", &format!("store --file={}", store.display())]);

        // First push: the helper has nothing; the callback's password works and is approved
        // into the helper.
        commit_file(&dir, "docs/a.md", "# A\n");
        let mut cb = Password { user: "alice", password: "s3cret", asked: 0 };
        assert!(matches!(push(&dir, None, &mut cb).unwrap(), PushOutcome::Pushed { .. }));
        assert_eq!(cb.asked, 1);
        let stored = fs::read_to_string(&store).expect("the helper stored the credentials");
        assert_eq!(stored.trim(), format!("http://alice:s3cret@127.0.0.1%3a{port}"));

        // Second push: the helper supplies it, nobody is asked.
        let id = commit_file(&dir, "docs/b.md", "# B\n");
        let mut cb = Password { user: "alice", password: "never-used", asked: 0 };
        assert!(matches!(push(&dir, None, &mut cb).unwrap(), PushOutcome::Pushed { .. }));
        assert_eq!(cb.asked, 0);
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);

        // A stale password in the helper is rejected (removed), then the callback is asked.
        fs::write(&store, format!("http://alice:stale@127.0.0.1%3a{port}\n")).unwrap();
        let id = commit_file(&dir, "docs/c.md", "# C\n");
        let mut cb = Password { user: "alice", password: "s3cret", asked: 0 };
        assert!(matches!(push(&dir, None, &mut cb).unwrap(), PushOutcome::Pushed { .. }));
        assert_eq!(cb.asked, 1);
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
        assert_eq!(fs::read_to_string(&store).unwrap().trim(), format!("http://alice:s3cret@127.0.0.1%3a{port}"));
    }
}

git_test! {
    fn http_pull_uses_the_same_credentials(env) {
        let Some(HttpSite { server: _server, dir, bare, .. }) = http_site(env) else { return };
        let mut cb = Password { user: "alice", password: "s3cret", asked: 0 };
        push(&dir, None, &mut cb).unwrap();
        push_from_other_clone(env, &bare, "docs/new.md", "# New\n");
        let out = pull(&dir, &mut cb).unwrap();
        assert!(matches!(out, PullOutcome::FastForwarded { .. }), "{out:?}");
        let out = pull(&dir, &mut Password { user: "alice", password: "wrong", asked: 0 }).unwrap();
        assert!(matches!(out, PullOutcome::NeedsCredentials { .. }), "{out:?}");
    }
}

git_test! {
    fn https_with_an_untrusted_certificate_is_refused_clearly(env) {
        let bare = bare_repo(env, "srv/site.git");
        let Some((cert, key)) = servers::self_signed_cert(&env.path("tls")) else { return };
        let Some((_server, port)) = servers::https_git(env, &env.path("srv"), "alice", "s3cret", &cert, &key) else { return };
        let dir = site_for(env, &format!("https://127.0.0.1:{port}/git/site.git"));
        commit_file(&dir, "docs/a.md", "# A\n");
        let mut cb = Password { user: "alice", password: "s3cret", asked: 0 };
        let err = push(&dir, None, &mut cb).unwrap_err();
        assert!(err.message.contains("identity could not be verified"), "{err}");
        assert_eq!(cb.asked, 0, "no password is sent to an unverified server");
        assert!(!git_ok(&bare, &["rev-parse", "--verify", "main"]));
    }
}

git_test! {
    fn https_push_with_a_trusted_certificate(env) env [("SSL_CERT_FILE", "{root}/tls/cert.pem")] {
        let bare = bare_repo(env, "srv/site.git");
        let Some((cert, key)) = servers::self_signed_cert(&env.path("tls")) else { return };
        let Some((server, port)) = servers::https_git(env, &env.path("srv"), "alice", "s3cret", &cert, &key) else { return };
        let dir = site_for(env, &format!("https://127.0.0.1:{port}/git/site.git"));
        let id = commit_file(&dir, "docs/a.md", "# A\n");
        let mut cb = Password { user: "alice", password: "s3cret", asked: 0 };
        let out = push(&dir, None, &mut cb).unwrap_or_else(|e| panic!("{e}\n{}", server.log_text()));
        assert!(matches!(out, PushOutcome::Pushed { .. }), "{out:?}");
        assert_eq!(cb.asked, 1);
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
    }
}

/// A client key pair at `~/.ssh/id_ed25519` (or elsewhere), and sshd accepting it.
fn ssh_setup(
    env: &Env,
    key: &Path,
    passphrase: &str,
    trust_host: bool,
) -> Option<(servers::Server, u16)> {
    fs::create_dir_all(key.parent().unwrap()).unwrap();
    servers::ssh_keygen(key, passphrase);
    servers::sshd(env, &key.with_extension("pub"), trust_host)
}

/// `ssh://user@127.0.0.1:port/<root>/srv/site.git`.
fn ssh_url(env: &Env, port: u16) -> String {
    format!(
        "ssh://{}@127.0.0.1:{port}{}",
        servers::current_user(),
        env.path("srv/site.git").display()
    )
}

git_test! {
    fn ssh_push_with_the_key_in_an_agent(env) {
        let bare = bare_repo(env, "srv/site.git");
        // The key lives outside ~/.ssh: only the agent can offer it.
        let key = env.path("agent-key/id_ed25519");
        let Some((sshd, port)) = ssh_setup(env, &key, "", true) else { return };
        let Some(_agent) = servers::ssh_agent(env, &key) else { return };
        let dir = site_for(env, &ssh_url(env, port));
        let id = commit_file(&dir, "docs/a.md", "# A\n");
        let out = push(&dir, None, &mut NoInteraction).unwrap_or_else(|e| panic!("{e}\n{}", sshd.log_text()));
        assert!(matches!(out, PushOutcome::Pushed { .. }), "{out:?}");
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
        assert_eq!(pull(&dir, &mut NoInteraction).unwrap(), PullOutcome::UpToDate);
    }
}

git_test! {
    fn ssh_push_with_a_default_key_on_disk_and_no_agent(env) {
        let bare = bare_repo(env, "srv/site.git");
        let key = env.home.join(".ssh/id_ed25519");
        let Some((sshd, port)) = ssh_setup(env, &key, "", true) else { return };
        assert!(!env.agent_socket().exists());
        let dir = site_for(env, &ssh_url(env, port));
        let id = commit_file(&dir, "docs/a.md", "# A\n");
        let out = push(&dir, None, &mut NoInteraction).unwrap_or_else(|e| panic!("{e}\n{}", sshd.log_text()));
        assert!(matches!(out, PushOutcome::Pushed { .. }), "{out:?}");
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
    }
}

/// Gives a fixed passphrase for SSH keys, counting requests.
struct Passphrase(&'static str, usize);

impl GitCallbacks for Passphrase {
    fn ssh_passphrase(&mut self, _key: &Path) -> Option<String> {
        self.1 += 1;
        Some(self.0.into())
    }
}

git_test! {
    fn ssh_encrypted_key_asks_for_its_passphrase(env) {
        let bare = bare_repo(env, "srv/site.git");
        let key = env.home.join(".ssh/id_ed25519");
        let Some((sshd, port)) = ssh_setup(env, &key, "correct horse", true) else { return };
        let dir = site_for(env, &ssh_url(env, port));
        let id = commit_file(&dir, "docs/a.md", "# A\n");
        // Nobody to ask: the key is skipped and credentials are needed.
        let out = push(&dir, None, &mut NoInteraction).unwrap();
        assert!(matches!(out, PushOutcome::NeedsCredentials { .. }), "{out:?}");
        let mut cb = Passphrase("correct horse", 0);
        let out = push(&dir, None, &mut cb).unwrap_or_else(|e| panic!("{e}\n{}", sshd.log_text()));
        assert!(matches!(out, PushOutcome::Pushed { .. }), "{out:?}");
        assert_eq!(cb.1, 1);
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
    }
}

git_test! {
    fn ssh_unknown_host_key_is_refused_clearly(env) {
        let bare = bare_repo(env, "srv/site.git");
        let key = env.home.join(".ssh/id_ed25519");
        let Some((_sshd, port)) = ssh_setup(env, &key, "", false) else { return };
        let dir = site_for(env, &ssh_url(env, port));
        commit_file(&dir, "docs/a.md", "# A\n");
        let err = push(&dir, None, &mut NoInteraction).unwrap_err();
        assert!(err.message.contains("known_hosts"), "{err}");
        assert!(!git_ok(&bare, &["rev-parse", "--verify", "main"]));
    }
}

git_test! {
    fn ssh_key_the_server_does_not_accept_needs_credentials(env) {
        let bare = bare_repo(env, "srv/site.git");
        let accepted = env.path("accepted/id_ed25519");
        let Some((_sshd, port)) = ssh_setup(env, &accepted, "", true) else { return };
        // The default key on disk is another one.
        servers::ssh_keygen(&env.home.join(".ssh/id_ed25519"), "");
        let dir = site_for(env, &ssh_url(env, port));
        commit_file(&dir, "docs/a.md", "# A\n");
        let start = Instant::now();
        let out = push(&dir, None, &mut NoInteraction).unwrap();
        assert!(start.elapsed() < Duration::from_secs(30));
        let PushOutcome::NeedsCredentials { tried, .. } = out else {
            panic!("expected NeedsCredentials, got {out:?}");
        };
        assert_eq!(tried, vec![format!("ssh key {}", env.home.join(".ssh/id_ed25519").display())]);
        assert!(!git_ok(&bare, &["rev-parse", "--verify", "main"]));
    }
}

git_test! {
    fn ssh_scp_style_url(env) own_network {
        // scp-style URLs cannot name a port: sshd listens on 22 of this test's own loopback.
        let bare = bare_repo(env, "srv/site.git");
        let key = env.home.join(".ssh/id_ed25519");
        fs::create_dir_all(key.parent().unwrap()).unwrap();
        servers::ssh_keygen(&key, "");
        let Some((sshd, _)) = servers::sshd_on(env, &key.with_extension("pub"), true, 22) else { return };
        let url = format!("{}@127.0.0.1:{}", servers::current_user(), bare.display());
        let dir = site_for(env, &url);
        let id = commit_file(&dir, "docs/a.md", "# A\n");
        let out = push(&dir, None, &mut NoInteraction).unwrap_or_else(|e| panic!("{e}\n{}", sshd.log_text()));
        assert!(matches!(out, PushOutcome::Pushed { .. }), "{out:?}");
        assert_eq!(git(&bare, &["rev-parse", "main"]), id);
    }
}
