//! The size limits: the model file limit holds the model of any PIR that is within the PIR limit.

use pir_core::doc::Document;
use pir_core::fsio::{self, MAX_FILE_BYTES, MAX_MODEL_BYTES, MODEL_BYTES_PER_TEXT_BYTE};

/// The densest PIRs known: the most model per byte of text.
fn dense_pirs() -> Vec<(&'static str, String)> {
    let n = 2000;
    vec![
        ("one `#` heading per line", "#\n".repeat(n)),
        (
            "one `##` heading per line",
            format!("# T\n\n{}", "##\n".repeat(n)),
        ),
        (
            "one-digit timeline rows",
            format!("# T\n\n## Timeline\n\n|T|\n|-|\n{}", "1\n".repeat(n)),
        ),
        (
            "one-cell timeline rows",
            format!(
                "# T\n\n## Timeline\n\n| Time | Event |\n|---|---|\n{}",
                "|1|\n".repeat(n)
            ),
        ),
        (
            "how-chain steps",
            format!("# T\n\n## Root Cause\n\n{}", "### How\n".repeat(n)),
        ),
        ("CR-only headings", "#\r".repeat(n)),
    ]
}

#[test]
fn the_model_of_the_densest_pirs_stays_within_the_ratio() {
    for (what, text) in dense_pirs() {
        let doc = Document::parse(text.clone());
        // As `pir show --json` prints it.
        let json = serde_json::to_string_pretty(doc.model()).unwrap();
        let ratio = json.len() as f64 / text.len() as f64;
        assert!(
            ratio <= MODEL_BYTES_PER_TEXT_BYTE as f64,
            "{what}: {ratio:.0} bytes of model per byte of text"
        );
    }
    assert_eq!(MAX_MODEL_BYTES, MAX_FILE_BYTES * MODEL_BYTES_PER_TEXT_BYTE);
}

#[test]
fn a_model_file_larger_than_a_pir_is_read_and_one_past_its_limit_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("model.json");
    let big = format!("\"{}\"", "x".repeat(MAX_FILE_BYTES as usize));
    std::fs::write(&p, &big).unwrap();
    assert_eq!(
        fsio::read_string(&p).unwrap_err().kind,
        pir_core::ErrorKind::TooLarge
    );
    assert_eq!(fsio::read_string_up_to(&p, MAX_MODEL_BYTES).unwrap(), big);
    let err = fsio::read_string_up_to(&p, 10).unwrap_err();
    assert_eq!(err.kind, pir_core::ErrorKind::TooLarge);
    assert!(err.message.contains("10-byte limit"), "{err}");
}
