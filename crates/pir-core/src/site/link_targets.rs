//! What a link written in a PIR can point to: every page of the docs folder (other PIRs,
//! runbooks, the home page) and every heading in them, each with the link text to write from
//! the PIR being edited (`../runbooks/dns.md#restart`), and a ranked search over them for the
//! editor's link picker.
//!
//! Links are written as MkDocs reads them and as [`super::links::resolve`] follows them in the
//! preview: relative to the PIR's own file, to the page's `.md` file, with the heading's id as
//! the fragment. The ids come from the preview's renderer ([`crate::render::toc`]), so they are
//! the ones the published page has.
//!
//! Reading and rendering every page is what a search costs, so a [`LinkTargetCache`] keeps
//! what each page gives (title, headings) while its file is unchanged: a search then only
//! walks the folder and reads the pages that changed since the last one.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use icu_normalizer::DecomposingNormalizerBorrowed;
use serde::{Deserialize, Serialize};

use super::Site;
use crate::doc::Document;
use crate::error::Result;
use crate::fsio;
use crate::render::toc::{Heading, headings};

/// How many pages of the docs folder are read at most: a docs folder larger than this is not
/// a PIR site's, and the picker must stay quick.
pub const MAX_PAGES: usize = 5000;

/// One page of the site a link can point to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkPage {
    /// The page's file.
    pub path: PathBuf,
    /// Its path relative to the docs folder, `/`-separated (`runbooks/dns.md`).
    pub rel: String,
    /// Its title: a PIR's title (without `Post Incident Review:`), else the page's first
    /// level-1 heading, else its file name.
    pub title: String,
    /// Whether it is one of the site's PIRs.
    pub pir: bool,
    /// The link to write from the PIR being edited (`../runbooks/dns.md`; empty for the PIR
    /// itself, whose headings are linked as `#id`).
    pub link: String,
    /// Its headings, with the link to each (`../runbooks/dns.md#restart`).
    pub headings: Vec<LinkHeading>,
}

/// One heading of a page a link can point to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkHeading {
    /// 1 for `#`, up to 6.
    pub level: u8,
    /// The heading's id, as the published page has it.
    pub id: String,
    /// The heading's text.
    pub text: String,
    /// The link to write from the PIR being edited.
    pub link: String,
}

/// Every page of `site`'s docs folder, sorted by path, with its headings, as links written in
/// the page `from` (the PIR being edited).
///
/// Hidden files and folders are skipped, as MkDocs skips them; so is anything that leads out of
/// the site (a symlink elsewhere) and any page that does not read as UTF-8 text.
pub fn link_targets(site: &Site, from: &Path) -> Result<Vec<LinkPage>> {
    LinkTargetCache::default().targets(site, from)
}

/// How a page's file was when it was read: a file whose size or modification time differs
/// has changed and is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// What a page gives the picker whichever page links to it.
#[derive(Debug, Clone)]
struct PageFacts {
    stamp: Stamp,
    pir: bool,
    rel: String,
    title: String,
    headings: Vec<Heading>,
}

/// The link targets of one site, kept between searches: each page's title and headings stay
/// while its file keeps its size and modification time, so typing in the link picker reads
/// and renders only the pages changed since the last search (none, mostly). Pages added or
/// removed are found by walking the docs folder on each search. Another site's pages are
/// dropped when it is asked for.
#[derive(Debug, Default)]
pub struct LinkTargetCache {
    /// The site the pages are of.
    root: Option<PathBuf>,
    pages: HashMap<PathBuf, PageFacts>,
    /// How many pages were read and rendered, in all (to see that the cache holds).
    reads: usize,
}

impl LinkTargetCache {
    /// How many pages this cache has read and rendered since it was made.
    pub fn reads(&self) -> usize {
        self.reads
    }

    /// [`link_targets`] of `site` for links written in `from`, reading only the pages whose
    /// file changed since they were last read.
    pub fn targets(&mut self, site: &Site, from: &Path) -> Result<Vec<LinkPage>> {
        if self.root.as_deref() != Some(site.root.as_path()) {
            self.root = Some(site.root.clone());
            self.pages.clear();
        }
        let docs = site.docs_dir();
        let mut files = Vec::new();
        collect_pages(site, &docs, &mut files);
        files.sort();
        let from_dir = from.parent().unwrap_or(&docs).to_path_buf();
        let mut kept = HashMap::with_capacity(files.len());
        let mut pages = Vec::with_capacity(files.len());
        for path in files {
            let pir = site.is_pir_path(&path);
            let Some(stamp) = Stamp::of(&path) else {
                continue;
            };
            let facts = match self.pages.remove(&path) {
                Some(f) if f.stamp == stamp && f.pir == pir => f,
                _ => {
                    let Ok(text) = fsio::read_string(&path) else {
                        continue;
                    };
                    self.reads += 1;
                    let heads = headings(&text);
                    PageFacts {
                        stamp,
                        pir,
                        rel: site.docs_relative(&path).unwrap_or_default(),
                        title: page_title(&path, &text, pir, &heads),
                        headings: heads,
                    }
                }
            };
            let link = if path == from {
                String::new()
            } else {
                relative_link(&from_dir, &path)
            };
            let headings = facts
                .headings
                .iter()
                .map(|h| LinkHeading {
                    link: format!("{link}#{}", h.id),
                    level: h.level,
                    id: h.id.clone(),
                    text: h.text.clone(),
                })
                .collect();
            pages.push(LinkPage {
                path: path.clone(),
                rel: facts.rel.clone(),
                title: facts.title.clone(),
                pir,
                link,
                headings,
            });
            kept.insert(path, facts);
        }
        // Pages gone from the folder are forgotten.
        self.pages = kept;
        Ok(pages)
    }

    /// [`search`] over [`LinkTargetCache::targets`]: what the link picker shows for `query`.
    pub fn search(&mut self, site: &Site, from: &Path, query: &str) -> Result<Vec<LinkHit>> {
        Ok(search(&self.targets(site, from)?, query))
    }
}

/// The `*.md` files under `dir`, hidden entries, symlinked folders and what leads out of the
/// site left out, up to [`MAX_PAGES`].
fn collect_pages(site: &Site, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if out.len() >= MAX_PAGES {
            return;
        }
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden || !site.is_inside(&path) {
            continue;
        }
        // Symlinked folders are not walked: a link back up would walk the site forever.
        let real_dir = path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_dir());
        if real_dir {
            collect_pages(site, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") && path.is_file() {
            out.push(path);
        }
    }
}

/// A page's title as MkDocs gives it when the nav does not: a PIR's short title, else its
/// first level-1 heading, else its file name without `.md`.
fn page_title(path: &Path, text: &str, pir: bool, heads: &[Heading]) -> String {
    if pir {
        let doc = Document::parse(text.to_string());
        let model = doc.model();
        if let Some(t) = model.short_title.clone().or(model.title.clone()) {
            return t;
        }
    }
    heads
        .iter()
        .find(|h| h.level == 1)
        .map(|h| h.text.clone())
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
}

/// The relative link from a page in `from_dir` to the file `to`, `/`-separated, with the
/// characters a markdown link destination cannot hold as they are (spaces, parentheses, `<`,
/// `>`, `#`, `%`) percent-encoded.
pub fn relative_link(from_dir: &Path, to: &Path) -> String {
    let from: Vec<Component<'_>> = from_dir.components().collect();
    let to_parts: Vec<Component<'_>> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| encode(&c.as_os_str().to_string_lossy())),
    );
    parts.join("/")
}

/// `part` with what a link destination cannot hold percent-encoded.
fn encode(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for c in part.chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '#' | '%' | '?' | '[' | ']' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// One answer of [`search`]: a page, or a heading of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkHit {
    /// What the picker shows first: the page's title or the heading's text.
    pub text: String,
    /// The page's title (for a heading: the page it is in).
    pub page_title: String,
    /// The page's path relative to the docs folder.
    pub rel: String,
    /// The heading's id, for a heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub heading: Option<String>,
    /// Whether the page is a PIR.
    pub pir: bool,
    /// The link to write.
    pub link: String,
}

/// How many answers [`search`] gives at most.
pub const MAX_HITS: usize = 100;

/// The pages and headings of `pages` matching `query`, best first, at most [`MAX_HITS`].
///
/// Every word of the query must be found, case- and accent-insensitively, in the page's title, its path
/// or (for a heading) the heading's text. A word found at the start of a word of the text
/// shown counts most, anywhere in it next, in the path (or the page's title, for a heading)
/// least; pages come before their headings at equal rank. An empty query lists the pages.
/// The PIR being edited (the page whose link is empty) is not offered, its headings are.
pub fn search(pages: &[LinkPage], query: &str) -> Vec<LinkHit> {
    let words: Vec<String> = query.split_whitespace().map(fold).collect();
    let mut hits: Vec<(u32, usize, LinkHit)> = Vec::new();
    let mut order = 0usize;
    for page in pages {
        let title = fold(&page.title);
        let rel = fold(&page.rel);
        // The PIR being edited is no page to link to; its headings are.
        let linkable = !page.link.is_empty();
        if linkable && let Some(score) = score(&words, &title, &rel) {
            hits.push((
                score + 1,
                order,
                LinkHit {
                    text: page.title.clone(),
                    page_title: page.title.clone(),
                    rel: page.rel.clone(),
                    heading: None,
                    pir: page.pir,
                    link: page.link.clone(),
                },
            ));
        }
        order += 1;
        if words.is_empty() {
            continue;
        }
        let context = format!("{title} {rel}");
        for h in &page.headings {
            if let Some(score) = score(&words, &fold(&h.text), &context) {
                hits.push((
                    score,
                    order,
                    LinkHit {
                        text: h.text.clone(),
                        page_title: page.title.clone(),
                        rel: page.rel.clone(),
                        heading: Some(h.id.clone()),
                        pir: page.pir,
                        link: h.link.clone(),
                    },
                ));
            }
            order += 1;
        }
    }
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    hits.into_iter().take(MAX_HITS).map(|(_, _, h)| h).collect()
}

/// `text` lowercased with its accents dropped (`Élan` → `elan`), so a query typed without
/// them finds it.
fn fold(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    DecomposingNormalizerBorrowed::new_nfd()
        .normalize(&lower)
        .chars()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// The rank of a text for the lowercase query `words`: `None` unless every word is in `shown`
/// or `context`.
fn score(words: &[String], shown: &str, context: &str) -> Option<u32> {
    let mut total = 0;
    for w in words {
        total += if starts_a_word(shown, w) {
            6
        } else if shown.contains(w.as_str()) {
            4
        } else if context.contains(w.as_str()) {
            2
        } else {
            return None;
        };
    }
    Some(total)
}

/// Whether `word` is found in `text` at the start of one of its words.
fn starts_a_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_and_encode() {
        let from = Path::new("/s/docs/incidents");
        assert_eq!(
            relative_link(from, Path::new("/s/docs/runbooks/dns.md")),
            "../runbooks/dns.md"
        );
        assert_eq!(
            relative_link(from, Path::new("/s/docs/incidents/a b.md")),
            "a%20b.md"
        );
    }
}
