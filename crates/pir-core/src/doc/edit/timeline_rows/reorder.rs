//! Deleting, moving and sorting timeline rows: a list renumbered when it counts up one by one,
//! a row moved within its block or to another, and the sort by time with the keys and the
//! stable order it uses (a row without a time stays after the row it followed).

use chrono::{NaiveDate, NaiveDateTime};

use crate::doc::edit::Splice;
use crate::doc::edit::plan::{Planner, check, line_removal};
use crate::doc::invalid;
use crate::doc::parse::{self, BlockAt};
use crate::error::Result;
use crate::timeline::{self, TimeCell};

impl<'a> Planner<'a> {
    /// Deletes row `i` of timeline block `t` (renumbering a list that counts up one by one).
    pub(in crate::doc::edit) fn delete_in_block(
        &self,
        t: &parse::TimelineTableAt,
        i: usize,
    ) -> Vec<Splice> {
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
    pub(in crate::doc::edit) fn reorder_block(
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

    pub(in crate::doc::edit) fn timeline_move(
        &self,
        from: usize,
        to: usize,
    ) -> Result<Vec<Splice>> {
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

    pub(in crate::doc::edit) fn timeline_sort(&self) -> Result<Vec<Splice>> {
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
