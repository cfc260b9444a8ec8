//! Fenced code, found before any block parsing as pymdownx.superfences does.

use super::{indent, is_blank, placeholder};
use crate::render::highlight::highlight_into;
use crate::render::{Ctx, escape_into};

/// Finds every fenced code block, as superfences does before any block parsing, stashes its
/// highlighted HTML, and returns the lines with each block replaced by one line,
/// `indentation + placeholder`, kept in `placeholders`.
///
/// A fence may be indented by any amount; its content lines must be indented at least as
/// much (or be blank), and it closes on the same fence at the same indentation. A fence that
/// is never closed, or whose content is less indented, is left as text.
pub(in crate::render) fn stash_fences<'a>(
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

/// Whether `lang` may become a class name: letters, digits and `_-.+#` only (`c++`, `c#`,
/// `shell-session`). A fence's `{ ... }` or info string may hold anything, and the class is
/// written into an attribute; anything else is dropped and the code shown without a language.
pub(in crate::render) fn safe_lang(lang: &str) -> bool {
    !lang.is_empty()
        && lang
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'+' | b'#'))
}

/// A code block in the shape pymdownx.highlight gives it, with the language as a class, the
/// title as a file name, and the code highlighted with Pygments' token classes.
pub(in crate::render) fn code_html<'a>(
    lang: Option<&str>,
    title: Option<&str>,
    lines: impl Iterator<Item = &'a str> + Clone,
) -> String {
    // Sized once for the usual case (code needing little escaping) instead of regrown line
    // by line.
    let code_len: usize = lines.clone().map(|l| l.len() + 1).sum();
    let mut html = String::with_capacity(code_len + code_len / 8 + 128);
    html.push_str("<div class=\"");
    if let Some(lang) = lang.filter(|l| safe_lang(l)) {
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
    let mut code = String::with_capacity(code_len);
    for line in lines {
        code.push_str(line);
        code.push('\n');
    }
    highlight_into(&mut html, lang, &code);
    html.push_str("</code></pre></div>\n");
    html
}
