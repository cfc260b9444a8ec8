//! Keeps libgit2 from loading the system's CA certificates in runs that make no TLS connection.
//!
//! Why: libgit2 sets OpenSSL up when it is first used, and that reads every certificate of
//! the system bundle (`SSL_CERT_FILE`, else OpenSSL's default `cert.pem`): about 20 ms with
//! OpenSSL 3.0, three times everything else `pir commit` does. Only `http(s)://` remotes need
//! them. OpenSSL takes the bundle's location from the environment, and the workspace forbids
//! the `unsafe` that changing this process's environment needs, so a git subcommand
//! re-executes itself once, before anything else, with `SSL_CERT_FILE=/dev/null` (an empty
//! bundle; an `exec`, not a child: same process id, same standard streams). A push or pull
//! whose remote turns out to be `http(s)://` re-executes once more with the environment it
//! was started with, so certificates are checked exactly as before.
//!
//! A `SSL_CERT_FILE` set by the user is kept aside and given back for such a connection. Only
//! on systems where libgit2 uses OpenSSL (Unix other than macOS); elsewhere nothing changes.

use std::ffi::{OsStr, OsString};

/// Set in the re-executed program: `skipped` (the bundle is not loaded) or `loaded` (the
/// bundle was needed: never skip it again in this run).
const MARK: &str = "PIR_CA_BUNDLE";

/// Set in the re-executed program when the user had set `SSL_CERT_FILE`: its value.
const SAVED: &str = "PIR_CA_BUNDLE_SAVED";

/// OpenSSL's variable naming the CA bundle file.
const CERT_FILE: &str = "SSL_CERT_FILE";

/// Re-executes this program with an empty CA bundle, unless it was already done or the
/// bundle turned out to be needed. Returns when it does not re-execute (or cannot: then the
/// run just goes on the slower way).
pub fn skip_ca_bundle() {
    if std::env::var_os(MARK).is_some() {
        return;
    }
    let saved = std::env::var_os(CERT_FILE);
    reexec(&[
        (CERT_FILE, Some(OsStr::new("/dev/null"))),
        (MARK, Some(OsStr::new("skipped"))),
        (SAVED, saved.as_deref()),
    ]);
}

/// Whether a connection to `url` needs CA certificates: HTTP(S), including a plain `http://`
/// that the server may redirect to `https://`.
pub fn needs_ca_bundle(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Before connecting to `url`: when the bundle was skipped and `url` needs it, re-executes
/// this program with `SSL_CERT_FILE` as it was started with. Returns when nothing is to be
/// done, or with an error when the re-execution failed.
pub fn prepare_connection(url: &str) -> anyhow::Result<()> {
    if !needs_ca_bundle(url) || std::env::var_os(MARK).is_none_or(|m| m != "skipped") {
        return Ok(());
    }
    let saved: Option<OsString> = std::env::var_os(SAVED);
    Err(reexec(&[
        (CERT_FILE, saved.as_deref()),
        (MARK, Some(OsStr::new("loaded"))),
        (SAVED, None),
    ]))
}

/// Replaces this program with itself, same arguments, with `env` changes (`None` removes a
/// variable). Returns only on failure.
#[cfg(all(unix, not(target_os = "macos"), not(target_os = "ios")))]
fn reexec(env: &[(&str, Option<&OsStr>)]) -> anyhow::Error {
    use std::os::unix::process::CommandExt;
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return anyhow::anyhow!("cannot find this program to restart it: {e}"),
    };
    if !std::path::Path::new("/dev/null").exists() {
        return anyhow::anyhow!("/dev/null is missing");
    }
    let mut cmd = std::process::Command::new(exe);
    cmd.args(std::env::args_os().skip(1));
    for (key, value) in env {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    let err = cmd.exec();
    anyhow::anyhow!("cannot restart this program with the CA certificates: {err}")
}

/// Elsewhere libgit2 does not use OpenSSL: nothing to skip.
#[cfg(not(all(unix, not(target_os = "macos"), not(target_os = "ios"))))]
fn reexec(_env: &[(&str, Option<&OsStr>)]) -> anyhow::Error {
    anyhow::anyhow!("not needed on this system")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_remotes_need_the_bundle() {
        assert!(needs_ca_bundle("https://git.example.test/site.git"));
        assert!(needs_ca_bundle("HTTP://git.example.test/site.git"));
        assert!(!needs_ca_bundle("file:///srv/site.git"));
        assert!(!needs_ca_bundle("/srv/site.git"));
        assert!(!needs_ca_bundle("ssh://git@git.example.test/site.git"));
        assert!(!needs_ca_bundle("git@git.example.test:site.git"));
        assert!(!needs_ca_bundle("git://git.example.test/site.git"));
    }
}
