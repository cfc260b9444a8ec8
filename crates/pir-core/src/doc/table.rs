//! Table rows as written: splitting a row line into cells, and writing new rows and cells in
//! the style of the rows around them.
//!
//! A row is one line: an optional container prefix (indentation, `> `), an optional leading
//! pipe, cells separated by unescaped pipes, an optional trailing pipe. Cell spans include
//! their padding so that a cell edit can keep the column width.
//!
//! Cells are read as the published site (Python-Markdown's tables) reads them: a `|` inside a
//! code span (`` `a | b` ``) is text, not a separator, and is written unescaped there; a `\|`
//! inside a code span is shown by the site with its backslash, so it is kept as written.

use std::ops::Range;

use super::model::Align;

/// One cell of a row line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CellAt {
    /// The cell between its pipes, padding included.
    pub span: Range<usize>,
    /// The trimmed, unescaped value.
    pub value: String,
}

/// One row line of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowAt {
    /// Start of the line.
    pub start: usize,
    /// Where the row itself starts (after a container prefix such as indentation or `> `).
    pub content_start: usize,
    /// End of the line's text, before its line ending.
    pub content_end: usize,
    /// Start of the next line (after the line ending), or the end of the text.
    pub next: usize,
    /// 1-based line.
    pub line: usize,
    /// The cells.
    pub cells: Vec<CellAt>,
    /// Whether the row starts with `|`.
    pub leading_pipe: bool,
    /// Whether the row ends with `|`.
    pub trailing_pipe: bool,
}

impl RowAt {
    /// The cell values.
    pub fn values(&self) -> Vec<String> {
        self.cells.iter().map(|c| c.value.clone()).collect()
    }

    /// The line ending of this row (empty on a last line without one).
    pub fn eol<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.content_end..self.next).unwrap_or("")
    }
}

/// Splits the row text `text[content_start..content_end]` into cells.
pub(crate) fn split_row(
    text: &str,
    start: usize,
    content_start: usize,
    content_end: usize,
    next: usize,
    line: usize,
) -> RowAt {
    let s = text.get(content_start..content_end).unwrap_or("");
    let lead_ws = s.len() - s.trim_start().len();
    let body_end = s.trim_end().len();
    let bytes = s.as_bytes();
    let mut pos = lead_ws;
    let leading_pipe = bytes.get(pos) == Some(&b'|');
    if leading_pipe {
        pos += 1;
    }
    let body = &bytes[..body_end];
    // At most one cell per pipe, plus one: no regrowing while the row is split.
    let mut cells = Vec::with_capacity(memchr::memchr_iter(b'|', body).count() + 1);
    let mut cell_start = pos;
    let mut trailing_pipe = false;
    // Jump from pipe or backslash to the next (vectorised); everything between is cell text.
    let spans = code_spans(&s[pos.min(body_end)..body_end]);
    let in_code = |i: usize| spans.iter().any(|r| r.contains(&(i - pos)));
    let mut i = pos;
    while let Some(at) = memchr::memchr2(b'|', b'\\', &body[i.min(body_end)..]) {
        i += at;
        if body[i] == b'\\' {
            // `\|` is a pipe inside the cell, not a separator.
            i += if body.get(i + 1) == Some(&b'|') { 2 } else { 1 };
            continue;
        }
        if !spans.is_empty() && in_code(i) {
            i += 1;
            continue;
        }
        cells.push(cell_at(s, content_start, cell_start..i));
        cell_start = i + 1;
        if i + 1 == body_end {
            trailing_pipe = true;
        }
        i += 1;
    }
    if !trailing_pipe && (cell_start < body_end || cells.is_empty()) {
        cells.push(cell_at(
            s,
            content_start,
            cell_start..body_end.max(cell_start),
        ));
    }
    RowAt {
        start,
        content_start,
        content_end,
        next,
        line,
        cells,
        leading_pipe,
        trailing_pipe,
    }
}

fn cell_at(s: &str, base: usize, r: Range<usize>) -> CellAt {
    let raw = s.get(r.clone()).unwrap_or("");
    CellAt {
        span: base + r.start..base + r.end,
        value: unescape_cell(raw.trim()),
    }
}

/// `a \| b` as written becomes `a | b`; inside a code span `\|` stays (the site shows it so).
pub(crate) fn unescape_cell(s: &str) -> String {
    // Most cells have no backslash: one vectorised search instead of a substring replace.
    if memchr::memchr(b'\\', s.as_bytes()).is_none() {
        return s.to_owned();
    }
    outside_code(s, |part| part.replace("\\|", "|"))
}

/// A value as it must be written in a cell: `|` escaped outside code spans (inside one it is
/// text already, and an escape would show), and a final backslash kept apart from the pipe
/// that follows the cell (it would escape it).
pub(crate) fn escape_cell(s: &str) -> String {
    let s = s.trim();
    let mut v = if memchr::memchr(b'|', s.as_bytes()).is_none() {
        s.to_owned()
    } else {
        outside_code(s, |part| part.replace('|', "\\|"))
    };
    if v.ends_with('\\') {
        v.push(' ');
    }
    v
}

/// `s` with `f` applied to the text outside its code spans, the spans kept as they are.
fn outside_code(s: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut at = 0;
    for r in code_spans(s) {
        out.push_str(&f(&s[at..r.start]));
        out.push_str(&s[r.clone()]);
        at = r.end;
    }
    out.push_str(&f(&s[at..]));
    out
}

/// The code spans of a table row's text, backticks included, paired as Python-Markdown's
/// tables extension pairs them before it splits a row: `\\` and `\|` are skipped, a run of
/// backticks opens a span that the next run of the same length closes, and a run after a
/// backslash opens one backtick shorter (a lone `` \` `` opens none) but closes at full length.
pub(crate) fn code_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    if memchr::memchr(b'`', b).is_none() {
        return Vec::new();
    }
    // Each run of backticks: (start, end, length, escaped).
    let mut runs: Vec<(usize, usize, usize, bool)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if matches!(b.get(i + 1), Some(b'\\' | b'|')) => i += 2,
            b'\\' if b.get(i + 1) == Some(&b'`') => {
                let n = b[i + 1..].iter().take_while(|&&c| c == b'`').count();
                runs.push((i, i + 1 + n, n, true));
                i += 1 + n;
            }
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                runs.push((i, i + n, n, false));
                i += n;
            }
            _ => i += 1,
        }
    }
    let mut spans = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        let (start, _, n, escaped) = runs[k];
        let size = n - usize::from(escaped);
        let close = (size > 0)
            .then(|| runs[k + 1..].iter().position(|r| r.2 == size))
            .flatten();
        match close {
            Some(c) => {
                spans.push(start..runs[k + 1 + c].1);
                k += c + 2;
            }
            None => k += 1,
        }
    }
    spans
}

/// The alignment a delimiter cell (`:---:`) declares.
pub(crate) fn align_of(delim_cell: &str) -> Align {
    let t = delim_cell.trim();
    match (t.starts_with(':'), t.len() > 1 && t.ends_with(':')) {
        (true, true) => Align::Center,
        (true, false) => Align::Left,
        (false, true) => Align::Right,
        (false, false) => Align::None,
    }
}

/// Width of a text in columns, as formatters count it for simple text (characters).
pub(crate) fn width(s: &str) -> usize {
    s.chars().count()
}

/// Whether every row of a table is padded to the header's column widths (as formatters such as
/// Prettier write them). Rows with non-ASCII text are not judged: their width is ambiguous.
pub(crate) fn is_padded(text: &str, header: &RowAt, delim: &RowAt, rows: &[RowAt]) -> bool {
    let widths: Vec<usize> = header
        .cells
        .iter()
        .map(|c| width(text.get(c.span.clone()).unwrap_or("")))
        .collect();
    let row_matches = |r: &RowAt| {
        r.cells.len() == widths.len()
            && r.cells
                .iter()
                .zip(&widths)
                .all(|(c, w)| width(text.get(c.span.clone()).unwrap_or("")) == *w)
    };
    if !row_matches(delim) {
        return false;
    }
    let judged: Vec<&RowAt> = rows
        .iter()
        .filter(|r| {
            text.get(r.content_start..r.content_end)
                .is_some_and(str::is_ascii)
        })
        .collect();
    if judged.is_empty() {
        // No body row to judge: padded when the header cells have room around their text.
        return header.cells.iter().all(|c| {
            let raw = text.get(c.span.clone()).unwrap_or("");
            raw.starts_with(' ') && raw.ends_with(' ')
        });
    }
    judged.into_iter().all(row_matches)
}

/// How new rows of a table are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowStyle {
    /// Container prefix copied from a neighbouring row.
    pub prefix: String,
    /// `| a |` rather than `a`.
    pub leading_pipe: bool,
    /// Trailing `|`.
    pub trailing_pipe: bool,
    /// One space around cell text (`| a |` rather than `|a|`).
    pub spaced: bool,
    /// Column widths (header cell widths) when the table is padded.
    pub widths: Option<Vec<usize>>,
    /// Column alignments.
    pub align: Vec<Align>,
}

/// Formats one cell in `style`: padding to the column width when the table is padded.
pub(crate) fn format_cell(style: &RowStyle, col: usize, value: &str) -> String {
    let v = escape_cell(value);
    let w = width(&v);
    if let Some(widths) = &style.widths
        && let Some(&cw) = widths.get(col)
        && cw >= w + 2
    {
        let room = cw - 2 - w;
        let (l, r) = match style.align.get(col).copied().unwrap_or(Align::None) {
            Align::Right => (room, 0),
            Align::Center => (room / 2, room - room / 2),
            _ => (0, room),
        };
        return format!(" {}{v}{} ", " ".repeat(l), " ".repeat(r));
    }
    if style.spaced { format!(" {v} ") } else { v }
}

/// Formats a whole row (without its line ending) in `style`.
pub(crate) fn format_row(style: &RowStyle, values: &[String]) -> String {
    let n = values.len();
    let mut cells: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format_cell(style, i, v))
        .collect();
    // Without outer pipes the outer padding has nothing to separate.
    if !style.leading_pipe
        && let Some(first) = cells.first_mut()
    {
        *first = first.trim_start().to_string();
    }
    if !style.trailing_pipe
        && n > 0
        && let Some(last) = cells.last_mut()
    {
        *last = last.trim_end().to_string();
    }
    // An empty outer cell keeps its outer pipe, or it would not be a cell.
    let empty = |v: Option<&String>| v.is_some_and(|v| escape_cell(v).is_empty());
    let leading = style.leading_pipe || empty(values.first());
    let trailing = style.trailing_pipe || empty(values.last());
    let mut out = style.prefix.clone();
    if leading {
        out.push('|');
    }
    out.push_str(&cells.join("|"));
    if trailing {
        out.push('|');
    }
    out
}

/// The new text of cell `span` holding `value`, keeping the cell's padding and, in a padded
/// table, the column width when the value fits.
pub(crate) fn replace_cell(raw: &str, value: &str, padded: bool, align: Align) -> String {
    let v = escape_cell(value);
    let lead: String = raw
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let trail_len = raw.len() - raw.trim_end_matches([' ', '\t']).len();
    let trail = if raw.trim().is_empty() {
        // An empty cell: put the text between one space each side when there was room.
        if raw.is_empty() {
            return v;
        }
        return if padded && width(raw) >= width(&v) + 2 {
            format!(" {v}{}", " ".repeat(width(raw) - width(&v) - 1))
        } else {
            format!(" {v} ")
        };
    } else {
        &raw[raw.len() - trail_len..]
    };
    let w = width(raw);
    if padded && trail_len > 0 {
        if align == Align::Right {
            let l = w.saturating_sub(width(&v) + trail_len).max(1);
            return format!("{}{v}{trail}", " ".repeat(l));
        }
        let room = w.saturating_sub(width(&lead) + width(&v)).max(1);
        return format!("{lead}{v}{}", " ".repeat(room));
    }
    format!("{lead}{v}{trail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(s: &str) -> RowAt {
        split_row(s, 0, 0, s.len(), s.len(), 1)
    }

    #[test]
    fn splits_with_and_without_outer_pipes_and_escapes() {
        let r = row("| a | b \\| c |  ");
        assert_eq!(r.values(), vec!["a", "b | c"]);
        assert!(r.leading_pipe && r.trailing_pipe);
        let r = row("a|b");
        assert_eq!(r.values(), vec!["a", "b"]);
        assert!(!r.leading_pipe && !r.trailing_pipe);
        let r = row("|x||");
        assert_eq!(r.values(), vec!["x", ""]);
        let r = row("| a\\\\| b |");
        assert_eq!(r.values(), vec!["a\\| b"]);
        let v = "ends with \\";
        let r = row(&format!("|{}|x|", escape_cell(v)));
        assert_eq!(r.values(), vec![v, "x"]);
        let r = row("  |3|4");
        assert_eq!(r.values(), vec!["3", "4"]);
        assert_eq!(&"  |3|4"[r.cells[0].span.clone()], "3");
    }

    #[test]
    fn pipes_in_code_spans_are_text_as_on_the_site() {
        let r = row("| `a | b` | c |");
        assert_eq!(r.values(), vec!["`a | b`", "c"]);
        // Inside code a `\|` shows its backslash on the site: the value keeps it.
        let r = row("| `a \\| b` | x \\| y |");
        assert_eq!(r.values(), vec!["`a \\| b`", "x | y"]);
        // Unpaired or mismatched backticks open no span.
        assert_eq!(row("| `a | b |").values(), vec!["`a", "b"]);
        assert_eq!(row("| ``a | b` |").values(), vec!["``a", "b`"]);
        assert_eq!(row("| \\`a | b` |").values(), vec!["\\`a", "b`"]);
        assert_eq!(row("| ``a | `b`` |").values(), vec!["``a | `b``"]);
        for v in [
            "`a | b` and c | d",
            "`a \\| b`",
            "x | `y` | z",
            "``a | ` b``",
        ] {
            let written = escape_cell(v);
            assert_eq!(
                row(&format!("| {written} | end |")).values(),
                vec![v, "end"]
            );
        }
        assert_eq!(escape_cell("`a | b` | c"), "`a | b` \\| c");
    }

    #[test]
    fn formats_padded_and_plain_rows() {
        let mut style = RowStyle {
            prefix: String::new(),
            leading_pipe: true,
            trailing_pipe: true,
            spaced: true,
            widths: Some(vec![6, 8]),
            align: vec![Align::None, Align::Right],
        };
        assert_eq!(
            format_row(&style, &["ab".into(), "c".into()]),
            "| ab   |      c |"
        );
        style.widths = None;
        assert_eq!(
            format_row(&style, &["a|b".into(), "c".into()]),
            "| a\\|b | c |"
        );
        style.spaced = false;
        style.leading_pipe = false;
        style.trailing_pipe = false;
        assert_eq!(format_row(&style, &["a".into(), "b".into()]), "a|b");
    }

    #[test]
    fn replaced_cells_keep_width_when_padded() {
        assert_eq!(
            replace_cell(" abc    ", "xy", true, Align::None),
            " xy     "
        );
        assert_eq!(
            replace_cell(" abc ", "longer", true, Align::None),
            " longer "
        );
        assert_eq!(replace_cell(" abc ", "x", false, Align::None), " x ");
        assert_eq!(replace_cell("abc", "x", false, Align::None), "x");
        assert_eq!(replace_cell("      ", "x", true, Align::None), " x    ");
    }
}
