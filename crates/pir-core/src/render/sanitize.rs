//! The last step of rendering: an allow-list HTML sanitizer.
//!
//! A PIR is written by colleagues, but the preview runs inside the editor's webview, so raw
//! HTML in the markdown must not be able to run script there. Everything the renderer itself
//! emits (admonitions, details, tabs, heading permalinks, code blocks, attr_list classes and
//! ids) is allowed; scripts, event handlers, `javascript:` URLs, frames and styles other than
//! table-cell alignment are removed.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Built once: configuring the allow-lists costs far more than a small render.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags(["input", "label"])
        .add_generic_attributes(["class", "id"])
        .add_tag_attributes("a", ["title", "name"])
        .add_tag_attributes("img", ["title"])
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
