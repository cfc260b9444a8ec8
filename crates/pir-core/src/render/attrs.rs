//! attr_list: `{: #id .class key=value }` after a heading, a paragraph's last line, a list
//! item's last line or a link, parsed into attributes the HTML step writes.

use pulldown_cmark::CowStr;

use super::escape_into;
use super::sanitize::attribute_allowed;

/// Attributes from an attr list.
#[derive(Debug, Default)]
pub(super) struct Attrs {
    pub(super) id: Option<String>,
    pub(super) classes: Vec<String>,
    pub(super) others: Vec<(String, String)>,
}

impl Attrs {
    pub(super) fn merge(&mut self, other: Attrs) {
        if other.id.is_some() {
            self.id = other.id;
        }
        self.classes.extend(other.classes);
        self.others.extend(other.others);
    }

    /// Writes ` class=".." id=".." key=".."` (the id only when not taken out before).
    pub(super) fn write(&self, html: &mut String) {
        if !self.classes.is_empty() {
            html.push_str(" class=\"");
            escape_into(html, &self.classes.join(" "));
            html.push('"');
        }
        if let Some(id) = &self.id {
            html.push_str(" id=\"");
            escape_into(html, id);
            html.push('"');
        }
        for (k, v) in self.others.iter().filter(|(k, _)| attribute_allowed(k)) {
            html.push(' ');
            escape_into(html, k);
            html.push_str("=\"");
            escape_into(html, v);
            html.push('"');
        }
    }
}

/// Parses `{: #id .class key=value key="v w" }` (the colon is optional).
pub(super) fn parse_attr_list(s: &str) -> Option<Attrs> {
    let inner = s.strip_prefix('{')?.strip_suffix('}')?;
    let inner = inner.strip_prefix(':').unwrap_or(inner).trim();
    if inner.is_empty() || inner.contains(['{', '}', '\n']) {
        return None;
    }
    let mut attrs = Attrs::default();
    let mut rest = inner;
    while !rest.is_empty() {
        let token_end = token_end(rest);
        let token = &rest[..token_end];
        rest = rest[token_end..].trim_start();
        if let Some(id) = token.strip_prefix('#') {
            attrs.id = Some(id.to_owned());
        } else if let Some(class) = token.strip_prefix('.') {
            attrs.classes.push(class.to_owned());
        } else if let Some((k, v)) = token.split_once('=') {
            let v = v.trim_matches(|c| c == '"' || c == '\'');
            let valid = !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':');
            if valid {
                attrs.others.push((k.to_owned(), v.to_owned()));
            }
        }
    }
    Some(attrs)
}

/// The end of the first token of `s`: at a space outside quotes.
fn token_end(s: &str) -> usize {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        let after_equals = prev == '=';
        prev = c;
        match (quote, c) {
            // Only a value (`key="a b"`) is quoted; a quote elsewhere is just a character.
            (None, '"' | '\'') if after_equals => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return i,
            _ => {}
        }
    }
    s.len()
}

/// Takes a trailing ` { ... }` attr list off a heading's text.
pub(super) fn take_trailing_attrs(text: &mut CowStr<'_>) -> Option<Attrs> {
    let trimmed = text.trim_end();
    if !trimmed.ends_with('}') {
        return None;
    }
    let open = trimmed.rfind('{')?;
    if open > 0 && !trimmed[..open].ends_with(' ') {
        return None;
    }
    let attrs = parse_attr_list(&trimmed[open..])?;
    let kept = trimmed[..open].trim_end().to_owned();
    *text = kept.into();
    Some(attrs)
}

/// Takes a leading `{ ... }` attr list off the text right after an inline element.
pub(super) fn take_inline_attrs(text: &mut CowStr<'_>) -> Option<Attrs> {
    if !text.starts_with('{') {
        return None;
    }
    let close = text.find('}')?;
    let attrs = parse_attr_list(&text[..=close])?;
    let kept = text[close + 1..].to_owned();
    *text = kept.into();
    Some(attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids_classes_and_quoted_values() {
        let a = parse_attr_list("{: #intro .lead .wide title=\"Two words\" data-x='1' }").unwrap();
        assert_eq!(a.id.as_deref(), Some("intro"));
        assert_eq!(a.classes, ["lead", "wide"]);
        assert_eq!(
            a.others,
            [
                ("title".to_owned(), "Two words".to_owned()),
                ("data-x".to_owned(), "1".to_owned())
            ]
        );
        assert!(parse_attr_list("{ .no-colon }").is_some());
        assert!(parse_attr_list("{}").is_none());
        assert!(parse_attr_list("{: }").is_none());
        assert!(parse_attr_list("{ a { b } }").is_none());
        assert!(parse_attr_list("not braces").is_none());
    }

    #[test]
    fn writes_only_allowed_attributes_escaped() {
        let a = parse_attr_list("{ .a\"b onclick=x title='<t>' }").unwrap();
        let mut html = String::new();
        a.write(&mut html);
        assert_eq!(html, " class=\"a&quot;b\" title=\"&lt;t&gt;\"");
    }

    #[test]
    fn trailing_attrs_need_a_space_before_them() {
        let mut t: CowStr<'_> = "Title { #x }".into();
        assert_eq!(
            take_trailing_attrs(&mut t).unwrap().id.as_deref(),
            Some("x")
        );
        assert_eq!(&*t, "Title");
        let mut glued: CowStr<'_> = "Title{ #x }".into();
        assert!(take_trailing_attrs(&mut glued).is_none());
        let mut after_link: CowStr<'_> = "{ .ext } and more".into();
        assert_eq!(take_inline_attrs(&mut after_link).unwrap().classes, ["ext"]);
        assert_eq!(&*after_link, " and more");
    }
}
