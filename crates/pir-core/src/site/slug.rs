//! File names of PIRs: `YYYY-MM-DD-brief-description.md`.
//!
//! The slug comes from the title: its lowercase words (letters and digits of any script, common
//! Latin accents folded to ASCII) joined by hyphens, with stop-words dropped and the length
//! capped, so names stay short and predictable. Everything else in a title (`/`, `\`, `.`,
//! punctuation, spaces) only separates words, so no title can steer the path: "CPU/memory"
//! gives `cpu-memory`, "Сбой оплаты" gives `сбой-оплаты`. Control characters are refused, as
//! they have no place in a title either.

use chrono::NaiveDate;

use crate::error::{CoreError, ErrorKind, Result};

/// The longest slug, in bytes; longer ones are cut at a word boundary.
pub const MAX_SLUG_LEN: usize = 60;

/// Words dropped from slugs: they make names longer without telling PIRs apart.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "on", "in", "into", "to", "for", "and", "or", "due", "with", "by",
    "at", "from", "after", "during", "is", "was", "were", "be", "its", "it", "as",
];

/// The title without a leading `Post Incident Review:` (any case, `-` for the space too).
pub fn strip_title_prefix(title: &str) -> &str {
    let t = title.trim();
    for prefix in ["post incident review:", "post-incident review:", "pir:"] {
        if t.len() >= prefix.len()
            && t.is_char_boundary(prefix.len())
            && t[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            return t[prefix.len()..].trim_start();
        }
    }
    t
}

/// The slug of `title`: lowercase words, hyphen-joined, stop-words dropped, capped.
///
/// Refuses ([`ErrorKind::UnsafePath`]) titles containing NUL or other control characters, and
/// ([`ErrorKind::InvalidInput`]) titles with no letter or digit.
pub fn slugify(title: &str) -> Result<String> {
    if let Some(c) = title.chars().find(|c| c.is_control()) {
        return Err(CoreError::new(
            ErrorKind::UnsafePath,
            format!(
                "title contains a control character (U+{:04X}); remove it",
                u32::from(c)
            ),
        ));
    }
    let title = strip_title_prefix(title);
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    for c in title.chars() {
        match fold_ascii(c) {
            Some(folded) => current.push_str(folded),
            None if c.is_ascii_alphanumeric() => current.push(c.to_ascii_lowercase()),
            // Letters and digits of other scripts are kept, lowercased where they have case.
            None if c.is_alphanumeric() => {
                current.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
            }
            // Apostrophes join (`how's` → `hows`); everything else separates words.
            None if c == '\'' || c == '’' => {}
            None => flush(&mut current, &mut words),
        }
    }
    flush(&mut current, &mut words);
    let kept: Vec<&String> = words
        .iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect();
    // A title made only of stop-words ("The End") still deserves a name.
    let chosen: Vec<&String> = if kept.is_empty() {
        words.iter().collect()
    } else {
        kept
    };
    let mut slug = String::new();
    for w in chosen {
        let extra = if slug.is_empty() {
            w.len()
        } else {
            w.len() + 1
        };
        if slug.len() + extra > MAX_SLUG_LEN {
            if slug.is_empty() {
                // One word longer than a slug: cut it at the last whole character.
                let mut end = MAX_SLUG_LEN;
                while !w.is_char_boundary(end) {
                    end -= 1;
                }
                slug.push_str(&w[..end]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(w);
    }
    if slug.is_empty() {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "title has no letters or digits to make a file name from",
        ));
    }
    Ok(slug)
}

/// Common Latin letters with accents, folded to ASCII so `Café outage` gives `cafe-outage`.
fn fold_ascii(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        _ => return None,
    })
}

/// `YYYY-MM-DD-slug.md` for a PIR dated `date` with `title`.
pub fn pir_file_name(date: NaiveDate, title: &str) -> Result<String> {
    Ok(format!(
        "{}-{}.md",
        date.format("%Y-%m-%d"),
        slugify(title)?
    ))
}

/// The date and slug of a file name that follows the convention, else `None`.
pub fn parse_pir_file_name(name: &str) -> Option<(NaiveDate, &str)> {
    let stem = name.strip_suffix(".md")?;
    if stem.len() < 12 || !stem.is_char_boundary(10) || stem.as_bytes()[10] != b'-' {
        return None;
    }
    let date = NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d").ok()?;
    let slug = &stem[11..];
    let valid = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c == '-' || (c.is_alphanumeric() && !c.is_uppercase()))
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    valid.then_some((date, slug))
}

/// Parses `YYYY-MM-DD`, or says what is wrong.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|e| {
        CoreError::new(
            ErrorKind::InvalidInput,
            format!("bad date {text:?} ({e}); use YYYY-MM-DD"),
        )
    })
}

/// The shape of a PIR file name, as a pattern: `{date}-{slug}.md` for
/// `2026-03-30-db-outage.md`, `INC-{number}-{slug}.md` for `INC-2041-card-timeouts.md`,
/// `{slug}.md` for anything else.
pub fn name_shape(name: &str) -> String {
    let Some(stem) = name.strip_suffix(".md") else {
        return "{slug}.md".into();
    };
    if stem.len() > 11
        && stem.is_char_boundary(10)
        && stem.as_bytes()[10] == b'-'
        && chrono::NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d").is_ok()
    {
        return "{date}-{slug}.md".into();
    }
    let prefix: String = stem
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if let Some(rest) = stem[prefix.len()..].strip_prefix('-') {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if !prefix.is_empty() && digits > 0 {
            return match rest[digits..].strip_prefix('-') {
                Some(s) if !s.is_empty() => format!("{prefix}-{{number}}-{{slug}}.md"),
                _ if rest.len() == digits => format!("{prefix}-{{number}}.md"),
                _ => "{slug}.md".into(),
            };
        }
    }
    "{slug}.md".into()
}

/// Whether `name` has the shape `pattern` names (see [`name_shape`]). A slug may hold any
/// character but `/` and white space (`microk8s-1.35-upgrade` fits).
pub fn fits(pattern: &str, name: &str) -> bool {
    if pattern == "{slug}.md" {
        return name.ends_with(".md")
            && name.len() > 3
            && !name.contains(|c: char| c.is_whitespace() || c == '/');
    }
    name_shape(name) == pattern && !name.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii_without_stop_words() {
        assert_eq!(
            slugify("Radar Outage Due to Storage Replica Divergence").unwrap(),
            "radar-outage-storage-replica-divergence"
        );
        assert_eq!(
            slugify("Post Incident Review: The DNS Resolver's Loop").unwrap(),
            "dns-resolvers-loop"
        );
        assert_eq!(
            slugify("Café — 502s on /checkout?").unwrap(),
            "cafe-502s-checkout"
        );
        assert_eq!(
            slugify("Café — 502s on checkout!").unwrap(),
            "cafe-502s-checkout"
        );
        assert_eq!(slugify("The End").unwrap(), "end");
        assert_eq!(slugify("Of The").unwrap(), "of-the");
    }

    #[test]
    fn slugs_are_capped_at_a_word_boundary() {
        let s = slugify(&"word ".repeat(40)).unwrap();
        assert!(s.len() <= MAX_SLUG_LEN && !s.ends_with('-'), "{s}");
        assert_eq!(slugify(&"x".repeat(100)).unwrap().len(), MAX_SLUG_LEN);
    }

    #[test]
    fn unsafe_or_empty_titles_are_refused() {
        for t in ["nul\0byte", "tab\there"] {
            assert_eq!(slugify(t).unwrap_err().kind, ErrorKind::UnsafePath, "{t:?}");
        }
        for t in ["", "   ", "!!!", "—"] {
            assert_eq!(
                slugify(t).unwrap_err().kind,
                ErrorKind::InvalidInput,
                "{t:?}"
            );
        }
    }

    #[test]
    fn path_characters_only_separate_words() {
        for (title, slug) in [
            ("../../etc/passwd", "etc-passwd"),
            ("CPU/memory pressure", "cpu-memory-pressure"),
            ("disk\\full", "disk-full"),
            ("x..y", "x-y"),
            ("..", ""),
        ] {
            match slugify(title) {
                Ok(s) => assert_eq!(s, slug, "{title:?}"),
                Err(e) => assert!(
                    slug.is_empty() && e.kind == ErrorKind::InvalidInput,
                    "{title:?}"
                ),
            }
        }
    }

    #[test]
    fn titles_in_other_scripts_keep_their_letters() {
        for (title, slug) in [
            ("Сбой оплаты в Москве", "сбой-оплаты-в-москве"),
            ("支付服务中断", "支付服务中断"),
            ("انقطاع خدمة الدفع", "انقطاع-خدمة-الدفع"),
            ("Διακοπή DNS", "διακοπή-dns"),
            ("הפסקת שירות", "הפסקת-שירות"),
            ("भुगतान सेवा", "भुगतान-सेवा"),
        ] {
            let got = slugify(title).unwrap();
            assert_eq!(got, slug, "{title:?}");
            let d = parse_date("2026-02-22").unwrap();
            let name = pir_file_name(d, title).unwrap();
            assert_eq!(
                parse_pir_file_name(&name),
                Some((d, got.as_str())),
                "{name}"
            );
        }
        // A long word of three-byte characters is cut between characters.
        let s = slugify(&"中".repeat(40)).unwrap();
        assert!(
            s.len() <= MAX_SLUG_LEN && s.chars().all(|c| c == '中'),
            "{s}"
        );
    }

    #[test]
    fn file_names_round_trip() {
        let d = parse_date("2026-02-22").unwrap();
        let name = pir_file_name(d, "Queue Consumer Memory Leak").unwrap();
        assert_eq!(name, "2026-02-22-queue-consumer-memory-leak.md");
        assert_eq!(
            parse_pir_file_name(&name),
            Some((d, "queue-consumer-memory-leak"))
        );
        assert_eq!(parse_pir_file_name("2026-02-30-x.md"), None);
        assert_eq!(parse_pir_file_name("notes.md"), None);
        assert_eq!(parse_pir_file_name("2026-02-22-Bad_Name.md"), None);
        assert!(parse_date("22/02/2026").is_err());
    }
}
