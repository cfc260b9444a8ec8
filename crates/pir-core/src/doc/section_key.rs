//! The parts of a PIR the product knows by name (Timeline, Root Causes, Action Items, ...),
//! recognised by a heading's words. A leaf: the document reader, the template and the site
//! all name sections by it, and it depends on none of them.

use serde::{Deserialize, Serialize};

/// The parts of a PIR the product knows (for checks, metrics and the right editor), in the
/// built-in template's order. The wizard's steps are the site's template's own headings
/// ([`crate::template::steps`]), which may name other parts or leave some of these out.
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
