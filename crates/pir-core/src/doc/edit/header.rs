//! The top of a PIR: its title, its metadata fields (`**Key:** value` lines, or the front
//! matter or table a site keeps them in) and its tags.

use super::Splice;
use super::plan::{Planner, line_removal, one_line};
use crate::doc::frontmatter::{self, TagsAt};
use crate::doc::invalid;
use crate::doc::model::{Align, MetadataPlace};
use crate::doc::parse::{self, REQUIRED_METADATA};
use crate::doc::table;
use crate::error::Result;

impl<'a> Planner<'a> {
    pub(super) fn set_metadata(&self, key: &str, value: &str) -> Result<Vec<Splice>> {
        one_line(value)?;
        one_line(key)?;
        let key = key.trim();
        if parse::parse_meta_line(&format!("**{key}:** x")).is_none() {
            return Err(invalid(format!("{key:?} cannot be a metadata key")));
        }
        let value = value.trim();
        let text = self.text;
        if let Some(m) = self.find_metadata(key) {
            if m.value == value {
                return Ok(Vec::new());
            }
            return Ok(vec![(m.value_span.clone(), self.metadata_value(m, value))]);
        }
        let eol = self.eol();
        let lines: Vec<&parse::MetaAt> = self
            .ix
            .meta
            .iter()
            .filter(|m| m.place == MetadataPlace::Line)
            .collect();
        if lines.is_empty()
            && let Some(splice) = self.add_metadata_elsewhere(key, value)
        {
            return Ok(vec![splice]);
        }
        let Some(&last) = lines.last() else {
            let line = format!("**{key}:** {value}");
            return Ok(vec![match self.ix.title.map(|t| &self.ix.headings[t]) {
                Some(h) if text[h.start..h.end].ends_with('\n') => {
                    (h.end..h.end, format!("{eol}{line}{eol}"))
                }
                Some(h) => (h.end..h.end, format!("{eol}{eol}{line}")),
                None => (
                    self.ix.body_start..self.ix.body_start,
                    format!("{line}{eol}{eol}"),
                ),
            }]);
        };
        // Keep the canonical order Date, Duration, Severity, Status where it can be kept.
        let rank = |k: &str| {
            REQUIRED_METADATA
                .iter()
                .position(|r| r.eq_ignore_ascii_case(k))
        };
        let anchor = match rank(key) {
            Some(new_rank) => {
                let after = lines
                    .iter()
                    .rev()
                    .find(|m| rank(&m.key).is_some_and(|r| r < new_rank));
                let before = lines
                    .iter()
                    .find(|m| rank(&m.key).is_some_and(|r| r > new_rank));
                match (after, before) {
                    (Some(a), _) => Err(*a),
                    (None, Some(b)) => Ok(*b),
                    (None, None) => Err(last),
                }
            }
            None => Err(last),
        };
        let (template, before) = match anchor {
            Ok(b) => (b, true),
            Err(a) => (a, false),
        };
        let tline = &text[template.start..template.next];
        let (tce, _) = crate::doc::line::line_end(text, template.start);
        let star = tline.find("**").unwrap_or(0);
        let prefix = &tline[..star];
        let colon_inside = tline[star + 2..]
            .find("**")
            .is_some_and(|c| tline[star + 2..star + 2 + c].ends_with(':'));
        let suffix = text.get(template.value_span.end..tce).unwrap_or("");
        let line = if colon_inside {
            format!("{prefix}**{key}:** {value}{suffix}")
        } else {
            format!("{prefix}**{key}**: {value}{suffix}")
        };
        let teol = text.get(tce..template.next).unwrap_or("");
        Ok(vec![if before {
            let teol = if teol.is_empty() { eol } else { teol };
            (template.start..template.start, format!("{line}{teol}"))
        } else if teol.is_empty() {
            (tce..tce, format!("{eol}{line}"))
        } else {
            (template.next..template.next, format!("{line}{teol}"))
        }])
    }

    pub(super) fn remove_metadata(&self, key: &str) -> Result<Vec<Splice>> {
        let m = self
            .find_metadata(key.trim())
            .ok_or_else(|| invalid(format!("there is no metadata field {key:?}")))?;
        // A metadata table's header row cannot go without breaking the table: empty its value.
        if m.table.is_some_and(|(_, header)| header) {
            return Ok(vec![(m.value_span.clone(), self.metadata_value(m, ""))]);
        }
        Ok(vec![(
            line_removal(self.text, m.start, m.next),
            String::new(),
        )])
    }

    /// The field named `key`: by its name as written, else by what it means (`Severity`
    /// finds `impact:`), so that a form's fields edit the site's own keys.
    pub(super) fn find_metadata(&self, key: &str) -> Option<&parse::MetaAt> {
        let meta = &self.ix.meta;
        meta.iter()
            .find(|m| m.key.eq_ignore_ascii_case(key))
            .or_else(|| meta.iter().find(|m| parse::same_key(&m.key, key)))
    }

    /// `value` written the way field `m` is: after a space on a line, as a YAML scalar in
    /// front matter (quoted as before), as a cell keeping its padding in a table.
    pub(super) fn metadata_value(&self, m: &parse::MetaAt, value: &str) -> String {
        let text = self.text;
        let raw = text.get(m.value_span.clone()).unwrap_or("");
        match (m.place, m.table) {
            (MetadataPlace::Table, Some((ti, _))) => {
                let t = &self.ix.tables[ti];
                // Keep emphasis the value had (`**2026-07-21**`).
                let bold = raw.trim().starts_with("**") && raw.trim().ends_with("**");
                let v = if bold && !value.is_empty() {
                    format!("**{value}**")
                } else {
                    value.to_string()
                };
                table::replace_cell(
                    raw,
                    &v,
                    t.padded,
                    t.align.get(1).copied().unwrap_or(Align::None),
                )
            }
            (MetadataPlace::FrontMatter, _) => {
                if raw.starts_with('\'') && !value.contains('\'') {
                    format!("'{value}'")
                } else if raw.starts_with('"') {
                    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
                } else {
                    frontmatter::quote(value)
                }
            }
            _ => {
                let glued =
                    m.value_span.start > 0 && !text[..m.value_span.start].ends_with([' ', '\t']);
                if glued && !value.is_empty() {
                    format!(" {value}")
                } else {
                    value.to_string()
                }
            }
        }
    }

    /// A new field where the PIR keeps its metadata when it has no `**Key:**` lines: a row
    /// after the metadata table's last, else a key at the end of the front matter when that
    /// holds the other fields. `None` when neither holds any (a line is added then).
    pub(super) fn add_metadata_elsewhere(&self, key: &str, value: &str) -> Option<Splice> {
        let text = self.text;
        let meta = &self.ix.meta;
        if let Some(last) = meta.iter().rev().find(|m| m.place == MetadataPlace::Table)
            && let Some((ti, _)) = last.table
        {
            let t = &self.ix.tables[ti];
            let row = if last.table.is_some_and(|(_, h)| h) {
                &t.header
            } else {
                t.rows.iter().find(|r| r.start == last.start)?
            };
            let style = self.style(t, row);
            let key_cell = match text.get(row.cells[0].span.clone()).map(str::trim) {
                Some(k) if k.starts_with("**") => format!("**{key}**"),
                _ => key.to_string(),
            };
            // After the header comes the delimiter row: a new field goes below it.
            let row = if std::ptr::eq(row, &t.header) {
                &t.delim
            } else {
                row
            };
            let line = table::format_row(&style, &[key_cell, value.to_string()]);
            let eol = row.eol(text);
            return Some(if eol.is_empty() {
                (
                    row.content_end..row.content_end,
                    format!("{}{line}", self.eol()),
                )
            } else {
                (row.next..row.next, format!("{line}{eol}"))
            });
        }
        let last = meta
            .iter()
            .rev()
            .find(|m| m.place == MetadataPlace::FrontMatter)?;
        let front = self.ix.front.as_ref()?;
        let lower = last.key.chars().all(|c| !c.is_uppercase());
        let k = if lower {
            key.to_lowercase()
        } else {
            key.to_string()
        };
        let (_, next) = crate::doc::line::line_end(text, last.start);
        let at = next.min(front.inner_end);
        let eol = text
            .get(last.value_span.end..next)
            .map(|t| if t.ends_with("\r\n") { "\r\n" } else { "\n" })
            .unwrap_or("\n");
        Some((at..at, format!("{k}: {}{eol}", frontmatter::quote(value))))
    }

    pub(super) fn set_title(&self, title: &str) -> Result<Vec<Splice>> {
        one_line(title)?;
        let title = title.trim();
        match self.ix.title.map(|t| &self.ix.headings[t]) {
            Some(h) if h.text == title => Ok(Vec::new()),
            Some(_) => Ok(vec![self.heading_text(self.ix.title.unwrap_or(0), title)]),
            None => {
                let eol = self.eol();
                let at = self.ix.body_start;
                Ok(vec![(at..at, format!("# {title}{eol}{eol}"))])
            }
        }
    }

    pub(super) fn add_tag(&self, tag: &str) -> Result<Vec<Splice>> {
        one_line(tag)?;
        let tag = tag.trim();
        if tag.is_empty() {
            return Err(invalid("a tag cannot be empty"));
        }
        let eol = self.eol();
        let q = frontmatter::quote(tag);
        let Some(f) = &self.ix.front else {
            let at = self.ix.body_start;
            return Ok(vec![(
                at..at,
                format!("---{eol}tags:{eol}  - {q}{eol}---{eol}{eol}"),
            )]);
        };
        let Some(tags) = &f.tags else {
            return Ok(vec![(
                f.inner_end..f.inner_end,
                format!("tags:{eol}  - {q}{eol}"),
            )]);
        };
        if tags.values().iter().any(|t| t == tag) {
            return Ok(Vec::new());
        }
        Ok(vec![match tags {
            TagsAt::Flow { list, items } => {
                let mut raw: Vec<&str> = items.iter().map(|i| &self.text[i.span.clone()]).collect();
                raw.push(&q);
                (list.clone(), format!("[{}]", raw.join(", ")))
            }
            TagsAt::Scalar { item } => (
                item.span.clone(),
                format!("[{}, {q}]", &self.text[item.span.clone()]),
            ),
            TagsAt::Block {
                after_key,
                indent,
                items,
            } => {
                let at = items.last().map_or(*after_key, |i| i.line.end);
                (at..at, format!("{indent}- {q}{eol}"))
            }
        }])
    }

    pub(super) fn remove_tag(&self, tag: &str) -> Result<Vec<Splice>> {
        let tag = tag.trim();
        let tags = self
            .ix
            .front
            .as_ref()
            .and_then(|f| f.tags.as_ref())
            .filter(|t| t.values().iter().any(|v| v == tag))
            .ok_or_else(|| invalid(format!("there is no tag {tag:?}")))?;
        Ok(vec![match tags {
            TagsAt::Flow { list, items } => {
                // Only the first of a tag written twice goes, as in a block list.
                let gone = items.iter().position(|i| i.value == tag);
                let raw: Vec<&str> = items
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| Some(*k) != gone)
                    .map(|(_, i)| &self.text[i.span.clone()])
                    .collect();
                (list.clone(), format!("[{}]", raw.join(", ")))
            }
            TagsAt::Scalar { item } => (item.span.clone(), "[]".to_string()),
            TagsAt::Block { items, .. } => {
                let item = items
                    .iter()
                    .find(|i| i.value == tag)
                    .ok_or_else(|| invalid("no tag"))?;
                (item.line.clone(), String::new())
            }
        }])
    }
}
