//! Site metrics: how many incidents, of what kind, how fast they were detected and resolved,
//! and which action items are still open.
//!
//! Times come from the timelines' key events only (through [`crate::doc::Timeline::metrics`]):
//! time to detect needs an `INCIDENT START` (or `ROOT EVENT`) row and an `INCIDENT DETECTED`
//! row; time to resolve needs the start and an `INCIDENT RESOLVED` row. The model would
//! otherwise take the first timed row as the start; here a PIR without the markers is listed
//! as not measurable, with what it lacks, and never guessed.
//!
//! Spreads give min, 25th percentile, median, 75th percentile and max, the percentiles
//! interpolated linearly between the sorted values (value at position `p·(n−1)`), as
//! spreadsheets' `PERCENTILE.INC` does.
//!
//! One file a responsibility: `report` (the shapes of the answer, and the spread of a list of
//! minutes), `measure` (one PIR's times, or why they are not known), and `compute` (the
//! site's counts, spreads and open action items from its PIRs); this module reads the site.

mod compute;
mod measure;
mod report;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::doc::{Document, PirModel};
use crate::error::Result;
use crate::fsio;
use crate::site::Site;

pub use compute::{compute, compute_on};
pub use report::{
    AgeBucket, AgeBucketLabel, Count, Durations, NotMeasurable, OpenAction, OwnerActions, PirStat,
    SiteStats, Spread, UNASSIGNED, UNSPECIFIED,
};

/// The metrics of every PIR of `site`, ages counted to `today`.
pub fn site_stats(site: &Site, today: NaiveDate) -> Result<SiteStats> {
    let files = site.pir_files()?;
    let pirs = files
        .par_iter()
        .map(|path| {
            let text = fsio::read_text(path)?.text;
            let rel = site.docs_relative(path).unwrap_or_default();
            Ok((rel, for_stats(Document::parse(text).model().clone())))
        })
        .collect::<Result<Vec<_>>>()?;
    let scale = crate::site::profile::severity_scale(
        site,
        pirs.iter().filter_map(|(_, m)| m.severity.as_deref()),
    );
    Ok(compute_on(&pirs, today, &scale))
}

/// `model` without what [`compute()`] never reads (tables other than action items, how-chains,
/// metadata lines, timeline events' text, headings below level 2), so that the metrics of a large site hold a few
/// hundred bytes per PIR rather than its whole model.
fn for_stats(mut model: PirModel) -> PirModel {
    let keep: Vec<bool> = model
        .tables
        .iter()
        .map(|t| crate::actions::in_action_items(&model, t.section))
        .collect();
    let mut keep = keep.into_iter();
    model.tables.retain(|_| keep.next().unwrap_or(false));
    model.tables.shrink_to_fit();
    // Action items find their section by walking up to its level-2 ancestor's heading.
    for section in &mut model.sections {
        section.children = Vec::new();
        if section.level > 2 {
            section.heading = String::new();
        }
    }
    model.how_chains = Vec::new();
    model.metadata = Vec::new();
    model.missing_sections = Vec::new();
    model.missing_metadata = Vec::new();
    if let Some(t) = &mut model.timeline {
        for row in &mut t.rows {
            row.event = String::new();
            row.event_text = String::new();
        }
    }
    model
}

/// [`site_stats`] with ages counted to today, in the computer's time zone.
pub fn site_stats_today(site: &Site) -> Result<SiteStats> {
    site_stats(site, chrono::Local::now().date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trimmed models give the metrics the whole models give, on the sample's PIRs.
    #[test]
    fn metrics_of_trimmed_models_are_those_of_whole_ones() {
        let pirs: Vec<(String, PirModel)> = crate::sample::FILES
            .iter()
            .filter(|(p, _)| p.starts_with("docs/incidents/"))
            .map(|(p, t)| (p.to_string(), Document::parse(*t).model().clone()))
            .collect();
        let trimmed: Vec<(String, PirModel)> = pirs
            .iter()
            .map(|(p, m)| (p.clone(), for_stats(m.clone())))
            .collect();
        let today = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let whole = compute(&pirs, today);
        assert!(whole.open_actions > 0);
        assert_eq!(compute(&trimmed, today), whole);
        assert!(trimmed.iter().all(|(_, m)| m.how_chains.is_empty()));
    }
}
