//! CommonMark to HTML with the site's additions: heading ids and permalinks (toc), attr_list
//! attributes, the highlight code-block shape, and the stashed blocks put back.

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, TextMergeStream,
};

use super::blocks::{PH_END, PH_START, code_html};
use super::slug::slugify;
use super::{Ctx, escape_into, parser_options};

/// Renders `cm` (CommonMark with placeholders) to HTML, placeholders replaced.
pub(super) fn to_html(cm: &str, ctx: &mut Ctx) -> String {
    let mut events: Vec<Event<'_>> =
        TextMergeStream::new(Parser::new_ext(cm, parser_options())).collect();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut link_start = None;
    let loose_items = std::mem::take(&mut ctx.loose_items);
    let mut next_item = 0;
    // Per open container: false for a list item whose paragraphs lose their <p>.
    let mut wrap: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let event = std::mem::replace(&mut events[i], Event::SoftBreak);
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: _,
            }) => {
                let end = (i + 1..events.len())
                    .find(|&k| matches!(events[k], Event::End(TagEnd::Heading(_))))
                    .unwrap_or(events.len());
                let html = heading(level, id, classes, &mut events[i + 1..end], ctx);
                out.push(Event::Html(html.into()));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Item) => {
                wrap.push(loose_items.get(next_item).copied().unwrap_or(true));
                next_item += 1;
                out.push(event);
            }
            Event::Start(Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                wrap.push(true);
                out.push(event);
            }
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                wrap.pop();
                out.push(event);
            }
            Event::Start(Tag::Paragraph) if wrap.last() == Some(&false) => {
                if let Some(end) = (i + 1..events.len())
                    .find(|&k| matches!(events[k], Event::End(TagEnd::Paragraph)))
                {
                    // A tight item's text; a following paragraph starts on its own line.
                    events[end] = Event::SoftBreak;
                    if end + 1 < events.len()
                        && !matches!(events[end + 1], Event::Start(Tag::Paragraph))
                    {
                        events[end] = Event::Text("".into());
                    }
                }
            }
            Event::Start(Tag::Paragraph) => out.push(paragraph_start(&mut events, i)),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next(),
                    CodeBlockKind::Indented => None,
                };
                let mut text = String::new();
                let mut k = i + 1;
                while let Some(Event::Text(t)) = events.get(k) {
                    text.push_str(t);
                    k += 1;
                }
                let html = code_html(lang, text.strip_suffix('\n').unwrap_or(&text).split('\n'));
                out.push(Event::Html(html.into()));
                i = k + 1;
                continue;
            }
            Event::Start(Tag::Link { .. }) => {
                link_start = Some(out.len());
                out.push(event);
            }
            Event::End(TagEnd::Link) => {
                let attrs = match (link_start.take(), events.get_mut(i + 1)) {
                    (Some(s), Some(Event::Text(t))) => take_inline_attrs(t).map(|a| (s, a)),
                    _ => None,
                };
                match attrs {
                    Some((s, attrs)) => {
                        out[s] = link_open(&out[s], &attrs);
                        out.push(Event::Html("</a>".into()));
                    }
                    None => out.push(event),
                }
            }
            event => out.push(event),
        }
        i += 1;
    }
    let mut html = String::with_capacity(cm.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    unstash(&html, ctx)
}

/// Inline markdown (a title or tab label) without the paragraph around it.
pub(super) fn inline(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, parser_options()));
    let t = html.trim_end();
    t.strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
        .unwrap_or(t)
        .to_owned()
}

/// Replaces each placeholder (alone in a paragraph, or inline) with its stashed HTML.
fn unstash(html: &str, ctx: &mut Ctx) -> String {
    if !html.contains(PH_START) {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(p) = rest.find(PH_START) {
        let after = &rest[p + PH_START.len_utf8()..];
        let Some(e) = after.find(PH_END) else { break };
        let Some(stashed) = after[..e]
            .parse::<usize>()
            .ok()
            .and_then(|n| ctx.stash.get_mut(n))
        else {
            out.push_str(&rest[..p + PH_START.len_utf8()]);
            rest = after;
            continue;
        };
        let tail = &after[e + PH_END.len_utf8()..];
        let alone = rest[..p].ends_with("<p>") && tail.starts_with("</p>");
        if alone {
            out.push_str(&rest[..p - 3]);
            out.push_str(&std::mem::take(stashed));
            rest = tail[4..].strip_prefix('\n').unwrap_or(&tail[4..]);
        } else {
            out.push_str(&rest[..p]);
            out.push_str(&std::mem::take(stashed));
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// A heading with its toc id and permalink, honouring `{ #id .class }` / `{: ... }`.
fn heading(
    level: HeadingLevel,
    id: Option<CowStr<'_>>,
    classes: Vec<CowStr<'_>>,
    inner: &mut [Event<'_>],
    ctx: &mut Ctx,
) -> String {
    let mut attrs = Attrs {
        id: id.map(|s| s.into_string()),
        classes: classes.into_iter().map(CowStr::into_string).collect(),
        others: Vec::new(),
    };
    if let Some(Event::Text(t)) = inner.last_mut()
        && let Some(found) = take_trailing_attrs(t)
    {
        attrs.merge(found);
    }
    let mut text = String::new();
    for e in inner.iter() {
        if let Event::Text(t) | Event::Code(t) = e {
            text.push_str(t);
        }
    }
    let id = match attrs.id.take() {
        Some(id) => {
            ctx.slugs.reserve(&id);
            id
        }
        None => ctx.slugs.unique(slugify(&text)),
    };
    let n = level as usize;
    let mut html = format!("<h{n} id=\"");
    escape_into(&mut html, &id);
    html.push('"');
    attrs.write(&mut html);
    html.push('>');
    pulldown_cmark::html::push_html(&mut html, inner.iter().cloned());
    html.push_str("<a class=\"headerlink\" href=\"#");
    escape_into(&mut html, &id);
    html.push_str(&format!("\" title=\"Permanent link\">&para;</a></h{n}>\n"));
    html
}

/// The start of the paragraph at `events[start]`: `<p>` with the attributes of a last line
/// that is an attr list (`{: .class }`), which is then removed.
fn paragraph_start<'a>(events: &mut [Event<'a>], start: usize) -> Event<'a> {
    let Some(end) =
        (start + 1..events.len()).find(|&k| matches!(events[k], Event::End(TagEnd::Paragraph)))
    else {
        return Event::Start(Tag::Paragraph);
    };
    if end < start + 3 || !matches!(events[end - 2], Event::SoftBreak) {
        return Event::Start(Tag::Paragraph);
    }
    let Event::Text(t) = &events[end - 1] else {
        return Event::Start(Tag::Paragraph);
    };
    let Some(attrs) = parse_attr_list(t.trim()) else {
        return Event::Start(Tag::Paragraph);
    };
    events[end - 2] = Event::Text("".into());
    events[end - 1] = Event::Text("".into());
    let mut html = String::from("<p");
    attrs.write(&mut html);
    html.push('>');
    Event::Html(html.into())
}

/// The opening `<a>` of a link start event, with extra attributes.
fn link_open<'a>(start: &Event<'_>, attrs: &Attrs) -> Event<'a> {
    let mut html = String::from("<a");
    if let Event::Start(Tag::Link {
        dest_url, title, ..
    }) = start
    {
        html.push_str(" href=\"");
        escape_into(&mut html, dest_url);
        html.push('"');
        if !title.is_empty() {
            html.push_str(" title=\"");
            escape_into(&mut html, title);
            html.push('"');
        }
    }
    attrs.write(&mut html);
    html.push('>');
    Event::Html(html.into())
}

/// Attributes from an attr list.
#[derive(Debug, Default)]
struct Attrs {
    id: Option<String>,
    classes: Vec<String>,
    others: Vec<(String, String)>,
}

impl Attrs {
    fn merge(&mut self, other: Attrs) {
        if other.id.is_some() {
            self.id = other.id;
        }
        self.classes.extend(other.classes);
        self.others.extend(other.others);
    }

    /// Writes ` class=".." id=".." key=".."` (the id only when not taken out before).
    fn write(&self, html: &mut String) {
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
        for (k, v) in &self.others {
            html.push(' ');
            escape_into(html, k);
            html.push_str("=\"");
            escape_into(html, v);
            html.push('"');
        }
    }
}

/// Parses `{: #id .class key=value key="v w" }` (the colon is optional).
fn parse_attr_list(s: &str) -> Option<Attrs> {
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
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return i,
            _ => {}
        }
    }
    s.len()
}

/// Takes a trailing ` { ... }` attr list off a heading's text.
fn take_trailing_attrs(text: &mut CowStr<'_>) -> Option<Attrs> {
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
fn take_inline_attrs(text: &mut CowStr<'_>) -> Option<Attrs> {
    if !text.starts_with('{') {
        return None;
    }
    let close = text.find('}')?;
    let attrs = parse_attr_list(&text[..=close])?;
    let kept = text[close + 1..].to_owned();
    *text = kept.into();
    Some(attrs)
}
