//! A template and its guide as a page holds them: a guide page's `## Template` block and
//! `## Section Guide`, a template file as a whole, or the built-in ones; and the guidance
//! for each section, by part or by heading.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::find::{extract_template, is_template_file};
use super::guide::{
    BUILTIN_GUIDE, GuideSection, SectionGuide, guide_entries, parse_guide, plain_heading,
    section_guides,
};
use crate::doc::section_key::SectionKey;
use crate::error::Result;
use crate::fsio;

pub(crate) const BUILTIN_TEMPLATE: &str = include_str!("builtin-template.md");

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

    /// A template that is `text` as a whole (a template file, a recent PIR's skeleton), from
    /// `source`, with the built-in guidance for the sections it shares with the built-in one.
    pub fn whole_text(text: String, source: PathBuf) -> Template {
        Template {
            source: Some(source),
            ..Template::new(text, parse_guide(BUILTIN_GUIDE), &[])
        }
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
        Ok((is_template_file(path) && sections >= 2)
            .then(|| Template::whole_text(page.text, path.to_path_buf())))
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
