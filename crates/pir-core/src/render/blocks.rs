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

use super::sanitize::attribute_allowed;
use super::{Ctx, MAX_DEPTH, escape_into};

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

// ---------------------------------------------------------------------------------------------
// Fenced code (pymdownx.superfences)
// ---------------------------------------------------------------------------------------------

/// Finds every fenced code block, as superfences does before any block parsing, stashes its
/// highlighted HTML, and returns the lines with each block replaced by one line,
/// `indentation + placeholder`, kept in `placeholders`.
///
/// A fence may be indented by any amount; its content lines must be indented at least as
/// much (or be blank), and it closes on the same fence at the same indentation. A fence that
/// is never closed, or whose content is less indented, is left as text.
pub(super) fn stash_fences<'a>(
    lines: &[&'a str],
    placeholders: &'a mut String,
    ctx: &mut Ctx,
) -> Vec<&'a str> {
    // (first line, line after the close, placeholder line's range in `placeholders`)
    let mut fences = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(open) = fence_open(line)
            && let Some((content, close)) = fence_body(lines, i + 1, &open)
        {
            let html = code_html(open.lang, open.title, content.iter().copied());
            let from = placeholders.len();
            placeholders.push_str(&line[..open.ws]);
            let n = ctx.stash(html);
            placeholder(placeholders, n);
            // Kept in case the fence turns out to sit in an indented code block, which shows
            // it as written (superfences puts the source back then too).
            let source: Vec<&str> = lines[i..=close]
                .iter()
                .map(|l| l.get(open.ws..).unwrap_or(""))
                .collect();
            ctx.fence_sources.insert(n, source.join("\n"));
            fences.push((i, close + 1, from..placeholders.len()));
            i = close + 1;
        } else {
            i += 1;
        }
    }
    let placeholders: &'a str = placeholders;
    let mut out = Vec::with_capacity(lines.len());
    let mut next = 0;
    for (start, end, range) in fences {
        out.extend_from_slice(&lines[next..start]);
        out.push(&placeholders[range]);
        next = end;
    }
    out.extend_from_slice(&lines[next..]);
    out
}

/// An opening fence line.
struct FenceOpen<'a> {
    /// Indentation in spaces.
    ws: usize,
    /// The fence itself (```` ``` ````, `~~~~`...): the close must repeat it exactly.
    fence: &'a str,
    /// The language, when given (` ```bash `, ` ``` { .bash } `).
    lang: Option<&'a str>,
    /// The `title="..."` option, shown above the code as its file name.
    title: Option<&'a str>,
}

fn fence_open(line: &str) -> Option<FenceOpen<'_>> {
    let ws = indent(line);
    let rest = &line[ws..];
    let ch = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = rest.len() - rest.trim_start_matches(ch).len();
    if n < 3 {
        return None;
    }
    let (fence, info) = rest.split_at(n);
    if ch == '`' && info.contains('`') {
        return None;
    }
    let info = info.trim();
    let lang = if let Some(attrs) = info.strip_prefix('{') {
        // ``` { .lang #id } ```: the first class is the language.
        attrs
            .trim_end_matches('}')
            .split_whitespace()
            .find_map(|t| t.strip_prefix('.'))
    } else {
        info.split_whitespace()
            .next()
            .map(|t| t.strip_prefix('.').unwrap_or(t))
            .filter(|t| {
                t.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '#' | '.' | '+' | '-'))
            })
    };
    let title = info.find("title=\"").and_then(|at| {
        let rest = &info[at + "title=\"".len()..];
        rest.find('"').map(|end| &rest[..end])
    });
    Some(FenceOpen {
        ws,
        fence,
        lang,
        title,
    })
}

/// The dedented content lines of the fence opened just before `start`, and the index of the
/// closing line; `None` when the fence is not valid.
fn fence_body<'a>(
    lines: &[&'a str],
    start: usize,
    open: &FenceOpen<'_>,
) -> Option<(Vec<&'a str>, usize)> {
    let mut content = Vec::new();
    for (k, line) in lines.iter().enumerate().skip(start) {
        if is_blank(line) {
            content.push("");
            continue;
        }
        if indent(line) < open.ws {
            return None;
        }
        let body = &line[open.ws..];
        if let Some(after) = body.strip_prefix(open.fence)
            && after.trim().is_empty()
        {
            return Some((content, k));
        }
        content.push(body);
    }
    None
}

/// A code block in the shape pymdownx.highlight gives it, with the language as a class so
/// the page's styles (and any client-side highlighter) apply, and the title as a file name.
pub(super) fn code_html<'a>(
    lang: Option<&str>,
    title: Option<&str>,
    lines: impl Iterator<Item = &'a str>,
) -> String {
    let mut html = String::from("<div class=\"");
    if let Some(lang) = lang.filter(|l| !l.is_empty()) {
        html.push_str("language-");
        escape_into(&mut html, lang);
        html.push(' ');
    }
    html.push_str("highlight\">");
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        html.push_str("<span class=\"filename\">");
        escape_into(&mut html, title);
        html.push_str("</span>");
    }
    html.push_str("<pre><span></span><code>");
    for line in lines {
        escape_into(&mut html, line);
        html.push('\n');
    }
    html.push_str("</code></pre></div>\n");
    html
}

// ---------------------------------------------------------------------------------------------
// Block walk
// ---------------------------------------------------------------------------------------------

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
    t.chars().filter(|x| *x == c).count() >= 3 && t.chars().all(|x| x == c || x == ' ')
}

// ---------------------------------------------------------------------------------------------
// Admonitions, details, tabs
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderKind {
    /// `!!!`
    Admonition,
    /// `???`, `???+` (open)
    Details { open: bool },
    /// `===`, `===+` (selected), `===!` (starts a new set)
    Tab { selected: bool, new_set: bool },
}

/// The first line of an admonition, details or tab block.
#[derive(Debug)]
struct Header<'a> {
    kind: HeaderKind,
    /// The type and extra classes (`note`, `danger highlight`); empty for tabs.
    classes: &'a str,
    /// The quoted title: `None` when absent, `Some("")` for `""` (no title bar).
    title: Option<&'a str>,
}

impl<'a> Header<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        let (kind, rest) = if let Some(rest) = line.strip_prefix("!!!") {
            (HeaderKind::Admonition, rest)
        } else if let Some(rest) = line.strip_prefix("???") {
            match rest.strip_prefix('+') {
                Some(r) => (HeaderKind::Details { open: true }, r),
                None => (HeaderKind::Details { open: false }, rest),
            }
        } else if let Some(rest) = line.strip_prefix("===") {
            let (new_set, rest) = match rest.strip_prefix('!') {
                Some(r) => (true, r),
                None => (false, rest),
            };
            let (selected, rest) = match rest.strip_prefix('+') {
                Some(r) => (true, r),
                None => (false, rest),
            };
            (HeaderKind::Tab { selected, new_set }, rest)
        } else {
            return None;
        };
        let rest = rest.trim_end();
        let (classes, title) = match rest.find('"') {
            Some(q) if rest.len() > q + 1 && rest.ends_with('"') => {
                (rest[..q].trim(), Some(&rest[q + 1..rest.len() - 1]))
            }
            Some(_) => return None,
            None => (rest.trim(), None),
        };
        let word_chars = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ';
        if !classes.chars().all(word_chars) {
            return None;
        }
        // The marker must be followed by a space unless nothing follows it.
        if !rest.is_empty() && !rest.starts_with(' ') && !matches!(kind, HeaderKind::Admonition) {
            return None;
        }
        let ok = match kind {
            HeaderKind::Admonition | HeaderKind::Details { .. } => {
                !classes.is_empty() || title.is_some()
            }
            HeaderKind::Tab { .. } => classes.is_empty() && title.is_some(),
        };
        ok.then_some(Header {
            kind,
            classes,
            title,
        })
    }

    /// Renders the block starting at `lines[start]` into a placeholder; returns the next line.
    fn block(&self, lines: &[&str], start: usize, ctx: &mut Ctx, out: &mut String) -> usize {
        if let HeaderKind::Tab { .. } = self.kind {
            return tab_set(lines, start, ctx, out);
        }
        let (body, next) = indented_body(lines, start + 1);
        let inner = ctx.render_lines(&body);
        let first_class = self.classes.split(' ').next().unwrap_or("");
        let mut html = String::new();
        match self.kind {
            HeaderKind::Admonition => {
                html.push_str("<div class=\"admonition ");
                escape_into(&mut html, self.classes);
                html.push_str("\">\n");
                let title = self
                    .title
                    .map_or_else(|| capitalize(first_class), str::to_owned);
                if !title.is_empty() {
                    html.push_str("<p class=\"admonition-title\">");
                    html.push_str(&super::html::inline(&title, ctx));
                    html.push_str("</p>\n");
                }
                html.push_str(&inner);
                html.push_str("</div>\n");
            }
            HeaderKind::Details { open } => {
                html.push_str("<details class=\"");
                escape_into(&mut html, self.classes);
                html.push_str(if open { "\" open=\"open\">\n" } else { "\">\n" });
                let title = self
                    .title
                    .map_or_else(|| capitalize(first_class), str::to_owned);
                html.push_str("<summary>");
                html.push_str(&super::html::inline(&title, ctx));
                html.push_str("</summary>\n");
                html.push_str(&inner);
                html.push_str("</details>\n");
            }
            HeaderKind::Tab { .. } => {}
        }
        out.push('\n');
        placeholder(out, ctx.stash(html));
        out.push_str("\n\n");
        next
    }
}

/// Python's `str.capitalize()`: the default title of `!!! note` is "Note".
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// The 4-space indented lines from `start` on (blank lines between them included), dedented,
/// and the index after the last one.
fn indented_body<'a>(lines: &[&'a str], start: usize) -> (Vec<&'a str>, usize) {
    let mut end = start;
    let mut j = start;
    while j < lines.len() {
        let line = lines[j];
        if line == SOFT_BREAK {
            break;
        }
        if is_blank(line) {
            j += 1;
            continue;
        }
        if indent(line) < 4 {
            break;
        }
        j += 1;
        end = j;
    }
    let body = lines[start..end]
        .iter()
        .map(|l| if is_blank(l) { "" } else { dedent(l) })
        .collect();
    (body, end)
}

/// Consecutive `===` blocks, as one pymdownx.tabbed (alternate style) set.
fn tab_set(lines: &[&str], start: usize, ctx: &mut Ctx, out: &mut String) -> usize {
    // Numbered before the bodies render, so a set nested in a tab comes after its parent, as
    // pymdownx numbers them in page order.
    ctx.tab_sets += 1;
    let set = ctx.tab_sets;
    let mut tabs: Vec<(bool, String, String)> = Vec::new();
    let mut i = start;
    while let Some(h) = lines.get(i).and_then(|l| Header::parse(l)) {
        let HeaderKind::Tab { selected, new_set } = h.kind else {
            break;
        };
        if new_set && !tabs.is_empty() {
            break;
        }
        let (body, next) = indented_body(lines, i + 1);
        let inner = ctx.render_lines(&body);
        tabs.push((
            selected,
            super::html::inline(h.title.unwrap_or_default(), ctx),
            inner,
        ));
        i = next;
        // Blank lines may separate the tabs of one set.
        let mut j = i;
        while j < lines.len() && lines[j] != SOFT_BREAK && is_blank(lines[j]) {
            j += 1;
        }
        if lines
            .get(j)
            .and_then(|l| Header::parse(l))
            .is_some_and(|h| matches!(h.kind, HeaderKind::Tab { new_set: false, .. }))
        {
            i = j;
        } else {
            break;
        }
    }
    let checked = tabs.iter().position(|t| t.0).unwrap_or(0);
    let mut html = format!(
        "<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"{set}:{}\">",
        tabs.len()
    );
    for k in 0..tabs.len() {
        let mark = if k == checked {
            "checked=\"checked\" "
        } else {
            ""
        };
        html.push_str(&format!(
            "<input {mark}id=\"__tabbed_{set}_{n}\" name=\"__tabbed_{set}\" type=\"radio\" />",
            n = k + 1
        ));
    }
    html.push_str("<div class=\"tabbed-labels\">");
    for (k, (_, title, _)) in tabs.iter().enumerate() {
        html.push_str(&format!("<label for=\"__tabbed_{set}_{}\">", k + 1));
        html.push_str(title);
        html.push_str("</label>");
    }
    html.push_str("</div>\n<div class=\"tabbed-content\">\n");
    for (_, _, inner) in &tabs {
        html.push_str("<div class=\"tabbed-block\">\n");
        html.push_str(inner);
        html.push_str("</div>\n");
    }
    html.push_str("</div>\n</div>\n");
    out.push('\n');
    placeholder(out, ctx.stash(html));
    out.push_str("\n\n");
    i
}

// ---------------------------------------------------------------------------------------------
// HTML blocks (md_in_html)
// ---------------------------------------------------------------------------------------------

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
fn html_block(lines: &[&str], start: usize, ctx: &mut Ctx, out: &mut String) -> Option<usize> {
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
fn html_block_tag(line: &str) -> Option<String> {
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
        while pos < lower.len() {
            let next_open = lower[pos..].find(&open).map(|p| p + pos);
            let next_close = lower[pos..].find(&close).map(|p| p + pos);
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

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

/// A list item marker at the start of a line.
#[derive(Debug, Clone, Copy)]
struct ListMarker<'a> {
    indent: usize,
    ordered: bool,
    /// Length of the marker itself (`-`, `12.`).
    marker_len: usize,
    /// The item text after the marker and its spaces.
    content: &'a str,
}

impl<'a> ListMarker<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        let indent = indent(line);
        let rest = &line[indent..];
        let bytes = rest.as_bytes();
        let (ordered, marker_len) = match bytes.first()? {
            b'-' | b'*' | b'+' => (false, 1),
            b'0'..=b'9' => {
                let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
                if bytes.get(digits) != Some(&b'.') {
                    return None;
                }
                (true, digits + 1)
            }
            _ => return None,
        };
        let after = &rest[marker_len..];
        if !after.starts_with(' ') {
            return None;
        }
        Some(ListMarker {
            indent,
            ordered,
            marker_len,
            content: after.trim_start_matches(' '),
        })
    }
}

/// One list item's body, Python-Markdown style, before it is rendered.
struct Item<'a> {
    lines: Vec<&'a str>,
    /// A blank line separated it from the previous item (a loose list).
    blank_before: bool,
    /// An indented block after a blank line continues it.
    continued: bool,
}

/// A list starting at `lines[start]` with Python-Markdown's rules, re-emitted as CommonMark
/// with the same nesting; returns the index after it.
fn list(lines: &[&str], start: usize, ctx: &mut Ctx, out: &mut String) -> usize {
    let ordered = ListMarker::parse(lines[start]).is_some_and(|m| m.ordered);
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut i = item_block(lines, start, &mut items, false);
    loop {
        let mut j = i;
        while j < lines.len() && lines[j] != SOFT_BREAK && is_blank(lines[j]) {
            j += 1;
        }
        if j == i || j >= lines.len() || lines[j] == SOFT_BREAK {
            break;
        }
        let line = lines[j];
        if indent(line) >= 4 {
            // An indented block after a blank line continues the last item.
            let Some(item) = items.last_mut() else { break };
            item.lines.push("");
            item.continued = true;
            while j < lines.len() && lines[j] != SOFT_BREAK && !is_blank(lines[j]) {
                item.lines.push(dedent(lines[j]));
                j += 1;
            }
            i = j;
        } else if ListMarker::parse(line).is_some()
            && !is_rule(line)
            && !lines.get(j + 1).is_some_and(|l| is_setext_underline(l))
        {
            i = item_block(lines, j, &mut items, true);
        } else {
            break;
        }
    }
    let (marker, pad) = if ordered {
        ("1. ", "   ")
    } else {
        ("- ", "  ")
    };
    for (k, item) in items.iter().enumerate() {
        if k > 0 && item.blank_before {
            out.push('\n');
        }
        // Python-Markdown wraps an item's text in <p> only next to a blank line between
        // items or when a later block continues it; CommonMark would wrap every item of the
        // list, so the choice is recorded for the HTML step.
        let next_blank = items.get(k + 1).is_some_and(|n| n.blank_before);
        ctx.loose_items
            .push((k > 0 && item.blank_before) || next_blank || item.continued);
        let mut body = String::new();
        container(&item.lines, ctx, &mut body);
        let body = body.trim_matches('\n');
        if body.is_empty() {
            push_line(out, marker.trim_end());
            continue;
        }
        for (n, line) in body.split('\n').enumerate() {
            if n == 0 {
                out.push_str(marker);
            } else if !line.is_empty() {
                out.push_str(pad);
            }
            push_line(out, line);
        }
    }
    i
}

/// Reads one block (up to a blank line) of list lines into `items`.
///
/// Markers indented 0-3 spaces start items; markers indented 4-7 start a nested chunk in the
/// last item; other lines continue whatever came last.
fn item_block<'a>(
    lines: &[&'a str],
    start: usize,
    items: &mut Vec<Item<'a>>,
    blank_before: bool,
) -> usize {
    let mut i = start;
    let mut in_chunk = false;
    let mut blank_before = blank_before;
    while i < lines.len() && lines[i] != SOFT_BREAK && !is_blank(lines[i]) {
        let line = lines[i];
        if splits_block(line) {
            break;
        }
        let marker = ListMarker::parse(line);
        match (marker, items.last_mut()) {
            (Some(m), _) if m.indent <= 3 => {
                items.push(Item {
                    lines: vec![m.content],
                    blank_before,
                    continued: false,
                });
                blank_before = false;
                in_chunk = false;
            }
            (Some(m), Some(item)) if m.indent <= 7 => {
                if !in_chunk {
                    item.lines.push(SOFT_BREAK);
                    in_chunk = true;
                }
                item.lines.push(dedent(line));
            }
            (_, Some(item)) => item.lines.push(if in_chunk { dedent(line) } else { line }),
            (_, None) => break,
        }
        i += 1;
    }
    i
}
