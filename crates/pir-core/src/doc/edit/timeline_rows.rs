//! Timeline rows as wholes: adding (a first table for a Timeline section without one),
//! inserting, deleting, moving (within a table or list, or to another) and sorting by time.
//! A new row is written in the style its table or list shares: bold, zone, numbering,
//! separator, a date on every row.
//!
//! A timeline whose only rows are its template's placeholders (`| **~HH:MM** | [Event] |`,
//! `- YYYY-MM-DD HH:MM — First event.`) is a timeline not written yet: its first real row
//! is written in the placeholders' time style (which a new PIR takes from the site's
//! profile, see [`crate::template::follow_site_timeline`]), padded only when it fits the
//! columns so the rows after it are padded alike, and the placeholders go in the same edit
//! ([`crate::doc::Document::apply_all`]), so a new PIR never keeps them.

use chrono::{NaiveDate, NaiveDateTime};

use super::Splice;
use super::plan::{Planner, check, line_removal, no_event_column, one_line, out_of_range};
use super::table::reads_back;
use crate::doc::invalid;
use crate::doc::list::{self, ItemAt};
use crate::doc::parse::{self, BlockAt, TableAt};
use crate::doc::table::{self, RowStyle};
use crate::error::Result;
use crate::timeline::{self, TimeCell};

impl<'a> Planner<'a> {
    /// A first timeline table, holding one row, for a Timeline section that has none: after
    /// the section's text, or right under its heading.
    pub(super) fn new_timeline_table(&self, time: &str, event: &str) -> Result<Vec<Splice>> {
        one_line(time)?;
        one_line(event)?;
        let tl = self
            .ix
            .timeline
            .as_ref()
            .ok_or_else(|| invalid("the document has no Timeline section"))?;
        let h = &self.ix.headings[tl.heading];
        let eol = self.eol();
        let style = RowStyle {
            prefix: String::new(),
            leading_pipe: true,
            trailing_pipe: true,
            spaced: true,
            widths: None,
            align: Vec::new(),
        };
        let values = [time.to_string(), event.to_string()];
        let row = table::format_row(&style, &values);
        reads_back(&row, &values)?;
        let table = format!("| Time | Event |{eol}| ---- | ----- |{eol}{row}");
        let block = parse::trimmed_block(self.text, h.end, h.body_end);
        Ok(vec![if !block.is_empty() {
            (block.end..block.end, format!("{eol}{eol}{table}"))
        } else if self.text[h.start..h.end].ends_with('\n') {
            (h.end..h.end, format!("{eol}{table}{eol}"))
        } else {
            (h.end..h.end, format!("{eol}{eol}{table}"))
        }])
    }

    pub(super) fn timeline_values(
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
    pub(super) fn only_placeholders(&self, t: &parse::TimelineTableAt) -> bool {
        let n = self.block_len(t);
        let rows: Vec<(String, String)> = (0..n)
            .map(|i| (self.row_time(t, i), self.row_event(t, i)))
            .collect();
        crate::doc::only_placeholders(rows.iter().map(|(t, e)| (t.as_str(), e.as_str())))
    }

    /// A new row at `pos` of timeline block `t`, in the block's style. `extra` gives the
    /// other cells of a row moved from another table. A row with a time or an event added
    /// to a block holding only placeholder rows is written in their style and padded only
    /// when it fits (see the module's doc); the placeholders themselves go once the whole
    /// edit is applied ([`crate::doc::Document::apply_all`]), so that the indexes of the
    /// edits after it still name what the author saw.
    pub(super) fn insert_in_block(
        &self,
        t: &parse::TimelineTableAt,
        pos: usize,
        time: &str,
        event: &str,
        extra: Option<&dyn Fn(usize) -> Option<String>>,
    ) -> Result<Vec<Splice>> {
        let fresh =
            !(time.trim().is_empty() && event.trim().is_empty()) && self.only_placeholders(t);
        match &t.block {
            BlockAt::Table(ti) => {
                let table = &self.ix.tables[*ti];
                let mut values = self.timeline_values(t, table, pos, time, event, fresh)?;
                if let Some(extra) = extra {
                    let special = [Some(t.time_col), t.event_col, t.date_col];
                    for (c, v) in values.iter_mut().enumerate() {
                        if !special.contains(&Some(c))
                            && let Some(x) = extra(c)
                        {
                            *v = x;
                        }
                    }
                }
                Ok(vec![self.insert_row_with(table, pos, &values, fresh)?])
            }
            BlockAt::List { items, numbered } if fresh => {
                let times: Vec<String> = items
                    .iter()
                    .map(|i| self.text[i.time.clone()].to_string())
                    .collect();
                let styled = styled_as_placeholders(&times, time);
                self.insert_item(items, *numbered, pos, &styled, event, true)
            }
            BlockAt::List { items, numbered } => {
                self.insert_item(items, *numbered, pos, time, event, false)
            }
        }
    }

    /// A new list item at `pos`, copying its neighbour's indentation, marker (the numbering
    /// goes on, and the items after it are renumbered when the list counts up one by one),
    /// separator, bold, zone and whether every item repeats the date. With `styled`, the
    /// time is written as given (already in the style it should have).
    pub(super) fn insert_item(
        &self,
        items: &[ItemAt],
        numbered: bool,
        pos: usize,
        time: &str,
        event: &str,
        styled: bool,
    ) -> Result<Vec<Splice>> {
        one_line(time)?;
        one_line(event)?;
        let text = self.text;
        let (time, event) = (time.trim(), event.trim());
        let nb = &items[pos.saturating_sub(1).min(items.len() - 1)];
        let numbers: Vec<u64> = items.iter().filter_map(|i| i.number).collect();
        let counting = numbered
            && numbers.len() == items.len()
            && numbers.windows(2).all(|w| w[1] == w[0] + 1);
        let mut out = Vec::new();
        let marker = match nb.number.filter(|_| numbered) {
            Some(n) => {
                let delim = text[nb.marker.clone()].chars().last().unwrap_or('.');
                let all_same = numbers.windows(2).all(|w| w[0] == w[1]);
                let number = if counting {
                    for later in &items[pos..] {
                        let n = later.number.unwrap_or(0) + 1;
                        out.push((later.marker.clone(), format!("{n}{delim}")));
                    }
                    numbers[0] + pos as u64
                } else if all_same || pos == 0 {
                    n
                } else {
                    n + 1
                };
                format!("{number}{delim}")
            }
            None => text[nb.marker.clone()].to_string(),
        };
        let repeat_dates = items.len() > 1
            && items.iter().all(|i| {
                timeline::parse_time_cell(&text[i.time.clone()])
                    .date
                    .is_some()
            });
        let nb_time = &text[nb.time.clone()];
        // An item must start with a time: a row added blank (to be filled in) starts at
        // its neighbour's.
        let time = if time.is_empty() {
            let own = timeline::parse_time_cell(nb_time).text;
            match parse::split_date_time(&own) {
                (_, t) if !t.is_empty() => t,
                _ => own,
            }
        } else {
            time.to_string()
        };
        let time = time.as_str();
        let mut time_text = time.to_string();
        if repeat_dates
            && timeline::parse_time_cell(time).date.is_none()
            && let (d, _) = parse::split_date_time(&timeline::parse_time_cell(nb_time).text)
            && !d.is_empty()
        {
            time_text = format!("{d} {time_text}");
        }
        let times: Vec<String> = items
            .iter()
            .map(|i| text[i.time.clone()].to_string())
            .collect();
        let time_text = if styled {
            time_text
        } else {
            styled_as(&times, &time_text)
        };
        let sep = if event.is_empty() {
            String::new()
        } else {
            list_separator(text, items)
        };
        let line = format!(
            "{}{marker}{}{time_text}{sep}{event}",
            &text[nb.start..nb.marker.start],
            &text[nb.marker.end..nb.time.start],
        );
        let reads = list::item_parts(&line)
            .is_some_and(|p| line[p.time] == *time_text && line[p.event] == *event);
        if !reads {
            return Err(invalid(format!(
                "{line:?} would not read back as a timeline item: a list row starts with a \
                 time (such as 06:14 or 2026-09-14 06:12)"
            )));
        }
        let eol = match nb.eol(text) {
            "" => self.eol(),
            e => e,
        };
        // Renumbering splices first: one may start where the new line is inserted.
        if let Some(next) = items.get(pos) {
            out.push((next.start..next.start, format!("{line}{eol}")));
        } else {
            let last = &items[items.len() - 1];
            out.push(if last.end > last.last_content_end {
                (last.end..last.end, format!("{line}{eol}"))
            } else {
                (
                    last.last_content_end..last.last_content_end,
                    format!("{eol}{line}"),
                )
            });
        }
        Ok(out)
    }

    /// Deletes row `i` of timeline block `t` (renumbering a list that counts up one by one).
    pub(super) fn delete_in_block(&self, t: &parse::TimelineTableAt, i: usize) -> Vec<Splice> {
        match &t.block {
            BlockAt::Table(ti) => vec![self.delete_row(&self.ix.tables[*ti], i)],
            BlockAt::List { items, numbered } => {
                let item = &items[i];
                let mut out = vec![(line_removal(self.text, item.start, item.end), String::new())];
                let numbers: Vec<u64> = items.iter().filter_map(|i| i.number).collect();
                let counting = *numbered
                    && numbers.len() == items.len()
                    && numbers.windows(2).all(|w| w[1] == w[0] + 1);
                if counting {
                    for later in &items[i + 1..] {
                        let m = &self.text[later.marker.clone()];
                        let delim = m.chars().last().unwrap_or('.');
                        let n = later.number.unwrap_or(1).saturating_sub(1);
                        out.push((later.marker.clone(), format!("{n}{delim}")));
                    }
                }
                out
            }
        }
    }

    /// Reorders the rows of block `t` (see [`Self::reorder`]); list items keep their
    /// markers in place, so numbering stays in order.
    pub(super) fn reorder_block(
        &self,
        t: &parse::TimelineTableAt,
        order: &[usize],
    ) -> Option<Splice> {
        match &t.block {
            BlockAt::Table(ti) => self.reorder(&self.ix.tables[*ti], order),
            BlockAt::List { items, .. } => {
                let first = order.iter().enumerate().position(|(k, &o)| k != o)?;
                let last = order.iter().enumerate().rposition(|(k, &o)| k != o)?;
                let text = self.text;
                let mut out = String::new();
                for (k, &o) in order.iter().enumerate().take(last + 1).skip(first) {
                    let (own, src) = (&items[k], &items[o]);
                    out.push_str(&text[own.start..own.time.start]);
                    out.push_str(&text[src.time.start..src.last_content_end]);
                    if k < last {
                        out.push_str(&text[own.last_content_end..items[k + 1].start]);
                    }
                }
                Some((items[first].start..items[last].last_content_end, out))
            }
        }
    }

    /// A Timeline section exists but holds no table yet.
    pub(super) fn timeline_has_no_table(&self) -> bool {
        self.ix
            .timeline
            .as_ref()
            .is_some_and(|t| t.tables.is_empty())
    }

    pub(super) fn timeline_add(
        &self,
        time: &str,
        event: &str,
        phase: Option<&str>,
    ) -> Result<Vec<Splice>> {
        if phase.is_none() && self.timeline_has_no_table() {
            return self.new_timeline_table(time, event);
        }
        let tl = self.timeline()?;
        let t = match phase {
            Some(p) => tl
                .tables
                .iter()
                .find(|t| {
                    t.phase
                        .as_deref()
                        .is_some_and(|q| q.trim().eq_ignore_ascii_case(p.trim()))
                })
                .ok_or_else(|| invalid(format!("the timeline has no phase {p:?}")))?,
            None => tl
                .tables
                .last()
                .ok_or_else(|| invalid("no timeline table"))?,
        };
        self.insert_in_block(t, self.block_len(t), time, event, None)
    }

    pub(super) fn timeline_insert(
        &self,
        index: usize,
        time: &str,
        event: &str,
    ) -> Result<Vec<Splice>> {
        if index == 0 && self.timeline_has_no_table() {
            return self.new_timeline_table(time, event);
        }
        let rows = self.timeline_rows()?;
        let tl = self.timeline()?;
        if index == rows.len() {
            return self.timeline_add(time, event, None);
        }
        let &(k, i) = rows
            .get(index)
            .ok_or_else(|| out_of_range("timeline row", index, rows.len() + 1))?;
        self.insert_in_block(&tl.tables[k], i, time, event, None)
    }

    pub(super) fn timeline_insert_in_table(
        &self,
        k: usize,
        index: usize,
        time: &str,
        event: &str,
    ) -> Result<Vec<Splice>> {
        let tl = self.timeline()?;
        let t = tl
            .tables
            .get(k)
            .ok_or_else(|| out_of_range("timeline table", k, tl.tables.len()))?;
        let n = self.block_len(t);
        if index > n {
            return Err(out_of_range("row", index, n + 1));
        }
        self.insert_in_block(t, index, time, event, None)
    }

    pub(super) fn timeline_move(&self, from: usize, to: usize) -> Result<Vec<Splice>> {
        let rows = self.timeline_rows()?;
        check(from, rows.len(), "timeline row")?;
        check(to, rows.len(), "timeline row")?;
        if from == to {
            return Ok(Vec::new());
        }
        let tl = self.timeline()?;
        let (kf, i_f) = rows[from];
        let (kt, i_t) = rows[to];
        let (src, dst) = (&tl.tables[kf], &tl.tables[kt]);
        if kf == kt {
            let mut order: Vec<usize> = (0..self.block_len(src)).collect();
            let r = order.remove(i_f);
            order.insert(i_t, r);
            return Ok(self.reorder_block(src, &order).into_iter().collect());
        }
        let time = self.row_time(src, i_f);
        let event = self.row_event(src, i_f);
        let src_special = [Some(src.time_col), src.event_col, src.date_col];
        let extra = |c: usize| match src.table() {
            Some(ti) if !src_special.contains(&Some(c)) => {
                Some(Self::cell_value(&self.ix.tables[ti], i_f, c))
            }
            _ => None,
        };
        let pos = if from < to { i_t + 1 } else { i_t };
        let mut out = self.delete_in_block(src, i_f);
        out.extend(self.insert_in_block(dst, pos, &time, &event, Some(&extra))?);
        Ok(out)
    }

    pub(super) fn timeline_sort(&self) -> Result<Vec<Splice>> {
        let tl = self.timeline()?;
        let model = self
            .doc
            .model
            .timeline
            .as_ref()
            .ok_or_else(|| invalid("the document has no timeline"))?;
        let cells: Vec<&TimeCell> = model.rows.iter().map(|r| &r.time).collect();
        let keys = sort_keys(&cells, parse::base_date(self.doc.model.date.as_deref()));
        let mut out = Vec::new();
        let mut offset = 0;
        for t in &tl.tables {
            let n = self.block_len(t);
            let order = stable_order(keys.get(offset..offset + n).unwrap_or(&[]));
            offset += n;
            if order.len() == n {
                out.extend(self.reorder_block(t, &order));
            }
        }
        Ok(out)
    }
}

/// `value` written in the style every time in `times` shares: in bold when they all are
/// (with their own `**` or `__`), with the zone they all end with when `value` names none.
/// So a new row looks like the rows of its table or list (`**14:05 AEST**`), while a table
/// that bolds only its key events gets a plain row.
fn styled_as(times: &[String], value: &str) -> String {
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
fn styled_as_placeholders(times: &[String], value: &str) -> String {
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
pub(super) fn list_separator(text: &str, items: &[ItemAt]) -> String {
    items
        .iter()
        .filter_map(|i| text.get(i.sep.clone()))
        .find(|s| s.ends_with([' ', '\t']))
        .unwrap_or(" — ")
        .to_string()
}

/// A date and time to sort each timeline row by: its own time on the date last written in a
/// cell (or the PIR's Date). Each row is resolved on its own, so a row added out of order
/// sorts into place instead of being read as the next day.
pub(crate) fn sort_keys(
    cells: &[&TimeCell],
    base: Option<NaiveDate>,
) -> Vec<Option<NaiveDateTime>> {
    let fallback_day = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let mut day = base;
    cells
        .iter()
        .map(|c| {
            if c.date.is_some() {
                day = c.date;
            }
            let resolved = timeline::resolve_datetimes(&[*c], day)
                .into_iter()
                .next()
                .flatten();
            resolved.or_else(|| {
                let t = c.start?;
                let time = chrono::NaiveTime::from_hms_opt(
                    u32::from(t.hour),
                    u32::from(t.minute),
                    u32::from(t.second.unwrap_or(0)),
                )?;
                Some(day.unwrap_or(fallback_day).and_time(time))
            })
        })
        .collect()
}

/// The order that sorts rows by key, stably; a row without a key stays right after the row it
/// followed (rows before the first key stay first).
pub(crate) fn stable_order<K: Ord + Copy>(keys: &[Option<K>]) -> Vec<usize> {
    let mut carried: Vec<Option<K>> = Vec::with_capacity(keys.len());
    let mut last = None;
    for k in keys {
        if k.is_some() {
            last = *k;
        }
        carried.push(last);
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| (carried[i], i));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;
    use crate::doc::edit::{Edit, plan};
    use crate::timeline::ClockTime;

    fn cell(date: Option<(i32, u32, u32)>, h: Option<u8>) -> TimeCell {
        TimeCell {
            raw: String::new(),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            start: h.map(|hour| ClockTime {
                hour,
                minute: 0,
                second: None,
            }),
            end: None,
            approximate: false,
            onwards: false,
            bold: false,
            text: String::new(),
            zone: None,
        }
    }

    #[test]
    pub(super) fn sort_keys_carry_dates_and_order_is_stable_for_unknown_times() {
        let cells = [
            cell(Some((2026, 3, 2)), Some(23)),
            cell(None, Some(9)),
            cell(None, None),
            cell(Some((2026, 3, 1)), Some(10)),
        ];
        let refs: Vec<&TimeCell> = cells.iter().collect();
        let keys = sort_keys(&refs, None);
        assert!(keys[2].is_none());
        assert!(keys[3] < keys[1] && keys[1] < keys[0]);
        // Row 2 has no time: it stays after row 1, which it followed.
        assert_eq!(stable_order(&keys), vec![3, 1, 2, 0]);
        assert_eq!(
            stable_order(&[None, Some(2), Some(1), None]),
            vec![0, 2, 3, 1]
        );
    }

    #[test]
    pub(super) fn timeline_sort_reorders_lines_by_parsed_time() {
        let text = "## Timeline\n\n| Time  | Event |\n| ----- | ----- |\n| 10:00 | a     |\n\
                    | 09:00 | b     |\n| ?     | c     |\n| 08:30 | d     |\n";
        let mut doc = Document::parse(text);
        // Give the rows the times the timeline module reads from their cells.
        let hours = [Some(10), Some(9), None, Some(8)];
        let rows = &mut doc.model.timeline.as_mut().unwrap().rows;
        for (r, h) in rows.iter_mut().zip(hours) {
            r.time = cell(None, h);
        }
        let splices = plan(&doc, &Edit::TimelineSort).unwrap();
        doc.splice(splices);
        assert_eq!(
            doc.text(),
            "## Timeline\n\n| Time  | Event |\n| ----- | ----- |\n| 08:30 | d     |\n\
             | 09:00 | b     |\n| ?     | c     |\n| 10:00 | a     |\n"
        );
    }
}
