//! Fuzz target `render`: any UTF-8 text renders to preview HTML without panicking, and what
//! comes out carries no script: the preview runs inside the editor's webview.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = pir_core::render::render(text);
    if let Some(hazard) = pir_core::render::sanitize::hazard(&html) {
        panic!("{hazard} survived: {html}");
    }
});
