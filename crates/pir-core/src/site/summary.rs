//! What the site list and the checks need to know of one PIR.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Site;
use crate::doc::section_key::SectionKey;
use crate::doc::{
    Document, MetadataPlace, TimelineStyle, end_date, first_date, is_known_metadata_key,
    timeline_style,
};
use crate::error::Result;
use crate::fsio;
use crate::timeline::resolve_datetimes;

/// A PIR as the site list shows it and `pir check` compares it with nav and index entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PirSummary {
    /// The file.
    pub path: PathBuf,
    /// Path relative to the docs folder, `/`-separated (`incidents/2026-01-02-x.md`).
    pub rel: String,
    /// The date the PIR is filed under: the first date its Date field names (the start of a
    /// range or a qualified date), else the date in its file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The last day of the span the Date field names, when it names one (`2026-04-01 to
    /// 2026-04-02` ends on the 2nd): see [`crate::doc::end_date`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
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
    /// The level-2 headings, in order (what the site's template sections are checked
    /// against).
    #[serde(default)]
    pub sections: Vec<String>,
    /// Where the PIR keeps its metadata (the place of its first known field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_place: Option<MetadataPlace>,
    /// How the PIR writes its timeline, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_style: Option<TimelineStyle>,
    /// Lines of timeline rows earlier than the row before them in the same table.
    #[serde(default)]
    pub timeline_out_of_order: Vec<usize>,
    /// The zone the timeline's heading names (`AEST — UTC+10`), when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_zone: Option<crate::timeline::TimeZoneLabel>,
    /// How most of the timeline's times are written, as a pattern (`{time}`, `**{time}**`,
    /// `**{time} AEST**`), when it has rows with a time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_times: Option<String>,
}

/// How most of `rows`' times are written, as a pattern: in bold when more than half of the
/// times are, with the zone suffix more than half of them end with (`**{time} AEST**`).
/// Placeholder rows and rows without a readable time do not count.
pub fn times_pattern(rows: &[crate::doc::TimelineRow]) -> Option<String> {
    let cells: Vec<&crate::timeline::TimeCell> = rows
        .iter()
        .map(|r| &r.time)
        .filter(|c| c.start.is_some() && !crate::doc::is_time_placeholder(&c.raw))
        .collect();
    let n = cells.len();
    if n == 0 {
        return None;
    }
    let bold = cells.iter().filter(|c| c.bold).count() * 2 > n;
    let mut zones: Vec<(&str, usize)> = Vec::new();
    for z in cells.iter().filter_map(|c| c.zone.as_deref()) {
        match zones.iter_mut().find(|(k, _)| *k == z) {
            Some((_, k)) => *k += 1,
            None => zones.push((z, 1)),
        }
    }
    let zone = zones
        .iter()
        .find(|(_, k)| k * 2 > n)
        .map(|(z, _)| format!(" {z}"))
        .unwrap_or_default();
    let time = format!("{{time}}{zone}");
    Some(if bold { format!("**{time}**") } else { time })
}

impl PirSummary {
    /// Reads what the list needs from a PIR's text.
    pub fn from_text(path: &Path, rel: &str, text: &str) -> PirSummary {
        let doc = Document::parse(text);
        let m = doc.model();
        let date_field = m
            .metadata
            .iter()
            .find(|f| f.key.eq_ignore_ascii_case("date"));
        // A qualified or ranged Date still dates the PIR; without one, the file name may.
        let date = m.date.as_deref().and_then(first_date).or_else(|| {
            path.file_name()
                .and_then(|n| n.to_str())
                .and_then(first_date)
        });
        let summary = m
            .sections
            .iter()
            .find(|s| {
                s.level == 2
                    && SectionKey::from_heading(&s.heading) == Some(SectionKey::ExecutiveSummary)
            })
            .and_then(|s| doc.section_body(s.id))
            .and_then(|body| first_paragraph(&body));
        let mut timeline_out_of_order = Vec::new();
        if let Some(t) = &m.timeline {
            for table in 0..t.tables.len() {
                let rows: Vec<_> = t.rows.iter().filter(|r| r.table == table).collect();
                let cells: Vec<_> = rows.iter().map(|r| &r.time).collect();
                let times = resolve_datetimes(&cells, date);
                let mut last = None;
                for (row, time) in rows.iter().zip(times) {
                    let Some(time) = time else { continue };
                    if last.is_some_and(|l| time < l) {
                        timeline_out_of_order.push(row.line);
                    }
                    last = Some(time);
                }
            }
        }
        PirSummary {
            path: path.to_path_buf(),
            rel: rel.to_string(),
            date,
            end_date: m.date.as_deref().and_then(end_date),
            date_text: m.date.clone(),
            date_line: date_field.map_or(1, |f| f.line),
            title: m.short_title.clone(),
            severity: m.severity.clone(),
            duration: m.duration.clone(),
            status: m.status.clone(),
            tags: m.tags.clone(),
            summary,
            missing_sections: m.missing_sections.clone(),
            missing_metadata: m.missing_metadata.clone(),
            sections: m
                .sections
                .iter()
                .filter(|s| s.level == 2)
                .map(|s| s.heading.clone())
                .collect(),
            metadata_place: m
                .metadata
                .iter()
                .find(|f| is_known_metadata_key(&f.key))
                .map(|f| f.place),
            timeline_style: timeline_style(m),
            timeline_out_of_order,
            timeline_zone: m.timeline.as_ref().and_then(|t| t.timezone.clone()),
            timeline_times: m.timeline.as_ref().and_then(|t| times_pattern(&t.rows)),
        }
    }

    /// The first sentence of the summary (for one-line list entries), without its full stop.
    pub fn summary_sentence(&self) -> Option<String> {
        let s = self.summary.as_deref()?;
        let end = s.find(". ").map_or(s.len(), |i| i + 1);
        Some(s[..end].trim_end_matches('.').trim().to_string())
    }

    /// The severity level alone (`High` from `High (reason)`).
    pub fn severity_level(&self) -> Option<&str> {
        self.severity.as_deref().map(crate::severity::level)
    }
}

/// The first paragraph of a markdown body, its lines joined with spaces.
fn first_paragraph(body: &str) -> Option<String> {
    let para: Vec<&str> = body
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    (!para.is_empty()).then(|| para.join(" "))
}

impl Site {
    /// Every PIR of the site, read in parallel, newest first (by Date, then file name).
    ///
    /// A PIR that cannot be read (not UTF-8, too large) is an error naming its file: the list
    /// must not silently leave it out.
    pub fn summaries(&self) -> Result<Vec<PirSummary>> {
        let files = self.pir_files()?;
        let mut out = files
            .par_iter()
            .map(|path| {
                let text = fsio::read_text(path)?.text;
                let rel = self.docs_relative(path).unwrap_or_default();
                Ok(PirSummary::from_text(path, &rel, &text))
            })
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.rel.cmp(&a.rel)));
        Ok(out)
    }
}
