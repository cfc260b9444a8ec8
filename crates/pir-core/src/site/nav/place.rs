//! Where a new entry goes and the lines it is: the incidents section (or a new one), the
//! year sub-section (or a new one), the place among dated siblings in their order, and the
//! indent of the neighbours; a flow-style nav where an entry would go is refused.

use chrono::{Datelike, NaiveDate};

use super::lines::Lines;
use super::pages::NavPir;
use super::title::{nav_title, yaml_quote};
use crate::error::{CoreError, ErrorKind, Result};
use crate::site::config::NavEntry;
use crate::site::slug::parse_pir_file_name;
use crate::site::yaml;

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

/// Where a new entry goes in the nav tree: at `index` among the children of the entry at
/// `path` (indices from the top level; the empty path is the top level itself).
pub(super) struct Spot {
    pub(super) path: Vec<usize>,
    pub(super) index: usize,
}

/// An insertion worked out by [`plan_insert`]: the lines and where they go in the text, and
/// the entry they read back as and where it goes in the nav.
pub(super) struct Placement<P> {
    pub(super) at: P,
    /// Whole lines, each ending with the file's line break.
    pub(super) insert: String,
    pub(super) spot: Spot,
    /// The new entry (a section holding the PIR's entry when one is created), one line each
    /// in preorder; its `line`s are left for the caller to set.
    pub(super) entry: NavEntry,
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
/// [`insert_nav_entry`](super::insert_nav_entry), shared by the one-entry and the
/// many-entries paths so both place entries alike. `date_of` is [`file_date`], or a memo of
/// it.
pub(super) fn plan_insert<L: Lines>(
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
pub(super) fn file_date(target: &str) -> Option<NaiveDate> {
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
