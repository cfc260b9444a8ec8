//! PIR templates and the section guide shown beside each step of the new-PIR wizard.
//!
//! A site may carry its own template: a markdown page with a `## Template` section holding the
//! template in a fenced block, and usually a `## Section Guide` whose `###` sub-sections explain
//! each part. When it has none, the built-in template and guide (same sections) are used.
//!
//! - [`find`]: where a site's template is, and the template a page holds.
//! - [`guide`]: the guidance shown beside each section, by heading.
//! - [`fill`]: a new PIR's first text, and the placeholder lines of a template.
//! - [`skeleton`]: the template of a site without one, from a recent PIR.
//! - [`sections`]: the sections of a text by heading, and how far each is written.
//! - [`steps`]: the wizard's steps, one per section of the template.

pub mod fill;
pub mod find;
pub mod guide;
pub mod sections;
pub mod skeleton;
pub mod steps;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::fsio;
use crate::site::Site;

use find::{is_template_file, template_candidates};
use guide::{guide_entries, plain_heading, section_guides};
pub use sections::{
    SectionState, TextSection, fill_by_heading, fill_sections, heading_sections, section_state,
    section_states, sections,
};

pub use fill::{NewPirFields, fill, has_placeholder, placeholder_lines};
pub use find::extract_template;
pub use guide::{GuidanceFrom, GuideSection, SectionGuide, parse_guide};
pub use skeleton::{NUMBER, follow_builtin, number_title, skeleton};
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::guide::{guide_matches, template_hint};
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
