//! The guidance the wizard shows beside each section: the site's `## Section Guide`, a hint
//! or prose the template writes under the heading, else the built-in guide; sections are
//! matched by their heading's words, so a site's own sections get the site's own words.

use serde::{Deserialize, Serialize};

use crate::doc::section_key::SectionKey;

/// The built-in guide: guidance for each part of a PIR the product knows.
pub(crate) const BUILTIN_GUIDE: &str = include_str!("builtin-guide.md");
use super::fill::has_placeholder;
use super::find::{fenced_lines, heading_of};

/// The guidance for one part of a PIR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GuideSection {
    /// Which part.
    pub key: SectionKey,
    /// The guide's heading as written.
    pub heading: String,
    /// The guidance, as markdown.
    pub guidance: String,
}

/// Where the guidance for a section of the template comes from, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum GuidanceFrom {
    /// The `###` sub-section of the site's `## Section Guide` with the section's heading.
    SiteGuide,
    /// A hint the template writes under the heading: an HTML comment, a block quote, an
    /// italic paragraph or an admonition.
    TemplateHint,
    /// The template's own prose under the heading ("What happened, in two sentences.").
    TemplateText,
    /// The built-in guide, for a section it knows (`Timeline`, `Root Causes`, ...).
    BuiltIn,
}

/// One level-2 section of a template, with the guidance the wizard shows for it: a site's
/// template has sections of its own (`Trigger`, `Where we got lucky`) that no built-in list
/// knows, and the site's words about each are found by its heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SectionGuide {
    /// The heading as the template writes it.
    pub heading: String,
    /// The part of a PIR it stands for, when it is one the product knows.
    pub key: Option<SectionKey>,
    /// The guidance, as markdown; `None` when neither the site nor the product says anything
    /// about this section.
    pub guidance: Option<String>,
    /// Where the guidance came from.
    pub from: Option<GuidanceFrom>,
}

/// A heading compared by its words: lowercase, without numbering, `#`s, punctuation or
/// extra spaces (`2. Where we got lucky!` and `where we got lucky` are one).
pub(crate) fn plain_heading(h: &str) -> String {
    let h = h
        .trim()
        .trim_start_matches('#')
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')' || c == ' ');
    h.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a guide's heading `guide` is about the template section `section`: the same
/// words, or one's words starting the other's (`Timeline` for `Timeline (UTC)`).
pub(crate) fn guide_matches(guide: &str, section: &str) -> bool {
    let (g, s) = (plain_heading(guide), plain_heading(section));
    if g.is_empty() || s.is_empty() {
        return false;
    }
    g == s || s.starts_with(&format!("{g} ")) || g.starts_with(&format!("{s} "))
}

/// Every level-2 section of `text` (outside code) with its guidance: the site's guide
/// sub-section of the same heading, else the template's hint under it, else its prose,
/// else the built-in guide for the part it stands for.
pub(crate) fn section_guides(text: &str, site_guide: &[(String, String)]) -> Vec<SectionGuide> {
    let builtin = parse_guide(BUILTIN_GUIDE);
    let lines = fenced_lines(text);
    let heads: Vec<(usize, usize, &str)> = lines
        .iter()
        .enumerate()
        .filter(|(_, (_, fenced))| !fenced)
        .filter_map(|(i, (l, _))| heading_of(l).map(|(lv, t)| (i, lv, t)))
        .collect();
    let mut out = Vec::new();
    for (n, &(i, level, heading)) in heads.iter().enumerate() {
        if level != 2 {
            continue;
        }
        let end = heads[n + 1..]
            .iter()
            .find(|h| h.1 <= 2)
            .map_or(lines.len(), |h| h.0);
        let body: Vec<&str> = lines[i + 1..end].iter().map(|(l, _)| *l).collect();
        let key = SectionKey::from_heading(heading).filter(|k| *k != SectionKey::Metadata);
        let from_guide = site_guide
            .iter()
            .find(|(g, _)| plain_heading(g) == plain_heading(heading))
            .or_else(|| site_guide.iter().find(|(g, _)| guide_matches(g, heading)))
            .map(|(_, text)| text.clone())
            .filter(|t| !t.is_empty());
        let (guidance, from) = if let Some(g) = from_guide {
            (Some(g), Some(GuidanceFrom::SiteGuide))
        } else if let Some(h) = template_hint(&body) {
            (Some(h), Some(GuidanceFrom::TemplateHint))
        } else if let Some(p) = template_prose(&body) {
            (Some(p), Some(GuidanceFrom::TemplateText))
        } else if let Some(b) = key.and_then(|k| builtin.iter().find(|g| g.key == k)) {
            (Some(b.guidance.clone()), Some(GuidanceFrom::BuiltIn))
        } else {
            (None, None)
        };
        out.push(SectionGuide {
            heading: heading.to_string(),
            key,
            guidance,
            from,
        });
    }
    out
}

/// A hint a template writes under a heading for the author, not for the page: an HTML
/// comment, a block quote, a paragraph in italics, or an admonition (`!!! tip`) with its
/// indented text. The first one found, its markers removed.
pub(crate) fn template_hint(body: &[&str]) -> Option<String> {
    let mut i = 0;
    while i < body.len() {
        let t = body[i].trim();
        if let Some(rest) = t.strip_prefix("<!--") {
            // Up to the closing `-->`, on this line or a later one.
            let mut text = String::new();
            let mut line = rest;
            loop {
                if let Some(end) = line.find("-->") {
                    text.push_str(&line[..end]);
                    break;
                }
                text.push_str(line);
                text.push('\n');
                i += 1;
                match body.get(i) {
                    Some(next) => line = next,
                    None => break,
                }
            }
            let text = dedent(&text);
            if !text.is_empty() {
                return Some(text);
            }
        } else if t.starts_with('>') {
            let quoted: Vec<&str> = body[i..]
                .iter()
                .map(|l| l.trim())
                .take_while(|l| l.starts_with('>'))
                .map(|l| l.trim_start_matches('>').trim())
                .collect();
            let text = quoted
                .join(
                    "
",
                )
                .trim()
                .to_string();
            if !text.is_empty() {
                return Some(text);
            }
        } else if t.starts_with("!!!") || t.starts_with("???") {
            let inner: Vec<&str> = body[i + 1..]
                .iter()
                .take_while(|l| l.trim().is_empty() || l.starts_with("    ") || l.starts_with('\t'))
                .copied()
                .collect();
            let text = dedent(&inner.join("\n"));
            if !text.is_empty() {
                return Some(text);
            }
        } else if let Some(text) = italic_paragraph(body, i) {
            return Some(text);
        }
        i += 1;
    }
    None
}

/// The paragraph starting at line `i` when the whole of it is in italics (`_..._` or
/// `*...*`, not bold), without the markers.
pub(crate) fn italic_paragraph(body: &[&str], i: usize) -> Option<String> {
    let para: Vec<&str> = body[i..]
        .iter()
        .map(|l| l.trim())
        .take_while(|l| !l.is_empty())
        .collect();
    let text = para.join(" ");
    for m in ['_', '*'] {
        let double = format!("{m}{m}");
        if text.len() > 2
            && text.starts_with(m)
            && text.ends_with(m)
            && !text.starts_with(&double)
            && !text.ends_with(&double)
        {
            let inner = text[1..text.len() - 1].trim();
            if !inner.is_empty() && !inner.contains(m) {
                return Some(inner.to_string());
            }
        }
    }
    None
}

/// The template's prose under a heading: paragraphs of plain sentences telling the author
/// what to write ("What happened, in two sentences."). Placeholders (`[3–5 paragraphs]`),
/// sample rows, lists, tables and code are the PIR's shape, not guidance.
pub(crate) fn template_prose(body: &[&str]) -> Option<String> {
    let mut paragraphs: Vec<Vec<&str>> = vec![Vec::new()];
    let mut fence = false;
    for l in body {
        let t = l.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            paragraphs.push(Vec::new());
        } else if fence || t.is_empty() {
            paragraphs.push(Vec::new());
        } else if let Some(p) = paragraphs.last_mut() {
            p.push(t);
        }
    }
    let kept: Vec<String> = paragraphs
        .into_iter()
        .filter(|p| {
            p.first()
                .and_then(|l| l.chars().next())
                .is_some_and(char::is_alphabetic)
        })
        .map(|p| p.join("\n"))
        .filter(|p| p.chars().count() >= 8 && !has_placeholder(p))
        .collect();
    (!kept.is_empty()).then(|| kept.join("\n\n"))
}

/// `text` without the indentation its lines share, trimmed.
pub(crate) fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The `###` sub-sections of a `## Section Guide`, keyed by the PIR part they explain.
pub fn parse_guide(page: &str) -> Vec<GuideSection> {
    guide_entries(page)
        .into_iter()
        .filter_map(|(heading, guidance)| {
            Some(GuideSection {
                key: SectionKey::from_heading(&heading)?,
                heading,
                guidance,
            })
        })
        .collect()
}

/// Every `###` sub-section of a `## Section Guide` (the site's own sections too), as
/// (heading, guidance) in page order.
pub(crate) fn guide_entries(page: &str) -> Vec<(String, String)> {
    let lines = fenced_lines(page);
    let Some(start) = lines.iter().position(|(l, f)| {
        !f && heading_of(l).is_some_and(|(lv, t)| lv == 2 && t.to_lowercase().contains("guide"))
    }) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    let finish = |cur: Option<(String, Vec<&str>)>, out: &mut Vec<(String, String)>| {
        if let Some((heading, body)) = cur {
            let text = body.join("\n");
            let guidance = text.trim().trim_end_matches("---").trim().to_string();
            out.push((heading, guidance));
        }
    };
    for (line, fenced) in &lines[start + 1..] {
        match (!fenced).then(|| heading_of(line)).flatten() {
            Some((2, _)) => break,
            Some((3, title)) => {
                finish(current.take(), &mut out);
                current = Some((title.to_string(), Vec::new()));
            }
            _ => {
                if let Some((_, body)) = current.as_mut() {
                    body.push(line);
                }
            }
        }
    }
    finish(current, &mut out);
    out
}
