//! YAML front matter: found, kept as written, and read only as far as `tags` goes.
//!
//! MkDocs reads the block between a first line `---` and the next `---` (or `...`) line. The
//! only key PIR Editor edits is `tags`; everything else stays byte for byte, so a tiny reader
//! for the three shapes `tags` takes (`[a, b]`, a `- a` block list, a single scalar) is enough
//! and no YAML is ever re-serialised.

use std::ops::Range;

/// Where the front matter is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatterAt {
    /// Start of the opening `---` line.
    pub start: usize,
    /// End of the opening line (start of the YAML text).
    pub inner_start: usize,
    /// Start of the closing `---` line (end of the YAML text).
    pub inner_end: usize,
    /// After the closing line and its line ending.
    pub end: usize,
    /// The `tags` key, when present.
    pub tags: Option<TagsAt>,
}

/// One tag as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagAt {
    /// The item text as written (quotes included).
    pub span: Range<usize>,
    /// The tag, unquoted.
    pub value: String,
    /// For a block-list item: its whole line, line ending included.
    pub line: Range<usize>,
}

/// The `tags` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TagsAt {
    /// `tags: [a, b]`: the span is the bracketed list.
    Flow {
        list: Range<usize>,
        items: Vec<TagAt>,
    },
    /// `tags:` then `  - a` lines; `after_key` is the start of the line after `tags:`.
    Block {
        after_key: usize,
        indent: String,
        items: Vec<TagAt>,
    },
    /// `tags: a`: the span is the scalar.
    Scalar { item: TagAt },
}

impl TagsAt {
    /// The tags, unquoted.
    pub fn values(&self) -> Vec<String> {
        match self {
            TagsAt::Flow { items, .. } | TagsAt::Block { items, .. } => {
                items.iter().map(|t| t.value.clone()).collect()
            }
            TagsAt::Scalar { item } => vec![item.value.clone()],
        }
    }
}

/// The lines of `text[from..to]` as (start, content end, next start).
fn lines_in(text: &str, from: usize, to: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut pos = from;
    while pos < to {
        let (ce, next) = super::line::line_end(text, pos);
        out.push((pos, ce.min(to), next.min(to)));
        if next <= pos {
            break;
        }
        pos = next;
    }
    out
}

fn is_fence(line: &str, closing: bool) -> bool {
    let t = line.trim_end_matches([' ', '\t']);
    t == "---" || (closing && t == "...")
}

/// Finds front matter starting at `start` (0, or 3 after a byte-order mark).
pub(crate) fn find(text: &str, start: usize) -> Option<FrontMatterAt> {
    let (ce, inner_start) = super::line::line_end(text, start);
    if !is_fence(text.get(start..ce)?, false) || inner_start == ce {
        return None;
    }
    for (ls, lce, next) in lines_in(text, inner_start, text.len()) {
        if is_fence(text.get(ls..lce)?, true) {
            let mut fm = FrontMatterAt {
                start,
                inner_start,
                inner_end: ls,
                end: next,
                tags: None,
            };
            fm.tags = read_tags(text, inner_start, ls);
            return Some(fm);
        }
    }
    None
}

/// Strips a YAML comment (` # ...`) that is not inside quotes.
fn strip_comment(s: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev_space = true;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev_space => return &s[..i],
            None => {}
        }
        prev_space = c == ' ' || c == '\t';
    }
    s
}

/// Unquotes a YAML scalar written plain, `'single'` or `"double"`.
pub(crate) fn unquote(s: &str) -> String {
    let s = s.trim();
    if s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') {
        return s[1..s.len() - 1].replace("''", "'");
    }
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        let mut out = String::new();
        let mut chars = s[1..s.len() - 1].chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    s.to_string()
}

/// Writes a tag as a YAML scalar: plain when YAML would read it back as the same string,
/// double-quoted otherwise (so `true`, `1.0` or `a: b` stay strings).
pub(crate) fn quote(tag: &str) -> String {
    let plain = !tag.is_empty()
        && tag
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '+'))
        && tag
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && tag.parse::<f64>().is_err()
        && !matches!(
            tag.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        tag.to_string()
    } else {
        format!("\"{}\"", tag.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Splits a flow list's inside at commas outside quotes.
fn flow_items(text: &str, from: usize, to: usize) -> Vec<TagAt> {
    let s = text.get(from..to).unwrap_or("");
    let mut items = Vec::new();
    let mut quote: Option<char> = None;
    let mut start = 0;
    let mut push = |a: usize, b: usize| {
        let raw = &s[a..b];
        let lead = raw.len() - raw.trim_start().len();
        let t = raw.trim();
        if !t.is_empty() {
            let span = from + a + lead..from + a + lead + t.len();
            items.push(TagAt {
                span: span.clone(),
                value: unquote(t),
                line: span,
            });
        }
    };
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == ',' => {
                push(start, i);
                start = i + 1;
            }
            None => {}
        }
    }
    push(start, s.len());
    items
}

fn read_tags(text: &str, from: usize, to: usize) -> Option<TagsAt> {
    let lines = lines_in(text, from, to);
    let (k, &(ls, lce, next)) = lines
        .iter()
        .enumerate()
        .find(|(_, (ls, lce, _))| text.get(*ls..*lce).is_some_and(|l| l.starts_with("tags:")))?;
    let after = ls + "tags:".len();
    let rest_raw = text.get(after..lce)?;
    let rest = strip_comment(rest_raw);
    let lead = rest.len() - rest.trim_start().len();
    let value = rest.trim();
    if value.starts_with('[') {
        let open = after + lead;
        let close = open + value.rfind(']')?;
        return Some(TagsAt::Flow {
            list: open..close + 1,
            items: flow_items(text, open + 1, close),
        });
    }
    if !value.is_empty() {
        let span = after + lead..after + lead + value.len();
        return Some(TagsAt::Scalar {
            item: TagAt {
                value: unquote(value),
                line: span.clone(),
                span,
            },
        });
    }
    let mut items = Vec::new();
    let mut indent = "  ".to_string();
    for &(ils, ilce, inext) in &lines[k + 1..] {
        let line = text.get(ils..ilce)?;
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let Some(item) = t.strip_prefix('-') else {
            break;
        };
        if !(item.is_empty() || item.starts_with([' ', '\t'])) {
            break;
        }
        let ind = &line[..line.len() - t.len()];
        if items.is_empty() {
            indent = ind.to_string();
        }
        let v = strip_comment(item);
        let vlead = v.len() - v.trim_start().len();
        let vs = ils + ind.len() + 1 + vlead;
        let vt = v.trim();
        items.push(TagAt {
            span: vs..vs + vt.len(),
            value: unquote(vt),
            line: ils..inext,
        });
    }
    Some(TagsAt::Block {
        after_key: next,
        indent,
        items,
    })
}

/// One top-level `key: scalar` line of the front matter, as the metadata reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScalarAt {
    /// The key as written.
    pub key: String,
    /// The value as written (quotes included), without a trailing comment.
    pub span: Range<usize>,
    /// The value, unquoted.
    pub value: String,
    /// Start of the line.
    pub start: usize,
    /// After the line ending.
    pub next: usize,
}

/// The top-level keys of the front matter `text[from..to]` whose value is a one-line scalar
/// (plain or quoted): what a site keeps as metadata there (`date: 2026-09-14`,
/// `severity: SEV-1`). Block scalars, flow collections, anchors, aliases and tags are left
/// out: they are not one value a form field can edit in place.
///
/// One nested key counts too: mkdocs-material's blog writes a post's date as `date:` holding
/// `created: 2026-05-03` (and `updated:`); that `created` value is read as the `date`.
pub(crate) fn scalars(text: &str, from: usize, to: usize) -> Vec<ScalarAt> {
    let mut out = Vec::new();
    // The top-level key whose value is the indented block below it.
    let mut parent: Option<String> = None;
    for (ls, lce, next) in lines_in(text, from, to) {
        let Some(line) = text.get(ls..lce) else {
            continue;
        };
        let Some(colon) = line
            .find(": ")
            .or_else(|| line.ends_with(':').then(|| line.len() - 1))
        else {
            if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
                parent = None;
            }
            continue;
        };
        let mut key = &line[..colon];
        if key.starts_with(' ')
            && parent
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case("date"))
        {
            if key.trim() != "created" {
                continue;
            }
            key = "date";
        } else if key.starts_with([' ', '\t']) {
            continue;
        } else {
            parent = Some(key.trim_end().to_string());
        }
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
            || key.starts_with([' ', '-'])
        {
            continue;
        }
        let rest = strip_comment(&line[colon + 1..]);
        let lead = rest.len() - rest.trim_start().len();
        let value = rest.trim();
        let quoted = (value.starts_with('"') && value.ends_with('"') && value.len() >= 2)
            || (value.starts_with('\'') && value.ends_with('\'') && value.len() >= 2);
        if value.is_empty()
            || (!quoted && value.starts_with(['|', '>', '[', '{', '&', '*', '!', '"', '\'', '#']))
        {
            continue;
        }
        let start = ls + colon + 1 + lead;
        out.push(ScalarAt {
            key: key.trim_end().to_string(),
            span: start..start + value.len(),
            value: unquote(value),
            start: ls,
            next,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Vec<String> {
        find(text, 0)
            .and_then(|f| f.tags)
            .map(|t| t.values())
            .unwrap_or_default()
    }

    #[test]
    fn reads_the_three_shapes_of_tags() {
        assert_eq!(
            tags("---\ntags: [a, 'b c', \"d\"] # x\n---\n"),
            vec!["a", "b c", "d"]
        );
        assert_eq!(
            tags("---\ntitle: x\ntags:\n  - one\n  - \"two\"\nother: 1\n---\n"),
            vec!["one", "two"]
        );
        assert_eq!(tags("---\r\ntags: solo\r\n---\r\n"), vec!["solo"]);
        assert_eq!(tags("---\ntags: []\n---\n"), Vec::<String>::new());
    }

    #[test]
    fn needs_a_closing_fence() {
        assert!(find("---\ntags: [a]\n", 0).is_none());
        assert!(find("--- \nx: 1\n...\nbody", 0).is_some());
    }

    #[test]
    fn quotes_only_what_yaml_would_misread() {
        assert_eq!(quote("edge01"), "edge01");
        assert_eq!(quote("true"), "\"true\"");
        assert_eq!(quote("1.5"), "\"1.5\"");
        assert_eq!(quote("a: \"b\""), "\"a: \\\"b\\\"\"");
        assert_eq!(unquote(&quote("a: \"b\"")), "a: \"b\"");
    }

    #[test]
    fn a_blog_posts_created_date_is_its_date() {
        let text =
            "---\ndate:\n  created: 2026-05-03\n  updated: 2026-05-06\nauthors:\n  - bob\n---\n";
        let got: Vec<(String, String)> = scalars(text, 4, text.len() - 4)
            .into_iter()
            .map(|s| (s.key, s.value))
            .collect();
        assert_eq!(got, [("date".to_string(), "2026-05-03".to_string())]);
        // Only under `date`: another key's `created` is not a date.
        let text = "---\nreview:\n  created: 2026-05-03\n---\n";
        assert!(scalars(text, 4, text.len() - 4).is_empty());
    }
}
