//! `pir check`: what a docs repo's CI should catch before a PIR is published half-done.
//!
//! Every problem names a file and line, says what is wrong in words, and says whether
//! [`super::sync`] can fix it mechanically.
//!
//! One file a responsibility, each a part of the check: `nav` (the explicit nav), `home`
//! (the home page's Recent Incidents list), `tables` (incidents tables of index pages and the
//! pages `.pir.toml` names), `pir` (each PIR on its own, and files leading outside the
//! site), and `site_list` (the problems handed to the PIRs they are about, for the site
//! list), over `problem` (what each part reports); this module runs the parts in order.

mod home;
mod nav;
mod pir;
mod problem;
mod site_list;
mod tables;

use std::collections::HashMap;

use super::Site;
use super::profile::SiteProfile;
use super::summary::PirSummary;
use crate::error::Result;

pub use home::home_list;
pub(crate) use problem::problem;
pub use problem::{Problem, ProblemCode};
pub use site_list::{PirCheck, SiteCheck, site_check};

/// Checks the site's PIRs against its nav and home list, and each PIR on its own, by the
/// site's own conventions (its [`SiteProfile`]): file names by its naming pattern, sections
/// and metadata by its template, the nav only where the site keeps PIRs in it.
pub fn check_site(site: &Site, pirs: &[PirSummary]) -> Result<Vec<Problem>> {
    let profile = SiteProfile::of_summaries(site, pirs)?;
    let mut out = Vec::new();
    // Looked up once per entry and per PIR: by hash, so a large site checks in linear time.
    let by_rel: HashMap<&str, &PirSummary> = pirs.iter().map(|p| (p.rel.as_str(), p)).collect();
    nav::check_nav(site, &profile, pirs, &by_rel, &mut out);
    home::check_home_list(site, pirs, &by_rel, &mut out)?;
    tables::check_tables(site, pirs, &mut out)?;
    tables::check_index_pages(site, &mut out);
    pir::check_pirs(site, &profile, pirs, &mut out)?;
    pir::check_outside(site, &mut out)?;
    Ok(out)
}
