//! The preview's own image URLs: a PIR's image files shown through the app's image scheme.
//!
//! The preview lives in the app's webview (`tauri://localhost`), so an image written
//! `../assets/graph.png` would be looked for among the app's own files and never found. The
//! desktop shell serves the site's images under one URL scheme, [`SCHEME`], and the preview
//! names them there: after a page is rendered and sanitised, [`rewrite_sources`] replaces the
//! `src` of each `<img>` with the URL its caller gives (`pir-image://localhost/docs/a/graph.png`),
//! and leaves any other `src` as it was (then the image stays broken, as before).
//!
//! A page never names this scheme itself: it is not among the sanitizer's allowed schemes,
//! so a `pir-image:` URL written in a page is dropped with the other unknown schemes before
//! the rewrite runs, and only URLs the caller made from a page's relative paths are ever
//! shown. The rewrite runs after the sanitizer on purpose: it only ever turns the value of
//! an `src` attribute the sanitizer kept into a URL of [`SCHEME`].
//!
//! The walk reads the tags the way an HTML5 tokenizer does (quoted and unquoted attribute
//! values, `/` between attributes), which is enough for the sanitised output: it has no
//! comments, raw-text elements or unescaped `<` in text. Pages without an `<img` are not
//! walked at all, so most renders cost nothing more.

use std::borrow::Cow;

/// The URL scheme the desktop shell serves a site's image files under, and the one scheme
/// besides the app's own that the window's CSP lets images load from (`img-src`).
pub const SCHEME: &str = "pir-image";

/// How a URL of [`SCHEME`] starts on this platform: `pir-image://localhost/` where the
/// webview takes custom schemes as they are (Linux, macOS), `http://pir-image.localhost/`
/// where it maps them to a local host (Windows, Android), as Tauri does.
pub fn url_base() -> String {
    if cfg!(any(windows, target_os = "android")) {
        format!("http://{SCHEME}.localhost/")
    } else {
        format!("{SCHEME}://localhost/")
    }
}

/// The URL of [`SCHEME`] naming the file whose path, relative to the repository, is
/// `segments` (each a file or folder name): each name percent-encoded, so a space or `#` in a
/// name stays part of it.
pub fn url_of<'a>(segments: impl IntoIterator<Item = &'a str>) -> String {
    let mut url = url_base();
    for (i, segment) in segments.into_iter().enumerate() {
        if i > 0 {
            url.push('/');
        }
        for b in segment.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                url.push(b as char);
            } else {
                url.push_str(&format!("%{b:02X}"));
            }
        }
    }
    url
}

/// Whether `url` is a URL of [`SCHEME`] as [`url_of`] writes it (the base, then only
/// unreserved characters, `/` and percent escapes): what the preview's `<img src>` may hold
/// besides what [`super::sanitize::url_allowed`] allows.
pub fn is_image_url(url: &str) -> bool {
    url.strip_prefix(url_base().as_str()).is_some_and(|rest| {
        rest.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b'%')
        })
    })
}

/// `html` (a sanitised render) with the `src` of each `<img>` replaced by `url_of(src)` when
/// that gives a URL; `src` is given as the webview reads it (character references decoded).
/// Other tags and attributes are kept byte for byte; without an `<img` the page is returned
/// as it is, unread.
pub fn rewrite_sources(html: String, mut url_of: impl FnMut(&str) -> Option<String>) -> String {
    if memchr::memmem::find(html.as_bytes(), b"<img").is_none() {
        return html;
    }
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 256);
    let mut copied = 0;
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[pos..]).map(|n| pos + n) {
        let Some(tag) = read_tag(bytes, lt) else {
            pos = lt + 1;
            continue;
        };
        if tag.is_img {
            if let Some((start, end)) = tag.src {
                let src = decode_references(&html[start..end]);
                if let Some(url) = url_of(&src) {
                    out.push_str(&html[copied..start]);
                    super::escape_into(&mut out, &url);
                    copied = end;
                }
            }
        }
        pos = tag.end;
    }
    out.push_str(&html[copied..]);
    out
}

/// A start or end tag found by [`read_tag`].
struct TagRead {
    /// Whether it is an `<img>` start tag.
    is_img: bool,
    /// The byte range of the first `src` attribute's value (without quotes).
    src: Option<(usize, usize)>,
    /// The byte just past the tag's `>` (or the end of the page).
    end: usize,
}

/// Reads the tag starting at `lt` (a `<`): `None` when the `<` opens no tag (text such as
/// `< 5`). A tag is read to its `>`, attribute values skipped by their quotes as the HTML5
/// tokenizer does.
fn read_tag(bytes: &[u8], lt: usize) -> Option<TagRead> {
    let mut i = lt + 1;
    let end_tag = bytes.get(i) == Some(&b'/');
    if end_tag {
        i += 1;
    }
    if !bytes.get(i)?.is_ascii_alphabetic() {
        // `<!...>` and `<?...>` are not in a sanitised page; anything else is text.
        return None;
    }
    let name_start = i;
    while i < bytes.len() && !is_tag_break(bytes[i]) {
        i += 1;
    }
    let is_img = !end_tag && bytes[name_start..i].eq_ignore_ascii_case(b"img");
    let mut src = None;
    loop {
        // Between attributes: spaces and `/`.
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => {
                return Some(TagRead {
                    is_img,
                    src,
                    end: i,
                });
            }
            Some(b'>') => {
                return Some(TagRead {
                    is_img,
                    src,
                    end: i + 1,
                });
            }
            _ => {}
        }
        // The attribute's name runs to a space, `/`, `>` or `=` (a first `=` belongs to it).
        let name_at = i;
        i += 1;
        while i < bytes.len() && !is_tag_break(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        let name = &bytes[name_at..i];
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let (start, stop, next) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = memchr::memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |n| i + 1 + n);
                (i + 1, close, (close + 1).min(bytes.len()))
            }
            _ => {
                let mut j = i;
                while j < bytes.len() && !is_space(bytes[j]) && bytes[j] != b'>' {
                    j += 1;
                }
                (i, j, j)
            }
        };
        if src.is_none() && name.eq_ignore_ascii_case(b"src") {
            src = Some((start, stop));
        }
        i = next;
    }
}

/// HTML's whitespace in tags: tab, line feed, form feed, carriage return, space.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// What ends a tag's name or an attribute's name.
fn is_tag_break(b: u8) -> bool {
    is_space(b) || b == b'/' || b == b'>'
}

/// An attribute value with its character references decoded as the webview decodes them:
/// the ones a sanitised page holds (`&amp;`, `&quot;`, `&lt;`, `&gt;`, `&#39;`, numeric ones);
/// any other `&` is kept as it is.
fn decode_references(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_x(src: &str) -> Option<String> {
        src.strip_prefix("ok/").map(|s| format!("X:{s}"))
    }

    #[test]
    fn only_img_sources_are_rewritten_and_the_rest_is_kept() {
        let html = concat!(
            "<p><a href=\"ok/a.png\">ok/a.png</a> <img alt=\"x src=ok/no\" src=\"ok/a&amp;b.png\">",
            "<IMG SRC='ok/c.png' title=\"<img src=ok/d.png>\"/>",
            "<img src=ok/e.png><img src=\"other.png\"><img src=\"ok/f.png\" src=\"ok/g.png\">",
            "</img> 1 < 2 <img\nsrc\n=\n\"ok/h.png\"></p>"
        )
        .to_string();
        let got = rewrite_sources(html, to_x);
        assert_eq!(
            got,
            concat!(
                "<p><a href=\"ok/a.png\">ok/a.png</a> <img alt=\"x src=ok/no\" src=\"X:a&amp;b.png\">",
                "<IMG SRC='X:c.png' title=\"<img src=ok/d.png>\"/>",
                "<img src=X:e.png><img src=\"other.png\"><img src=\"X:f.png\" src=\"ok/g.png\">",
                "</img> 1 < 2 <img\nsrc\n=\n\"X:h.png\"></p>"
            )
        );
    }

    #[test]
    fn a_page_without_images_is_returned_unread() {
        let html = "<p>no images, <a href=\"x.png\">a link</a></p>".to_string();
        assert_eq!(
            rewrite_sources(html.clone(), |_| Some("never".into())),
            html
        );
    }

    #[test]
    fn urls_name_each_segment_encoded() {
        let url = url_of(["docs", "assets", "Flow chart #1.png"]);
        assert!(
            url.ends_with("docs/assets/Flow%20chart%20%231.png"),
            "{url}"
        );
        assert!(is_image_url(&url));
        assert!(!is_image_url("pir-image://localhost/a\"onerror=x"));
        assert!(!is_image_url("javascript:alert(1)"));
    }

    #[test]
    fn references_decode_as_the_webview_reads_them() {
        assert_eq!(
            decode_references("a&amp;b&#47;c&#x2F;d&nope;&"),
            "a&b/c/d&nope;&"
        );
    }
}
