//! The check of fuzz target `render`, shared by the target and the regression test that runs
//! every saved input of `fuzz/regressions/render/` in `cargo test`: any UTF-8 text renders to
//! preview HTML without panicking, and what comes out carries no script, since the preview
//! runs inside the editor's webview.

/// Panics when `data` (read as UTF-8; other bytes are not a document) breaks the promise.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = pir_core::render::render(text);
    if let Some(hazard) = pir_core::render::sanitize::hazard(&html) {
        panic!("{hazard} survived: {html}");
    }
}
