//! The preview renderer: a PIR's markdown to the HTML the published mkdocs-material page shows.
//!
//! The site is built by Python-Markdown with the extensions listed in its `mkdocs.yml`
//! (admonition, details, superfences, highlight, inlinehilite, tabbed, tables, attr_list,
//! md_in_html, toc). Python-Markdown is not CommonMark, so rendering with pulldown-cmark alone
//! would nest lists, split tables and number headings differently from the site. The
//! pipeline is therefore:
//!
//! 1. strip front matter and normalise the text as Python-Markdown does (line ends, tabs);
//! 2. `blocks`: stash fenced code, then walk the blocks with Python-Markdown's rules,
//!    rendering admonitions, details, tabs and `markdown`-enabled HTML recursively into
//!    placeholders and rewriting lists, quotes and tables so CommonMark gives the same tree;
//! 3. `html`: run pulldown-cmark over the result, adding heading ids and permalinks, the
//!    highlight code-block shape and attr_list attributes, and put the stashed HTML back;
//! 4. [`sanitize`]: every page is read by an HTML5 tokenizer and goes through ammonia unless
//!    all of it is on the sanitizer's allow-list; a page with raw HTML always does.
//!
//! Code is highlighted with Pygments' token classes by [`highlight`] for the languages PIRs
//! hold. What the preview does not reproduce: line anchors in code, Pygments' `w` spans
//! around whitespace (never coloured), highlighting of less common languages (`markdown`,
//! `diff`...: shown plain), `--8<--` snippet includes (shown as text), and mkdocs' rewriting
//! of links to `.md` files into page URLs (kept as written, so the editor can open them).
//! Strikethrough and footnotes are rendered although this site's config does not enable
//! them, as most sites do.
//!
//! The 77 KB real PIR renders in under a millisecond; see `benches/document.rs`.

mod attrs;
mod blocks;
pub mod highlight;
mod html;
pub mod images;
pub mod sanitize;
pub mod slug;
pub mod toc;

use std::borrow::Cow;
use std::collections::HashMap;

use pulldown_cmark::Options;

/// The pulldown-cmark options of every render, nested bodies included: the one place to
/// change which CommonMark extensions the preview understands.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// [`parser_options`] for parsing `text`: without heading attributes when `text` has a
/// setext underline (`---`, `===`) right under a line ending in `}`.
///
/// Why: pulldown-cmark 0.13.6 panics on some setext headings whose last line is an attribute
/// block inside a list item or quote (`1. a` / `    {}` / `   -`, found by fuzzing: it trims
/// the container's indentation as if it were the heading's). A panic would end the app, so
/// such a page is parsed without heading attributes, where `{...}` after a heading is text.
/// The test is loose on purpose (any `}` line over an underline): it costs only attributes
/// that no real PIR puts on a setext heading, and is one pass over the lines.
pub fn parser_options_for(text: &str) -> Options {
    if setext_under_brace(text) {
        parser_options() - Options::ENABLE_HEADING_ATTRIBUTES
    } else {
        parser_options()
    }
}

/// Whether a line that ends in `}` is followed by a setext-underline-like line (container
/// markers and spaces aside). Blank lines (`\r` and `\n` both end a line) in between are
/// skipped.
///
/// Only the lines after a `}` are looked at, found with a vectorised search: this runs before
/// every parse, and a per-character pass over every line was a sixth of the instructions of
/// a parse + render of a large page.
fn setext_under_brace(text: &str) -> bool {
    let bytes = text.as_bytes();
    let is_eol = |b: u8| b == b'\n' || b == b'\r';
    memchr::memchr_iter(b'}', bytes).any(|at| {
        // The `}` must end its line, spaces and tabs aside...
        let mut pos = at + 1;
        while let Some(&b) = bytes.get(pos) {
            match b {
                b' ' | b'\t' => pos += 1,
                b'\n' | b'\r' => break,
                _ => return false,
            }
        }
        // ...then past the line ends (empty lines keep the `}` above)...
        while bytes.get(pos).copied().is_some_and(is_eol) {
            pos += 1;
        }
        // ...the next line, without container markers and trailing spaces, is an underline.
        let end = bytes[pos..]
            .iter()
            .position(|&b| is_eol(b))
            .map_or(bytes.len(), |n| pos + n);
        let line = &bytes[pos..end];
        let start = line
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'>'))
            .unwrap_or(line.len());
        let stop = line
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t'))
            .map_or(0, |n| n + 1);
        let rest = line.get(start..stop).unwrap_or(&[]);
        !rest.is_empty() && (rest.iter().all(|&b| b == b'-') || rest.iter().all(|&b| b == b'='))
    })
}

/// Renders a page's markdown to the HTML of its body, as inside the published page's
/// `<article class="md-content__inner md-typeset">`, sanitized for display in the editor.
///
/// Never fails: markdown has no syntax errors, and constructs the renderer does not know are
/// shown as text, as on the site.
pub fn render(markdown: &str) -> String {
    let mut ctx = Ctx::default();
    let markdown = cr_as_lf(markdown);
    let text = normalize(strip_front_matter(&markdown));
    let lines = split_lines(&text);
    let mut placeholders = String::new();
    let lines = blocks::stash_fences(&lines, &mut placeholders, &mut ctx);
    let html = ctx.render_lines(&lines);
    sanitize::finish(html, ctx.raw_html)
}

/// `text` with every line break as `\n`: a lone `\r` (old Mac line endings) breaks a line, as
/// Python-Markdown reads it, and `\r\n` is one break.
fn cr_as_lf(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// `text.split('\n')` collected, with a vectorised search for the line ends: on a large
/// page the per-character search was a visible part of the render.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 32 + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(&text[start..end]);
        start = end + 1;
    }
    lines.push(&text[start..]);
    lines
}

/// State shared by one page's render, across nested bodies.
#[derive(Debug, Default)]
struct Ctx {
    /// Rendered HTML waiting to replace its placeholder (see [`blocks::placeholder`]).
    stash: Vec<String>,
    /// The source of each stashed fenced code block, by stash index.
    fence_sources: HashMap<usize, String>,
    /// Heading ids used so far on the page.
    slugs: slug::Slugs,
    /// The slug of each generated heading id, in the order headings were rendered; made
    /// unique in page order at the end.
    heading_slugs: Vec<String>,
    /// Tab sets so far: their inputs are numbered per page.
    tab_sets: usize,
    /// How deep bodies are nested now; bounded so hostile input cannot exhaust the stack.
    depth: usize,
    /// For each list item of the body being rendered, in order: whether Python-Markdown
    /// wraps its text in `<p>` (see [`blocks`]); CommonMark decides per list instead.
    loose_items: Vec<bool>,
    /// The page contains raw HTML, so the output must go through the sanitizer.
    raw_html: bool,
}

/// Nesting deeper than this is rendered as plain markdown, without the block extensions.
const MAX_DEPTH: usize = 32;

impl Ctx {
    /// Keeps `html` aside and returns its placeholder number.
    fn stash(&mut self, html: String) -> usize {
        self.stash.push(html);
        self.stash.len() - 1
    }

    /// Renders one body (the page, or the content of an admonition, tab or HTML block) to
    /// HTML.
    fn render_lines(&mut self, lines: &[&str]) -> String {
        let mut cm = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
        let outer_items = std::mem::take(&mut self.loose_items);
        blocks::container(lines, self, &mut cm);
        let html = html::to_html(&cm, self);
        self.loose_items = outer_items;
        html
    }
}

/// Drops a YAML front matter block (`---` ... `---` or `...`) at the very start, as mkdocs does.
fn strip_front_matter(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        offset += line.len();
        if bare == "---" || bare == "..." {
            return &rest[offset..];
        }
    }
    text
}

/// Python-Markdown's whitespace normalisation: `\r\n` to `\n`, tabs expanded to 4-column
/// stops. Placeholder delimiters in the input are dropped so text cannot pose as stashed
/// HTML. (Whitespace-only lines need no change: both dialects treat them as blank.)
fn normalize(text: &str) -> Cow<'_, str> {
    // The usual case, a file with none of the bytes changed below, is borrowed as is; found
    // with vectorised searches, as a byte loop over a large page was a visible part of the
    // render. (Other control characters pass through unchanged either way.)
    let bytes = text.as_bytes();
    const _: () = assert!(blocks::PH_START.is_ascii() && blocks::PH_END.is_ascii());
    if memchr::memchr3(b'\t', b'\r', b'\0', bytes).is_none()
        && memchr::memchr2(blocks::PH_START as u8, blocks::PH_END as u8, bytes).is_none()
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut col = 0;
        for c in line.chars() {
            match c {
                '\t' => {
                    let n = 4 - col % 4;
                    out.extend(std::iter::repeat_n(' ', n));
                    col += n;
                }
                blocks::PH_START | blocks::PH_END | '\0' => {}
                c => {
                    out.push(c);
                    col += 1;
                }
            }
        }
        out.push('\n');
    }
    out.pop();
    Cow::Owned(out)
}

/// Escapes text for use in HTML content or a double-quoted attribute.
fn escape_into(out: &mut String, text: &str) {
    // Most texts (code lines, ids) need no escaping: two vectorised searches say so faster
    // than the byte loop below.
    let bytes = text.as_bytes();
    if memchr::memchr3(b'&', b'<', b'>', bytes).is_none() && memchr::memchr(b'"', bytes).is_none() {
        out.push_str(text);
        return;
    }
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_stripped_only_at_the_start() {
        assert_eq!(strip_front_matter("---\ntitle: x\n---\n# T\n"), "# T\n");
        assert_eq!(
            strip_front_matter("# T\n---\na\n---\n"),
            "# T\n---\na\n---\n"
        );
        // Unterminated: kept, as mkdocs keeps it.
        assert_eq!(strip_front_matter("---\ntitle: x\n"), "---\ntitle: x\n");
    }

    #[test]
    fn lines_split_as_str_split() {
        for text in ["", "\n", "a", "a\n", "a\nb", "\n\nä\n", "x\n\ny\n\n"] {
            assert_eq!(
                split_lines(text),
                text.split('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    /// The line-by-line definition [`setext_under_brace`] must agree with.
    fn setext_under_brace_by_lines(text: &str) -> bool {
        let mut brace_above = false;
        for line in text.split(['\n', '\r']) {
            let rest = line.trim_start_matches([' ', '\t', '>']);
            let rest = rest.trim_end_matches([' ', '\t']);
            if brace_above
                && !rest.is_empty()
                && (rest.bytes().all(|b| b == b'-') || rest.bytes().all(|b| b == b'='))
            {
                return true;
            }
            // A blank line from `\r\n` keeps what the line above said.
            if !(line.is_empty() && brace_above) {
                brace_above = rest.ends_with('}');
            }
        }
        false
    }

    #[test]
    fn setext_under_brace_examples() {
        for (text, want) in [
            ("a}\n---\n", true),
            ("1. a\n    {}\n   -\n", true),
            ("> a }  \r\n> ===\r\n", true),
            ("a}\n\n\n--", true),
            ("a}\n \n---\n", false),
            ("a} b\n---\n", false),
            ("a}\n- -\n", false),
            ("a}\nb\n---\n", false),
            ("a}", false),
            ("a}\n", false),
            ("no brace\n---\n", false),
        ] {
            assert_eq!(setext_under_brace(text), want, "{text:?}");
            assert_eq!(setext_under_brace_by_lines(text), want, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn setext_under_brace_agrees_with_the_line_by_line_definition(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "}", "{", "a", " ", "\t", ">", "-", "=", "\n", "\r", "\r\n", "é", "--", "==",
                ]),
                0..24,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(setext_under_brace(&text), setext_under_brace_by_lines(&text));
        }
    }

    #[test]
    fn tabs_expand_to_four_column_stops() {
        assert_eq!(normalize("a\tb\r\n\tc\n  \t\n"), "a   b\n    c\n    \n");
        assert!(matches!(normalize("plain\n"), Cow::Borrowed(_)));
        // Other control characters are kept, on both paths.
        assert_eq!(normalize("a\u{1}b\u{1f}\n"), "a\u{1}b\u{1f}\n");
        assert_eq!(normalize("a\u{1}\tb\u{2}\r\n"), "a\u{1}  b\n");
    }
}
