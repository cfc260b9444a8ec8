//! Tables found by the block parser, split into cells from their own lines (so edits splice
//! exact cell spans), with their alignment, padding and section.

use super::headings::{HeadingAt, section_of};
use super::lines::LineIndex;
use crate::doc::line::line_end;
use crate::doc::model::Align;
use crate::doc::table::{self, RowAt};

/// A table and its rows.
#[derive(Debug, Clone)]
pub(crate) struct TableAt {
    pub header: RowAt,
    pub delim: RowAt,
    pub rows: Vec<RowAt>,
    pub align: Vec<Align>,
    pub padded: bool,
    pub section: Option<usize>,
}

impl TableAt {
    /// Start of the header line.
    pub fn start(&self) -> usize {
        self.header.start
    }
}

pub(super) fn build_table(
    text: &str,
    lines: &LineIndex,
    starts: &[usize],
    headings: &[HeadingAt],
) -> Option<TableAt> {
    let (&head, body) = starts.split_first()?;
    let row_at = |content_start: usize| {
        let ls = lines.start(content_start);
        let (ce, next) = line_end(text, ls);
        table::split_row(text, ls, content_start.min(ce), ce, next, lines.line(ls))
    };
    let header = row_at(head);
    if header.next >= text.len() {
        return None; // a table needs its delimiter row
    }
    let prefix = header.content_start - header.start;
    let (dce, dnext) = line_end(text, header.next);
    let delim = table::split_row(
        text,
        header.next,
        (header.next + prefix).min(dce),
        dce,
        dnext,
        lines.line(header.next),
    );
    let mut rows: Vec<RowAt> = Vec::new();
    let mut last = delim.start;
    for &s in body {
        let r = row_at(s);
        if r.start <= last {
            continue; // never two rows on one line
        }
        last = r.start;
        rows.push(r);
    }
    let align = delim
        .cells
        .iter()
        .map(|c| table::align_of(text.get(c.span.clone()).unwrap_or("")))
        .collect();
    let padded = table::is_padded(text, &header, &delim, &rows);
    let section = section_of(headings, header.start);
    Some(TableAt {
        header,
        delim,
        rows,
        align,
        padded,
        section,
    })
}
