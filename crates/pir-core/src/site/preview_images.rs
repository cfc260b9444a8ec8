//! The images a PIR shows, in the editor's preview: which of a page's image paths may be
//! shown, and the bytes the desktop shell serves for them.
//!
//! The preview cannot load a site's files by their paths (it lives in the app's webview), so
//! the shell serves them under the app's image scheme ([`crate::render::images::SCHEME`]).
//! Two checks, one per side:
//!
//! - [`PreviewImages::url`], on every render: a page's image path is given a URL of the
//!   scheme only when it is relative, names an image file by its extension and, read from
//!   the page's own folder, lands inside the site's repository ([`super::confine::boundary`]).
//!   Web addresses, absolute paths, `data:` and every other scheme get none, and stay
//!   blocked. The check is by name only: nothing is read, so a keystroke costs no file access.
//! - [`serve`], for each image the webview loads: the URL's repository-relative path is
//!   resolved again, symlinks included, and served only when it is a regular file inside the
//!   repository, no larger than [`MAX_IMAGE_BYTES`], whose bytes are a PNG, JPEG, GIF or
//!   WebP image (or an SVG file holding an `<svg>` element). Anything else is refused.

use std::path::{Component, Path, PathBuf};

use super::assets::{MAX_IMAGE_BYTES, is_svg, sniff};
use super::confine;
use super::links::decode;
use crate::error::{CoreError, ErrorKind, Result};
use crate::fsio;
use crate::render::images;

/// The file extensions of the images the preview shows (compared without case).
pub const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// Where the images of one page are looked for: the repository holding the site, and the
/// page's folder, both resolved once when the page is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewImages {
    boundary: PathBuf,
    page_dir: PathBuf,
}

impl PreviewImages {
    /// The images of the page `page` (a PIR or another page of a site): `None` when it is not
    /// in a site (no `mkdocs.yml` above it) or its folder is outside the site's repository,
    /// and then no image of it is shown.
    pub fn for_page(page: &Path) -> Option<PreviewImages> {
        let folder = page.parent()?;
        let root = super::find_root(folder).ok()?;
        let boundary = confine::boundary(&root);
        let page_dir = confine::resolve(&std::path::absolute(folder).ok()?)?;
        page_dir
            .starts_with(&boundary)
            .then_some(PreviewImages { boundary, page_dir })
    }

    /// The repository the images are served from: what [`serve`] is given.
    pub fn boundary(&self) -> &Path {
        &self.boundary
    }

    /// The preview URL of the image the page names `src` (as the webview reads it, character
    /// references decoded): `None` unless `src` is a relative path (percent-escapes decoded, a
    /// `?query` or `#fragment` dropped) with an image extension that, read from the page's
    /// folder, stays inside the repository. Nothing is read from disk.
    pub fn url(&self, src: &str) -> Option<String> {
        let path = src.split(['#', '?']).next()?;
        // A scheme (`http:`, `data:`, `javascript:`, `pir-image:`...), an absolute or
        // network path (`/x`, `//host/x`), a backslash (read as `/` by browsers) or a control
        // character: never an image of the page's own folder.
        if path.is_empty()
            || path.contains(':')
            || path.starts_with('/')
            || path.contains('\\')
            || path.chars().any(char::is_control)
        {
            return None;
        }
        let decoded = decode(path);
        if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
            return None;
        }
        let file = fsio::lexical_path(&self.page_dir.join(&decoded))?;
        let rel = file.strip_prefix(&self.boundary).ok()?;
        let ext = rel.extension()?.to_str()?;
        if !IMAGE_EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)) {
            return None;
        }
        let segments: Vec<&str> = rel
            .components()
            .map(|c| match c {
                Component::Normal(n) => n.to_str(),
                _ => None,
            })
            .collect::<Option<_>>()?;
        Some(images::url_of(segments))
    }

    /// `html`, the page's sanitised render, with each image the page may show named by its
    /// preview URL ([`Self::url`]). Any other relative `src` (a path out of the repository,
    /// not an image's, absolute, `//host/...`) is emptied: the webview would read it against
    /// the app's own address. A web address is kept, and the window's CSP blocks it.
    pub fn rewrite(&self, html: String) -> String {
        images::rewrite_sources(html, |src| {
            self.url(src)
                .or_else(|| (!has_scheme(src)).then(String::new))
        })
    }
}

/// Whether `url` starts with a scheme, read as browsers read it: leading spaces and control
/// characters skipped, tabs and line breaks ignored, an ASCII letter then letters, digits,
/// `+`, `-` or `.` up to a `:`.
fn has_scheme(url: &str) -> bool {
    let mut chars = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    for c in chars {
        match c {
            ':' => return true,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {}
            _ => return false,
        }
    }
    false
}

/// An image file's bytes and content type, to serve to the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedImage {
    /// The whole file.
    pub bytes: Vec<u8>,
    /// Its content type, told by its bytes (`image/png`...).
    pub mime: &'static str,
}

/// The image at `url_path` (the path of a preview image URL, `/docs/assets/graph.png`, still
/// percent-encoded) in the repository `boundary`, to show in the preview.
///
/// Refused: a path with an empty, `.` or `..` segment or a separator inside a segment
/// ([`ErrorKind::UnsafePath`]); one that leads outside `boundary` once symlinks are followed
/// ([`ErrorKind::UnsafePath`]); a missing file ([`ErrorKind::NotFound`]); a folder, device,
/// pipe or socket, or a file whose bytes are not a PNG, JPEG, GIF, WebP or SVG image
/// ([`ErrorKind::InvalidInput`]); a file over [`MAX_IMAGE_BYTES`] ([`ErrorKind::TooLarge`]).
pub fn serve(boundary: &Path, url_path: &str) -> Result<ServedImage> {
    let boundary = std::fs::canonicalize(boundary)
        .map_err(|e| CoreError::io("cannot read the site's folder", boundary, &e))?;
    let unsafe_path = || {
        CoreError::new(
            ErrorKind::UnsafePath,
            format!("`{url_path}` is not a path of a file in the site's repository"),
        )
    };
    let mut file = boundary.clone();
    for segment in url_path.strip_prefix('/').unwrap_or(url_path).split('/') {
        let name = decode(segment);
        if name.is_empty()
            || name == "."
            || name == ".."
            || name.contains(['/', '\\', '\0'])
            || Path::new(&name).components().count() != 1
        {
            return Err(unsafe_path());
        }
        file.push(name);
    }
    let real = match std::fs::canonicalize(&file) {
        Ok(real) => real,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A symlink leading out counts as outside, whether or not its target exists.
            if confine::resolve(&file).is_some_and(|r| !r.starts_with(&boundary)) {
                return Err(unsafe_path().with_path(&file));
            }
            return Err(CoreError::new(ErrorKind::NotFound, "no such image").with_path(&file));
        }
        Err(e) => return Err(CoreError::io("cannot read the image", &file, &e)),
    };
    if !real.starts_with(&boundary) {
        return Err(CoreError::new(
            ErrorKind::UnsafePath,
            confine::outside_message(&boundary, "the image", Some(&real)),
        )
        .with_path(&file));
    }
    let bytes = read_image_file(&real)?;
    let mime = match sniff(&bytes) {
        Some("png") => "image/png",
        Some("jpg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        _ if is_svg(&bytes, real.file_name().and_then(|n| n.to_str()), None) => "image/svg+xml",
        _ => {
            return Err(CoreError::new(
                ErrorKind::InvalidInput,
                "not an image the preview shows (PNG, JPEG, GIF, WebP or SVG)",
            )
            .with_path(&file));
        }
    };
    Ok(ServedImage { bytes, mime })
}

/// The bytes of the regular file `path`, refused when it is anything else (a FIFO would block
/// the open, a device never ends) or over [`MAX_IMAGE_BYTES`], even if it grows while read.
fn read_image_file(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let limit = MAX_IMAGE_BYTES as u64;
    let meta =
        std::fs::metadata(path).map_err(|e| CoreError::io("cannot read the image", path, &e))?;
    if !meta.is_file() {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "not a regular file (a folder, device, pipe or socket): only image files are shown",
        )
        .with_path(path));
    }
    let too_large = || {
        CoreError::new(
            ErrorKind::TooLarge,
            format!(
                "the image is over {} MiB; the preview does not show it",
                MAX_IMAGE_BYTES / (1024 * 1024)
            ),
        )
        .with_path(path)
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let file =
        std::fs::File::open(path).map_err(|e| CoreError::io("cannot read the image", path, &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CoreError::io("cannot read the image", path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}
