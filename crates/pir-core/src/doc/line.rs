//! Lines of a document's text, `\n` or `\r\n` ended: the one reader every other part of the
//! document parser (front matter, lists, the section index) steps through text with, kept
//! apart so none of them imports another for it.

/// The content end (before `\r\n` or `\n`) and the start of the next line, for the line that
/// starts at `pos`. Never panics: a bad position gives the end of the text.
pub(crate) fn line_end(text: &str, pos: usize) -> (usize, usize) {
    match text
        .get(pos..)
        .and_then(|s| memchr::memchr(b'\n', s.as_bytes()))
    {
        Some(i) => {
            let nl = pos + i;
            let ce = if nl > pos && text.as_bytes()[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            (ce, nl + 1)
        }
        None => (text.len(), text.len()),
    }
}
