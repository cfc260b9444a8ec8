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

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Site;
use super::index::ListPir;
use super::index::{escape_link_text, parse_link, unescape_link_text};
use super::link_text::{join_dated, split_link_text};
use super::slug::parse_pir_file_name;
use crate::doc::{Document, Edit};
use crate::error::Result;
use crate::fsio::{self, Fingerprint};

/// What a column holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// The incident's date.
    Date,
    /// The title (often the link).
    Title,
    /// Severity level.
    Severity,
    /// Duration.
    Duration,
    /// Status.
    Status,
    /// A one-line summary.
    Summary,
    /// Anything else: new rows leave it empty.
    Other,
}

impl ColumnRole {
    /// The role a header cell names.
    pub fn from_header(header: &str) -> ColumnRole {
        let h = header
            .trim()
            .trim_matches(['*', '_', '`'])
            .to_ascii_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
        if has(&["date", "when", "day"]) {
            ColumnRole::Date
        } else if has(&["severity", "sev", "priority", "impact"]) {
            ColumnRole::Severity
        } else if has(&["duration", "length", "time to"]) {
            ColumnRole::Duration
        } else if has(&["status", "state"]) {
            ColumnRole::Status
        } else if has(&["summary", "description", "details"]) {
            ColumnRole::Summary
        } else if has(&[
            "incident",
            "title",
            "pir",
            "name",
            "review",
            "what",
            "postmortem",
        ]) {
            ColumnRole::Title
        } else {
            ColumnRole::Other
        }
    }

    /// The key of the PIR field this column shows ([`ListPir::fields`] spelling).
    fn field_key(self) -> Option<&'static str> {
        match self {
            ColumnRole::Severity => Some("Severity"),
            ColumnRole::Duration => Some("Duration"),
            ColumnRole::Status => Some("Status"),
            ColumnRole::Summary => Some("Summary"),
            _ => None,
        }
    }
}

/// How a row's link text is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStyle {
    /// The PIR title.
    Title,
    /// `2026-01-02` + separator + title.
    DateTitle {
        /// What comes between date and title (` - `).
        sep: String,
    },
    /// The identifier of the PIR's file name (`INC-2050` of `INC-2050-settlement.md`) +
    /// separator + title without its own copy of the identifier: `INC-2050 Settlement file
    /// late` for the PIR titled `INC-2050: Settlement file late`.
    IdTitle {
        /// What comes between identifier and title (` `, `: `).
        sep: String,
    },
    /// The date alone, in a strftime format.
    Date {
        /// The format (`%Y-%m-%d`).
        format: String,
    },
}

/// One row of an incidents table that links to a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    /// Position among the table's body rows.
    pub index: usize,
    /// 1-based line.
    pub line: usize,
    /// The link target as written (relative to the page).
    pub target: String,
    /// The link text, markdown escapes undone.
    pub link_text: String,
    /// The date from the target's file name, when it follows the convention, else the date
    /// in the row's Date column (a site naming PIRs `INC-2041-...` dates them only there).
    pub date: Option<NaiveDate>,
    /// Whether [`TableRow::date`] comes from the target's file name.
    #[serde(default)]
    pub date_from_name: bool,
    /// The cell values (unescaped).
    pub cells: Vec<String>,
}

/// An incidents table of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexTable {
    /// The document model's table id (see [`crate::doc::Table::id`]).
    pub table: usize,
    /// 1-based line of the header row.
    pub line: usize,
    /// What each column holds.
    pub columns: Vec<ColumnRole>,
    /// The column holding the link.
    pub link_column: usize,
    /// How link texts are written.
    pub link_style: LinkStyle,
    /// How the Date column writes dates (strftime).
    pub date_format: String,
    /// Whether rows run newest first.
    pub newest_first: bool,
    /// Rows that link to a page.
    pub rows: Vec<TableRow>,
    /// Every body row, linked or not.
    pub row_count: usize,
}

impl IndexTable {
    /// The column with `role`, if any.
    pub fn column(&self, role: ColumnRole) -> Option<usize> {
        self.columns.iter().position(|c| *c == role)
    }

    /// How many rows link to files named like PIRs.
    pub fn pir_links(&self) -> usize {
        self.rows.iter().filter(|r| r.date_from_name).count()
    }
}

/// Date formats a Date column may use, tried in order against rows whose date is known.
pub const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%b %-d, %Y",
    "%B %-d, %Y",
    "%-d %b %Y",
    "%-d %B %Y",
    "%d %b %Y",
    "%d %B %Y",
];

/// `[text](target)` in a cell: (byte range of the whole link, text as written, target).
/// Brackets inside the text (escaped, or balanced as in a title holding `[x](y)`) do not
/// end it.
fn find_link(cell: &str) -> Option<(std::ops::Range<usize>, &str, &str)> {
    let mut from = 0;
    while let Some(open) = cell[from..].find('[').map(|i| i + from) {
        let escaped = cell[..open].ends_with('\\');
        if !escaped && let Some(link) = parse_link(&cell[open..]) {
            let target = link.target.split_whitespace().next().unwrap_or("");
            return Some((open..open + link.len, link.text, target));
        }
        from = open + 1;
    }
    None
}

/// The date a cell holds, in any of the [`DATE_FORMATS`].
pub fn parse_date_cell(cell: &str) -> Option<NaiveDate> {
    let c = cell.trim().trim_matches(['*', '_', '`']);
    DATE_FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(c, f).ok())
}

fn learn_format(pairs: &[(NaiveDate, &str)]) -> Option<String> {
    let (date, cell) = pairs.first()?;
    let cell = cell.trim();
    DATE_FORMATS
        .iter()
        .find(|f| date.format(f).to_string() == cell)
        .map(|f| f.to_string())
}

/// The incidents tables of a page's text, in page order.
pub fn parse_index_tables(text: &str) -> Vec<IndexTable> {
    let doc = Document::parse(text);
    doc.model()
        .tables
        .iter()
        .filter_map(|t| {
            let columns: Vec<ColumnRole> = t
                .header
                .iter()
                .map(|h| ColumnRole::from_header(h))
                .collect();
            let mut rows = Vec::new();
            let mut link_cols = Vec::new();
            for (index, cells) in t.rows.iter().enumerate() {
                let Some((col, (_, text, target))) = cells
                    .iter()
                    .enumerate()
                    .find_map(|(c, v)| find_link(v).filter(|l| is_page(l.2)).map(|l| (c, l)))
                else {
                    continue;
                };
                link_cols.push(col);
                let named = file_date(target);
                let date_col = columns.iter().position(|c| *c == ColumnRole::Date);
                rows.push(TableRow {
                    index,
                    line: t.row_lines.get(index).copied().unwrap_or(t.line),
                    target: target.to_string(),
                    link_text: unescape_link_text(text),
                    date: named.or_else(|| parse_date_cell(cells.get(date_col?)?)),
                    date_from_name: named.is_some(),
                    cells: cells.clone(),
                });
            }
            let has = |r: ColumnRole| columns.contains(&r);
            // Rows dated by their Date cell only count beside a Title column: whether they
            // link to PIRs is for the site to say (see `index_pages`).
            let is_incidents = rows.iter().any(|r| r.date_from_name)
                || (has(ColumnRole::Title) && rows.iter().any(|r| r.date.is_some()))
                || (t.rows.is_empty() && has(ColumnRole::Date) && has(ColumnRole::Title));
            if !is_incidents {
                return None;
            }
            let link_column = link_cols
                .first()
                .copied()
                .or_else(|| columns.iter().position(|c| *c == ColumnRole::Title))
                .unwrap_or(0);
            let model = rows.iter().find(|r| r.date.is_some());
            let date_col = columns.iter().position(|c| *c == ColumnRole::Date);
            let pairs: Vec<(NaiveDate, &str)> = rows
                .iter()
                .filter_map(|r| Some((r.date?, r.cells.get(date_col?)?.as_str())))
                .collect();
            let date_format = learn_format(&pairs).unwrap_or_else(|| "%Y-%m-%d".to_string());
            let link_style = model.map_or(LinkStyle::Title, learn_link_style);
            let dates: Vec<NaiveDate> = rows.iter().filter_map(|r| r.date).collect();
            let ascending = dates.len() >= 2
                && dates.windows(2).all(|w| w[0] <= w[1])
                && dates.first() < dates.last();
            Some(IndexTable {
                table: t.id,
                line: t.line,
                columns,
                link_column,
                link_style,
                date_format,
                newest_first: !ascending,
                rows,
                row_count: t.rows.len(),
            })
        })
        .collect()
}

/// Whether `a` and `b` are the same words, whatever the punctuation and spacing between
/// them (case counts: a title's case is the author's).
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

fn is_page(target: &str) -> bool {
    let path = target.split('#').next().unwrap_or(target);
    !target.contains("://") && path.ends_with(".md")
}

fn file_date(target: &str) -> Option<NaiveDate> {
    let path = target.split('#').next().unwrap_or(target);
    parse_pir_file_name(path.rsplit('/').next().unwrap_or(path)).map(|(d, _)| d)
}

fn learn_link_style(row: &TableRow) -> LinkStyle {
    let text = row.link_text.trim();
    if let Some(id) = file_id(&row.target)
        && let Some(rest) = text.strip_prefix(id)
        && let title = rest.trim_start_matches(|c: char| c.is_whitespace() || ":-–—".contains(c))
        && !title.is_empty()
        && title.len() < rest.len()
    {
        return LinkStyle::IdTitle {
            sep: rest[..rest.len() - title.len()].to_string(),
        };
    }
    match split_link_text(text) {
        (Some(d), "") => LinkStyle::Date {
            format: learn_format(&[(row.date.unwrap_or_default(), d)])
                .unwrap_or_else(|| "%Y-%m-%d".to_string()),
        },
        (Some(d), title) => LinkStyle::DateTitle {
            sep: text[d.len()..text.len() - title.len()].to_string(),
        },
        (None, _) => match row.date.and_then(|d| learn_format(&[(d, text)])) {
            Some(format) => LinkStyle::Date { format },
            None => LinkStyle::Title,
        },
    }
}

/// The docs-relative path a link on page `page_rel` points at (`None` for URLs and anchors).
pub fn resolve_link(page_rel: &str, target: &str) -> Option<String> {
    let path = target.split('#').next().unwrap_or(target);
    if path.is_empty() || target.contains("://") {
        return None;
    }
    let mut parts: Vec<&str> = if let Some(abs) = path.strip_prefix('/') {
        abs.split('/').collect()
    } else {
        let dir = page_rel.rsplit_once('/').map_or("", |(d, _)| d);
        dir.split('/').chain(path.split('/')).collect()
    };
    parts.retain(|p| !p.is_empty() && *p != ".");
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        if p == ".." {
            out.pop()?;
        } else {
            out.push(p);
        }
    }
    Some(out.join("/"))
}

/// The link from page `page_rel` to the docs-relative `target_rel`.
pub fn link_from(page_rel: &str, target_rel: &str) -> String {
    let dir: Vec<&str> = page_rel
        .rsplit_once('/')
        .map_or_else(Vec::new, |(d, _)| d.split('/').collect());
    let target: Vec<&str> = target_rel.split('/').collect();
    let common = dir.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; dir.len() - common];
    parts.extend_from_slice(&target[common..]);
    parts.join("/")
}

/// The identifier a file name opens with, `PREFIX-digits` (`INC-2050` of
/// `../INC-2050-settlement-file-late.md#timeline`); none for dated or plain names.
fn file_id(target: &str) -> Option<&str> {
    let path = target.split('#').next().unwrap_or(target);
    let name = path.rsplit('/').next().unwrap_or(path);
    let letters = name.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = name[letters..].strip_prefix('-')?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let end = letters + 1 + digits;
    let after = name[end..].chars().next();
    (letters > 0 && digits > 0 && matches!(after, Some('-' | '.'))).then(|| &name[..end])
}

fn link_text(table: &IndexTable, pir: &ListPir<'_>) -> String {
    match &table.link_style {
        LinkStyle::Title => pir.title.to_string(),
        LinkStyle::IdTitle { sep } => match file_id(pir.target) {
            Some(id) => {
                let title = pir
                    .title
                    .strip_prefix(id)
                    .map(|t| {
                        t.trim_start_matches(|c: char| c.is_whitespace() || ":-–—".contains(c))
                    })
                    .filter(|t| !t.is_empty())
                    .unwrap_or(pir.title);
                format!("{id}{sep}{title}")
            }
            None => pir.title.to_string(),
        },
        LinkStyle::DateTitle { sep } => {
            join_dated(&pir.date.format("%Y-%m-%d").to_string(), sep, pir.title)
        }
        LinkStyle::Date { format } => pir.date.format(format).to_string(),
    }
}

fn field<'a>(pir: &'a ListPir<'_>, key: &str) -> Option<&'a str> {
    pir.fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
}

/// The cells of a new row for `pir` (its target relative to the page), shaped like the
/// table's first linked row.
fn new_row(table: &IndexTable, pir: &ListPir<'_>) -> Vec<String> {
    let model = table.rows.iter().find(|r| r.date.is_some());
    let link = format!(
        "[{}]({})",
        escape_link_text(&link_text(table, pir)),
        pir.target
    );
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, role)| {
            if i == table.link_column {
                // Keep any decoration around the neighbour's link (`**[..](..)**`).
                return match model.and_then(|m| m.cells.get(i)).and_then(|c| {
                    find_link(c).map(|(r, _, _)| format!("{}{link}{}", &c[..r.start], &c[r.end..]))
                }) {
                    Some(cell) => cell,
                    None => link.clone(),
                };
            }
            match role {
                ColumnRole::Date => pir.date.format(&table.date_format).to_string(),
                ColumnRole::Title => pir.title.to_string(),
                ColumnRole::Other => String::new(),
                r => r
                    .field_key()
                    .and_then(|k| field(pir, k))
                    .unwrap_or("")
                    .to_string(),
            }
        })
        .collect()
}

/// Returns `text` with a row for `pir` inserted into `table` (found by
/// [`parse_index_tables`] on the same text), newest first unless the table runs the other
/// way. `Ok(None)` when the table already links to `pir.target`.
pub fn insert_table_row(
    text: &str,
    table: &IndexTable,
    pir: &ListPir<'_>,
) -> Result<Option<String>> {
    if table.rows.iter().any(|r| r.target == pir.target) {
        return Ok(None);
    }
    let next = table.rows.iter().find(|r| {
        r.date.is_some_and(|d| {
            if table.newest_first {
                d < pir.date
            } else {
                d > pir.date
            }
        })
    });
    let index = match next {
        Some(r) => r.index,
        // After the last dated row (rows after it, such as a "more..." line, stay last).
        None => table
            .rows
            .iter()
            .rev()
            .find(|r| r.date.is_some())
            .map_or(table.row_count, |r| r.index + 1),
    };
    let mut doc = Document::parse(text);
    doc.apply(&Edit::TableInsertRow {
        table: table.table,
        index,
        cells: new_row(table, pir),
    })?;
    Ok(Some(doc.into_text()))
}

/// What in a row disagrees with the PIR: (column, new cell value, what is said in words).
pub fn stale_cells(
    table: &IndexTable,
    row: &TableRow,
    pir: &ListPir<'_>,
) -> Vec<(usize, String, String)> {
    stale_cells_with(table, row, pir, &[])
}

/// As [`stale_cells`], and also cells of the columns in `refresh` (field key, old value) that
/// still show the old value or `TBD`: copies of the PIR that the PIR has since changed.
pub fn stale_cells_with(
    table: &IndexTable,
    row: &TableRow,
    pir: &ListPir<'_>,
    refresh: &[(&str, &str)],
) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let cell = |i: usize| row.cells.get(i).map(String::as_str).unwrap_or("");
    // The link text.
    let want = link_text(table, pir);
    let have = row.link_text.trim();
    // A title written with other punctuation (`INC-2050 Settlement file late` for
    // `INC-2050: Settlement file late`) is the site's way of writing it, not a stale one.
    let other_title = |t: &str| !same_words(t, pir.title);
    let link_stale = match (&table.link_style, split_link_text(have)) {
        (LinkStyle::Title, (None, t)) => other_title(t),
        (LinkStyle::IdTitle { .. }, (None, t)) => !same_words(t, &want),
        (LinkStyle::DateTitle { .. }, (Some(_), _)) => have != want,
        (LinkStyle::Date { .. }, _) => parse_date_cell(have).is_some_and(|d| d != pir.date),
        // A row written in another style than the table's first: compare what it says.
        (_, (Some(d), t)) => {
            d != pir.date.format("%Y-%m-%d").to_string() || (!t.is_empty() && other_title(t))
        }
        (_, (None, t)) => other_title(t),
    };
    if link_stale {
        let c = cell(table.link_column);
        if let Some((r, text, _)) = find_link(c) {
            let mut new = c.to_string();
            new.replace_range(
                r.start + 1..r.start + 1 + text.len(),
                &escape_link_text(&want),
            );
            out.push((
                table.link_column,
                new,
                format!("link \"{have}\" (PIR: \"{want}\")"),
            ));
        }
    }
    for (i, role) in table.columns.iter().enumerate() {
        if i == table.link_column {
            continue;
        }
        let have = cell(i).trim();
        match role {
            ColumnRole::Date => {
                if parse_date_cell(have).is_some_and(|d| d != pir.date) {
                    out.push((
                        i,
                        pir.date.format(&table.date_format).to_string(),
                        format!("date {have} (PIR: {})", pir.date),
                    ));
                }
            }
            ColumnRole::Title => {
                if have != pir.title {
                    out.push((
                        i,
                        pir.title.to_string(),
                        format!("title \"{have}\" (PIR: \"{}\")", pir.title),
                    ));
                }
            }
            ColumnRole::Severity => {
                if let Some(level) = field(pir, "Severity")
                    && !have.eq_ignore_ascii_case(level)
                {
                    out.push((
                        i,
                        level.to_string(),
                        format!("severity {have} (PIR: {level})"),
                    ));
                }
            }
            r => {
                let Some(key) = r.field_key() else { continue };
                let Some((_, old)) = refresh.iter().find(|(k, _)| k.eq_ignore_ascii_case(key))
                else {
                    continue;
                };
                let Some(new) = field(pir, key) else { continue };
                if (have == old.trim() || have.eq_ignore_ascii_case("tbd")) && have != new {
                    out.push((
                        i,
                        new.to_string(),
                        format!("{} {have} (PIR: {new})", key.to_ascii_lowercase()),
                    ));
                }
            }
        }
    }
    out
}

/// Returns `text` with the cells of `row` that disagree with `pir` rewritten (see
/// [`stale_cells_with`]), each through [`Edit::TableSetCell`].
pub fn update_table_row(
    text: &str,
    table: &IndexTable,
    row: &TableRow,
    pir: &ListPir<'_>,
    refresh: &[(&str, &str)],
) -> Result<String> {
    let mut cells = stale_cells_with(table, row, pir, refresh);
    // Rightmost first: a value that widens its cell must not make the table look unpadded
    // to the edits of the cells after it.
    cells.sort_by_key(|(column, _, _)| std::cmp::Reverse(*column));
    let edits: Vec<Edit> = cells
        .into_iter()
        .map(|(column, text, _)| Edit::TableSetCell {
            table: table.table,
            row: row.index,
            column,
            text,
        })
        .collect();
    if edits.is_empty() {
        return Ok(text.to_string());
    }
    let mut doc = Document::parse(text);
    doc.apply_all(&edits)?;
    Ok(doc.into_text())
}

/// What [`sync_page_tables`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction<'a> {
    /// Insert a missing row; leave an existing one as it is.
    Insert,
    /// Insert a missing row; rewrite the stale cells of an existing one, and also those of the
    /// fields given as (key, old value) that still show the old value or `TBD` (see
    /// [`stale_cells_with`]).
    InsertOrUpdate(&'a [(&'a str, &'a str)]),
    /// As `InsertOrUpdate`, without inserting.
    Update(&'a [(&'a str, &'a str)]),
}

/// Makes the tables `ids` (model table ids) of the page at docs-relative `page_rel` list the
/// PIR at docs-relative `rel`, as `action` says: insert a row where there is none, update
/// the existing row (its link resolved against the page).
/// `pir.target` is ignored: the link is written relative to the page.
///
/// Returns the new text and what changed, in words.
pub fn sync_page_tables(
    text: &str,
    page_rel: &str,
    ids: &[usize],
    rel: &str,
    pir: &ListPir<'_>,
    action: RowAction<'_>,
) -> Result<(String, Vec<String>)> {
    let mut page = PageTables::new(text.to_string());
    let what = page.sync(page_rel, ids, rel, pir, action)?;
    Ok((page.text, what))
}

/// A page's tables and, per table, its rows by the docs-relative path their link resolves to.
type ParsedTables = (Vec<IndexTable>, Vec<HashMap<String, usize>>);

/// A page's text being brought up to date one PIR after another, with its incidents tables
/// parsed once per change rather than once per PIR: syncing a site's every PIR reads the page
/// once, plus once per row it adds or rewrites.
#[derive(Debug, Clone)]
pub struct PageTables {
    /// The page's text with every change so far.
    pub text: String,
    /// The tables of `text` and, per table, its rows by the docs-relative path their link
    /// resolves to (the first such row); `None` once `text` changed.
    parsed: Option<ParsedTables>,
    /// The page the lookups were resolved against.
    page_rel: String,
}

impl PageTables {
    /// Starts from the page's text.
    pub fn new(text: String) -> PageTables {
        PageTables {
            text,
            parsed: None,
            page_rel: String::new(),
        }
    }

    /// As [`sync_page_tables`], on this page's current text.
    pub fn sync(
        &mut self,
        page_rel: &str,
        ids: &[usize],
        rel: &str,
        pir: &ListPir<'_>,
        action: RowAction<'_>,
    ) -> Result<Vec<String>> {
        let link = link_from(page_rel, rel);
        let pir = ListPir {
            target: &link,
            ..pir.clone()
        };
        if self.page_rel != page_rel {
            self.parsed = None;
            self.page_rel = page_rel.to_string();
        }
        let mut what = Vec::new();
        for id in ids {
            let (tables, lookups) = self.parsed.get_or_insert_with(|| {
                let tables = parse_index_tables(&self.text);
                let lookups = tables
                    .iter()
                    .map(|t| {
                        let mut by_rel = HashMap::new();
                        for (i, r) in t.rows.iter().enumerate() {
                            if let Some(resolved) = resolve_link(page_rel, &r.target) {
                                by_rel.entry(resolved).or_insert(i);
                            }
                        }
                        by_rel
                    })
                    .collect();
                (tables, lookups)
            });
            let Some(at) = tables.iter().position(|t| t.table == *id) else {
                continue;
            };
            let table = &tables[at];
            let row = lookups[at].get(rel).map(|&i| &table.rows[i]);
            let next = match (row, action) {
                (None, RowAction::Update(_)) | (Some(_), RowAction::Insert) => None,
                (None, _) => insert_table_row(&self.text, table, &pir)?.inspect(|_| {
                    what.push(format!("add {rel} to the table at line {}", table.line));
                }),
                (Some(row), RowAction::InsertOrUpdate(refresh) | RowAction::Update(refresh))
                    if stale_cells_with(table, row, &pir, refresh).is_empty() =>
                {
                    None
                }
                (Some(row), RowAction::InsertOrUpdate(refresh) | RowAction::Update(refresh)) => {
                    let next = update_table_row(&self.text, table, row, &pir, refresh)?;
                    (next != self.text).then(|| {
                        what.push(format!("update the table row of {rel} (line {})", row.line));
                        next
                    })
                }
            };
            if let Some(next) = next {
                self.text = next;
                self.parsed = None;
            }
        }
        Ok(what)
    }
}

/// One PIR for [`PageTables::sync_all`]: its docs-relative path, what to list and what to do.
pub type SyncItem<'a> = (&'a str, ListPir<'a>, RowAction<'a>);

/// Where a row stands in a table being synced: a row the page has (its position in
/// [`IndexTable::rows`]) or one being added (its position among the additions, its date).
#[derive(Clone, Copy)]
enum Slot {
    Existing(usize),
    New(usize, NaiveDate),
}

impl PageTables {
    /// As [`PageTables::sync`] for each item in turn, with the same result, but reading the
    /// page once: every row is placed against the rows the page has plus those added before
    /// it, and all additions and updates are written in one pass. Syncing a whole site is
    /// then linear in the page's size, not in its size times the rows added.
    ///
    /// Each PIR is given once (a later item with the same path is not added again).
    /// Returns what changed, in words; lines are those of the page as it was.
    pub fn sync_all(
        &mut self,
        page_rel: &str,
        ids: &[usize],
        items: &[SyncItem<'_>],
    ) -> Result<Vec<String>> {
        let tables = parse_index_tables(&self.text);
        let mut edits = Vec::new();
        let mut what = Vec::new();
        for id in ids {
            let Some(table) = tables.iter().find(|t| t.table == *id) else {
                continue;
            };
            let mut by_rel: HashMap<String, usize> = HashMap::new();
            for (i, r) in table.rows.iter().enumerate() {
                if let Some(resolved) = resolve_link(page_rel, &r.target) {
                    by_rel.entry(resolved).or_insert(i);
                }
            }
            let mut slots: Vec<Slot> = (0..table.rows.len()).map(Slot::Existing).collect();
            // Per addition: its position among the body rows as they are now, and its cells.
            let mut added: Vec<(usize, Vec<String>)> = Vec::new();
            let mut updated: Vec<(usize, Vec<(usize, String)>)> = Vec::new();
            let mut adding: HashSet<&str> = HashSet::new();
            for (rel, pir, action) in items {
                let link = link_from(page_rel, rel);
                let pir = ListPir {
                    target: &link,
                    ..pir.clone()
                };
                match (by_rel.get(*rel).map(|&i| &table.rows[i]), action) {
                    (None, RowAction::Update(_)) | (Some(_), RowAction::Insert) => {}
                    (None, _) => {
                        if table.rows.iter().any(|r| r.target == pir.target) || !adding.insert(*rel)
                        {
                            continue;
                        }
                        let index = place_row(table, &slots, &added, pir.date);
                        what.push(format!("add {rel} to the table at line {}", table.line));
                        let slot = Slot::New(added.len(), pir.date);
                        added.push((index.0, new_row(table, &pir)));
                        slots.insert(index.1, slot);
                    }
                    (
                        Some(row),
                        RowAction::InsertOrUpdate(refresh) | RowAction::Update(refresh),
                    ) => {
                        let cells: Vec<(usize, String)> =
                            stale_cells_with(table, row, &pir, refresh)
                                .into_iter()
                                .map(|(c, text, _)| (c, text))
                                .collect();
                        if !cells.is_empty() {
                            what.push(format!("update the table row of {rel} (line {})", row.line));
                            updated.push((row.index, cells));
                        }
                    }
                }
            }
            // The additions in table order: the order of the slots.
            for slot in &slots {
                if let Slot::New(k, _) = slot {
                    let (index, cells) = &added[*k];
                    edits.push(Edit::TableInsertRow {
                        table: table.table,
                        index: *index,
                        cells: cells.clone(),
                    });
                }
            }
            for (row, cells) in updated {
                edits.push(Edit::TableSetCells {
                    table: table.table,
                    row,
                    cells,
                });
            }
        }
        if !edits.is_empty() {
            let mut doc = Document::parse(std::mem::take(&mut self.text));
            let outcome = doc.apply_batch(&edits);
            self.text = doc.into_text();
            outcome?;
            self.parsed = None;
        }
        Ok(what)
    }
}

/// Where a row dated `date` goes, as [`insert_table_row`] places it among `slots` (the
/// table's rows and those added so far): (its position among the body rows as they are now,
/// its position among the slots).
fn place_row(
    table: &IndexTable,
    slots: &[Slot],
    added: &[(usize, Vec<String>)],
    date: NaiveDate,
) -> (usize, usize) {
    let date_of = |s: &Slot| match *s {
        Slot::Existing(i) => table.rows[i].date,
        Slot::New(_, d) => Some(d),
    };
    // Before the first row on the far side of `date`, newest first unless the table runs
    // the other way.
    let next = slots.iter().position(|s| {
        date_of(s).is_some_and(|d| {
            if table.newest_first {
                d < date
            } else {
                d > date
            }
        })
    });
    if let Some(p) = next {
        let index = match slots[p] {
            Slot::Existing(i) => table.rows[i].index,
            Slot::New(k, _) => added[k].0,
        };
        return (index, p);
    }
    // Else after the last dated row (rows after it, such as a "more..." line, stay last).
    match slots.iter().rposition(|s| date_of(s).is_some()) {
        Some(p) => {
            let index = match slots[p] {
                Slot::Existing(i) => table.rows[i].index + 1,
                Slot::New(k, _) => added[k].0,
            };
            (index, p + 1)
        }
        None => (table.row_count, slots.len()),
    }
}

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
fn read_index_page(
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
