//! The preview renderer: committed snapshots of fictional pages, Python-Markdown's rules one
//! by one, sanitization, and the real PIRs when they are beside the repository.

use std::path::Path;

use pir_core::render::render;
use proptest::prelude::*;

use crate::support;

/// Each `tests/fixtures/render/*.md` renders to the `.html` beside it.
/// `PIR_BLESS=1` rewrites the `.html` files instead (review the diff before committing).
#[test]
fn fixtures_render_as_committed() {
    let dir = support::fixtures().join("render");
    let bless = std::env::var("PIR_BLESS").is_ok_and(|v| v == "1");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 6, "fixtures missing in {}", dir.display());
    let mut failures = Vec::new();
    for md in &pages {
        let html = render(&std::fs::read_to_string(md).unwrap());
        let expected_path = md.with_extension("html");
        if bless {
            std::fs::write(&expected_path, &html).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} is missing: run with PIR_BLESS=1",
                expected_path.display()
            )
        });
        if html != expected {
            failures.push(first_difference(md, &expected, &html));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A page with old Mac line endings (lone `\r`) renders as with `\n`, as Python-Markdown
/// reads it: every render fixture, its line breaks turned into `\r`.
#[test]
fn cr_only_pages_render_as_their_lf_versions() {
    let dir = support::fixtures().join("render");
    for e in std::fs::read_dir(&dir).unwrap() {
        let md = e.unwrap().path();
        if md.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let lf = std::fs::read_to_string(&md).unwrap().replace("\r\n", "\n");
        let cr = lf.replace('\n', "\r");
        assert_eq!(render(&cr), render(&lf), "{}", md.display());
    }
    assert_eq!(render("# A\rtext\r"), render("# A\ntext\n"));
}

/// A `|` typed inside backticks in a table cell is written so that the preview (and the site,
/// which does not split a cell at a pipe in a code span and shows a `\|` there with its
/// backslash) shows the code as typed.
#[test]
fn a_pipe_in_code_in_an_edited_cell_previews_without_a_backslash() {
    use pir_core::doc::{Document, Edit};
    let mut doc =
        Document::parse("# T\n\n## Notes\n\n| Command | Effect |\n|---|---|\n| a | b |\n");
    for value in ["`grep x | wc -l`", "``a | `b` | c``"] {
        doc.apply(&Edit::TableSetCell {
            table: 0,
            row: 0,
            column: 0,
            text: value.into(),
        })
        .unwrap();
        assert_eq!(
            doc.model().tables[0].rows[0],
            [value, "b"],
            "{}",
            doc.text()
        );
        let html = render(doc.text());
        assert!(!html.contains("\\|"), "{html}");
        assert!(html.contains("<td>b</td>"), "{html}");
    }
    let html = render(doc.text());
    assert!(html.contains("<td><code>a | `b` | c</code></td>"), "{html}");
    // A pipe outside code is still escaped, and shows as a pipe.
    doc.apply(&Edit::TableSetCell {
        table: 0,
        row: 0,
        column: 0,
        text: "`x | y` or z | w".into(),
    })
    .unwrap();
    assert!(
        doc.text().contains("| `x | y` or z \\| w |"),
        "{}",
        doc.text()
    );
    assert!(
        render(doc.text()).contains("<td><code>x | y</code> or z | w</td>"),
        "{}",
        render(doc.text())
    );
    // Lone backticks in two cells would be one code span over both on the site: refused.
    for (column, value) in [(0, "a `"), (1, "` b")] {
        let before = doc.text().to_string();
        let r = doc.apply(&Edit::TableSetCell {
            table: 0,
            row: 0,
            column,
            text: value.into(),
        });
        if column == 1 {
            assert_eq!(r.unwrap_err().kind, pir_core::ErrorKind::InvalidInput);
            assert_eq!(doc.text(), before);
        }
    }
}

fn first_difference(md: &Path, expected: &str, got: &str) -> String {
    let line = expected
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(got.lines().count()));
    format!(
        "{} differs at line {}:\n  expected: {:?}\n  got:      {:?}",
        md.display(),
        line + 1,
        expected.lines().nth(line).unwrap_or("<end>"),
        got.lines().nth(line).unwrap_or("<end>")
    )
}

#[test]
fn admonition_has_the_mkdocs_shape() {
    assert_eq!(
        render("!!! warning \"Mind the gap\"\n    Body *text*.\n"),
        "<div class=\"admonition warning\">\n<p class=\"admonition-title\">Mind the gap</p>\n\
         <p>Body <em>text</em>.</p>\n</div>\n"
    );
    assert!(render("!!! note\n    x\n").contains("<p class=\"admonition-title\">Note</p>"));
    assert!(!render("!!! tip \"\"\n    x\n").contains("admonition-title"));
}

#[test]
fn nested_admonitions_and_details() {
    let html = render("??? note \"Outer\"\n    !!! danger \"Inner\"\n        deep\n");
    assert_eq!(
        html,
        "<details class=\"note\">\n<summary>Outer</summary>\n<div class=\"admonition danger\">\n\
         <p class=\"admonition-title\">Inner</p>\n<p>deep</p>\n</div>\n</details>\n"
    );
    assert!(
        render("???+ tip \"Open\"\n    x\n").starts_with("<details class=\"tip\" open=\"open\">")
    );
}

#[test]
fn tabs_have_the_pymdownx_alternate_shape() {
    let html = render("=== \"One\"\n    first\n\n===+ \"Two\"\n    second\n");
    assert_eq!(
        html,
        "<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"1:2\">\
         <input id=\"__tabbed_1_1\" name=\"__tabbed_1\" type=\"radio\" />\
         <input checked=\"checked\" id=\"__tabbed_1_2\" name=\"__tabbed_1\" type=\"radio\" />\
         <div class=\"tabbed-labels\"><label for=\"__tabbed_1_1\">One</label>\
         <label for=\"__tabbed_1_2\">Two</label></div>\n<div class=\"tabbed-content\">\n\
         <div class=\"tabbed-block\">\n<p>first</p>\n</div>\n<div class=\"tabbed-block\">\n\
         <p>second</p>\n</div>\n</div>\n</div>\n"
    );
}

#[test]
fn block_syntax_inside_fenced_code_stays_code() {
    let html = render("```text\n!!! note \"no\"\n    === \"no\"\n- not a list\n```\n");
    assert_eq!(
        html,
        "<div class=\"language-text highlight\"><pre><span></span><code>!!! note &quot;no&quot;\n    \
         === &quot;no&quot;\n- not a list\n</code></pre></div>\n"
    );
}

#[test]
fn lists_follow_python_markdown_indentation() {
    // Two spaces: siblings.
    let html = render("- a\n  - b\n");
    assert_eq!(html.matches("<ul>").count(), 1, "{html}");
    assert_eq!(html.matches("<li>").count(), 2, "{html}");
    // Four spaces: nested.
    let html = render("- a\n    - b\n");
    assert_eq!(html, "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n");
    // No list right after paragraph text.
    assert_eq!(
        render("text\n- not an item\n"),
        "<p>text\n- not an item</p>\n"
    );
    // The start number is not kept, as with Python-Markdown's lazy ordered lists.
    assert_eq!(
        render("3. c\n4. d\n"),
        "<ol>\n<li>c</li>\n<li>d</li>\n</ol>\n"
    );
}

/// The `id` attributes of `html`, in order.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

#[test]
fn headings_get_toc_ids_and_permalinks() {
    let html = render("# Same\n\n## Same\n\n## Same {: #own .cls }\n\n## Same\n");
    assert_eq!(ids(&html), ["same", "same_1", "own", "same_2"]);
    assert!(html.contains(
        "<h2 id=\"own\" class=\"cls\">Same<a class=\"headerlink\" href=\"#own\" \
         title=\"Permanent link\">&para;</a></h2>"
    ));
}

#[test]
fn heading_ids_are_numbered_in_page_order_around_boxes() {
    // The box body renders before the text around it, but ids follow the page, and an
    // explicit id later on the page is still reserved first, as toc does.
    let html = render("## Same\n\n!!! note\n    ## Same\n\n## Other {#same_1}\n");
    assert_eq!(ids(&html), ["same", "same_2", "same_1"]);
}

#[test]
fn repeated_headings_are_numbered_as_toc_numbers_them() {
    // A real `same_1` heading before the repeats, a count with leading zeros, an empty
    // slug, and a count past 64 bits: toc's `unique` gives these ids.
    let html = render(
        "## same_1\n\n## Same\n\n## Same\n\n## Same_007\n\n## Same_007\n\n## ???\n\n## ...\n\n\
         ## x_99999999999999999999\n\n## x_99999999999999999999\n",
    );
    assert_eq!(
        ids(&html),
        [
            "same_1",
            "same",
            "same_2",
            "same_007",
            "same_8",
            "_1",
            "_2",
            "x_99999999999999999999",
            "x_100000000000000000000",
        ]
    );
    // Many repeats, with an explicit id in the way: every one numbered, in page order.
    let mut page = String::from("## Other {#same_500}\n\n");
    for _ in 0..2_000 {
        page.push_str("## Same\n\n");
    }
    let html = render(&page);
    let got = ids(&html);
    assert_eq!(got[0], "same_500");
    assert_eq!(got[1], "same");
    for (k, id) in got[2..].iter().enumerate() {
        let n = if k + 1 < 500 { k + 1 } else { k + 2 };
        assert_eq!(*id, format!("same_{n}"));
    }
}

#[test]
fn python_markdown_block_rules_beat_commonmark() {
    // No table, no `1)` list, no list in a quote right after its text.
    assert!(!render("text\n| a |\n|---|\n").contains("<table"));
    assert!(!render("1) one\n2) two\n").contains("<ol"));
    assert!(!render("> quote\n> - dash\n").contains("<li"));
    // A pipe in a code span does not split a table cell.
    assert_eq!(
        render("| a | b |\n|---|---|\n| `x | y` | z |\n")
            .matches("<td>")
            .count(),
        2
    );
    // `#x` is a heading, and a heading ends a list without a blank line.
    assert_eq!(
        render("- a\n#Title\n"),
        "<ul>\n<li>a</li>\n</ul>\n<h1 id=\"title\">Title<a class=\"headerlink\" \
         href=\"#title\" title=\"Permanent link\">&para;</a></h1>\n"
    );
}

#[test]
fn attr_lists_apply_to_paragraphs_and_links() {
    assert_eq!(
        render("Text.\n{: .lead #intro }\n"),
        "<p class=\"lead\" id=\"intro\">Text.</p>\n"
    );
    assert_eq!(
        render("[doc](https://example.com/){ .ext target=_blank }\n"),
        "<p><a href=\"https://example.com/\" class=\"ext\" target=\"_blank\">doc</a></p>\n"
    );
}

#[test]
fn md_in_html_renders_the_inside() {
    assert_eq!(
        render("<div class=\"box\" markdown>\n\n**bold**\n\n</div>\n"),
        "<div class=\"box\">\n<p><strong>bold</strong></p>\n</div>\n"
    );
}

#[test]
fn front_matter_is_not_shown() {
    assert_eq!(
        render("---\ntitle: X\ntags: [a]\n---\n# T\n")
            .matches("<h1")
            .count(),
        1
    );
    assert!(!render("---\ntitle: X\n---\nbody\n").contains("title"));
}

/// Markup that must never survive, raw or through markdown syntax.
const ATTACKS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](java\tscript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "<iframe src=\"https://example.com\"></iframe>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<svg onload=alert(1)>",
    "<!-- note --><script>alert(1)</script>",
    "<!-- a\n\nb --> <img src=x onerror=alert(1)>",
    "line<br onclick=alert(1)>break <b/onmouseover=alert(1)>x</b> <kbd\tonfocus=x>k</kbd>",
    "## Title {: onclick=\"alert(1)\" }",
    "## <img src=x onerror=alert(1)> [x](javascript:alert(1))",
    "Para\n{: onmouseover=alert(1) style=\"color:red\" }",
    "[x](https://example.com){ onclick=\"alert(1)\" }",
    "!!! note \"<img src=x onerror=alert(1)>\"\n    body",
    "=== \"<script>alert(1)</script>\"\n    body",
    "<div markdown>\n<script>alert(1)</script>\n</div>",
    "<div markdown onmouseover=\"alert(1)\" style=\"position:fixed\">\n\ntext\n\n</div>",
    "<div title='a\" onclick=\"alert(1)' markdown>\n\ntext\n\n</div>",
    "<form markdown action=\"javascript:alert(1)\">\n\ntext\n\n</form>",
];

fn assert_inert(html: &str, input: &str) {
    if let Some(hazard) = pir_core::render::sanitize::hazard(html) {
        panic!("{hazard} survived {input:?}: {html}");
    }
}

/// Found by the `render` fuzz target: text that spells an attribute is shown as text, and is
/// not mistaken for one by the inertness check.
#[test]
fn attribute_like_text_stays_text() {
    for input in ["href=\"javascript:", "x onclick=\"y\" src='javascript:z'"] {
        let html = render(input);
        assert!(html.starts_with("<p>") && !html.contains("<a"), "{html}");
        assert_inert(&html, input);
    }
    // The same words inside a tag are caught.
    assert!(pir_core::render::sanitize::hazard("<p>x</p><a href=\"javascript:x\">").is_some());
    assert!(pir_core::render::sanitize::hazard("<b title=\"a b\" onclick=x>").is_some());
    assert!(pir_core::render::sanitize::hazard("<p title=\"onclick=x\">t</p>").is_none());
}

/// Found by the `render` fuzz target: pulldown-cmark 0.13.6 panics on a setext heading whose
/// last line is an attribute block inside a list item or quote. Such pages are parsed without
/// heading attributes (`render::parser_options_for`), for the preview and the document model
/// alike, so neither panics; an attribute block on an ATX heading still works elsewhere.
#[test]
fn setext_heading_with_an_attribute_line_in_a_container_does_not_panic() {
    for input in [
        "1. `\n {}\n-",
        "1. a\n    {}\n   -\n",
        "1. a\r\n    {}\r\n   -\r\n",
        "> - a\n>   {#x}\n>   ===\n",
        "2. b\n   {.c}\n   ---\n\n## Next {#n}\n",
    ] {
        let html = render(input);
        assert!(!html.is_empty(), "{input:?}");
        let doc = pir_core::doc::Document::parse(input.to_string());
        assert_eq!(doc.text(), input);
    }
    assert!(render("1. `\n {}\n-").contains("<ol>"));
    // Pages without the pattern keep heading attributes.
    assert!(render("## Next {#n}\n").contains("id=\"n\""));
}

/// Found by the `render` fuzz target: words in a class are text, not a URL; in a link they
/// are caught however they are spaced.
#[test]
fn script_words_outside_urls_are_text() {
    let input = "<div markdown=\"1\" class=\"a javascript:b\">\n\ntext\n\n</div>\n";
    let html = render(input);
    assert!(html.contains("javascript:b"), "{html}");
    assert_inert(&html, input);
    let hazard = pir_core::render::sanitize::hazard;
    assert!(hazard("<div class=\"javascript:x\">").is_none());
    assert!(hazard("<a href=\" java\tscript:x\">").is_some());
    assert!(hazard("<img src=\"vbscript:x\">").is_some());
    assert!(hazard("<a href=\"javascript&#58;x\">").is_some());
    assert!(hazard("<a href=\"&#x6A;avascript&colon;x\">").is_some());
    assert!(hazard("<a href=\"https://example.com/javascript:x?a=1&amp;b\">").is_none());
    assert!(hazard("<a href=\"page.md#a:b\">").is_none());
}

/// Found by the `render` fuzz target: table alignment is the one style the renderer writes,
/// and it is not a hazard; any other style is.
#[test]
fn table_alignment_is_the_only_style() {
    let html = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
    assert!(html.contains("style=\"text-align: center\""), "{html}");
    assert_inert(&html, "aligned table");
    let hazard = pir_core::render::sanitize::hazard;
    assert!(hazard("<td style=\"text-align: right\">").is_none());
    // A page with raw HTML goes through ammonia, which writes the style without the space.
    let html = render("<br>\n\n| a |\n|:-:|\n| 1 |\n\n<b title=x>b</b>\n");
    assert!(html.contains("style=\"text-align:center\""), "{html}");
    assert_inert(&html, "aligned table, sanitized");
    assert!(hazard("<td style=\"text-align: right; background: red\">").is_some());
    assert!(hazard("<p style=\"text-align: left\">").is_some());
}

#[test]
fn scripts_handlers_and_script_urls_do_not_survive() {
    for input in ATTACKS {
        let html = render(input);
        assert_inert(&html, input);
    }
    // The harmless part is still shown.
    assert!(render("[x](javascript:alert(1))").contains(">x</a>"));
    assert!(render("<img src=x onerror=alert(1)>").contains("<img src=\"x\">"));
}

/// Each `tests/fixtures/hostile/*.md` is one way of smuggling script or styles into the
/// preview (stashed code inside an attribute, fence languages, attr lists, raw HTML, URL
/// spellings, containers); its render, read by an HTML5 tokenizer as the webview reads it,
/// has no hazard.
#[test]
fn hostile_pages_render_inert() {
    let dir = support::fixtures().join("hostile");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 25, "fixtures missing in {}", dir.display());
    let mut failures = Vec::new();
    for md in &pages {
        let html = render(&std::fs::read_to_string(md).unwrap());
        if let Some(hazard) = pir_core::render::sanitize::hazard(&html) {
            failures.push(format!("{}: {hazard}\n  {html}", md.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Each layer holds on its own, without the sanitizer: a fence inside an image alt is put back
/// as its escaped source, and a fence language that is not a safe class name is dropped.
#[test]
fn stashed_code_in_an_attribute_is_text_and_unsafe_languages_are_dropped() {
    let html = render("![d\n```{ .x/style='a'/onerror=alert(1) }\n```\n]()\n");
    assert!(
        html.starts_with("<p><img src=\"\" alt=\"d ```{ .x/style=&#39;a&#39;/onerror="),
        "{html}"
    );
    assert!(!html.contains("<div"), "{html}");
    let html = render("```{ .x\"y }\ncode\n```\n\n```c++\nx\n```\n");
    assert!(html.starts_with("<div class=\"highlight\">"), "{html}");
    assert!(
        html.contains("<div class=\"language-c++ highlight\">"),
        "{html}"
    );
}

/// The inertness check reads attributes where the browser finds them, not where `<` splits
/// the text: markup inside a quoted attribute value that closes the quote is caught.
#[test]
fn hazard_reads_html_as_the_browser_does() {
    let hazard = pir_core::render::sanitize::hazard;
    let injected = "<p><img src=\"\" alt=\"d\n<div class=\"language-x/style='a'/onerror=alert(1) highlight\">\">";
    assert!(hazard(injected).is_some(), "{injected}");
    assert!(hazard("<p title=\"<img src=x onerror=y>\">t</p>").is_none());
    assert!(hazard("<a href=\"jav&#x09;ascript:x\">").is_some());
    assert!(hazard("<img src=\"data:image/png;base64,AAAA\">").is_some());
    for tag in [
        "base href=x",
        "meta http-equiv=refresh",
        "form",
        "math",
        "link rel=x",
    ] {
        assert!(hazard(&format!("<{tag}>")).is_some(), "{tag}");
    }
}

#[test]
fn hostile_nesting_renders_without_exhausting_the_stack() {
    let quotes = format!("{} deep\n", ">".repeat(20_000));
    assert!(render(&quotes).contains("deep"));
    let mut list = String::new();
    for level in 0..300 {
        list.push_str(&" ".repeat(level * 4));
        list.push_str("- item\n");
    }
    assert!(render(&list).contains("<li>"));
    let mut boxes = String::new();
    for level in 0..300 {
        boxes.push_str(&" ".repeat(level * 4));
        boxes.push_str("!!! note\n");
    }
    assert!(render(&boxes).contains("admonition"));
}

#[test]
fn deeply_nested_html_is_rendered_flattened_past_the_webviews_depth() {
    use pir_core::render::sanitize::{MAX_HTML_DEPTH, flatten_deep};
    let n = 20_000;
    let one_line = format!("{}deep{}\n", "<div>".repeat(n), "</div>".repeat(n));
    let lines = format!("{}deep\n{}", "<div>\n".repeat(n), "</div>\n".repeat(n));
    for page in [one_line, lines] {
        let html = render(&page);
        assert!(html.contains("deep"));
        let divs = html.matches("<div>").count();
        assert!(divs == MAX_HTML_DEPTH, "{divs} <div>s kept");
        assert_eq!(html.matches("</div>").count(), divs);
    }
    // End tags the tree builder ignores do not make the model shallower than the page.
    for unit in ["<span><div></span>", "<div><table><tr><td></div>"] {
        let page = unit.repeat(2 * MAX_HTML_DEPTH);
        assert!(flatten_deep(&page).is_some(), "{unit} not seen as deep");
    }
    // Ordinary raw HTML, however long, is left to the sanitizer as written.
    let page = "<div class=\"a\"><p>one<p>two</div><ul><li>x<li>y</ul><p>a<div>b</div>\
                <table><tr><td>c<td>d<tr><th>e</table><dl><dt>f<dd>g</dl>"
        .repeat(2_000);
    assert!(flatten_deep(&page).is_none());
    let fixture = std::fs::read_to_string(support::fixtures().join("render/html.md")).unwrap();
    assert!(flatten_deep(&render(&fixture)).is_none());
}

#[test]
fn plain_inline_tags_stay_without_the_sanitizer_pass() {
    // Only a page with raw HTML goes through ammonia, which writes the permalink sign as a
    // character; `<br>` and friends without attributes do not count as raw HTML.
    let html = render("# T\n\n| a |\n|---|\n| one<br>two <kbd>K</kbd> |\n");
    assert!(html.contains("one<br>two <kbd>K</kbd>"), "{html}");
    assert!(html.contains("&para;"), "{html}");
    assert!(render("# T\n\n<b onclick=x>b</b>\n").contains('\u{b6}'));
    // A `markdown` block's own tag is rebuilt from its safe attributes.
    let html = render("# T\n\n<div class=\"grid\" markdown onclick=\"x()\">\n\n**b**\n\n</div>\n");
    assert!(
        html.contains("<div class=\"grid\">\n<p><strong>b</strong></p>\n</div>"),
        "{html}"
    );
    assert!(html.contains("&para;"), "{html}");
    // Comments show nothing and are dropped, also across blank lines.
    let html = render("# T\n\n<!-- to do\n\nlater -->\n\ntext <!-- aside --> more\n");
    assert!(html.ends_with("<p>text  more</p>\n"), "{html}");
    assert!(html.contains("&para;"), "{html}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any mix of markdown syntax and attack fragments renders without panicking and inert.
    #[test]
    fn any_input_renders_inert(parts in prop::collection::vec(prop::sample::select(vec![
        "!!! note \"T\"\n", "??? tip\n", "=== \"A\"\n", "    ", "- ", "1. ", "\n", "\n\n",
        "```\n", "```bash\n", "# H {: #x }\n", "<div markdown>\n", "</div>\n", "text ", "`c` ",
        "[l](", "javascript:alert(1)", ")", "{ .c onclick=x }", "<script>", "<img onerror=x>",
        "| a | b |\n|---|---|\n", "\t", "\u{2}0\u{3}", "> ", "***\n",
    ]), 0..40)) {
        let input: String = parts.concat();
        let html = render(&input);
        assert_inert(&html, &input);
    }


    /// Arbitrary text never panics (byte offsets, unicode, control characters).
    #[test]
    fn any_text_renders(input in any::<String>()) {
        let html = render(&input);
        assert_inert(&html, &input);
    }
}

/// Over the real PIRs (when present): every heading line outside code becomes a heading with a
/// permalink, and no block syntax leaks into the text.
#[test]
fn real_pirs_render_every_heading() {
    for path in support::shared_pirs() {
        let text = std::fs::read_to_string(&path).unwrap();
        let html = render(&text);
        let mut in_fence = false;
        let mut headings = 0;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            } else if !in_fence && line.starts_with('#') {
                headings += 1;
            }
        }
        assert!(headings > 10, "{}", path.display());
        assert_eq!(
            html.matches("class=\"headerlink\"").count(),
            headings,
            "{}",
            path.display()
        );
        assert!(
            !html.contains("\u{2}"),
            "placeholder left in {}",
            path.display()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Lines of container markers, setext underlines and attribute blocks in any mix (the
    /// shape of the one panic found in pulldown-cmark) panic neither the preview nor the
    /// document model.
    #[test]
    fn headings_with_attributes_in_containers_never_panic(
        lines in prop::collection::vec(
            (
                prop::sample::select(vec!["", "1. ", "- ", "> ", " ", "   ", "    "]),
                prop::sample::select(vec!["a", "`", "{}", "{#x}", "{.c}", "-", "---", "===", "## h", ""]),
            ),
            1..8,
        ),
        crlf in any::<bool>(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let input: String = lines.iter().map(|(p, c)| format!("{p}{c}{eol}")).collect();
        let _ = render(&input);
        let doc = pir_core::doc::Document::parse(input.clone());
        prop_assert_eq!(doc.text(), input.as_str());
    }
}
