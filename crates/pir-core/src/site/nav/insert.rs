//! The public ways to add entries: one PIR (its text, or its text and parsed nav), or many
//! at once against one parse; every result is parsed again and refused unless its nav is the
//! old one plus the new entries, each inside a section.

use chrono::NaiveDate;

use super::lines::{LineIndex, LineList};
use super::pages::{NavPir, nav_contains, nav_pages};
use super::place::{file_date, plan_insert};
use crate::error::{CoreError, ErrorKind, Result};
use crate::site::config::{NavEntry, SiteConfig};

/// Returns `text` (the whole `mkdocs.yml`) with an entry for `pir` inserted into `nav`.
///
/// `incidents_prefix` is the incidents folder relative to docs_dir with a trailing `/`.
/// Returns `Ok(None)` when the nav already has the page.
///
/// `title_of` gives the title of an existing PIR from its nav target; it tells whether the
/// neighbours are titled after their PIR or after their file name.
///
/// A nav written in flow style (`[ ... ]`) where the entry would go is refused with an
/// [`ErrorKind::Config`] error naming its line and column. Whatever the edit, the new text is
/// parsed again before it is returned: unless it is still YAML whose nav holds every page it
/// held plus this one, inside a section, it is refused and nothing is to be written.
pub fn insert_nav_entry(
    text: &str,
    nav: &[NavEntry],
    incidents_prefix: &str,
    pir: &NavPir<'_>,
    title_of: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<String>> {
    Ok(insert_nav_entry_parsed(text, nav, incidents_prefix, pir, title_of)?.map(|(t, _)| t))
}

/// As [`insert_nav_entry`], also giving the nav of the new text (parsed to check it). To add
/// many entries, [`insert_nav_entries`] gives the same text without parsing after each one.
pub fn insert_nav_entry_parsed(
    text: &str,
    nav: &[NavEntry],
    incidents_prefix: &str,
    pir: &NavPir<'_>,
    title_of: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<(String, Vec<NavEntry>)>> {
    if nav_contains(nav, pir.path) {
        return Ok(None);
    }
    let Some(after) = insert_unchecked(text, nav, incidents_prefix, pir, title_of)? else {
        return Ok(None);
    };
    let nav = verify_insert(nav, &after, &[pir.path])?;
    Ok(Some((after, nav)))
}

/// What [`insert_nav_entries`] did: the new `mkdocs.yml`, its nav and what was added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavAdded<'p> {
    /// The whole new text.
    pub text: String,
    /// Its nav, as parsed to check it.
    pub nav: Vec<NavEntry>,
    /// The paths given an entry, in the order they were added (one line of report each).
    pub added: Vec<&'p str>,
}

/// Adds an entry for each of `pirs` missing from `nav`, in their order, exactly as calling
/// [`insert_nav_entry`] for one after another would, but parsing `text` only once more (to
/// check the result) however many are added: a site with thousands of PIRs, hundreds of them
/// new, syncs without re-reading its `mkdocs.yml` after each entry.
///
/// Returns the new text, its nav and the paths added, or `Ok(None)` when the nav already has
/// every page. Refusals are those of [`insert_nav_entry`]: a flow-style nav where an entry
/// would go, or a result that is not the old nav plus the new entries, each inside a section.
pub fn insert_nav_entries<'p>(
    text: &str,
    nav: &[NavEntry],
    incidents_prefix: &str,
    pirs: &[NavPir<'p>],
    title_of: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<NavAdded<'p>>> {
    let mut targets: std::collections::HashSet<&str> = nav_pages(nav)
        .into_iter()
        .filter_map(|e| e.target.as_deref())
        .collect();
    // The nav and the text are kept in step: each entry is planned against the nav as it is
    // after the ones before, and its lines join a list of lines instead of a new text.
    let mut tree = nav.to_vec();
    let mut lines = LineList::new(text);
    // The date in each page's file name, read once rather than for each entry planned.
    let mut dates: std::collections::HashMap<&str, Option<NaiveDate>> =
        targets.iter().map(|t| (*t, file_date(t))).collect();
    let mut added = Vec::new();
    for pir in pirs {
        if targets.contains(pir.path) {
            continue;
        }
        let date_of = |t: &str| dates.get(t).copied().flatten();
        let plan = plan_insert(
            text,
            &tree,
            incidents_prefix,
            pir,
            title_of,
            &lines,
            &date_of,
        )?;
        let mut ids = lines.insert(plan.at, &plan.insert).into_iter();
        let mut entry = plan.entry;
        set_lines(&mut entry, &mut ids);
        let mut siblings = &mut tree;
        for &i in &plan.spot.path {
            siblings = &mut siblings[i].children;
        }
        siblings.insert(plan.spot.index, entry);
        targets.insert(pir.path);
        dates.insert(pir.path, file_date(pir.path));
        added.push(pir.path);
    }
    if added.is_empty() {
        return Ok(None);
    }
    let after = lines.text();
    let nav = verify_insert(nav, &after, &added)?;
    Ok(Some(NavAdded {
        text: after,
        nav,
        added,
    }))
}

/// Gives `entry` and its children, in preorder, the next of `ids` each (one line apiece).
fn set_lines(entry: &mut NavEntry, ids: &mut impl Iterator<Item = usize>) {
    entry.line = ids.next().unwrap_or(0);
    for c in &mut entry.children {
        set_lines(c, ids);
    }
}

/// Checks that `after` (the whole `mkdocs.yml` after adding `paths`) still parses and that its
/// nav is the old one plus `paths`, each inside a section; returns that nav.
fn verify_insert(before: &[NavEntry], after: &str, paths: &[&str]) -> Result<Vec<NavEntry>> {
    let refuse = |path: &str, why: &str| {
        let what = match paths.len() {
            0 | 1 => path.to_string(),
            n => format!("{path} and {} other entries", n - 1),
        };
        let hand = if paths.len() > 1 { "entries" } else { "entry" };
        CoreError::new(
            ErrorKind::Config,
            format!(
                "adding {what} to the nav would leave mkdocs.yml {why}; nothing was written: \
                 add the {hand} by hand"
            ),
        )
    };
    let first = paths.first().copied().unwrap_or("");
    let config =
        SiteConfig::parse(after).map_err(|e| refuse(first, &format!("broken ({})", e.message)))?;
    let nav = config.nav.ok_or_else(|| refuse(first, "without a nav"))?;
    fn in_section<'a>(
        entries: &'a [NavEntry],
        depth: usize,
        out: &mut std::collections::HashSet<&'a str>,
    ) {
        for e in entries {
            if let (true, Some(t)) = (depth > 0, e.target.as_deref()) {
                out.insert(t);
            }
            in_section(&e.children, depth + 1, out);
        }
    }
    let mut sectioned = std::collections::HashSet::new();
    in_section(&nav, 0, &mut sectioned);
    if let Some(path) = paths.iter().find(|p| !sectioned.contains(**p)) {
        return Err(CoreError::new(
            ErrorKind::Config,
            format!(
                "adding {path} to the nav would leave mkdocs.yml without the entry inside a \
                 section; nothing was written: add the entry by hand"
            ),
        ));
    }
    let old: Vec<Option<&str>> = nav_pages(before)
        .iter()
        .map(|e| e.target.as_deref())
        .collect();
    let new: std::collections::HashSet<Option<&str>> = nav_pages(&nav)
        .iter()
        .map(|e| e.target.as_deref())
        .collect();
    let new_len = nav_pages(&nav).len();
    if new_len != old.len() + paths.len() || old.iter().any(|t| !new.contains(t)) {
        return Err(refuse(first, "with other nav entries changed"));
    }
    Ok(nav)
}

fn insert_unchecked(
    text: &str,
    nav: &[NavEntry],
    incidents_prefix: &str,
    pir: &NavPir<'_>,
    title_of: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<String>> {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines = LineIndex::new(text);
    let plan = plan_insert(
        text,
        nav,
        incidents_prefix,
        pir,
        title_of,
        &lines,
        &file_date,
    )?;
    Ok(Some(splice_line(text, plan.at, &plan.insert, nl)))
}

/// Inserts `insert` (whole lines) at byte `at`, a line start, making sure the previous line ends.
fn splice_line(text: &str, at: usize, insert: &str, nl: &str) -> String {
    let mut out = String::with_capacity(text.len() + insert.len() + 2);
    out.push_str(&text[..at]);
    if at > 0 && !text[..at].ends_with('\n') {
        out.push_str(nl);
    }
    out.push_str(insert);
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::nav::add;

    #[test]
    fn adds_in_date_order_in_the_neighbours_style() {
        let text = "site_name: x # keep me\nnav:\n  - Home: index.md\n  - Incidents:\n      - 2026-03-01 Disk Full: incidents/2026-03-01-disk-full.md\n      - 2026-01-01 Dns Loop: incidents/2026-01-01-dns-loop.md\nextra: {}\n";
        let out = add(
            text,
            "incidents/2026-02-01-cache-stampede.md",
            "2026-02-01",
            "Cache Stampede on Login",
        );
        assert_eq!(
            out,
            text.replace(
                "      - 2026-01-01",
                "      - 2026-02-01 Cache Stampede: incidents/2026-02-01-cache-stampede.md\n      - 2026-01-01"
            )
        );
        // Newest goes first, oldest last.
        let out = add(text, "incidents/2026-04-01-x.md", "2026-04-01", "X");
        assert!(out.contains(
            "  - Incidents:\n      - 2026-04-01 X: incidents/2026-04-01-x.md\n      - 2026-03-01"
        ));
        let out = add(
            text,
            "incidents/2025-12-01-old-one.md",
            "2025-12-01",
            "Old one",
        );
        assert!(
            out.contains(
                "dns-loop.md\n      - 2025-12-01 Old One: incidents/2025-12-01-old-one.md\nextra"
            ),
            "{out}"
        );
    }

    #[test]
    fn creates_the_incidents_section_or_year_section_when_missing() {
        let text = "nav:\n  - Home: index.md\n";
        let out = add(text, "incidents/2026-02-01-x.md", "2026-02-01", "X");
        assert_eq!(
            out,
            "nav:\n  - Home: index.md\n  - Incidents:\n      - 2026-02-01 X: incidents/2026-02-01-x.md\n"
        );
        let text = "nav:\n  - Incidents:\n    - '2025':\n      - 2025-05-01 A: incidents/2025-05-01-a.md\n  - About: about.md\n";
        let out = add(text, "incidents/2026-02-01-x.md", "2026-02-01", "X");
        assert!(out.starts_with("nav:\n  - Incidents:\n    - '2026':\n      - 2026-02-01 X: incidents/2026-02-01-x.md\n    - '2025':"), "{out}");
        // An existing year gets the entry.
        let out = add(text, "incidents/2025-06-01-y.md", "2025-06-01", "Y");
        assert!(out.contains("    - '2025':\n      - 2025-06-01 Y: incidents/2025-06-01-y.md\n      - 2025-05-01 A"), "{out}");
    }

    #[test]
    fn keeps_crlf_and_reports_present_entries() {
        let text = "nav:\r\n  - Incidents:\r\n      - 2026-01-01 A: incidents/2026-01-01-a.md\r\n";
        let out = add(text, "incidents/2026-02-01-b.md", "2026-02-01", "B");
        assert_eq!(
            out,
            "nav:\r\n  - Incidents:\r\n      - 2026-02-01 B: incidents/2026-02-01-b.md\r\n      - 2026-01-01 A: incidents/2026-01-01-a.md\r\n"
        );
        let c = SiteConfig::parse(text).unwrap();
        let pir = NavPir {
            path: "incidents/2026-01-01-a.md",
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            title: "A",
        };
        assert_eq!(
            insert_nav_entry(text, &c.nav.unwrap(), "incidents/", &pir, &|_| None).unwrap(),
            None
        );
    }

    #[test]
    fn a_flow_nav_is_refused_at_its_bracket() {
        let text = "nav:\n  - Home: index.md\n  - Incidents: [incidents/2026-01-01-a.md]\n";
        let c = SiteConfig::parse(text).unwrap();
        let pir = NavPir {
            path: "incidents/2026-02-01-b.md",
            date: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
            title: "B",
        };
        let e = insert_nav_entry(text, &c.nav.unwrap(), "incidents/", &pir, &|_| None).unwrap_err();
        assert_eq!(
            (e.kind, e.line, e.column),
            (ErrorKind::Config, Some(3), Some(16))
        );
        assert!(e.message.contains("flow style"), "{e}");
    }
}
