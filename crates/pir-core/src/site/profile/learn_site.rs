//! The facts learnt from around the PIRs rather than from their text: whether the nav lists
//! them (`mkdocs.yml`), the branch pattern (the repository's branches) and the pages that
//! list them (the home page's list, the index tables).

use super::model::{Fact, NavPolicy};
use super::naming::slug_of;
use super::tally::{majority, plural};
use crate::error::Result;
use crate::fsio;
use crate::site::Site;
use crate::site::summary::PirSummary;

/// The pages that list the site's PIRs, each with the shape of its entries.
pub(super) fn index_pages_fact(site: &Site) -> Result<Fact<Vec<String>>> {
    use crate::site::table_index::ColumnRole;
    let mut pages = Vec::new();
    let home = site.docs_dir().join("index.md");
    if site.is_inside(&home) && home.is_file() {
        let text = fsio::read_text(&home)?.text;
        if site.keeps_page("index.md")
            && !site.list_generated("index.md", &text)
            && let Some(list) = crate::site::index::parse_recent_list(&text)
        {
            let years = if list.years.is_empty() {
                ""
            } else {
                " under year headings"
            };
            pages.push(format!(
                "index.md: a list at line {}{years}",
                list.heading_line
            ));
        }
    }
    for page in crate::site::table_index::index_pages(site)? {
        for t in &page.tables {
            let columns: Vec<&str> = t
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| match c {
                    _ if i == t.link_column => "Link",
                    ColumnRole::Date => "Date",
                    ColumnRole::Title => "Title",
                    ColumnRole::Severity => "Severity",
                    ColumnRole::Duration => "Duration",
                    ColumnRole::Status => "Status",
                    ColumnRole::Summary => "Summary",
                    ColumnRole::Other => "(other)",
                })
                .collect();
            let order = if t.newest_first {
                "newest first"
            } else {
                "oldest first"
            };
            pages.push(format!(
                "{}: a table at line {} ({}), {order}",
                page.rel,
                t.line,
                columns.join(" | ")
            ));
        }
    }
    // A page `.pir.toml` names that has nothing to keep is said so, not silently dropped.
    for rel in site.overrides.index_pages.iter().flatten() {
        let rel = crate::site::normalize_page(rel);
        if !pages
            .iter()
            .any(|p| p.split_once(": ").is_some_and(|(r, _)| r == rel))
        {
            pages.push(format!("{rel}: no list or table of PIRs found"));
        }
    }
    Ok(if pages.is_empty() {
        Fact::default(pages, "no page lists the PIRs")
    } else {
        let n = pages.len();
        Fact::learnt(pages, format!("{n} list{} of PIRs", plural(n)))
    })
}

/// Whether new PIRs go into the nav: when the nav is explicit and not owned by a plugin,
/// unless the site stopped listing PIRs there (older PIRs in the nav, none of the newest: it
/// keeps them in an index page instead).
pub(super) fn nav_policy(site: &Site, summaries: &[PirSummary]) -> Fact<NavPolicy> {
    use crate::site::config::NavOwner;
    match site.config.nav_owner {
        NavOwner::Automatic => {
            return Fact::learnt(NavPolicy::LeftAlone, "mkdocs.yml has no nav");
        }
        NavOwner::Plugin => {
            return Fact::learnt(NavPolicy::LeftAlone, "a plugin or hook owns the nav");
        }
        NavOwner::Explicit => {}
    }
    let targets: Vec<&str> = site
        .config
        .nav
        .as_deref()
        .map(crate::site::nav::nav_pages)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| e.target.as_deref())
        .collect();
    let newest: Vec<&PirSummary> = summaries.iter().take(5).collect();
    if newest.is_empty() {
        return Fact::learnt(NavPolicy::KeptInStep, "mkdocs.yml has an explicit nav");
    }
    let listed = newest
        .iter()
        .filter(|s| targets.contains(&s.rel.as_str()))
        .count();
    // Older PIRs in the nav but none of the newest: the site stopped listing them there.
    let older_listed = summaries
        .iter()
        .skip(newest.len())
        .any(|s| targets.contains(&s.rel.as_str()));
    if listed == 0 && older_listed {
        Fact::learnt(
            NavPolicy::LeftAlone,
            format!("none of the {} newest PIRs is in the nav", newest.len()),
        )
    } else {
        Fact::learnt(
            NavPolicy::KeptInStep,
            format!(
                "{listed} of the {} newest PIRs are in the nav",
                newest.len()
            ),
        )
    }
}

/// The branch pattern the repository's branches follow for PIRs (`docs/pir-{slug}` when a
/// branch `docs/pir-db-outage` exists beside `db-outage.md`), else `pir/{slug}`.
pub(super) fn branch_pattern(site: &Site, summaries: &[PirSummary]) -> Fact<String> {
    let slugs: Vec<String> = summaries
        .iter()
        .filter_map(|s| slug_of(s.path.file_name()?.to_str()?))
        .collect();
    let branches = crate::git::branch_names(&site.root).unwrap_or_default();
    let patterns = branches.iter().filter_map(|b| {
        slugs.iter().find_map(|slug| {
            let prefix = b.strip_suffix(slug.as_str())?;
            (!prefix.is_empty()).then(|| format!("{prefix}{{slug}}"))
        })
    });
    match majority(patterns) {
        Some((p, k)) => Fact::learnt(
            p,
            format!("{k} branch{} named so", if k == 1 { "" } else { "es" }),
        ),
        None => Fact::default(
            "pir/{slug}".into(),
            "no branch of the repository names a PIR",
        ),
    }
}
