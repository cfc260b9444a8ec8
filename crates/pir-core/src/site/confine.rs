//! Keeping every file a site names inside the site's repository.
//!
//! `mkdocs.yml` names paths (`docs_dir`, nav pages, hooks) and the docs folder may hold
//! symlinks; followed naively, `../../elsewhere/2026-01-01-a.md` in the nav or a symlink to
//! `/etc/passwd` would make PIR Editor read (into lists, search, the home page) or write (a
//! new PIR) files that are not the site's. Every path the site names is resolved here —
//! symlinks included, through the part of it that exists — and must stay inside the
//! [`boundary`]: the git work tree holding the site, else the folder holding `mkdocs.yml`.

use std::path::{Component, Path, PathBuf};

use crate::error::{CoreError, ErrorKind, Result};

/// How many symlinks [`resolve`] follows through the missing part of a path before giving up
/// (the kernel's own limit for one lookup is 40).
const MAX_LINKS: usize = 40;

/// The folder a site's files must stay in: the work tree of the git repository holding
/// `site_root`, else `site_root` itself, resolved.
///
/// A repository is the unit a user shares and reviews, so a site may keep its PIRs in a
/// folder of the repository beside the docs (a symlinked incidents folder); anything beyond it
/// is someone else's file.
pub fn boundary(site_root: &Path) -> PathBuf {
    let root = std::fs::canonicalize(site_root).unwrap_or_else(|_| site_root.to_path_buf());
    let work_tree = crate::git::work_tree_of(&root).and_then(|w| std::fs::canonicalize(w).ok());
    match work_tree {
        // `discover` may walk past a ceiling the user would not expect; only a work tree
        // that actually holds the site counts.
        Some(w) if root.starts_with(&w) => w,
        _ => root,
    }
}

/// `path` (absolute) with every symlink and `..` resolved: the longest part that exists is
/// canonicalised, the rest applied by name. `None` when it cannot be told where the path
/// leads (a dangling symlink, a loop), which callers treat as outside.
pub fn resolve(path: &Path) -> Option<PathBuf> {
    resolve_depth(path, 0)
}

fn resolve_depth(path: &Path, depth: usize) -> Option<PathBuf> {
    if depth > MAX_LINKS {
        return None;
    }
    let comps: Vec<Component<'_>> = path.components().collect();
    for k in (1..=comps.len()).rev() {
        let prefix: PathBuf = comps[..k].iter().collect();
        let base = match std::fs::canonicalize(&prefix) {
            Ok(c) => c,
            Err(_) => match std::fs::symlink_metadata(&prefix) {
                // A symlink whose target is missing: follow it by hand.
                Ok(m) if m.file_type().is_symlink() => {
                    let target = std::fs::read_link(&prefix).ok()?;
                    let target = match prefix.parent() {
                        Some(parent) if target.is_relative() => parent.join(target),
                        _ => target,
                    };
                    resolve_depth(&target, depth + 1)?
                }
                // Something exists but cannot be resolved (a loop, no permission).
                Ok(_) => return None,
                Err(_) => continue,
            },
        };
        let mut out = base;
        for c in &comps[k..] {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::Normal(n) => out.push(n),
                Component::CurDir => {}
                // Only the first components of a path are a root or a prefix.
                Component::RootDir | Component::Prefix(_) => return None,
            }
        }
        return Some(out);
    }
    None
}

/// Whether `path`, resolved, is `boundary` or inside it.
pub fn is_inside(boundary: &Path, path: &Path) -> bool {
    resolve(path).is_some_and(|r| r.starts_with(boundary))
}

/// `Ok` when `path`, resolved, stays inside `boundary`; else an [`ErrorKind::UnsafePath`]
/// error saying `what` leads where, naming `path`.
pub fn ensure_inside(boundary: &Path, path: &Path, what: &str) -> Result<()> {
    match resolve(path) {
        Some(r) if r.starts_with(boundary) => Ok(()),
        resolved => Err(CoreError::new(
            ErrorKind::UnsafePath,
            outside_message(boundary, what, resolved.as_deref()),
        )
        .with_path(path)),
    }
}

/// "`what` leads to `X`, outside `boundary`": the words of every refusal.
pub fn outside_message(boundary: &Path, what: &str, resolved: Option<&Path>) -> String {
    match resolved {
        Some(r) => format!(
            "{what} leads to {}, outside the site's folder {}: PIR Editor reads and writes only inside it",
            r.display(),
            boundary.display()
        ),
        None => format!(
            "{what} is a broken or looping symlink; PIR Editor follows only links that stay inside {}",
            boundary.display()
        ),
    }
}

/// Whether `rel` (a docs-relative path from `mkdocs.yml`) stays under the docs folder by its
/// text alone: relative, without `..`. MkDocs resolves nav pages inside `docs_dir` only, so a
/// page written otherwise is never one of the site's.
pub fn is_plain_relative(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty()
        && p.components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_missing_tails_and_dotdot_by_name() {
        let t = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(t.path()).unwrap();
        std::fs::create_dir(base.join("a")).unwrap();
        assert_eq!(
            resolve(&base.join("a/new/../x.md")).unwrap(),
            base.join("a/x.md")
        );
        assert_eq!(
            resolve(&base.join("a/../../up")).unwrap(),
            base.parent().unwrap().join("up")
        );
        assert!(is_inside(&base, &base.join("a/b/c")));
        assert!(!is_inside(&base.join("a"), &base.join("a/../b")));
    }

    #[cfg(unix)]
    #[test]
    fn follows_symlinks_dangling_ones_too() {
        let t = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(t.path()).unwrap();
        std::fs::create_dir(base.join("site")).unwrap();
        std::os::unix::fs::symlink(base.join("gone/dir"), base.join("site/link")).unwrap();
        assert_eq!(
            resolve(&base.join("site/link/x.md")).unwrap(),
            base.join("gone/dir/x.md")
        );
        assert!(!is_inside(&base.join("site"), &base.join("site/link/x.md")));
        std::os::unix::fs::symlink(base.join("site/loop"), base.join("site/loop")).unwrap();
        assert_eq!(resolve(&base.join("site/loop/x")), None);
    }

    #[test]
    fn plain_relative_paths() {
        assert!(is_plain_relative("incidents/a.md"));
        assert!(is_plain_relative("./a.md"));
        assert!(!is_plain_relative("../a.md"));
        assert!(!is_plain_relative("incidents/../../a.md"));
        assert!(!is_plain_relative("/etc/passwd"));
        assert!(!is_plain_relative(""));
    }
}
