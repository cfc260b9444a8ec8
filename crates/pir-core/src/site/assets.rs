//! Images of a PIR: where the site keeps them, and storing a pasted or dropped one there.
//!
//! The folder follows the site: the images the existing PIRs show are looked at, and the
//! folder most of them are in (`assets/<pir>/` under the docs folder, `img/` beside the PIRs,
//! ...) is where a new image of a PIR goes, with the PIR's own file name put where the other
//! PIRs' names were. A site without images gets `assets/<pir>/` in the docs folder;
//! `images_folder` in `.pir.toml` says otherwise.
//!
//! An image is written atomically under a name made from its own (slugged, `-2`, `-3`... on a
//! clash), never outside the docs folder, and the markdown to insert is returned with the
//! link written relative to the PIR. A PIR's changes in git include the images it shows
//! ([`crate::git::changes`]), so the image is committed with the PIR.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};
use serde::{Deserialize, Serialize};

use super::Site;
use super::link_targets::relative_link;
use super::links::decode;
use crate::error::{CoreError, ErrorKind, Result};
use crate::fsio::{self, WriteMode};

/// The largest image stored (a screenshot or graph is well under this).
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// The folder pattern used when the site's PIRs show no image yet, relative to the docs folder.
pub const DEFAULT_FOLDER: &str = "assets/{pir}";

/// An image stored for a PIR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredImage {
    /// The image's file.
    pub path: PathBuf,
    /// The link to it from the PIR (`../assets/2026-01-10-dns-outage/graph.png`).
    pub link: String,
    /// The markdown to insert (`![graph](../assets/2026-01-10-dns-outage/graph.png)`).
    pub markdown: String,
}

/// The image links of a page's markdown, as written (`../assets/x.png`).
pub fn image_links(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, crate::render::parser_options())
        .filter_map(|e| match e {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
        .collect()
}

/// The file an image link of the page `page` names, when it is a file of the site's docs
/// folder (not a web address, not outside).
pub fn image_file(site: &Site, page: &Path, link: &str) -> Option<PathBuf> {
    let link = link.split(['#', '?']).next()?;
    if link.is_empty() || link.contains(':') {
        return None;
    }
    let docs = site.docs_dir();
    let decoded = decode(link);
    let base = if decoded.starts_with('/') {
        docs.clone()
    } else {
        page.parent()?.to_path_buf()
    };
    let file = fsio::lexical_path(&base.join(decoded.trim_start_matches('/')))?;
    (file.starts_with(&docs) && site.is_inside(&file)).then_some(file)
}

/// Where the images of the PIR `pir` go: `images_folder` of `.pir.toml`, else the folder
/// learnt from the site ([`learnt_folder`]), `{pir}` standing for the PIR's file name without
/// `.md`.
pub fn folder_pattern(site: &Site) -> String {
    match &site.overrides.images_folder {
        Some(folder) => folder.trim_matches('/').to_string(),
        None => learnt_folder(site).map_or_else(|| DEFAULT_FOLDER.to_string(), |l| l.folder),
    }
}

/// The folder most images of a site's PIRs are in, and how many that is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearntFolder {
    /// Relative to the docs folder, `{pir}` standing for the PIR's file name without `.md`.
    pub folder: String,
    /// How many of the images the PIRs show are in it.
    pub images: usize,
    /// How many images the PIRs show from the docs folder.
    pub total: usize,
}

/// The folder that most images of the site's PIRs are in; `None` when no PIR shows an image
/// from the docs folder (then [`DEFAULT_FOLDER`] is used). The first PIR's folder wins a tie.
/// What the site profile shows as `images_folder` when `.pir.toml` does not say.
pub fn learnt_folder(site: &Site) -> Option<LearntFolder> {
    let docs = site.docs_dir();
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    let mut total = 0;
    for (order, pir) in site.pir_files().unwrap_or_default().iter().enumerate() {
        let Ok(text) = fsio::read_string(pir) else {
            continue;
        };
        // Most PIRs show no image: no need to parse them.
        if !text.contains("![") {
            continue;
        }
        let stem = stem_of(pir);
        for link in image_links(&text) {
            let Some(file) = image_file(site, pir, &link) else {
                continue;
            };
            let Some(folder) = file.parent().and_then(|f| f.strip_prefix(&docs).ok()) else {
                continue;
            };
            let pattern = folder
                .components()
                .map(|c| {
                    let part = c.as_os_str().to_string_lossy();
                    if part == stem {
                        "{pir}".to_string()
                    } else {
                        part.into_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            total += 1;
            counts.entry(pattern).or_insert((0, order)).0 += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(folder, (images, _))| LearntFolder {
            folder,
            images,
            total,
        })
}

/// The folder the images of `pir` go to (see [`folder_pattern`]).
pub fn image_folder(site: &Site, pir: &Path) -> Result<PathBuf> {
    let pattern = folder_pattern(site).replace("{pir}", &stem_of(pir));
    let folder = if pattern.is_empty() {
        site.docs_dir()
    } else {
        site.docs_dir().join(&pattern)
    };
    if !pattern.is_empty() && !super::confine::is_plain_relative(&pattern) {
        return Err(CoreError::new(
            ErrorKind::UnsafePath,
            format!("the images folder `{pattern}` leads out of the docs folder"),
        ));
    }
    site.ensure_inside(&folder, "the images folder")?;
    Ok(folder)
}

/// Stores `bytes`, an image pasted or dropped into the PIR `pir`, in the PIR's images folder,
/// and gives the markdown to insert.
///
/// The file name comes from `name` (the dropped file's, slugged: `Screen Shot 1.PNG` →
/// `screen-shot-1.png`), else `image`, with the extension of the image's format; `-2`,
/// `-3`... is added when the name is taken. Only PNG, JPEG, GIF, WebP and SVG images are
/// taken, known by their bytes (a PNG named `.jpg` is stored as `.png`; `mime` and the name
/// only tell an SVG, which is text). Refused: an empty image, one over [`MAX_IMAGE_BYTES`],
/// a PIR outside the site.
pub fn store_image(
    site: &Site,
    pir: &Path,
    bytes: &[u8],
    name: Option<&str>,
    mime: Option<&str>,
) -> Result<StoredImage> {
    site.ensure_inside(pir, "the PIR")?;
    if bytes.is_empty() {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "the image is empty",
        ));
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(CoreError::new(
            ErrorKind::TooLarge,
            format!(
                "the image is {} KiB; images over {} MiB are not stored in the site",
                bytes.len() / 1024,
                MAX_IMAGE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let ext = sniff(bytes)
        .or_else(|| is_svg(bytes, name, mime).then_some("svg"))
        .ok_or_else(|| {
            CoreError::new(
                ErrorKind::InvalidInput,
                "not an image PIR Editor stores (PNG, JPEG, GIF, WebP or SVG)",
            )
        })?;
    let stem = name
        .and_then(|n| Path::new(n).file_stem())
        .map(|s| file_slug(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "image".to_string());
    let folder = image_folder(site, pir)?;
    std::fs::create_dir_all(&folder)
        .map_err(|e| CoreError::io("cannot create the images folder", &folder, &e))?;
    site.ensure_inside(&folder, "the images folder")?;
    let mut n = 1;
    let path = loop {
        let file = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = folder.join(file);
        match fsio::write_atomic(&path, bytes, WriteMode::CreateNew) {
            Ok(_) => break path,
            Err(e) if e.kind == ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let link = relative_link(pir.parent().unwrap_or(&folder), &path);
    let alt = stem.replace('-', " ");
    Ok(StoredImage {
        markdown: format!("![{alt}]({link})"),
        link,
        path,
    })
}

/// The PIR's file name without `.md`.
fn stem_of(pir: &Path) -> String {
    pir.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A file name's stem made safe: lowercase ASCII letters, digits and single hyphens, at most
/// 60 characters.
fn file_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The extension of an image format by its first bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("jpg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

/// Whether the image is an SVG: named or typed so, and its text holds an `<svg` element.
pub(crate) fn is_svg(bytes: &[u8], name: Option<&str>, mime: Option<&str>) -> bool {
    let said = name
        .and_then(|n| Path::new(n).extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
        || mime.is_some_and(|m| m.trim().eq_ignore_ascii_case("image/svg+xml"));
    said && std::str::from_utf8(bytes).is_ok_and(|t| t.contains("<svg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_slugged() {
        assert_eq!(
            file_slug("Screen Shot 2026-01-10 at 10.00.00"),
            "screen-shot-2026-01-10-at-10-00-00"
        );
        assert_eq!(file_slug("é"), "");
    }
}
