//! Spell checking of a PIR's prose with the system's Hunspell dictionaries
//! (`/usr/share/hunspell/en_US.dic`, as Debian's `hunspell-en-us` installs them).
//!
//! Only prose is checked: fenced and inline code, URLs, link targets, HTML tags and
//! identifiers (words with digits, `_`, inner capitals such as `OpenEBS`, or in capitals
//! such as `DNS`) are what incident write-ups are full of and no dictionary knows, so
//! flagging them would bury the real typos. The dictionary is loaded once per process, on
//! first use, and a machine without one simply checks nothing (the answer says so).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Where Hunspell dictionaries are looked for, in order (`PIR_DICTIONARY_DIR` first).
const DICTIONARY_DIRS: [&str; 3] = [
    "/usr/share/hunspell",
    "/usr/share/myspell/dicts",
    "/usr/share/myspell",
];

/// One word of the text not in the dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Misspelling {
    /// Start, in UTF-16 code units (the editor's offsets).
    pub from: usize,
    /// End, in UTF-16 code units.
    pub to: usize,
    /// The word as written.
    pub word: String,
}

/// What checking a text found, and with which dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpellCheck {
    /// The dictionary used (`en_US`); none when the machine has none, so nothing was checked.
    pub dictionary: Option<String>,
    /// The words not in it, in text order.
    pub misspelled: Vec<Misspelling>,
}

/// A loaded dictionary.
pub struct Speller {
    name: String,
    dict: spellbook::Dictionary,
}

impl std::fmt::Debug for Speller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speller").field("name", &self.name).finish()
    }
}

impl Speller {
    /// Loads `NAME.aff` + `NAME.dic` from `dir`; none when they are missing or unreadable.
    pub fn load(dir: &Path, name: &str) -> Option<Speller> {
        let aff = std::fs::read_to_string(dir.join(format!("{name}.aff"))).ok()?;
        let dic = std::fs::read_to_string(dir.join(format!("{name}.dic"))).ok()?;
        let dict = spellbook::Dictionary::new(&aff, &dic).ok()?;
        Some(Speller {
            name: name.to_string(),
            dict,
        })
    }

    /// The dictionary of the user's language (`LANG=en_GB.UTF-8` → `en_GB`), else `en_US`,
    /// else any English one, from the first folder that has it.
    pub fn system() -> Option<&'static Speller> {
        static SYSTEM: OnceLock<Option<Speller>> = OnceLock::new();
        SYSTEM
            .get_or_init(|| {
                let lang = std::env::var("LANG").unwrap_or_default();
                let wanted = lang.split(['.', '@']).next().unwrap_or("").to_string();
                let dirs: Vec<PathBuf> = std::env::var_os("PIR_DICTIONARY_DIR")
                    .map(PathBuf::from)
                    .into_iter()
                    .chain(DICTIONARY_DIRS.iter().map(PathBuf::from))
                    .collect();
                let mut names = vec![wanted, "en_US".to_string(), "en_GB".to_string()];
                names.retain(|n| !n.is_empty());
                names
                    .iter()
                    .find_map(|name| dirs.iter().find_map(|dir| Speller::load(dir, name)))
            })
            .as_ref()
    }

    /// The dictionary's name (`en_US`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether `word` is spelt right.
    pub fn check_word(&self, word: &str) -> bool {
        self.dict.check(word)
    }

    /// Up to five spellings `word` may have meant, best first.
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.dict.suggest(word, &mut out);
        out.truncate(5);
        out
    }

    /// The prose words of markdown `text` that are not in the dictionary.
    pub fn check(&self, text: &str) -> Vec<Misspelling> {
        prose_words(text)
            .filter(|(_, w)| !self.dict.check(w))
            .map(|(at, w)| Misspelling {
                from: utf16_len(&text[..at]),
                to: utf16_len(&text[..at]) + utf16_len(w),
                word: w.to_string(),
            })
            .collect()
    }
}

/// Checks `text` with the system's dictionary.
pub fn check(text: &str) -> SpellCheck {
    match Speller::system() {
        Some(s) => SpellCheck {
            dictionary: Some(s.name().to_string()),
            misspelled: s.check(text),
        },
        None => SpellCheck {
            dictionary: None,
            misspelled: Vec::new(),
        },
    }
}

/// Spellings the system's dictionary suggests for `word` (none without a dictionary).
pub fn suggest(word: &str) -> Vec<String> {
    Speller::system()
        .map(|s| s.suggest(word))
        .unwrap_or_default()
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The words of the prose of `text` worth a dictionary lookup, with their byte offsets.
pub fn prose_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = marker {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            if run >= 3 {
                match fence {
                    None => {
                        fence = Some((c, run));
                        continue;
                    }
                    Some((fc, frun))
                        if fc == c && run >= frun && trimmed[run..].trim().is_empty() =>
                    {
                        fence = None;
                        continue;
                    }
                    _ => {}
                }
            }
        }
        if fence.is_some() || line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        prose_line(line, start, &mut out);
    }
    out.into_iter()
}

/// The words of one line outside inline code, URLs, link targets and HTML tags.
fn prose_line<'a>(line: &'a str, base: usize, out: &mut Vec<(usize, &'a str)>) {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let skip_to = if rest.starts_with('`') {
            let ticks = rest.bytes().take_while(|b| *b == b'`').count();
            let close = "`".repeat(ticks);
            rest[ticks..].find(&close).map(|e| i + ticks + e + ticks)
        } else if rest.starts_with("](") {
            rest.find(')').map(|e| i + e + 1)
        } else if rest.starts_with('<') {
            rest.find('>').map(|e| i + e + 1)
        } else if rest.starts_with("http://")
            || rest.starts_with("https://")
            || rest.starts_with("www.")
        {
            Some(i + rest.find(char::is_whitespace).unwrap_or(rest.len()))
        } else {
            None
        };
        if let Some(end) = skip_to {
            i = end.max(i + 1);
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c.is_alphanumeric() || c == '_' {
            // A token: letters, digits, `_`, inner apostrophes, `.`/`/`/`-` joining parts.
            let mut end = i;
            for (k, ch) in rest.char_indices() {
                let joins = matches!(ch, '\'' | '’' | '.' | '/' | '-' | '@' | ':')
                    && rest[k + ch.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_alphanumeric());
                if ch.is_alphanumeric() || ch == '_' || joins {
                    end = i + k + ch.len_utf8();
                } else {
                    break;
                }
            }
            let token = &line[i..end];
            for (at, word) in words_of(token) {
                out.push((base + i + at, word));
            }
            i = end;
        } else {
            i += c.len_utf8();
        }
        let _ = bytes;
    }
}

/// The dictionary words of a token: a token that looks like an identifier, a path, a host,
/// an address or a version (`kube-proxy` is checked as two words; `pod.name`, `a/b`,
/// `v1.2`, `user@host` are not words) gives none.
fn words_of(token: &str) -> Vec<(usize, &str)> {
    if token.contains(['.', '/', '@', ':', '_']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 0;
    for part in token.split('-') {
        if is_word(part) {
            out.push((at, part));
        }
        at += part.len() + 1;
    }
    out
}

/// A word worth looking up: letters (and apostrophes) only, two or more, not in capitals
/// (`DNS`), no capital after the first letter (`OpenEBS`, `iSCSI`).
fn is_word(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
        && !w.chars().skip(1).any(char::is_uppercase)
        && !w.ends_with(['\'', '’'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        prose_words(text).map(|(_, w)| w).collect()
    }

    #[test]
    fn only_prose_words_are_looked_up() {
        let text = "The kube-proxy restartd at `kubectl get pods` see https://example.org/x.\n\
                    ```bash\nsystemctl restart foo\n```\n\
                    [runbok](../runbooks/disk-full.md) <span class=\"x\">hi</span> DNS OpenEBS v1.2 \
                    pod.name user@host snake_case don't\n    indented codee\n";
        assert_eq!(
            words(text),
            [
                "The", "kube", "proxy", "restartd", "at", "see", "runbok", "hi", "don't"
            ]
        );
    }

    #[test]
    fn offsets_are_utf16_units() {
        let s = Speller::system()
            .expect("no Hunspell dictionary: install Debian's hunspell-en-us (`make setup` does)");
        let text = "The 😀 — restartd the servr.";
        let found = s.check(text);
        let words: Vec<&str> = found.iter().map(|m| m.word.as_str()).collect();
        assert_eq!(words, ["restartd", "servr"]);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for m in &found {
            assert_eq!(String::from_utf16(&utf16[m.from..m.to]).unwrap(), m.word);
        }
        assert!(
            s.suggest("servr").iter().any(|w| w == "server"),
            "{:?}",
            s.suggest("servr")
        );
    }
}
