//! The new-PIR wizard's steps, built from the site's own template.
//!
//! After the first step (title, date, severity, tags) the wizard walks the template as it is:
//! one step per `##` section, identified by its heading and in the template's order, so a site
//! whose template has Summary, Trigger, Detection, Resolution and "Where we got lucky" gets
//! exactly those steps, and the built-in list of parts plays no role in which steps there are.
//! The metadata block under the title is a step of its own where the site keeps its metadata
//! there (`**Key:**` lines or a table, as the site profile says); a site keeping it in front
//! matter gets the first step's fields written there and no metadata step.
//!
//! Each step carries the site's guidance for it, as markdown and as HTML rendered by the
//! product's renderer (the UI shows it as the site would, tables and all), and what kind of
//! editor it needs: the timeline is edited in the timeline grid, over a small document holding
//! only that section ([`step_document`]).

use serde::{Deserialize, Serialize};

use super::Template;
use super::sections::heading_sections;
use crate::doc::MetadataPlace;
use crate::doc::section_key::SectionKey;
use crate::render::render;

/// Which editor a step needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The metadata block under the title (`**Key:**` lines or a table).
    Metadata,
    /// The timeline: rows in the timeline grid.
    Timeline,
    /// Any other section: markdown text.
    Text,
}

/// One step of the wizard after the first: a section of the site's template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WizardStep {
    /// The heading as the template writes it, which names the step when the PIR is created;
    /// for the metadata block, the `#` title.
    pub heading: String,
    /// What the step is called in the wizard: the heading, or `Metadata`.
    pub title: String,
    /// The editor it needs.
    pub kind: StepKind,
    /// The part of a PIR it stands for, when the product knows it (`None`: a section of the
    /// site's own, such as `Where we got lucky`).
    pub key: Option<SectionKey>,
    /// The section's text as the new PIR starts with it (the template's, fields filled in).
    pub body: String,
    /// The site's guidance for it, as markdown; `None` when nothing is said about it.
    pub guidance: Option<String>,
    /// The guidance as sanitised HTML from the product's renderer.
    pub guidance_html: Option<String>,
}

/// The steps of `text` (a template with the first step's fields filled in), guided by
/// `template`, with a metadata step only when the site keeps its metadata at `place` in the
/// body and the text has a metadata block.
pub fn wizard_steps(text: &str, template: &Template, place: MetadataPlace) -> Vec<WizardStep> {
    let mut steps: Vec<WizardStep> = Vec::new();
    let mut title_seen = false;
    for (key, heading, body) in heading_sections(text) {
        // The first section of a heading only: a second one is filled with the first.
        if steps.iter().any(|s| s.heading == heading) {
            continue;
        }
        let (kind, title, guidance) = if key == Some(SectionKey::Metadata) {
            // The block under the first `#` title only.
            let first = !std::mem::replace(&mut title_seen, true);
            if !first || place == MetadataPlace::FrontMatter || body.trim().is_empty() {
                continue;
            }
            let guidance = template
                .guidance(SectionKey::Metadata)
                .map(|g| g.guidance.clone());
            (StepKind::Metadata, "Metadata".to_string(), guidance)
        } else {
            let kind = if key == Some(SectionKey::Timeline) {
                StepKind::Timeline
            } else {
                StepKind::Text
            };
            let guidance = template.guidance_for(&heading).map(str::to_string);
            (kind, heading.clone(), guidance)
        };
        let guidance = guidance.filter(|g| !g.trim().is_empty());
        steps.push(WizardStep {
            guidance_html: guidance.as_deref().map(render),
            heading,
            title,
            kind,
            key,
            body,
            guidance,
        });
    }
    steps
}

/// A document holding only the step's section (`## heading`, a blank line, the body), which
/// the timeline grid edits as it edits a PIR's timeline; its section's body is the step's new
/// text. With the incident's `date`, front matter names it, so that rows given only a time
/// land on that day in a timeline that writes a date on each row (`| Date | Time | Event |`).
pub fn step_document(heading: &str, body: &str, date: Option<&str>) -> String {
    let body = body.trim_end();
    let front = match date
        .map(str::trim)
        .filter(|d| !d.is_empty() && !d.contains('\n'))
    {
        Some(d) => format!("---\ndate: {d:?}\n---\n\n"),
        None => String::new(),
    };
    if body.is_empty() {
        format!("{front}## {heading}\n")
    } else {
        format!("{front}## {heading}\n\n{body}\n")
    }
}

/// The body of the section a [`step_document`] holds, as edited since: the step's new text.
pub fn step_body(document: &str) -> String {
    heading_sections(document)
        .into_iter()
        .find(|(key, _, _)| *key != Some(SectionKey::Metadata))
        .map(|(_, _, body)| body)
        .unwrap_or_default()
}
