//! The preview's images: the app's image scheme (`pir_core::render::images::SCHEME`), served
//! from the repositories of the PIRs open in the editor.
//!
//! The preview names a PIR's image files by URLs of this scheme (pir-core makes them, only for
//! relative image paths that stay inside the site's repository); the webview asks for each
//! here, and `pir_core::site::preview_images::serve` answers with the file's bytes, or
//! refuses anything outside the repository, not an image, or too large. Nothing else is
//! served: not the app's files, not other files of the site.

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use pir_core::error::ErrorKind;

use crate::state::Sessions;

/// Answers one request of the image scheme, reading the file on its own thread so the
/// webview's thread never waits on the disk.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let roots = ctx.app_handle().state::<Sessions>().image_boundaries();
    let path = request.uri().path().to_string();
    std::thread::spawn(move || responder.respond(respond(&roots, &path)));
}

/// The response for the image at `path` (the request's path) in the first of `roots` that has
/// it: the bytes with their content type, or an empty error response.
fn respond(roots: &[std::path::PathBuf], path: &str) -> Response<Vec<u8>> {
    let mut refusal = StatusCode::NOT_FOUND;
    for root in roots {
        match pir_core::site::preview_images::serve(root, path) {
            Ok(image) => {
                return Response::builder()
                    .header(header::CONTENT_TYPE, image.mime)
                    .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
                    // An SVG is shown as an image only; opened as a page it could run nothing.
                    .header(
                        header::CONTENT_SECURITY_POLICY,
                        "default-src 'none'; style-src 'unsafe-inline'",
                    )
                    .header(header::CACHE_CONTROL, "no-cache")
                    .body(image.bytes)
                    .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR));
            }
            Err(e) if e.kind == ErrorKind::NotFound => {}
            Err(e) => {
                eprintln!("refused a preview image: {e}");
                refusal = StatusCode::FORBIDDEN;
            }
        }
    }
    status(refusal)
}

/// An empty response with `code`.
fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut response = Response::new(Vec::new());
    *response.status_mut() = code;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn serves_images_of_the_open_repositories_only() {
        let repo = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(repo.path().join("docs/img")).unwrap();
        std::fs::write(repo.path().join("docs/img/a b.png"), PNG).unwrap();
        std::fs::write(outside.path().join("secret.png"), PNG).unwrap();
        let roots = vec![repo.path().to_path_buf()];
        let ok = respond(&roots, "/docs/img/a%20b.png");
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(ok.headers()[header::CONTENT_TYPE], "image/png");
        assert_eq!(ok.body(), PNG);
        assert_eq!(
            respond(&roots, "/docs/img/gone.png").status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            respond(&roots, "/../secret.png").status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            respond(&[], "/docs/img/a%20b.png").status(),
            StatusCode::NOT_FOUND
        );
    }
}
