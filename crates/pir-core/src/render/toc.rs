//! The headings of a page with the ids the preview (and the published site) gives them, for
//! links to a place in a page (`../runbooks/dns.md#restart`).
//!
//! The ids are read back from the page's own render rather than computed a second time, so
//! they are exactly the preview's: `toc`'s slugs, numbered repeats, explicit `{ #id }`
//! attributes and headings inside admonitions or tabs all included.

use html5ever::tokenizer::{TagKind, Token};
use serde::{Deserialize, Serialize};

use super::sanitize::tokens;

/// One heading of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Heading {
    /// 1 for `#`, up to 6.
    pub level: u8,
    /// The element id: the `#fragment` a link to the heading ends with.
    pub id: String,
    /// The heading's text as shown (markup and the permalink left out).
    pub text: String,
}

/// The headings of `markdown`, in page order, with the ids [`super::render`] gives them.
pub fn headings(markdown: &str) -> Vec<Heading> {
    headings_of_html(&super::render(markdown))
}

/// The headings of rendered HTML: each `<hN id=...>` with its text, the permalink anchor
/// (`<a class="headerlink">`) left out. A heading without an id cannot be linked to and is
/// skipped.
pub fn headings_of_html(html: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    // The heading being read: its level, id and text so far, and whether the text is inside
    // the permalink.
    let mut open: Option<(u8, String, String)> = None;
    let mut in_permalink = false;
    tokens(html, |token| match token {
        Token::TagToken(tag) => {
            let name = &*tag.name;
            let level = heading_level(name);
            match (tag.kind, level) {
                (TagKind::StartTag, Some(level)) => {
                    let id = tag
                        .attrs
                        .iter()
                        .find(|a| &*a.name.local == "id")
                        .map(|a| a.value.to_string());
                    open = id.map(|id| (level, id, String::new()));
                    in_permalink = false;
                }
                (TagKind::EndTag, Some(_)) => {
                    if let Some((level, id, text)) = open.take() {
                        out.push(Heading {
                            level,
                            id,
                            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                        });
                    }
                }
                (TagKind::StartTag, None) if name == "a" && open.is_some() => {
                    in_permalink = tag.attrs.iter().any(|a| {
                        &*a.name.local == "class"
                            && a.value.split_whitespace().any(|c| c == "headerlink")
                    });
                }
                (TagKind::EndTag, None) if name == "a" => in_permalink = false,
                _ => {}
            }
        }
        Token::CharacterTokens(text) => {
            if let Some((_, _, t)) = open.as_mut()
                && !in_permalink
            {
                t.push_str(text);
            }
        }
        _ => {}
    });
    out
}

/// `Some(n)` for `hN` (1 to 6).
fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_previews_own() {
        let md = "# Title\n\n## Restart the `db`\n\n## Restart the `db`\n\n### Why? { #why }\n";
        let got: Vec<(u8, String, String)> = headings(md)
            .into_iter()
            .map(|h| (h.level, h.id, h.text))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "title".into(), "Title".into()),
                (2, "restart-the-db".into(), "Restart the db".into()),
                (2, "restart-the-db_1".into(), "Restart the db".into()),
                (3, "why".into(), "Why?".into()),
            ]
        );
    }
}
