//! Programming languages: Python (Pygments' `PythonLexer`), Go, JavaScript/TypeScript and
//! SQL, on one scanner configured per language with Pygments' word lists and classes.

use super::words::{
    GO_WORDS, JS_OPS, JS_WORDS, PY_BUILTINS, PY_EXCEPTIONS, SQL_KEYWORDS, SQL_TYPES, TS_WORDS,
};
use super::{Scan, Token, is_space, is_word};

/// A language's rules for the shared scanner.
struct Lang {
    /// Line comment starts (`//`, `#`, `--`).
    line_comments: &'static [&'static str],
    /// Whether `/* ... */` comments exist.
    block_comments: bool,
    /// Word lists and their classes, the first match winning.
    words: &'static [(&'static [&'static str], &'static str)],
    /// Whether words match in any case (SQL).
    any_case: bool,
    /// The class of other names (`n`, or `nx` for Pygments' C-family lexers).
    name: &'static str,
    /// The class of decimal integers (`mi`; JavaScript's `mf`).
    int: &'static str,
    /// Operators, longest first.
    ops: &'static [&'static str],
    /// Punctuation, longest first.
    punct: &'static [&'static str],
    /// Classes of `"..."` and `'...'` strings (empty: the quote is not a string).
    double: &'static str,
    single: &'static str,
    /// Whether a backslash escapes inside strings.
    escapes: bool,
}

#[rustfmt::skip]
const GO: Lang = Lang {
    line_comments: &["//"],
    block_comments: true,
    words: GO_WORDS,
    any_case: false,
    name: "nx",
    int: "mi",
    ops: &[
        "<<=", ">>=", "&^=", "<<", ">>", "<=", ">=", "&^", "+=", "-=", "*=", "/=", "%=", "&=",
        "|=", "&&", "||", "<-", "++", "--", "==", "!=", ":=", "+", "-", "*", "/", "%", "&", "!",
        "=", "<", ">", "|", "^",
    ],
    punct: &["...", "(", ")", "[", "]", "{", "}", ".", ",", ";", ":", "~"],
    double: "s",
    single: "sc",
    escapes: true,
};

#[rustfmt::skip]
const JAVASCRIPT: Lang = Lang {
    line_comments: &["//"],
    block_comments: true,
    words: JS_WORDS,
    any_case: false,
    name: "nx",
    int: "mf",
    ops: JS_OPS,
    punct: &["(", ")", "[", "]", "{", "}", ";", ",", "."],
    double: "s2",
    single: "s1",
    escapes: true,
};

#[rustfmt::skip]
const SQL: Lang = Lang {
    line_comments: &["--"],
    block_comments: true,
    words: &[(SQL_KEYWORDS, "k"), (SQL_TYPES, "nb")],
    any_case: true,
    name: "n",
    int: "mi",
    ops: &[
        "+", "*", "/", "<", ">", "=", "~", "!", "@", "#", "%", "^", "&", "|", "`", "?", "-",
    ],
    punct: &[";", ":", "(", ")", "[", "]", ",", "."],
    double: "ss",
    single: "s1",
    escapes: false,
};

#[rustfmt::skip]
const PYTHON: Lang = Lang {
    line_comments: &["#"],
    block_comments: false,
    words: &[
        (
            &[
                "assert", "async", "await", "break", "continue", "del", "elif", "else", "except",
                "finally", "for", "global", "if", "lambda", "pass", "raise", "nonlocal", "return",
                "try", "while", "yield", "as", "with", "def", "class",
            ],
            "k",
        ),
        (&["True", "False", "None"], "kc"),
        (&["import", "from"], "kn"),
        (&["in", "is", "and", "or", "not"], "ow"),
        (PY_BUILTINS, "nb"),
        (&["self", "cls", "Ellipsis", "NotImplemented"], "bp"),
        (PY_EXCEPTIONS, "ne"),
    ],
    any_case: false,
    name: "n",
    int: "mi",
    ops: &[
        "!=", "==", "<<", ">>", ":=", "-", "~", "+", "/", "*", "%", "=", "<", ">", "&", "^", "|",
        ".",
    ],
    punct: &["(", ")", "[", "]", "{", "}", ":", ",", ";"],
    double: "s2",
    single: "s1",
    escapes: true,
};

/// Which language's extra rules apply on top of its [`Lang`].
#[derive(Clone, Copy, PartialEq)]
enum Extra {
    None,
    Go,
    Python,
    JavaScript,
    TypeScript,
}

/// Tokens of Go code.
pub(super) fn go(code: &str) -> Vec<Token> {
    lex(code, &GO, Extra::Go)
}

/// Tokens of JavaScript code.
pub(super) fn javascript(code: &str) -> Vec<Token> {
    lex(code, &JAVASCRIPT, Extra::JavaScript)
}

/// Tokens of TypeScript code.
pub(super) fn typescript(code: &str) -> Vec<Token> {
    lex(code, &JAVASCRIPT, Extra::TypeScript)
}

/// Tokens of SQL.
pub(super) fn sql(code: &str) -> Vec<Token> {
    lex(code, &SQL, Extra::None)
}

/// Tokens of Python code.
pub(super) fn python(code: &str) -> Vec<Token> {
    lex(code, &PYTHON, Extra::Python)
}

/// Where the scanner is, beyond plain code.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Inside a JavaScript template literal.
    Template,
    /// Inside `${ ... }` (JavaScript) or `{ ... }` (Python f-string, whose quote is kept),
    /// with the count of brackets opened inside.
    Expr(usize, Option<(u8, bool)>),
}

fn lex(code: &str, lang: &Lang, extra: Extra) -> Vec<Token> {
    let mut s = Scan::new(code);
    let mut modes: Vec<Mode> = Vec::new();
    // Python: the keyword whose name follows (`def`, `class`, `import`, `from`).
    let mut pending: &str = "";
    // Python: inside `import a.b, c` (names are namespaces) until the line ends.
    let mut importing = false;
    // Whether only blanks precede the cursor on its line (for docstrings).
    let mut line_start = true;
    let is_ident = |b: u8| is_word(b) || (b == b'$' && extra != Extra::Python);
    while !s.done() {
        let c = s.at(0);
        match modes.last().copied() {
            Some(Mode::Template) => {
                template(&mut s, &mut modes);
                continue;
            }
            Some(Mode::Expr(depth, quote)) => {
                let end = if depth == 0 {
                    field_end(&s, quote.is_some())
                } else {
                    0
                };
                if end > 0 {
                    s.tok("si", end);
                    modes.pop();
                    if let Some((q, triple)) = quote {
                        py_string(&mut s, q, triple, true, false, false, &mut modes);
                    }
                    continue;
                }
                if quote.is_some() && c == quote.map_or(0, |q| q.0) {
                    // The f-string ends inside a replacement field: give up on the field.
                    modes.pop();
                    continue;
                }
                if matches!(c, b'{' | b'(' | b'[') {
                    modes.pop();
                    modes.push(Mode::Expr(depth + 1, quote));
                } else if matches!(c, b'}' | b')' | b']') && depth > 0 {
                    modes.pop();
                    modes.push(Mode::Expr(depth - 1, quote));
                }
            }
            None => {}
        }
        if c == b'\n' {
            importing = false;
            line_start = true;
            s.one("");
            continue;
        }
        if is_space(c) {
            let n = s.run(|b| is_space(b) && b != b'\n');
            s.tok("", n);
            continue;
        }
        let at_line_start = std::mem::replace(&mut line_start, false);
        if let Some(p) = lang.line_comments.iter().find(|p| s.starts(p)) {
            let hashbang = extra == Extra::Python && s.i == 0 && s.starts("#!");
            let _ = p;
            let n = s.to_eol();
            s.tok(if hashbang { "ch" } else { "c1" }, n);
            continue;
        }
        if lang.block_comments && s.starts("/*") {
            let n = s.rest()[2..].find("*/").map_or(s.b.len() - s.i, |k| k + 4);
            s.tok("cm", n);
            continue;
        }
        if extra == Extra::Python
            && python_step(
                &mut s,
                at_line_start,
                &mut modes,
                &mut pending,
                &mut importing,
            )
        {
            continue;
        }
        if extra == Extra::Go && c == b'`' {
            let n = memchr::memchr(b'`', &s.b[s.i + 1..]).map_or(s.b.len() - s.i, |k| k + 2);
            s.tok("s", n);
            continue;
        }
        if matches!(extra, Extra::JavaScript | Extra::TypeScript) && c == b'`' {
            s.one("sb");
            modes.push(Mode::Template);
            continue;
        }
        if c == b'"' && !lang.double.is_empty() || c == b'\'' && !lang.single.is_empty() {
            let class = if c == b'"' { lang.double } else { lang.single };
            let n = quoted(s.rest(), c, lang.escapes, lang.any_case);
            s.tok(class, n);
            continue;
        }
        if c.is_ascii_digit()
            || (c == b'.' && s.at(1).is_ascii_digit() && lang.int != "mi")
            || (c == b'.' && s.at(1).is_ascii_digit() && extra == Extra::Python)
        {
            let (n, class) = number(&s, lang, extra);
            s.tok(class, n);
            continue;
        }
        if is_ident(c) {
            let n = s.run(is_ident);
            let word = &s.rest()[..n];
            let mut class = word_class(lang, word, extra);
            // Python's builtins are not builtins as attributes (`"".format`).
            if extra == Extra::Python
                && matches!(class, "nb" | "bp" | "ne")
                && s.i > 0
                && s.b[s.i - 1] == b'.'
            {
                class = lang.name;
            }
            // Go's builtins are builtins only when called.
            if extra == Extra::Go && class == "nb" && s.at(n) != b'(' {
                class = lang.name;
            }
            s.tok(class, n);
            continue;
        }
        if extra == Extra::TypeScript && c == b':' {
            // `name: Type`: the type after a colon.
            s.one("o");
            let ws = s.run(|b| b == b' ' || b == b'\t');
            let t = s.b[s.i + ws..]
                .iter()
                .take_while(|&&b| is_word(b) || b"?.$".contains(&b))
                .count();
            if t > 0 {
                s.tok("", ws);
                s.tok("kt", t);
            }
            continue;
        }
        if let Some(p) = lang.punct.iter().find(|p| s.starts(p))
            && !(extra != Extra::Python
                && lang.ops.iter().any(|o| o.len() > p.len() && s.starts(o)))
        {
            s.tok("p", p.len());
            continue;
        }
        if let Some(o) = lang.ops.iter().find(|o| s.starts(o)) {
            let class = if matches!(*o, "..." | "=>") { "p" } else { "o" };
            s.tok(class, o.len());
            continue;
        }
        s.one("");
    }
    s.tokens
}

/// The length of the end of a replacement field here: `}` (JavaScript), or in a Python
/// f-string an optional `=` (debug) and `!r` conversion, then `}` or the format spec's `:`.
fn field_end(s: &Scan<'_>, python: bool) -> usize {
    if !python {
        return usize::from(s.at(0) == b'}');
    }
    let mut k = 0;
    if s.at(k) == b'=' {
        k += 1;
        while is_space(s.at(k)) {
            k += 1;
        }
    }
    if s.at(k) == b'!' && b"sraf".contains(&s.at(k + 1)) && s.at(k + 1) != 0 {
        k += 2;
    }
    if matches!(s.at(k), b'}' | b':') {
        k + 1
    } else {
        0
    }
}

/// The class of a word: the language's lists, else a name.
fn word_class(lang: &Lang, word: &str, extra: Extra) -> &'static str {
    let lists = if extra == Extra::TypeScript {
        TS_WORDS.iter().chain(lang.words)
    } else {
        [].iter().chain(lang.words)
    };
    for (list, class) in lists {
        let found = if lang.any_case {
            list.binary_search(&word.to_ascii_lowercase().as_str())
                .is_ok()
        } else {
            list.contains(&word)
        };
        if found {
            return class;
        }
    }
    lang.name
}

/// The length and class of a number literal here.
fn number(s: &Scan<'_>, lang: &Lang, extra: Extra) -> (usize, &'static str) {
    let b = &s.b[s.i..];
    let digits = |from: usize, f: fn(u8) -> bool| {
        from + b[from..].iter().take_while(|&&c| f(c) || c == b'_').count()
    };
    if lang.any_case {
        return (digits(0, |c| c.is_ascii_digit()).max(1), "mi");
    }
    if b[0] == b'0' && b.len() > 2 {
        let (f, class): (fn(u8) -> bool, _) = match b[1] {
            b'x' | b'X' => (|c: u8| c.is_ascii_hexdigit(), "mh"),
            b'o' | b'O' => (|c: u8| (b'0'..=b'7').contains(&c), "mo"),
            b'b' | b'B' => (|c: u8| c == b'0' || c == b'1', "mb"),
            _ => (|_| false, ""),
        };
        if !class.is_empty() && f(b[2]) {
            return (digits(2, f), class);
        }
    }
    let mut k = digits(0, |c| c.is_ascii_digit());
    let mut float = false;
    if b.get(k) == Some(&b'.')
        && (extra != Extra::None || b.get(k + 1).is_some_and(u8::is_ascii_digit))
    {
        float = true;
        k = digits(k + 1, |c| c.is_ascii_digit());
    }
    if matches!(b.get(k), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(b.get(k + 1), Some(b'+' | b'-')));
        if b.get(k + 1 + sign).is_some_and(u8::is_ascii_digit) {
            float = true;
            k = digits(k + 1 + sign, |c| c.is_ascii_digit());
        }
    }
    if extra == Extra::Python && matches!(b.get(k), Some(b'j' | b'J')) {
        k += 1;
    }
    (k.max(1), if float { "mf" } else { lang.int })
}

/// The length of a quoted string (to its closing quote, or the code's end). SQL strings
/// double their quote instead of escaping it.
fn quoted(rest: &str, q: u8, escapes: bool, doubled: bool) -> usize {
    let b = rest.as_bytes();
    let mut k = 1;
    while k < b.len() {
        if escapes && b[k] == b'\\' {
            k += 2;
            continue;
        }
        if b[k] == q {
            if doubled && b.get(k + 1) == Some(&q) {
                k += 2;
                continue;
            }
            return k + 1;
        }
        if b[k] == b'\n' && escapes {
            return k;
        }
        k += 1;
    }
    b.len()
}

/// One step of a JavaScript template literal's text.
fn template(s: &mut Scan<'_>, modes: &mut Vec<Mode>) {
    if s.at(0) == b'`' {
        s.one("sb");
        modes.pop();
    } else if s.starts("${") {
        s.tok("si", 2);
        modes.push(Mode::Expr(0, None));
    } else if s.at(0) == b'\\' {
        s.tok("sb", 2);
    } else {
        let n = s.run(|b| !matches!(b, b'`' | b'\\' | b'$'));
        s.tok("sb", n.max(1));
    }
}

/// Python's rules beyond the shared ones: docstrings, decorators, string prefixes and
/// f-strings, and the names after `def`, `class`, `import` and `from`. Returns whether it
/// consumed anything.
fn python_step(
    s: &mut Scan<'_>,
    line_start: bool,
    modes: &mut Vec<Mode>,
    pending: &mut &'static str,
    importing: &mut bool,
) -> bool {
    let c = s.at(0);
    // The string prefix (`f`, `rb`...) before a quote, if any.
    let prefix = s.b[s.i..]
        .iter()
        .take(3)
        .take_while(|&&b| b"rRuUbBfFtT".contains(&b))
        .count()
        .min(2);
    let prefix = (0..=prefix)
        .rev()
        .find(|&p| matches!(s.at(p), b'"' | b'\'') && (p == 0 || !s.after_word()));
    if let Some(p) = prefix {
        let affix = &s.rest()[..p].to_ascii_lowercase();
        let q = s.at(p);
        let triple = s.at(p + 1) == q && s.at(p + 2) == q;
        if line_start && triple && !affix.contains(['f', 't']) && modes.is_empty() {
            s.tok("sa", p);
            let close = if q == b'"' { "\"\"\"" } else { "'''" };
            let n = s.rest()[3..].find(close).map_or(s.b.len() - s.i, |k| k + 6);
            s.tok("sd", n);
        } else {
            s.tok("sa", p);
            let fstr = affix.contains(['f', 't']);
            py_string(s, q, triple, fstr, affix.contains('r'), true, modes);
        }
        *pending = "";
        return true;
    }
    if c == b'@' && s.word_at(1) > 0 {
        let mut n = 1 + s.word_at(1);
        while s.at(n) == b'.' && s.word_at(n + 1) > 0 {
            n += 1 + s.word_at(n + 1);
        }
        s.tok("nd", n);
        return true;
    }
    let w = s.word();
    if w == 0 {
        return false;
    }
    let word = &s.rest()[..w];
    match (word, *pending) {
        ("import", _) => {
            *importing = *pending != "from";
            *pending = "";
            s.tok("kn", w);
        }
        ("from", _) => {
            *pending = "from";
            s.tok("kn", w);
        }
        ("as", _) => s.tok("k", w),
        ("def" | "class", _) => {
            *pending = if word == "def" { "def" } else { "class" };
            s.tok("k", w);
        }
        (_, "def") => {
            *pending = "";
            s.tok("nf", w);
        }
        (_, "class") => {
            *pending = "";
            s.tok("nc", w);
        }
        _ if *importing || *pending == "from" => {
            let n = s.run(|b| is_word(b) || b == b'.');
            s.tok("nn", n);
        }
        _ => return false,
    }
    true
}

/// A Python string from its opening quote (or, with `open` false, from inside an f-string
/// after a replacement field) to its closing quote or its first replacement field.
fn py_string(
    s: &mut Scan<'_>,
    q: u8,
    triple: bool,
    fstr: bool,
    raw: bool,
    open: bool,
    modes: &mut Vec<Mode>,
) {
    let class = if q == b'"' { "s2" } else { "s1" };
    let width = if triple { 3 } else { 1 };
    if open {
        s.tok(class, width);
    }
    while !s.done() {
        let c = s.at(0);
        if c == q && (!triple || (s.at(1) == q && s.at(2) == q)) {
            s.tok(class, width);
            return;
        }
        if c == b'\n' && !triple {
            return;
        }
        if c == b'\\' && !raw {
            s.tok("se", 2);
        } else if c == b'\\' {
            s.tok(class, 2);
        } else if fstr && (s.starts("{{") || s.starts("}}")) {
            s.tok("se", 2);
        } else if fstr && c == b'{' {
            s.one("si");
            modes.push(Mode::Expr(0, Some((q, triple))));
            return;
        } else if fstr && c == b'}' {
            s.one("si");
        } else if !fstr && c == b'%' && s.at(1) != 0 {
            let n = 1 + s.b[s.i + 1..]
                .iter()
                .take_while(|b| b"()#0- +.*hlL".contains(b) || b.is_ascii_alphanumeric())
                .position(|b| b"diouxXeEfFgGcrsa%".contains(b))
                .map_or(0, |p| p + 1);
            s.tok(if n > 1 { "si" } else { class }, n);
        } else if !fstr
            && c == b'{'
            && let Some(n) = format_field(s.rest())
        {
            s.tok("si", n);
        } else {
            let n = s.run(|b| b != q && !b"\\\n{}%".contains(&b));
            s.tok(class, n.max(1));
        }
    }
}

/// The length of a `str.format` field (`{}`, `{0}`, `{name!r:>10}`) at the start of `text`.
fn format_field(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let end = b.iter().take(64).position(|&c| c == b'}')?;
    b[1..end]
        .iter()
        .all(|&c| is_word(c) || b".[]!:<>^=+- ,#%".contains(&c))
        .then_some(end + 1)
}
