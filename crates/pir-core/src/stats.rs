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

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::actions::action_items;
use crate::doc::first_date;
use crate::doc::{Document, PirModel};
use crate::error::Result;
use crate::fsio;
use crate::severity::{self, SeverityBadge, SeverityScale};
use crate::site::Site;
use crate::site::slug::parse_date;
use crate::timeline::{EventKind, resolve_datetimes};

/// The severity group of PIRs without a Severity field.
pub const UNSPECIFIED: &str = "Unspecified";
/// The owner group of open action items without an owner.
pub const UNASSIGNED: &str = "(unassigned)";

/// A name and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Count {
    /// The month (`2026-03`), severity or tag.
    pub key: String,
    /// How many incidents.
    pub count: usize,
}

/// The spread of a set of durations, in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Spread {
    /// How many values.
    pub count: usize,
    /// Smallest.
    pub min: f64,
    /// 25th percentile.
    pub p25: f64,
    /// 50th percentile.
    pub median: f64,
    /// 75th percentile.
    pub p75: f64,
    /// Largest.
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; `None` when there are none.
    pub fn of(values: &[i64]) -> Option<Spread> {
        let mut v: Vec<f64> = values.iter().map(|x| *x as f64).collect();
        v.sort_by(f64::total_cmp);
        let (first, last) = (*v.first()?, *v.last()?);
        let at = |p: f64| {
            let pos = p * (v.len() - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
        };
        Some(Spread {
            count: v.len(),
            min: first,
            p25: at(0.25),
            median: at(0.5),
            p75: at(0.75),
            max: last,
        })
    }
}

/// Time to detect and to resolve of one severity (or of all, `severity` = `All`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Durations {
    /// The severity level.
    pub severity: String,
    /// How many incidents of that severity.
    pub incidents: usize,
    /// Minutes from start to detection, over the incidents where it is measurable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_detect: Option<Spread>,
    /// Minutes from start to resolution, over the incidents where it is measurable or
    /// estimated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_resolve: Option<Spread>,
    /// How many of the times to resolve are estimates (see [`PirStat::resolve_estimated`]).
    #[serde(default)]
    pub resolve_estimated: usize,
}

/// A PIR whose timeline does not give one or both durations, and why (also when the time to
/// resolve is only an estimate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotMeasurable {
    /// Path relative to the docs folder.
    pub rel: String,
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Time to detect cannot be measured.
    pub detect: bool,
    /// Time to resolve cannot be measured (not even estimated: an estimate is said in
    /// `reasons`).
    pub resolve: bool,
    /// What is missing (`no INCIDENT DETECTED row`, `no Timeline section`, ...).
    pub reasons: Vec<String>,
}

/// How old an open action item is, in the bands the metrics chart them by: the thresholds
/// are decided here once, so the chart, its tooltips and the counts agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AgeBucket {
    /// At most 30 days old.
    #[serde(rename = "up_to_30_days")]
    UpTo30Days,
    /// 31 to 90 days old.
    #[serde(rename = "days_31_to_90")]
    Days31To90,
    /// More than 90 days old.
    #[serde(rename = "over_90_days")]
    Over90Days,
    /// The PIR has no valid date, so the age is not known.
    Undated,
}

impl AgeBucket {
    /// Every bucket, youngest first, undated last: the order charts stack them in.
    pub const ALL: [AgeBucket; 4] = [
        AgeBucket::UpTo30Days,
        AgeBucket::Days31To90,
        AgeBucket::Over90Days,
        AgeBucket::Undated,
    ];

    /// The bucket of an age in days (none: undated).
    pub fn of(age_days: Option<i64>) -> AgeBucket {
        match age_days {
            None => AgeBucket::Undated,
            Some(d) if d <= 30 => AgeBucket::UpTo30Days,
            Some(d) if d <= 90 => AgeBucket::Days31To90,
            Some(_) => AgeBucket::Over90Days,
        }
    }

    /// What a chart's legend calls it.
    pub fn label(self) -> &'static str {
        match self {
            AgeBucket::UpTo30Days => "≤ 30 days",
            AgeBucket::Days31To90 => "31–90 days",
            AgeBucket::Over90Days => "> 90 days",
            AgeBucket::Undated => "undated",
        }
    }
}

/// A bucket with its legend text, as [`SiteStats::age_buckets`] lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgeBucketLabel {
    /// The bucket.
    pub bucket: AgeBucket,
    /// Its legend text.
    pub label: String,
}

/// One open action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenAction {
    /// The PIR, relative to the docs folder.
    pub rel: String,
    /// 1-based line of the row.
    pub line: usize,
    /// The action.
    pub action: String,
    /// The status as written.
    pub status: String,
    /// Days from the PIR's date to today; none when the PIR has no valid date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_days: Option<i64>,
    /// The age band it is counted and charted in.
    pub bucket: AgeBucket,
}

/// The open action items of one owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OwnerActions {
    /// The owner as written, or [`UNASSIGNED`].
    pub owner: String,
    /// How many open items.
    pub count: usize,
    /// Items at most 30 days old.
    pub up_to_30_days: usize,
    /// Items 31 to 90 days old.
    pub days_31_to_90: usize,
    /// Items more than 90 days old.
    pub over_90_days: usize,
    /// Items of PIRs without a valid date.
    pub undated: usize,
    /// The items, oldest first.
    pub items: Vec<OpenAction>,
}

/// One PIR's part in the metrics, so a chart's bar can list the PIRs behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PirStat {
    /// Path relative to the docs folder.
    pub rel: String,
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The `**Date:**` value, when valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Its month (`2026-03`, a key of [`SiteStats::per_month`]), when dated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    /// Its severity group (a key of [`SiteStats::by_severity`]).
    pub severity: String,
    /// Its front matter tags as written, each once (any case).
    pub tags: Vec<String>,
    /// Minutes from start to detection, when measurable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_detect: Option<i64>,
    /// Minutes from start to resolution, when measurable or estimated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_resolve: Option<i64>,
    /// When `time_to_resolve` is an estimate (no key events give it), from what: `the
    /// Duration field`, `the Duration field's range` or `the first and last timeline rows`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolve_estimated: Option<String>,
    /// How many of its action items are open.
    pub open_actions: usize,
}

/// What [`site_stats`] reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SiteStats {
    /// The day ages are counted to.
    pub today: NaiveDate,
    /// How many PIRs.
    pub incidents: usize,
    /// Incidents per month (`YYYY-MM`), oldest first, months without incidents between the
    /// first and the last included with 0.
    pub per_month: Vec<Count>,
    /// PIRs whose Date names no date and whose file name has none (not in `per_month`).
    pub undated: Vec<String>,
    /// Incidents per severity level, as the site spells it, most severe first on the site's
    /// scale (SEV0…, P0…, Critical…), then levels of no known scale by name, then
    /// [`UNSPECIFIED`].
    pub by_severity: Vec<Count>,
    /// How each level of `by_severity` is shown (same order, `level` its key): its band on
    /// the site's scale, so charts colour a severity as the list does; [`UNSPECIFIED`] has
    /// no band.
    pub severity_badges: Vec<SeverityBadge>,
    /// Incidents per tag, most first (then by name). Tags differing only in case are one.
    pub by_tag: Vec<Count>,
    /// Durations per severity (same order as `by_severity`), then `All`.
    pub durations: Vec<Durations>,
    /// PIRs missing what a duration needs.
    pub not_measurable: Vec<NotMeasurable>,
    /// How many action items are open, in all.
    pub open_actions: usize,
    /// Open action items per owner, most first (then by name, [`UNASSIGNED`] last).
    pub open_by_owner: Vec<OwnerActions>,
    /// The age bands of open items, in chart order, with their legend text.
    pub age_buckets: Vec<AgeBucketLabel>,
    /// Each PIR's part, in the order given (file order for [`site_stats`]).
    pub pirs: Vec<PirStat>,
}

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

/// `model` without what [`compute`] never reads (tables other than action items, how-chains,
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

/// The level of a PIR's severity as the site spells it (`High` from `high (customer
/// impact)` on a site that writes `High`), or [`UNSPECIFIED`].
fn severity_group(scale: &SeverityScale, model: &PirModel) -> String {
    match model.severity.as_deref().map(severity::level) {
        Some(l) if !l.is_empty() => scale.spell(l),
        _ => UNSPECIFIED.to_string(),
    }
}

/// The measurable durations of one PIR, or why not.
struct Measured {
    detect: Option<i64>,
    resolve: Option<i64>,
    /// How the time to resolve was estimated, when no key events give it.
    resolve_estimated: Option<&'static str>,
    reasons: Vec<String>,
}

fn measure(model: &PirModel) -> Measured {
    let Some(t) = &model.timeline else {
        let estimate = duration_minutes(model);
        return Measured {
            detect: None,
            resolve: estimate.map(|(v, _)| v),
            resolve_estimated: estimate.map(|(_, how)| how),
            reasons: vec!["no Timeline section".into()],
        };
    };
    let has = |kinds: &[EventKind]| {
        t.rows.iter().any(|r| {
            r.key_event
                .as_ref()
                .is_some_and(|k| kinds.contains(&k.kind))
        })
    };
    let start = has(&[EventKind::IncidentStart, EventKind::RootEvent]);
    let detected = has(&[EventKind::Detected]);
    let resolved = has(&[EventKind::Resolved]);
    let mut reasons = Vec::new();
    if !start {
        reasons.push("no INCIDENT START or ROOT EVENT row".to_string());
    }
    if !detected {
        reasons.push("no INCIDENT DETECTED row".to_string());
    }
    if !resolved {
        reasons.push("no INCIDENT RESOLVED row".to_string());
    }
    // The model takes the first timed row as the start when no marker row has a readable
    // time; that is a guess, so such a start does not count.
    let base = model
        .date
        .as_deref()
        .and_then(|d| d.trim().trim_start_matches('*').get(..10))
        .and_then(|d| parse_date(d).ok());
    let cells: Vec<_> = t.rows.iter().map(|r| &r.time).collect();
    let start_timed = t
        .rows
        .iter()
        .zip(resolve_datetimes(&cells, base))
        .any(|(r, at)| {
            at.is_some()
                && r.key_event.as_ref().is_some_and(|k| {
                    matches!(k.kind, EventKind::IncidentStart | EventKind::RootEvent)
                })
        });
    if start && !start_timed {
        reasons.push(
            "the INCIDENT START or ROOT EVENT row has no time that can be dated (time cell or Date field)"
                .to_string(),
        );
    }
    let m = &t.metrics;
    let mut take = |marked: bool, minutes: Option<i64>, what: &str| {
        if !(start_timed && marked) {
            return None;
        }
        match minutes {
            Some(v) if v >= 0 => Some(v),
            Some(_) => {
                reasons.push(format!("{what} comes before the start"));
                None
            }
            None => {
                reasons.push(format!(
                    "the {what} row has no time that can be dated (time cell or Date field)"
                ));
                None
            }
        }
    };
    let detect = take(detected, m.time_to_detect_minutes, "detection");
    let resolve = take(resolved, m.time_to_resolve_minutes, "resolution");
    // Key events win where present; a PIR that marks none gets the Duration it states, else
    // the span of its timeline, as an estimate.
    let marked = start || detected || resolved;
    let estimate = match resolve {
        Some(_) => None,
        None if marked => None,
        None => duration_minutes(model).or_else(|| {
            let times: Vec<_> = resolve_datetimes(&cells, base)
                .into_iter()
                .flatten()
                .collect();
            let (first, last) = (times.iter().min()?, times.iter().max()?);
            let minutes = (*last - *first).num_minutes();
            (minutes > 0).then_some((minutes, "the first and last timeline rows"))
        }),
    };
    Measured {
        detect,
        resolve: resolve.or(estimate.map(|(v, _)| v)),
        resolve_estimated: estimate.map(|(_, how)| how),
        reasons,
    }
}

/// The minutes the Duration field states (`~17h 57m (~03:03 AEST → ~21:00 AEST)`, `1h 40m`,
/// `1.5 hours`, `2d 4h`, `45 min`), else those between the two clock times of its range
/// (`09:02 → 10:42`, across midnight when the end is earlier), with which of the two it was.
fn duration_minutes(model: &PirModel) -> Option<(i64, &'static str)> {
    let text = model.duration.as_deref()?;
    // What is written before a bracket is the duration; a bracket explains it.
    let written = text.split(['(', '[']).next().unwrap_or(text);
    let mut total = 0f64;
    let mut rest = written;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: Option<f64> = rest[..end].parse().ok();
        rest = rest[end..].trim_start();
        let unit_end = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let factor = match rest[..unit_end].to_lowercase().as_str() {
            "d" | "day" | "days" => 24.0 * 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 1.0,
            _ => 0.0,
        };
        rest = &rest[unit_end..];
        total += number.unwrap_or(0.0) * factor;
    }
    // Whole minutes, and only a plausible span: under a year.
    let minutes = total.round();
    if (1.0..366.0 * 24.0 * 60.0).contains(&minutes) {
        return Some((minutes as i64, "the Duration field"));
    }
    // A range of clock times on one day or the next; a range with dates is not read.
    if text.contains(['-', '/']) {
        return None;
    }
    let times: Vec<i64> = text
        .split(|c: char| !(c.is_ascii_digit() || c == ':'))
        .filter_map(|w| {
            let (h, m) = w.split_once(':')?;
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            (h < 24 && m < 60 && h >= 0).then_some(h * 60 + m)
        })
        .take(2)
        .collect();
    match times[..] {
        [a, b] if a != b => Some(((b - a).rem_euclid(24 * 60), "the Duration field's range")),
        _ => None,
    }
}

/// The metrics of `pirs` (path relative to the docs folder, model), ages counted to `today`,
/// on the severity scale the PIRs use.
pub fn compute(pirs: &[(String, PirModel)], today: NaiveDate) -> SiteStats {
    let scale = SeverityScale::learn(pirs.iter().filter_map(|(_, m)| m.severity.as_deref()));
    compute_on(pirs, today, &scale)
}

/// [`compute`] on the site's severity `scale` (declared or learnt; see
/// [`crate::site::profile::severity_scale`]): severities are grouped, ordered and coloured
/// by it.
pub fn compute_on(
    pirs: &[(String, PirModel)],
    today: NaiveDate,
    scale: &SeverityScale,
) -> SiteStats {
    // A qualified or ranged Date counts from its first date; the file name's date is the
    // fallback, as in the site list.
    let date_of = |rel: &str, m: &PirModel| {
        m.date.as_deref().and_then(first_date).or_else(|| {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            first_date(name)
        })
    };
    // Per month, filling the gaps.
    let mut months: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    let mut undated = Vec::new();
    for (rel, m) in pirs {
        match date_of(rel, m) {
            Some(d) => *months.entry((d.year(), d.month())).or_default() += 1,
            None => undated.push(rel.clone()),
        }
    }
    let mut per_month = Vec::new();
    if let (Some(first), Some(last)) = (
        months.keys().next().copied(),
        months.keys().next_back().copied(),
    ) {
        let mut at = first;
        while at <= last {
            per_month.push(Count {
                key: format!("{:04}-{:02}", at.0, at.1),
                count: months.get(&at).copied().unwrap_or(0),
            });
            at = if at.1 == 12 {
                (at.0 + 1, 1)
            } else {
                (at.0, at.1 + 1)
            };
        }
    }
    // Severity, tags, durations.
    type Order = (u8, (usize, (u8, u8, String)));
    let mut severities: BTreeMap<Order, (String, Vec<&PirModel>)> = BTreeMap::new();
    let mut tags: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut not_measurable = Vec::new();
    let mut detect_by: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut resolve_by: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut estimated_by: BTreeMap<String, usize> = BTreeMap::new();
    let mut stats = Vec::with_capacity(pirs.len());
    for (rel, m) in pirs {
        let sev = severity_group(scale, m);
        let order = if sev == UNSPECIFIED {
            (1, Default::default())
        } else {
            (0, scale.order(&sev))
        };
        severities
            .entry(order)
            .or_insert_with(|| (sev.clone(), Vec::new()))
            .1
            .push(m);
        let mut seen: Vec<String> = Vec::new();
        let mut kept: Vec<String> = Vec::new();
        for tag in &m.tags {
            let key = tag.trim().to_lowercase();
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            kept.push(tag.trim().to_string());
            tags.entry(key)
                .or_insert_with(|| (tag.trim().to_string(), 0))
                .1 += 1;
        }
        let mut measured = measure(m);
        let date = date_of(rel, m);
        stats.push(PirStat {
            rel: rel.clone(),
            title: m.short_title.clone(),
            date,
            month: date.map(|d| format!("{:04}-{:02}", d.year(), d.month())),
            severity: sev.clone(),
            tags: kept,
            time_to_detect: measured.detect,
            time_to_resolve: measured.resolve,
            resolve_estimated: measured.resolve_estimated.map(str::to_string),
            open_actions: action_items(m).iter().filter(|a| a.open).count(),
        });
        if let Some(v) = measured.detect {
            detect_by.entry(sev.clone()).or_default().push(v);
        }
        if let Some(v) = measured.resolve {
            resolve_by.entry(sev.clone()).or_default().push(v);
            if measured.resolve_estimated.is_some() {
                *estimated_by.entry(sev.clone()).or_default() += 1;
            }
        }
        if let Some(how) = measured.resolve_estimated {
            measured
                .reasons
                .push(format!("time to resolve estimated from {how}"));
        }
        if measured.detect.is_none()
            || measured.resolve.is_none()
            || measured.resolve_estimated.is_some()
        {
            not_measurable.push(NotMeasurable {
                rel: rel.clone(),
                title: m.short_title.clone(),
                detect: measured.detect.is_none(),
                resolve: measured.resolve.is_none(),
                reasons: measured.reasons,
            });
        }
    }
    let by_severity: Vec<Count> = severities
        .values()
        .map(|(name, list)| Count {
            key: name.clone(),
            count: list.len(),
        })
        .collect();
    let severity_badges = by_severity
        .iter()
        .map(|c| match scale.badge(&c.key) {
            Some(b) if c.key != UNSPECIFIED => b,
            _ => SeverityBadge {
                level: c.key.clone(),
                band: None,
            },
        })
        .collect();
    let mut durations: Vec<Durations> = by_severity
        .iter()
        .map(|c| Durations {
            severity: c.key.clone(),
            incidents: c.count,
            time_to_detect: detect_by.get(&c.key).and_then(|v| Spread::of(v)),
            time_to_resolve: resolve_by.get(&c.key).and_then(|v| Spread::of(v)),
            resolve_estimated: estimated_by.get(&c.key).copied().unwrap_or(0),
        })
        .collect();
    let all = |by: &BTreeMap<String, Vec<i64>>| {
        Spread::of(&by.values().flatten().copied().collect::<Vec<_>>())
    };
    durations.push(Durations {
        severity: "All".into(),
        incidents: pirs.len(),
        time_to_detect: all(&detect_by),
        time_to_resolve: all(&resolve_by),
        resolve_estimated: estimated_by.values().sum(),
    });
    let mut by_tag: Vec<Count> = tags
        .into_values()
        .map(|(key, count)| Count { key, count })
        .collect();
    by_tag.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    // Open action items.
    let mut owners: BTreeMap<String, Vec<OpenAction>> = BTreeMap::new();
    for (rel, m) in pirs {
        let age = date_of(rel, m).map(|d| (today - d).num_days());
        for item in action_items(m).into_iter().filter(|i| i.open) {
            owners
                .entry(item.owner.unwrap_or_else(|| UNASSIGNED.to_string()))
                .or_default()
                .push(OpenAction {
                    rel: rel.clone(),
                    line: item.line,
                    action: item.action,
                    status: item.status.unwrap_or_default(),
                    age_days: age,
                    bucket: AgeBucket::of(age),
                });
        }
    }
    let mut open_by_owner: Vec<OwnerActions> = owners
        .into_iter()
        .map(|(owner, mut items)| {
            // Oldest first; undated last.
            items.sort_by(|a, b| {
                b.age_days
                    .cmp(&a.age_days)
                    .then_with(|| a.rel.cmp(&b.rel))
                    .then_with(|| a.line.cmp(&b.line))
            });
            let within = |b: AgeBucket| items.iter().filter(|i| i.bucket == b).count();
            OwnerActions {
                count: items.len(),
                up_to_30_days: within(AgeBucket::UpTo30Days),
                days_31_to_90: within(AgeBucket::Days31To90),
                over_90_days: within(AgeBucket::Over90Days),
                undated: within(AgeBucket::Undated),
                owner,
                items,
            }
        })
        .collect();
    open_by_owner.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| (a.owner == UNASSIGNED).cmp(&(b.owner == UNASSIGNED)))
            .then_with(|| a.owner.cmp(&b.owner))
    });
    SiteStats {
        today,
        incidents: pirs.len(),
        per_month,
        undated,
        by_severity,
        severity_badges,
        by_tag,
        durations,
        not_measurable,
        open_actions: open_by_owner.iter().map(|o| o.count).sum(),
        open_by_owner,
        age_buckets: AgeBucket::ALL
            .iter()
            .map(|&bucket| AgeBucketLabel {
                bucket,
                label: bucket.label().to_string(),
            })
            .collect(),
        pirs: stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Duration field read as minutes, as sites write it.
    #[test]
    fn durations_as_sites_write_them() {
        let of = |text: &str| {
            let model = PirModel {
                duration: Some(text.into()),
                ..PirModel::default()
            };
            duration_minutes(&model)
        };
        let field = "the Duration field";
        let range = "the Duration field's range";
        for (text, want) in [
            ("~17h 57m (~03:03 AEST → ~21:00 AEST)", Some((1077, field))),
            ("1h 40m", Some((100, field))),
            ("1h30m", Some((90, field))),
            ("1.5 hours", Some((90, field))),
            ("2d 4h", Some((3120, field))),
            ("45 min", Some((45, field))),
            ("34m", Some((34, field))),
            ("~03:03 → ~21:00 AEST", Some((1077, range))),
            ("23:10 to 00:40", Some((90, range))),
            ("unknown", None),
            ("", None),
            ("2026-04-01 10:00 to 2026-04-02 11:00", None),
            ("99999999999999999999999h", None),
            ("ongoing (since 09:00)", None),
        ] {
            assert_eq!(of(text), want, "{text:?}");
        }
    }

    /// Each age falls in exactly one band, at the bands' edges too.
    #[test]
    fn ages_fall_in_their_bands() {
        use AgeBucket::*;
        for (age, want) in [
            (None, Undated),
            (Some(-3), UpTo30Days),
            (Some(30), UpTo30Days),
            (Some(31), Days31To90),
            (Some(90), Days31To90),
            (Some(91), Over90Days),
        ] {
            assert_eq!(AgeBucket::of(age), want, "{age:?}");
        }
    }

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

    #[test]
    fn spread_interpolates_percentiles() {
        assert_eq!(Spread::of(&[]), None);
        let s = Spread::of(&[90, 4, 30]).unwrap();
        // Sorted 4, 30, 90: p25 at position 0.5 → 4 + 0.5·26 = 17; p75 at 1.5 → 30 + 0.5·60 = 60.
        assert_eq!(
            (s.count, s.min, s.p25, s.median, s.p75, s.max),
            (3, 4.0, 17.0, 30.0, 60.0, 90.0)
        );
        let s = Spread::of(&[7]).unwrap();
        assert_eq!(
            (s.min, s.p25, s.median, s.p75, s.max),
            (7.0, 7.0, 7.0, 7.0, 7.0)
        );
        // 1, 2, 3, 4: median at 1.5 → 2.5; p25 at 0.75 → 1.75; p75 at 2.25 → 3.25.
        let s = Spread::of(&[4, 1, 3, 2]).unwrap();
        assert_eq!((s.p25, s.median, s.p75), (1.75, 2.5, 3.25));
    }

    fn pir(date: &str, rows: &str) -> (String, PirModel) {
        let text = format!(
            "# Post Incident Review: X\n\n**Date:** {date}\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n{rows}"
        );
        (
            "incidents/x.md".to_string(),
            Document::parse(text).model().clone(),
        )
    }

    fn reasons(date: &str, rows: &str) -> (Option<Spread>, Option<Spread>, Vec<String>) {
        let s = compute(&[pir(date, rows)], NaiveDate::default());
        let all = s.durations.last().cloned().unwrap();
        let reasons = s
            .not_measurable
            .first()
            .map(|n| n.reasons.clone())
            .unwrap_or_default();
        (all.time_to_detect, all.time_to_resolve, reasons)
    }

    #[test]
    fn a_start_without_a_readable_time_is_not_guessed() {
        // The model would start at 09:00, the first timed row; the marked start has no time.
        let rows = "| 09:00 | Deploy |\n| later | **INCIDENT START**: errors |\n| 09:30 | **INCIDENT DETECTED**: page |\n| 10:00 | **INCIDENT RESOLVED**: fixed |\n";
        let (detect, resolve, why) = reasons("2025-01-01", rows);
        assert_eq!((detect, resolve), (None, None));
        assert_eq!(
            why,
            [
                "the INCIDENT START or ROOT EVENT row has no time that can be dated (time cell or Date field)"
            ]
        );
        // Without a Date field no row can be dated.
        let rows = "| 09:00 | **INCIDENT START**: x |\n| 09:30 | **INCIDENT DETECTED**: y |\n| 10:00 | **INCIDENT RESOLVED**: z |\n";
        let (detect, _, why) = reasons("unknown", rows);
        assert_eq!(detect, None);
        assert_eq!(why.len(), 1, "{why:?}");
        // With it, both are measured: 30 and 60 minutes.
        let (detect, resolve, why) = reasons("2025-01-01", rows);
        assert_eq!(detect.map(|s| s.median), Some(30.0));
        assert_eq!(resolve.map(|s| s.median), Some(60.0));
        assert!(why.is_empty());
    }

    #[test]
    fn a_detection_without_a_time_is_reported() {
        let rows = "| 09:00 | **INCIDENT START**: x |\n| ? | **INCIDENT DETECTED**: y |\n| 10:00 | **INCIDENT RESOLVED**: z |\n";
        let (detect, resolve, why) = reasons("2025-01-01", rows);
        assert_eq!(detect, None);
        assert_eq!(resolve.map(|s| s.max), Some(60.0));
        assert_eq!(
            why,
            ["the detection row has no time that can be dated (time cell or Date field)"]
        );
    }
}
