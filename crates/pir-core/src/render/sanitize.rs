//! Keeping the preview inert: URL and attribute checks, an allow-list HTML sanitizer, and an
//! HTML5 tokenizer reading the output as the webview will.
//!
//! A PIR is written by colleagues, but the preview runs inside the editor's webview, so the
//! markdown must not be able to run script there. Two layers:
//!
//! - Everything the renderer emits from markdown is meant to be safe by construction: text
//!   is escaped, link and image URLs must be relative or use a scheme from [`URL_SCHEMES`],
//!   attr_list attributes are limited to [`attribute_allowed`], code languages to safe
//!   class names, and stashed blocks that land inside an attribute are put back as text.
//! - Every page is then checked, not trusted: [`finish`] reads the output with html5ever's
//!   tokenizer and, unless every tag and attribute is on the sanitizer's allow-list
//!   ([`conforms`]), sends it through ammonia, which keeps what the renderer emits
//!   (admonitions, details, tabs, permalinks, code blocks, attr_list classes and ids) and
//!   drops scripts, event handlers, `javascript:` URLs, frames and any style but table-cell
//!   alignment. A page with raw HTML (inline tags, HTML blocks, `<div markdown>`) always goes
//!   through ammonia. HTML nested deeper than the webview's own parser nests is flattened
//!   first ([`flatten_deep`]), so ammonia's tree build stays linear in the page.
//!
//! Ordinary pages pass the check and keep the renderer's bytes: ammonia would re-serialise
//! them (`&para;` as `¶`, `<br />` as `<br>`), and re-parsing and re-writing a large page
//! costs several times what rendering it does.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Built once: configuring the allow-lists costs far more than a small render.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(URL_SCHEMES.iter().copied().collect())
        .add_generic_attribute_prefixes(["data-"])
        .add_tags(["input", "label", "section", "main", "address"])
        .add_generic_attributes(["class", "id"])
        .add_tag_attributes("a", ["title", "name", "target"])
        .add_tag_attributes("img", ["title", "loading"])
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("input", ["type", "name", "checked", "disabled"])
        .add_tag_attributes("label", ["for"])
        .add_tag_attributes("div", ["data-tabs"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        // Table alignment is the only style markdown produces; nothing else may style the page.
        .filter_style_properties(["text-align"].into())
        // The published page does not add rel=..., and the preview should not differ.
        .link_rel(None)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // Tabs are radio buttons; no other input kind has a reason to be in a page.
            ("input", "type") if value == "radio" || value == "checkbox" => {
                Some(Cow::Borrowed(value))
            }
            ("input", "type") => None,
            _ => Some(Cow::Borrowed(value)),
        });
    b
});

/// `html` with everything outside the allow-lists removed.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// The rendered page as the editor may show it: `html` as it is when an HTML5 tokenizer,
/// reading it as the webview will, finds only what the sanitizer's allow-lists keep
/// ([`conforms`]); otherwise (and always for a page with raw HTML, `raw_html`) `html` through
/// the sanitizer.
///
/// Why not always the sanitizer: ammonia re-serialises what it keeps (`&para;` becomes `¶`,
/// `<br />` becomes `<br>`), so ordinary pages would differ from the published ones byte for
/// byte, and re-parsing and re-writing a large page costs several times its render. The
/// check reads the same bytes the webview parses, so markup the renderer let through by
/// mistake (a stashed block landing inside an attribute, say) is cleaned all the same.
pub fn finish(html: String, raw_html: bool) -> String {
    if raw_html || !conforms(&html) {
        match flatten_deep(&html) {
            Some(flat) => sanitize(&flat),
            None => sanitize(&html),
        }
    } else {
        html
    }
}

/// How deep elements may nest in HTML given to the sanitizer: WebKit's HTML parser's own
/// limit (`maximumHTMLParserDOMTreeDepth`), beyond which the webview would not nest either.
pub const MAX_HTML_DEPTH: usize = 512;

/// `html` without the start and end tags of elements nested deeper than [`MAX_HTML_DEPTH`]
/// (their text kept), or `None` when nothing is that deep.
///
/// Why: ammonia builds the page's tree with html5ever, whose tree builder looks through the
/// open elements for a `<p>` on every block start tag, so 20,000 nested `<div>`s took
/// 200 million steps. Bounded, each tag costs at most [`MAX_HTML_DEPTH`].
///
/// The depth is a model of the tree builder's stack that never pops more than the tree
/// builder does: an end tag closes the elements above its own only when found within a few
/// entries with no scope boundary (or, for a phrasing tag, no block) in between; a `<p>`,
/// `<li>`... closes only the same element right above it. So its depth is at least the
/// real one, up to the elements the tree builder adds itself (`<tbody>`...). The rewritten
/// page is re-serialised from the tokens (comments and doctypes dropped, as ammonia does;
/// raw-text elements such as `<textarea>` read as markup), then sanitized as any other.
pub fn flatten_deep(html: &str) -> Option<String> {
    let mut deep = false;
    let mut model = Depth::default();
    tokens(html, |token| {
        if let Token::TagToken(tag) = token {
            deep |= model.tag(tag).1 > MAX_HTML_DEPTH;
        }
    });
    if !deep {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut model = Depth::default();
    tokens(html, |token| match token {
        Token::CharacterTokens(text) => crate::render::escape_into(&mut out, text),
        Token::TagToken(tag) => {
            let (write, _) = model.tag(tag);
            if !write {
                return;
            }
            out.push('<');
            if tag.kind == TagKind::EndTag {
                out.push('/');
            }
            out.push_str(&tag.name);
            if tag.kind == TagKind::StartTag {
                for a in &tag.attrs {
                    out.push(' ');
                    out.push_str(&a.name.local);
                    out.push_str("=\"");
                    crate::render::escape_into(&mut out, &a.value);
                    out.push('"');
                }
            }
            out.push('>');
        }
        _ => {}
    });
    Some(out)
}

/// The open elements as [`flatten_deep`] models them: name and whether its tags are kept.
#[derive(Default)]
struct Depth {
    open: Vec<(String, bool)>,
}

impl Depth {
    /// Applies one tag; returns whether to keep it and the depth after it.
    fn tag(&mut self, tag: &html5ever::tokenizer::Tag) -> (bool, usize) {
        let name = &*tag.name;
        if tag.kind == TagKind::StartTag {
            if VOID.contains(&name) {
                return (self.open.len() < MAX_HTML_DEPTH, self.open.len());
            }
            let closes = implied_closes(name);
            while self
                .open
                .last()
                .is_some_and(|(n, _)| closes.contains(&n.as_str()))
            {
                self.open.pop();
            }
            let keep = self.open.len() < MAX_HTML_DEPTH;
            self.open.push((name.to_owned(), keep));
            return (keep, self.open.len());
        }
        // An end tag: look down a few entries, as far as the tree builder would.
        let phrasing = !SPECIAL.contains(&name);
        let found = self
            .open
            .iter()
            .rev()
            .take(END_TAG_REACH)
            .position(|(n, _)| n == name)
            .filter(|&k| {
                self.open
                    .iter()
                    .rev()
                    .take(k)
                    .all(|(n, _)| !end_tag_stops_at(name, n, phrasing))
            });
        match found {
            Some(k) => {
                let at = self.open.len() - 1 - k;
                let keep = self.open[at].1;
                self.open.truncate(at);
                (keep, self.open.len())
            }
            // Not modelled as closing anything: kept when shallow (the tree builder ignores
            // it or handles it at its own bounded cost).
            None => (self.open.len() < MAX_HTML_DEPTH, self.open.len()),
        }
    }
}

/// How many open elements an end tag is looked for among (see [`flatten_deep`]).
const END_TAG_REACH: usize = 16;

/// Elements without end tags.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// The elements a start tag `name` closes when they are the innermost open ones (a `<td>`
/// closes an open cell, a `<div>` an open paragraph...), as the tree builder does too.
fn implied_closes(name: &str) -> &'static [&'static str] {
    match name {
        "p" => &["p"],
        "li" => &["p", "li"],
        "dt" | "dd" => &["p", "dt", "dd"],
        "option" => &["option"],
        "td" | "th" => &["td", "th"],
        "tr" => &["td", "th", "tr"],
        "tbody" | "thead" | "tfoot" => &["td", "th", "tr", "tbody", "thead", "tfoot"],
        _ if SPECIAL.contains(&name) => &["p"],
        _ => &[],
    }
}

/// Whether an end tag `name` looking down the open elements stops (is ignored) at `open`:
/// a phrasing end tag at any special element, a table part's at the table, others at the
/// tree builder's scope boundaries.
fn end_tag_stops_at(name: &str, open: &str, phrasing: bool) -> bool {
    match name {
        _ if phrasing => SPECIAL.contains(&open),
        "table" => matches!(open, "html" | "template"),
        "tr" | "tbody" | "thead" | "tfoot" => matches!(open, "html" | "template" | "table"),
        _ => SCOPE_BOUNDARIES.contains(&open),
    }
}

/// Elements an end tag does not close past (the tree builder's scopes, all together).
const SCOPE_BOUNDARIES: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
    "ol", "ul", "svg", "math", "select",
];

/// HTML's "special" elements: a phrasing end tag (`</span>`) does not close past them.
const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

/// The allow-lists of [`SANITIZER`], read once so that [`conforms`] and ammonia agree.
struct Policy {
    tags: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    prefixes: HashSet<&'static str>,
    per_tag: HashMap<&'static str, HashSet<&'static str>>,
}

static POLICY: LazyLock<Policy> = LazyLock::new(|| Policy {
    tags: SANITIZER.clone_tags(),
    generic: SANITIZER.clone_generic_attributes(),
    prefixes: SANITIZER
        .clone_generic_attribute_prefixes()
        .unwrap_or_default(),
    per_tag: SANITIZER.clone_tag_attributes(),
});

/// Whether every token of `html`, as an HTML5 tokenizer reads it, is one the sanitizer
/// keeps unchanged: text, end tags, and start tags on its allow-list with allowed attributes
/// (URLs relative or of an allowed scheme, a style only as a table cell's alignment, an input
/// only a radio button or checkbox). Comments and doctypes do not conform (ammonia drops
/// them). Tags that would switch the tokenizer to raw text (`<style>`, `<textarea>`...) are
/// not on the list, so while `html` conforms the webview tokenizes it exactly so.
pub fn conforms(html: &str) -> bool {
    let policy = &*POLICY;
    let mut ok = true;
    tokens(html, |token| {
        ok &= match token {
            Token::CharacterTokens(_) | Token::EOFToken | Token::ParseError(_) => true,
            Token::TagToken(tag) if tag.kind == TagKind::EndTag => true,
            Token::TagToken(tag) => {
                let name = &*tag.name;
                policy.tags.contains(name)
                    && tag.attrs.iter().all(|a| {
                        let attr = &*a.name.local;
                        let value = &*a.value;
                        let listed = policy.generic.contains(attr)
                            || policy.prefixes.iter().any(|p| attr.starts_with(p))
                            || policy.per_tag.get(name).is_some_and(|s| s.contains(attr));
                        listed
                            && (!URL_ATTRIBUTES.contains(&attr) || url_allowed(value))
                            && (attr != "style" || cell_alignment(name, value))
                            && (name != "input"
                                || attr != "type"
                                || matches!(value, "radio" | "checkbox"))
                    })
            }
            Token::CommentToken(_) | Token::DoctypeToken(_) | Token::NullCharacterToken => false,
        };
    });
    ok
}

/// The first thing in rendered `html` that could run script or restyle the editor, described;
/// `None` when the HTML is inert. The check the tests and the fuzz target apply to renders.
///
/// `html` is read by an HTML5 tokenizer, as the webview reads it (character references in
/// attributes decoded, attributes wherever the tokenizer finds them, whatever the text
/// around them looks like). No start tag may be a script, frame, style, SVG, MathML, object,
/// embed, form, base, meta or link, carry a URL attribute whose scheme could run script (or
/// a `data:` URL), an event handler, or a style other than a table cell's alignment. An
/// `<img src>` may also be one of the app's image URLs ([`super::images::is_image_url`]). Text
/// and other attribute values may say anything: a class may say `javascript:`.
pub fn hazard(html: &str) -> Option<String> {
    let mut found = None;
    tokens(html, |token| {
        if found.is_some() {
            return;
        }
        let Token::TagToken(tag) = token else { return };
        if tag.kind != TagKind::StartTag {
            return;
        }
        let name = &*tag.name;
        if DENIED.contains(&name) {
            found = Some(format!("a <{name}> element"));
            return;
        }
        for a in &tag.attrs {
            let (attr, value) = (&*a.name.local, &*a.value);
            // The preview's own image URLs are made by the app, never taken from a page
            // (see `render::images`).
            let app_image = name == "img" && attr == "src" && super::images::is_image_url(value);
            if URL_ATTRIBUTES.contains(&attr) && !url_allowed(value) && !app_image {
                found = Some(format!("a script URL in <{name} {attr}={value:?}>"));
            } else if attr.starts_with("on") || (attr == "style" && !cell_alignment(name, value)) {
                found = Some(format!("a {attr} attribute in <{name} {attr}={value:?}>"));
            }
            if found.is_some() {
                return;
            }
        }
    });
    found
}

/// Elements that must never be in the preview: they run script, load other documents, style
/// the editor, or change how the page's URLs resolve.
const DENIED: &[&str] = &[
    "script", "iframe", "frame", "frameset", "svg", "math", "style", "object", "embed", "applet",
    "form", "base", "meta", "link",
];

/// Whether `style` on element `name` is a table cell's alignment, as pulldown-cmark writes
/// it (`text-align: left`) or ammonia re-serialises it (`text-align:left`).
fn cell_alignment(name: &str, style: &str) -> bool {
    let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(name, "th" | "td")
        && matches!(
            style.trim_end_matches(';'),
            "text-align:left" | "text-align:center" | "text-align:right"
        )
}

/// Feeds each token of `html`, as html5ever's HTML5 tokenizer reads it from the data state
/// (the state `innerHTML` starts a `<div>` in), to `visit`.
pub(crate) fn tokens(html: &str, visit: impl FnMut(&Token)) {
    struct Sink<F>(RefCell<F>);
    impl<F: FnMut(&Token)> TokenSink for Sink<F> {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            (self.0.borrow_mut())(&token);
            TokenSinkResult::Continue
        }
    }
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Sink(RefCell::new(visit)), TokenizerOpts::default());
    // The sink never asks to stop for a script, so the input is read to its end.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
}

/// Attributes whose value a browser loads or follows as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "data",
    "cite",
    "longdesc",
    "ping",
];

/// URL schemes a link or image may use (ammonia's defaults, minus the exotic ones).
pub const URL_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "tel", "ftp", "ftps", "ssh", "irc", "ircs", "xmpp", "geo", "magnet",
    "news", "sms", "webcal",
];

/// Whether `url` is relative or uses an allowed scheme.
///
/// Browsers drop leading spaces and control characters and ignore tabs and newlines inside
/// a URL, so `" java\tscript:"` is `javascript:`; the scheme is read the same way. A scheme
/// starts with an ASCII letter (WHATWG URL, "scheme start state"): `:x:` or `1x:` are
/// relative paths, not schemes.
pub fn url_allowed(url: &str) -> bool {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in url.chars() {
        match c {
            '\t' | '\n' | '\r' => {}
            c if scheme.is_empty() && !c.is_ascii_alphabetic() => return true,
            ':' => {
                return URL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str());
            }
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => scheme.push(c),
            // `/`, `?`, `#` or anything else before a colon: a relative URL.
            _ => return true,
        }
    }
    true
}

/// Whether an attr_list attribute may be written: no event handlers, styles or URLs, which
/// could run script or restyle the editor.
pub fn attribute_allowed(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("data-")
        || matches!(
            name.as_str(),
            "title" | "lang" | "width" | "height" | "align" | "alt" | "name" | "loading" | "target"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_refused_however_spelled() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:x",
            "vbscript:x",
            "data:text/html,<script>",
        ] {
            assert!(!url_allowed(bad), "{bad:?} allowed");
        }
        for good in [
            "https://example.com/a:b",
            "mailto:ops@example.com",
            "../other/",
            "#section",
            "page.md#a:b",
            "?q=a:b",
            ":ata:text/html;base64,PHNjcmlwdD4=",
            "1javascript:x",
            "",
        ] {
            assert!(url_allowed(good), "{good:?} refused");
        }
    }

    #[test]
    fn handlers_and_styles_are_not_attributes() {
        assert!(attribute_allowed("data-tabs"));
        assert!(attribute_allowed("title"));
        assert!(!attribute_allowed("onclick"));
        assert!(!attribute_allowed("OnError"));
        assert!(!attribute_allowed("style"));
        assert!(!attribute_allowed("href"));
        assert!(!attribute_allowed("src"));
    }

    #[test]
    fn sanitizer_keeps_renderer_markup_and_drops_script() {
        let kept = "<details class=\"note\" open=\"open\"><summary>T</summary></details>";
        assert_eq!(sanitize(kept), kept);
        let out = sanitize(
            "<input type=\"radio\" id=\"a\" name=\"b\"><input type=\"text\" onfocus=\"x()\">\
             <label for=\"a\">L</label><script>x()</script><td style=\"color:red\">",
        );
        assert!(
            out.contains("<input type=\"radio\" id=\"a\" name=\"b\">"),
            "{out}"
        );
        assert!(out.contains("<label for=\"a\">"), "{out}");
        assert!(!out.contains("text") && !out.contains("onfocus"), "{out}");
        assert!(!out.contains("script") && !out.contains("x()"), "{out}");
    }
}
