//! HTML blocks: kept whole up to their closing tag, or with a `markdown` attribute
//! (md_in_html), their content rendered as markdown.

use super::{indent, is_blank, placeholder, push_line};
use crate::render::sanitize::attribute_allowed;
use crate::render::{Ctx, escape_into};

/// Python-Markdown's block-level elements: an HTML block starts with one of these.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "main",
    "nav",
    "section",
    "table",
];

/// An HTML block from `lines[start]` to its matching closing tag: with a `markdown`
/// attribute its content is rendered as markdown, otherwise it is kept as is (Python-Markdown
/// does not look inside raw HTML, even across blank lines). `None` when the line does not open
/// such a block or it is never closed.
pub(super) fn html_block(
    lines: &[&str],
    start: usize,
    ctx: &mut Ctx,
    out: &mut String,
) -> Option<usize> {
    let line = lines[start];
    let name = html_block_tag(line)?;
    let open_end = line.find('>')?;
    let open_tag = &line[..=open_end];
    let (end, close_at) = matching_close(lines, start, &name)?;
    let mut html = String::new();
    match strip_markdown_attr(open_tag) {
        Some(tag) => {
            // The tag is rebuilt from its safe attributes, so the markdown inside can stay on
            // the fast path; a tag that does not parse goes to the sanitizer as written.
            match clean_open_tag(&name, &tag) {
                Some(clean) => html.push_str(&clean),
                None => {
                    ctx.raw_html = true;
                    html.push_str(&tag);
                }
            }
            html.push('\n');
            let mut body: Vec<&str> = Vec::new();
            let after_open = &line[open_end + 1..];
            if end == start {
                body.push(&after_open[..close_at.saturating_sub(open_end + 1)]);
            } else {
                if !is_blank(after_open) {
                    body.push(after_open);
                }
                body.extend_from_slice(&lines[start + 1..end]);
                let before_close = &lines[end][..close_at];
                if !is_blank(before_close) {
                    body.push(before_close);
                }
            }
            html.push_str(&ctx.render_lines(&body));
            html.push_str("</");
            html.push_str(&name);
            html.push_str(">\n");
        }
        None => {
            ctx.raw_html = true;
            for l in &lines[start..=end] {
                push_line(&mut html, l);
            }
        }
    }
    out.push('\n');
    placeholder(out, ctx.stash(html));
    out.push_str("\n\n");
    Some(end + 1)
}

/// The (lowercase) name of the block-level tag that opens an HTML block on this line.
/// Python-Markdown takes these out of the text before parsing blocks, so they start a block
/// wherever they are, even right after a paragraph line.
pub(super) fn html_block_tag(line: &str) -> Option<String> {
    if indent(line) > 3 {
        return None;
    }
    let rest = line.trim_start().strip_prefix('<')?;
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = rest[..name_len].to_ascii_lowercase();
    BLOCK_TAGS.contains(&name.as_str()).then_some(name)
}

/// The line index and byte offset of the `</name>` that closes the element opened on
/// `lines[start]`, counting nested elements of the same name.
fn matching_close(lines: &[&str], start: usize, name: &str) -> Option<(usize, usize)> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut depth = 0usize;
    for (k, line) in lines.iter().enumerate().skip(start) {
        let lower = line.to_ascii_lowercase();
        let mut pos = 0;
        // Each search result is kept until passed: searching again from every tag made a
        // line of 20,000 nested `<div>`s (or of as many closes before an open) cost
        // hundreds of millions of steps.
        let (mut open_at, mut close_at) = (None, None);
        while pos < lower.len() {
            let next_open = next_from(&lower, pos, &open, &mut open_at);
            let next_close = next_from(&lower, pos, &close, &mut close_at);
            match (next_open, next_close) {
                (Some(o), c) if c.is_none_or(|c| o < c) => {
                    let after = lower.as_bytes().get(o + open.len()).copied();
                    if matches!(after, Some(b' ' | b'>' | b'/' | b'\t') | None) {
                        depth += 1;
                    }
                    pos = o + open.len();
                }
                (_, Some(c)) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some((k, c));
                    }
                    pos = c + close.len();
                }
                _ => break,
            }
        }
    }
    None
}

/// The first `needle` in `text` at or after `pos`, reusing the previous search's result
/// (`found`) while it lies at or after `pos`.
fn next_from(
    text: &str,
    pos: usize,
    needle: &str,
    found: &mut Option<Option<usize>>,
) -> Option<usize> {
    match *found {
        Some(at) if at.is_none_or(|at| at >= pos) => at,
        _ => *found.insert(text[pos..].find(needle).map(|p| p + pos)),
    }
}

/// `<name ...>` rebuilt with only the attributes that cannot run script or restyle the
/// editor (class, id, `open` on details, and [`attribute_allowed`] ones), values escaped;
/// `None` when the tag does not parse or is a form.
fn clean_open_tag(name: &str, tag: &str) -> Option<String> {
    if name == "form" {
        return None;
    }
    let mut rest = tag.get(1 + name.len()..)?.trim_end();
    rest = rest.strip_suffix('>')?;
    rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut html = format!("<{name}");
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '"' | '\'' | '<' | '>'))
            .unwrap_or(rest.len());
        if key_len == 0 {
            return None;
        }
        let key = rest[..key_len].to_ascii_lowercase();
        rest = rest[key_len..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q)? + 1;
                    (&after[1..close], &after[close + 1..])
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = remaining;
            Some(value)
        } else {
            None
        };
        let keep = matches!(key.as_str(), "class" | "id")
            || (name == "details" && key == "open")
            || attribute_allowed(&key);
        if keep {
            html.push(' ');
            html.push_str(&key);
            if let Some(value) = value {
                html.push_str("=\"");
                escape_into(&mut html, value);
                html.push('"');
            }
        }
    }
    html.push('>');
    Some(html)
}

/// The opening tag without its `markdown` attribute, or `None` when it has none.
fn strip_markdown_attr(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut search = 0;
    while let Some(p) = lower[search..].find(" markdown").map(|p| p + search) {
        let after = &lower[p + " markdown".len()..];
        let value_len = if let Some(v) = after.strip_prefix('=') {
            let quote = v.chars().next()?;
            if quote == '"' || quote == '\'' {
                2 + v[1..].find(quote)? + 1
            } else {
                1 + v.find([' ', '>', '/']).unwrap_or(v.len())
            }
        } else if after.starts_with([' ', '>', '/']) {
            0
        } else {
            search = p + 1;
            continue;
        };
        let end = p + " markdown".len() + value_len;
        return Some(format!("{}{}", &tag[..p], &tag[end..]));
    }
    None
}
