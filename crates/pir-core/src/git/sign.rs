//! Commit signing as git does it when `commit.gpgsign` is on.
//!
//! OpenPGP (`gpg.format=openpgp`, the default) runs `gpg --status-fd=2 -bsau KEY`; SSH
//! (`gpg.format=ssh`) runs `ssh-keygen -Y sign -n git -f KEY`. Both read the commit from
//! standard input and write an armored signature, which is stored in the commit's `gpgsig`
//! header. X.509 signing is refused with a message: a commit is never silently left unsigned.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::git_msg;
use crate::error::Result;

/// How to sign, as read from git's configuration.
pub(super) enum Signer {
    /// `gpg` (or `gpg.program`) with this key id (or `Name <email>`).
    OpenPgp { program: String, key: String },
    /// `ssh-keygen` (or `gpg.ssh.program`) with this key: a file, or a literal public key
    /// whose private half is in the ssh-agent.
    Ssh { program: String, key: SshKey },
}

/// Where the SSH signing key is.
pub(super) enum SshKey {
    /// A private (or public, agent-backed) key file.
    File(PathBuf),
    /// A literal public key (`ssh-ed25519 AAAA...`); the agent holds the private key.
    Literal(String),
}

/// The signer `commit.gpgsign` asks for, or `None` when commits are not signed.
pub(super) fn signer(
    repo: &git2::Repository,
    committer: &git2::Signature<'_>,
) -> Result<Option<Signer>> {
    let config = repo
        .config()
        .map_err(|e| super::git_err("reading the git configuration", &e))?;
    if !config.get_bool("commit.gpgsign").unwrap_or(false) {
        return Ok(None);
    }
    let format = config
        .get_string("gpg.format")
        .unwrap_or_else(|_| "openpgp".into());
    let signing_key = config.get_string("user.signingkey").ok();
    match format.as_str() {
        "openpgp" => {
            let program = config
                .get_string("gpg.openpgp.program")
                .or_else(|_| config.get_string("gpg.program"))
                .unwrap_or_else(|_| "gpg".into());
            let key = signing_key.unwrap_or_else(|| {
                format!(
                    "{} <{}>",
                    committer.name().unwrap_or(""),
                    committer.email().unwrap_or("")
                )
            });
            Ok(Some(Signer::OpenPgp { program, key }))
        }
        "ssh" => {
            let program = config
                .get_string("gpg.ssh.program")
                .unwrap_or_else(|_| "ssh-keygen".into());
            let Some(key) = signing_key else {
                return Err(git_msg(
                    "commit.gpgsign is on with gpg.format=ssh but user.signingkey is not set: \
                     set it, or turn signing off (nothing was committed)",
                ));
            };
            let key = if let Some(literal) = key.strip_prefix("key::") {
                SshKey::Literal(literal.to_string())
            } else if key.starts_with("ssh-") || key.starts_with("ecdsa-") || key.starts_with("sk-")
            {
                SshKey::Literal(key)
            } else if let Some(rest) = key.strip_prefix("~/") {
                SshKey::File(home_dir().join(rest))
            } else {
                SshKey::File(PathBuf::from(key))
            };
            Ok(Some(Signer::Ssh { program, key }))
        }
        other => Err(git_msg(format!(
            "commit.gpgsign is on with gpg.format={other}, which pir cannot sign with: commit with \
             git, or turn signing off for this repository (nothing was committed)"
        ))),
    }
}

/// The user's home folder, as git finds it.
fn home_dir() -> PathBuf {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
        .unwrap_or_default()
}

impl Signer {
    /// The armored signature of `content` (the unsigned commit object).
    pub(super) fn sign(&self, content: &str) -> Result<String> {
        match self {
            Signer::OpenPgp { program, key } => {
                let mut cmd = Command::new(program);
                cmd.args(["--status-fd=2", "-bsau", key]);
                let (sig, stderr) = run_signer(cmd, content, program)?;
                // As git does: trust only gpg's own report that it made a signature.
                if !stderr.contains("[GNUPG:] SIG_CREATED ") {
                    return Err(sign_failed(program, &stderr));
                }
                Ok(sig)
            }
            Signer::Ssh { program, key } => {
                let mut cmd = Command::new(program);
                cmd.args(["-Y", "sign", "-n", "git"]);
                // A literal key goes through a temporary file; `-U` says its private half is
                // in the agent. It is removed right after signing.
                let temp;
                match key {
                    SshKey::File(path) => {
                        cmd.arg("-f").arg(path);
                    }
                    SshKey::Literal(literal) => {
                        temp = TempKey::write(literal)?;
                        cmd.arg("-U").arg("-f").arg(&temp.0);
                    }
                }
                let (sig, stderr) = run_signer(cmd, content, program)?;
                if !sig.contains("-----BEGIN SSH SIGNATURE-----") {
                    return Err(sign_failed(program, &stderr));
                }
                Ok(sig)
            }
        }
    }
}

/// Runs a signing program with `content` on its standard input; its stdout and stderr.
fn run_signer(mut cmd: Command, content: &str, program: &str) -> Result<(String, String)> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            git_msg(format!(
                "commit.gpgsign is on but `{program}` could not be started ({e}): install it or \
                 turn signing off (nothing was committed)"
            ))
        })?;
    let mut stdin = child.stdin.take();
    let data = content.as_bytes().to_vec();
    // Write from another thread so a signer that writes before reading everything cannot
    // deadlock against us.
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            let _ = stdin.write_all(&data);
        }
    });
    let out = child
        .wait_with_output()
        .map_err(|e| git_msg(format!("waiting for `{program}`: {e}")))?;
    let _ = writer.join();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() {
        return Err(sign_failed(program, &stderr));
    }
    Ok((stdout, stderr))
}

/// The error for a signer that ran and did not sign.
fn sign_failed(program: &str, stderr: &str) -> crate::error::CoreError {
    let detail: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("[GNUPG:]") && !l.trim().is_empty())
        .collect();
    git_msg(format!(
        "commit.gpgsign is on but signing with `{program}` failed{}{} (nothing was committed)",
        if detail.is_empty() { "" } else { ": " },
        detail.join("; ")
    ))
}

/// A public key written to a temporary file for `ssh-keygen -U`, removed on drop.
struct TempKey(PathBuf);

impl TempKey {
    fn write(literal: &str) -> Result<TempKey> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "pir-signing-key-{}-{nanos}.pub",
            std::process::id()
        ));
        std::fs::write(&path, format!("{literal}\n"))
            .map_err(|e| crate::error::CoreError::io("writing the signing key", &path, &e))?;
        Ok(TempKey(path))
    }
}

impl Drop for TempKey {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
