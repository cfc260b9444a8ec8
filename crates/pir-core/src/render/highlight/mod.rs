//! Code highlighting with the token classes Pygments gives, so the preview's code looks as
//! the published page's does.
//!
//! mkdocs-material sites highlight code with Pygments (through pymdownx.highlight), which
//! wraps each token in a `<span>` with Pygments' short class (`k` keyword, `s2` double-quoted
//! string, `c1` comment, `nt` YAML/JSON key, `gp` console prompt...), and the theme colours
//! those classes with its `--md-code-hl-*` variables. Running Pygments is not possible in the
//! app, so each language family PIRs hold has a small hand-written lexer here that follows
//! the Pygments lexer's rules for the common cases: [`shell`] (bash and console sessions),
//! [`data`] (YAML, JSON, TOML, INI) and [`code`] (Python, Go, JavaScript/TypeScript, SQL).
//! Other languages (`text`, `log`, unknown names) are left plain, as Pygments leaves `text`.
//!
//! Every lexer is one forward pass over the code (each step consumes at least one
//! character, look-aheads are bounded), never panics on any input (property-tested), and
//! the HTML is built only here, with every piece of code escaped. Whitespace is written
//! plain where Pygments wraps it in a `w` span, which no theme colours.
//! `tests/it/highlight.rs` compares the token sequences with Pygments' own when Pygments
//! is installed.

mod code;
mod data;
mod shell;
mod words;

use super::escape_into;

/// A token: its Pygments class (empty for plain text) and its byte range in the code.
type Token = (&'static str, usize, usize);

/// Appends `code` to `out` highlighted as `lang`, escaped, with one `<span class="...">`
/// per token (adjacent tokens of one class merged, spans closed at line ends as Pygments'
/// HTML formatter does). Plain (escaped) text for languages without a lexer.
pub(in crate::render) fn highlight_into(out: &mut String, lang: Option<&str>, code: &str) {
    let Some(lex) = lang.and_then(lexer) else {
        escape_into(out, code);
        return;
    };
    let tokens = lex(code);
    let mut html = Html::new(out);
    let mut at = 0;
    for (class, start, end) in tokens {
        // Lexers cover the code in order; anything they skipped is written plain.
        if start > at {
            html.push("", &code[at..start]);
        }
        if end > start && start >= at {
            html.push(class, &code[start..end]);
            at = end;
        }
    }
    html.push("", &code[at..]);
    html.flush();
}

/// `code` highlighted as `lang` (a fence's language name), as the inside of a code block's
/// `<code>` element: for callers outside the renderer and for tests.
pub fn highlight(lang: Option<&str>, code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    highlight_into(&mut out, lang, code);
    out
}

/// Whether `lang` has a lexer here (other languages are shown plain).
pub fn supported(lang: &str) -> bool {
    lexer(lang).is_some()
}

/// The lexer for a fence's language name, as Pygments' aliases name them.
fn lexer(lang: &str) -> Option<fn(&str) -> Vec<Token>> {
    let lang = lang.to_ascii_lowercase();
    Some(match lang.as_str() {
        "bash" | "sh" | "shell" | "zsh" | "ksh" => shell::bash,
        "console" | "shell-session" => shell::console,
        "yaml" | "yml" => data::yaml,
        "json" | "json-object" => data::json,
        "toml" => data::toml,
        "ini" | "cfg" | "dosini" => data::ini,
        "python" | "py" | "python3" | "py3" => code::python,
        "go" | "golang" => code::go,
        "javascript" | "js" | "mjs" | "cjs" => code::javascript,
        "typescript" | "ts" => code::typescript,
        "sql" => code::sql,
        _ => return None,
    })
}

/// The HTML writer: merges adjacent tokens of one class and splits spans at newlines.
struct Html<'o> {
    out: &'o mut String,
    class: &'static str,
    text: String,
}

impl<'o> Html<'o> {
    fn new(out: &'o mut String) -> Self {
        Html {
            out,
            class: "",
            text: String::new(),
        }
    }

    fn push(&mut self, class: &'static str, text: &str) {
        if class != self.class {
            self.flush();
            self.class = class;
        }
        self.text.push_str(text);
    }

    fn flush(&mut self) {
        if self.class.is_empty() {
            escape_into(self.out, &self.text);
        } else {
            for (i, part) in self.text.split('\n').enumerate() {
                if i > 0 {
                    self.out.push('\n');
                }
                if !part.is_empty() {
                    self.out.push_str("<span class=\"");
                    self.out.push_str(self.class);
                    self.out.push_str("\">");
                    escape_into(self.out, part);
                    self.out.push_str("</span>");
                }
            }
        }
        self.text.clear();
    }
}

/// A cursor over the code for the lexers: byte positions, always on character boundaries.
struct Scan<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    tokens: Vec<Token>,
}

impl<'a> Scan<'a> {
    fn new(s: &'a str) -> Self {
        Scan {
            s,
            b: s.as_bytes(),
            i: 0,
            tokens: Vec::new(),
        }
    }

    fn done(&self) -> bool {
        self.i >= self.b.len()
    }

    /// The byte at `i + k`, or 0 past the end.
    fn at(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    /// Emits the next `len` bytes (rounded up to a character boundary) as `class`.
    fn tok(&mut self, class: &'static str, len: usize) {
        let mut end = (self.i + len).min(self.b.len());
        while !self.s.is_char_boundary(end) {
            end += 1;
        }
        if end > self.i {
            self.tokens.push((class, self.i, end));
        }
        self.i = end;
    }

    /// Emits one character (at least one byte) as `class`.
    fn one(&mut self, class: &'static str) {
        self.tok(class, 1);
    }

    /// The length of the run of bytes from here satisfying `f` (lexers' predicates accept
    /// non-ASCII bytes whole or not at all, so runs end on character boundaries; `tok`
    /// rounds up anyway).
    fn run(&self, f: impl Fn(u8) -> bool) -> usize {
        self.b[self.i..].iter().take_while(|&&b| f(b)).count()
    }

    /// The length of an identifier here (`[A-Za-z_][\w]*`, non-ASCII letters included).
    fn word(&self) -> usize {
        if self.i < self.b.len() && (is_word(self.b[self.i]) && !self.b[self.i].is_ascii_digit()) {
            self.run(is_word)
        } else {
            0
        }
    }

    /// The length of the identifier `k` bytes ahead (0 when none starts there).
    fn word_at(&self, k: usize) -> usize {
        let from = (self.i + k).min(self.b.len());
        match self.b.get(from) {
            Some(&b) if is_word(b) && !b.is_ascii_digit() => {
                self.b[from..].iter().take_while(|&&b| is_word(b)).count()
            }
            _ => 0,
        }
    }

    /// Whether the byte before the cursor is a word character (for `\b` rules).
    fn after_word(&self) -> bool {
        self.i > 0 && is_word(self.b[self.i - 1])
    }

    /// The length up to (not including) the next newline.
    fn to_eol(&self) -> usize {
        memchr::memchr(b'\n', &self.b[self.i..]).unwrap_or(self.b.len() - self.i)
    }

    fn starts(&self, p: &str) -> bool {
        self.b[self.i..].starts_with(p.as_bytes())
    }
}

/// A word character as Python's `\w` sees it (any non-ASCII byte counts, as letters do).
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Inline code (`` `#!python len(x)` ``) highlighted as pymdownx.inlinehilite does: the
/// code's tokens without the newline Pygments adds to lex it.
pub(in crate::render) fn highlight_inline(out: &mut String, lang: &str, code: &str) {
    let mut html = String::with_capacity(code.len() + 1);
    let text = format!("{code}\n");
    highlight_into(&mut html, Some(lang), &text);
    out.push_str(html.strip_suffix('\n').unwrap_or(&html));
}
