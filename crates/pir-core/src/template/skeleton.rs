//! The skeleton a new PIR starts from on a site without a template page (a recent PIR with
//! its incident emptied out), and the number a `# INC-{number}` title gets.

use super::find::{fenced_lines, heading_of};
use crate::doc::section_key::SectionKey;

/// Where a new PIR's number goes in a template's title (`# INC-{number}: Title`): the
/// skeleton of a PIR titled by its number keeps its place, and `new` writes the number the
/// file name gets ([`number_title`]).
pub const NUMBER: &str = "{number}";

/// `text` with [`NUMBER`] in its title replaced by the number in the file name `name`
/// (`INC-2051-card-timeouts.md` gives `2051`); the text as it is without one.
pub fn number_title(text: &str, name: &str) -> String {
    let digits: String = name
        .split('-')
        .find(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_default()
        .to_string();
    if digits.is_empty() {
        return text.to_string();
    }
    // Only in the title line: the first line starting `# ` outside front matter.
    let mut out = String::with_capacity(text.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        if !done && line.starts_with("# ") {
            done = true;
            out.push_str(&line.replacen(NUMBER, &digits, 1));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Whether most of `pirs` (more than half) follow the built-in template: each lacks at most
/// half of its sections. A site without a template page whose PIRs do keeps it.
pub fn follow_builtin(pirs: &[crate::site::summary::PirSummary]) -> bool {
    let sections = SectionKey::document_sections().count();
    pirs.iter()
        .filter(|s| s.missing_sections.len() * 2 <= sections)
        .count()
        * 2
        > pirs.len()
}

/// The skeleton of a PIR: what a new PIR on a site without a template starts from.
///
/// Kept: the front matter's keys, the title, the metadata keys (lines, table rows or front
/// matter, under the names the PIR uses), the level-2 and level-3 headings, the header rows
/// of tables (a timeline's columns among them), rules and code fences' absence. Emptied:
/// every value and every paragraph, list, table row and deeper heading, which belong to the
/// incident the PIR was about. The Date and Severity keep a value to be replaced
/// (`YYYY-MM-DD`, `TBD`), so that [`fill`] and the new PIR's fields find them.
pub fn skeleton(text: &str) -> String {
    let text = empty_front_matter(text);
    // The metadata, wherever and under whatever name the PIR writes it.
    let mut doc = crate::doc::Document::parse(text);
    let fields: Vec<(String, String)> = doc
        .model()
        .metadata
        .iter()
        .map(|f| (f.key.clone(), f.value.clone()))
        .collect();
    for (key, value) in fields {
        let empty = match crate::doc::canonical_key(&key) {
            Some("Date") => "YYYY-MM-DD",
            Some("Severity") => "TBD",
            _ => "",
        };
        if value != empty {
            // A field the edit cannot write keeps its value: the skeleton stays a PIR.
            let _ = doc.apply(&crate::doc::Edit::SetMetadata {
                key,
                value: empty.into(),
            });
        }
    }
    // The timeline's first row stays as a placeholder in its style.
    let placeholder = doc.placeholder_of_first_row();
    empty_bodies(&doc.into_text(), placeholder)
}

/// `text` with its front matter's values emptied: a date becomes `YYYY-MM-DD`, a severity
/// `TBD`, a list `[]` (tags too; [`fill`] writes the new PIR's), any other value nothing.
pub(crate) fn empty_front_matter(text: &str) -> String {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return String::new();
    };
    if first.trim_end() != "---" {
        return text.to_string();
    }
    let mut out = String::from(first);
    let mut in_front = true;
    // The last key line written, so a list under it becomes `key: []`.
    let mut pending_list: Option<usize> = None;
    // Whether the last top-level key is the Date (`date:` over `created:` in blog posts).
    let mut under_date = false;
    for line in lines {
        if !in_front {
            out.push_str(line);
            continue;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        let eol = &line[content.len()..];
        if content.trim_end() == "---" {
            in_front = false;
            out.push_str(line);
            continue;
        }
        let t = content.trim_start();
        let indent = &content[..content.len() - t.len()];
        if t.starts_with("- ") || t == "-" {
            // A list item: dropped, its key made an empty list (once).
            if let Some(at) = pending_list.take() {
                out.insert_str(at, " []");
            }
            continue;
        }
        match t.split_once(':') {
            Some((key, value)) if !key.is_empty() && !key.contains(' ') => {
                let value = value.trim();
                let canonical = crate::doc::canonical_key(key);
                if indent.is_empty() {
                    under_date = canonical == Some("Date");
                }
                // The Date itself (a blog post's `date: created:`), not any date.
                let is_date = if indent.is_empty() {
                    canonical == Some("Date")
                } else {
                    under_date && key == "created"
                };
                let empty = if value.starts_with('[') {
                    " []"
                } else if value.is_empty() {
                    ""
                } else if is_date {
                    " YYYY-MM-DD"
                } else if canonical == Some("Severity") {
                    " TBD"
                } else {
                    ""
                };
                out.push_str(indent);
                out.push_str(key);
                out.push(':');
                pending_list = value.is_empty().then_some(out.len());
                out.push_str(empty);
                out.push_str(eol);
            }
            // Continuation of a block scalar or anything else: content, dropped.
            _ => {}
        }
    }
    out
}

/// `text` with the bodies under its headings emptied: the metadata block under the title
/// keeps its metadata lines and table; level-2 and level-3 headings stay, with their tables'
/// header rows and the rules between sections; everything else goes. Blank lines are kept
/// one at a time.
///
/// `placeholder` (a 0-based line of `text` and a line) replaces that line: a timeline row
/// kept as a placeholder ([`crate::doc::Document::placeholder_of_first_row`]).
pub(crate) fn empty_bodies(text: &str, placeholder: Option<(usize, String)>) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let flags = fenced_lines(text);
    let mut out = String::with_capacity(text.len() / 4);
    let mut front = lines.first().is_some_and(|l| l.trim_end() == "---");
    let mut seen_h2 = false;
    let mut i = 0;
    // Whether the text so far ends in a blank line (or is empty): a second one is dropped.
    let blank_end = |out: &str| out.is_empty() || out.ends_with("\n\n") || out.ends_with("\n\r\n");
    while i < lines.len() {
        let line = lines[i];
        let fenced = flags.get(i).is_some_and(|f| f.1);
        let t = line.trim();
        if front {
            out.push_str(line);
            if i > 0 && t == "---" {
                front = false;
            }
            i += 1;
            continue;
        }
        let heading = (!fenced).then(|| heading_of(line.trim_end())).flatten();
        let keep = match heading {
            Some((1, _)) => true,
            Some((lv, _)) => {
                if lv == 2 {
                    seen_h2 = true;
                }
                lv <= 3
            }
            None if fenced => false,
            None if t.is_empty() => {
                if !blank_end(&out) {
                    out.push_str(line);
                }
                i += 1;
                continue;
            }
            None if t.len() >= 3
                && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '*')) =>
            {
                true
            }
            None if t.starts_with('|') => {
                // A table: its header and delimiter rows (all of it under the title, where
                // it is the metadata table).
                let start = i;
                while i < lines.len() && lines[i].trim().starts_with('|') {
                    i += 1;
                }
                let keep = if seen_h2 {
                    (i - start).min(2)
                } else {
                    i - start
                };
                for l in &lines[start..start + keep] {
                    out.push_str(l);
                }
                if let Some((at, row)) = &placeholder
                    && keep == 2
                    && *at == start + 2
                    && *at < i
                {
                    out.push_str(row);
                }
                continue;
            }
            None if !seen_h2 && crate::doc::parse_meta_line(t).is_some() => {
                // An emptied value leaves no trailing space behind its key.
                let content = line.trim_end_matches(['\n', '\r']);
                out.push_str(content.trim_end());
                out.push_str(&line[content.len()..]);
                false
            }
            None => placeholder.as_ref().is_some_and(|(at, _)| *at == i),
        };
        if keep {
            match placeholder.as_ref().filter(|(at, _)| *at == i) {
                Some((_, row)) => out.push_str(row),
                None => out.push_str(line),
            }
        }
        i += 1;
    }
    // One line ending at the end.
    while out.ends_with("\n\n") || out.ends_with("\r\n\r\n") {
        let cut = if out.ends_with("\r\n") { 2 } else { 1 };
        out.truncate(out.len() - cut);
    }
    out
}
