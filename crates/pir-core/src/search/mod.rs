//! Full-text search over every PIR of a site.
//!
//! A [`SearchIndex`] is built once per site ([`SearchIndex::build`]) and then kept current one
//! file at a time ([`SearchIndex::update`], [`SearchIndex::remove`]), by the caller or by a
//! [`IndexWatcher`] that follows changes on disk ([`SearchIndex::watch`]). Queries never
//! rebuild it.
//!
//! - Every line of a PIR belongs to one [`SearchField`]: the title, the executive summary, the
//!   timeline, the root causes (How-chains included), the action items, or the rest. Matches
//!   count more in the title than in the summary, and more in the summary than in the
//!   timeline, root causes and action items, which count more than the rest.
//! - Ranking is BM25 over those field-weighted term counts.
//! - Terms: see [`token`]. A query matches a PIR when every word and every quoted phrase
//!   does; the last word also matches longer terms (`time` finds `timeout`) so results
//!   follow what is being typed.
//! - Each hit carries its best matching line with the byte and character ranges of the
//!   matches, for highlighting.
//! - [`SearchFilters`] narrow by severity, status, tag, date range and open action items.
//! - [`LiveIndex`] builds the index on a background thread, for a window that shows the site
//!   before its index is ready.

mod index;
mod live;
pub mod token;
mod watch;

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use index::SearchIndex;
pub use live::{IndexStatus, LiveIndex, SearchResults};
pub use watch::IndexWatcher;

use crate::error::Result;
use crate::site::Site;

/// The part of a PIR a line belongs to, which weighs its matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SearchField {
    /// The `#` title line.
    Title,
    /// The `## Executive Summary` section.
    Summary,
    /// The `## Timeline` section.
    Timeline,
    /// The `## Root Causes` section, How-chains included.
    RootCauses,
    /// The `## Action Items` section.
    Actions,
    /// Everything else: metadata, front matter, other sections.
    Body,
}

impl SearchField {
    /// How much a match in this field counts, relative to the rest of the text.
    pub fn boost(self) -> f32 {
        match self {
            SearchField::Title => 4.0,
            SearchField::Summary => 2.5,
            SearchField::Timeline | SearchField::RootCauses | SearchField::Actions => 1.5,
            SearchField::Body => 1.0,
        }
    }
}

/// What narrows a search besides its words. Empty filters let everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchFilters {
    /// Severity level (`High` matches `High (customer impact)`; `SEV-1` matches `sev1`), any
    /// case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Status: matches a status starting with it, any case (`resolved`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// A front matter tag, any case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Dated on or after this day (PIRs without a valid date are left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// Dated on or before this day (PIRs without a valid date are left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// Only PIRs with at least one open action item (see [`crate::actions::ActionItem::open`]).
    #[serde(default)]
    pub open_actions: bool,
}

/// One match in a line: byte and character ranges within [`MatchLine::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatchSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// First character (Unicode scalar value), for UIs that count characters.
    pub char_start: usize,
    /// One past the last character.
    pub char_end: usize,
}

/// The line of a PIR that best matches a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatchLine {
    /// 1-based line number.
    pub line: usize,
    /// The part of the PIR it is in.
    pub field: SearchField,
    /// The line as written, without its line ending.
    pub text: String,
    /// The matches in it, in order, not overlapping.
    pub matches: Vec<MatchSpan>,
}

/// One PIR found by a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHit {
    /// The file.
    pub path: PathBuf,
    /// Path relative to the docs folder, `/`-separated (empty when outside it).
    pub rel: String,
    /// The title without the `Post Incident Review:` prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The `**Date:**` value, when valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// `**Severity:**` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// The severity as results show it: the level in the site's spelling and its band on the
    /// scale of the indexed PIRs; none when the PIR names no severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_badge: Option<crate::severity::SeverityBadge>,
    /// `**Status:**` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Front matter tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// How many action items are open.
    pub open_action_items: usize,
    /// Relevance (higher is better); 0 for a query with no words.
    pub score: f32,
    /// The best matching line; none for a query with no words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<MatchLine>,
}

/// Builds an index of `site` and runs one query on it (for one-off searches such as `pir
/// search`; keep a [`SearchIndex`] to run many).
pub fn search(
    site: &Site,
    query: &str,
    filters: &SearchFilters,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    Ok(SearchIndex::build(site)?.search(query, filters, limit))
}
