//! Which credential a connection offers next, in the order git users expect (credential
//! helper, then asking; ssh-agent, then the default keys), counted so that a wrong password
//! ends instead of looping; and telling the credential helper what worked or failed.

use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::GitCallbacks;

/// How many times one connection may ask for credentials before giving up.
const MAX_CREDENTIAL_REQUESTS: usize = 12;

/// How many times a username and password are asked through [`GitCallbacks::userpass`].
const MAX_PASSWORD_PROMPTS: usize = 3;

/// Which credentials have been tried on one connection, and which to try next.
pub(super) struct CredState {
    config: git2::Config,
    url: String,
    requests: usize,
    helper_tried: bool,
    prompts: usize,
    agent_tried: bool,
    default_tried: bool,
    keys: Option<VecDeque<PathBuf>>,
    /// The last username/password handed out, and whether the helper supplied it.
    last_userpass: Option<(String, String, bool)>,
    pub(super) tried: Vec<String>,
    pub(super) gave_up: bool,
}

impl CredState {
    pub(super) fn new(config: git2::Config, url: &str) -> Self {
        CredState {
            config,
            url: url.to_string(),
            requests: 0,
            helper_tried: false,
            prompts: 0,
            agent_tried: false,
            default_tried: false,
            keys: None,
            last_userpass: None,
            tried: Vec::new(),
            gave_up: false,
        }
    }

    /// The next credential to offer, or an error that ends the connection when none is left.
    pub(super) fn next(
        &mut self,
        callbacks: &mut dyn GitCallbacks,
        url: &str,
        username: Option<&str>,
        allowed: git2::CredentialType,
    ) -> std::result::Result<git2::Cred, git2::Error> {
        use git2::CredentialType as T;
        self.requests += 1;
        if self.requests > MAX_CREDENTIAL_REQUESTS {
            return self.give_up();
        }
        if allowed.contains(T::USERNAME) {
            return git2::Cred::username(username.unwrap_or("git"));
        }
        if allowed.contains(T::SSH_KEY) {
            let user = username.unwrap_or("git");
            if !self.agent_tried {
                self.agent_tried = true;
                if agent_available() {
                    self.tried.push("ssh-agent".into());
                    return git2::Cred::ssh_key_from_agent(user);
                }
            }
            let keys = self.keys.get_or_insert_with(default_keys);
            while let Some(key) = keys.pop_front() {
                let passphrase = if key_is_encrypted(&key) {
                    match callbacks.ssh_passphrase(&key) {
                        Some(p) => Some(p),
                        None => continue,
                    }
                } else {
                    None
                };
                let public = PathBuf::from(format!("{}.pub", key.display()));
                let public = public.is_file().then_some(public);
                self.tried.push(format!("ssh key {}", key.display()));
                return git2::Cred::ssh_key(user, public.as_deref(), &key, passphrase.as_deref());
            }
        }
        if allowed.contains(T::USER_PASS_PLAINTEXT) {
            if !self.helper_tried {
                self.helper_tried = true;
                if let Some((user, pass)) = git2::CredentialHelper::new(url)
                    .config(&self.config)
                    .username(username)
                    .execute()
                {
                    self.tried.push("credential helper".into());
                    let cred = git2::Cred::userpass_plaintext(&user, &pass);
                    self.last_userpass = Some((user, pass, true));
                    return cred;
                }
            }
            if self.prompts < MAX_PASSWORD_PROMPTS {
                self.prompts += 1;
                if let Some((user, pass)) = callbacks.userpass(url, username) {
                    self.tried.push("username and password".into());
                    let cred = git2::Cred::userpass_plaintext(&user, &pass);
                    self.last_userpass = Some((user, pass, false));
                    return cred;
                }
                // A caller that has nothing to offer will not have anything the next time.
                self.prompts = MAX_PASSWORD_PROMPTS;
            }
        }
        if allowed.contains(T::DEFAULT) && !self.default_tried {
            self.default_tried = true;
            self.tried.push("system default (Negotiate/NTLM)".into());
            return git2::Cred::default();
        }
        self.give_up()
    }

    fn give_up(&mut self) -> std::result::Result<git2::Cred, git2::Error> {
        self.gave_up = true;
        Err(git2::Error::from_str(
            "no more credentials to try: the remote refused those that were tried",
        ))
    }

    /// After success: hands the username/password that worked to the credential helper.
    pub(super) fn approve(&self, workdir: &Path) {
        if let Some((user, pass, _)) = &self.last_userpass {
            credential_command(workdir, "approve", &self.url, user, pass);
        }
    }

    /// After giving up: withdraws a helper-supplied password that the remote refused, as
    /// git does, so it is not offered again.
    pub(super) fn reject(&self, workdir: &Path) {
        if let Some((user, pass, true)) = &self.last_userpass {
            credential_command(workdir, "reject", &self.url, user, pass);
        }
    }
}

/// Runs `git credential approve|reject` in `workdir` (so the repository's own helper
/// configuration applies). Best effort: without git on PATH, the helper is not told.
fn credential_command(workdir: &Path, action: &str, url: &str, user: &str, pass: &str) {
    let child = Command::new("git")
        .arg("credential")
        .arg(action)
        .current_dir(workdir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return;
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = write!(stdin, "url={url}\nusername={user}\npassword={pass}\n\n");
    }
    let _ = child.wait();
}

/// Whether an ssh-agent can be reached.
fn agent_available() -> bool {
    if cfg!(windows) {
        // Pageant and the OpenSSH agent service have no variable to look for: try it.
        return true;
    }
    std::env::var_os("SSH_AUTH_SOCK").is_some_and(|s| Path::new(&s).exists())
}

/// `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`: those that exist, in that order.
fn default_keys() -> VecDeque<PathBuf> {
    let Some(home) = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")) else {
        return VecDeque::new();
    };
    let dir = PathBuf::from(home).join(".ssh");
    ["id_ed25519", "id_ecdsa", "id_rsa"]
        .iter()
        .map(|name| dir.join(name))
        .filter(|p| p.is_file())
        .collect()
}

/// Whether a private key file needs a passphrase: an OpenSSH key whose cipher is not
/// `none`, or a PEM key marked encrypted. libssh2 fails hard (not as a refused credential) on
/// a missing passphrase, so this must be known before offering the key.
fn key_is_encrypted(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    if text.contains("ENCRYPTED") {
        return true;
    }
    if !text.contains("BEGIN OPENSSH PRIVATE KEY") {
        return false;
    }
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let bytes = base64_prefix(&body, 64);
    // "openssh-key-v1\0", then the cipher name as a 4-byte big-endian length and bytes.
    let magic = b"openssh-key-v1\0";
    let Some(rest) = bytes.strip_prefix(magic.as_slice()) else {
        return false;
    };
    let Some(len) = rest.get(..4) else {
        return false;
    };
    let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
    rest.get(4..4 + len).is_some_and(|cipher| cipher != b"none")
}

/// Decodes the first `max` bytes of standard base64 `text` (enough to read a key header).
fn base64_prefix(text: &str, max: usize) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().map_while(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
            if out.len() >= max {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_prefix_decodes() {
        assert_eq!(
            base64_prefix("b3BlbnNzaC1rZXktdjEA", 64),
            b"openssh-key-v1\0"
        );
        assert_eq!(base64_prefix("aGVsbG8=", 3), b"hel");
    }
}
