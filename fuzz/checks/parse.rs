//! The check of fuzz target `parse`, shared by the target and the regression test that runs
//! every saved input of `fuzz/regressions/parse/` in `cargo test`: any UTF-8 text parses
//! without panicking, its model serialises and reads back, and both the text and an unchanged
//! model applied back are byte-identical.

use pir_core::doc::{Document, PirModel};

/// Panics when `data` (read as UTF-8; other bytes are not a document) breaks the promise.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document::parse(text);
    assert_eq!(doc.text(), text, "parsing must keep every byte");
    let json = serde_json::to_string(doc.model()).expect("the model serialises");
    let model: PirModel = serde_json::from_str(&json).expect("the model reads back");
    assert_eq!(&model, doc.model(), "the model survives JSON");
    let mut again = doc.clone();
    again
        .apply_model(&model)
        .expect("applying the unchanged model succeeds");
    assert_eq!(again.text(), text, "an unchanged model changes nothing");
}
