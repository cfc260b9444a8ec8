//! The span of time an import keeps, and the zone it words rows in: both read from the PIR
//! (its Date and Duration, its timeline's heading and rows), so an import without
//! `--since`/`--until` keeps what belongs to the incident.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use crate::doc::{PirModel, end_date, first_date};
use crate::timeline::import::zone::{self, Zone};
use crate::timeline::{TimeCell, resolve_datetimes};

/// How far the default window reaches beyond the incident's span on either side, so the
/// alerts that led up to it and the all-clear after it are kept.
pub const WINDOW_MARGIN_HOURS: i64 = 6;

/// A span of time; either end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// The earliest instant kept.
    pub since: Option<DateTime<FixedOffset>>,
    /// The latest instant kept.
    pub until: Option<DateTime<FixedOffset>>,
}

impl Window {
    /// Whether `t` lies in the window (ends included).
    pub fn contains(&self, t: DateTime<FixedOffset>) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
    }
}

/// The zone the timeline is written in: the tz database zone the heading names
/// (`## Timeline (Europe/Berlin)`, each row at the offset in force then), else the heading's
/// offset, else UTC, which rows then say (` UTC`), as pasted rows do.
pub fn timeline_zone(model: &PirModel) -> (Zone, Option<&'static str>) {
    let label = model.timeline.as_ref().and_then(|t| t.timezone.as_ref());
    // Only an `Area/Location` name: a heading's abbreviation (`CET`, `EST`) keeps the offset
    // the heading reader gives it, as the rest of the editor reads it.
    let area = label.filter(|z| z.label.contains('/'));
    if let Some(named) = area.and_then(|z| zone::named(&z.label)) {
        return (named, None);
    }
    let offset = label
        .and_then(|z| z.offset_minutes)
        .and_then(|m| FixedOffset::east_opt(m * 60));
    match offset {
        Some(o) => (Zone::Fixed(o), None),
        None => (Zone::utc(), Some(" UTC")),
    }
}

/// The PIR's incident span with [`WINDOW_MARGIN_HOURS`] either side: from the first day its
/// Date or Duration names (or its first timed row, when earlier) to the end of the last day
/// they name (or its last row, when later), in the timeline's zone. Open when the PIR names
/// no date and has no timed row.
pub fn incident_window(model: &PirModel) -> Window {
    let (zone, _) = timeline_zone(model);
    let base = model.date.as_deref().and_then(first_date);
    let mut days: Vec<NaiveDate> = Vec::new();
    for text in [model.date.as_deref(), model.duration.as_deref()]
        .into_iter()
        .flatten()
    {
        days.extend(first_date(text));
        days.extend(end_date(text));
    }
    let mut lo: Option<NaiveDateTime> = days.iter().min().map(|d| d.and_time(NaiveTime::MIN));
    let mut hi: Option<NaiveDateTime> = days
        .iter()
        .max()
        .and_then(|d| d.succ_opt())
        .map(|d| d.and_time(NaiveTime::MIN));
    for at in row_times(model, base).into_iter().flatten() {
        lo = Some(lo.map_or(at, |l| l.min(at)));
        hi = Some(hi.map_or(at, |h| h.max(at)));
    }
    let margin = TimeDelta::hours(WINDOW_MARGIN_HOURS);
    let local = |t: NaiveDateTime| zone.local(t);
    Window {
        since: lo
            .and_then(|t| t.checked_sub_signed(margin))
            .and_then(local),
        until: hi
            .and_then(|t| t.checked_add_signed(margin))
            .and_then(local),
    }
}

/// The date-time of each existing timeline row, in the timeline's zone.
pub(super) fn row_times(model: &PirModel, base: Option<NaiveDate>) -> Vec<Option<NaiveDateTime>> {
    let Some(t) = &model.timeline else {
        return Vec::new();
    };
    let cells: Vec<&TimeCell> = t.rows.iter().map(|r| &r.time).collect();
    resolve_datetimes(&cells, base)
}
