//! The style a new timeline row takes: the values of a table row (date column, time in the
//! bold and zone its neighbours share, or the placeholders' style in a timeline not written
//! yet) and the separator a list's items use between time and event.

use crate::doc::edit::plan::{Planner, no_event_column};
use crate::doc::list::{self, ItemAt};
use crate::doc::parse::{self, TableAt};
use crate::error::Result;
use crate::timeline::{self, TimeCell};

impl<'a> Planner<'a> {
    pub(in crate::doc::edit) fn timeline_values(
        &self,
        t: &parse::TimelineTableAt,
        table: &TableAt,
        pos: usize,
        time: &str,
        event: &str,
        fresh: bool,
    ) -> Result<Vec<String>> {
        let n = table.header.cells.len();
        let mut v = vec![String::new(); n.max(t.time_col + 1)];
        match t.event_col {
            Some(c) if c < v.len() => v[c] = event.to_string(),
            _ if event.trim().is_empty() => {}
            _ => return Err(no_event_column()),
        }
        match t.date_col {
            Some(dc) if dc < v.len() && !table.rows.is_empty() && !fresh => {
                // A split row copies the table's style: bold cells, a date on every row (the
                // neighbour's, for a row given none).
                let nb = pos.saturating_sub(1).min(table.rows.len() - 1);
                let column = |c: usize| -> Vec<String> {
                    (0..table.rows.len())
                        .map(|i| Self::cell_value(table, i, c))
                        .collect()
                };
                let dates = column(dc);
                let (mut d, tm) = parse::split_date_time(time);
                if d.is_empty() && dates.iter().all(|d| !d.trim().is_empty()) {
                    d = dates[nb].clone();
                }
                v[dc] = styled_as(&dates, &d);
                v[t.time_col] = styled_as(&column(t.time_col), &tm);
            }
            Some(dc) if dc < v.len() => {
                // The first row of a split table: a time given without a date is on the
                // incident's day, as the rows of the site's other PIRs each name theirs.
                let (mut d, tm) = parse::split_date_time(time);
                if d.is_empty() && !tm.is_empty() {
                    d = self.incident_day().unwrap_or_default();
                }
                if fresh {
                    let column = |c: usize| -> Vec<String> {
                        (0..table.rows.len())
                            .map(|i| Self::cell_value(table, i, c))
                            .collect()
                    };
                    v[dc] = styled_as_placeholders(&column(dc), &d);
                    v[t.time_col] = styled_as_placeholders(&column(t.time_col), &tm);
                } else {
                    v[dc] = d;
                    v[t.time_col] = tm;
                }
            }
            _ if table.rows.is_empty() => v[t.time_col] = time.to_string(),
            _ if fresh => {
                let times: Vec<String> = (0..table.rows.len())
                    .map(|i| Self::cell_value(table, i, t.time_col))
                    .collect();
                v[t.time_col] = styled_as_placeholders(&times, time);
            }
            _ => {
                // Bold and a zone suffix (`| **14:05 AEST** |`) the whole column shares.
                let times: Vec<String> = (0..table.rows.len())
                    .map(|i| Self::cell_value(table, i, t.time_col))
                    .collect();
                v[t.time_col] = styled_as(&times, time);
            }
        }
        v.truncate(n);
        Ok(v)
    }

    /// The incident's day (`2026-08-03`): the first date of the PIR's Date field
    /// (`2026-08-03 to 2026-08-04` gives the first), when it names one.
    fn incident_day(&self) -> Option<String> {
        let date = self.doc.model().date.as_deref()?;
        parse::first_date(date).map(|d| d.format("%Y-%m-%d").to_string())
    }

    /// Whether block `t` holds only a template's placeholder rows (their time a placeholder
    /// such as `HH:MM` or `YYYY-MM-DD HH:MM`) and blank rows: a timeline not written yet.
    pub(in crate::doc::edit) fn only_placeholders(&self, t: &parse::TimelineTableAt) -> bool {
        let n = self.block_len(t);
        let rows: Vec<(String, String)> = (0..n)
            .map(|i| (self.row_time(t, i), self.row_event(t, i)))
            .collect();
        crate::doc::only_placeholders(rows.iter().map(|(t, e)| (t.as_str(), e.as_str())))
    }
}

/// `value` written in the style every time in `times` shares: in bold when they all are
/// (with their own `**` or `__`), with the zone they all end with when `value` names none.
/// So a new row looks like the rows of its table or list (`**14:05 AEST**`), while a table
/// that bolds only its key events gets a plain row.
pub(super) fn styled_as(times: &[String], value: &str) -> String {
    let value = value.trim();
    // A template's placeholder rows, about to go, do not set the style of the real ones.
    let real = times
        .iter()
        .any(|t| !t.trim().is_empty() && !list::is_time_placeholder(t));
    let cells: Vec<TimeCell> = times
        .iter()
        .filter(|t| !(t.trim().is_empty() || real && list::is_time_placeholder(t)))
        .map(|t| timeline::parse_time_cell(t))
        .collect();
    if value.is_empty() || cells.is_empty() {
        return value.to_string();
    }
    let new = timeline::parse_time_cell(value);
    let mut v = new.text.clone();
    let zone = cells[0].zone.as_deref().filter(|z| {
        cells
            .iter()
            .all(|c| c.zone.as_deref() == Some(z) && c.text.ends_with(z))
    });
    if new.zone.is_none()
        && new.start.is_some()
        && let Some(zone) = zone
    {
        v = format!("{v} {zone}");
    }
    if new.bold {
        timeline::with_time_text(value, &v)
    } else if cells.iter().all(|c| c.bold) {
        timeline::with_time_text(&cells[0].raw, &v)
    } else {
        v
    }
}

/// `value` written in the style of a template's placeholder times (`**~HH:MM AEST**`): bold
/// when they all are, with the zone they all name after the placeholder when `value` names
/// none. A new PIR's placeholders are written in the site's style (see
/// [`crate::template::follow_site_timeline`]), so its first rows follow the site rather than
/// the built-in template.
pub(super) fn styled_as_placeholders(times: &[String], value: &str) -> String {
    let value = value.trim();
    let styles: Vec<(Option<&str>, Option<&str>)> = times
        .iter()
        .map(|t| {
            let t = t.trim();
            let bold = ["**", "__"]
                .into_iter()
                .find(|d| t.len() > 4 && t.starts_with(d) && t.ends_with(d));
            let inner = t.trim_matches(['*', '_']).trim();
            let zone = inner
                .rsplit_once(char::is_whitespace)
                .map(|(_, z)| z)
                .filter(|z| z.len() <= 5 && z.chars().all(|c| c.is_ascii_uppercase()));
            (bold, zone)
        })
        .collect();
    let Some(&(bold, zone)) = styles.first() else {
        return value.to_string();
    };
    if value.is_empty() {
        return String::new();
    }
    let new = timeline::parse_time_cell(value);
    let mut v = new.text.clone();
    let zone = zone.filter(|z| styles.iter().all(|s| s.1 == Some(*z)));
    if new.zone.is_none()
        && new.start.is_some()
        && let Some(zone) = zone
    {
        v = format!("{v} {zone}");
    }
    match bold.filter(|d| styles.iter().all(|s| s.0 == Some(*d))) {
        _ if new.bold => timeline::with_time_text(value, &v),
        Some(d) => format!("{d}{v}{d}"),
        None => v,
    }
}

/// The separator a list writes between time and event: the first item's that has one, else
/// ` — `.
pub(in crate::doc::edit) fn list_separator(text: &str, items: &[ItemAt]) -> String {
    items
        .iter()
        .filter_map(|i| text.get(i.sep.clone()))
        .find(|s| s.ends_with([' ', '\t']))
        .unwrap_or(" — ")
        .to_string()
}
