//! The pages and headings a link in a PIR can point to (`site::link_targets`), over
//! `fixtures/link-targets-site`: every page of the docs folder with its title, each heading
//! with the id the preview gives it (repeats numbered, explicit ids, headings in admonitions),
//! the link to write from the PIR being edited, and the picker's ranked search.
//! `link-targets-site.snap` holds the answers; `PIR_BLESS=1` rewrites it.

use pir_core::site::Site;
use pir_core::site::link_targets::{LinkHit, link_targets, search};

use crate::support;

fn hit_line(h: &LinkHit) -> String {
    format!(
        "  {} | {} | {}{}\n",
        h.text,
        h.rel,
        h.link,
        if h.pir { " (pir)" } else { "" }
    )
}

#[test]
fn every_page_and_heading_with_the_link_to_write_from_the_pir() {
    let site = Site::open(&support::fixtures().join("link-targets-site")).unwrap();
    let from = site.docs_dir().join("incidents/2026-02-01-db-failover.md");
    let pages = link_targets(&site, &from).unwrap();
    let mut out = String::new();
    for p in &pages {
        out.push_str(&format!(
            "{} — {}{} -> {:?}\n",
            p.rel,
            p.title,
            if p.pir { " (pir)" } else { "" },
            p.link
        ));
        for h in &p.headings {
            out.push_str(&format!(
                "  h{} {} #{} -> {}\n",
                h.level, h.text, h.id, h.link
            ));
        }
    }
    for query in [
        "",
        "restart",
        "RESOLVER",
        "dns time",
        "snapshot",
        "elan",
        "nothing here",
    ] {
        out.push_str(&format!("search {query:?}\n"));
        for h in search(&pages, query) {
            out.push_str(&hit_line(&h));
        }
    }
    if let Some(diff) =
        support::snapshot_mismatch(&support::fixtures().join("link-targets-site.snap"), &out)
    {
        panic!("{diff}");
    }
}

#[test]
fn each_heading_link_leads_back_to_its_page_and_heading() {
    use pir_core::site::links::{LinkTarget, resolve};
    let site = Site::open(&support::fixtures().join("link-targets-site")).unwrap();
    let from = site.docs_dir().join("incidents/2026-02-01-db-failover.md");
    for page in link_targets(&site, &from).unwrap() {
        for h in &page.headings {
            let got = resolve(&site, &from, &h.link);
            let (path, anchor) = match got {
                LinkTarget::Pir { path, anchor } | LinkTarget::Page { path, anchor } => {
                    (path, anchor)
                }
                LinkTarget::Anchor { id } => (from.clone(), Some(id)),
                other => panic!("{} -> {other:?}", h.link),
            };
            assert_eq!(path, page.path, "{}", h.link);
            assert_eq!(anchor.as_deref(), Some(h.id.as_str()), "{}", h.link);
        }
    }
}
