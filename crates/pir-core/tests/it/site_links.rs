//! Where each link of a page leads (`site::links`), read from the links the renderer puts in
//! the preview of `fixtures/links-site`'s PIR: anchors, other PIRs, other pages (directory
//! URLs too), web addresses, and what is not followed (missing pages, files that are not
//! pages, paths out of the docs). `links-site.snap` holds the answers; `PIR_BLESS=1` rewrites it.

use std::path::Path;

use pir_core::site::Site;
use pir_core::site::links::{LinkTarget, render_page, resolve};

use crate::support;

/// The `href`s of the preview's links, in order (the heading permalinks left out).
fn hrefs(html: &str) -> Vec<String> {
    html.split("<a ")
        .skip(1)
        .filter(|a| !a.starts_with("class=\"headerlink\""))
        .filter_map(|a| a.split("href=\"").nth(1)?.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

fn shown(root: &Path, t: &LinkTarget) -> String {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    match t {
        LinkTarget::Anchor { id } => format!("anchor #{id}"),
        LinkTarget::Pir { path, anchor } => format!("pir {} {anchor:?}", rel(path)),
        LinkTarget::Page { path, anchor } => format!("page {} {anchor:?}", rel(path)),
        LinkTarget::Web { url } => format!("web {url}"),
        LinkTarget::Unfollowed { reason } => format!("unfollowed: {reason}"),
    }
}

#[test]
fn each_link_of_the_preview_leads_where_mkdocs_would_take_it() {
    let fixture = support::fixtures().join("links-site");
    let site = Site::open(&fixture).unwrap();
    let root = site.root.clone();
    let pir = root.join("docs/incidents/2026-02-01-db-failover.md");
    let html = pir_core::render::render(&std::fs::read_to_string(&pir).unwrap());
    let links = hrefs(&html);
    assert_eq!(links.len(), 16, "{links:?}");
    let mut out = String::new();
    for href in &links {
        out.push_str(&format!(
            "{href}\n  -> {}\n",
            shown(&root, &resolve(&site, &pir, href))
        ));
    }
    if let Some(diff) =
        support::snapshot_mismatch(&support::fixtures().join("links-site.snap"), &out)
    {
        panic!("{diff}");
    }
}

#[test]
fn a_page_of_the_site_is_shown_and_nothing_outside_the_docs_is() {
    let site = Site::open(&support::fixtures().join("links-site")).unwrap();
    let html = render_page(&site, &site.root.join("docs/runbooks/db.md")).unwrap();
    assert!(html.contains("<h2 id=\"restore\">"), "{html}");
    for outside in ["mkdocs.yml", "docs/../mkdocs.yml", "docs/assets/graph.png"] {
        let e = render_page(&site, &site.root.join(outside)).unwrap_err();
        assert_eq!(e.kind, pir_core::ErrorKind::UnsafePath, "{outside}");
    }
}
