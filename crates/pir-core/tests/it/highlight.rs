//! Code highlighting: each `tests/fixtures/highlight/<lang>[-case].<ext>` highlights to the
//! committed `.html` snapshot beside it and, when Pygments is installed, to the same token
//! classes Pygments gives; any input in any language is escaped text in spans, never markup.

use std::path::{Path, PathBuf};
use std::process::Command;

use pir_core::render::highlight::{highlight, supported};
use proptest::prelude::*;

use crate::support;

/// The languages with a lexer, by one of their names each.
const LANGS: &[&str] = &[
    "bash",
    "console",
    "yaml",
    "json",
    "toml",
    "ini",
    "python",
    "go",
    "javascript",
    "typescript",
    "sql",
    "text",
];

fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = support::fixtures().join("highlight");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "html"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixtures missing in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            let lang = name.split(['.', '-']).next().unwrap().to_string();
            (lang, p)
        })
        .collect()
}

#[test]
fn fixtures_highlight_as_committed() {
    let mut failures = Vec::new();
    for (lang, path) in fixtures() {
        let code = std::fs::read_to_string(&path).unwrap();
        let html = highlight(Some(&lang), &code);
        let snap = PathBuf::from(format!("{}.html", path.display()));
        failures.extend(support::snapshot_mismatch(&snap, &html));
        // Whatever the tokens, the text is the code's, escaped.
        assert_eq!(text_of(&tokens(&html)), code, "{}", path.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The Python with Pygments: `PIR_PYGMENTS_PYTHON`, else the venv `make fidelity` creates.
fn pygments_python() -> Option<PathBuf> {
    let python = std::env::var_os("PIR_PYGMENTS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/mkdocs-venv/bin/python")
        });
    python.is_file().then_some(python)
}

const PYGMENTS: &str = "import sys\n\
from pygments import highlight\n\
from pygments.lexers import get_lexer_by_name\n\
from pygments.formatters import HtmlFormatter\n\
code = open(sys.argv[2], encoding='utf-8').read()\n\
sys.stdout.write(highlight(code, get_lexer_by_name(sys.argv[1]), HtmlFormatter(nowrap=True)))\n";

/// The token classes (and texts) equal Pygments' for every fixture, `w` spans counting as
/// plain text. Skipped, saying so, when Pygments is not installed (`make fidelity` creates
/// `target/mkdocs-venv` with it; `PIR_PYGMENTS_PYTHON` names another Python).
#[test]
fn fixtures_have_pygments_token_classes() {
    let Some(python) = pygments_python() else {
        eprintln!("skipped: no Pygments (run `make fidelity` once, or set PIR_PYGMENTS_PYTHON)");
        return;
    };
    let mut failures = Vec::new();
    for (lang, path) in fixtures() {
        let out = Command::new(&python)
            .args(["-c", PYGMENTS, &lang])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let want = tokens(&String::from_utf8(out.stdout).unwrap());
        let code = std::fs::read_to_string(&path).unwrap();
        let got = tokens(&highlight(Some(&lang), &code));
        if want != got {
            failures.push(format!(
                "{}:\n  pygments: {}\n  pir:      {}",
                path.display(),
                show(&want),
                show(&got)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn show(tokens: &[(String, String)]) -> String {
    tokens
        .iter()
        .map(|(c, t)| format!("{}:{t:?}", if c.is_empty() { "_" } else { c }))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The highlighted HTML as (class, text) runs: plain text (and `w`) as class "", adjacent
/// runs of one class merged, texts unescaped. Panics on any markup but `<span class>`.
fn tokens(html: &str) -> Vec<(String, String)> {
    let mut runs: Vec<(String, String)> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        runs.push((String::new(), unescape(&rest[..at])));
        rest = &rest[at..];
        let open = rest
            .strip_prefix("<span class=\"")
            .unwrap_or_else(|| panic!("markup in highlighted code: {rest:.60}"));
        let (class, after) = open.split_once("\">").unwrap();
        let (text, after) = after.split_once("</span>").unwrap();
        assert!(!text.contains('<'), "nested markup: {text:.60}");
        let class = if class == "w" { "" } else { class };
        runs.push((class.to_string(), unescape(text)));
        rest = after;
    }
    runs.push((String::new(), unescape(rest)));
    // Canonical form: newlines plain (spans end at them), adjacent runs of a class merged.
    let mut out: Vec<(String, String)> = Vec::new();
    for (class, text) in runs {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                push_run(&mut out, "", "\n");
            }
            push_run(&mut out, &class, part);
        }
    }
    out
}

fn push_run(out: &mut Vec<(String, String)>, class: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some((c, t)) if c == class => t.push_str(text),
        _ => out.push((class.to_string(), text.to_string())),
    }
}

fn text_of(tokens: &[(String, String)]) -> String {
    tokens.iter().map(|(_, t)| t.as_str()).collect()
}

fn unescape(text: &str) -> String {
    assert!(
        !text.contains(['<', '>', '"']) || !text.contains('<'),
        "{text}"
    );
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn hostile_code_is_text() {
    let code = "<script>alert('x')</script> \"q\" & &amp; </code></pre><img src=x onerror=a()>\n";
    for lang in LANGS {
        let html = highlight(Some(lang), code);
        assert!(
            !html.contains("<script") && !html.contains("<img") && !html.contains("</code"),
            "{lang}: {html}"
        );
        assert_eq!(text_of(&tokens(&html)), code, "{lang}");
    }
    assert!(supported("yml") && supported("sh") && !supported("text") && !supported("log"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text, in any language, highlights without panicking into spans whose text is
    /// exactly the input, escaped.
    #[test]
    fn any_code_is_escaped_text_in_spans(
        code in "(?s)[ -~\t\n\"'`$#{}()\\[\\]<>&\\\\é❯]{0,200}",
        lang in proptest::sample::select(LANGS),
    ) {
        let html = highlight(Some(lang), &code);
        prop_assert_eq!(text_of(&tokens(&html)), code);
    }

    /// The same over any Unicode text (multi-byte characters next to every delimiter).
    #[test]
    fn any_unicode_is_escaped_text_in_spans(
        code in any::<String>(),
        lang in proptest::sample::select(LANGS),
    ) {
        let html = highlight(Some(lang), &code);
        prop_assert_eq!(text_of(&tokens(&html)), code);
    }
}

/// Long hostile inputs stay linear: 100 KB runs of each language's trickiest openers (a
/// quadratic lexer takes minutes on these; a linear one well under a second each).
#[test]
fn highlighting_is_linear() {
    let inputs = [
        "<<a".repeat(10_000),
        "$(${\"`".repeat(5_000),
        "f\"{".repeat(10_000),
        "[{\"a\": ".repeat(5_000),
        "- - ".repeat(10_000),
        "'".repeat(30_000),
        "/*".repeat(20_000),
    ];
    let start = std::time::Instant::now();
    for code in &inputs {
        for lang in LANGS {
            let one = std::time::Instant::now();
            let html = highlight(Some(lang), code);
            assert!(html.len() >= code.len());
            assert!(
                one.elapsed().as_secs() < 2,
                "{lang} {:.12}: {:?}",
                code,
                one.elapsed()
            );
        }
    }
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}
