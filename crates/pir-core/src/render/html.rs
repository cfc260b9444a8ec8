//! CommonMark to HTML with the site's additions: heading ids and permalinks (toc), attr_list
//! attributes, the highlight code-block shape, and the stashed blocks put back.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::attrs::{Attrs, parse_attr_list, take_inline_attrs, take_trailing_attrs};
use super::blocks::{PH_END, PH_START, code_html, safe_lang};
use super::sanitize::url_allowed;
use super::slug::slugify;
use super::{Ctx, escape_into, parser_options_for};

/// Renders `cm` (CommonMark with placeholders) to HTML, placeholders replaced.
///
/// The events are rewritten in place (consumed ones become [`EMPTY`]) and then written by
/// pulldown-cmark's own HTML writer.
pub(super) fn to_html(cm: &str, ctx: &mut Ctx) -> String {
    // Sized from the text (the 77 KB PIR, its code blocks stashed, has about one event per
    // 10 bytes) rather than regrown from nothing, which copied it a dozen times per render. (Under glibc's malloc
    // the fresh large block was mapped and faulted in on every render and cost more than it
    // saved; the binaries' allocator keeps freed memory, see docs/benchmarks.md.)
    let mut events: Vec<Event<'_>> = Vec::with_capacity(cm.len() / 8);
    events.extend(Parser::new_ext(cm, parser_options_for(cm)));
    let mut link_start = None;
    let loose_items = std::mem::take(&mut ctx.loose_items);
    let mut next_item = 0;
    // Per open container: false for a list item whose paragraphs lose their <p>.
    let mut wrap: Vec<bool> = Vec::new();
    let mut item_starts: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let event = std::mem::replace(&mut events[i], EMPTY);
        events[i] = match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let end = (i + 1..events.len())
                    .find(|&k| matches!(events[k], Event::End(TagEnd::Heading(_))))
                    .unwrap_or(events.len());
                let html = heading(level, id, classes, &mut events[i + 1..end], ctx);
                blank(&mut events, i + 1, end + 1);
                events[i] = Event::Html(html.into());
                i = end + 1;
                continue;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next(),
                    CodeBlockKind::Indented => None,
                };
                // One text event per line: the code is joined into a string sized once.
                let k = (i + 1..events.len())
                    .find(|&k| !matches!(events[k], Event::Text(_)))
                    .unwrap_or(events.len());
                let mut text = String::with_capacity(text_len(&events[i + 1..k]));
                for e in &events[i + 1..k] {
                    if let Event::Text(t) = e {
                        text.push_str(t);
                    }
                }
                if text.contains(PH_START) {
                    text = restore_fences(&text, ctx);
                }
                let html = code_html(
                    lang,
                    None,
                    text.strip_suffix('\n').unwrap_or(&text).split('\n'),
                );
                blank(&mut events, i + 1, k + 1);
                events[i] = Event::Html(html.into());
                i = k + 1;
                continue;
            }
            Event::Start(Tag::Item) => {
                wrap.push(loose_items.get(next_item).copied().unwrap_or(true));
                next_item += 1;
                item_starts.push(i);
                event
            }
            Event::End(TagEnd::Item) => {
                wrap.pop();
                if let Some(start) = item_starts.pop() {
                    item_attrs(&mut events, start, i);
                }
                event
            }
            Event::Start(Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                wrap.push(true);
                event
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                wrap.pop();
                event
            }
            Event::Start(Tag::Paragraph) if wrap.last() == Some(&false) => {
                if let Some(end) = (i + 1..events.len())
                    .find(|&k| matches!(events[k], Event::End(TagEnd::Paragraph)))
                {
                    // A tight item's text, written bare; a paragraph after it in the same
                    // item starts on a new line.
                    let next_is_para =
                        matches!(events.get(end + 1), Some(Event::Start(Tag::Paragraph)));
                    events[end] = if next_is_para {
                        Event::SoftBreak
                    } else {
                        EMPTY
                    };
                }
                EMPTY
            }
            Event::Start(Tag::Paragraph) => paragraph_start(&mut events, i),
            Event::Code(code) => inline_code(code),
            Event::Html(h) | Event::InlineHtml(h) if h.trim_start().starts_with("<!--") => {
                match comment_end(&events, i, &h) {
                    // An HTML comment shows nothing, here or on the site; dropping it keeps
                    // the page off the sanitizer path.
                    Some(end) => {
                        blank(&mut events, i + 1, end + 1);
                        i = end + 1;
                        continue;
                    }
                    None => secure(Event::Html(h), ctx),
                }
            }
            Event::Start(Tag::Link { .. }) => {
                link_start = Some(i);
                secure(event, ctx)
            }
            Event::End(TagEnd::Link) => {
                join_text(&mut events, i + 1);
                let attrs = match (link_start.take(), events.get_mut(i + 1)) {
                    (Some(s), Some(Event::Text(t))) => take_inline_attrs(t).map(|a| (s, a)),
                    _ => None,
                };
                match attrs {
                    Some((s, attrs)) => {
                        events[s] = link_open(&events[s], &attrs);
                        Event::Html("</a>".into())
                    }
                    None => event,
                }
            }
            event => secure(event, ctx),
        };
        i += 1;
    }
    let mut html = String::with_capacity(cm.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Bodies render while the page's blocks are walked (depth > 0); the page itself last.
    let top = ctx.depth == 0;
    expand(html, ctx, top)
}

/// The index of the last event of the HTML comment starting in `first` (at `events[start]`),
/// when nothing but white space follows its `-->`; pulldown-cmark gives one event per line.
fn comment_end(events: &[Event<'_>], start: usize, first: &str) -> Option<usize> {
    let mut k = start;
    let mut text = first.trim_start().strip_prefix("<!--")?;
    loop {
        if let Some(at) = text.find("-->") {
            return text[at + 3..].trim().is_empty().then_some(k);
        }
        k += 1;
        match events.get(k) {
            Some(Event::Html(h)) => text = h,
            _ => return None,
        }
    }
}

/// Inline tags without attributes that cannot carry script (`<br>`, `<kbd>`, `</sup>`...):
/// common in tables and notes, and not worth sending the whole page through the sanitizer.
fn plain_inline_tag(html: &str) -> bool {
    const TAGS: &[&str] = &[
        "br", "b", "i", "em", "strong", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
        "kbd", "code", "span", "abbr", "cite", "q", "var", "samp", "wbr",
    ];
    let Some(inner) = html.strip_prefix('<').and_then(|h| h.strip_suffix('>')) else {
        return false;
    };
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
    TAGS.iter().any(|t| t.eq_ignore_ascii_case(inner))
}

/// Inline code; `` `#!lang code` `` (pymdownx.inlinehilite) gets the language as a class.
fn inline_code(code: CowStr<'_>) -> Event<'_> {
    let Some((lang, text)) = code.strip_prefix("#!").and_then(|c| c.split_once(' ')) else {
        return Event::Code(code);
    };
    if !safe_lang(lang) {
        return Event::Code(code);
    }
    let mut html = String::from("<code class=\"language-");
    escape_into(&mut html, lang);
    html.push_str(" highlight\">");
    super::highlight::highlight_inline(&mut html, lang, text);
    html.push_str("</code>");
    Event::Html(html.into())
}

/// Code text with each fenced-block placeholder line replaced by the fence's source, indented
/// as the placeholder was.
fn restore_fences(text: &str, ctx: &Ctx) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let source = line.find(PH_START).and_then(|p| {
            let key = line[p + PH_START.len_utf8()..]
                .trim_end()
                .strip_suffix(PH_END)?;
            let n = key.parse::<usize>().ok()?;
            Some((&line[..p], ctx.fence_sources.get(&n)?))
        });
        match source {
            Some((prefix, source)) => {
                for src in source.split('\n') {
                    out.push_str(prefix);
                    out.push_str(src);
                    out.push('\n');
                }
            }
            None => out.push_str(line),
        }
    }
    out
}

/// An event that writes nothing, standing where consumed events were. (Empty HTML rather
/// than empty text: the writer then still knows it is at the start of a line.)
const EMPTY: Event<'static> = Event::Html(CowStr::Borrowed(""));

/// Joins the text events from `from` on into the first: pulldown-cmark splits text at
/// characters that might have started markup (`_`, `[`...), and an attr list must be read whole.
fn join_text(events: &mut [Event<'_>], from: usize) {
    let mut end = from;
    while matches!(events.get(end), Some(Event::Text(_))) {
        end += 1;
    }
    if end - from < 2 {
        return;
    }
    let mut joined = String::new();
    for event in &mut events[from..end] {
        if let Event::Text(t) = std::mem::replace(event, EMPTY) {
            joined.push_str(&t);
        }
    }
    events[from] = Event::Text(joined.into());
}

/// The length of the text and code in `events`, to size the string they are joined into.
fn text_len(events: &[Event<'_>]) -> usize {
    events
        .iter()
        .map(|e| match e {
            Event::Text(t) | Event::Code(t) => t.len(),
            _ => 0,
        })
        .sum()
}

/// Empties `events[from..to]` (clamped to the slice).
fn blank(events: &mut [Event<'_>], from: usize, to: usize) {
    let to = to.min(events.len());
    if from < to {
        events[from..to].fill(EMPTY);
    }
}

/// Inline markdown (a title or tab label) without the paragraph around it; text that would
/// parse as a block (`1. Step`) is shown as it is, since titles are inline-only on the site.
pub(super) fn inline(text: &str, ctx: &mut Ctx) -> String {
    let mut events = Parser::new_ext(text, parser_options_for(text)).peekable();
    if !matches!(events.peek(), Some(Event::Start(Tag::Paragraph))) {
        let mut html = String::new();
        escape_into(&mut html, text);
        return html;
    }
    let mut html = String::new();
    let events: Vec<Event<'_>> = events.map(|e| secure(e, ctx)).collect();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let t = html.trim_end();
    t.strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
        .unwrap_or(t)
        .to_owned()
}

/// The event, made safe to show: links and images with a URL whose scheme could run script
/// lose the URL, and raw HTML marks the page for the sanitizer.
fn secure<'a>(event: Event<'a>, ctx: &mut Ctx) -> Event<'a> {
    match event {
        Event::InlineHtml(ref h) if plain_inline_tag(h) => event,
        Event::Html(ref h) | Event::InlineHtml(ref h) if !h.is_empty() => {
            ctx.raw_html = true;
            event
        }
        Event::Start(Tag::Link { ref dest_url, .. }) if !url_allowed(dest_url) => {
            Event::Html("<a>".into())
        }
        Event::Start(Tag::Image {
            link_type,
            ref dest_url,
            title,
            id,
        }) if !url_allowed(dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: "".into(),
            title,
            id,
        }),
        event => event,
    }
}

/// Puts the stashed HTML back in place of its placeholders (a placeholder alone in a
/// paragraph replaces the paragraph) and, for the page itself (`top`), turns the heading id
/// placeholders into unique ids, numbering repeats in page order: one pass over the page.
fn expand(html: String, ctx: &mut Ctx, top: bool) -> String {
    if !html.contains(PH_START) {
        return html;
    }
    let mut ids: Vec<Option<String>> = if top {
        vec![None; ctx.heading_slugs.len()]
    } else {
        Vec::new()
    };
    // The page gets room for everything put back, so that it is not copied as it grows.
    let extra = if top {
        ctx.stash.iter().map(String::len).sum()
    } else {
        html.len() / 4
    };
    let mut out = String::with_capacity(html.len() + extra);
    expand_into(&mut out, &html, ctx, top, &mut ids, &mut Markup::default());
    out
}

/// Where the end of the HTML written so far stands: in text, in a tag, or in a quoted
/// attribute value. Read up to `scanned` bytes of the output.
#[derive(Default)]
struct Markup {
    state: MarkupState,
    scanned: usize,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum MarkupState {
    #[default]
    Text,
    Tag,
    Quoted(u8),
}

impl Markup {
    /// Whether the end of `out` is inside a tag (an attribute value, say) rather than in text.
    ///
    /// Read as the webview's tokenizer reads the renderer's own markup (`<` + letter or `/`
    /// opens a tag, quotes delimit values); raw HTML, which this may misread, sends the page
    /// through the sanitizer anyway.
    fn in_tag(&mut self, out: &str) -> bool {
        let bytes = out.as_bytes();
        let mut at = self.scanned.min(bytes.len());
        loop {
            let rest = &bytes[at..];
            let found = match self.state {
                MarkupState::Text => memchr::memchr(b'<', rest),
                MarkupState::Tag => memchr::memchr3(b'>', b'"', b'\'', rest),
                MarkupState::Quoted(q) => memchr::memchr(q, rest),
            };
            let Some(k) = found else { break };
            at += k + 1;
            self.state = match (self.state, bytes[at - 1]) {
                (MarkupState::Text, _) => match bytes.get(at) {
                    Some(b) if b.is_ascii_alphabetic() || *b == b'/' => MarkupState::Tag,
                    _ => MarkupState::Text,
                },
                (MarkupState::Tag, b'>') => MarkupState::Text,
                (MarkupState::Tag, q) => MarkupState::Quoted(q),
                (MarkupState::Quoted(_), _) => MarkupState::Tag,
            };
        }
        self.scanned = bytes.len();
        self.state != MarkupState::Text
    }
}

fn expand_into(
    out: &mut String,
    text: &str,
    ctx: &mut Ctx,
    top: bool,
    ids: &mut [Option<String>],
    markup: &mut Markup,
) {
    let mut rest = text;
    // The memchr crate's search (vectorised) rather than `str::find`'s.
    while let Some(p) = memchr::memchr(PH_START as u8, rest.as_bytes()) {
        let after = &rest[p + PH_START.len_utf8()..];
        let Some(e) = after.find(PH_END) else { break };
        let key = &after[..e];
        let tail = &after[e + PH_END.len_utf8()..];
        if let Some(n) = key.strip_prefix('#') {
            // A heading id: final only once the whole page is known.
            if !top {
                out.push_str(&rest[..p + PH_START.len_utf8() + e + PH_END.len_utf8()]);
            } else {
                out.push_str(&rest[..p]);
                if let Some(slot) = n.parse::<usize>().ok().and_then(|n| {
                    ids.get_mut(n)
                        .map(|slot| (slot, std::mem::take(&mut ctx.heading_slugs[n])))
                }) {
                    let (slot, base) = slot;
                    let id = slot.get_or_insert_with(|| ctx.slugs.unique(base));
                    escape_into(out, id);
                }
            }
            rest = tail;
            continue;
        }
        let Some((n, stashed)) = key
            .parse::<usize>()
            .ok()
            .and_then(|n| Some((n, std::mem::take(ctx.stash.get_mut(n)?))))
        else {
            out.push_str(&rest[..p + PH_START.len_utf8()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..p]);
        if markup.in_tag(out) {
            // A fence inside a multi-line image alt or link title lands in the attribute:
            // its source goes there as text, never its HTML, which would close the quote.
            let source = ctx.fence_sources.get(&n).unwrap_or(&stashed);
            escape_attribute(out, source);
            rest = tail;
            continue;
        }
        out.truncate(out.len() - p);
        if rest[..p].ends_with("<p>") && tail.starts_with("</p>") {
            out.push_str(&rest[..p - 3]);
            rest = tail[4..].strip_prefix('\n').unwrap_or(&tail[4..]);
        } else {
            out.push_str(&rest[..p]);
            rest = tail;
        }
        if top {
            // Stashed bodies still hold heading id placeholders.
            expand_into(out, &stashed, ctx, top, ids, markup);
        } else {
            out.push_str(&stashed);
        }
    }
    out.push_str(rest);
}

/// `text` escaped for any attribute value, single-quoted ones too.
fn escape_attribute(out: &mut String, text: &str) {
    let mut escaped = String::with_capacity(text.len());
    escape_into(&mut escaped, text);
    out.push_str(&escaped.replace('\'', "&#39;"));
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
    let mut k = inner.len();
    while k > 0 && matches!(inner[k - 1], Event::Text(_)) {
        k -= 1;
    }
    join_text(inner, k);
    let after_link = k > 0 && matches!(inner[k - 1], Event::End(TagEnd::Link));
    if after_link {
        // `## [text](url){ .class }`: the attr list belongs to the link, not the heading.
        let start = (0..k)
            .rev()
            .find(|&s| matches!(inner[s], Event::Start(Tag::Link { .. })));
        let found = match inner.get_mut(k) {
            Some(Event::Text(t)) => take_inline_attrs(t),
            _ => None,
        };
        if let (Some(s), Some(found)) = (start, found) {
            inner[s] = link_open(&inner[s], &found);
            inner[k - 1] = Event::Html("</a>".into());
        }
    } else if let Some(Event::Text(t)) = inner.get_mut(k)
        && let Some(found) = take_trailing_attrs(t)
    {
        attrs.merge(found);
    }
    let mut text = String::with_capacity(text_len(inner));
    for e in inner.iter() {
        if let Event::Text(t) | Event::Code(t) = e {
            text.push_str(t);
        }
    }
    // Generated ids are numbered once the whole page is rendered (see `expand`): bodies of
    // admonitions and tabs are rendered before the text around them, and toc numbers repeats
    // in page order, after reserving every explicit id.
    let id = match attrs.id.take() {
        Some(id) => {
            ctx.slugs.reserve(&id);
            id
        }
        None => {
            ctx.heading_slugs.push(slugify(&text));
            format!("{PH_START}#{}{PH_END}", ctx.heading_slugs.len() - 1)
        }
    };
    let n = level as usize;
    // Sized once rather than regrown by each piece written below.
    let mut html = String::with_capacity(2 * id.len() + 2 * text.len() + 128);
    html.push_str(&format!("<h{n} id=\""));
    escape_into(&mut html, &id);
    html.push('"');
    attrs.write(&mut html);
    html.push('>');
    let inner: Vec<Event<'_>> = inner.iter().map(|e| secure(e.clone(), ctx)).collect();
    pulldown_cmark::html::push_html(&mut html, inner.into_iter());
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
    // The last line's text, which pulldown-cmark may have split.
    let mut k = end;
    while k > start + 1 && matches!(events[k - 1], Event::Text(_)) {
        k -= 1;
    }
    if k == end || k < start + 2 || !matches!(events[k - 1], Event::SoftBreak) {
        return Event::Start(Tag::Paragraph);
    }
    join_text(events, k);
    let Event::Text(t) = &events[k] else {
        return Event::Start(Tag::Paragraph);
    };
    let Some(attrs) = parse_attr_list(t.trim()) else {
        return Event::Start(Tag::Paragraph);
    };
    events[k - 1] = EMPTY;
    events[k] = EMPTY;
    let mut html = String::from("<p");
    attrs.write(&mut html);
    html.push('>');
    Event::Html(html.into())
}

/// An attr list on the last line of a list item's own text applies to the `<li>`, as
/// attr_list does (at the end of the first line it stays text there too).
fn item_attrs(events: &mut [Event<'_>], start: usize, end: usize) {
    // The item's own text ends where a nested list starts.
    let end = (start + 1..end)
        .find(|&k| matches!(events[k], Event::Start(Tag::List(_))))
        .unwrap_or(end);
    // Skip what a tight item's dropped paragraph tags left.
    let mut end = end;
    while end > start + 1 && matches!(&events[end - 1], Event::Html(h) if h.is_empty()) {
        end -= 1;
    }
    let mut k = end;
    while k > start + 1 && matches!(events[k - 1], Event::Text(_)) {
        k -= 1;
    }
    if k == end {
        return;
    }
    if !matches!(events[k - 1], Event::SoftBreak) {
        return;
    }
    join_text(events, k);
    let Event::Text(t) = &events[k] else {
        return;
    };
    let Some(attrs) = parse_attr_list(t.trim()) else {
        return;
    };
    events[k - 1] = EMPTY;
    events[k] = EMPTY;
    let mut html = String::from("<li");
    attrs.write(&mut html);
    html.push('>');
    events[start] = Event::Html(html.into());
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
