//! Calendar dates in the text a site writes as a PIR's Date: the first one (in digits or in
//! words) and the end of a range, so Dates with context still sort and count.

use chrono::NaiveDate;

/// The calendar dates written `YYYY-MM-DD` (or `YYYY/MM/DD`) in `text`, in order.
fn iso_dates(text: &str) -> impl Iterator<Item = NaiveDate> + '_ {
    let b = text.as_bytes();
    let digit = move |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    (0..b.len()).filter_map(move |i| {
        let starts = digit(i) && (i == 0 || !b[i - 1].is_ascii_digit());
        if starts
            && (0..4).all(|k| digit(i + k))
            && matches!(b.get(i + 4), Some(b'-' | b'/'))
            && b.get(i + 7) == b.get(i + 4)
            && text.is_char_boundary(i + 10)
            && !digit(i + 10)
        {
            let s = text[i..i + 10].replace('/', "-");
            NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()
        } else {
            None
        }
    })
}

/// The end of the span a Date names, when it names one: the last calendar date written in
/// `text` if it is later than the first (`2026-04-01 to 2026-04-02`, `2026-05-17 (resolved
/// 2026-05-18)` end on the 2nd and the 18th); `None` for a single date.
pub fn end_date(text: &str) -> Option<NaiveDate> {
    let mut dates = iso_dates(text);
    let first = dates.next()?;
    dates.last().filter(|last| *last > first)
}

/// The PIR's Date as a date: see [`first_date`].
pub(crate) fn base_date(date: Option<&str>) -> Option<NaiveDate> {
    first_date(date?)
}

/// The first calendar date written in `text`: the start of a range or of a qualified Date
/// (`2026-04-01 to 2026-04-02`, `2026-05-17 (resolved 2026-05-18)`, `~2026-03-30`), a
/// front matter timestamp (`2026-09-14T06:12:00Z`), or a date in words at the start
/// (`14 September 2026`, `Sep 14, 2026`). Sites write Dates with context; the context stays
/// as written and the date still sorts and counts.
pub fn first_date(text: &str) -> Option<NaiveDate> {
    if let Some(d) = iso_dates(text).next() {
        return Some(d);
    }
    let words: Vec<&str> = text
        .trim()
        .trim_matches(['*', '~'])
        .split_whitespace()
        .take(3)
        .collect();
    let lead = words.join(" ");
    let lead = lead.trim_end_matches([',', '.', ';']);
    [
        "%d %B %Y",
        "%d %b %Y",
        "%B %d, %Y",
        "%b %d, %Y",
        "%B %d %Y",
        "%b %d %Y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(lead, f).ok())
}
