//! What the commit panel shows before a commit: each PIR file's diff against the last
//! commit, who the commit will be by, and where the pushed branch can become a pull request.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{git_err, open_repo};
use crate::diff::{DiffHunk, line_diff};
use crate::error::{ErrorKind, Result};
use crate::fsio;

/// One file's change since the last commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileDiff {
    /// The path as given (relative to the site folder).
    pub path: PathBuf,
    /// The file is not in the last commit.
    pub new_file: bool,
    /// The file was deleted from the working tree.
    pub deleted: bool,
    /// Lines removed and added, in hunks with context.
    pub hunks: Vec<DiffHunk>,
}

/// Who commits: git's `user.name` and `user.email`, read the way git reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Author {
    /// `user.name`.
    pub name: String,
    /// `user.email`.
    pub email: String,
}

/// The diff of each of `paths` (relative to `dir`, a folder inside the repository) between the
/// last commit and the working tree. A file not in the last commit (or in a repository with no
/// commit yet) diffs against nothing; a deleted file diffs to nothing.
pub fn file_diffs(dir: &Path, paths: &[PathBuf]) -> Result<Vec<FileDiff>> {
    let repo = open_repo(dir)?;
    let workdir = repo.workdir().unwrap_or(repo.path());
    let workdir = std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let prefix = dir.strip_prefix(&workdir).unwrap_or(Path::new(""));
    let head_tree = match repo.head() {
        Ok(h) => Some(
            h.peel_to_tree()
                .map_err(|e| git_err("reading the last commit", &e))?,
        ),
        Err(_) => None,
    };
    paths
        .iter()
        .map(|rel| {
            let in_repo = prefix.join(rel);
            let old = match head_tree.as_ref().and_then(|t| t.get_path(&in_repo).ok()) {
                Some(entry) => {
                    let blob = repo
                        .find_blob(entry.id())
                        .map_err(|e| git_err("reading the committed file", &e))?;
                    Some(String::from_utf8_lossy(blob.content()).into_owned())
                }
                None => None,
            };
            let new = match fsio::read_text(&dir.join(rel)) {
                Ok(l) => Some(l.text),
                Err(e) if e.kind == ErrorKind::NotFound => None,
                Err(e) => return Err(e),
            };
            Ok(FileDiff {
                path: rel.clone(),
                new_file: old.is_none(),
                deleted: new.is_none(),
                hunks: line_diff(old.as_deref().unwrap_or(""), new.as_deref().unwrap_or("")),
            })
        })
        .collect()
}

/// The identity commits in the repository containing `dir` will carry, or `None` when git
/// has none configured (the commit would be refused; the panel says how to set one).
pub fn author(dir: &Path) -> Result<Option<Author>> {
    let repo = open_repo(dir)?;
    let Ok(sig) = repo.signature() else {
        return Ok(None);
    };
    Ok(Some(Author {
        name: sig.name().unwrap_or("").to_string(),
        email: sig.email().unwrap_or("").to_string(),
    }))
}

/// The URL of `remote` (default `origin`) of the repository containing `dir`, if it exists.
pub fn remote_url(dir: &Path, remote: Option<&str>) -> Result<Option<String>> {
    let repo = open_repo(dir)?;
    let name = remote.unwrap_or("origin");
    Ok(repo
        .find_remote(name)
        .ok()
        .and_then(|r| r.url().ok().map(str::to_string)))
}

/// The page that turns `branch`, pushed to `remote` (default `origin`) of the repository
/// containing `dir`, into a pull or merge request on the remote's forge, asking to merge it
/// into the remote's default branch (its `HEAD` as last fetched, else `main`). `None` when
/// the remote does not exist or is a local path.
pub fn review_link_for(
    dir: &Path,
    remote: Option<&str>,
    branch: &str,
) -> Result<Option<super::forge::ReviewLink>> {
    let repo = open_repo(dir)?;
    let name = remote.unwrap_or("origin");
    let Some(url) = repo
        .find_remote(name)
        .ok()
        .and_then(|r| r.url().ok().map(str::to_string))
    else {
        return Ok(None);
    };
    let base = repo
        .find_reference(&format!("refs/remotes/{name}/HEAD"))
        .ok()
        .and_then(|r| r.symbolic_target().ok().flatten().map(str::to_string))
        .and_then(|t| {
            t.strip_prefix(&format!("refs/remotes/{name}/"))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "main".to_string());
    Ok(super::forge::review_link(&url, branch, &base))
}

/// The branch name the panel offers for a PIR file: `pir/<slug>` from a
/// `YYYY-MM-DD-slug.md` name, else from the file stem.
pub fn suggested_branch(pir_path: &Path) -> Option<String> {
    let name = pir_path.file_name()?.to_str()?;
    let slug = crate::site::slug::parse_pir_file_name(name)
        .map(|(_, s)| s.to_string())
        .or_else(|| {
            pir_path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })?;
    (!slug.is_empty()).then(|| format!("pir/{slug}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_pages_are_opened() {
        for url in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "httpx://example.org",
            "https://a b",
            "https://a\u{7}b",
            "--help",
        ] {
            assert_eq!(
                open_web_page(url).unwrap_err().kind,
                ErrorKind::InvalidInput,
                "{url}"
            );
        }
    }

    #[test]
    fn suggested_branch_uses_the_slug() {
        assert_eq!(
            suggested_branch(Path::new("docs/incidents/2026-02-03-cache-storm.md")).as_deref(),
            Some("pir/cache-storm")
        );
        assert_eq!(
            suggested_branch(Path::new("docs/notes.md")).as_deref(),
            Some("pir/notes")
        );
    }
}

/// Everything the commit panel shows for a site, read in one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommitReview {
    /// Branch, upstream, ahead/behind.
    pub status: super::RepoStatus,
    /// The PIR files that changed (and the other changes left out).
    pub changes: super::PirChanges,
    /// The diff of each PIR file against the last commit, in the order of `changes.files`.
    pub diffs: Vec<FileDiff>,
    /// The message the commit starts with (`PIR: <title>`).
    pub message: String,
    /// Who the commit will be by; `None` when git has no identity configured.
    pub author: Option<Author>,
    /// `origin`'s URL, when there is such a remote.
    pub remote_url: Option<String>,
    /// The branch for the first changed PIR by the site's branch naming (its profile's
    /// `branch`, `pir/<slug>` by default), for the "new branch" option.
    pub suggested_branch: Option<String>,
}

/// Reads the [`CommitReview`] of `site`.
pub fn commit_review(site: &crate::site::Site) -> Result<CommitReview> {
    let status = super::status(&site.root)?;
    let changes = super::pir_changes(site)?;
    let diffs = file_diffs(&site.root, &changes.paths())?;
    // The site's own branch naming when the profile can be read, else `pir/<slug>`.
    let profile = crate::site::profile::SiteProfile::of(site).ok();
    let suggested_branch = changes
        .files
        .iter()
        .find(|f| f.role == super::PirFileRole::Pir)
        .and_then(|f| match &profile {
            Some(p) => p.branch_for(&f.path),
            None => suggested_branch(&f.path),
        });
    Ok(CommitReview {
        message: changes.default_message(),
        author: author(&site.root)?,
        remote_url: remote_url(&site.root, None)?,
        status,
        changes,
        diffs,
        suggested_branch,
    })
}

/// Credentials a person typed after a push or pull answered
/// [`NeedsCredentials`](super::PushOutcome::NeedsCredentials).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TypedCredentials {
    /// HTTPS username.
    #[serde(default)]
    pub username: Option<String>,
    /// HTTPS password or access token.
    #[serde(default)]
    pub password: Option<String>,
    /// SSH key passphrase.
    #[serde(default)]
    pub passphrase: Option<String>,
}

/// [`GitCallbacks`](super::GitCallbacks) for an app that asks in a dialog before retrying:
/// the typed credentials are offered once each (a wrong one ends as `NeedsCredentials`
/// again rather than being retried), and progress goes to `on_progress`.
pub struct TypedCallbacks<'a> {
    creds: TypedCredentials,
    on_progress: Box<dyn FnMut(&super::TransferProgress) + 'a>,
}

impl<'a> TypedCallbacks<'a> {
    /// Offers `creds` (none when the first attempt asks nobody) and reports progress.
    pub fn new(
        creds: Option<TypedCredentials>,
        on_progress: impl FnMut(&super::TransferProgress) + 'a,
    ) -> Self {
        TypedCallbacks {
            creds: creds.unwrap_or_default(),
            on_progress: Box::new(on_progress),
        }
    }
}

impl super::GitCallbacks for TypedCallbacks<'_> {
    fn userpass(&mut self, _url: &str, username: Option<&str>) -> Option<(String, String)> {
        let password = self.creds.password.take()?;
        let user = self
            .creds
            .username
            .take()
            .or_else(|| username.map(str::to_string))
            .unwrap_or_default();
        Some((user, password))
    }

    fn ssh_passphrase(&mut self, _key: &Path) -> Option<String> {
        self.creds.passphrase.take()
    }

    fn progress(&mut self, progress: &super::TransferProgress) {
        (self.on_progress)(progress);
    }
}

/// Opens a web page (the pull-request page, a link clicked in the preview) in the user's
/// browser with `xdg-open` (`open` on macOS). Only `http://` and `https://` addresses are
/// opened, so a crafted remote URL or link cannot start a program or open a local file.
pub fn open_web_page(url: &str) -> Result<()> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    if !web || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(crate::error::CoreError::new(
            ErrorKind::InvalidInput,
            format!("only http:// and https:// pages are opened, not {url:?}"),
        ));
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| {
            crate::error::CoreError::new(
                ErrorKind::NotFound,
                format!("cannot start {opener} to open the page ({e}); open {url} yourself"),
            )
        })
}
