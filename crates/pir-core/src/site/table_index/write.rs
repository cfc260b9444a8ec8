//! Writing an incidents table: a new PIR's row in the table's own shape, stale cells
//! refreshed, and a page's tables kept in step with the site's PIRs.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::doc::{Document, Edit};
use crate::error::Result;
use crate::site::index::ListPir;
use crate::site::index::escape_link_text;
use crate::site::link_text::{join_dated, split_link_text};

use super::read::*;

pub(crate) fn link_text(table: &IndexTable, pir: &ListPir<'_>) -> String {
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

pub(crate) fn field<'a>(pir: &'a ListPir<'_>, key: &str) -> Option<&'a str> {
    pir.fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
}

/// The cells of a new row for `pir` (its target relative to the page), shaped like the
/// table's first linked row.
pub(crate) fn new_row(table: &IndexTable, pir: &ListPir<'_>) -> Vec<String> {
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
pub(crate) enum Slot {
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
pub(crate) fn place_row(
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
