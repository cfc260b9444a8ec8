//! From an [`Edit`] to its splices: the dispatch to the part that plans each kind, the
//! planner's view of the document, and the checks and line arithmetic all parts share.

use std::ops::Range;

use super::{Edit, Splice};
use crate::doc::parse;
use crate::doc::{Document, invalid};
use crate::error::Result;
use crate::timeline;

/// Plans `edit` against `doc`.
pub(crate) fn plan(doc: &Document, edit: &Edit) -> Result<Vec<Splice>> {
    let p = Planner {
        text: &doc.text,
        ix: &doc.index,
        doc,
    };
    match edit {
        Edit::SetMetadata { key, value } => p.set_metadata(key, value),
        Edit::RemoveMetadata { key } => p.remove_metadata(key),
        Edit::SetTitle { text } => p.set_title(text),
        Edit::ReplaceSectionBody { section, text } => p.replace_section(*section, *section, text),
        Edit::ReplaceSectionRange { first, last, text } => p.replace_section(*first, *last, text),
        Edit::AddTag { tag } => p.add_tag(tag),
        Edit::RemoveTag { tag } => p.remove_tag(tag),
        Edit::TimelineAdd { time, event, phase } => p.timeline_add(time, event, phase.as_deref()),
        Edit::TimelineInsert { index, time, event } => p.timeline_insert(*index, time, event),
        Edit::TimelineInsertInTable {
            table,
            index,
            time,
            event,
        } => p.timeline_insert_in_table(*table, *index, time, event),
        Edit::TimelineDelete { index } => {
            let (t, i) = p.timeline_row(*index)?;
            Ok(p.delete_in_block(t, i))
        }
        Edit::TimelineMove { from, to } => p.timeline_move(*from, *to),
        Edit::TimelineSort => p.timeline_sort(),
        Edit::TimelineSetTime { index, text } => {
            let (t, i) = p.timeline_row(*index)?;
            p.set_row_time(t, i, text)
        }
        Edit::TimelineSetTimeText { index, text } => {
            let (t, i) = p.timeline_row(*index)?;
            p.set_row_time_text(t, i, text)
        }
        Edit::TimelineSetEvent { index, text } => {
            let (t, i) = p.timeline_row(*index)?;
            p.set_row_event(t, i, text)
        }
        Edit::TimelineSetEventText { index, text } => {
            let (t, i) = p.timeline_row(*index)?;
            p.set_row_event(t, i, &timeline::with_event_text(&p.row_event(t, i), text))
        }
        Edit::TimelineSetKeyEvent { index, kind, label } => {
            p.timeline_set_key_event(*index, *kind, label.as_deref())
        }
        Edit::TableAddRow { table, cells } => {
            let t = p.table(*table)?;
            Ok(vec![p.insert_row(t, t.rows.len(), cells)?])
        }
        Edit::TableInsertRow {
            table,
            index,
            cells,
        } => {
            let t = p.table(*table)?;
            if *index > t.rows.len() {
                return Err(out_of_range("row", *index, t.rows.len() + 1));
            }
            Ok(vec![p.insert_row(t, *index, cells)?])
        }
        Edit::TableDeleteRow { table, index } => {
            let t = p.table(*table)?;
            check(*index, t.rows.len(), "row")?;
            Ok(vec![p.delete_row(t, *index)])
        }
        Edit::TableMoveRow { table, from, to } => {
            let t = p.table(*table)?;
            check(*from, t.rows.len(), "row")?;
            check(*to, t.rows.len(), "row")?;
            let mut order: Vec<usize> = (0..t.rows.len()).collect();
            let r = order.remove(*from);
            order.insert(*to, r);
            Ok(p.reorder(t, &order).into_iter().collect())
        }
        Edit::TableSort {
            table,
            column,
            descending,
        } => p.table_sort(*table, *column, *descending),
        Edit::TableSetCells { table, row, cells } => {
            let t = p.table(*table)?;
            check(*row, t.rows.len(), "row")?;
            p.set_cells(t, *row, cells)
        }
        Edit::TableSetCell {
            table,
            row,
            column,
            text,
        } => {
            let t = p.table(*table)?;
            check(*row, t.rows.len(), "row")?;
            p.set_cell(t, Some(*row), *column, text)
        }
        Edit::TableSetHeader {
            table,
            column,
            text,
        } => p.set_cell(p.table(*table)?, None, *column, text),
        Edit::SetHowQuestion { chain, step, text } => {
            let (hi, _) = p.how_step(*chain, *step)?;
            one_line(text)?;
            Ok(vec![p.heading_text(hi, text)])
        }
        Edit::SetHowAnswer { chain, step, text } => p.set_how_answer(*chain, *step, text),
    }
}

pub(super) struct Planner<'a> {
    pub(super) text: &'a str,
    pub(super) ix: &'a parse::Index,
    pub(super) doc: &'a Document,
}

impl<'a> Planner<'a> {
    pub(super) fn eol(&self) -> &'static str {
        self.ix.eol
    }

    /// Replaces a heading's text, keeping its `#` marks, spacing and closing sequence.
    pub(super) fn heading_text(&self, heading: usize, new: &str) -> Splice {
        let h = &self.ix.headings[heading];
        let mut new = new.trim().to_string();
        // An empty heading (`#`) has no space yet after its marks.
        if !new.is_empty() && self.text[..h.text_span.start].ends_with('#') {
            new.insert(0, ' ');
        }
        (h.text_span.clone(), new)
    }
}

pub(super) fn out_of_range(what: &str, index: usize, len: usize) -> crate::CoreError {
    invalid(format!("{what} {index} is out of range (there are {len})"))
}

pub(super) fn no_event_column() -> crate::CoreError {
    invalid("this timeline table has one column, the time; it has no event cell")
}

pub(super) fn check(index: usize, len: usize, what: &str) -> Result<()> {
    if index < len {
        Ok(())
    } else {
        Err(out_of_range(what, index, len))
    }
}

pub(super) fn one_line(s: &str) -> Result<()> {
    if s.contains(['\n', '\r']) {
        Err(invalid(
            "this field is one line; it cannot contain a line break",
        ))
    } else {
        Ok(())
    }
}

/// The range that removes the line `start..next` whole; a last line without a line ending
/// takes the previous line's ending with it, so the file still lacks a final newline.
pub(super) fn line_removal(text: &str, start: usize, next: usize) -> Range<usize> {
    if text.get(start..next).is_some_and(|l| l.ends_with('\n')) || start == 0 {
        return start..next;
    }
    let before = text.get(..start).unwrap_or("");
    let eol = if before.ends_with("\r\n") {
        2
    } else if before.ends_with('\n') {
        1
    } else {
        0
    };
    start - eol..next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn line_removal_keeps_a_missing_final_newline_missing() {
        let t = "a\r\nb\r\nc";
        assert_eq!(line_removal(t, 3, 6), 3..6);
        assert_eq!(line_removal(t, 6, 7), 4..7);
    }
}
