//! The markdown link an entry starts with: read so that a title holding `[x](y)` or `\]`
//! does not cut it short, and written with the escapes that keep it whole.

/// A markdown link `[text](target)` at the start of a text.
pub(crate) struct Link<'a> {
    /// The text between the brackets, as written (escapes kept).
    pub text: &'a str,
    /// The target between the parentheses, as written.
    pub target: &'a str,
    /// Byte length of the whole link.
    pub len: usize,
}

/// Reads the link `s` starts with. The text ends at the first `]` that is neither escaped
/// (`\]`) nor closing a `[` of the text, so a title holding `[x](y)` or `\]` does not cut the
/// link short.
pub(crate) fn parse_link(s: &str) -> Option<Link<'_>> {
    let rest = s.strip_prefix('[')?;
    let mut depth = 0usize;
    let mut escaped = false;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(i);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let after = rest[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    Some(Link {
        text: &rest[..close],
        target: &after[..end],
        len: close + end + 4,
    })
}

/// A title as markdown link text: `\`, `[` and `]` escaped, so that a title holding
/// `[x](y)` stays text and the link ends where it should.
pub(crate) fn escape_link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Link text as read: a backslash before ASCII punctuation is dropped, as markdown does.
pub(crate) fn unescape_link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::site::index::{
        PAGE, insert_list_entry, parse_recent_list, test_pir as pir, update_list_entry,
    };

    #[test]
    fn a_title_holding_a_link_is_escaped_and_read_back_whole() {
        let fields = [("Severity", "High".to_string())];
        let out = insert_list_entry(
            PAGE,
            &pir(
                "incidents/2026-04-01-x.md",
                "2026-04-01",
                "See [a](b) \\ -",
                &fields,
            ),
        )
        .unwrap();
        assert!(
            out.contains("- [2026-04-01 - See \\[a\\](b) \\\\ -](incidents/2026-04-01-x.md)"),
            "{out}"
        );
        let l = parse_recent_list(&out).unwrap();
        let e = l
            .entries
            .iter()
            .find(|e| e.target == "incidents/2026-04-01-x.md")
            .unwrap();
        assert_eq!(e.text, "2026-04-01 - See [a](b) \\ -");
        // Nothing to update: same date, same title.
        let p = pir(
            "incidents/2026-04-01-x.md",
            "2026-04-01",
            "See [a](b) \\ -",
            &fields,
        );
        assert_eq!(update_list_entry(&out, e, &p), out);
    }
}
