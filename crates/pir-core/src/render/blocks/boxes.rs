//! `!!!` admonitions, `???` details (pymdownx.details) and `===` tabs (pymdownx.tabbed,
//! alternate style): a marker line and the 4-space indented body after it.

use super::{SOFT_BREAK, dedent, indent, is_blank, placeholder};
use crate::render::{Ctx, escape_into, html};

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
pub(super) struct Header<'a> {
    kind: HeaderKind,
    /// The type and extra classes (`note`, `danger highlight`); empty for tabs.
    classes: &'a str,
    /// The quoted title: `None` when absent, `Some("")` for `""` (no title bar).
    title: Option<&'a str>,
}

impl<'a> Header<'a> {
    pub(super) fn parse(line: &'a str) -> Option<Self> {
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
    pub(super) fn block(
        &self,
        lines: &[&str],
        start: usize,
        ctx: &mut Ctx,
        out: &mut String,
    ) -> usize {
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
                    html.push_str(&html::inline(&title, ctx));
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
                html.push_str(&html::inline(&title, ctx));
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
            html::inline(h.title.unwrap_or_default(), ctx),
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
