//! Incidents tables of index pages against the PIRs (a row per PIR, every row's link
//! resolving, rows agreeing with their PIR), and the pages `.pir.toml` names that are missing.

use std::collections::{HashMap, HashSet};

use super::problem::{Problem, ProblemCode, problem};
use crate::error::Result;
use crate::site::Site;
use crate::site::index::ListPir;
use crate::site::summary::PirSummary;
use crate::site::table_index::{index_pages, resolve_link, stale_cells};

/// Incidents tables of index pages: a row per PIR, every row's link resolves, rows agree.
pub(super) fn check_tables(site: &Site, pirs: &[PirSummary], out: &mut Vec<Problem>) -> Result<()> {
    let docs = site.docs_dir();
    let by_rel: HashMap<&str, &PirSummary> = pirs.iter().map(|p| (p.rel.as_str(), p)).collect();
    for page in index_pages(site)? {
        for table in &page.tables {
            let present: HashSet<String> = table
                .rows
                .iter()
                .filter_map(|r| resolve_link(&page.rel, &r.target))
                .collect();
            for pir in pirs {
                if !present.contains(&pir.rel) {
                    out.push(problem(
                        &page.path,
                        Some(table.line),
                        ProblemCode::MissingFromTable,
                        format!("the incidents table has no row for {}", pir.rel),
                    ));
                }
            }
            for row in &table.rows {
                let Some(target) = resolve_link(&page.rel, &row.target) else {
                    continue;
                };
                let Some(pir) = by_rel.get(target.as_str()).copied() else {
                    if !docs.join(&target).exists() {
                        out.push(problem(
                            &page.path,
                            Some(row.line),
                            ProblemCode::TableTargetMissing,
                            format!("table row points at {}, which does not exist", row.target),
                        ));
                    }
                    continue;
                };
                let (Some(date), Some(title)) = (pir.date, pir.title.as_deref()) else {
                    continue;
                };
                let fields: Vec<(&str, String)> = pir
                    .severity_level()
                    .map(|s| ("Severity", s.to_string()))
                    .into_iter()
                    .collect();
                let entry = ListPir {
                    target: &row.target,
                    date,
                    title,
                    fields: &fields,
                };
                let stale = stale_cells(table, row, &entry);
                if !stale.is_empty() {
                    let words: Vec<String> = stale.into_iter().map(|(_, _, w)| w).collect();
                    out.push(problem(
                        &page.path,
                        Some(row.line),
                        ProblemCode::TableEntryStale,
                        format!(
                            "table row for {} disagrees with the PIR: {}",
                            pir.rel,
                            words.join(", ")
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Pages `.pir.toml` says to keep in step, that are not there.
pub(super) fn check_index_pages(site: &Site, out: &mut Vec<Problem>) {
    if let Some(named) = &site.overrides.index_pages {
        let path = &site.overrides_path;
        let line = site.overrides_file.as_ref().map_or(1, |f| {
            crate::site::profile::key_line(&f.text, "index_pages")
        });
        for rel in named {
            let rel = crate::site::normalize_page(rel);
            if !site.docs_page(&rel).is_some_and(|p| p.is_file()) {
                out.push(problem(
                    path,
                    Some(line),
                    ProblemCode::IndexPageMissing,
                    format!("index_pages names {rel}, which is not a page of the docs folder"),
                ));
            }
        }
    }
}
