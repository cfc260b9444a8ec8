//! Ordinary tables: setting cells, adding, deleting, moving and sorting rows. A new or
//! rewritten row copies its neighbour's style (pipes, padding, indentation, line ending), and
//! no row is written that would read back as other cells than the ones asked for.

use super::Splice;
use super::plan::{Planner, check, line_removal, one_line, out_of_range};
use crate::doc::invalid;
use crate::doc::model::Align;
use crate::doc::parse::TableAt;
use crate::doc::table::{self, RowAt, RowStyle};
use crate::error::Result;

impl<'a> Planner<'a> {
    pub(super) fn table(&self, id: usize) -> Result<&'a TableAt> {
        self.ix
            .other_tables
            .get(id)
            .map(|&t| &self.ix.tables[t])
            .ok_or_else(|| invalid(format!("there is no table {id}")))
    }

    /// A table cell's value, empty when the row lacks the cell.
    pub(super) fn cell_value(table: &TableAt, row: usize, col: usize) -> String {
        table.rows[row]
            .cells
            .get(col)
            .map(|c| c.value.clone())
            .unwrap_or_default()
    }

    /// Sets several cells of one body row: each cell on its own, or the whole row written
    /// again when it lacks one of them.
    pub(super) fn set_cells(
        &self,
        table: &TableAt,
        i: usize,
        cells: &[(usize, String)],
    ) -> Result<Vec<Splice>> {
        let r = &table.rows[i];
        let ncols = table.header.cells.len();
        if cells.iter().all(|(c, _)| *c < r.cells.len()) {
            let mut out = Vec::new();
            for (c, v) in cells {
                out.extend(self.set_cell(table, Some(i), *c, v)?);
            }
            return Ok(out);
        }
        let mut values = r.values();
        values.resize(ncols.max(values.len()), String::new());
        for (c, v) in cells {
            one_line(v)?;
            if *c >= values.len() {
                return Err(out_of_range("column", *c, ncols));
            }
            values[*c] = v.clone();
        }
        let line = table::format_row(&self.style(table, r), &values);
        Ok(vec![(r.start..r.content_end, line)])
    }

    pub(super) fn style(&self, t: &TableAt, neighbour: &RowAt) -> RowStyle {
        let text = self.text;
        RowStyle {
            prefix: text
                .get(neighbour.start..neighbour.content_start)
                .unwrap_or("")
                .to_string(),
            leading_pipe: neighbour.leading_pipe,
            trailing_pipe: neighbour.trailing_pipe,
            spaced: neighbour.cells.iter().any(|c| {
                text.get(c.span.clone())
                    .is_some_and(|s| s.starts_with([' ', '\t']))
            }),
            widths: t.padded.then(|| {
                t.header
                    .cells
                    .iter()
                    .map(|c| table::width(text.get(c.span.clone()).unwrap_or("")))
                    .collect()
            }),
            align: t.align.clone(),
        }
    }

    pub(super) fn neighbour<'t>(&self, t: &'t TableAt, pos: usize) -> &'t RowAt {
        if pos > 0 {
            t.rows.get(pos - 1).unwrap_or(&t.header)
        } else {
            t.rows.first().unwrap_or(&t.header)
        }
    }

    /// A new body row at `pos` holding `values`.
    pub(super) fn insert_row(&self, t: &TableAt, pos: usize, values: &[String]) -> Result<Splice> {
        self.insert_row_with(t, pos, values, false)
    }

    /// [`Self::insert_row`]; with `fit_only`, padded to the header's widths only when every
    /// value fits them (the first real row of a table holding only placeholder rows: the
    /// table then reads as padded exactly when its rows are, and later rows follow it).
    pub(super) fn insert_row_with(
        &self,
        t: &TableAt,
        pos: usize,
        values: &[String],
        fit_only: bool,
    ) -> Result<Splice> {
        let ncols = t.header.cells.len();
        if values.len() > ncols {
            return Err(invalid(format!(
                "the table has {ncols} columns, not {}",
                values.len()
            )));
        }
        for v in values {
            one_line(v)?;
        }
        let mut values = values.to_vec();
        values.resize(ncols, String::new());
        let nb = self.neighbour(t, pos);
        let mut style = self.style(t, nb);
        if fit_only {
            let fits = |widths: &Vec<usize>| {
                values.iter().enumerate().all(|(i, v)| {
                    widths
                        .get(i)
                        .is_some_and(|w| table::width(&table::escape_cell(v)) + 2 <= *w)
                })
            };
            if !style.widths.as_ref().is_some_and(fits) {
                style.widths = None;
            }
        }
        let line = table::format_row(&style, &values);
        reads_back(&line, &values)?;
        let eol = match nb.eol(self.text) {
            "" => self.eol(),
            e => e,
        };
        if let Some(r) = t.rows.get(pos) {
            return Ok((r.start..r.start, format!("{line}{eol}")));
        }
        let last = t.rows.last().unwrap_or(&t.delim);
        if last.next > last.content_end {
            Ok((last.next..last.next, format!("{line}{eol}")))
        } else {
            // The table ends the file without a final newline: keep it that way.
            Ok((last.content_end..last.content_end, format!("{eol}{line}")))
        }
    }

    pub(super) fn delete_row(&self, t: &TableAt, i: usize) -> Splice {
        let r = &t.rows[i];
        (line_removal(self.text, r.start, r.next), String::new())
    }

    /// Rewrites the rows so that row `k` holds what row `order[k]` held, each line keeping
    /// its bytes and each position keeping its line ending.
    pub(super) fn reorder(&self, t: &TableAt, order: &[usize]) -> Option<Splice> {
        let first = order.iter().enumerate().position(|(k, &o)| k != o)?;
        let last = order.iter().enumerate().rposition(|(k, &o)| k != o)?;
        let mut out = String::new();
        for (k, &o) in order.iter().enumerate().take(last + 1).skip(first) {
            let src = &t.rows[o];
            out.push_str(self.text.get(src.start..src.content_end).unwrap_or(""));
            if k < last {
                out.push_str(t.rows[k].eol(self.text));
            }
        }
        Some((t.rows[first].start..t.rows[last].content_end, out))
    }

    /// Sets one cell of body row `row` (or of the header when `None`).
    pub(super) fn set_cell(
        &self,
        t: &TableAt,
        row: Option<usize>,
        col: usize,
        value: &str,
    ) -> Result<Vec<Splice>> {
        one_line(value)?;
        let ncols = t.header.cells.len();
        let r = match row {
            Some(i) => &t.rows[i],
            None => &t.header,
        };
        if col >= ncols.max(r.cells.len()) {
            return Err(out_of_range("column", col, ncols));
        }
        if let Some(c) = r.cells.get(col) {
            if c.value == value.trim() {
                return Ok(Vec::new());
            }
            let raw = self.text.get(c.span.clone()).unwrap_or("");
            let align = t.align.get(col).copied().unwrap_or(Align::None);
            let mut new = table::replace_cell(raw, value, t.padded, align);
            // An empty outer cell needs its outer pipe, or the row loses the cell (and a
            // row of only `|` and spaces would end the table).
            if table::escape_cell(value).is_empty() {
                if col + 1 == r.cells.len() && !r.trailing_pipe {
                    new.push('|');
                }
                if col == 0 && !r.leading_pipe {
                    new.insert(0, '|');
                }
            }
            let mut values = r.values();
            values[col] = value.to_string();
            let line = format!(
                "{}{new}{}",
                &self.text[r.content_start..c.span.start],
                &self.text[c.span.end..r.content_end]
            );
            reads_back(&line, &values)?;
            return Ok(vec![(c.span.clone(), new)]);
        }
        // The row has fewer cells than the header: write it again with the missing cells.
        let mut values = r.values();
        values.resize(ncols, String::new());
        values[col] = value.to_string();
        let line = table::format_row(&self.style(t, r), &values);
        reads_back(&line, &values)?;
        Ok(vec![(r.start..r.content_end, line)])
    }

    pub(super) fn table_sort(
        &self,
        id: usize,
        column: usize,
        descending: bool,
    ) -> Result<Vec<Splice>> {
        let t = self.table(id)?;
        check(column, t.header.cells.len(), "column")?;
        let value = |i: usize| {
            t.rows[i]
                .cells
                .get(column)
                .map(|c| c.value.clone())
                .unwrap_or_default()
        };
        let mut order: Vec<usize> = (0..t.rows.len()).collect();
        order.sort_by(|&a, &b| {
            let (va, vb) = (value(a), value(b));
            let ord = match (va.parse::<f64>(), vb.parse::<f64>()) {
                (Ok(x), Ok(y)) => x.total_cmp(&y),
                _ => va.to_lowercase().cmp(&vb.to_lowercase()),
            };
            if descending { ord.reverse() } else { ord }
        });
        Ok(self.reorder(t, &order).into_iter().collect())
    }
}

/// Refuses a table row that would not read back as `values`: the site pairs backticks across
/// cells (a lone `` ` `` in one cell and one in another make a code span holding the pipe
/// between them), so such a row would show as fewer cells than were written.
pub(super) fn reads_back(line: &str, values: &[String]) -> Result<()> {
    let row = table::split_row(line, 0, 0, line.len(), line.len(), 1);
    let read = row.values();
    let same = read.len() == values.len() && read.iter().zip(values).all(|(r, v)| r == v.trim());
    if same || !line.contains('`') {
        return Ok(());
    }
    Err(invalid(
        "a backtick in this row would pair with one in another cell and join the cells into one \
         code span on the site: close the code span (`like this`) within its cell, or remove \
         the lone backtick",
    ))
}
