//! Tables of incidents on index pages: a row per PIR, read, extended and refreshed losslessly.
//!
//! ```markdown
//! | Date       | Incident                           | Severity | Status   |
//! |------------|------------------------------------|----------|----------|
//! | 2026-05-02 | [DNS Loop](2026-05-02-dns-loop.md) | Critical | Resolved |
//! ```
//!
//! Each table's columns are learnt from its header (Date, Incident/Title, Severity, Duration,
//! Status, Summary; anything else is left empty in new rows) and its existing rows: which
//! column holds the link, how the link text is written (title, `date - title`, or the date
//! alone), how dates are written, any decoration around the link, and whether rows run newest
//! or oldest first. Rows are written through the document model's table edits
//! ([`Edit::TableInsertRow`], [`Edit::TableSetCell`]), which keep padding, pipes and alignment.
//!
//! A table counts as an incidents table when a row links to a file named like a PIR
//! (`YYYY-MM-DD-brief-description.md`), or when it has no rows yet and its header has a date
//! column and a title column. Which pages are index pages is decided by
//! [`index_pages`].
//!
//! - [`read`]: a table's columns and the shape of its rows, learnt.
//! - [`write`]: new rows, stale cells and whole pages kept in step.

mod read;
mod write;

pub use read::*;
pub use write::*;

use std::path::PathBuf;

use super::Site;
use crate::error::Result;
use crate::fsio::{self, Fingerprint};

/// An index page with incidents tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexPage {
    /// The file.
    pub path: PathBuf,
    /// Docs-relative path (`incidents/index.md`).
    pub rel: String,
    /// Its text as read.
    pub text: String,
    /// What the file was when read.
    pub fingerprint: Fingerprint,
    /// Its incidents tables.
    pub tables: Vec<IndexTable>,
}

/// The site's index pages holding incidents tables that are not generated (see
/// [`super::owners`]): `index.md` of the docs folder and of the incidents folder, plus any page
/// the nav lists whose tables link to two or more PIR files. PIRs themselves are not index pages.
/// When `.pir.toml` names the pages (`index_pages`), those pages and no others.
pub fn index_pages(site: &Site) -> Result<Vec<IndexPage>> {
    // Each PIR's path made relative once, not once per table row: linear on large sites.
    let pirs: std::collections::HashSet<String> = site
        .pir_files()?
        .iter()
        .filter_map(|p| site.docs_relative(p))
        .collect();
    if let Some(named) = &site.overrides.index_pages {
        let mut out = Vec::new();
        for rel in named {
            let rel = super::normalize_page(rel);
            if let Some(page) = read_index_page(site, &rel, false, &pirs)?
                && !out.iter().any(|p: &IndexPage| p.rel == page.rel)
            {
                out.push(page);
            }
        }
        return Ok(out);
    }
    let mut rels = vec![
        "index.md".to_string(),
        format!("{}/index.md", site.incidents_rel),
    ];
    let mut from_nav = Vec::new();
    if let Some(nav) = &site.config.nav {
        for e in super::nav::nav_pages(nav) {
            if let Some(t) = e.target.as_deref()
                && t.ends_with(".md")
                && !rels.iter().any(|r| r == t)
                && !pirs.contains(t)
            {
                rels.push(t.to_string());
                from_nav.push(t.to_string());
            }
        }
    }
    let mut out = Vec::new();
    for rel in rels {
        let from_nav = from_nav.contains(&rel);
        if let Some(page) = read_index_page(site, &rel, from_nav, &pirs)? {
            out.push(page);
        }
    }
    Ok(out)
}

/// The page `rel` with its incidents tables, unless it has none, is generated, is not a file
/// or leads out of the site. A page found only through the nav (`from_nav`) counts only
/// tables linking to two or more PIRs, any other page tables linking to one (or none yet).
/// Rows link to PIRs by their file names' dates, or, on a site whose names carry none, by
/// linking to one of `pirs` (docs-relative).
pub(crate) fn read_index_page(
    site: &Site,
    rel: &str,
    from_nav: bool,
    pirs: &std::collections::HashSet<String>,
) -> Result<Option<IndexPage>> {
    // A page the site names but that leads out of it is never read nor rewritten.
    let Some(path) = site.docs_page(rel) else {
        return Ok(None);
    };
    if !path.is_file() {
        return Ok(None);
    }
    let loaded = fsio::read_text(&path)?;
    let mut tables = parse_index_tables(&loaded.text);
    let need = if from_nav { 2 } else { 1 };
    tables.retain(|t| {
        let to_pirs = || {
            t.rows
                .iter()
                .filter(|r| resolve_link(rel, &r.target).is_some_and(|p| pirs.contains(&p)))
                .count()
        };
        t.pir_links() >= need || (!from_nav && t.row_count == 0) || to_pirs() >= need
    });
    if tables.is_empty() || site.page_generated(rel, &loaded.text) {
        return Ok(None);
    }
    Ok(Some(IndexPage {
        path,
        rel: rel.to_string(),
        text: loaded.text,
        fingerprint: loaded.fingerprint,
        tables,
    }))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    const PAGE: &str = "# Incidents\n\n| Date       | Incident                                 | Severity | Status   |\n|------------|------------------------------------------|----------|----------|\n| 2026-05-02 | [DNS Loop](2026-05-02-dns-loop.md)       | Critical | Resolved |\n| 2026-03-14 | [Cert Expiry](2026-03-14-cert-expiry.md) | High     | Resolved |\n\nText after.\n";

    use crate::site::index::test_pir as pir;

    #[test]
    fn rows_of_pirs_named_without_dates_are_dated_by_their_date_column() {
        let page = "| Date | Incident | Priority |\n|---|---|---|\n| 2026-08-03 | [INC-2050 Late](INC-2050-late.md) | P3 |\n";
        let t = &parse_index_tables(page)[0];
        assert_eq!(t.rows[0].date, NaiveDate::from_ymd_opt(2026, 8, 3));
        assert!(!t.rows[0].date_from_name);
        assert_eq!(t.pir_links(), 0);
        // Without a title column, a dated table of links is not taken for an index.
        let other = "| Date | Notes |\n|---|---|\n| 2026-08-03 | [v2](v2.md) |\n";
        assert!(parse_index_tables(other).is_empty());
        assert!(same_words("INC-2050 Late", "INC-2050: Late"));
        assert!(!same_words("INC-2050 Late", "INC-2050: late"));
    }

    #[test]
    fn learns_columns_link_and_order() {
        let t = &parse_index_tables(PAGE)[0];
        assert_eq!(
            t.columns,
            [
                ColumnRole::Date,
                ColumnRole::Title,
                ColumnRole::Severity,
                ColumnRole::Status
            ]
        );
        assert_eq!((t.link_column, t.line, t.row_count), (1, 3, 2));
        assert_eq!(t.link_style, LinkStyle::Title);
        assert_eq!(t.date_format, "%Y-%m-%d");
        assert!(t.newest_first);
        assert_eq!(t.rows[1].line, 6);
        assert_eq!(t.rows[1].target, "2026-03-14-cert-expiry.md");
    }

    #[test]
    fn inserts_a_padded_row_in_date_order() {
        let t = &parse_index_tables(PAGE)[0];
        let fields = [
            ("Severity", "Low".to_string()),
            ("Status", "Draft".to_string()),
        ];
        let out = insert_table_row(
            PAGE,
            t,
            &pir("2026-04-01-slow.md", "2026-04-01", "Slow", &fields),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            out,
            PAGE.replace(
                "| 2026-03-14",
                "| 2026-04-01 | [Slow](2026-04-01-slow.md)               | Low      | Draft    |\n| 2026-03-14"
            )
        );
        assert_eq!(
            insert_table_row(
                PAGE,
                t,
                &pir("2026-05-02-dns-loop.md", "2026-05-02", "X", &fields)
            )
            .unwrap(),
            None
        );
    }

    #[test]
    fn learns_other_date_formats_and_link_styles() {
        let page = "| When | PIR |\n|---|---|\n| Mar 14, 2026 | [2026-03-14](incidents/2026-03-14-a.md) |\n| Jan 2, 2026 | [2026-01-02](incidents/2026-01-02-b.md) |\n";
        let t = &parse_index_tables(page)[0];
        assert_eq!(t.date_format, "%b %-d, %Y");
        assert_eq!(
            t.link_style,
            LinkStyle::Date {
                format: "%Y-%m-%d".into()
            }
        );
        let out = insert_table_row(
            page,
            t,
            &pir("incidents/2026-02-05-c.md", "2026-02-05", "C", &[]),
        )
        .unwrap()
        .unwrap();
        assert!(
            out.contains("| Jan 2, 2026 |")
                && out.contains(
                    "\n| Feb 5, 2026 | [2026-02-05](incidents/2026-02-05-c.md) |\n| Jan 2"
                ),
            "{out}"
        );
    }

    /// `INC-2050 Settlement file late` for `# INC-2050: Settlement file late`: a new row
    /// writes its identifier and title the same way, and the site's rows are not stale.
    #[test]
    fn copies_an_identifier_and_title_link_text() {
        let page = "| Date | Incident | Priority |\n|---|---|---|\n| 2026-08-03 | [INC-2050 Settlement file late](INC-2050-settlement-file-late.md) | P3 |\n";
        let t = &parse_index_tables(page)[0];
        assert_eq!(t.link_style, LinkStyle::IdTitle { sep: " ".into() });
        for (title, target) in [
            ("INC-2051: Ledger drift", "INC-2051-ledger-drift.md"),
            ("Ledger drift", "INC-2051-ledger-drift.md"),
        ] {
            let out = insert_table_row(page, t, &pir(target, "2026-09-01", title, &[]))
                .unwrap()
                .unwrap();
            assert!(
                out.contains("| [INC-2051 Ledger drift](INC-2051-ledger-drift.md) |"),
                "{title}: {out}"
            );
        }
        // A name without an identifier falls back to the title.
        let out = insert_table_row(page, t, &pir("ledger.md", "2026-09-01", "Ledger", &[]))
            .unwrap()
            .unwrap();
        assert!(out.contains("| [Ledger](ledger.md) |"), "{out}");
        let own = pir(
            "INC-2050-settlement-file-late.md",
            "2026-08-03",
            "INC-2050: Settlement file late",
            &[],
        );
        assert_eq!(
            update_table_row(page, t, &t.rows[0], &own, &[]).unwrap(),
            page
        );
        assert_eq!(file_id("../x/INC-7-a.md#t"), Some("INC-7"));
        assert_eq!(file_id("2026-01-02-a.md"), None);
        assert_eq!(file_id("INC-12x.md"), None);
    }

    #[test]
    fn updates_only_stale_cells() {
        let t = &parse_index_tables(PAGE)[0];
        let fields = [
            ("Severity", "High".to_string()),
            ("Status", "Closed".to_string()),
        ];
        let p = pir(
            "2026-05-02-dns-loop.md",
            "2026-05-03",
            "DNS Resolver Loop",
            &fields,
        );
        let out = update_table_row(PAGE, t, &t.rows[0], &p, &[]).unwrap();
        let expected = PAGE.replace(
            "| 2026-05-02 | [DNS Loop](2026-05-02-dns-loop.md)       | Critical |",
            "| 2026-05-03 | [DNS Resolver Loop](2026-05-02-dns-loop.md) | High     |",
        );
        assert_eq!(out, expected);
        // Status is refreshed only when it still shows the old value.
        let out = update_table_row(PAGE, t, &t.rows[0], &p, &[("Status", "Resolved")]).unwrap();
        assert!(out.contains("| High     | Closed   |"), "{out}");
        let out = update_table_row(PAGE, t, &t.rows[0], &p, &[("Status", "Open")]).unwrap();
        assert!(out.contains("| High     | Resolved |"), "{out}");
    }

    #[test]
    fn links_resolve_relative_to_the_page() {
        assert_eq!(
            resolve_link("incidents/index.md", "2026-01-01-a.md").as_deref(),
            Some("incidents/2026-01-01-a.md")
        );
        assert_eq!(
            resolve_link("index.md", "./incidents/a.md#x").as_deref(),
            Some("incidents/a.md")
        );
        assert_eq!(
            resolve_link("a/b/index.md", "../../c.md").as_deref(),
            Some("c.md")
        );
        assert_eq!(resolve_link("index.md", "../c.md"), None);
        assert_eq!(resolve_link("index.md", "https://x/y.md"), None);
        assert_eq!(link_from("incidents/index.md", "incidents/a.md"), "a.md");
        assert_eq!(link_from("index.md", "incidents/a.md"), "incidents/a.md");
        assert_eq!(
            link_from("about/index.md", "incidents/a.md"),
            "../incidents/a.md"
        );
    }

    #[test]
    fn tables_without_pir_links_are_not_incident_tables() {
        assert!(parse_index_tables("| Team | Page |\n|---|---|\n| A | [x](x.md) |\n").is_empty());
        let empty = "| Date | Incident | Severity |\n| --- | --- | --- |\n";
        let t = &parse_index_tables(empty)[0];
        let out = insert_table_row(
            empty,
            t,
            &pir(
                "a/2026-01-01-x.md",
                "2026-01-01",
                "X",
                &[("Severity", "Low".into())],
            ),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            out,
            format!("{empty}| 2026-01-01 | [X](a/2026-01-01-x.md) | Low |\n")
        );
    }
}
