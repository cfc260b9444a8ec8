//! A new PIR's first text: the template with the title, date, severity and tags filled in,
//! and the placeholder lines a PIR that was never filled in still holds.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::find::fenced_lines;
use super::skeleton::NUMBER;

/// What the author gives before the wizard starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewPirFields {
    /// The title, without the `Post Incident Review:` prefix.
    pub title: String,
    /// The incident's date.
    pub date: NaiveDate,
    /// The severity (`High`), optionally with a reason.
    pub severity: String,
    /// Tags, if known.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// The template's text with the title, date, severity and tags filled in; the rest keeps its
/// placeholders for the author to replace.
pub fn fill(template: &str, fields: &NewPirFields) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut seen_title = false;
    let mut in_front_matter = false;
    let mut skipping_tags = false;
    for (i, (line, fenced)) in fenced_lines(template).into_iter().enumerate() {
        if i == 0 && line.trim_end() == "---" {
            in_front_matter = true;
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if in_front_matter {
            if line.trim_end() == "---" {
                in_front_matter = false;
                skipping_tags = false;
            } else if skipping_tags && (line.starts_with(' ') || line.starts_with('-')) {
                continue;
            } else if line.starts_with("tags:") {
                skipping_tags = true;
                out.push_str(&tags_yaml(&fields.tags));
                continue;
            } else {
                skipping_tags = false;
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let replaced = if fenced {
            None
        } else if !seen_title && line.starts_with("# ") {
            seen_title = true;
            let heading = line[2..].trim_start();
            let prefix = if heading.to_lowercase().starts_with("post incident review:") {
                "Post Incident Review: "
            } else {
                // A numbered title (`INC-{number}: ...`, see `site::templates::new_pir_template`) keeps
                // its number's place, for the new PIR's number.
                heading
                    .find(NUMBER)
                    .filter(|i| !heading[..*i].contains(char::is_whitespace))
                    .and_then(|i| {
                        let after = &heading[i + NUMBER.len()..];
                        let sep = [": ", " — ", " – ", " - ", " "]
                            .into_iter()
                            .find(|s| after.starts_with(s))?;
                        Some(&heading[..i + NUMBER.len() + sep.len()])
                    })
                    .unwrap_or("")
            };
            Some(format!("# {prefix}{}", fields.title.trim()))
        } else if let Some(prefix) = meta_prefix(line, "Date") {
            Some(format!("{prefix} {}", fields.date.format("%Y-%m-%d")))
        } else {
            meta_prefix(line, "Severity")
                .map(|prefix| format!("{prefix} {}", fields.severity.trim()))
        };
        out.push_str(replaced.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

pub(crate) fn tags_yaml(tags: &[String]) -> String {
    if tags.is_empty() {
        return "tags: []\n".to_string();
    }
    let mut s = "tags:\n".to_string();
    for t in tags {
        s.push_str(&format!("  - {}\n", crate::site::nav::yaml_quote(t)));
    }
    s
}

/// `**Date:**` or `**Date**:` at the start of `line`, returned as written.
pub(crate) fn meta_prefix<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.strip_prefix("**")?;
    let after = rest
        .get(..key.len())
        .filter(|k| k.eq_ignore_ascii_case(key))
        .map(|_| &rest[key.len()..])?;
    let len = if after.starts_with(":**") || after.starts_with("**:") {
        2 + key.len() + 3
    } else {
        return None;
    };
    Some(&line[..len])
}

/// The lines of a template that are its placeholder text, trimmed: those holding a
/// placeholder (`[Event]`, `YYYY-MM-DD`) and its prose lines (instructions such as "What
/// happened, in two sentences."). A PIR that still holds one word for word was not filled in
/// there. Headings, rules, table rows without placeholders, labels and short lines are the
/// PIR's structure, not placeholders; hints in HTML comments are not shown, so not either.
pub fn placeholder_lines(template: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let mut in_front = false;
    let mut in_comment = false;
    for (i, (line, fenced)) in fenced_lines(template).into_iter().enumerate() {
        let t = line.trim();
        if i == 0 && t == "---" {
            in_front = true;
            continue;
        }
        // A hint in an HTML comment is for the author and never shows on the page: a PIR
        // keeping it is not unfinished.
        if in_comment || (!fenced && !in_front && t.starts_with("<!--")) {
            in_comment = !t.contains("-->");
            continue;
        }
        if in_front {
            if t == "---" {
                in_front = false;
            } else if has_placeholder(t) {
                out.insert(t.to_string());
            }
            continue;
        }
        let prose = t.chars().count() >= 12
            && t.chars().next().is_some_and(char::is_alphabetic)
            && !t.ends_with(':');
        if !t.starts_with('#') && (has_placeholder(t) || prose) {
            out.insert(t.to_string());
        }
    }
    out
}

/// Whether `text` still holds template placeholders (`[Event]`, `YYYY-MM-DD`, `HH:MM`, `~Xh Ym`).
pub fn has_placeholder(text: &str) -> bool {
    if ["YYYY-MM-DD", "HH:MM", "~Xh Ym"]
        .iter()
        .any(|p| text.contains(p))
    {
        return true;
    }
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inner = &after[..close];
        let next = after[close + 1..].chars().next();
        // A link (`[x](...)`, `[x][ref]`) or a task box (`[ ]`, `[x]`) is real content.
        let is_link = matches!(next, Some('(') | Some('['));
        let is_box = matches!(inner, " " | "x" | "X");
        // A placeholder may wrap onto the next lines, but never spans a paragraph break.
        if !is_link && !is_box && !inner.trim().is_empty() && !inner.contains("\n\n") {
            return true;
        }
        rest = &after[close + 1..];
        // Skip a reference link's label (`[text][label]`) so it is not read as a placeholder.
        if next == Some('[') {
            rest = rest.find(']').map_or("", |i| &rest[i + 1..]);
        }
    }
    false
}

/// A new PIR's text with its timeline written as the site writes its timelines: the
/// timeline heading names `zone` (`AEST — UTC+10`) when it names another zone or none, and
/// the placeholder rows' times follow `times` (`{time}`, `**{time}**`, `**{time} AEST**`),
/// so the rows the author adds in their place copy the site rather than the built-in
/// template (see [`crate::site::profile::SiteProfile::timeline_zone`]). Everything else is
/// kept byte for byte; a timeline with real rows is left as it is.
pub fn follow_site_timeline(text: &str, zone: Option<&str>, times: Option<&str>) -> String {
    use crate::doc::{Document, Edit, is_time_placeholder};
    use crate::timeline::parse_timezone_heading;
    let mut doc = Document::parse(text.to_string());
    let Some(tl) = doc.model().timeline.clone() else {
        return text.to_string();
    };
    let rows_are_placeholders =
        !tl.rows.is_empty() && tl.rows.iter().all(|r| is_time_placeholder(&r.time.raw));
    if let Some(pattern) = times.filter(|p| p.contains("{time}") && rows_are_placeholders) {
        for (i, row) in tl.rows.iter().enumerate() {
            let split = tl
                .tables
                .get(row.table)
                .is_some_and(|t| t.date_column.is_some());
            if split {
                continue;
            }
            let core = row.time.raw.trim().trim_matches(['*', '_']).trim();
            // The placeholder's own zone gives way to the pattern's.
            let core = match core.rsplit_once(' ') {
                Some((c, z)) if z.len() <= 5 && z.chars().all(|ch| ch.is_ascii_uppercase()) => c,
                _ => core,
            };
            let new = pattern.replace("{time}", core);
            if new != row.time.raw.trim() {
                // A style the row cannot hold keeps the template's.
                let _ = doc.apply(&Edit::TimelineSetTime {
                    index: i,
                    text: new,
                });
            }
        }
    }
    let mut out = doc.into_text();
    if let Some(zone) = zone.map(str::trim).filter(|z| !z.is_empty()) {
        let wanted = parse_timezone_heading(&format!("({zone})")).map(|z| z.label.to_uppercase());
        let current = parse_timezone_heading(&tl.heading);
        if wanted.is_some() && current.as_ref().map(|z| z.label.to_uppercase()) != wanted {
            let heading = match (tl.heading.find('('), tl.heading.find(')'), &current) {
                (Some(open), Some(close), Some(_)) if open < close => format!(
                    "{}({zone}){}",
                    &tl.heading[..open],
                    &tl.heading[close + 1..]
                ),
                _ => format!("{} ({zone})", tl.heading.trim_end()),
            };
            let doc = Document::parse(out.clone());
            if let Some(s) = doc
                .model()
                .timeline
                .as_ref()
                .and_then(|t| doc.model().sections.get(t.section))
            {
                let span = s.heading_span.start..s.heading_span.end;
                if let Some(at) = out.get(span.clone()).and_then(|h| h.find(&tl.heading)) {
                    let start = span.start + at;
                    out.replace_range(start..start + tl.heading.len(), &heading);
                }
            }
        }
    }
    out
}
