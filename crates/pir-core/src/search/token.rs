//! Splitting text into search terms, and queries into clauses.
//!
//! Terms are lowercase runs of letters and digits. Identifiers joined by `-`, `_` or `.`
//! (`pvc-05e03b60`, `api.internal`, `k8s_01`) are kept whole *and* split into their parts, so a
//! search finds them by either; numbers (`503`, `09`) are terms like any other.

/// A word of the text: a run of letters and digits, possibly joined by connectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The whole word, lowercase (`pvc-05e03b60`).
    pub text: String,
    /// Byte range in the text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The parts between connectors, lowercase with their byte ranges; just the word itself
    /// when it has no connector.
    pub parts: Vec<(String, usize, usize)>,
}

impl Word {
    /// Whether the word joins several parts (`pvc-05e03b60`).
    pub fn is_compound(&self) -> bool {
        self.parts.len() > 1
    }
}

fn is_connector(c: char) -> bool {
    matches!(c, '-' | '_' | '.')
}

/// The words of `text`, in order. Connectors count only between letters or digits, so a
/// sentence's full stop or a markdown `_emphasis_` marker is not part of a word.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    word_spans(text, |start, end, parts| {
        out.push(Word {
            text: text[start..end].to_lowercase(),
            start,
            end,
            parts: parts
                .iter()
                .map(|&(s, e)| (text[s..e].to_lowercase(), s, e))
                .collect(),
        });
    });
    out
}

/// [`words`] without building them: calls `each(start, end, parts)` with the byte ranges of
/// each word and of its parts, allocating nothing per word (for indexing, where most words
/// are terms seen before).
pub(crate) fn word_spans(text: &str, mut each: impl FnMut(usize, usize, &[(usize, usize)])) {
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        parts.clear();
        let mut part_start = start;
        let mut end = start + c.len_utf8();
        loop {
            match chars.peek().copied() {
                Some((i, c)) if c.is_alphanumeric() => {
                    end = i + c.len_utf8();
                    chars.next();
                }
                Some((_, c)) if is_connector(c) => {
                    // A connector joins only when a letter or digit follows it.
                    let mut look = chars.clone();
                    look.next();
                    match look.peek() {
                        Some((j, n)) if n.is_alphanumeric() => {
                            parts.push((part_start, end));
                            part_start = *j;
                            chars.next();
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        parts.push((part_start, end));
        each(start, end, &parts);
    }
}

/// Writes `text` lowercased into `buf` (cleared first), as `str::to_lowercase` does, without
/// allocating for ASCII text.
pub(crate) fn lowercase_into(text: &str, buf: &mut String) {
    buf.clear();
    if text.is_ascii() {
        buf.push_str(text);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&text.to_lowercase());
    }
}

/// One condition of a query; a PIR matches a query when it matches every clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// A single term: a word, or a whole joined identifier.
    Term {
        /// The lowercase term.
        term: String,
        /// Matches any term starting with it (the last word of a query being typed).
        prefix: bool,
    },
    /// Terms that must follow each other (a quoted phrase), lowercase parts.
    Phrase(Vec<String>),
}

/// Parses a query: words and `"quoted phrases"`. The last word is a prefix (results as you
/// type) unless the query ends with a space or a closing quote. An unclosed quote runs to the
/// end of the query.
pub fn parse_query(query: &str) -> Vec<Clause> {
    let mut clauses = Vec::new();
    let mut last_is_bare = false;
    for (i, segment) in query.split('"').enumerate() {
        if i % 2 == 1 {
            let parts: Vec<String> = words(segment)
                .into_iter()
                .flat_map(|w| w.parts.into_iter().map(|p| p.0))
                .collect();
            match parts.len() {
                0 => {}
                1 => clauses.extend(parts.into_iter().map(|term| Clause::Term {
                    term,
                    prefix: false,
                })),
                _ => clauses.push(Clause::Phrase(parts)),
            }
            last_is_bare = false;
        } else {
            let ws = words(segment);
            last_is_bare = !ws.is_empty() && ws.last().is_some_and(|w| w.end == segment.len());
            clauses.extend(ws.into_iter().map(|w| Clause::Term {
                term: w.text,
                prefix: false,
            }));
        }
    }
    if last_is_bare {
        if let Some(Clause::Term { prefix, .. }) = clauses.last_mut() {
            *prefix = true;
        }
    }
    clauses
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(String, Vec<String>)> {
        words(text)
            .into_iter()
            .map(|w| (w.text, w.parts.into_iter().map(|p| p.0).collect()))
            .collect()
    }

    #[test]
    fn keeps_identifiers_whole_and_in_parts() {
        assert_eq!(
            texts("Volume pvc-05e03b60 on k8s01: HTTP 503."),
            vec![
                ("volume".into(), vec!["volume".into()]),
                ("pvc-05e03b60".into(), vec!["pvc".into(), "05e03b60".into()]),
                ("on".into(), vec!["on".into()]),
                ("k8s01".into(), vec!["k8s01".into()]),
                ("http".into(), vec!["http".into()]),
                ("503".into(), vec!["503".into()]),
            ]
        );
    }

    #[test]
    fn connectors_at_word_edges_are_not_words() {
        assert_eq!(
            texts("_emphasis_ end. -x- a--b"),
            vec![
                ("emphasis".into(), vec!["emphasis".into()]),
                ("end".into(), vec!["end".into()]),
                ("x".into(), vec!["x".into()]),
                ("a".into(), vec!["a".into()]),
                ("b".into(), vec!["b".into()]),
            ]
        );
        let w = &words("see api.internal.example")[1];
        assert_eq!((w.start, w.end), (4, 24));
        assert_eq!(w.parts[2], ("example".to_string(), 17, 24));
    }

    #[test]
    fn byte_ranges_of_non_ascii_text() {
        let w = words("Café → Ünïcode");
        assert_eq!(w[0].text, "café");
        // "Café" is 5 bytes, " → " 5, "Ünïcode" 9.
        assert_eq!((w[1].start, w[1].end), (10, 19));
        assert_eq!(w[1].text, "ünïcode");
    }

    #[test]
    fn queries_have_phrases_and_a_prefix_last_word() {
        let t = |term: &str, prefix| Clause::Term {
            term: term.into(),
            prefix,
        };
        assert_eq!(
            parse_query("\"Connection Pool\" exhaust"),
            vec![
                Clause::Phrase(vec!["connection".into(), "pool".into()]),
                t("exhaust", true)
            ]
        );
        assert_eq!(parse_query("dns "), vec![t("dns", false)]);
        assert_eq!(parse_query("pvc-05e"), vec![t("pvc-05e", true)]);
        assert_eq!(
            parse_query("a \"pool\""),
            vec![t("a", false), t("pool", false)]
        );
        assert_eq!(
            parse_query("x \"open ended"),
            vec![
                t("x", false),
                Clause::Phrase(vec!["open".into(), "ended".into()])
            ]
        );
        assert_eq!(parse_query("  \"\" ... "), vec![]);
    }
}
