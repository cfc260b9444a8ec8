//! Adding and inserting timeline rows: a first table for a Timeline section without one, a
//! row in a table or list at a place (in the block's style), and a row moved in from another
//! block with its other cells.

use super::style::{list_separator, styled_as, styled_as_placeholders};
use crate::doc::edit::Splice;
use crate::doc::edit::plan::{Planner, one_line, out_of_range};
use crate::doc::edit::table::reads_back;
use crate::doc::invalid;
use crate::doc::list::{self, ItemAt};
use crate::doc::parse::{self, BlockAt};
use crate::doc::table::{self, RowStyle};
use crate::error::Result;
use crate::timeline;

impl<'a> Planner<'a> {
    /// A first timeline table, holding one row, for a Timeline section that has none: after
    /// the section's text, or right under its heading.
    pub(in crate::doc::edit) fn new_timeline_table(
        &self,
        time: &str,
        event: &str,
    ) -> Result<Vec<Splice>> {
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

    /// A new row at `pos` of timeline block `t`, in the block's style. `extra` gives the
    /// other cells of a row moved from another table. A row with a time or an event added
    /// to a block holding only placeholder rows is written in their style and padded only
    /// when it fits (see the module's doc); the placeholders themselves go once the whole
    /// edit is applied ([`crate::doc::Document::apply_all`]), so that the indexes of the
    /// edits after it still name what the author saw.
    pub(in crate::doc::edit) fn insert_in_block(
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
    pub(in crate::doc::edit) fn insert_item(
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

    /// A Timeline section exists but holds no table yet.
    pub(in crate::doc::edit) fn timeline_has_no_table(&self) -> bool {
        self.ix
            .timeline
            .as_ref()
            .is_some_and(|t| t.tables.is_empty())
    }

    pub(in crate::doc::edit) fn timeline_add(
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

    pub(in crate::doc::edit) fn timeline_insert(
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

    pub(in crate::doc::edit) fn timeline_insert_in_table(
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
}
