//! Which template a site's new PIRs start from: the page `.pir.toml` names, a template the
//! site's README or home page names, `*template*` pages and `templates/` folders inside the
//! site, else (on a site with PIRs that do not follow the built-in template) the skeleton of
//! its newest PIR, else the built-in template. Reading a template page is `template`'s;
//! choosing one among a site's files is the site's.

use std::path::PathBuf;

use super::Site;
use crate::error::Result;
use crate::fsio;
use crate::template::find::is_template_file;
use crate::template::{NUMBER, Template, follow_builtin, skeleton};

/// The site's own template (the page `.pir.toml` names as `template`, else a page in the
/// docs folder or the repository root whose name contains `template`), else the built-in
/// one.
pub fn site_template(site: &Site) -> Result<Template> {
    if let Some(rel) = &site.overrides.template {
        let path = site.root.join(rel.trim().trim_start_matches('/'));
        site.ensure_inside(&path, "the template named in .pir.toml")?;
        return Template::load(&path)?.ok_or_else(|| {
            crate::error::CoreError::new(
                crate::error::ErrorKind::Config,
                "the template named in .pir.toml has no `## Template` block and is not a template file",
            )
            .with_path(&path)
        });
    }
    for candidate in template_candidates(site) {
        if let Some(t) = Template::load(&candidate)? {
            return Ok(t);
        }
    }
    Ok(Template::builtin())
}

/// What a new PIR of `site` starts from: the site's template ([`site_template`]);
/// on a site without one that already has PIRs, the skeleton of its newest PIR
/// ([`skeleton`]: its headings, metadata keys and table headers, its contents emptied),
/// so that a new PIR looks like the site's others rather than like the built-in
/// template; the built-in template for a site without PIRs, or whose PIRs follow it
/// ([`follow_builtin`]).
pub fn new_pir_template(site: &Site) -> Result<Template> {
    let template = site_template(site)?;
    if template.source.is_some() {
        return Ok(template);
    }
    let summaries = site.summaries()?;
    // PIRs written from the built-in template are best followed by it, placeholders and
    // all.
    if follow_builtin(&summaries) {
        return Ok(template);
    }
    let Some(newest) = summaries.into_iter().next() else {
        return Ok(template);
    };
    let mut text = skeleton(&fsio::read_text(&newest.path)?.text);
    // A title starting with the number its file name carries (`# INC-2050: ...` in
    // `INC-2050-...md`) keeps the number's place for the new PIR's.
    let name = newest
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    let id_len = stem
        .char_indices()
        .skip_while(|(_, c)| c.is_ascii_alphabetic())
        .skip_while(|(_, c)| *c == '-')
        .skip_while(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .next()
        .unwrap_or(stem.len());
    let id = &stem[..id_len];
    let prefix = id.trim_end_matches(|c: char| c.is_ascii_digit());
    if super::slug::name_shape(&name).contains(NUMBER) && prefix.len() < id.len() {
        let needle = format!("# {id}");
        let at = if text.starts_with(&needle) {
            Some(0)
        } else {
            text.find(&format!("\n{needle}")).map(|i| i + 1)
        };
        if let Some(at) = at {
            let start = at + 2 + prefix.len();
            text.replace_range(start..start + id.len() - prefix.len(), NUMBER);
        }
    }
    Ok(Template::whole_text(text, newest.path))
}

/// Markdown files that may hold the site's template, most likely first: a template the
/// site's README or home page names, then `*template*.md` pages of the docs folder, the
/// incidents folder and the root, then the pages of `templates` folders. Only files inside
/// the site's boundary count.
fn template_candidates(site: &Site) -> Vec<PathBuf> {
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
fn named_templates(site: &Site) -> Vec<PathBuf> {
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
