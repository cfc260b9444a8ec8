//! Where a link in a page of the site leads, so the preview can follow it inside the app.
//!
//! A link in the preview must never navigate the app's window (that would drop the open PIR,
//! its undo history and scroll). The UI asks [`resolve`] what a clicked `href` is and acts on
//! the answer: another PIR opens in the editor, another page of the site in a read-only
//! preview, an `#anchor` scrolls the preview, and a web address opens in the browser.
//!
//! Links are read as MkDocs reads them: relative to the page's own file (`../runbooks/db.md`,
//! `db.md#restore`), or to the docs folder when they start with `/`; with directory URLs
//! (`../runbooks/db/`) the page is `db.md` or `db/index.md`. A link that leads out of the docs
//! folder, or to no file, is said to, never followed.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Site;
use crate::error::{ErrorKind, Result};
use crate::fsio;
use crate::render;

/// What a link leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkTarget {
    /// A place in the same page: the id to scroll to (percent-decoded).
    Anchor {
        /// The element id.
        id: String,
    },
    /// One of the site's PIRs, to open in the editor.
    Pir {
        /// The PIR's file.
        path: PathBuf,
        /// The `#fragment` after the file, if any.
        anchor: Option<String>,
    },
    /// Another page of the docs folder, to show read-only.
    Page {
        /// The page's file.
        path: PathBuf,
        /// The `#fragment` after the file, if any.
        anchor: Option<String>,
    },
    /// A web page (`http`/`https`), for the browser.
    Web {
        /// The address as written.
        url: String,
    },
    /// Not something the app can show: a page that does not exist, a file that is not a page,
    /// a path out of the docs folder, another scheme (`mailto:`).
    Unfollowed {
        /// Why, in words for the author.
        reason: String,
    },
}

/// What the link `href` in the page `from` (a file of `site`) leads to.
pub fn resolve(site: &Site, from: &Path, href: &str) -> LinkTarget {
    let href = href.trim();
    if let Some(id) = href.strip_prefix('#') {
        return LinkTarget::Anchor { id: decode(id) };
    }
    if let Some(scheme) = scheme(href) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => LinkTarget::Web {
                url: href.to_string(),
            },
            _ => unfollowed(format!("{scheme}: links are not opened from the preview")),
        };
    }
    let (path_part, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(decode(a))),
        None => (href, None),
    };
    let path_part = path_part.split('?').next().unwrap_or_default();
    let docs = docs_dir(site);
    let decoded = decode(path_part);
    let base = if decoded.starts_with('/') {
        docs.clone()
    } else {
        from.parent()
            .map_or_else(|| docs.clone(), Path::to_path_buf)
    };
    let Some(joined) = fsio::lexical_path(&base.join(decoded.trim_start_matches('/'))) else {
        return unfollowed(format!("{href} leads out of the site"));
    };
    if !joined.starts_with(&docs) {
        return unfollowed(format!("{href} leads out of the docs folder"));
    }
    let Some(file) = page_file(&joined, decoded.ends_with('/') || decoded.is_empty()) else {
        return unfollowed(format!("{href}: no such page in the site"));
    };
    if !site.is_inside(&file) {
        return unfollowed(format!("{href} leads out of the site"));
    }
    if site.is_pir_path(&file) {
        LinkTarget::Pir { path: file, anchor }
    } else if file.extension().is_some_and(|e| e == "md") {
        LinkTarget::Page { path: file, anchor }
    } else {
        unfollowed(format!("{href} is not a page of the site"))
    }
}

/// The sanitised preview of a page of the site (not a PIR being edited): what
/// [`LinkTarget::Page`] shows, its images named by their preview URLs
/// ([`super::preview_images`]). The page must be a markdown file inside the docs folder.
pub fn render_page(site: &Site, path: &Path) -> Result<String> {
    let docs = docs_dir(site);
    let inside_docs = fsio::lexical_path(path).is_some_and(|p| p.starts_with(&docs));
    if !inside_docs || path.extension().is_none_or(|e| e != "md") {
        return Err(crate::error::CoreError::new(
            ErrorKind::UnsafePath,
            "only markdown pages of the docs folder are shown",
        )
        .with_path(path));
    }
    site.ensure_inside(path, "the page")?;
    let html = render::render(&fsio::read_string(path)?);
    Ok(match super::preview_images::PreviewImages::for_page(path) {
        Some(images) => images.rewrite(html),
        None => html,
    })
}

/// The docs folder without `.` or `..` (`docs_dir: ./docs`), to compare paths with.
fn docs_dir(site: &Site) -> PathBuf {
    let docs = site.docs_dir();
    fsio::lexical_path(&docs).unwrap_or(docs)
}

fn unfollowed(reason: String) -> LinkTarget {
    LinkTarget::Unfollowed { reason }
}

/// The scheme of an absolute URL (`https` of `https://…`), read as browsers do.
fn scheme(href: &str) -> Option<&str> {
    let (scheme, _) = href.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then_some(scheme)
}

/// The file of a page link: the file itself, else (directory URLs) `X.md`, `X/index.md`,
/// `X/README.md`.
fn page_file(path: &Path, dir_link: bool) -> Option<PathBuf> {
    if !dir_link && path.is_file() {
        return Some(path.to_path_buf());
    }
    let mut candidates = Vec::new();
    if !dir_link && let Some(name) = path.file_name() {
        candidates.push(path.with_file_name(format!("{}.md", name.to_string_lossy())));
    }
    candidates.push(path.join("index.md"));
    candidates.push(path.join("README.md"));
    candidates.into_iter().find(|p| p.is_file())
}

/// Percent-decoding of a link's path or fragment (`%20` → space); invalid escapes are kept.
pub(crate) fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_keeps_broken_ones() {
        assert_eq!(decode("a%20b"), "a b");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%C3%A9"), "%zzé");
        assert_eq!(decode("%FF"), "%FF");
    }

    #[test]
    fn reads_schemes_as_browsers_do() {
        assert_eq!(scheme("https://x"), Some("https"));
        assert_eq!(scheme("mailto:a@b"), Some("mailto"));
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("1x:y"), None);
        assert_eq!(scheme("db.md"), None);
    }
}
