//! The shapes of the metrics the Insights page and `pir stats` show (each crossing to the UI
//! as a generated type), and the spread of a list of minutes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(doc)]
use super::site_stats;
use crate::severity::SeverityBadge;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
