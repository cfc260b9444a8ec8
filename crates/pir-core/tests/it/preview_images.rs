//! The images the preview shows (`site::preview_images`, `render::images`): a PIR's own image
//! files named by the app's image scheme, everything else a page names still blocked
//! (`fixtures/preview-images-site`, its `<img>` tags in `preview-images-site.snap`;
//! `PIR_BLESS=1` rewrites it), and the files served for those URLs: only images inside the
//! site's repository.

use std::path::{Path, PathBuf};

use pir_core::error::ErrorKind;
use pir_core::render::images::{SCHEME, url_base};
use pir_core::render::sanitize::hazard;
use pir_core::session::EditorSession;
use pir_core::site::Site;
use pir_core::site::assets::MAX_IMAGE_BYTES;
use pir_core::site::links::render_page;
use pir_core::site::preview_images::{PreviewImages, serve};

use crate::support;

const PIR: &str = "docs/incidents/2026-03-01-cache-stampede.md";

/// A canonical copy of `fixtures/preview-images-site` in a scratch folder (outside any git
/// repository, so the site's folder is its repository), with a file beside it the site
/// must never show.
fn site_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    support::copy_dir(&support::fixtures().join("preview-images-site"), &root);
    std::fs::write(tmp.path().join("secret.png"), png()).unwrap();
    (tmp, std::fs::canonicalize(&root).unwrap())
}

fn png() -> Vec<u8> {
    std::fs::read(support::fixtures().join("preview-images-site/docs/incidents/img/beside.png"))
        .unwrap()
}

/// The `<img>` tags of `html`, one a line, the platform's image URL base written `IMG:`.
fn img_tags(html: &str) -> String {
    html.split("<img")
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
            format!("<img{tag}>\n").replace(&url_base(), "IMG:")
        })
        .collect()
}

#[test]
fn the_preview_shows_the_pirs_own_images_and_blocks_the_rest() {
    let (_tmp, root) = site_copy();
    let html = EditorSession::open(root.join(PIR)).unwrap().preview().html;
    assert_eq!(hazard(&html), None);
    let site = Site::open(&root).unwrap();
    let page = render_page(&site, &root.join("docs/runbooks/cache.md")).unwrap();
    assert_eq!(hazard(&page), None);
    let got = format!(
        "# {PIR}\n{}\n# docs/runbooks/cache.md\n{}",
        img_tags(&html),
        img_tags(&page)
    );
    let snap = support::fixtures().join("preview-images-site.snap");
    if let Some(diff) = support::snapshot_mismatch(&snap, &got) {
        panic!("{diff}");
    }
    // Only the images of the site got the scheme: never the one the page wrote itself.
    assert_eq!(html.matches(&url_base()).count(), 7, "{got}");
    assert!(url_base().contains(SCHEME));
    assert!(
        !html.contains("javascript:") && !html.contains("data:"),
        "{html}"
    );
    // The rest of the page is what the renderer gives.
    let plain = pir_core::render::render(&std::fs::read_to_string(root.join(PIR)).unwrap());
    assert_eq!(html.matches("<img").count(), plain.matches("<img").count());
}

#[test]
fn a_page_outside_a_site_shows_no_image_and_keeps_its_render() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("2026-03-01-x.md");
    std::fs::write(&page, "# X\n\n![a](a.png)\n").unwrap();
    assert_eq!(PreviewImages::for_page(&page), None);
    let html = EditorSession::open(&page).unwrap().preview().html;
    assert_eq!(html, pir_core::render::render("# X\n\n![a](a.png)\n"));
}

#[test]
fn urls_are_given_by_name_only_to_relative_image_paths_inside_the_repository() {
    let (_tmp, root) = site_copy();
    let images = PreviewImages::for_page(&root.join(PIR)).unwrap();
    assert_eq!(images.boundary(), root);
    let mut got = String::new();
    for src in [
        "img/beside.png",
        "./img/../img/beside.PNG",
        "../assets/x/not-there-yet.webp",
        "../../README.jpeg",
        "img/a%2Fb.png",
        "img/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.png",
        "../../../secret.png",
        "img/beside.png.txt",
        "/docs/incidents/img/beside.png",
        "//example.com/a.png",
        "https://example.com/a.png",
        "img\\beside.png",
        "data:image/png;base64,AAAA",
        "pir-image://localhost/docs/incidents/img/beside.png",
    ] {
        let url = images.url(src).map(|u| u.replace(&url_base(), "IMG:"));
        got.push_str(&format!("{src} -> {url:?}\n"));
    }
    assert_eq!(
        got,
        r#"img/beside.png -> Some("IMG:docs/incidents/img/beside.png")
./img/../img/beside.PNG -> Some("IMG:docs/incidents/img/beside.PNG")
../assets/x/not-there-yet.webp -> Some("IMG:docs/assets/x/not-there-yet.webp")
../../README.jpeg -> Some("IMG:README.jpeg")
img/a%2Fb.png -> Some("IMG:docs/incidents/img/a/b.png")
img/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.png -> None
../../../secret.png -> None
img/beside.png.txt -> None
/docs/incidents/img/beside.png -> None
//example.com/a.png -> None
https://example.com/a.png -> None
img\beside.png -> None
data:image/png;base64,AAAA -> None
pir-image://localhost/docs/incidents/img/beside.png -> None
"#
    );
}

/// What `serve` answers for a request path: the content type, or the error's kind.
fn served(root: &Path, url_path: &str) -> String {
    match serve(root, url_path) {
        Ok(image) => format!("{} ({} bytes)", image.mime, image.bytes.len()),
        Err(e) => format!("{:?}", e.kind),
    }
}

#[test]
fn only_image_files_inside_the_repository_are_served() {
    let (tmp, root) = site_copy();
    let assets = root.join("docs/assets/2026-03-01-cache-stampede");
    std::fs::create_dir_all(root.join("docs/folder.png")).unwrap();
    let mut big = png();
    big.resize(MAX_IMAGE_BYTES + 1, 0);
    std::fs::write(assets.join("huge.png"), big).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(tmp.path().join("secret.png"), assets.join("link-out.png")).unwrap();
        symlink(tmp.path(), root.join("docs/up")).unwrap();
        symlink(assets.join("hit-rate.png"), root.join("docs/link-in.png")).unwrap();
        symlink(
            tmp.path().join("gone.png"),
            root.join("docs/dangling-out.png"),
        )
        .unwrap();
        let fifo = root.join("docs/pipe.png");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    }
    let mut got = String::new();
    for path in [
        "/docs/incidents/img/beside.png",
        "/docs/assets/2026-03-01-cache-stampede/flow%20chart.svg",
        "/docs/assets/2026-03-01-cache-stampede/notes.png",
        "/docs/assets/2026-03-01-cache-stampede/gone.png",
        "/docs/assets/2026-03-01-cache-stampede/huge.png",
        "/docs/folder.png",
        "/mkdocs.yml",
        "/../secret.png",
        "/docs/%2E%2E/../secret.png",
        "/docs%2F..%2F..%2Fsecret.png",
        "//docs/incidents/img/beside.png",
        "/docs/assets/2026-03-01-cache-stampede/link-out.png",
        "/docs/up/secret.png",
        "/docs/link-in.png",
        "/docs/dangling-out.png",
        "/docs/pipe.png",
    ] {
        got.push_str(&format!("{path} -> {}\n", served(&root, path)));
    }
    assert_eq!(
        got,
        "/docs/incidents/img/beside.png -> image/png (132 bytes)
/docs/assets/2026-03-01-cache-stampede/flow%20chart.svg -> image/svg+xml (114 bytes)
/docs/assets/2026-03-01-cache-stampede/notes.png -> InvalidInput
/docs/assets/2026-03-01-cache-stampede/gone.png -> NotFound
/docs/assets/2026-03-01-cache-stampede/huge.png -> TooLarge
/docs/folder.png -> InvalidInput
/mkdocs.yml -> InvalidInput
/../secret.png -> UnsafePath
/docs/%2E%2E/../secret.png -> UnsafePath
/docs%2F..%2F..%2Fsecret.png -> UnsafePath
//docs/incidents/img/beside.png -> UnsafePath
/docs/assets/2026-03-01-cache-stampede/link-out.png -> UnsafePath
/docs/up/secret.png -> UnsafePath
/docs/link-in.png -> image/png (405 bytes)
/docs/dangling-out.png -> UnsafePath
/docs/pipe.png -> InvalidInput
"
    );
    assert_eq!(
        serve(&root, "/docs/incidents/img/beside.png")
            .unwrap()
            .bytes,
        png()
    );
    assert_eq!(
        serve(&root, "/docs/nothing.png").unwrap_err().kind,
        ErrorKind::NotFound
    );
}
