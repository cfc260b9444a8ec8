//! PIR templates and the section guide shown beside each step of the new-PIR wizard.
//!
//! A site may carry its own template: a markdown page with a `## Template` section holding the
//! template in a fenced block, and usually a `## Section Guide` whose `###` sub-sections explain
//! each part. When it has none, the built-in template and guide (same sections) are used.
//! Which of a site's pages is its template is the site's to say (`site::templates`): this
//! module reads text and knows no site.
//!
//! - [`page`]: a template and its guide as a page holds them, or the built-in ones.
//! - [`find`]: telling a template page, and the template block a guide page holds.
//! - [`guide`]: the guidance shown beside each section, by heading.
//! - [`fill`]: a new PIR's first text, and the placeholder lines of a template.
//! - [`skeleton`]: the template of a site without one, from a recent PIR.
//! - [`sections`]: the sections of a text by heading, and how far each is written.
//! - [`steps`]: the wizard's steps, one per section of the template.

pub mod fill;
pub mod find;
pub mod guide;
pub mod page;
pub mod sections;
pub mod skeleton;
pub mod steps;

pub use sections::{
    SectionState, TextSection, fill_by_heading, fill_sections, heading_sections, section_state,
    section_states, sections,
};

pub use crate::doc::section_key::SectionKey;
pub use fill::{NewPirFields, fill, follow_site_timeline, has_placeholder, placeholder_lines};
pub use find::extract_template;
pub use guide::{GuidanceFrom, GuideSection, SectionGuide, parse_guide};
pub use page::Template;
pub use skeleton::{NUMBER, follow_builtin, number_title, skeleton};
pub use steps::{StepKind, WizardStep, step_body, step_document, wizard_steps};

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::guide::{guide_matches, plain_heading, template_hint};
    use super::page::BUILTIN_TEMPLATE;
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
    fn a_skeleton_keeps_headings_keys_table_headers_and_one_placeholder_row() {
        let pir = "---\ndate: 2026-05-01\nseverity: SEV-2\ntags:\n  - dns\n  - edge\nauthors: [ana]\nnote: |\n  long text\n---\n\n# INC: Resolver loop\n\nA summary paragraph.\n\n**Status:** Resolved\n**Owner:** Ana\n\n## Summary\n\nTwo resolvers looped.\n\n- a list\n\n### Detail\n\n#### Chain 1: specific\n\nText.\n\n```sh\n## not a heading\n```\n\n---\n\n## Timeline\n\n| Time | Event |\n|------|-------|\n| 10:00 | Alert. |\n\n## Lessons\n";
        assert_eq!(
            skeleton(pir),
            "---\ndate: YYYY-MM-DD\nseverity: TBD\ntags: []\nauthors: []\nnote:\n---\n\n# INC: Resolver loop\n\n**Status:**\n**Owner:**\n\n## Summary\n\n### Detail\n\n---\n\n## Timeline\n\n| Time | Event |\n|------|-------|\n| HH:MM | [Event] |\n\n## Lessons\n"
        );
        // A list timeline keeps its first item's bold, zone and separator.
        let list = "# T\n\n## Timeline\n\n- **2026-05-01 09:02 UTC** — Alert fires.\n  More.\n- 09:10 — Paged.\n\n## Lessons\n\nText.\n";
        assert_eq!(
            skeleton(list),
            "# T\n\n## Timeline\n\n- **YYYY-MM-DD HH:MM UTC** — [Event]\n\n## Lessons\n"
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
