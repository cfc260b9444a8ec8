//! The site list's view of a check: every PIR with the problems about it (in its file, or
//! naming it), its severity badge, and the site's severity choices.

use serde::{Deserialize, Serialize};

use super::check_site;
use super::problem::Problem;
use crate::error::Result;
use crate::severity::SeverityBadge;
use crate::site::Site;
use crate::site::summary::PirSummary;

/// One PIR of the site list: what the list shows of it and the problems found with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PirCheck {
    /// Date, title, severity, duration, status, tags, ...
    pub summary: PirSummary,
    /// The problems in the PIR's file, and those elsewhere (nav, lists, tables) naming it.
    pub problems: Vec<Problem>,
    /// Its severity as the list shows it: the level in the site's spelling and its band on
    /// the site's scale; none when the PIR names no severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_badge: Option<SeverityBadge>,
}

/// Every PIR of a site with its problems, newest first, and the problems naming no PIR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SiteCheck {
    /// The PIRs, newest first.
    pub pirs: Vec<PirCheck>,
    /// Problems of no one PIR (a nav entry pointing at a missing page).
    pub other: Vec<Problem>,
    /// The severity levels the PIRs name, as the site spells them, most severe first (the
    /// severity filter's choices, each the `level` of the badges it finds).
    pub severity_levels: Vec<String>,
    /// The site's whole severity scale, most severe first: a new PIR's choices (see
    /// [`crate::severity::SeverityScale::choices`]).
    pub severity_scale: Vec<String>,
    /// The level a new PIR starts with (see [`crate::severity::SeverityScale::usual`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usual_severity: Option<String>,
}

/// Reads every PIR's summary and runs [`check_site`], handing each problem to the PIR it is
/// about: the one whose file it is in, else the one whose docs path it names.
pub fn site_check(site: &Site) -> Result<SiteCheck> {
    let summaries = site.summaries()?;
    let problems = check_site(site, &summaries)?;
    let severities = || summaries.iter().filter_map(|s| s.severity.as_deref());
    let scale = crate::site::profile::severity_scale(site, severities());
    let severity_levels = scale.in_use(severities());
    let severity_scale = scale.choices();
    let usual_severity = scale.usual(severities());
    let mut pirs: Vec<PirCheck> = summaries
        .into_iter()
        .map(|summary| PirCheck {
            severity_badge: summary.severity.as_deref().and_then(|s| scale.badge(s)),
            summary,
            problems: Vec::new(),
        })
        .collect();
    let mut other = Vec::new();
    for p in problems {
        let owner = pirs
            .iter()
            .position(|c| c.summary.path == p.path)
            .or_else(|| {
                pirs.iter()
                    .position(|c| !c.summary.rel.is_empty() && p.message.contains(&c.summary.rel))
            });
        match owner {
            Some(i) => pirs[i].problems.push(p),
            None => other.push(p),
        }
    }
    Ok(SiteCheck {
        pirs,
        other,
        severity_levels,
        severity_scale,
        usual_severity,
    })
}
