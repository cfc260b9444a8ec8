//! Finding a site's template: the page its README or home page names, `*template*` pages and
//! `templates/` folders inside the site, and the `## Template` fenced block such a page holds.

use std::path::{Path, PathBuf};

use crate::fsio;
use crate::site::Site;

/// Whether `path` is a template by its name: `*template*.md`, or any page of a folder whose
/// name holds `template` (`templates/`, `doc-templates/`).
pub(crate) fn is_template_file(path: &Path) -> bool {
    let named = |p: Option<&std::ffi::OsStr>| {
        p.is_some_and(|n| n.to_string_lossy().to_lowercase().contains("template"))
    };
    named(path.file_name()) || named(path.parent().and_then(Path::file_name))
}

/// Markdown files that may hold the site's template, most likely first: a template the
/// site's README or home page names, then `*template*.md` pages of the docs folder, the
/// incidents folder and the root, then the pages of `templates` folders. Only files inside
/// the site's boundary count.
pub(crate) fn template_candidates(site: &Site) -> Vec<PathBuf> {
    let docs = site.docs_dir();
    let mut out = named_templates(site);
    let mut dirs = vec![
        docs.clone(),
        site.incidents_dir(),
        docs.join("templates"),
        site.root.clone(),
        site.root.join("templates"),
        site.root.join("doc-templates"),
        docs.join("doc-templates"),
    ];
    dirs.dedup();
    for dir in dirs {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut found: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md") && is_template_file(p))
            .filter(|p| p.is_file() && site.is_inside(p))
            .collect();
        found.sort();
        for f in found {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

/// Templates the site's own words point at: a path or link ending in `.md` and holding
/// `template` in the README (repository root or site root) or the home page, resolved from
/// that page's folder, the site root and the docs folder.
pub(crate) fn named_templates(site: &Site) -> Vec<PathBuf> {
    let docs = site.docs_dir();
    let pages = [
        site.root.join("README.md"),
        site.root.join("readme.md"),
        docs.join("index.md"),
        docs.join("README.md"),
    ];
    let mut out = Vec::new();
    for page in pages {
        let Ok(loaded) = fsio::read_text(&page) else {
            continue;
        };
        for word in loaded.text.split(|c: char| {
            c.is_whitespace() || matches!(c, '(' | ')' | '`' | '[' | ']' | '<' | '>' | '"' | '\'')
        }) {
            let w = word.trim_end_matches([',', '.', ';', ':']);
            let w = if w.ends_with(".md") { w } else { continue };
            if !w.to_lowercase().contains("template") || w.contains("://") {
                continue;
            }
            let rel = w.trim_start_matches("./").trim_start_matches('/');
            let bases = [
                page.parent().unwrap_or(&site.root),
                site.root.as_path(),
                docs.as_path(),
            ];
            for base in bases {
                let p = base.join(rel);
                if p.is_file() && site.is_inside(&p) && !out.contains(&p) {
                    out.push(p);
                    break;
                }
            }
        }
    }
    out
}

/// Lines with whether each is inside a fenced code block (fence lines included).
pub(crate) fn fenced_lines(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in text.lines() {
        let t = line.trim_start();
        let marker = t.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| t.chars().take_while(|c| *c == m).count());
        match (fence, marker) {
            (None, Some(m)) if run >= 3 => {
                fence = Some((m, run));
                out.push((line, true));
            }
            (Some((m, n)), Some(c))
                if c == m && run >= n && t.trim_end().chars().all(|x| x == m) =>
            {
                fence = None;
                out.push((line, true));
            }
            _ => out.push((line, fence.is_some())),
        }
    }
    out
}

pub(crate) fn heading_of(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    let rest = line.get(level..)?;
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| (level, rest.trim()))
}

/// The fenced block under a `## Template` heading, with escaped inner fences (`` \`\`\` ``)
/// turned back into real ones.
pub fn extract_template(page: &str) -> Option<String> {
    let lines = fenced_lines(page);
    let start = lines.iter().position(|(l, fenced)| {
        !fenced
            && heading_of(l).is_some_and(|(lv, t)| lv == 2 && t.eq_ignore_ascii_case("template"))
    })?;
    let open = (start + 1..lines.len()).find(|&i| {
        let t = lines[i].0.trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    })?;
    let fence_line = lines[open].0.trim_start();
    let marker = fence_line.chars().next()?;
    let run = fence_line.chars().take_while(|c| *c == marker).count();
    let mut body = String::new();
    for (line, _) in &lines[open + 1..] {
        let t = line.trim();
        if t.chars().all(|c| c == marker) && t.len() >= run {
            return Some(body);
        }
        let unescaped = line.replace("\\`\\`\\`", "```");
        body.push_str(&unescaped);
        body.push('\n');
    }
    None
}
