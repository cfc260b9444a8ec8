//! Data formats: YAML (Pygments' `YamlLexer`: keys `nt`, plain values `l`, indicators `p`,
//! block scalars `no`), JSON (`JsonLexer`: keys `nt`, strings `s2`), TOML and INI.

use super::{Scan, Token, is_space, is_word};

/// Pygments' class for YAML indicators (`-`, `[`, `,`, `|`...), a subtype of punctuation.
const INDICATOR: &str = "p p-Indicator";
/// Pygments' class for YAML plain scalars, a subtype of literals.
const PLAIN: &str = "l l-Scalar l-Scalar-Plain";

/// Tokens of a YAML document, line by line (block scalars and flow collections carry over).
pub(super) fn yaml(code: &str) -> Vec<Token> {
    let mut s = Scan::new(code);
    // The indentation a block scalar's lines must exceed, while in one.
    let mut block: Option<usize> = None;
    // Open `[` / `{` of a flow collection spanning lines.
    let mut flow = 0usize;
    while !s.done() {
        let line_start = s.i;
        let indent = s.run(|b| b == b' ' || b == b'\t');
        let eol = s.to_eol();
        if let Some(parent) = block {
            if indent == eol || indent > parent {
                s.tok("", indent);
                let n = s.to_eol();
                s.tok("no", n);
                s.tok("", 1);
                continue;
            }
        }
        s.tok("", indent);
        if flow == 0 && (s.starts("---") || s.starts("...")) && (eol == 3 || is_space(s.at(3))) {
            s.tok("nn", 3);
        }
        let mut key_indent = indent;
        if flow == 0 {
            // `- ` sequence entries.
            while s.at(0) == b'-' && (is_space(s.at(1)) || s.at(1) == 0) {
                s.one(INDICATOR);
                let n = s.run(|b| b == b' ' || b == b'\t');
                s.tok("", n);
                key_indent = s.i - line_start;
            }
            if let Some(k) = plain_key(s.rest()) {
                s.tok("nt", k);
                s.one("p");
            }
        }
        block = value(&mut s, &mut flow).then_some(key_indent);
        // The newline.
        s.tok("", 1);
    }
    s.tokens
}

/// The length of a plain `key` followed by `:` and a space or the line end.
fn plain_key(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    let first = *b.first()?;
    if b"-?:,[]{}#&*!|>'\"%@`\n ".contains(&first) {
        return None;
    }
    let line = memchr::memchr(b'\n', b).unwrap_or(b.len());
    let mut k = 0;
    while k < line {
        if b[k] == b':' && (k + 1 == line || is_space(b[k + 1])) {
            return Some(k);
        }
        if b[k] == b'#' && k > 0 && is_space(b[k - 1]) {
            return None;
        }
        k += 1;
    }
    None
}

/// The rest of a line after its key: node properties, a scalar, a flow collection or a
/// comment. Returns whether a block scalar (`|`, `>`) starts here.
fn value(s: &mut Scan<'_>, flow: &mut usize) -> bool {
    let mut block = false;
    while !s.done() && s.at(0) != b'\n' {
        let c = s.at(0);
        if c == b' ' || c == b'\t' {
            let n = s.run(|b| b == b' ' || b == b'\t');
            // Pygments' flow keys take the blanks after a comma with them.
            let after_comma = s.i > 0 && s.b[s.i - 1] == b',';
            if *flow > 0 && after_comma && s.at(n) != b'"' && s.at(n) != b'\'' {
                let (end, key) = flow_scalar(&s.b[s.i + n..]);
                if key && end > 0 {
                    s.tok("nt", n + end);
                    continue;
                }
            }
            s.tok("", n);
        } else if c == b'#' && (s.i == 0 || is_space(s.b[s.i - 1])) {
            let n = s.to_eol();
            s.tok("c1", n);
        } else if c == b'"' || c == b'\'' {
            let n = quoted(s.rest(), c);
            s.tok("s", n);
        } else if c == b'&' || c == b'*' || c == b'!' {
            let n = s.run(|b| !is_space(b) && (*flow == 0 || !b",[]{}".contains(&b)));
            s.tok(
                match c {
                    b'&' => "nl",
                    b'*' => "nv",
                    _ => "kt",
                },
                n,
            );
        } else if c == b'[' || c == b'{' {
            *flow += 1;
            s.one(INDICATOR);
        } else if (c == b']' || c == b'}') && *flow > 0 {
            *flow -= 1;
            s.one(INDICATOR);
        } else if *flow > 0 && c == b':' {
            // After a quoted key the colon is an indicator; after a plain key, punctuation.
            let quoted_key = s.i > 0 && matches!(s.b[s.i - 1], b'"' | b'\'');
            s.one(if quoted_key { INDICATOR } else { "p" });
        } else if *flow > 0 && (c == b',' || c == b'?') {
            s.one(INDICATOR);
        } else if *flow == 0 && (c == b'|' || c == b'>') {
            let n =
                s.run(|b| b == b'|' || b == b'>' || b == b'-' || b == b'+' || b.is_ascii_digit());
            s.tok(INDICATOR, n);
            block = true;
        } else if *flow > 0 {
            let (end, key) = flow_scalar(&s.b[s.i..]);
            s.tok(if key { "nt" } else { "nv" }, end.max(1));
        } else {
            // A plain scalar: to the line end or a comment, trailing blanks left plain.
            let b = &s.b[s.i..];
            let line = memchr::memchr(b'\n', b).unwrap_or(b.len());
            let stop = (1..line)
                .find(|&k| b[k] == b'#' && is_space(b[k - 1]))
                .unwrap_or(line);
            let end = b[..stop]
                .iter()
                .rposition(|&b| !is_space(b))
                .map_or(1, |p| p + 1);
            s.tok(PLAIN, end);
        }
    }
    block
}

/// A flow scalar at the start of `b` (up to `,`, `]`, `}`, `: ` or a comment): its length
/// without trailing blanks, and whether it is a key (a `:` follows).
fn flow_scalar(b: &[u8]) -> (usize, bool) {
    let mut k = 0;
    while k < b.len() && b[k] != b'\n' && !b",[]{}".contains(&b[k]) {
        if b[k] == b':' && (k + 1 == b.len() || is_space(b[k + 1]) || b",[]{}".contains(&b[k + 1]))
        {
            break;
        }
        if b[k] == b'#' && k > 0 && is_space(b[k - 1]) {
            break;
        }
        k += 1;
    }
    let end = b[..k]
        .iter()
        .rposition(|&c| !is_space(c))
        .map_or(0, |p| p + 1);
    (end, b.get(k) == Some(&b':'))
}

/// The length of a quoted scalar (to its closing quote, or the line end).
fn quoted(rest: &str, q: u8) -> usize {
    let b = rest.as_bytes();
    let mut k = 1;
    while k < b.len() && b[k] != b'\n' {
        if q == b'"' && b[k] == b'\\' {
            k += 2;
            continue;
        }
        if b[k] == q {
            if q == b'\'' && b.get(k + 1) == Some(&b'\'') {
                k += 2;
                continue;
            }
            return k + 1;
        }
        k += 1;
    }
    k.min(b.len())
}

/// Tokens of JSON: strings followed by `:` are keys (`nt`), and comments are allowed as
/// Pygments allows them.
pub(super) fn json(code: &str) -> Vec<Token> {
    let mut s = Scan::new(code);
    while !s.done() {
        let c = s.at(0);
        if is_space(c) {
            let n = s.run(is_space);
            s.tok("", n);
        } else if c == b'"' {
            let mut k = 1;
            while s.i + k < s.b.len() && s.at(k) != b'"' {
                k += if s.at(k) == b'\\' { 2 } else { 1 };
            }
            let n = (k + 1).min(s.b.len() - s.i);
            let ws = s.b[s.i + n..].iter().take_while(|&&b| is_space(b)).count();
            let key = s.at(n + ws) == b':';
            s.tok(if key { "nt" } else { "s2" }, n);
        } else if c == b'-' || c.is_ascii_digit() {
            let n = 1 + s.b[s.i + 1..]
                .iter()
                .take_while(|&&b| {
                    b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')
                })
                .count();
            let text = &s.b[s.i..s.i + n];
            let float = text.iter().any(|b| matches!(b, b'.' | b'e' | b'E'));
            s.tok(if float { "mf" } else { "mi" }, n);
        } else if b"{}[],:".contains(&c) {
            s.one("p");
        } else if s.starts("//") {
            let n = s.to_eol();
            s.tok("c1", n);
        } else if s.starts("/*") {
            let n = s.rest()[2..].find("*/").map_or(s.b.len() - s.i, |k| k + 4);
            s.tok("cm", n);
        } else {
            let n = s.word();
            let w = &s.rest()[..n];
            if matches!(w, "true" | "false" | "null") {
                s.tok("kc", n);
            } else {
                s.one("err");
            }
        }
    }
    s.tokens
}

/// Tokens of TOML: tables `k`, keys `n`, `=` `o`, strings, numbers and booleans.
pub(super) fn toml(code: &str) -> Vec<Token> {
    let mut s = Scan::new(code);
    let mut line_start = true;
    // Open `{` of inline tables, where keys and `=` are as Pygments lexes them there.
    let mut inline = 0usize;
    while !s.done() {
        let c = s.at(0);
        if c == b'\n' {
            s.one("");
            line_start = true;
            continue;
        }
        if c == b' ' || c == b'\t' {
            let n = s.run(|b| b == b' ' || b == b'\t');
            s.tok("", n);
            continue;
        }
        let first = std::mem::replace(&mut line_start, false);
        if c == b'#' {
            let n = s.to_eol();
            s.tok("c1", n);
        } else if first && c == b'[' {
            // `[table]` / `[[array.of.tables]]`: brackets and name all keyword.
            let n = s.to_eol();
            let line = &s.rest()[..n];
            let end = line.rfind(']').map_or(n, |k| k + 1);
            let open = if line.starts_with("[[") { 2 } else { 1 };
            let close = if line[..end].ends_with("]]") && open == 2 {
                2
            } else {
                1
            };
            s.tok("k", open);
            let name = end.saturating_sub(open + close);
            s.tok("k", name);
            s.tok("k", close);
        } else if first && (is_word(c) || c == b'-' || c == b'"' || c == b'\'') {
            let n = s.run(|b| b != b'=' && b != b'\n' && b != b'#');
            let key = s.rest()[..n].trim_end().len();
            s.tok("n", key.max(1));
        } else if c == b'=' {
            s.one(if inline > 0 { "p" } else { "o" });
        } else if c == b'{' || c == b'}' {
            inline = if c == b'{' {
                inline + 1
            } else {
                inline.saturating_sub(1)
            };
            s.one("p");
        } else if c == b'"' || c == b'\'' {
            let triple = if c == b'"' { "\"\"\"" } else { "'''" };
            let n = if s.starts(triple) {
                s.rest()[3..]
                    .find(triple)
                    .map_or(s.b.len() - s.i, |k| k + 6)
            } else {
                quoted(s.rest(), c)
            };
            s.tok(if c == b'"' { "s2" } else { "s1" }, n);
        } else if b"[]{},.".contains(&c) {
            s.one("p");
        } else if c.is_ascii_digit() || c == b'+' || c == b'-' {
            let n = s.run(|b| b.is_ascii_alphanumeric() || b"_.+-:".contains(&b));
            let t = &s.rest()[..n];
            let class = if t.contains('-') && t.len() >= 10 && t.as_bytes()[4] == b'-' {
                "ld"
            } else if t.contains(['.', 'e', 'E']) && !t.starts_with("0x") {
                "mf"
            } else {
                "mi"
            };
            s.tok(class, n);
        } else {
            let n = s.word();
            let ws = s.b[s.i + n..]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            match &s.rest()[..n] {
                _ if inline > 0 && n > 0 && s.at(n + ws) == b'=' => s.tok("n", n),
                "true" | "false" => s.tok("kc", n),
                "inf" | "nan" => s.tok("mf", n),
                _ if n > 0 => s.tok("", n),
                _ => s.one(""),
            }
        }
    }
    s.tokens
}

/// Tokens of an INI file: sections `k`, keys `na`, `=` `o`, values `s`, comments `c1`.
pub(super) fn ini(code: &str) -> Vec<Token> {
    let mut s = Scan::new(code);
    while !s.done() {
        let indent = s.run(|b| b == b' ' || b == b'\t');
        s.tok("", indent);
        let n = s.to_eol();
        let line = &s.rest()[..n];
        if line.starts_with([';', '#']) {
            s.tok("c1", n);
        } else if line.starts_with('[') && line.trim_end().ends_with(']') {
            let k = line.trim_end().len();
            s.tok("k", k);
            s.tok("", n - k);
        } else if let Some(eq) = line.find(['=', ':']) {
            let key = line[..eq].trim_end().len();
            s.tok("na", key);
            s.tok("", eq - key);
            s.one("o");
            let rest = &s.rest()[..n - eq - 1];
            let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            s.tok("", ws);
            let value = &rest[ws..];
            let stop = value.find([';', '#']).unwrap_or(value.len());
            let v = value[..stop].trim_end().len();
            s.tok("s", v);
            s.tok("", stop - v);
            let n = s.to_eol();
            s.tok(if stop < value.len() { "c1" } else { "" }, n);
        } else {
            s.tok("", n);
        }
        s.tok("", 1);
    }
    s.tokens
}
