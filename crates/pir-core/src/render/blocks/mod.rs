//! Python-Markdown's block structure, rewritten into CommonMark that pulldown-cmark renders the
//! same way.
//!
//! Python-Markdown splits a body into blocks at blank lines and lets each block processor
//! claim blocks. Where its rules differ from CommonMark in ways a reader sees, this module
//! applies them first:
//!
//! - fenced code is found anywhere, at any indentation (pymdownx.superfences) and never
//!   looked into again;
//! - `!!!` admonitions, `???` details and `===` tabs take the 4-space indented lines after
//!   them as a body, rendered recursively;
//! - HTML blocks with a `markdown` attribute (md_in_html) have their content rendered; other
//!   HTML blocks are kept whole up to their closing tag, blank lines included;
//! - list items nest only by 4-space indentation, markers indented 0 to 3 spaces are
//!   siblings, and a list cannot interrupt a paragraph; lists are re-emitted with CommonMark
//!   indentation that gives the same tree, and which items wrap their text in `<p>` is
//!   recorded for the HTML step;
//! - headings (`#title` too) and rules split any block; tables, `1)` and `-` lines do not
//!   interrupt a paragraph; a `|` in a code span does not split a table cell; quotes are
//!   bodies of their own.
//!
//! Rendered pieces are kept in the [`Ctx`] stash and stand in the text as placeholders.
//!
//! This file walks the blocks and handles paragraphs, tables and quotes; `fence`, `boxes`
//! (admonitions, details, tabs), `html_block` and `list` handle the rest.

mod boxes;
mod fence;
mod html_block;
mod list;

pub(super) use fence::{code_html, safe_lang, stash_fences};

use boxes::Header;
use html_block::{html_block, html_block_tag};
use list::{ListMarker, list};

use super::{Ctx, MAX_DEPTH};

/// Starts a placeholder: `\u{2}` + stash index + `\u{3}` (Python-Markdown uses the same
/// control characters, which never occur in real text).
pub(super) const PH_START: char = '\u{2}';
/// Ends a placeholder.
pub(super) const PH_END: char = '\u{3}';
/// A pseudo-line that separates blocks without a blank line (so a nested list directly after
/// an item's text stays a nested list rather than paragraph text). Never output.
pub(super) const SOFT_BREAK: &str = "\0";

/// Writes the placeholder for stash entry `n`.
pub(super) fn placeholder(out: &mut String, n: usize) {
    out.push(PH_START);
    out.push_str(&n.to_string());
    out.push(PH_END);
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The line without up to 4 leading spaces (one level of Python-Markdown indentation).
fn dedent(line: &str) -> &str {
    &line[indent(line).min(4)..]
}

/// Rewrites one body's lines into CommonMark (with placeholders) in `out`.
pub(super) fn container(lines: &[&str], ctx: &mut Ctx, out: &mut String) {
    if ctx.depth >= MAX_DEPTH {
        // Deeper than any real page: left to pulldown-cmark, which does not recurse.
        for line in lines.iter().filter(|l| **l != SOFT_BREAK) {
            push_line(out, line);
        }
        return;
    }
    ctx.depth += 1;
    container_lines(lines, ctx, out);
    ctx.depth -= 1;
}

fn container_lines(lines: &[&str], ctx: &mut Ctx, out: &mut String) {
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line == SOFT_BREAK {
            i += 1;
        } else if is_blank(line) {
            out.push('\n');
            i += 1;
        } else if let Some(header) = Header::parse(line) {
            i = header.block(lines, i, ctx, out);
        } else if let Some(next) = html_block(lines, i, ctx, out) {
            i = next;
        } else if indent(line) <= 3 && is_rule(line) {
            // A rule is a block of its own; the lines after it start a new one.
            push_line(out, line);
            i += 1;
        } else if ListMarker::parse(line).is_some_and(|m| m.indent <= 3)
            && !lines.get(i + 1).is_some_and(|l| is_setext_underline(l))
        {
            i = list(lines, i, ctx, out);
        } else if is_quote(line) && !lines.get(i + 1).is_some_and(|l| is_setext_underline(l)) {
            i = blockquote(lines, i, ctx, out);
        } else if indent(line) >= 4 {
            // Indented code: copied as is up to the blank line or the first line that is not
            // indented, which starts a new block.
            while i < lines.len()
                && lines[i] != SOFT_BREAK
                && !is_blank(lines[i])
                && indent(lines[i]) >= 4
            {
                push_line(out, lines[i]);
                i += 1;
            }
        } else {
            i = paragraph(lines, i, out);
        }
    }
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// A plain block: a paragraph, table, heading or rule, up to the next blank line.
///
/// Where CommonMark would start something Python-Markdown does not, the line is escaped or
/// the block split: a list marker after paragraph text, `1)` markers, a table header after
/// paragraph text, an indented `#`, a rule or `===` after the second line. An admonition,
/// details, tab or quote line ends the block, as Python-Markdown finds those anywhere in a
/// block; a heading too, and `#title` is a heading there even without a space.
fn paragraph(lines: &[&str], start: usize, out: &mut String) -> usize {
    let mut i = start;
    while i < lines.len() {
        let line = lines[i];
        if line == SOFT_BREAK || is_blank(line) {
            break;
        }
        let first = i == start;
        let underline = i == start + 1 && is_setext_underline(line);
        if underline {
            // A setext heading ends the block; what follows starts a new one.
            push_line(out, line);
            return i + 1;
        }
        let quote_over_rule =
            is_quote(line) && lines.get(i + 1).is_some_and(|l| is_setext_underline(l));
        if !first && !quote_over_rule && (is_quote(line) || splits_block(line)) {
            // Headings, rules, boxes, quotes and HTML blocks start a block of their own.
            out.push('\n');
            break;
        }
        if let Some(text) = line.strip_prefix('#') {
            // A heading ends the block; what follows starts a new one.
            let hashes = 1 + text.len() - text.trim_start_matches('#').len();
            out.push_str(&line[..hashes.min(6)]);
            out.push(' ');
            push_line(out, line[hashes.min(6)..].trim_start());
            return i + 1;
        }
        let ind = indent(line);
        let rest = &line[ind..];
        let next_is_delimiter = lines.get(i + 1).is_some_and(|l| is_table_delimiter(l));
        let heading_text = first && lines.get(i + 1).is_some_and(|l| is_setext_underline(l));
        match ListMarker::parse(line) {
            // `- x` over `---` is a heading in Python-Markdown, whose setext rule comes first.
            Some(m) if (!first || heading_text) && m.indent <= 3 => {
                // `- x` -> `\- x`, `1. x` -> `1\. x`: shown as text, as on the site.
                escape_at(out, line, m.indent + m.marker_len - 1);
            }
            _ if ind <= 3 && rest.starts_with('#') => escape_at(out, line, ind),
            _ if heading_text && ind <= 3 && rest.starts_with('>') => escape_at(out, line, ind),
            _ if ind <= 3 && rest.starts_with('=') && !first => {
                escape_at(out, line, ind);
            }
            _ if ind <= 3 && is_paren_marker(rest) => {
                escape_at(out, line, ind + rest.find(')').unwrap_or(0));
            }
            _ if !first && next_is_delimiter => {
                // A table cannot interrupt a paragraph in Python-Markdown.
                push_line(out, &line.replace('|', "\\|"));
            }
            _ if first && next_is_delimiter && line.contains('|') => return table(lines, i, out),
            _ => push_line(out, line),
        }
        i += 1;
    }
    i
}

/// A table, up to the blank line. Python-Markdown does not split cells at a `|` inside a code
/// span, where GitHub-style tables do: those pipes are escaped (and a `\|` there keeps its
/// backslash, as on the site).
fn table(lines: &[&str], start: usize, out: &mut String) -> usize {
    let mut i = start;
    while i < lines.len() && lines[i] != SOFT_BREAK && !is_blank(lines[i]) {
        let line = lines[i];
        if i > start && (Header::parse(line).is_some() || html_block_tag(line).is_some()) {
            out.push('\n');
            break;
        }
        if i > start + 1 && !line.trim_start().starts_with('|') {
            // Every line of the block is a row in Python-Markdown, even one that would start
            // a list or a rule in CommonMark.
            out.push_str("| ");
        }
        if !line.contains('`') {
            push_line(out, line);
            i += 1;
            continue;
        }
        let mut rest = line;
        while let Some(open) = rest.find('`') {
            let ticks = rest[open..].len() - rest[open..].trim_start_matches('`').len();
            let fence = &rest[open..open + ticks];
            let body = &rest[open + ticks..];
            // The span closes at the next run of exactly as many backticks.
            let close = body.match_indices(fence).find(|(at, _)| {
                !body[at + ticks..].starts_with('`') && (*at == 0 || !body[..*at].ends_with('`'))
            });
            let Some((at, _)) = close else {
                out.push_str(&rest[..open + ticks]);
                rest = body;
                continue;
            };
            out.push_str(&rest[..open + ticks]);
            out.push_str(&body[..at].replace('|', "\\|"));
            out.push_str(fence);
            rest = &body[at + ticks..];
        }
        push_line(out, rest);
        i += 1;
    }
    i
}

/// A setext heading underline (`===`, `---`), when it follows the heading's single line.
fn is_setext_underline(line: &str) -> bool {
    let t = line.trim_end();
    !t.is_empty() && (t.bytes().all(|b| b == b'-') || t.bytes().all(|b| b == b'='))
}

/// Writes `line` with a backslash before the byte at `at`.
fn escape_at(out: &mut String, line: &str, at: usize) {
    out.push_str(&line[..at]);
    out.push('\\');
    push_line(out, &line[at..]);
}

/// `1) item`: an ordered list in CommonMark, text in Python-Markdown.
fn is_paren_marker(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=9).contains(&digits)
        && rest[digits..].starts_with(')')
        && rest[digits + 1..].chars().next().is_none_or(|c| c == ' ')
}

/// A table's delimiter row (`|---|:--:|`).
fn is_table_delimiter(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.contains('|') && t.bytes().all(|b| matches!(b, b'|' | b':' | b'-' | b' '))
}

/// A blockquote line (`> text`).
fn is_quote(line: &str) -> bool {
    indent(line) <= 3 && line.trim_start().starts_with('>')
}

/// A blockquote: its lines without `> `, rendered as a body and quoted again. Quotes separated
/// only by blank lines are one quote, as in Python-Markdown.
fn blockquote(lines: &[&str], start: usize, ctx: &mut Ctx, out: &mut String) -> usize {
    let mut body: Vec<&str> = Vec::new();
    let mut i = start;
    loop {
        while i < lines.len() && lines[i] != SOFT_BREAK && !is_blank(lines[i]) {
            let line = lines[i];
            if !is_quote(line) && splits_block(line) {
                break;
            }
            body.push(if is_quote(line) {
                let after = &line.trim_start()[1..];
                after.strip_prefix(' ').unwrap_or(after)
            } else {
                line
            });
            i += 1;
        }
        let mut j = i;
        while j < lines.len() && lines[j] != SOFT_BREAK && is_blank(lines[j]) {
            j += 1;
        }
        if j > i && j < lines.len() && is_quote(lines[j]) {
            body.push("");
            i = j;
        } else {
            break;
        }
    }
    let mut inner = String::new();
    container(&body, ctx, &mut inner);
    for line in inner.trim_end_matches('\n').split('\n') {
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    i
}

/// A line that Python-Markdown finds anywhere in a block and splits it at, before lists and
/// quotes are looked for: an admonition, details or tab marker, a heading, a rule.
fn splits_block(line: &str) -> bool {
    line.starts_with('#')
        || (indent(line) <= 3 && is_rule(line))
        || Header::parse(line).is_some()
        || (line.trim_start().starts_with('<') && html_block_tag(line).is_some())
}

/// A thematic break (`---`, `* * *`), which wins over a list item in both dialects.
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    let Some(c) = t.chars().next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    // The cheap test first: most lines starting with `-` are list items that fail it at once.
    t.bytes().all(|x| x == c as u8 || x == b' ') && t.bytes().filter(|x| *x == c as u8).count() >= 3
}
