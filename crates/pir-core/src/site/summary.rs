//! What the site list and the checks need to know of one PIR.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A PIR as the site list shows it and `pir check` compares it with nav and index entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PirSummary {
    /// The file.
    pub path: PathBuf,
    /// Path relative to the docs folder, `/`-separated (`incidents/2026-01-02-x.md`).
    pub rel: String,
    /// The `**Date:**` value, when it is a valid `YYYY-MM-DD` date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The `**Date:**` value as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    /// 1-based line of the Date field (or 1).
    pub date_line: usize,
    /// The title without the `Post Incident Review:` prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `**Severity:**` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// `**Duration:**` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// `**Status:**` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Front matter tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// First sentence of the Executive Summary, as plain-ish text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Template sections the PIR lacks.
    #[serde(default)]
    pub missing_sections: Vec<String>,
    /// Metadata fields the PIR lacks.
    #[serde(default)]
    pub missing_metadata: Vec<String>,
    /// Lines of timeline rows earlier than the row before them in the same table.
    #[serde(default)]
    pub timeline_out_of_order: Vec<usize>,
}

impl PirSummary {
    /// The severity level alone (`High` from `High (reason)`).
    pub fn severity_level(&self) -> Option<&str> {
        self.severity.as_deref().map(super::new::severity_level)
    }
}
