//! The `##` sections of a PIR's text, read and replaced by [`SectionKey`].
//!
//! The new-PIR wizard shows each section of the template (already filled with title, date and
//! severity) in its own step, lets the author write it, and writes the text back into the
//! same place. Everything outside the bodies (headings, the `---` rules between sections,
//! blank lines, line endings) is kept byte for byte, so `fill_sections(t, &sections(t))`
//! gives `t` back.
//!
//! The document model will offer richer section editing; this is the small, exact subset the
//! wizard needs before it exists.

use serde::{Deserialize, Serialize};

use super::fill::has_placeholder;
use super::find::{fenced_lines, heading_of};
use crate::doc::section_key::SectionKey;
use crate::error::{CoreError, ErrorKind, Result};

/// One part of a PIR's text as the wizard edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TextSection {
    /// Which part.
    pub key: SectionKey,
    /// The heading as written (`Timeline (UTC)`); for the metadata block, the `#` title.
    pub heading: String,
    /// The body without its surrounding blank lines and closing `---` rule.
    pub body: String,
}

/// How far along the author is with a section, for the wizard's progress rail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SectionState {
    /// Nothing written.
    Empty,
    /// Still holds template placeholders (`[Event]`, `HH:MM`, ...).
    Placeholder,
    /// Written, with no placeholder left.
    Filled,
}

/// Whether `body` is empty, still has placeholders, or is filled.
pub fn section_state(body: &str) -> SectionState {
    if body.trim().is_empty() {
        SectionState::Empty
    } else if has_placeholder(body) {
        SectionState::Placeholder
    } else {
        SectionState::Filled
    }
}

/// [`section_state`] of each text, in order (the wizard's whole progress rail at once).
pub fn section_states(bodies: &[String]) -> Vec<SectionState> {
    bodies.iter().map(|b| section_state(b)).collect()
}

/// Where one section's body lies in the text, as byte ranges.
struct Region {
    /// The part it is, when the product knows it (`None`: a section of the site's own).
    key: Option<SectionKey>,
    heading: String,
    /// Start of the blank lines after the heading.
    lead_start: usize,
    /// Start of the body (after the leading blank lines).
    body_start: usize,
    /// End of the body's text, before its last line ending.
    body_end: usize,
    /// End of the body's last line ending (start of the tail of blank lines and `---` rules).
    tail_start: usize,
}

fn is_blank_or_rule(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || (t.len() >= 3 && t.chars().all(|c| c == '-'))
}

/// The regions of the metadata block (under the `#` title) and of every `##` section that is
/// a known part; the first of each key only.
fn regions(text: &str) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    for r in all_regions(text) {
        if r.key.is_some() && !out.iter().any(|o| o.key == r.key) {
            out.push(r);
        }
    }
    out
}

/// The regions of the metadata block (key [`SectionKey::Metadata`], heading the `#` title) and
/// of every `##` section outside code, known or not, in text order.
fn all_regions(text: &str) -> Vec<Region> {
    let flags = fenced_lines(text);
    // `fenced_lines` splits like `str::lines`; `split_inclusive` keeps the line endings, and
    // yields the same lines.
    let mut lines: Vec<(usize, &str, &str, bool)> = Vec::new();
    let mut offset = 0;
    for (raw, (_, fenced)) in text.split_inclusive('\n').zip(flags) {
        let content = raw.trim_end_matches('\n').trim_end_matches('\r');
        lines.push((offset, raw, content, fenced));
        offset += raw.len();
    }
    // (line index, level, key, heading) of every top-level heading outside code.
    let heads: Vec<(usize, usize, Option<SectionKey>, String)> = lines
        .iter()
        .enumerate()
        .filter(|(_, (_, _, _, fenced))| !fenced)
        .filter_map(|(i, (_, _, content, _))| {
            let (level, title) = heading_of(content)?;
            let key = match level {
                1 => Some(SectionKey::Metadata),
                2 => SectionKey::from_heading(title).filter(|k| *k != SectionKey::Metadata),
                _ => return None,
            };
            Some((i, level, key, title.to_string()))
        })
        .collect();
    let mut out: Vec<Region> = Vec::new();
    for (n, (i, _, key, heading)) in heads.iter().enumerate() {
        let key = *key;
        let end = heads.get(n + 1).map_or(lines.len(), |h| h.0);
        let body_lines = &lines[i + 1..end];
        let region_start = lines.get(i + 1).map_or(text.len(), |l| l.0);
        let region_end = lines.get(end).map_or(text.len(), |l| l.0);
        let lead = body_lines
            .iter()
            .take_while(|l| l.2.trim().is_empty())
            .count();
        let last = body_lines.iter().rposition(|l| !is_blank_or_rule(l.2));
        let (body_start, body_end, tail_start) = match last {
            Some(last) if last >= lead => {
                let (off, raw, content, _) = body_lines[last];
                let start = body_lines[lead].0;
                (start, off + content.len(), off + raw.len())
            }
            // Only blank lines and rules: an empty body right after the leading blank lines.
            _ => {
                let start = body_lines.get(lead).map_or(region_end, |l| l.0);
                (start, start, start)
            }
        };
        out.push(Region {
            key,
            heading: heading.clone(),
            lead_start: region_start,
            body_start,
            body_end,
            tail_start,
        });
    }
    out
}

/// The metadata block and the `##` sections of `text` that are parts of a PIR, in text order.
///
/// The metadata block is what lies between the `#` title and the first `##` heading. A part
/// that appears twice is given once, from its first heading.
pub fn sections(text: &str) -> Vec<TextSection> {
    regions(text)
        .into_iter()
        .filter_map(|r| {
            Some(TextSection {
                key: r.key?,
                heading: r.heading,
                body: text[r.body_start..r.body_end].to_string(),
            })
        })
        .collect()
}

/// The metadata block and every `##` section of `text`, known part or not, as
/// `(key, heading, body)` in text order: the wizard's steps follow the site's own headings.
/// The metadata block's heading is the `#` title.
pub fn heading_sections(text: &str) -> Vec<(Option<SectionKey>, String, String)> {
    all_regions(text)
        .into_iter()
        .map(|r| {
            let body = text[r.body_start..r.body_end].to_string();
            (r.key, r.heading, body)
        })
        .collect()
}

/// `text` with the body of each given section replaced, everything else kept as it was.
///
/// A body is written between the heading's blank line and the section's closing blank line
/// and `---` rule; leading blank lines and trailing white space of the new body are dropped.
/// An empty body leaves the heading with no text under it. Refuses ([`ErrorKind::InvalidInput`])
/// a key the text has no section for, and [`SectionKey::Tags`], which lives in the front matter.
pub fn fill_sections(text: &str, bodies: &[(SectionKey, String)]) -> Result<String> {
    let regions = regions(text);
    let mut edits: Vec<(&Region, &str)> = Vec::new();
    for (key, body) in bodies {
        if *key == SectionKey::Tags {
            return Err(CoreError::new(
                ErrorKind::InvalidInput,
                "tags are part of the front matter, not a section: give them as the PIR's tags",
            ));
        }
        let region = regions
            .iter()
            .find(|r| r.key == Some(*key))
            .ok_or_else(|| {
                CoreError::new(
                    ErrorKind::InvalidInput,
                    format!("the text has no `{}` section to fill", key.title()),
                )
            })?;
        // A later entry for the same key wins, as if applied in order.
        edits.retain(|(r, _)| r.key != Some(*key));
        edits.push((region, body.as_str()));
    }
    Ok(write_bodies(text, edits))
}

/// `text` with the body of each section named by its heading replaced (see
/// [`heading_sections`]: the metadata block is named by the `#` title), everything else kept
/// as it was; the first section of each heading. Refuses ([`ErrorKind::InvalidInput`]) a
/// heading the text does not have.
pub fn fill_by_heading(text: &str, bodies: &[(String, String)]) -> Result<String> {
    let regions = all_regions(text);
    let mut edits: Vec<(&Region, &str)> = Vec::new();
    for (heading, body) in bodies {
        let region = regions
            .iter()
            .find(|r| r.heading == *heading)
            .ok_or_else(|| {
                CoreError::new(
                    ErrorKind::InvalidInput,
                    format!("the text has no `{heading}` section to fill"),
                )
            })?;
        edits.retain(|(r, _)| !std::ptr::eq(*r, region));
        edits.push((region, body.as_str()));
    }
    Ok(write_bodies(text, edits))
}

/// `text` with each region's body replaced by the given one (see [`fill_sections`]).
fn write_bodies(text: &str, mut edits: Vec<(&Region, &str)>) -> String {
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.lead_start));
    let mut out = text.to_string();
    for (r, body) in edits {
        let body = body.trim_start_matches(['\n', '\r']).trim_end();
        let was_empty = r.body_start == r.body_end;
        let ending = if was_empty {
            "\n"
        } else {
            &text[r.body_end..r.tail_start]
        };
        let (replacement, end) = if body.is_empty() {
            // Drop the body and the blank lines after it, so one blank line stays before
            // the rule or the next heading.
            let mut end = r.tail_start;
            for line in text[r.tail_start..].split_inclusive('\n') {
                if !line.trim().is_empty() {
                    break;
                }
                end += line.len();
            }
            (String::new(), end)
        } else if was_empty {
            // Keep a blank line on both sides, so a following `---` stays a rule and does not
            // turn the body's last line into a heading.
            let unterminated = r.body_start == text.len() && !text.ends_with('\n');
            let lead = match (unterminated, r.body_start == r.lead_start) {
                (true, _) => "\n\n",
                (false, true) => "\n",
                (false, false) => "",
            };
            let tail_starts_blank = text[r.tail_start..]
                .lines()
                .next()
                .is_none_or(|l| l.trim().is_empty());
            let gap = if tail_starts_blank { "" } else { "\n" };
            (format!("{lead}{body}{ending}{gap}"), r.tail_start)
        } else {
            (format!("{body}{ending}"), r.tail_start)
        };
        out.replace_range(r.body_start..end, &replacement);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Template;

    const DOC: &str = "---\ntags: []\n---\n\n# Post Incident Review: X\n\n**Date:** 2026-07-01\n**Status:** [Resolved]\n\n---\n\n## Executive Summary\n\n[Paragraphs]\n\n---\n\n## Timeline (UTC)\n\n| Time | Event |\n| --- | --- |\n\n```md\n## Not a section\n```\n\n---\n\n## Reviewers\n\nkept\n\n## Impact\n---\n";

    #[test]
    fn reads_metadata_and_known_sections_with_their_bodies() {
        let s = sections(DOC);
        let keys: Vec<SectionKey> = s.iter().map(|s| s.key).collect();
        assert_eq!(
            keys,
            [
                SectionKey::Metadata,
                SectionKey::ExecutiveSummary,
                SectionKey::Timeline,
                SectionKey::Impact
            ]
        );
        assert_eq!(s[0].body, "**Date:** 2026-07-01\n**Status:** [Resolved]");
        assert_eq!(s[1].body, "[Paragraphs]");
        assert_eq!(s[2].heading, "Timeline (UTC)");
        assert_eq!(
            s[2].body,
            "| Time | Event |\n| --- | --- |\n\n```md\n## Not a section\n```"
        );
        assert_eq!(s[3].body, "");
    }

    #[test]
    fn filling_with_its_own_sections_changes_nothing() {
        for text in [
            DOC,
            &Template::builtin().text,
            "# T\r\n\r\n## Impact\r\n\r\nx\r\n",
        ] {
            let own: Vec<(SectionKey, String)> = sections(text)
                .into_iter()
                .map(|s| (s.key, s.body))
                .collect();
            assert_eq!(fill_sections(text, &own).unwrap(), text);
        }
    }

    #[test]
    fn replaces_bodies_and_keeps_rules_and_other_sections() {
        let out = fill_sections(
            DOC,
            &[
                (
                    SectionKey::ExecutiveSummary,
                    "\n\nUsers saw errors.  \n\n".into(),
                ),
                (SectionKey::Impact, "All checkout requests failed.".into()),
            ],
        )
        .unwrap();
        assert!(
            out.contains("## Executive Summary\n\nUsers saw errors.\n\n---\n\n## Timeline (UTC)"),
            "{out}"
        );
        // The empty section gets blank lines on both sides so `---` stays a rule.
        assert!(
            out.ends_with("## Impact\n\nAll checkout requests failed.\n\n---\n"),
            "{out}"
        );
        assert!(out.contains("## Reviewers\n\nkept\n"));
        // Emptying a body leaves the heading and the rule.
        let out = fill_sections(DOC, &[(SectionKey::ExecutiveSummary, "  ".into())]).unwrap();
        assert!(
            out.contains("## Executive Summary\n\n---\n\n## Timeline"),
            "{out}"
        );
    }

    #[test]
    fn refuses_tags_and_missing_sections() {
        let e = fill_sections(DOC, &[(SectionKey::Tags, "x".into())]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        let e = fill_sections(DOC, &[(SectionKey::References, "x".into())]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert!(e.message.contains("References"), "{}", e.message);
    }

    #[test]
    fn states_follow_placeholders() {
        assert_eq!(section_state(" \n"), SectionState::Empty);
        assert_eq!(
            section_state("| **~HH:MM** | [Event] |"),
            SectionState::Placeholder
        );
        assert_eq!(
            section_state("See [the runbook](r.md)."),
            SectionState::Filled
        );
    }
}
