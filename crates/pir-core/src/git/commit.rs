//! Commit exactly the given files, and nothing else.
//!
//! The commit's tree is HEAD's tree with just those paths replaced by their working-tree
//! contents (or removed, when deleted), not the index's tree: whatever else the user had
//! staged, modified or left untracked stays exactly as it was. The index entries of those same
//! paths, and only those, are updated to match the commit, as `git commit PATHS` does. Each
//! file's content goes through the index's own `add` (so `.gitattributes` filters,
//! `core.autocrlf`, the execute bit and symlinks are recorded as git records them).
//!
//! Like git, the whole operation holds the index lock (`.git/index.lock`, created exclusively
//! before anything is read): when another git process holds it, nothing is done at all. The
//! new index is prepared in a file of its own while the lock is held and put in place only
//! once the branch has moved, so a refused or failed commit leaves the index untouched, and a
//! commit that moved the branch always has its index updated with it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::sign::{self, Signer};
use super::{Head, ensure_clean_state, git_err, git_msg, open_repo, read_head, short};
use crate::error::{CoreError, ErrorKind, Result};

/// How to commit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommitOptions {
    /// Create this branch (e.g. `pir/db-outage`) at HEAD, switch to it carrying all working
    /// changes over, and commit there. It must not exist yet.
    #[serde(default)]
    pub branch: Option<String>,
}

/// What [`commit()`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommitOutcome {
    /// The new commit, full hex id.
    pub commit: String,
    /// The branch it is on (short name).
    pub branch: String,
    /// The branch was created by this commit (the `branch` option).
    pub created_branch: bool,
    /// It is the repository's first commit.
    pub initial: bool,
    /// It was signed (`commit.gpgsign`).
    pub signed: bool,
    /// The committed paths, relative to the working tree, `/`-separated, sorted.
    pub files: Vec<String>,
}

/// One path to commit and what to record for it.
enum Change {
    /// Record the file as it is in the working tree.
    Write,
    /// Remove the path from the tree.
    Delete,
}

/// Commits exactly `paths` (new, modified or deleted files; relative to `repo_dir` or
/// absolute) with `message`, leaving every other change in the working tree and the index as
/// it was.
///
/// Refused, with nothing changed, when: a merge/rebase/... is in progress; HEAD is detached
/// (unless `opts.branch` names a new branch); a file still has conflict markers; no git
/// identity is configured; `commit.gpgsign` is on and signing fails or its format is not
/// supported; the paths have no change since the last commit.
pub fn commit(
    repo_dir: &Path,
    paths: &[PathBuf],
    message: &str,
    opts: &CommitOptions,
) -> Result<CommitOutcome> {
    let repo = open_repo(repo_dir)?;
    ensure_clean_state(&repo)?;
    let message = git2::message_prettify(message, None)
        .map_err(|e| git_err("reading the commit message", &e))?;
    if message.trim().is_empty() {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "the commit message is empty",
        ));
    }
    let workdir = repo
        .workdir()
        .ok_or_else(|| git_msg("the repository has no working tree"))?
        .to_path_buf();
    let rel_paths = relative_paths(&workdir, repo_dir, paths)?;

    // Everything from here on, reading HEAD included, happens under the index lock.
    let lock = IndexLock::acquire(&repo)?;
    let head = read_head(&repo)?;
    let (branch, parent_oid) = match (&head, &opts.branch) {
        (Head::Detached { oid }, None) => {
            return Err(git_msg(format!(
                "HEAD is detached at {}: check out a branch first, or commit to a new branch \
                 (nothing was committed)",
                short(*oid)
            )));
        }
        (Head::Detached { oid }, Some(_)) | (Head::Branch { oid, .. }, _) => {
            (branch_of(&head), Some(*oid))
        }
        (Head::Unborn { .. }, _) => (branch_of(&head), None),
    };
    let parent = parent_oid
        .map(|oid| repo.find_commit(oid))
        .transpose()
        .map_err(|e| git_err("reading the HEAD commit", &e))?;
    let base_tree = match &parent {
        Some(c) => c.tree().map_err(|e| git_err("reading the HEAD tree", &e))?,
        None => {
            let empty = repo
                .treebuilder(None)
                .and_then(|b| b.write())
                .map_err(|e| git_err("writing the empty tree", &e))?;
            repo.find_tree(empty)
                .map_err(|e| git_err("reading the empty tree", &e))?
        }
    };

    // Read every file first, so a problem with any of them stops everything before a change.
    let mut changes = Vec::with_capacity(rel_paths.len());
    for rel in &rel_paths {
        changes.push(read_change(&workdir, &base_tree, rel)?);
    }
    // Stage just these paths in a copy of the index; it replaces the index after the commit.
    let mut index = lock.staging_index(&repo)?;
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (rel, change) in rel_paths.iter().zip(&changes) {
        let path = Path::new(rel);
        match change {
            Change::Write => {
                index
                    .add_path(path)
                    .map_err(|e| git_err("reading the file into git", &e).with_path(rel))?;
                let entry = index
                    .get_path(path, 0)
                    .ok_or_else(|| git_msg("the file vanished from the index").with_path(rel))?;
                update.upsert(rel.as_str(), entry.id, tree_mode(entry.mode));
            }
            Change::Delete => {
                if index.get_path(path, 0).is_some() {
                    index
                        .remove_path(path)
                        .map_err(|e| git_err("removing from the index", &e).with_path(rel))?;
                }
                update.remove(rel.as_str());
            }
        }
    }
    let tree_oid = update
        .create_updated(&repo, &base_tree)
        .map_err(|e| git_err("building the commit tree", &e))?;
    if parent.is_some() && tree_oid == base_tree.id() {
        return Err(git_msg(format!(
            "nothing to commit: {} unchanged since the last commit",
            if rel_paths.len() == 1 {
                "the file is"
            } else {
                "the files are"
            }
        )));
    }
    let tree = repo
        .find_tree(tree_oid)
        .map_err(|e| git_err("reading the commit tree", &e))?;

    let (author, committer) = identity(&repo)?;
    let signer = sign::signer(&repo, &committer)?;

    // Switch branch last among the preparations, and undo it if the commit itself fails.
    let (branch, created_branch) = match &opts.branch {
        Some(new) => (create_and_switch(&repo, new, parent.as_ref())?, true),
        None => (branch.unwrap_or_default(), false),
    };
    // Written while the lock is held, so that the rename after the commit cannot fail on a
    // lock taken meanwhile.
    index
        .write()
        .map_err(|e| git_err("writing the updated index", &e))?;
    let written = write_commit(
        &repo,
        &branch,
        &author,
        &committer,
        &message,
        &tree,
        parent.as_ref(),
        signer.as_ref(),
    );
    let commit_oid = match written {
        Ok(oid) => oid,
        Err(e) => {
            if created_branch {
                undo_switch(&repo, &head, &branch);
            }
            return Err(e);
        }
    };

    lock.commit().map_err(|e| {
        git_msg(format!(
            "committed {} but could not update the index for the committed files ({e}); \
             `git status` may show them as changed until `git add` is run on them",
            short(commit_oid),
        ))
    })?;

    Ok(CommitOutcome {
        commit: commit_oid.to_string(),
        branch,
        created_branch,
        initial: parent.is_none(),
        signed: signer.is_some(),
        files: rel_paths,
    })
}

/// The index lock (`index.lock` next to the index), held from the start of a commit to its end,
/// as git holds it: another git process that wants the index waits for the commit (and this
/// commit refuses to start while another holds it). The updated index is prepared in a
/// separate staging file and moved over the index by [`IndexLock::commit`]; dropping the lock
/// without that removes the staging file and the lock and leaves the index as it was.
struct IndexLock {
    /// The repository's index file.
    index: PathBuf,
    /// `index.lock`, created by this process.
    lock: PathBuf,
    /// Where the updated index is written before it replaces `index`.
    staging: PathBuf,
}

impl IndexLock {
    /// Creates `index.lock` exclusively; refuses when it exists (another git process is at
    /// work, or one crashed and left it).
    fn acquire(repo: &git2::Repository) -> Result<IndexLock> {
        let index = repo
            .index()
            .ok()
            .and_then(|i| i.path().map(Path::to_path_buf))
            .unwrap_or_else(|| repo.path().join("index"));
        let with_suffix = |suffix: &str| {
            let mut name = index.clone().into_os_string();
            name.push(suffix);
            PathBuf::from(name)
        };
        let lock = with_suffix(".lock");
        let staging = with_suffix(&format!(".pir-commit-{}", std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(_) => Ok(IndexLock {
                index,
                lock,
                staging,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(CoreError::new(
                ErrorKind::GitLocked,
                "another git process is running in this repository (.git/index.lock exists); \
                 if none is, remove the file (nothing was committed)",
            )
            .with_path(&lock)),
            Err(e) => Err(CoreError::io("locking the git index", &lock, &e)),
        }
    }

    /// A copy of the index, backed by the staging file, made the repository's index so that
    /// `add_path` reads files with the repository's filters and attributes.
    fn staging_index(&self, repo: &git2::Repository) -> Result<git2::Index> {
        match fs::copy(&self.index, &self.staging) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(CoreError::io("copying the git index", &self.index, &e)),
        }
        let mut index = git2::Index::open_ext(&self.staging, repo.object_format())
            .map_err(|e| git_err("reading the index", &e))?;
        repo.set_index(&mut index)
            .map_err(|e| git_err("opening the index", &e))?;
        Ok(index)
    }

    /// Puts the staged index in place of the index and releases the lock.
    fn commit(self) -> std::io::Result<()> {
        fs::rename(&self.staging, &self.index)
        // Drop removes the lock.
    }
}

impl Drop for IndexLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.staging);
        let _ = fs::remove_file(&self.lock);
    }
}

/// The short branch name HEAD is on, if any.
fn branch_of(head: &Head) -> Option<String> {
    match head {
        Head::Branch { name, .. } | Head::Unborn { name } => Some(name.clone()),
        Head::Detached { .. } => None,
    }
}

/// Author and committer as git resolves them (config levels, then `GIT_AUTHOR_*`,
/// `GIT_COMMITTER_*` and `EMAIL` environment variables).
pub(super) fn identity(
    repo: &git2::Repository,
) -> Result<(git2::Signature<'static>, git2::Signature<'static>)> {
    let no_identity = |e: git2::Error| {
        if e.code() == git2::ErrorCode::NotFound {
            git_msg(
                "no git identity: set it with `git config --global user.name \"Your Name\"` and \
                 `git config --global user.email you@example.com` (nothing was committed)",
            )
        } else {
            git_err("reading the git identity", &e)
        }
    };
    let author = repo.author_from_env().map_err(no_identity)?;
    let committer = repo.committer_from_env().map_err(no_identity)?;
    Ok((author, committer))
}

/// Turns the given paths into unique, sorted, `/`-separated paths relative to `workdir`,
/// refusing any that would leave it or point into `.git`.
fn relative_paths(workdir: &Path, repo_dir: &Path, paths: &[PathBuf]) -> Result<Vec<String>> {
    if paths.is_empty() {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "no files to commit",
        ));
    }
    let canon_workdir = fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
    let canon_dir = fs::canonicalize(repo_dir).unwrap_or_else(|_| repo_dir.to_path_buf());
    let mut out = BTreeSet::new();
    for p in paths {
        let abs = crate::fsio::lexical_path(&if p.is_absolute() {
            p.clone()
        } else {
            canon_dir.join(p)
        })
        .ok_or_else(|| {
            CoreError::new(ErrorKind::UnsafePath, "leads above the root").with_path(p)
        })?;
        let rel = abs
            .strip_prefix(&canon_workdir)
            .or_else(|_| abs.strip_prefix(workdir))
            .map_err(|_| {
                CoreError::new(ErrorKind::UnsafePath, "is outside the repository").with_path(p)
            })?;
        let mut parts = Vec::new();
        for c in rel.components() {
            let Component::Normal(s) = c else {
                return Err(
                    CoreError::new(ErrorKind::UnsafePath, "is not a plain path").with_path(p)
                );
            };
            let s = s.to_str().ok_or_else(|| {
                CoreError::new(ErrorKind::InvalidInput, "path is not valid UTF-8").with_path(p)
            })?;
            parts.push(s);
        }
        if parts.is_empty() {
            return Err(CoreError::new(
                ErrorKind::InvalidInput,
                "is the repository itself, not a file",
            )
            .with_path(p));
        }
        if parts[0] == ".git" {
            return Err(CoreError::new(ErrorKind::UnsafePath, "is inside .git").with_path(p));
        }
        out.insert(parts.join("/"));
    }
    Ok(out.into_iter().collect())
}

/// What to record for `rel`: its working-tree content, or its removal. Refuses folders and
/// files with conflict markers.
fn read_change(workdir: &Path, base: &git2::Tree<'_>, rel: &str) -> Result<Change> {
    let full = workdir.join(rel);
    match fs::symlink_metadata(&full) {
        Ok(meta) if meta.is_dir() => Err(CoreError::new(
            ErrorKind::InvalidInput,
            "is a folder: name the files in it to commit",
        )
        .with_path(&full)),
        Ok(meta) if meta.file_type().is_symlink() => Ok(Change::Write),
        Ok(_) => {
            let bytes =
                fs::read(&full).map_err(|e| CoreError::io("reading the file", &full, &e))?;
            match conflict_marker_line(&bytes) {
                Some(line) => Err(CoreError::new(
                    ErrorKind::Conflict,
                    "has unresolved conflict markers (<<<<<<< ... >>>>>>>): resolve them before \
                     committing (nothing was committed)",
                )
                .with_path(&full)
                .at_line(line)),
                None => Ok(Change::Write),
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if base.get_path(Path::new(rel)).is_ok() {
                Ok(Change::Delete)
            } else {
                Err(CoreError::new(
                    ErrorKind::NotFound,
                    "is neither in the working tree nor in the last commit",
                )
                .with_path(&full))
            }
        }
        Err(e) => Err(CoreError::io("reading the file", &full, &e)),
    }
}

/// The tree entry mode for an index entry's mode.
fn tree_mode(mode: u32) -> git2::FileMode {
    match mode {
        0o100755 => git2::FileMode::BlobExecutable,
        0o120000 => git2::FileMode::Link,
        0o160000 => git2::FileMode::Commit,
        _ => git2::FileMode::Blob,
    }
}

/// The 1-based line of the first `<<<<<<<` conflict marker that a later `>>>>>>>` line
/// closes, if any: the shape git leaves in a file after a conflicted merge.
pub fn conflict_marker_line(bytes: &[u8]) -> Option<usize> {
    let is_marker = |line: &[u8], mark: &[u8]| {
        line.starts_with(mark) && matches!(line.get(mark.len()), None | Some(b' ' | b'\r' | b'\t'))
    };
    let mut open = None;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if open.is_none() && is_marker(line, b"<<<<<<<") {
            open = Some(i + 1);
        } else if open.is_some() && is_marker(line, b">>>>>>>") {
            return open;
        }
    }
    None
}

/// Creates branch `name` at `at` (or, on an unborn HEAD, just points HEAD at it) and switches
/// HEAD to it. The working tree and index are untouched: the new branch starts at the same
/// commit, so every working change carries over.
fn create_and_switch(
    repo: &git2::Repository,
    name: &str,
    at: Option<&git2::Commit<'_>>,
) -> Result<String> {
    if !git2::Branch::name_is_valid(name).unwrap_or(false) {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            format!("`{name}` is not a valid branch name"),
        ));
    }
    if repo.find_branch(name, git2::BranchType::Local).is_ok() {
        return Err(CoreError::new(
            ErrorKind::AlreadyExists,
            format!("branch `{name}` already exists (nothing was committed)"),
        ));
    }
    if let Some(commit) = at {
        repo.branch(name, commit, false)
            .map_err(|e| git_err(&format!("creating branch `{name}`"), &e))?;
    }
    repo.set_head(&format!("refs/heads/{name}"))
        .map_err(|e| git_err(&format!("switching to branch `{name}`"), &e))?;
    Ok(name.to_string())
}

/// Puts HEAD back where it was and removes the branch just created (best effort: this runs
/// only after another failure, which is the error reported).
fn undo_switch(repo: &git2::Repository, head: &Head, created: &str) {
    let _ = match head {
        Head::Branch { name, .. } | Head::Unborn { name } => {
            repo.set_head(&format!("refs/heads/{name}"))
        }
        Head::Detached { oid } => repo.set_head_detached(*oid),
    };
    if let Ok(mut b) = repo.find_branch(created, git2::BranchType::Local) {
        let _ = b.delete();
    }
}

/// Writes the commit object (signed when `signer` is given) and moves `branch` to it, only if
/// the branch still points at `parent` (another commit made meanwhile is never overwritten).
#[allow(clippy::too_many_arguments)]
fn write_commit(
    repo: &git2::Repository,
    branch: &str,
    author: &git2::Signature<'_>,
    committer: &git2::Signature<'_>,
    message: &str,
    tree: &git2::Tree<'_>,
    parent: Option<&git2::Commit<'_>>,
    signer: Option<&Signer>,
) -> Result<git2::Oid> {
    let parents: Vec<&git2::Commit<'_>> = parent.into_iter().collect();
    let oid = match signer {
        Some(signer) => {
            let buf = repo
                .commit_create_buffer(author, committer, message, tree, &parents)
                .map_err(|e| git_err("preparing the commit", &e))?;
            let content = buf
                .as_str()
                .map_err(|_| git_msg("the commit is not valid UTF-8 and cannot be signed"))?;
            let signature = signer.sign(content)?;
            repo.commit_signed(content, &signature, None)
                .map_err(|e| git_err("writing the signed commit", &e))?
        }
        None => repo
            .commit(None, author, committer, message, tree, &parents)
            .map_err(|e| git_err("writing the commit", &e))?,
    };
    let refname = format!("refs/heads/{branch}");
    let summary = message.lines().next().unwrap_or("");
    let moved = match parent {
        Some(p) => {
            repo.reference_matching(&refname, oid, true, p.id(), &format!("commit: {summary}"))
        }
        None => repo.reference(
            &refname,
            oid,
            false,
            &format!("commit (initial): {summary}"),
        ),
    };
    moved.map_err(|e| {
        if matches!(e.code(), git2::ErrorCode::Modified | git2::ErrorCode::Exists) {
            CoreError::new(
                ErrorKind::Conflict,
                format!("branch `{branch}` moved while committing (another commit was made): nothing was committed"),
            )
        } else if e.code() == git2::ErrorCode::Locked {
            CoreError::new(ErrorKind::GitLocked, format!(
                "another git process is updating branch `{branch}` (.git/{refname}.lock exists); \
                 if none is, remove the file (nothing was committed)"
            ))
        } else {
            git_err(&format!("updating branch `{branch}`"), &e)
        }
    })?;
    Ok(oid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_markers_need_an_opening_and_a_closing_line() {
        assert_eq!(
            conflict_marker_line(b"a\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> other\n"),
            Some(2)
        );
        assert_eq!(conflict_marker_line(b"<<<<<<<\n>>>>>>>"), Some(1));
        // An opening marker alone, or marker-like text inside a line, is not a conflict.
        assert_eq!(conflict_marker_line(b"<<<<<<< HEAD\nno end\n"), None);
        assert_eq!(conflict_marker_line(b"a <<<<<<< b\n>>>>>>> c\n"), None);
        assert_eq!(conflict_marker_line(b"<<<<<<<<<< long\n>>>>>>> c\n"), None);
        // Setext heading underlines are fine.
        assert_eq!(conflict_marker_line(b"Title\n=======\n"), None);
    }

    #[test]
    fn normalize_resolves_dots_lexically() {
        // Without touching the file system: the file may be deleted.
        assert_eq!(
            crate::fsio::lexical_path(Path::new("/a/b/../c/./d")),
            Some(PathBuf::from("/a/c/d"))
        );
    }
}
