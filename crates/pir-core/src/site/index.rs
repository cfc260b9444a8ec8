//! The home page's "Recent Incidents" list, read and extended losslessly.
//!
//! The list looks like this on real sites (year sub-headings, newest first, an entry per PIR
//! with a few bold-keyed sub-bullets, entries separated by blank lines):
//!
//! ```markdown
//! ## Recent Incidents
//!
//! ### 2026
//!
//! - [2026-02-22 - Storage Replica Divergence](incidents/2026-02-22-storage-replica-divergence.md)
//!   - **Severity**: High
//!   - **Duration**: ~47m
//!   - **Summary**: One sentence
//! ```
//!
//! A new entry copies the shape of the entries already there (link text, which sub-bullets,
//! their spelling, blank lines between entries); only the inserted lines differ afterwards.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::slug::parse_pir_file_name;

/// One entry of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEntry {
    /// 1-based line of the `- [..](..)` line.
    pub line: usize,
    /// The link target as written (`incidents/2026-02-22-x.md`).
    pub target: String,
    /// The link text, markdown escapes undone (`[x]` for `\[x\]`).
    pub text: String,
    /// The date from the link's file name, if it follows the convention.
    pub date: Option<NaiveDate>,
    /// The sub-bullets as (key, value): `("Severity", "High")`.
    pub fields: Vec<(String, String)>,
    /// Line span `[first, last]` (1-based, inclusive) of the entry, sub-bullets included.
    pub last_line: usize,
}

impl ListEntry {
    /// The value of sub-bullet `key` (case-insensitive).
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// The "Recent Incidents" list of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentList {
    /// 1-based line of the list's heading.
    pub heading_line: usize,
    /// The heading level (2 for `##`).
    pub level: usize,
    /// Year sub-headings as (year, line).
    pub years: Vec<(i32, usize)>,
    /// The entries in page order.
    pub entries: Vec<ListEntry>,
    /// 1-based line after the list's section (the next heading of the same or higher level, or
    /// one past the end).
    pub end_line: usize,
}

/// A PIR to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPir<'a> {
    /// Link target relative to the page (`incidents/2026-01-02-x.md`).
    pub target: &'a str,
    /// The PIR's date.
    pub date: NaiveDate,
    /// Its title without the `Post Incident Review:` prefix.
    pub title: &'a str,
    /// Sub-bullet values by key (`Severity`, `Duration`, `Summary`, `Status`).
    pub fields: &'a [(&'a str, String)],
}

/// Sub-bullets of a new entry when the page has no entry to copy.
pub const DEFAULT_FIELDS: &[&str] = &["Severity", "Duration", "Summary"];

struct Line<'a> {
    text: &'a str,
    in_fence: bool,
}

fn lines(text: &str) -> Vec<Line<'_>> {
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

/// A markdown link `[text](target)` at the start of a text.
pub(crate) struct Link<'a> {
    /// The text between the brackets, as written (escapes kept).
    pub text: &'a str,
    /// The target between the parentheses, as written.
    pub target: &'a str,
    /// Byte length of the whole link.
    pub len: usize,
}

/// Reads the link `s` starts with. The text ends at the first `]` that is neither escaped
/// (`\]`) nor closing a `[` of the text, so a title holding `[x](y)` or `\]` does not cut the
/// link short.
pub(crate) fn parse_link(s: &str) -> Option<Link<'_>> {
    let rest = s.strip_prefix('[')?;
    let mut depth = 0usize;
    let mut escaped = false;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(i);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let after = rest[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    Some(Link {
        text: &rest[..close],
        target: &after[..end],
        len: close + end + 4,
    })
}

/// A title as markdown link text: `\`, `[` and `]` escaped, so that a title holding
/// `[x](y)` stays text and the link ends where it should.
pub(crate) fn escape_link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Link text as read: a backslash before ASCII punctuation is dropped, as markdown does.
pub(crate) fn unescape_link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// `  - **Key**: value` or `  - **Key:** value`.
fn sub_bullet(line: &str) -> Option<(&str, &str)> {
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

/// Returns `text` with an entry for `pir` added to its Recent Incidents list: newest first,
/// under its year's heading (created when the list uses year headings and this year has none).
///
/// `Ok(None)` when the page has no such list or already links to the PIR.
pub fn insert_list_entry(text: &str, pir: &ListPir<'_>) -> Option<String> {
    let list = parse_recent_list(text)?;
    if list.entries.iter().any(|e| e.target == pir.target) {
        return None;
    }
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let ls = lines(text);
    let model = list.entries.first();
    let entry = render_entry(pir, model, &ls, nl);
    let gap = if spaced(&list) { nl } else { "" };
    let offsets = line_offsets(text);
    let at_line = |n: usize| offsets.get(n - 1).copied().unwrap_or(text.len());

    let year = pir.date.year();
    let uses_years = !list.years.is_empty() || list.entries.is_empty();
    let (insert_at, insert) = if uses_years {
        let sub = "#".repeat(list.level + 1);
        match list.years.iter().position(|(y, _)| *y == year) {
            Some(k) => {
                let heading_line = list.years[k].1;
                let group_end = list.years.get(k + 1).map_or(list.end_line, |(_, l)| *l);
                let group: Vec<&ListEntry> = list
                    .entries
                    .iter()
                    .filter(|e| e.line > heading_line && e.line < group_end)
                    .collect();
                place_in_group(&group, pir.date, &entry, gap, nl, heading_line, &at_line)
            }
            None => {
                // Years newest first; the new heading goes before the first older year.
                let next = list.years.iter().find(|(y, _)| *y < year);
                let block = format!("{sub} {year}{nl}{nl}{entry}{nl}");
                match next {
                    Some((_, l)) => (at_line(*l), format!("{block}{nl}")),
                    None => {
                        let end = list.end_line;
                        let before_end = trim_blank_back(&ls, end);
                        (at_line(before_end), format!("{nl}{block}"))
                    }
                }
            }
        }
    } else {
        let group: Vec<&ListEntry> = list.entries.iter().collect();
        place_in_group(
            &group,
            pir.date,
            &entry,
            gap,
            nl,
            list.heading_line,
            &at_line,
        )
    };
    let mut out = String::with_capacity(text.len() + insert.len() + 2);
    out.push_str(&text[..insert_at]);
    if insert_at > 0 && !out.ends_with('\n') {
        out.push_str(nl);
    }
    out.push_str(&insert);
    out.push_str(&text[insert_at..]);
    Some(out)
}

/// Whether the list separates its entries with blank lines: as the first two entries with no
/// year heading between them are, or yes when no two are (too few to tell). Entries added in
/// that spacing keep the answer the same.
fn spaced(list: &RecentList) -> bool {
    list.entries
        .windows(2)
        .find(|w| {
            !list
                .years
                .iter()
                .any(|(_, l)| *l > w[0].last_line && *l < w[1].line)
        })
        .is_none_or(|w| w[1].line > w[0].last_line + 1)
}

/// Returns `text` with entries for `pirs` added to its Recent Incidents list, each placed
/// as [`insert_list_entry`] would place it given those added before it, and the positions
/// in `pirs` of those added (not those already listed); `None` when the page has no list.
///
/// The page is read once and every entry written in one pass, where adding them one by one
/// would read the page again after each: what keeps `pir sync` linear on a large site.
pub fn insert_list_entries(text: &str, pirs: &[ListPir<'_>]) -> Option<(String, Vec<usize>)> {
    /// An entry of a year group: one the page has (its position in the list's entries) or
    /// one being added (its position in `pirs`).
    #[derive(Clone, Copy)]
    enum Item {
        Old(usize),
        New(usize),
    }
    /// A year's group (or the whole list, without years): its heading line when the page
    /// has it, and its entries in page order.
    struct Group {
        year: Option<i32>,
        heading: Option<usize>,
        items: Vec<Item>,
    }
    let list = parse_recent_list(text)?;
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let ls = lines(text);
    let model = list.entries.first();
    let gap = if spaced(&list) { nl } else { "" };
    let offsets = line_offsets(text);
    let at_line = |n: usize| offsets.get(n - 1).copied().unwrap_or(text.len());

    let uses_years = !list.years.is_empty() || list.entries.is_empty();
    let mut groups: Vec<Group> = if uses_years {
        list.years
            .iter()
            .enumerate()
            .map(|(k, (year, line))| {
                let end = list.years.get(k + 1).map_or(list.end_line, |(_, l)| *l);
                Group {
                    year: Some(*year),
                    heading: Some(*line),
                    items: (0..list.entries.len())
                        .filter(|&i| list.entries[i].line > *line && list.entries[i].line < end)
                        .map(Item::Old)
                        .collect(),
                }
            })
            .collect()
    } else {
        vec![Group {
            year: None,
            heading: Some(list.heading_line),
            items: (0..list.entries.len()).map(Item::Old).collect(),
        }]
    };
    let mut listed: std::collections::HashSet<&str> =
        list.entries.iter().map(|e| e.target.as_str()).collect();
    let mut added = Vec::new();
    for (i, pir) in pirs.iter().enumerate() {
        if !listed.insert(pir.target) {
            continue;
        }
        added.push(i);
        let g = if uses_years {
            let year = pir.date.year();
            match groups.iter().position(|g| g.year == Some(year)) {
                Some(g) => g,
                None => {
                    // Years newest first: the new heading goes before the first older year.
                    let at = groups
                        .iter()
                        .position(|g| g.year.is_some_and(|y| y < year))
                        .unwrap_or(groups.len());
                    groups.insert(
                        at,
                        Group {
                            year: Some(year),
                            heading: None,
                            items: Vec::new(),
                        },
                    );
                    at
                }
            }
        } else {
            0
        };
        let date_of = |item: &Item| match *item {
            Item::Old(k) => list.entries[k].date,
            Item::New(k) => Some(pirs[k].date),
        };
        let items = &mut groups[g].items;
        let at = items
            .iter()
            .position(|it| date_of(it).is_some_and(|d| d < pir.date))
            .unwrap_or(items.len());
        items.insert(at, Item::New(i));
    }
    if added.is_empty() {
        return Some((text.to_string(), added));
    }

    // What to insert where: (byte offset, text), pushed in page order (so that, at one
    // offset, a group's last entries come before the new year after it).
    let render = |k: usize| render_entry(&pirs[k], model, &ls, nl);
    let mut splices: Vec<(usize, String)> = Vec::new();
    let sub = "#".repeat(list.level + 1);
    let end = at_line(trim_blank_back(&ls, list.end_line));
    for (n, group) in groups.iter().enumerate() {
        let Some(heading) = group.heading else {
            // A new year: its heading and entries, before the next year the page has, else
            // at the end of the list.
            let mut block = format!("{sub} {}{nl}{nl}", group.year.unwrap_or_default());
            for (j, item) in group.items.iter().enumerate() {
                if let Item::New(k) = item {
                    let sep = if j == 0 { "" } else { gap };
                    block.push_str(&format!("{sep}{}{nl}", render(*k)));
                }
            }
            match groups[n + 1..].iter().find_map(|g| g.heading) {
                Some(next) => splices.push((at_line(next), format!("{block}{nl}"))),
                None => splices.push((end, format!("{nl}{block}"))),
            }
            continue;
        };
        let has_old = group.items.iter().any(|it| matches!(it, Item::Old(_)));
        let mut run: Vec<usize> = Vec::new();
        for item in &group.items {
            match item {
                Item::New(k) => run.push(*k),
                Item::Old(k) => {
                    if !run.is_empty() {
                        let text: String = run
                            .drain(..)
                            .map(|k| format!("{}{nl}{gap}", render(k)))
                            .collect();
                        splices.push((at_line(list.entries[*k].line), text));
                    }
                }
            }
        }
        if run.is_empty() {
            continue;
        }
        if has_old {
            let last = group.items.iter().rev().find_map(|it| match it {
                Item::Old(k) => Some(&list.entries[*k]),
                Item::New(_) => None,
            });
            let at = last.map_or(end, |l| at_line(l.last_line + 1));
            let text: String = run
                .iter()
                .map(|k| format!("{gap}{}{nl}", render(*k)))
                .collect();
            splices.push((at, text));
        } else {
            let mut text = String::new();
            for (j, k) in run.iter().enumerate() {
                let sep = if j == 0 { nl } else { gap };
                text.push_str(&format!("{sep}{}{nl}", render(*k)));
            }
            splices.push((at_line(heading + 1), text));
        }
    }
    splices.sort_by_key(|(at, _)| *at);
    let mut out =
        String::with_capacity(text.len() + splices.iter().map(|s| s.1.len()).sum::<usize>() + 2);
    let mut from = 0;
    for (at, insert) in &splices {
        out.push_str(&text[from..*at]);
        if *at > 0 && !out.ends_with('\n') {
            out.push_str(nl);
        }
        out.push_str(insert);
        from = *at;
    }
    out.push_str(&text[from..]);
    Some((out, added))
}

/// Returns `text` with `entry`'s link text (date and title) and Severity sub-bullet set from
/// `pir`, keeping the entry's own separators, bullet and key spelling. Other sub-bullets (an
/// index's summary is often written for the index) are left as they are.
pub fn update_list_entry(text: &str, entry: &ListEntry, pir: &ListPir<'_>) -> String {
    update_list_entry_with(text, entry, pir, &[])
}

/// As [`update_list_entry`], and also the sub-bullets named in `refresh` (key, old value)
/// that still show the old value or `TBD`: copies of the PIR that the PIR has since changed.
pub fn update_list_entry_with(
    text: &str,
    entry: &ListEntry,
    pir: &ListPir<'_>,
    refresh: &[(&str, &str)],
) -> String {
    let offsets = line_offsets(text);
    let mut out = text.to_string();
    for (s, e, new) in list_entry_edits(text, &offsets, entry, pir, refresh)
        .into_iter()
        .rev()
    {
        out.replace_range(s..e, &new);
    }
    out
}

/// The replacements (byte range of `text`, new text; in text order, not overlapping) that
/// [`update_list_entry_with`] makes, given the line starts of `text` ([`line_offsets`]).
/// Edits of different entries never overlap, so a whole list's can be made in one pass.
pub(crate) fn list_entry_edits(
    text: &str,
    offsets: &[usize],
    entry: &ListEntry,
    pir: &ListPir<'_>,
    refresh: &[(&str, &str)],
) -> Vec<(usize, usize, String)> {
    let line_range = |n: usize| {
        let start = offsets.get(n - 1).copied().unwrap_or(text.len());
        let end = offsets.get(n).copied().unwrap_or(text.len());
        let body_end = start + text[start..end].trim_end_matches(['\n', '\r']).len();
        (start, body_end)
    };
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let (start, end) = line_range(entry.line);
    let line = &text[start..end];
    // The bullet and its space are two bytes: `- [..](..)`.
    if let Some(link) = line.get(2..).and_then(parse_link) {
        let old = unescape_link_text(link.text);
        let (old_date, old_title) = super::link_text::split_link_text(&old);
        let date = pir.date.format("%Y-%m-%d").to_string();
        let new = match old_date {
            Some(d) => {
                let sep_and_title = &old.trim()[d.len()..];
                let sep = &sep_and_title[..sep_and_title.len() - old_title.len()];
                super::link_text::join_dated(&date, sep, pir.title)
            }
            None => pir.title.to_string(),
        };
        if new != old {
            edits.push((
                start + 3,
                start + 3 + link.text.len(),
                escape_link_text(&new),
            ));
        }
    }
    for n in entry.line + 1..=entry.last_line {
        let (start, end) = line_range(n);
        let l = &text[start..end];
        let Some((key, value)) = sub_bullet(l) else {
            continue;
        };
        let Some((_, new)) = pir.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) else {
            continue;
        };
        let refreshed = refresh.iter().any(|(k, old)| {
            k.eq_ignore_ascii_case(key)
                && (value == old.trim() || value.eq_ignore_ascii_case("tbd"))
        });
        if !(key.eq_ignore_ascii_case("severity") || refreshed) || value == new {
            continue;
        }
        // The value is what ends the (trimmed) line.
        let value_end = start + l.trim_end().len();
        edits.push((value_end - value.len(), value_end, new.clone()));
    }
    edits
}

/// The 1-based line just after the last non-blank line before `end`.
fn trim_blank_back(ls: &[Line<'_>], end: usize) -> usize {
    let mut e = end;
    while e > 1 && ls.get(e - 2).is_some_and(|l| l.text.trim().is_empty()) {
        e -= 1;
    }
    e
}

fn place_in_group(
    group: &[&ListEntry],
    date: NaiveDate,
    entry: &str,
    gap: &str,
    nl: &str,
    heading_line: usize,
    at_line: &dyn Fn(usize) -> usize,
) -> (usize, String) {
    match group.iter().find(|e| e.date.is_some_and(|d| d < date)) {
        Some(e) => (at_line(e.line), format!("{entry}{nl}{gap}")),
        None => match group.last() {
            Some(last) => (at_line(last.last_line + 1), format!("{gap}{entry}{nl}")),
            None => (at_line(heading_line + 1), format!("{nl}{entry}{nl}")),
        },
    }
}

pub(crate) fn line_offsets(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The entry's lines (without the final newline), shaped like `model`.
fn render_entry(pir: &ListPir<'_>, model: Option<&ListEntry>, ls: &[Line<'_>], nl: &str) -> String {
    let date = pir.date.format("%Y-%m-%d").to_string();
    let link_text = match model {
        Some(m) => match super::link_text::split_link_text(&m.text) {
            (Some(md), body)
                if m.date.map(|d| d.format("%Y-%m-%d").to_string()).as_deref() == Some(md) =>
            {
                let t = m.text.trim();
                let sep = &t[md.len()..t.len() - body.len()];
                super::link_text::join_dated(&date, sep, pir.title)
            }
            _ => pir.title.to_string(),
        },
        None => format!("{date} - {}", pir.title),
    };
    let bullet = model
        .and_then(|m| ls.get(m.line - 1))
        .map_or('-', |l| l.text.chars().next().unwrap_or('-'));
    let mut out = format!(
        "{bullet} [{}]({})",
        escape_link_text(&link_text),
        pir.target
    );
    // Sub-bullets: copy each model line's prefix and key spelling, swapping in our value.
    let model_lines: Vec<&str> = model.map_or_else(Vec::new, |m| {
        (m.line + 1..=m.last_line)
            .filter_map(|n| ls.get(n - 1).map(|l| l.text))
            .collect()
    });
    if model_lines.is_empty() {
        for key in DEFAULT_FIELDS {
            if let Some((_, v)) = pir.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
                out.push_str(&format!("{nl}  - **{key}**: {v}"));
            }
        }
    } else {
        for line in model_lines {
            let Some((key, _)) = sub_bullet(line) else {
                continue;
            };
            let Some((_, value)) = pir.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key))
            else {
                continue;
            };
            // Everything up to the end of the key's closing `**` (and a colon after it) is kept.
            let Some(key_at) = line.find(key) else {
                continue;
            };
            let after_key = &line[key_at + key.len()..];
            let close = after_key.find("**").map_or(0, |i| i + 2);
            let mut prefix_end = key_at + key.len() + close;
            if line[prefix_end..].starts_with(':') {
                prefix_end += 1;
            }
            out.push_str(&format!("{nl}{} {value}", &line[..prefix_end]));
        }
    }
    out
}

/// A [`ListPir`] from a `YYYY-MM-DD` date, for tests.
#[cfg(test)]
pub(crate) fn test_pir<'a>(
    target: &'a str,
    date: &str,
    title: &'a str,
    fields: &'a [(&'a str, String)],
) -> ListPir<'a> {
    ListPir {
        target,
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        title,
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Site\n\nIntro.\n\n## Recent Incidents\n\n### 2026\n\n- [2026-05-02 - Dns Loop](incidents/2026-05-02-dns-loop.md)\n  - **Severity**: Critical\n  - **Summary**: Loops\n\n- [2026-03-14 - Cert Expiry](incidents/2026-03-14-cert-expiry.md)\n  - **Severity**: High\n  - **Summary**: Expired\n\n### 2025\n\n- [2025-11-01 - Old](incidents/2025-11-01-old.md)\n  - **Severity**: Low\n  - **Summary**: Old one\n\n## Contributing\n\nText.\n";

    use super::test_pir as pir;

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
    fn inserts_newest_first_within_its_year_copying_the_entry_shape() {
        let fields = [
            ("Severity", "Medium".to_string()),
            ("Summary", "Slow".to_string()),
            ("Duration", "1h".to_string()),
        ];
        let out = insert_list_entry(
            PAGE,
            &pir(
                "incidents/2026-04-01-slow.md",
                "2026-04-01",
                "Slow Queue",
                &fields,
            ),
        )
        .unwrap();
        let expected = PAGE.replace(
            "- [2026-03-14",
            "- [2026-04-01 - Slow Queue](incidents/2026-04-01-slow.md)\n  - **Severity**: Medium\n  - **Summary**: Slow\n\n- [2026-03-14",
        );
        assert_eq!(out, expected);
        // Oldest of its year: after the year's last entry.
        let out = insert_list_entry(
            PAGE,
            &pir("incidents/2026-01-01-x.md", "2026-01-01", "X", &fields),
        )
        .unwrap();
        assert!(out.contains("  - **Summary**: Expired\n\n- [2026-01-01 - X](incidents/2026-01-01-x.md)\n  - **Severity**: Medium\n  - **Summary**: Slow\n\n### 2025"), "{out}");
    }

    #[test]
    fn creates_a_missing_year_heading_in_order() {
        let fields = [("Severity", "High".to_string())];
        let out = insert_list_entry(
            PAGE,
            &pir("incidents/2027-01-05-y.md", "2027-01-05", "Y", &fields),
        )
        .unwrap();
        assert!(out.contains("## Recent Incidents\n\n### 2027\n\n- [2027-01-05 - Y](incidents/2027-01-05-y.md)\n  - **Severity**: High\n\n### 2026\n"), "{out}");
        let out = insert_list_entry(
            PAGE,
            &pir("incidents/2024-01-05-z.md", "2024-01-05", "Z", &fields),
        )
        .unwrap();
        assert!(out.contains("  - **Summary**: Old one\n\n### 2024\n\n- [2024-01-05 - Z](incidents/2024-01-05-z.md)\n  - **Severity**: High\n\n## Contributing"), "{out}");
    }

    #[test]
    fn leaves_pages_without_a_list_or_with_the_entry_alone() {
        assert_eq!(
            insert_list_entry(
                "# Home\n",
                &pir("incidents/2026-01-01-a.md", "2026-01-01", "A", &[])
            ),
            None
        );
        assert_eq!(
            insert_list_entry(
                PAGE,
                &pir(
                    "incidents/2026-03-14-cert-expiry.md",
                    "2026-03-14",
                    "C",
                    &[]
                )
            ),
            None
        );
    }

    #[test]
    fn updates_link_text_and_severity_only() {
        let l = parse_recent_list(PAGE).unwrap();
        let fields = [
            ("Severity", "High".to_string()),
            ("Summary", "new summary".to_string()),
        ];
        let out = update_list_entry(
            PAGE,
            &l.entries[0],
            &pir(
                "incidents/2026-05-02-dns-loop.md",
                "2026-05-03",
                "DNS Loop Between Resolvers",
                &fields,
            ),
        );
        assert_eq!(
            out,
            PAGE.replace(
                "- [2026-05-02 - Dns Loop]",
                "- [2026-05-03 - DNS Loop Between Resolvers]"
            )
            .replacen("  - **Severity**: Critical", "  - **Severity**: High", 1)
        );
    }

    #[test]
    fn headings_inside_code_fences_are_ignored() {
        let page = "```\n## Recent Incidents\n```\n";
        assert_eq!(parse_recent_list(page), None);
    }

    #[test]
    fn a_title_holding_a_link_is_escaped_and_read_back_whole() {
        let fields = [("Severity", "High".to_string())];
        let out = insert_list_entry(
            PAGE,
            &pir(
                "incidents/2026-04-01-x.md",
                "2026-04-01",
                "See [a](b) \\ -",
                &fields,
            ),
        )
        .unwrap();
        assert!(
            out.contains("- [2026-04-01 - See \\[a\\](b) \\\\ -](incidents/2026-04-01-x.md)"),
            "{out}"
        );
        let l = parse_recent_list(&out).unwrap();
        let e = l
            .entries
            .iter()
            .find(|e| e.target == "incidents/2026-04-01-x.md")
            .unwrap();
        assert_eq!(e.text, "2026-04-01 - See [a](b) \\ -");
        // Nothing to update: same date, same title.
        let p = pir(
            "incidents/2026-04-01-x.md",
            "2026-04-01",
            "See [a](b) \\ -",
            &fields,
        );
        assert_eq!(update_list_entry(&out, e, &p), out);
    }
}
