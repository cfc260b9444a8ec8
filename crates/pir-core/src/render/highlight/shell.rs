//! Bash (Pygments' `BashLexer`) and console sessions (`BashSessionLexer`): prompts `gp`,
//! output `go`, commands lexed as bash.

use super::{Scan, Token, is_space, is_word};

const KEYWORDS: &[&str] = &[
    "if", "fi", "else", "while", "in", "do", "done", "for", "then", "return", "function", "case",
    "select", "break", "continue", "until", "esac", "elif",
];

const BUILTINS: &[&str] = &[
    "alias", "bg", "bind", "builtin", "caller", "cd", "command", "compgen", "complete", "declare",
    "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc", "fg",
    "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "popd",
    "printf", "pushd", "pwd", "read", "readonly", "set", "shift", "shopt", "source", "suspend",
    "test", "time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias",
    "unset", "wait",
];

/// How many here-documents without their end word are searched for before `<<` is taken as
/// text: each search reads the rest of the code, so unbounded failures would be quadratic.
const HEREDOC_MISSES: usize = 32;

#[derive(Clone, Copy, PartialEq)]
enum State {
    Root,
    /// `$( ... )`
    Paren,
    /// `$(( ... ))`
    Math,
    /// `` ` ... ` ``
    Backticks,
    /// `${ ... }`
    Curly,
    /// Inside `"..."` holding an expansion.
    String,
}

/// Tokens of a bash script.
pub(super) fn bash(code: &str) -> Vec<Token> {
    let mut s = Scan::new(code);
    lex_bash(&mut s);
    s.tokens
}

fn lex_bash(s: &mut Scan<'_>) {
    let mut stack = vec![State::Root];
    let mut misses = 0;
    while !s.done() {
        let state = *stack.last().unwrap_or(&State::Root);
        let c = s.at(0);
        match state {
            State::String => {
                if c == b'"' {
                    s.one("s2");
                    stack.pop();
                } else if c == b'$' {
                    interp(s, &mut stack);
                } else {
                    let mut n = 0;
                    while s.i + n < s.b.len() {
                        match s.b[s.i + n] {
                            b'"' | b'$' => break,
                            b'\\' if s.i + n + 1 < s.b.len() => n += 2,
                            b'\\' => break,
                            _ => n += 1,
                        }
                    }
                    if n == 0 {
                        s.one("err");
                    } else {
                        s.tok("s2", n);
                    }
                }
                continue;
            }
            State::Paren if c == b')' => {
                s.one("k");
                stack.pop();
                continue;
            }
            State::Backticks if c == b'`' => {
                s.one("sb");
                stack.pop();
                continue;
            }
            State::Math => {
                if s.starts("))") {
                    s.tok("k", 2);
                    stack.pop();
                    continue;
                }
                if s.starts("**") || s.starts("||") || s.starts("<<") || s.starts(">>") {
                    s.tok("o", 2);
                    continue;
                }
                if b"-+*/%^|&<>".contains(&c) {
                    s.one("o");
                    continue;
                }
                if c.is_ascii_digit() {
                    let n = s.run(|b| b.is_ascii_alphanumeric() || b == b'#');
                    s.tok("m", n);
                    continue;
                }
                let w = s.word();
                if w > 0 {
                    s.tok("nv", w);
                    continue;
                }
            }
            State::Curly => {
                if c == b'}' {
                    s.one("si");
                    stack.pop();
                    continue;
                }
                if s.starts(":-") {
                    s.tok("k", 2);
                    continue;
                }
                let w = s.run(is_word);
                if w > 0 {
                    s.tok("nv", w);
                    continue;
                }
                let n = s.run(|b| !b"}:\"'`$\\".contains(&b));
                if n > 0 {
                    s.tok("p", n);
                    continue;
                }
                if c == b':' {
                    s.one("p");
                    continue;
                }
            }
            _ => {}
        }
        root(s, &mut stack, &mut misses);
    }
}

/// One step of the `root` rules (basic, backticks, data, interp).
fn root(s: &mut Scan<'_>, stack: &mut Vec<State>, misses: &mut usize) {
    let c = s.at(0);
    // basic
    if !s.after_word() && is_word(c) {
        let w = s.run(is_word);
        let word = &s.rest()[..w];
        let next = s.at(w);
        if KEYWORDS.contains(&word) && !(is_word(next) || b"#$?!*@-".contains(&next)) {
            s.tok("k", w);
            return;
        }
        if BUILTINS.contains(&word) && (is_space(next) || next == b')' || next == b'`') {
            s.tok("nb", w);
            return;
        }
    }
    if s.i == 0 && s.starts("#!") && s.at(2) != b'\n' && s.at(2) != 0 {
        let n = s.to_eol();
        s.tok("ch", n);
        return;
    }
    if c == b'#' {
        let n = s.to_eol();
        s.tok("c1", n);
        return;
    }
    if c == b'\\' && s.i + 1 < s.b.len() {
        s.tok("se", 2);
        return;
    }
    if !s.after_word() && is_word(c) {
        // `name=`, `name+=` (spaces allowed before the operator).
        let w = s.run(is_word);
        let mut k = w;
        while is_space(s.at(k)) {
            k += 1;
        }
        let op = if s.at(k) == b'=' {
            1
        } else if s.at(k) == b'+' && s.at(k + 1) == b'=' {
            2
        } else {
            0
        };
        if op > 0 {
            s.tok("nv", w);
            s.tok("", k - w);
            s.tok("o", op);
            return;
        }
    }
    if b"[]{}()=".contains(&c) {
        s.one("o");
        return;
    }
    if s.starts("<<<") {
        s.tok("o", 3);
        return;
    }
    if s.starts("<<")
        && *misses < HEREDOC_MISSES
        && let Some(n) = heredoc(s.rest())
    {
        s.tok("s", n);
        return;
    } else if s.starts("<<") && heredoc_head(s.rest()).is_some() {
        *misses += 1;
    }
    if s.starts("&&") || s.starts("||") {
        s.tok("o", 2);
        return;
    }
    if c == b'`' {
        s.one("sb");
        stack.push(State::Backticks);
        return;
    }
    // data
    let q = usize::from(c == b'$');
    if s.at(q) == b'"' {
        // A string without expansions is one token; otherwise its parts are.
        let mut k = q + 1;
        while s.i + k < s.b.len() {
            match s.b[s.i + k] {
                b'"' => {
                    s.tok("s2", k + 1);
                    return;
                }
                b'\\' if s.i + k + 1 < s.b.len() => k += 2,
                b'\\' | b'$' => break,
                _ => k += 1,
            }
        }
        if q == 0 {
            s.one("s2");
            stack.push(State::String);
            return;
        }
    }
    if c == b'$' && s.at(1) == b'\'' {
        let mut k = 2;
        while s.i + k < s.b.len() {
            match s.at(k) {
                b'\'' => {
                    s.tok("s1", k + 1);
                    return;
                }
                b'\\' => k += 2,
                _ => k += 1,
            }
        }
    }
    if c == b'\'' {
        if let Some(n) = memchr::memchr(b'\'', &s.b[s.i + 1..]) {
            s.tok("s1", n + 2);
        } else {
            s.one("err");
        }
        return;
    }
    if matches!(c, b';' | b'&' | b'|') {
        s.one("p");
        return;
    }
    if is_space(c) {
        let n = s.run(is_space);
        s.tok("", n);
        return;
    }
    if c.is_ascii_digit() {
        let n = s.run(|b| b.is_ascii_digit());
        if !is_word(s.at(n)) {
            s.tok("m", n);
            return;
        }
    }
    let n = s.run(|b| !is_space(b) && !b"=[]{}()$\"'`\\<&|;".contains(&b));
    if n > 0 {
        s.tok("", n);
        return;
    }
    if c == b'<' {
        s.one("");
        return;
    }
    if c == b'$' {
        interp(s, stack);
        return;
    }
    s.one("err");
}

/// The `interp` rules, at a `$`.
fn interp(s: &mut Scan<'_>, stack: &mut Vec<State>) {
    if s.starts("$((") {
        s.tok("k", 3);
        stack.push(State::Math);
    } else if s.starts("$(") {
        s.tok("k", 2);
        stack.push(State::Paren);
    } else if s.starts("${") {
        s.tok("si", if s.at(2) == b'#' { 3 } else { 2 });
        stack.push(State::Curly);
    } else if s.at(1).is_ascii_alphabetic() || s.at(1) == b'_' || s.at(1) >= 0x80 {
        let n = 1 + s.b[s.i + 1..].iter().take_while(|&&b| is_word(b)).count();
        s.tok("nv", n);
    } else if s.at(1).is_ascii_digit() {
        let n = 1 + s.b[s.i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        s.tok("nv", n);
    } else if b"#$?!_*@-".contains(&s.at(1)) && s.at(1) != 0 {
        s.tok("nv", 2);
    } else {
        s.one("");
    }
}

/// The here-document's head `<<-? 'WORD'`: the word's range in `text`.
fn heredoc_head(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut k = 2;
    if b.get(k) == Some(&b'-') {
        k += 1;
    }
    while b.get(k).is_some_and(|&c| is_space(c)) {
        k += 1;
    }
    if b.get(k) == Some(&b'\'') {
        k += 1;
    }
    if b.get(k) == Some(&b'\\') {
        k += 1;
    }
    let w = b[k.min(b.len())..]
        .iter()
        .take_while(|&&c| is_word(c))
        .count();
    (w > 0).then_some((k, k + w))
}

/// The length of a here-document starting at `text` (`<<EOF` through the next `EOF`).
fn heredoc(text: &str) -> Option<usize> {
    let (from, to) = heredoc_head(text)?;
    let word = &text[from..to];
    let body = to + 1;
    if body > text.len() || !text.is_char_boundary(body) {
        return None;
    }
    text[body..].find(word).map(|at| body + at + word.len())
}

/// Tokens of a console session: prompts, commands (as bash, continuing over lines) and
/// output lines.
pub(super) fn console(code: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    // The current command's code (its lines after their prompts) and where each of its
    // pieces lies in `code`.
    let mut cmd = String::new();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut continued = false;
    let mut at = 0;
    for line in code.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let prompt = if continued {
            Some(if line.starts_with("> ") { 2 } else { 0 })
        } else {
            prompt_len(line)
        };
        match prompt {
            Some(p) => {
                // Prompts are insertions: the command's code continues in `cmd` until
                // an output line.
                if p > 0 {
                    tokens.push(("gp", start, start + p));
                }
                cmd.push_str(&line[p..]);
                pieces.push((start + p, at));
                continued = cmd.ends_with("\\\n");
            }
            None => {
                flush_command(&mut cmd, &mut pieces, &mut tokens);
                tokens.push(("go", start, at));
            }
        }
    }
    flush_command(&mut cmd, &mut pieces, &mut tokens);
    tokens.sort_by_key(|t| t.1);
    tokens
}

/// Lexes the command collected so far and maps its tokens back to positions in the session.
fn flush_command(cmd: &mut String, pieces: &mut Vec<(usize, usize)>, tokens: &mut Vec<Token>) {
    if cmd.is_empty() {
        return;
    }
    let mut offset = 0;
    let mut piece = 0;
    for (class, mut a, b) in bash(cmd) {
        // Split the token where it crosses from one piece to the next.
        while a < b && piece < pieces.len() {
            let (ps, pe) = pieces[piece];
            let len = pe - ps;
            let here_end = b.min(offset + len);
            if a < here_end {
                tokens.push((class, ps + (a - offset), ps + (here_end - offset)));
                a = here_end;
            }
            if a >= offset + len {
                offset += len;
                piece += 1;
            }
        }
    }
    cmd.clear();
    pieces.clear();
}

/// The length of a prompt at the start of `line` (`$ `, `# `, `user@host:~$ `, `[u@h d]$ `)
/// as Pygments' `_ps1rgx` finds it; `None` for output.
fn prompt_len(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let after_sign = |k: usize| -> Option<usize> {
        let mut k = k + b[k..]
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        let sign = if line[k..].starts_with('❯') {
            '❯'.len_utf8()
        } else if matches!(b.get(k), Some(b'$' | b'#' | b'%')) {
            1
        } else {
            return None;
        };
        k += sign;
        Some(k + b[k..].iter().take_while(|&&c| is_space(c)).count())
    };
    if let Some(n) = after_sign(0) {
        return Some(n);
    }
    if b.first() == Some(&b'[') {
        let close = memchr::memchr(b']', b)?;
        return after_sign(close + 1);
    }
    // `user@host:path$`: a word, more, an `@` or `:`, and more before the sign.
    if !b.first().is_some_and(|&c| is_word(c)) {
        return None;
    }
    let run = b.iter().take_while(|&&c| !is_space(c)).count();
    // The last sign (`\S+` is greedy) with an `@` or `:` at least two bytes into the run
    // and a byte between it and the sign.
    let mut sep = None;
    let mut found = None;
    for (k, &c) in b.iter().enumerate().take(run) {
        if matches!(c, b'$' | b'#' | b'%')
            && sep.is_some_and(|at| at >= 2 && at + 1 < k)
            && let Some(n) = after_sign(k)
        {
            found = Some(n);
        }
        if c == b'@' || c == b':' {
            sep = Some(k);
        }
    }
    found
}
