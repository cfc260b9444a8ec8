//! How a link to a PIR names it: `2026-01-02 - Title`, read into date and title and written
//! back so that reading gives the same parts. The nav, the home page's list and the index
//! tables all write links this way, and the checks read them; this leaf module is the one
//! place that knows the shape, so none of them imports another for it.

/// The link text's date and title: `2026-01-02 - Title` → (`2026-01-02`, `Title`).
///
/// The separator is spaces, optionally with one run of `-`, `—`, `–` or `:` that spaces
/// follow (or that ends the text). A title of its own starting with such a character
/// (`-rf`, `— x`) stays whole: `2026-01-02 -rf` is the title `-rf`, and
/// [`join_dated`] writes titles so that this reading gives them back.
pub(crate) fn split_link_text(text: &str) -> (Option<&str>, &str) {
    let t = text.trim();
    if t.len() >= 10
        && t.is_char_boundary(10)
        && chrono::NaiveDate::parse_from_str(&t[..10], "%Y-%m-%d").is_ok()
    {
        let rest = &t[10..];
        let after_space = rest.trim_start();
        let after_marks = after_space.trim_start_matches(SEPARATOR_MARKS);
        let title = if after_marks.len() < after_space.len()
            && (after_marks.is_empty() || after_marks.starts_with(char::is_whitespace))
        {
            after_marks.trim_start()
        } else {
            after_space
        };
        (Some(&t[..10]), title)
    } else {
        (None, t)
    }
}

/// The characters a date/title separator may hold besides spaces.
const SEPARATOR_MARKS: [char; 4] = ['-', '—', '–', ':'];

/// `date` + `sep` + `title`, such that [`split_link_text`] reads `title` back: when the
/// neighbour's separator would swallow the start of the title (` ` before `- x`), ` - ` is
/// used instead.
pub(crate) fn join_dated(date: &str, sep: &str, title: &str) -> String {
    let joined = format!("{date}{sep}{title}");
    if split_link_text(&joined) == (Some(date), title.trim()) {
        return joined;
    }
    format!("{date} - {title}")
}
