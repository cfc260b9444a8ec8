//! The inference of the profile from the site's PIRs (read newest first) and its template:
//! each fact the majority of what the PIRs do, or what the template says, with the evidence.

use std::collections::HashMap;
use std::path::Path;

use super::learn_site::{branch_pattern, index_pages_fact, nav_policy};
use super::model::{Fact, SiteProfile};
use super::tally::{majority, plural};
use crate::doc::{Document, MetadataPlace, TimelineStyle};
use crate::error::Result;
use crate::severity::SeverityScale;
use crate::site::Site;
use crate::site::slug::name_shape;
use crate::site::summary::PirSummary;

impl SiteProfile {
    /// The profile learnt from `site` and its PIRs (`summaries`, newest first), before
    /// `.pir.toml`'s values are applied. The site already follows what it reads of the file
    /// when it opens (`pirs_folder`, the pages `index_pages` keeps, the `template`), so the
    /// values learnt from those are learnt within them.
    pub fn learn(site: &Site, summaries: &[PirSummary]) -> Result<SiteProfile> {
        let n = summaries.len();
        let pirs_folder = if n > 0 {
            Fact::learnt(
                site.incidents_rel.clone(),
                format!("{n} PIR file{} there", plural(n)),
            )
        } else {
            Fact::default(site.incidents_rel.clone(), "no PIRs yet")
        };

        let names: Vec<String> = summaries
            .iter()
            .filter_map(|s| s.path.file_name().map(|f| f.to_string_lossy().into_owned()))
            .collect();
        let file_names = match majority(names.iter().map(|n| name_shape(n))) {
            Some((shape, k)) => Fact::learnt(shape, format!("{k} of {n} PIR file names")),
            None => Fact::default("{date}-{slug}.md".to_string(), "no PIRs yet"),
        };

        let template = crate::site::templates::site_template(site)?;
        let follow_builtin = crate::template::follow_builtin(summaries);
        let template_fact = match (&template.source, summaries.first()) {
            (Some(p), _) => Fact::learnt(
                Some(relative(&site.root, p)),
                "the site's template page".to_string(),
            ),
            // See `templates::new_pir_template`.
            (None, Some(newest)) if !follow_builtin => Fact::learnt(
                None,
                format!(
                    "the newest PIR, {} (no template page: new PIRs copy its headings and metadata keys)",
                    newest.rel
                ),
            ),
            (None, Some(_)) => Fact::default(
                None,
                "no template page, and the PIRs follow the built-in template",
            ),
            (None, None) => Fact::default(None, "the site has no template page and no PIR"),
        };
        let headings = h2_headings(&template.text);
        let common = common_sections(summaries);
        // Without a template page, the site's PIRs say which sections it expects: the
        // headings most of them have. While they follow the built-in template (new PIRs start
        // from it), only those of its sections: one every PIR leaves out is not the site's,
        // and one the template lacks a new PIR could not have. Spelt as the PIRs spell them.
        let in_template: Vec<String> = common
            .iter()
            .filter(|c| {
                let id = section_identity(c);
                headings.iter().any(|h| section_identity(h) == id)
            })
            .cloned()
            .collect();
        let sections = match &template.source {
            Some(p) => Fact::learnt(
                headings,
                format!("the level-2 headings of {}", relative(&site.root, p)),
            ),
            None if !in_template.is_empty() && follow_builtin => Fact::learnt(
                in_template,
                format!(
                    "the built-in template's headings most of the {n} PIRs have (no template page; they follow it)"
                ),
            ),
            None if !common.is_empty() => Fact::learnt(
                common,
                format!("the headings most of the {n} PIRs have (no template page)"),
            ),
            None => Fact::default(headings, "the built-in template's sections"),
        };

        let template_fields = crate::doc::known_metadata(&template.text);
        let common = common_fields(summaries);
        let fields = match &template.source {
            Some(p) if !template_fields.is_empty() => Fact::learnt(
                template_fields,
                format!("the metadata of {}", relative(&site.root, p)),
            ),
            None if !common.is_empty() => Fact::learnt(
                common,
                format!("the fields most of the {n} PIRs have (no template page)"),
            ),
            _ => Fact::default(
                ["Date", "Duration", "Severity", "Status"]
                    .map(String::from)
                    .to_vec(),
                "the built-in template's metadata",
            ),
        };
        let places = summaries.iter().filter_map(|s| s.metadata_place);
        let metadata = match majority(places) {
            Some((place, k)) => Fact::learnt(place, format!("{k} of {n} PIRs")),
            None => Fact::default(MetadataPlace::Line, "no PIR has metadata yet"),
        };

        let severities: Vec<&str> = summaries
            .iter()
            .filter_map(|s| s.severity.as_deref())
            .collect();
        let scale = SeverityScale::learn(severities.iter().copied());
        let severity = if scale.levels.is_empty() {
            Fact::default(
                SeverityScale::learn(["Critical", "High", "Medium", "Low"]),
                "no PIR names a severity yet",
            )
        } else {
            let k = severities.len();
            Fact::learnt(scale, format!("the Severity of {k} PIR{}", plural(k)))
        };

        let styles = summaries.iter().filter_map(|s| s.timeline_style);
        let timeline = match majority(styles) {
            Some((s, k)) => Fact::learnt(s, format!("{k} of {n} PIRs")),
            None => Fact::default(TimelineStyle::Table, "no PIR has a timeline yet"),
        };

        let timeline_zone = zone_fact(summaries);
        let timeline_times =
            match majority(summaries.iter().filter_map(|s| s.timeline_times.clone())) {
                Some((p, k)) => {
                    let m = summaries
                        .iter()
                        .filter(|s| s.timeline_times.is_some())
                        .count();
                    Fact::learnt(Some(p), format!("the timeline rows of {k} of {m} PIRs"))
                }
                None => Fact::default(None, "no PIR's timeline has a row with a time yet"),
            };

        let nav = nav_policy(site, summaries);
        let branch = branch_pattern(site, summaries);
        let index_pages = index_pages_fact(site)?;
        let images_folder = match crate::site::assets::learnt_folder(site) {
            Some(l) => Fact::learnt(
                l.folder,
                format!(
                    "{} of {} image{} the PIRs show",
                    l.images,
                    l.total,
                    if l.total == 1 { "" } else { "s" }
                ),
            ),
            None => Fact::default(
                crate::site::assets::DEFAULT_FOLDER.to_string(),
                "no PIR shows an image from the docs folder yet",
            ),
        };
        Ok(SiteProfile {
            pirs_folder,
            file_names,
            template: template_fact,
            sections,
            fields,
            metadata,
            severity,
            timeline,
            timeline_zone,
            timeline_times,
            nav,
            branch,
            index_pages,
            images_folder,
        })
    }
}

/// The zone the PIRs' timeline headings name: the zone most of them name (ties to the
/// newest), as the newest of those writes it.
fn zone_fact(summaries: &[PirSummary]) -> Fact<Option<String>> {
    let zones: Vec<&crate::timeline::TimeZoneLabel> = summaries
        .iter()
        .filter_map(|s| s.timeline_zone.as_ref())
        .collect();
    let with_timeline = summaries
        .iter()
        .filter(|s| s.timeline_style.is_some() || s.timeline_zone.is_some())
        .count();
    match majority(zones.iter().map(|z| z.label.to_uppercase())) {
        Some((label, k)) => {
            let raw = zones
                .iter()
                .find(|z| z.label.to_uppercase() == label)
                .map_or(label.clone(), |z| z.raw.clone());
            Fact::learnt(
                Some(raw),
                format!("the timeline headings of {k} of {with_timeline} PIRs, which name {label}"),
            )
        }
        None => Fact::default(None, "no PIR's timeline heading names a zone"),
    }
}

fn relative(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The level-2 headings more than half of the PIRs have, in the order of the newest PIR
/// holding them all: what a site without a template page expects.
fn common_sections(summaries: &[PirSummary]) -> Vec<String> {
    let n = summaries.len();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for s in summaries {
        let mut seen: Vec<String> = Vec::new();
        for h in &s.sections {
            let k = section_identity(h);
            if !seen.contains(&k) {
                *counts.entry(k.clone()).or_default() += 1;
                seen.push(k);
            }
        }
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for s in summaries {
        for h in &s.sections {
            let k = section_identity(h);
            if counts.get(&k).is_some_and(|c| c * 2 > n) && !out.iter().any(|(o, _)| *o == k) {
                out.push((k, h.clone()));
            }
        }
    }
    out.into_iter().map(|(_, h)| h).collect()
}

/// What makes two headings the same section across PIRs: a known section by its key
/// (`Timeline (AEST - UTC+10)` and `Timeline (AEST — UTC+10)` are both the timeline),
/// another by its words without a trailing `(...)` or `:`, in any case.
pub(crate) fn section_identity(heading: &str) -> String {
    if let Some(key) = crate::doc::section_key::SectionKey::from_heading(heading) {
        return format!("{key:?}");
    }
    let h = heading.trim();
    let h = match h.find(" (") {
        Some(i) if h.ends_with(')') => &h[..i],
        _ => h,
    };
    h.trim_end_matches(':')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The known metadata fields more than half of the PIRs have, in canonical order.
fn common_fields(summaries: &[PirSummary]) -> Vec<String> {
    let n = summaries.len();
    let have = |f: &str, s: &PirSummary| match f {
        "Date" => s.date_text.is_some(),
        "Duration" => s.duration.is_some(),
        "Severity" => s.severity.is_some(),
        _ => s.status.is_some(),
    };
    ["Date", "Duration", "Severity", "Status"]
        .into_iter()
        .filter(|f| summaries.iter().filter(|s| have(f, s)).count() * 2 > n)
        .map(String::from)
        .collect()
}

/// The level-2 headings of a template, in order (fenced code skipped).
fn h2_headings(text: &str) -> Vec<String> {
    let doc = Document::parse(text);
    doc.model()
        .sections
        .iter()
        .filter(|s| s.level == 2)
        .map(|s| s.heading.clone())
        .collect()
}
