//! Finding a page's Recent Incidents list: its heading (never one inside a code fence), its
//! year sub-headings, and each entry with its sub-bullets.

use super::link::{parse_link, unescape_link_text};
use super::list::{ListEntry, RecentList};
use crate::site::slug::parse_pir_file_name;

pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    pub(super) in_fence: bool,
}

pub(super) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for raw in text.split_inclusive('\n') {
        let body = raw.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| trimmed.chars().take_while(|c| *c == m).count());
        let was_in = fence.is_some();
        match (fence, marker) {
            (None, Some(m)) if run >= 3 => fence = Some((m, run)),
            (Some((m, n)), Some(c))
                if c == m && run >= n && trimmed.trim_end().chars().all(|x| x == m) =>
            {
                fence = None;
            }
            _ => {}
        }
        out.push(Line {
            text: body,
            in_fence: was_in || fence.is_some(),
        });
    }
    out
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with(' ') && !rest.starts_with('\t') {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim()))
}

/// `- [text](target)` at the start of a line (no indentation): the link text with its
/// markdown escapes undone, and the target.
fn entry_link(line: &str) -> Option<(String, &str)> {
    let rest = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("+ "))?;
    let link = parse_link(rest)?;
    Some((unescape_link_text(link.text), link.target.trim()))
}

/// `  - **Key**: value` or `  - **Key:** value`.
pub(super) fn sub_bullet(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    if t.len() == line.len() {
        return None;
    }
    let t = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "))?;
    let t = t.strip_prefix("**")?;
    let close = t.find("**")?;
    let key = t[..close].trim_end_matches(':').trim();
    let value = t[close + 2..].trim_start_matches(':').trim();
    Some((key, value))
}

/// Finds the "Recent Incidents" list of a page, if it has one.
pub fn parse_recent_list(text: &str) -> Option<RecentList> {
    let ls = lines(text);
    let (start, level) = ls.iter().enumerate().find_map(|(i, l)| {
        if l.in_fence {
            return None;
        }
        let (level, title) = heading(l.text)?;
        title
            .to_ascii_lowercase()
            .contains("recent incidents")
            .then_some((i, level))
    })?;
    let mut list = RecentList {
        heading_line: start + 1,
        level,
        years: Vec::new(),
        entries: Vec::new(),
        end_line: ls.len() + 1,
    };
    let mut i = start + 1;
    while i < ls.len() {
        let l = &ls[i];
        if !l.in_fence {
            if let Some((lv, title)) = heading(l.text) {
                if lv <= level {
                    list.end_line = i + 1;
                    break;
                }
                if let Ok(year) = title.parse::<i32>() {
                    list.years.push((year, i + 1));
                }
            } else if let Some((link_text, target)) = entry_link(l.text) {
                let mut entry = ListEntry {
                    line: i + 1,
                    target: target.to_string(),
                    text: link_text,
                    date: target
                        .rsplit('/')
                        .next()
                        .and_then(parse_pir_file_name)
                        .map(|(d, _)| d),
                    fields: Vec::new(),
                    last_line: i + 1,
                };
                let mut j = i + 1;
                while j < ls.len() {
                    let t = ls[j].text;
                    if t.trim().is_empty() || !t.starts_with([' ', '\t']) {
                        break;
                    }
                    if let Some((k, v)) = sub_bullet(t) {
                        entry.fields.push((k.to_string(), v.to_string()));
                    }
                    entry.last_line = j + 1;
                    j += 1;
                }
                list.entries.push(entry);
                i = j;
                continue;
            }
        }
        i += 1;
    }
    Some(list)
}

/// The 1-based line just after the last non-blank line before `end`.
pub(super) fn trim_blank_back(ls: &[Line<'_>], end: usize) -> usize {
    let mut e = end;
    while e > 1 && ls.get(e - 2).is_some_and(|l| l.text.trim().is_empty()) {
        e -= 1;
    }
    e
}

pub(crate) fn line_offsets(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::index::PAGE;

    #[test]
    fn reads_entries_years_and_fields() {
        let l = parse_recent_list(PAGE).unwrap();
        assert_eq!((l.heading_line, l.level), (5, 2));
        assert_eq!(l.years, [(2026, 7), (2025, 17)]);
        assert_eq!(l.entries.len(), 3);
        assert_eq!(l.entries[1].field("severity"), Some("High"));
        assert_eq!((l.entries[1].line, l.entries[1].last_line), (13, 15));
        assert_eq!(l.end_line, 23);
    }

    #[test]
    fn headings_inside_code_fences_are_ignored() {
        let page = "```\n## Recent Incidents\n```\n";
        assert_eq!(parse_recent_list(page), None);
    }
}
