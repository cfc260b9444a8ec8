//! The pages and headings a link in a PIR can point to (`site::link_targets`), over
//! `fixtures/link-targets-site`: every page of the docs folder with its title, each heading
//! with the id the preview gives it (repeats numbered, explicit ids, headings in admonitions),
//! the link to write from the PIR being edited, and the picker's ranked search.
//! `link-targets-site.snap` holds the answers; `PIR_BLESS=1` rewrites it.

use pir_core::site::Site;
use pir_core::site::link_targets::{LinkHit, LinkTargetCache, link_targets, search};

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

/// The picker's cache reads each page once, then only the pages whose file changed; pages
/// added and removed are seen on the next search, and its answers are those of a fresh read.
#[test]
fn the_cache_reads_only_the_pages_changed_since_the_last_search() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    support::copy_dir(&support::fixtures().join("link-targets-site"), &root);
    let site = Site::open(&root).unwrap();
    let from = site.docs_dir().join("incidents/2026-02-01-db-failover.md");
    let mut cache = LinkTargetCache::default();
    let first = cache.targets(&site, &from).unwrap();
    let n = first.len();
    assert!(n >= 3, "the fixture's pages");
    assert_eq!(cache.reads(), n);
    // Typing in the picker: nothing changed, nothing is read again.
    for q in ["d", "dn", "dns"] {
        let hits = cache.search(&site, &from, q).unwrap();
        assert_eq!(hits, search(&first, q), "{q}");
    }
    assert_eq!(cache.reads(), n);

    // A page changed, one added, one removed: only the two new texts are read.
    let changed = &first.iter().find(|p| !p.pir).unwrap().path;
    let text = std::fs::read_to_string(changed).unwrap();
    std::fs::write(changed, format!("{text}\n## Freshly added heading\n")).unwrap();
    let added = site.docs_dir().join("runbooks-new.md");
    std::fs::write(&added, "# Brand new runbook\n").unwrap();
    let removed = first
        .iter()
        .rev()
        .find(|p| !p.pir && &p.path != changed)
        .unwrap();
    std::fs::remove_file(&removed.path).unwrap();
    let again = cache.targets(&site, &from).unwrap();
    assert_eq!(cache.reads(), n + 2);
    assert_eq!(again, link_targets(&site, &from).unwrap());
    let hits = cache.search(&site, &from, "freshly").unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(again.iter().any(|p| p.path == added));
    assert!(!again.iter().any(|p| p.path == removed.path));
}
