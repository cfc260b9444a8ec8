//! PIR templates and the section guide shown beside each step of the new-PIR wizard.
//!
//! A site may carry its own template: a markdown page with a `## Template` section holding the
//! template in a fenced block, and usually a `## Section Guide` whose `###` sub-sections explain
//! each part. When it has none, the built-in template and guide (same sections) are used.

pub mod sections;
pub mod steps;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::fsio;
use crate::site::Site;

pub use sections::{
    SectionState, TextSection, fill_by_heading, fill_sections, heading_sections, section_state,
    section_states, sections,
};
pub use steps::{StepKind, WizardStep, step_body, step_document, wizard_steps};

const BUILTIN_TEMPLATE: &str = include_str!("builtin-template.md");
const BUILTIN_GUIDE: &str = include_str!("builtin-guide.md");

/// The parts of a PIR the product knows (for checks, metrics and the right editor), in the
/// built-in template's order. The wizard's steps are the site's template's own headings
/// ([`steps`]), which may name other parts or leave some of these out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SectionKey {
    /// Front matter tags.
    Tags,
    /// The Date / Duration / Severity / Status block.
    Metadata,
    /// `## Executive Summary`.
    ExecutiveSummary,
    /// `## Timeline`.
    Timeline,
    /// `## Root Causes`.
    RootCauses,
    /// `## Impact`.
    Impact,
    /// `## Resolution Steps Taken`.
    ResolutionSteps,
    /// `## Verification`.
    Verification,
    /// `## Preventive Measures`.
    PreventiveMeasures,
    /// `## Lessons Learned`.
    LessonsLearned,
    /// `## Action Items`.
    ActionItems,
    /// `## Technical Details`.
    TechnicalDetails,
    /// `## References`.
    References,
}

impl SectionKey {
    /// Every key, in template order.
    pub const ALL: [SectionKey; 13] = [
        SectionKey::Tags,
        SectionKey::Metadata,
        SectionKey::ExecutiveSummary,
        SectionKey::Timeline,
        SectionKey::RootCauses,
        SectionKey::Impact,
        SectionKey::ResolutionSteps,
        SectionKey::Verification,
        SectionKey::PreventiveMeasures,
        SectionKey::LessonsLearned,
        SectionKey::ActionItems,
        SectionKey::TechnicalDetails,
        SectionKey::References,
    ];

    /// The keys that are `##` sections of the document (all but tags and metadata).
    pub fn document_sections() -> impl Iterator<Item = SectionKey> {
        Self::ALL.into_iter().skip(2)
    }

    /// The usual heading text (`Resolution Steps Taken`).
    pub fn title(self) -> &'static str {
        match self {
            SectionKey::Tags => "Tags",
            SectionKey::Metadata => "Metadata",
            SectionKey::ExecutiveSummary => "Executive Summary",
            SectionKey::Timeline => "Timeline",
            SectionKey::RootCauses => "Root Causes",
            SectionKey::Impact => "Impact",
            SectionKey::ResolutionSteps => "Resolution Steps Taken",
            SectionKey::Verification => "Verification",
            SectionKey::PreventiveMeasures => "Preventive Measures",
            SectionKey::LessonsLearned => "Lessons Learned",
            SectionKey::ActionItems => "Action Items",
            SectionKey::TechnicalDetails => "Technical Details",
            SectionKey::References => "References",
        }
    }

    /// The key a heading (of a PIR or of a guide) stands for, matched leniently:
    /// `Timeline (AEST — UTC+10)`, `Root Causes — The Infinite How's Chain`,
    /// `Action Items table`, `Resolution Steps` all match.
    pub fn from_heading(heading: &str) -> Option<SectionKey> {
        // Numbered headings (`1. Executive Summary`) count too.
        let h = heading
            .trim()
            .trim_start_matches('#')
            .trim()
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')' || c == ' ');
        // Only a prefix is compared, so only a prefix is lowercased: 24 characters lowercase
        // to at least 24 bytes, more than the longest prefix below.
        let h = h
            .char_indices()
            .nth(24)
            .map_or(h, |(end, _)| &h[..end])
            .to_lowercase();
        let starts = |p: &str| h.starts_with(p);
        Some(
            if starts("frontmatter") || starts("front matter") || starts("tags") {
                SectionKey::Tags
            } else if starts("metadata") {
                SectionKey::Metadata
            } else if starts("executive summary") || starts("summary") {
                SectionKey::ExecutiveSummary
            } else if starts("timeline") || starts("incident timeline") {
                SectionKey::Timeline
            } else if starts("root cause") {
                SectionKey::RootCauses
            } else if starts("impact") {
                SectionKey::Impact
            } else if starts("resolution") {
                SectionKey::ResolutionSteps
            } else if starts("verification") {
                SectionKey::Verification
            } else if starts("preventive") || starts("preventative") || starts("prevention") {
                SectionKey::PreventiveMeasures
            } else if starts("lessons") {
                SectionKey::LessonsLearned
            } else if starts("action items") {
                SectionKey::ActionItems
            } else if starts("technical details") {
                SectionKey::TechnicalDetails
            } else if starts("references") {
                SectionKey::References
            } else {
                return None;
            },
        )
    }
}

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

/// A template and its guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Template {
    /// The markdown a new PIR starts from.
    pub text: String,
    /// Guidance per section, in the order the guide gives it.
    pub guide: Vec<GuideSection>,
    /// Every level-2 section of the template, in order, with its guidance (see
    /// [`Template::guidance_for`]).
    pub sections: Vec<SectionGuide>,
    /// The page it came from; `None` for the built-in one.
    pub source: Option<PathBuf>,
}

impl Template {
    /// The built-in template and guide.
    pub fn builtin() -> Template {
        Template::new(
            BUILTIN_TEMPLATE.to_string(),
            parse_guide(BUILTIN_GUIDE),
            &[],
        )
    }

    /// A template with its guide by part (`guide`) and the guide's sub-sections by heading
    /// (`site_guide`: the site's own words), its sections' guidance found.
    fn new(text: String, guide: Vec<GuideSection>, site_guide: &[(String, String)]) -> Template {
        let sections = section_guides(&text, site_guide);
        Template {
            text,
            guide,
            sections,
            source: None,
        }
    }

    /// The template held by a page with a `## Template` section, with the page's guide, and the
    /// built-in guidance for any section the page's guide does not cover.
    pub fn from_page(page: &str) -> Option<Template> {
        let text = extract_template(page)?;
        let mut guide = parse_guide(page);
        for builtin in parse_guide(BUILTIN_GUIDE) {
            if !guide.iter().any(|g| g.key == builtin.key) {
                guide.push(builtin);
            }
        }
        guide.sort_by_key(|g| SectionKey::ALL.iter().position(|k| *k == g.key));
        Some(Template::new(text, guide, &guide_entries(page)))
    }

    /// Reads the template page at `path`; `Ok(None)` when it holds no template.
    ///
    /// A page with a `## Template` section holds its template in that section's fenced
    /// block (a guide page). A file that *is* a template (named `*template*.md` or kept in a
    /// `templates` folder) and has sections of its own is the template as a whole, with the
    /// built-in guidance.
    pub fn load(path: &Path) -> Result<Option<Template>> {
        let page = fsio::read_text(path)?;
        if let Some(t) = Template::from_page(&page.text) {
            return Ok(Some(Template {
                source: Some(path.to_path_buf()),
                ..t
            }));
        }
        let sections = page
            .text
            .lines()
            .filter(|l| l.starts_with("## ") && !l.trim().eq_ignore_ascii_case("## template"))
            .count();
        Ok((is_template_file(path) && sections >= 2).then(|| Template {
            source: Some(path.to_path_buf()),
            ..Template::new(page.text, parse_guide(BUILTIN_GUIDE), &[])
        }))
    }

    /// The site's own template (the page `.pir.toml` names as `template`, else a page in the
    /// docs folder or the repository root whose name contains `template`), else the built-in
    /// one.
    pub fn for_site(site: &Site) -> Result<Template> {
        if let Some(rel) = &site.overrides.template {
            let path = site.root.join(rel.trim().trim_start_matches('/'));
            site.ensure_inside(&path, "the template named in .pir.toml")?;
            return Template::load(&path)?.ok_or_else(|| {
                crate::error::CoreError::new(
                    crate::error::ErrorKind::Config,
                    "the template named in .pir.toml has no `## Template` block and is not a template file",
                )
                .with_path(&path)
            });
        }
        for candidate in template_candidates(site) {
            if let Some(t) = Template::load(&candidate)? {
                return Ok(t);
            }
        }
        Ok(Template::builtin())
    }

    /// What a new PIR of `site` starts from: the site's template ([`Template::for_site`]);
    /// on a site without one that already has PIRs, the skeleton of its newest PIR
    /// ([`skeleton`]: its headings, metadata keys and table headers, its contents emptied),
    /// so that a new PIR looks like the site's others rather than like the built-in
    /// template; the built-in template for a site without PIRs, or whose PIRs follow it
    /// ([`follow_builtin`]).
    pub fn for_new_pir(site: &Site) -> Result<Template> {
        let template = Template::for_site(site)?;
        if template.source.is_some() {
            return Ok(template);
        }
        let summaries = site.summaries()?;
        // PIRs written from the built-in template are best followed by it, placeholders and
        // all.
        if follow_builtin(&summaries) {
            return Ok(template);
        }
        let Some(newest) = summaries.into_iter().next() else {
            return Ok(template);
        };
        let mut text = skeleton(&fsio::read_text(&newest.path)?.text);
        // A title starting with the number its file name carries (`# INC-2050: ...` in
        // `INC-2050-...md`) keeps the number's place for the new PIR's.
        let name = newest
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = name.strip_suffix(".md").unwrap_or(&name);
        let id_len = stem
            .char_indices()
            .skip_while(|(_, c)| c.is_ascii_alphabetic())
            .skip_while(|(_, c)| *c == '-')
            .skip_while(|(_, c)| c.is_ascii_digit())
            .map(|(i, _)| i)
            .next()
            .unwrap_or(stem.len());
        let id = &stem[..id_len];
        let prefix = id.trim_end_matches(|c: char| c.is_ascii_digit());
        if crate::site::profile::name_shape(&name).contains(NUMBER) && prefix.len() < id.len() {
            let needle = format!("# {id}");
            let at = if text.starts_with(&needle) {
                Some(0)
            } else {
                text.find(&format!("\n{needle}")).map(|i| i + 1)
            };
            if let Some(at) = at {
                let start = at + 2 + prefix.len();
                text.replace_range(start..start + id.len() - prefix.len(), NUMBER);
            }
        }
        Ok(Template {
            source: Some(newest.path),
            ..Template::new(text, parse_guide(BUILTIN_GUIDE), &[])
        })
    }

    /// The guidance for `key`, if the guide has it.
    pub fn guidance(&self, key: SectionKey) -> Option<&GuideSection> {
        self.guide.iter().find(|g| g.key == key)
    }

    /// The guidance for the template's section headed `heading` (as a PIR made from it
    /// writes it: any case, numbered or not), whatever the section is; `None` when the
    /// template has no such section or nothing is said about it.
    pub fn guidance_for(&self, heading: &str) -> Option<&str> {
        let want = plain_heading(heading);
        self.sections
            .iter()
            .find(|s| plain_heading(&s.heading) == want)
            .and_then(|s| s.guidance.as_deref())
    }
}

/// A heading compared by its words: lowercase, without numbering, `#`s, punctuation or
/// extra spaces (`2. Where we got lucky!` and `where we got lucky` are one).
fn plain_heading(h: &str) -> String {
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
fn guide_matches(guide: &str, section: &str) -> bool {
    let (g, s) = (plain_heading(guide), plain_heading(section));
    if g.is_empty() || s.is_empty() {
        return false;
    }
    g == s || s.starts_with(&format!("{g} ")) || g.starts_with(&format!("{s} "))
}

/// Every level-2 section of `text` (outside code) with its guidance: the site's guide
/// sub-section of the same heading, else the template's hint under it, else its prose,
/// else the built-in guide for the part it stands for.
fn section_guides(text: &str, site_guide: &[(String, String)]) -> Vec<SectionGuide> {
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
fn template_hint(body: &[&str]) -> Option<String> {
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
fn italic_paragraph(body: &[&str], i: usize) -> Option<String> {
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
fn template_prose(body: &[&str]) -> Option<String> {
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
fn dedent(text: &str) -> String {
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
    empty_bodies(&doc.into_text())
}

/// `text` with its front matter's values emptied: a date becomes `YYYY-MM-DD`, a severity
/// `TBD`, a list `[]` (tags too; [`fill`] writes the new PIR's), any other value nothing.
fn empty_front_matter(text: &str) -> String {
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
fn empty_bodies(text: &str) -> String {
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
                continue;
            }
            None if !seen_h2 && crate::doc::parse_meta_line(t).is_some() => {
                // An emptied value leaves no trailing space behind its key.
                let content = line.trim_end_matches(['\n', '\r']);
                out.push_str(content.trim_end());
                out.push_str(&line[content.len()..]);
                false
            }
            None => false,
        };
        if keep {
            out.push_str(line);
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

/// Whether `path` is a template by its name: `*template*.md`, or any page of a folder whose
/// name holds `template` (`templates/`, `doc-templates/`).
fn is_template_file(path: &Path) -> bool {
    let named = |p: Option<&std::ffi::OsStr>| {
        p.is_some_and(|n| n.to_string_lossy().to_lowercase().contains("template"))
    };
    named(path.file_name()) || named(path.parent().and_then(Path::file_name))
}

/// Markdown files that may hold the site's template, most likely first: a template the
/// site's README or home page names, then `*template*.md` pages of the docs folder, the
/// incidents folder and the root, then the pages of `templates` folders. Only files inside
/// the site's boundary count.
fn template_candidates(site: &Site) -> Vec<PathBuf> {
    let docs = site.docs_dir();
    let mut out = named_templates(site);
    let mut dirs = vec![
        docs.clone(),
        site.incidents_dir(),
        docs.join("templates"),
        site.root.clone(),
        site.root.join("templates"),
        site.root.join("doc-templates"),
        docs.join("doc-templates"),
    ];
    dirs.dedup();
    for dir in dirs {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut found: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md") && is_template_file(p))
            .filter(|p| p.is_file() && site.is_inside(p))
            .collect();
        found.sort();
        for f in found {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

/// Templates the site's own words point at: a path or link ending in `.md` and holding
/// `template` in the README (repository root or site root) or the home page, resolved from
/// that page's folder, the site root and the docs folder.
fn named_templates(site: &Site) -> Vec<PathBuf> {
    let docs = site.docs_dir();
    let pages = [
        site.root.join("README.md"),
        site.root.join("readme.md"),
        docs.join("index.md"),
        docs.join("README.md"),
    ];
    let mut out = Vec::new();
    for page in pages {
        let Ok(loaded) = fsio::read_text(&page) else {
            continue;
        };
        for word in loaded.text.split(|c: char| {
            c.is_whitespace() || matches!(c, '(' | ')' | '`' | '[' | ']' | '<' | '>' | '"' | '\'')
        }) {
            let w = word.trim_end_matches([',', '.', ';', ':']);
            let w = if w.ends_with(".md") { w } else { continue };
            if !w.to_lowercase().contains("template") || w.contains("://") {
                continue;
            }
            let rel = w.trim_start_matches("./").trim_start_matches('/');
            let bases = [
                page.parent().unwrap_or(&site.root),
                site.root.as_path(),
                docs.as_path(),
            ];
            for base in bases {
                let p = base.join(rel);
                if p.is_file() && site.is_inside(&p) && !out.contains(&p) {
                    out.push(p);
                    break;
                }
            }
        }
    }
    out
}

/// Lines with whether each is inside a fenced code block (fence lines included).
fn fenced_lines(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in text.lines() {
        let t = line.trim_start();
        let marker = t.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| t.chars().take_while(|c| *c == m).count());
        match (fence, marker) {
            (None, Some(m)) if run >= 3 => {
                fence = Some((m, run));
                out.push((line, true));
            }
            (Some((m, n)), Some(c))
                if c == m && run >= n && t.trim_end().chars().all(|x| x == m) =>
            {
                fence = None;
                out.push((line, true));
            }
            _ => out.push((line, fence.is_some())),
        }
    }
    out
}

fn heading_of(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    let rest = line.get(level..)?;
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| (level, rest.trim()))
}

/// The fenced block under a `## Template` heading, with escaped inner fences (`` \`\`\` ``)
/// turned back into real ones.
pub fn extract_template(page: &str) -> Option<String> {
    let lines = fenced_lines(page);
    let start = lines.iter().position(|(l, fenced)| {
        !fenced
            && heading_of(l).is_some_and(|(lv, t)| lv == 2 && t.eq_ignore_ascii_case("template"))
    })?;
    let open = (start + 1..lines.len()).find(|&i| {
        let t = lines[i].0.trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    })?;
    let fence_line = lines[open].0.trim_start();
    let marker = fence_line.chars().next()?;
    let run = fence_line.chars().take_while(|c| *c == marker).count();
    let mut body = String::new();
    for (line, _) in &lines[open + 1..] {
        let t = line.trim();
        if t.chars().all(|c| c == marker) && t.len() >= run {
            return Some(body);
        }
        let unescaped = line.replace("\\`\\`\\`", "```");
        body.push_str(&unescaped);
        body.push('\n');
    }
    None
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
fn guide_entries(page: &str) -> Vec<(String, String)> {
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
                // A numbered title (`INC-{number}: ...`, see `Template::for_new_pir`) keeps
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

fn tags_yaml(tags: &[String]) -> String {
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
fn meta_prefix<'a>(line: &'a str, key: &str) -> Option<&'a str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_template_has_every_document_section_and_a_guide_for_each_part() {
        let t = Template::builtin();
        let headings: Vec<SectionKey> = t
            .text
            .lines()
            .filter(|l| l.starts_with("## "))
            .filter_map(SectionKey::from_heading)
            .collect();
        assert_eq!(
            headings,
            SectionKey::document_sections().collect::<Vec<_>>()
        );
        let keys: Vec<SectionKey> = t.guide.iter().map(|g| g.key).collect();
        assert_eq!(keys, SectionKey::ALL);
        assert!(t.guide.iter().all(|g| g.guidance.contains("**Why:**")));
    }

    #[test]
    fn the_builtin_templates_sections_have_the_builtin_guidance() {
        let t = Template::builtin();
        assert_eq!(t.sections.len(), SectionKey::document_sections().count());
        for s in &t.sections {
            assert_eq!(s.from, Some(GuidanceFrom::BuiltIn), "{}", s.heading);
            let key = s.key.unwrap();
            assert_eq!(
                s.guidance.as_deref(),
                t.guidance(key).map(|g| g.guidance.as_str())
            );
        }
    }

    #[test]
    fn hints_are_read_from_comments_quotes_italics_and_admonitions() {
        let hint = |body: &str| template_hint(&body.lines().collect::<Vec<_>>());
        assert_eq!(hint("<!-- one -->").as_deref(), Some("one"));
        assert_eq!(hint("x\n<!--\n  a\n  b\n-->").as_deref(), Some("a\nb"));
        assert_eq!(hint("> a\n> b\n\nc").as_deref(), Some("a\nb"));
        assert_eq!(hint("_say why_").as_deref(), Some("say why"));
        assert_eq!(hint("*say\nwhy*").as_deref(), Some("say why"));
        assert_eq!(hint("**Bold:** not a hint"), None);
        assert_eq!(
            hint("!!! tip\n    Say when.\n\nafter").as_deref(),
            Some("Say when.")
        );
        assert_eq!(hint("| a | b |\n[Event]"), None);
        assert_eq!(
            plain_heading("2. Where we got lucky!"),
            "where we got lucky"
        );
        let lines = placeholder_lines(
            "## Follow-ups\n\n<!--\nEach follow-up has an owner.\n-->\nWhat happened, in two sentences.\n",
        );
        assert_eq!(
            lines.into_iter().collect::<Vec<_>>(),
            ["What happened, in two sentences."]
        );
        assert!(guide_matches("Timeline", "Timeline (UTC)"));
        assert!(!guide_matches("Time", "Timeline"));
    }

    #[test]
    fn a_skeleton_keeps_headings_keys_and_table_headers_only() {
        let pir = "---\ndate: 2026-05-01\nseverity: SEV-2\ntags:\n  - dns\n  - edge\nauthors: [ana]\nnote: |\n  long text\n---\n\n# INC: Resolver loop\n\nA summary paragraph.\n\n**Status:** Resolved\n**Owner:** Ana\n\n## Summary\n\nTwo resolvers looped.\n\n- a list\n\n### Detail\n\n#### Chain 1: specific\n\nText.\n\n```sh\n## not a heading\n```\n\n---\n\n## Timeline\n\n| Time | Event |\n|------|-------|\n| 10:00 | Alert. |\n\n## Lessons\n";
        assert_eq!(
            skeleton(pir),
            "---\ndate: YYYY-MM-DD\nseverity: TBD\ntags: []\nauthors: []\nnote:\n---\n\n# INC: Resolver loop\n\n**Status:**\n**Owner:**\n\n## Summary\n\n### Detail\n\n---\n\n## Timeline\n\n| Time | Event |\n|------|-------|\n\n## Lessons\n"
        );
    }

    #[test]
    fn a_numbered_title_gets_the_new_pirs_number() {
        let fields = NewPirFields {
            title: "Disk full".into(),
            date: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            severity: "P2".into(),
            tags: vec![],
        };
        let filled = fill("# INC-{number}: Title\n\n## What happened\n", &fields);
        assert_eq!(filled, "# INC-{number}: Disk full\n\n## What happened\n");
        assert_eq!(
            number_title(&filled, "INC-2051-disk-full.md"),
            "# INC-2051: Disk full\n\n## What happened\n"
        );
        // Without a number in the name, or a place for it, nothing changes.
        assert_eq!(number_title(&filled, "disk-full.md"), filled);
        assert_eq!(number_title("# Title\n", "INC-1-x.md"), "# Title\n");
        // A placeholder in the middle of a title is no number's place.
        assert_eq!(fill("# Review of {number} x\n", &fields), "# Disk full\n");
    }

    #[test]
    fn extracts_a_fenced_template_and_unescapes_inner_fences() {
        let page = "# T\n\n## Section Guide\n\n### Timeline\n\nSay when.\n\n```md\n## Not a heading\n```\n\n---\n\n### Unknown thing\n\nx\n\n## Template\n\nCopy this.\n\n```markdown\n# Post Incident Review: [X]\n\n\\`\\`\\`bash\nls\n\\`\\`\\`\n```\n";
        let t = Template::from_page(page).unwrap();
        assert_eq!(t.text, "# Post Incident Review: [X]\n\n```bash\nls\n```\n");
        let timeline = t.guidance(SectionKey::Timeline).unwrap();
        assert_eq!(
            timeline.guidance,
            "Say when.\n\n```md\n## Not a heading\n```"
        );
        // Parts the page's guide lacks come from the built-in guide.
        assert!(t.guidance(SectionKey::References).is_some());
        assert_eq!(Template::from_page("# No template here\n"), None);
    }

    #[test]
    fn fill_sets_title_date_severity_and_tags_only() {
        let fields = NewPirFields {
            title: "Queue Stall".into(),
            date: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            severity: "High".into(),
            tags: vec!["queue".into()],
        };
        let out = fill(BUILTIN_TEMPLATE, &fields);
        assert!(out.starts_with("---\ntags:\n  - queue\n---\n\n# Post Incident Review: Queue Stall\n\n**Date:** 2026-07-01\n**Duration:** ~Xh Ym"), "{out}");
        assert!(out.contains("**Severity:** High\n**Status:** [Resolved"));
        // One tag line replaces `tags: []`; nothing else is added or removed.
        assert_eq!(out.lines().count(), BUILTIN_TEMPLATE.lines().count() + 1);
        let other = fill(
            "# Title\n\n**Date**: YYYY-MM-DD\n\n```\n**Date:** keep\n```\n",
            &fields,
        );
        assert_eq!(
            other,
            "# Queue Stall\n\n**Date**: 2026-07-01\n\n```\n**Date:** keep\n```\n"
        );
    }

    #[test]
    fn placeholders_are_told_from_links_and_task_boxes() {
        assert!(has_placeholder("| **~HH:MM** | [Event] |"));
        assert!(has_placeholder("[3–5 paragraphs]"));
        assert!(!has_placeholder(
            "See [the runbook](r.md) and [x] done, [ ] todo, [ref][1]."
        ));
        assert!(!has_placeholder("Plain text."));
    }

    #[test]
    fn headings_match_leniently() {
        assert_eq!(
            SectionKey::from_heading("## Timeline (AEST — UTC+10)"),
            Some(SectionKey::Timeline)
        );
        assert_eq!(
            SectionKey::from_heading("Root Causes — The Infinite How's Chain"),
            Some(SectionKey::RootCauses)
        );
        assert_eq!(
            SectionKey::from_heading("Action Items table"),
            Some(SectionKey::ActionItems)
        );
        assert_eq!(
            SectionKey::from_heading("Resolution Steps"),
            Some(SectionKey::ResolutionSteps)
        );
        assert_eq!(SectionKey::from_heading("Reviewers"), None);
    }
}
