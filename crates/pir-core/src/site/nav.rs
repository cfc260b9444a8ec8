//! Adding a PIR to an explicit `nav` in `mkdocs.yml`, losslessly.
//!
//! The new entry is one inserted line (or a few, when a year section must be created); every
//! other byte of the file, comments included, stays as it was. Its place and look are learnt
//! from the entries already there: the incidents section (the one whose pages live in the
//! incidents folder, else one titled "Incidents"), year sub-sections when the site uses them,
//! newest-first or oldest-first order, and the title style.

use chrono::{Datelike, NaiveDate};

use super::config::{NavEntry, SiteConfig};
use super::link_text::{join_dated, split_link_text};
use super::slug::parse_pir_file_name;
use super::yaml::{self, Node};
use crate::error::{CoreError, ErrorKind, Result};

/// A PIR to add to the nav.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavPir<'a> {
    /// Path relative to docs_dir, with `/` separators (`incidents/2026-01-02-x.md`).
    pub path: &'a str,
    /// The PIR's date.
    pub date: NaiveDate,
    /// The PIR's title, without the `Post Incident Review:` prefix.
    pub title: &'a str,
}

/// Whether `nav` already links to `path` anywhere.
pub fn nav_contains(nav: &[NavEntry], path: &str) -> bool {
    nav.iter()
        .any(|e| e.target.as_deref() == Some(path) || nav_contains(&e.children, path))
}

/// Every page target in `nav`, with the entry's line.
pub fn nav_pages(nav: &[NavEntry]) -> Vec<&NavEntry> {
    let mut out = Vec::new();
    fn walk<'a>(entries: &'a [NavEntry], out: &mut Vec<&'a NavEntry>) {
        for e in entries {
            if e.target.is_some() {
                out.push(e);
            }
            walk(&e.children, out);
        }
    }
    walk(nav, &mut out);
    out
}

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

/// Refuses to insert into the flow-style (`[ ... ]`) sequence starting at `offset`.
fn refuse_flow(text: &str, offset: usize, path: &str) -> Result<()> {
    if !text.get(offset..).is_some_and(|t| t.starts_with('[')) {
        return Ok(());
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Err(CoreError::new(
        ErrorKind::Config,
        format!(
            "the nav is written in flow style [ ... ] at line {line}, column {column} of \
             mkdocs.yml; add the entry for {path} by hand, or write the nav as a block list \
             (`- Title: page.md` lines)"
        ),
    )
    .at(line, column))
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

/// Where [`plan_insert`] puts lines in a text being edited: byte offsets of the text itself
/// for one insertion ([`LineIndex`]), line ids of a [`LineList`] for many at once.
trait Lines {
    /// A place between two lines (or at the end).
    type Pos: Copy;
    /// Just before `line`.
    fn start_of_line(&self, line: usize) -> Self::Pos;
    /// Just after the last line belonging to `entry` (its own and its children's).
    fn end_of_entry(&self, entry: &NavEntry) -> Self::Pos;
}

/// Where a new entry goes in the nav tree: at `index` among the children of the entry at
/// `path` (indices from the top level; the empty path is the top level itself).
struct Spot {
    path: Vec<usize>,
    index: usize,
}

/// An insertion worked out by [`plan_insert`]: the lines and where they go in the text, and
/// the entry they read back as and where it goes in the nav.
struct Placement<P> {
    at: P,
    /// Whole lines, each ending with the file's line break.
    insert: String,
    spot: Spot,
    /// The new entry (a section holding the PIR's entry when one is created), one line each
    /// in preorder; its `line`s are left for the caller to set.
    entry: NavEntry,
}

/// A nav entry as an inserted line reads back: `indent` is the text before its `-`.
fn new_entry(
    indent: &str,
    title: String,
    target: Option<&str>,
    children: Vec<NavEntry>,
) -> NavEntry {
    NavEntry {
        title: Some(title),
        target: target.map(str::to_string),
        children,
        line: 0,
        // Never a flow sequence: nothing to refuse at it.
        offset: usize::MAX,
        column: indent.len() + 1,
    }
}

/// The entry at `path` (non-empty) in `nav`.
fn entry_at<'a>(nav: &'a [NavEntry], path: &[usize]) -> &'a NavEntry {
    let mut e = &nav[path[0]];
    for &i in &path[1..] {
        e = &e.children[i];
    }
    e
}

/// Works out where the entry for `pir` goes, without changing anything: the decisions of
/// [`insert_nav_entry`], shared by the one-entry and the many-entries paths so both place
/// entries alike. `date_of` is [`file_date`], or a memo of it.
fn plan_insert<L: Lines>(
    text: &str,
    nav: &[NavEntry],
    incidents_prefix: &str,
    pir: &NavPir<'_>,
    title_of: &dyn Fn(&str) -> Option<String>,
    lines: &L,
    date_of: &dyn Fn(&str) -> Option<NaiveDate>,
) -> Result<Placement<L::Pos>> {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let is_pir = |e: &NavEntry| {
        e.target
            .as_deref()
            .is_some_and(|t| t.starts_with(incidents_prefix))
    };
    let holds_pirs = |e: &NavEntry| {
        e.children
            .iter()
            .any(|c| is_pir(c) || c.children.iter().any(is_pir))
    };

    // The section to add to: the one holding PIR pages, else one titled "Incidents".
    let section_path = find_section(nav, &holds_pirs).or_else(|| {
        find_section(nav, &|e: &NavEntry| {
            e.title
                .as_deref()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("incidents"))
        })
    });
    let Some(section_path) = section_path else {
        let root = yaml::parse(text)?;
        if let Some(n) = root.get("nav") {
            refuse_flow(text, n.pos().offset, pir.path)?;
        }
        // No incidents section yet: add one after the last top-level entry.
        let last = nav
            .last()
            .ok_or_else(|| CoreError::new(ErrorKind::Config, "`nav` is empty"))?;
        let indent = " ".repeat(last.column - 1);
        let child_indent = format!("{indent}    ");
        let title = nav_title(None, pir, title_of);
        let insert = format!(
            "{indent}- Incidents:{nl}{child_indent}- {}: {}{nl}",
            yaml_quote(&title),
            pir.path
        );
        let child = new_entry(&child_indent, title, Some(pir.path), Vec::new());
        return Ok(Placement {
            at: lines.end_of_entry(last),
            insert,
            spot: Spot {
                path: Vec::new(),
                index: nav.len(),
            },
            entry: new_entry(&indent, "Incidents".to_string(), None, vec![child]),
        });
    };
    let section = entry_at(nav, &section_path);

    // Year sub-sections (`- 2026:`) when the section uses them.
    let year_sections: Vec<(usize, &NavEntry)> = section
        .children
        .iter()
        .enumerate()
        .filter(|(_, c)| c.target.is_none() && is_year(c.title.as_deref()))
        .collect();
    refuse_flow(text, section.offset, pir.path)?;
    let mut container_path = section_path.clone();
    let (container, new_year): (&[NavEntry], Option<&NavEntry>) = if year_sections.is_empty() {
        (&section.children, None)
    } else {
        let year = pir.date.year().to_string();
        match year_sections
            .iter()
            .find(|(_, c)| c.title.as_deref().map(str::trim) == Some(year.as_str()))
        {
            Some((i, y)) => {
                refuse_flow(text, y.offset, pir.path)?;
                container_path.push(*i);
                (&y.children, None)
            }
            None => (&section.children, Some(year_sections[0].1)),
        }
    };

    if let Some(model) = new_year {
        // Create the year section, placed among its siblings by year, in their order.
        let years: Vec<(i32, usize, &NavEntry)> = year_sections
            .iter()
            .filter_map(|(i, y)| {
                y.title
                    .as_deref()
                    .and_then(|t| t.trim().parse().ok())
                    .map(|n| (n, *i, *y))
            })
            .collect();
        let newest_first =
            years.windows(2).all(|w| w[0].0 >= w[1].0) && years.len() > 1 || years.len() == 1;
        let indent = " ".repeat(model.column - 1);
        let child_indent = model
            .children
            .first()
            .map_or_else(|| format!("{indent}    "), |c| " ".repeat(c.column - 1));
        let title = nav_title(model.children.iter().find(|c| is_pir(c)), pir, title_of);
        let insert = format!(
            "{indent}- '{}':{nl}{child_indent}- {}: {}{nl}",
            pir.date.year(),
            yaml_quote(&title),
            pir.path
        );
        let year = pir.date.year();
        let next = years
            .iter()
            .find(|(y, _, _)| if newest_first { *y < year } else { *y > year });
        let (at, index) = match (next, years.last()) {
            (Some((_, i, e)), _) => (lines.start_of_line(e.line), *i),
            (None, Some((_, i, e))) => (lines.end_of_entry(e), i + 1),
            // Year sections are four digits, so there is always one: place it first then.
            (None, None) => (lines.start_of_line(section.children[0].line), 0),
        };
        let child = new_entry(&child_indent, title, Some(pir.path), Vec::new());
        return Ok(Placement {
            at,
            insert,
            spot: Spot {
                path: section_path,
                index,
            },
            entry: new_entry(&indent, year.to_string(), None, vec![child]),
        });
    }

    let dated: Vec<(NaiveDate, usize, &NavEntry)> = container
        .iter()
        .enumerate()
        .filter(|(_, e)| is_pir(e))
        .filter_map(|(i, e)| date_of(e.target.as_deref()?).map(|d| (d, i, e)))
        .collect();
    // Newest first is what readers of an incidents list expect; follow the file when it
    // clearly does the opposite.
    let newest_first = dated.len() < 2 || dated.windows(2).all(|w| w[0].0 >= w[1].0);
    let model = dated
        .first()
        .map(|(_, _, e)| *e)
        .or_else(|| container.first());
    let indent = model.map_or_else(
        || " ".repeat(section.column + 3),
        |m| " ".repeat(m.column - 1),
    );
    let title = nav_title(dated.first().map(|(_, _, e)| *e), pir, title_of);
    let insert = format!("{indent}- {}: {}{nl}", yaml_quote(&title), pir.path);
    let (at, index) = if dated.is_empty() {
        container.last().map_or_else(
            || (lines.end_of_entry(section), 0),
            |e| (lines.end_of_entry(e), container.len()),
        )
    } else {
        let next = dated.iter().find(|(d, _, _)| {
            if newest_first {
                *d < pir.date
            } else {
                *d > pir.date
            }
        });
        match (next, dated.last()) {
            (Some((_, i, e)), _) => (lines.start_of_line(e.line), *i),
            (None, Some((_, i, e))) => (lines.end_of_entry(e), i + 1),
            (None, None) => (lines.end_of_entry(section), container.len()),
        }
    };
    Ok(Placement {
        at,
        insert,
        spot: Spot {
            path: container_path,
            index,
        },
        entry: new_entry(&indent, title, Some(pir.path), Vec::new()),
    })
}

/// The date in a nav target's file name (`incidents/2026-01-02-x.md`), when it is a PIR's.
fn file_date(target: &str) -> Option<NaiveDate> {
    let file = target.rsplit('/').next()?;
    parse_pir_file_name(file).map(|(d, _)| d)
}

fn is_year(title: Option<&str>) -> bool {
    title.is_some_and(|t| {
        let t = t.trim();
        t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The path (indices from the top level) of the first section, in document order, that
/// `pred` accepts.
fn find_section(nav: &[NavEntry], pred: &dyn Fn(&NavEntry) -> bool) -> Option<Vec<usize>> {
    for (i, e) in nav.iter().enumerate() {
        if e.target.is_none() && pred(e) {
            return Some(vec![i]);
        }
        if let Some(mut path) = find_section(&e.children, pred) {
            path.insert(0, i);
            return Some(path);
        }
    }
    None
}

/// The nav title for `pir`, in the style of `neighbour` (an existing PIR entry).
///
/// Sites title entries `2026-01-06 Cluster Cascade Failure` (date + the file's slug in title
/// case), `2026-01-06 <PIR title>`, or just the PIR title; the neighbour shows which. When its
/// title fits both (the PIR title is its slug in title case), the PIR title wins.
fn nav_title(
    neighbour: Option<&NavEntry>,
    pir: &NavPir<'_>,
    title_of: &dyn Fn(&str) -> Option<String>,
) -> String {
    let date = pir.date.format("%Y-%m-%d").to_string();
    let Some(n) = neighbour else {
        return join_dated(&date, " ", pir.title);
    };
    let n_title = n.title.as_deref().unwrap_or("").trim();
    let n_file = n
        .target
        .as_deref()
        .and_then(|t| t.rsplit('/').next())
        .unwrap_or("");
    let Some((n_date, n_slug)) = parse_pir_file_name(n_file) else {
        return pir.title.to_string();
    };
    let n_date = n_date.format("%Y-%m-%d").to_string();
    // The neighbour's date, separator and title, parsed as `check` reads them.
    let (dated, rest) = match split_link_text(n_title) {
        (Some(d), rest) if d == n_date => (true, rest),
        _ => (false, n_title),
    };
    let sep = if dated {
        &n_title[n_date.len()..n_title.len() - rest.len()]
    } else {
        ""
    };
    let n_pir_title = n.target.as_deref().and_then(title_of);
    let from_slug =
        rest == title_case_slug(n_slug) && n_pir_title.as_deref().is_none_or(|t| t.trim() != rest);
    let own_file = pir.path.rsplit('/').next().unwrap_or("");
    let body = match parse_pir_file_name(own_file) {
        Some((_, slug)) if from_slug => title_case_slug(slug),
        _ => pir.title.to_string(),
    };
    if dated {
        join_dated(&date, sep, &body)
    } else {
        body
    }
}

/// `cluster-cascade-failure` → `Cluster Cascade Failure`.
fn title_case_slug(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Returns `text` (the whole `mkdocs.yml`) with the title of `entry` (a `- Title: page.md`
/// entry written on one line) replaced by `title`, quoted when YAML needs it; every other byte
/// stays. `None` when the entry is not written that way.
pub fn set_nav_title(text: &str, entry: &NavEntry, title: &str) -> Option<String> {
    let target = entry.target.as_deref()?;
    entry.title.as_ref()?;
    let lines = LineIndex::new(text);
    let start = lines.start_of_line(entry.line);
    let end = lines.start_of_line(entry.line + 1);
    let line = text.get(start..end)?;
    let dash = line.find("- ")?;
    let key_start = dash + 2 + line[dash + 2..].len() - line[dash + 2..].trim_start().len();
    let colon = line.rfind(": ")?;
    if colon <= key_start
        || !line[colon + 2..]
            .trim_start()
            .trim_matches(['\'', '"'])
            .starts_with(target)
    {
        return None;
    }
    let mut out = text.to_string();
    out.replace_range(start + key_start..start + colon, &yaml_quote(title));
    // Written only if it reads back: the same page, now under the new title.
    let nav = SiteConfig::parse(&out).ok()?.nav?;
    nav_pages(&nav)
        .iter()
        .any(|e| e.target.as_deref() == Some(target) && e.title.as_deref() == Some(title))
        .then_some(out)
}

/// Writes `s` as a YAML mapping key that reads back as `s`: plain when that is safe, else
/// single-quoted, else double-quoted with escapes. Each form is checked by parsing it.
pub(crate) fn yaml_quote(s: &str) -> String {
    let reads_back = |written: &str| {
        yaml::parse(&format!("- {written}: x\n")).is_ok_and(|n| match n.items().first() {
            Some(Node::Map { entries, .. }) => {
                entries.len() == 1
                    && matches!(&entries[0].0, Node::Scalar { value, tag: None, .. } if value == s)
            }
            _ => false,
        })
    };
    let risky_start =
        s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace());
    let risky = s.is_empty()
        || risky_start
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.ends_with(' ');
    if !risky && reads_back(s) {
        return s.to_string();
    }
    let single = format!("'{}'", s.replace('\'', "''"));
    if reads_back(&single) {
        return single;
    }
    let mut double = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => double.push_str("\\\""),
            '\\' => double.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                double.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => double.push(c),
        }
    }
    double.push('"');
    double
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

/// Line starts of a text, for turning 1-based lines into byte offsets.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    fn start_of_line(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The offset just after the last line belonging to `entry` (its own line and its children's).
    fn end_of_entry(&self, entry: &NavEntry) -> usize {
        let mut last = entry.line;
        fn deepest(e: &NavEntry, last: &mut usize) {
            *last = (*last).max(e.line);
            e.children.iter().for_each(|c| deepest(c, last));
        }
        deepest(entry, &mut last);
        // Continuation lines of the last item (a long title folded onto the next line) are
        // indented deeper than the entry; include them.
        let mut line = last + 1;
        while line <= self.starts.len() {
            let start = self.start_of_line(line);
            let end = self.start_of_line(line + 1);
            let l = &self.text[start..end];
            let indent = l.len() - l.trim_start_matches(' ').len();
            if l.trim().is_empty() || indent < entry.column {
                break;
            }
            line += 1;
        }
        self.start_of_line(line)
    }
}

impl Lines for LineIndex<'_> {
    type Pos = usize;

    fn start_of_line(&self, line: usize) -> usize {
        LineIndex::start_of_line(self, line)
    }

    fn end_of_entry(&self, entry: &NavEntry) -> usize {
        LineIndex::end_of_entry(self, entry)
    }
}

/// The lines of a text being added to, as a linked list: the text's own lines keep their
/// 1-based numbers as ids (so the parsed nav's lines name them), inserted lines get the next
/// ids, and id 0 stands for the end. Inserting is linking a few lines in; the text is written
/// out once at the end.
struct LineList<'a> {
    text: &'a str,
    /// Byte start of each of the text's lines (id `i` starts at `starts[i - 1]`), then its end.
    starts: Vec<usize>,
    /// The inserted lines, id `starts.len() + k` being `inserted[k]`.
    inserted: Vec<String>,
    /// The line after, and before, each id; the end's links are the last and first lines.
    next: Vec<usize>,
    prev: Vec<usize>,
    /// The text's last line had no line break and lines now follow it: it gets one.
    last_broken: bool,
}

impl<'a> LineList<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&s| s < text.len())
            .collect();
        let n = starts.len();
        starts.push(text.len());
        // Ids 0..=n in a ring: 0 (the end) links to line 1, line n back to 0.
        let next = (0..=n).map(|i| if i == n { 0 } else { i + 1 }).collect();
        let prev = (0..=n).map(|i| if i == 0 { n } else { i - 1 }).collect();
        LineList {
            text,
            starts,
            inserted: Vec::new(),
            next,
            prev,
            last_broken: false,
        }
    }

    /// The number of the text's own lines.
    fn original(&self) -> usize {
        self.starts.len() - 1
    }

    fn line(&self, id: usize) -> &str {
        let n = self.original();
        if id <= n {
            &self.text[self.starts[id - 1]..self.starts[id]]
        } else {
            &self.inserted[id - n - 1]
        }
    }

    /// Links the lines of `insert` in before `at`, giving their ids in order.
    fn insert(&mut self, at: usize, insert: &str) -> Vec<usize> {
        let n = self.original();
        // As when splicing into the text: the line before must end first.
        if at == 0 && self.prev[0] == n && n > 0 && !self.text.ends_with('\n') {
            self.last_broken = true;
        }
        let mut ids = Vec::new();
        for l in insert.split_inclusive('\n') {
            let id = n + 1 + self.inserted.len();
            self.inserted.push(l.to_string());
            let before = self.prev[at];
            self.next.push(at);
            self.prev.push(before);
            self.next[before] = id;
            self.prev[at] = id;
            ids.push(id);
        }
        ids
    }

    /// The whole text, lines in their order.
    fn text(&self) -> String {
        let nl = if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let n = self.original();
        let mut out = String::with_capacity(
            self.text.len() + self.inserted.iter().map(String::len).sum::<usize>() + 2,
        );
        let mut id = self.next[0];
        while id != 0 {
            out.push_str(self.line(id));
            if id == n && self.last_broken {
                out.push_str(nl);
            }
            id = self.next[id];
        }
        out
    }
}

impl Lines for LineList<'_> {
    /// The id of the line just after; 0 for the end.
    type Pos = usize;

    fn start_of_line(&self, line: usize) -> usize {
        line
    }

    fn end_of_entry(&self, entry: &NavEntry) -> usize {
        // Children follow their parent in document order, so the last line of an entry is that
        // of its last descendant.
        let mut last = entry;
        while let Some(c) = last.children.last() {
            last = c;
        }
        // Continuation lines (deeper than the entry, not blank) belong to it too.
        let mut id = self.next[last.line];
        while id != 0 {
            let l = self.line(id);
            let indent = l.len() - l.trim_start_matches(' ').len();
            if l.trim().is_empty() || indent < entry.column {
                break;
            }
            id = self.next[id];
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::config::SiteConfig;

    fn add(text: &str, path: &str, date: &str, title: &str) -> String {
        let c = SiteConfig::parse(text).unwrap();
        let pir = NavPir {
            path,
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            title,
        };
        insert_nav_entry(text, &c.nav.unwrap(), "incidents/", &pir, &|_| None)
            .unwrap()
            .unwrap()
    }

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
    fn a_neighbour_titled_both_ways_means_the_pir_title() {
        let text =
            "nav:\n- Incidents:\n  - 2026-01-01 Dns Loop: incidents/2026-01-01-dns-loop.md\n";
        let c = SiteConfig::parse(text).unwrap();
        let pir = NavPir {
            path: "incidents/2026-02-01-x.md",
            date: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
            title: "Cache Stampede",
        };
        let titled =
            |t: &str| (t == "incidents/2026-01-01-dns-loop.md").then(|| "Dns Loop".to_string());
        let out = insert_nav_entry(text, c.nav.as_ref().unwrap(), "incidents/", &pir, &titled)
            .unwrap()
            .unwrap();
        assert!(
            out.contains("  - 2026-02-01 Cache Stampede: incidents/2026-02-01-x.md\n"),
            "{out}"
        );
        let out = insert_nav_entry(text, c.nav.as_ref().unwrap(), "incidents/", &pir, &|_| None)
            .unwrap()
            .unwrap();
        assert!(
            out.contains("  - 2026-02-01 X: incidents/2026-02-01-x.md\n"),
            "{out}"
        );
    }

    #[test]
    fn uses_the_pir_title_when_neighbours_do() {
        let text = "nav:\n- Incidents:\n  - 2026-01-01 The DNS resolvers looped: incidents/2026-01-01-dns-loop.md\n";
        let out = add(
            text,
            "incidents/2026-02-01-x.md",
            "2026-02-01",
            "Payments: cert expired",
        );
        assert!(out.contains("  - '2026-02-01 Payments: cert expired': incidents/2026-02-01-x.md\n  - 2026-01-01 The DNS"), "{out}");
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
    fn retitles_one_line_entries_only() {
        let text = "nav:\n  - Incidents:\n      - '2026-01-01 A: b': incidents/2026-01-01-a.md # first\n      - Folded title:\n          incidents/2026-01-02-b.md\n";
        let c = SiteConfig::parse(text).unwrap();
        let pages = nav_pages(c.nav.as_ref().unwrap());
        assert_eq!(
            set_nav_title(text, pages[0], "2026-01-01 New").unwrap(),
            text.replace("'2026-01-01 A: b'", "2026-01-01 New")
        );
        assert_eq!(
            set_nav_title(text, pages[0], "x: y").unwrap(),
            text.replace("'2026-01-01 A: b'", "'x: y'")
        );
        assert_eq!(set_nav_title(text, pages[1], "New"), None);
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
    fn a_flow_nav_is_refused_at_its_bracket_and_titles_quote_to_read_back() {
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
        for title in ["-rf", "a: b", "x #y", "it's", "\"q\"", "tab\there", "ok"] {
            let doc = format!("- {}: x\n", yaml_quote(title));
            let n = yaml::parse(&doc).unwrap();
            assert_eq!(
                n.items()[0].get(title).and_then(Node::as_str),
                Some("x"),
                "{doc}"
            );
        }
    }

    #[test]
    fn a_hostile_neighbour_title_does_not_leak_into_the_next_entry() {
        let text = "nav:\n- Incidents:\n  - 2026-01-01 -rf: incidents/2026-01-01-rf.md\n";
        let out = add(text, "incidents/2026-02-01-x.md", "2026-02-01", "Normal");
        assert!(
            out.contains("  - 2026-02-01 Normal: incidents/2026-02-01-x.md\n"),
            "{out}"
        );
    }
}
