//! Keeping the preview inert: URL and attribute checks, and an allow-list HTML sanitizer.
//!
//! A PIR is written by colleagues, but the preview runs inside the editor's webview, so the
//! markdown must not be able to run script there. Two layers:
//!
//! - Everything the renderer emits from markdown is safe by construction: text is escaped,
//!   link and image URLs must be relative or use a scheme from [`URL_SCHEMES`], and attr_list
//!   attributes are limited to [`attribute_allowed`].
//! - When the page contains raw HTML (inline tags, HTML blocks, `<div markdown>`), the whole
//!   output goes through ammonia with an allow-list that keeps what the renderer emits
//!   (admonitions, details, tabs, permalinks, code blocks, attr_list classes and ids) and
//!   drops scripts, event handlers, `javascript:` URLs, frames and any style but table-cell
//!   alignment.
//!
//! Pages without raw HTML (real PIRs have none) skip ammonia: re-parsing the whole page as
//! HTML costs several times what rendering it does.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Built once: configuring the allow-lists costs far more than a small render.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(URL_SCHEMES.iter().copied().collect())
        .add_generic_attribute_prefixes(["data-"])
        .add_tags(["input", "label", "section", "main", "address"])
        .add_generic_attributes(["class", "id"])
        .add_tag_attributes("a", ["title", "name"])
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

/// The first thing in rendered `html` that could run script or restyle the editor, described;
/// `None` when the HTML is inert. The check the tests and the fuzz target apply to renders:
/// text may mention anything (the renderer escapes `<` in text, so every `<` opens a tag),
/// but no tag may be a script, frame, style, SVG, object or embed, carry a script URL in a
/// URL attribute, an event handler, or a style other than a table cell's alignment. (Other
/// attribute values are text: a class may say `javascript:`.)
pub fn hazard(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for tag in lower.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let name = tag.split_whitespace().next().unwrap_or("");
        if matches!(
            name,
            "script" | "iframe" | "svg" | "style" | "object" | "embed"
        ) {
            return Some(format!("a <{name}> element"));
        }
        for (attr, value) in attributes(tag) {
            if URL_ATTRIBUTES.contains(&attr) && !url_allowed(&decode_char_refs(value)) {
                return Some(format!("a script URL in <{tag}>"));
            }
            // As pulldown-cmark writes it (`text-align: left`) or ammonia re-serialises it.
            let style: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            let alignment = matches!(name, "th" | "td")
                && matches!(
                    style.trim_end_matches(';'),
                    "text-align:left" | "text-align:center" | "text-align:right"
                );
            if attr.starts_with("on") || (attr == "style" && !alignment) {
                return Some(format!("a {attr} attribute in <{tag}>"));
            }
        }
    }
    None
}

/// `value` with the character references a browser decodes in an attribute that could
/// spell a scheme (`&#58;`, `&#x3a;`, `&colon;`, `&tab;`, `&newline;`) decoded.
fn decode_char_refs(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').unwrap_or(rest.len());
        let name = &rest[1..end];
        let decoded = match name {
            "colon" => Some(':'),
            "tab" => Some('\t'),
            "newline" => Some('\n'),
            _ => name.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest.get(end + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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

/// The attributes inside a tag (`a href="x" title='y z' open`): names and unquoted values.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let name = &rest[..end];
        rest = rest[end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            (value, rest) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                    Some(e) => (&after[1..e + 1], &after[e + 2..]),
                    None => (&after[1..], ""),
                },
                _ => {
                    let e = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..e], &after[e..])
                }
            };
        }
        found.push((name, value));
    }
    found
}

/// URL schemes a link or image may use (ammonia's defaults, minus the exotic ones).
pub const URL_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "tel", "ftp", "ftps", "ssh", "irc", "ircs", "xmpp", "geo", "magnet",
    "news", "sms", "webcal",
];

/// Whether `url` is relative or uses an allowed scheme.
///
/// Browsers drop leading spaces and control characters and ignore tabs and newlines inside
/// a URL, so `" java\tscript:"` is `javascript:`; the scheme is read the same way.
pub fn url_allowed(url: &str) -> bool {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in url.chars() {
        match c {
            '\t' | '\n' | '\r' => {}
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
