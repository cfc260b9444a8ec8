//! `pir render FILE`.

use crate::pir;

#[test]
fn prints_the_preview_html() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(
        &page,
        "---\ntitle: T\n---\n# Queue stall\n\n!!! note\n    Body.\n",
    )
    .unwrap();
    let out = pir().arg("render").arg(&page).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.starts_with("<h1 id=\"queue-stall\">Queue stall<a class=\"headerlink\""),
        "{html}"
    );
    assert!(html.contains("<div class=\"admonition note\">"), "{html}");
    assert!(!html.contains("title: T"), "{html}");
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("absent.md");
    let out = pir().arg("render").arg(&page).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}: ", page.display())), "{err}");
}

#[test]
fn non_utf8_file_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.md");
    std::fs::write(&page, b"# T\nab\xff\n").unwrap();
    let out = pir().arg("render").arg(&page).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:2:3: not UTF-8", page.display())),
        "{err}"
    );
}

/// `pir render FILE | head -c 1`: the reader closing the pipe is not a failure. The page's
/// HTML is larger than a pipe's buffer, so the write meets the closed pipe whatever the timing.
#[test]
fn a_closed_output_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(&page, "A paragraph of the page.\n\n".repeat(20_000)).unwrap();
    let mut child = pir()
        .arg("render")
        .arg(&page)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
    assert!(stderr.is_empty(), "{stderr}");
}
