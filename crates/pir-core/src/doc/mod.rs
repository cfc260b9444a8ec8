//! The lossless PIR document model.
//!
//! A [`Document`] is the exact text of a PIR plus an index of where everything is in it. It
//! reads any markdown (parsing never fails and never panics) into a [`PirModel`] that a UI can
//! show and edit, and writes edits back by splicing only the bytes of what changed: line
//! endings (CRLF, LF or the old Mac CR), trailing spaces, tabs, table padding, alignment rows and a missing
//! final newline all survive. After every edit the text is parsed again, so the model always
//! describes the text exactly.
//!
//! - [`Edit`] names one change (a metadata field, a table cell, a timeline row, a tag, ...);
//!   [`Document::apply`] performs it or fails with [`ErrorKind::InvalidInput`] leaving the
//!   document unchanged.
//! - [`Document::apply_model`] turns the differences between the current model and an edited
//!   one into edits; applying an unchanged model leaves the text byte-identical.
//! - [`Document::load`] / [`LoadedDocument::save`] read and write files through
//!   [`crate::fsio`], refusing to overwrite a file changed on disk since it was read.
//!
//! What the model reads, and what it leaves alone:
//!
//! - Sections are ATX headings (`## Text`) at the top level of the document. Lines starting
//!   with `#` inside fenced or indented code, HTML blocks, lists or block quotes are not
//!   sections, and neither are setext headings (a line underlined with `---`).
//! - Metadata is wherever the site keeps it: every `**Key:** value` (or `**Key**: value`,
//!   optionally as a list item) line before the first `##` heading; the rows of the first
//!   two-column table there (`| **Date** | 2026-07-21 |`); and the front matter keys that
//!   name a field the product reads (`date:`, `severity:`). Keys match in any case and under
//!   common synonyms (`impact`/`priority`/`sev` for Severity, `state` for Status); an edit
//!   writes a field back where it is written, as it is written. A key written twice is read,
//!   and edited, through its first place.
//! - The timeline is the first `##` heading containing "Timeline" and every table up to the
//!   next `##` heading; a table under a deeper sub-heading takes that heading as its phase.
//!   The time column is the one headed "Time" (or "When", "Date"), the event column the one
//!   headed "Event" (or "What", "Description"), else the first two columns. A table with
//!   both a "Date" and a "Time" column gives each row the two together as its time, and a
//!   time edit writes each part back to its column.
//! - A list there (bullet or numbered) whose items start with a time is a timeline block too,
//!   one per sub-heading: `- 2026-09-14 06:12 — Certificate expires.` is a row with that time
//!   and event (separators ` — `, ` – `, ` - `, `: `, or a space after a bold time). Edits
//!   splice one item's time or event; a new item copies its neighbour's marker (numbering
//!   on), separator, bold and whether the date is written on every item.
//! - How-chains are the headings starting with "How" under the first `## Root Causes`
//!   heading, split into chains at "Chain N" headings. A step's answer owns everything up to
//!   the next heading, tables included.
//! - Row and cell edits never re-pad a whole table: one edited cell changes one line. A value
//!   longer than a padded column widens only its own row. A new timeline row takes the style
//!   all the block's times share: bold, and a zone suffix (`| **14:05 AEST** |`).

mod diff;
mod edit;
mod frontmatter;
mod line;
mod list;
pub(crate) use list::is_time_placeholder;
pub mod model;
mod parse;
pub(crate) use parse::{canonical_key, parse_meta_line};
pub mod section_key;
mod table;

use std::path::{Path, PathBuf};

pub use edit::Edit;
pub use model::{
    Align, HowChain, HowStep, MetadataField, MetadataPlace, PirModel, Section, Span, Table,
    Timeline, TimelineKind, TimelineRow, TimelineStyle, TimelineTable, timeline_style,
};
pub use parse::{end_date, first_date};

/// The known metadata fields `text` has (of `Date`, `Duration`, `Severity`, `Status`, by
/// their canonical names, in that order): what a template asks every PIR to fill in.
pub fn known_metadata(text: &str) -> Vec<String> {
    let doc = Document::parse(text);
    let have: Vec<&str> = doc
        .model()
        .metadata
        .iter()
        .filter_map(|f| parse::canonical_key(&f.key))
        .collect();
    parse::REQUIRED_METADATA
        .iter()
        .filter(|k| have.contains(k))
        .map(|k| (*k).to_string())
        .collect()
}

/// Whether `key` names a metadata field the product reads (Date, Duration, Severity, Status),
/// under any of the names sites give it (`impact`, `state`, ...).
pub fn is_known_metadata_key(key: &str) -> bool {
    parse::canonical_key(key).is_some()
}

use crate::error::{CoreError, ErrorKind, Result};
use crate::fsio::{self, Fingerprint, WriteMode};

/// A PIR's text, where everything is in it, and what it says.
///
/// A file whose only line breaks are lone `\r` (old Mac line endings) is read and edited as if
/// they were `\n` (one byte for one, so every offset is the same) and written back with `\r`:
/// [`Document::text`] is always the file's own bytes.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text parsed and edited: the file's text, with a CR-only file's `\r` read as `\n`.
    text: String,
    /// For a CR-only file, its text as it is written (the `\n` of `text` as `\r`).
    cr_text: Option<String>,
    index: parse::Index,
    model: PirModel,
}

impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

/// Whether timeline rows (time, event) are only a template's placeholder rows and blank
/// rows, with at least one placeholder: a timeline not written yet.
pub(crate) fn only_placeholders<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> bool {
    let mut any = false;
    for (time, event) in rows {
        if is_placeholder_row(time, event) {
            any = true;
        } else if !(time.trim().is_empty() && event.trim().is_empty()) {
            return false;
        }
    }
    any
}

/// Whether a timeline row (time, event) is a template's placeholder row: its time a
/// placeholder (`HH:MM`, `YYYY-MM-DD HH:MM`) and its event empty, a placeholder (`[Event]`)
/// or a template's few words (`First event.`). A row whose event the author wrote (more than
/// three words) is the author's, whatever its time says, and is never dropped.
pub(crate) fn is_placeholder_row(time: &str, event: &str) -> bool {
    list::is_time_placeholder(time)
        && (event.trim().is_empty()
            || crate::template::has_placeholder(event)
            || event.split_whitespace().count() <= 3)
}

/// For each timeline block of `m`, its rows (time as written, event) when it holds only
/// placeholder and blank rows ([`only_placeholders`]), else `None`.
fn placeholder_blocks(m: &PirModel) -> Vec<Option<Vec<(String, String)>>> {
    let Some(t) = m.timeline.as_ref() else {
        return Vec::new();
    };
    (0..t.tables.len())
        .map(|k| {
            // Checked before anything is copied: on the keystroke path a written timeline
            // stops at its first real row and copies nothing.
            let rows = || t.rows.iter().filter(move |r| r.table == k);
            only_placeholders(rows().map(|r| (r.time.raw.as_str(), r.event.as_str()))).then(|| {
                rows()
                    .map(|r| (r.time.raw.clone(), r.event.clone()))
                    .collect()
            })
        })
        .collect()
}

/// Whether `text`'s line breaks are all lone `\r`: it has one and no `\n` at all.
fn is_cr_only(text: &str) -> bool {
    !text.contains('\n') && text.contains('\r')
}

/// `text` with every `from` byte as `to` (both ASCII, so offsets do not move).
fn swap_byte(text: &str, from: char, to: char) -> String {
    text.replace(from, to.encode_utf8(&mut [0; 4]))
}

impl Document {
    /// Parses `text`. Never fails: what is not understood is simply not in the model, and the
    /// text is kept whole.
    pub fn parse(text: impl Into<String>) -> Document {
        let text = text.into();
        if is_cr_only(&text) {
            Document::parse_cr_only(swap_byte(&text, '\r', '\n'), text)
        } else {
            let (index, model) = index_and_model(&text);
            Document {
                text,
                cr_text: None,
                index,
                model,
            }
        }
    }

    /// The document of a CR-only file, from its text with `\n` for `\r` (`text`) and as written
    /// (`cr_text`).
    fn parse_cr_only(text: String, cr_text: String) -> Document {
        let (index, model) = index_and_model(&text);
        Document {
            text,
            cr_text: Some(cr_text),
            index,
            model,
        }
    }

    /// The text, exactly as read plus the edits applied.
    pub fn text(&self) -> &str {
        self.cr_text.as_deref().unwrap_or(&self.text)
    }

    /// The text, giving up the document.
    pub fn into_text(self) -> String {
        self.cr_text.unwrap_or(self.text)
    }

    /// What the document says.
    pub fn model(&self) -> &PirModel {
        &self.model
    }

    /// The line ending new lines get: the one the file's first line ends with.
    pub fn line_ending(&self) -> &'static str {
        if self.cr_text.is_some() {
            "\r"
        } else {
            self.index.eol
        }
    }

    /// The raw front matter YAML (between the `---` lines), when there is front matter.
    pub fn front_matter(&self) -> Option<&str> {
        let f = self.index.front.as_ref()?;
        self.text.get(f.inner_start..f.inner_end)
    }

    /// A section's own content (up to the next heading of any level) with `\n` line endings,
    /// as [`Edit::ReplaceSectionBody`] takes it.
    pub fn section_body(&self, section: usize) -> Option<String> {
        let h = self.index.headings.get(section)?;
        self.text.get(h.end..h.body_end).map(parse::to_lf)
    }

    /// Applies one edit; on error the document is unchanged. See [`Document::apply_all`]
    /// for the template's placeholder rows.
    pub fn apply(&mut self, edit: &Edit) -> Result<()> {
        let before = placeholder_blocks(&self.model);
        if before.iter().any(Option::is_some) {
            return self.apply_all(std::slice::from_ref(edit));
        }
        // The usual case, without a copy of the document.
        let splices = edit::plan(self, edit)?;
        self.splice(splices);
        Ok(())
    }

    /// Applies edits in order, all or nothing.
    ///
    /// A timeline block that held only a template's placeholder rows (`| ~HH:MM | [Event] |`,
    /// `- YYYY-MM-DD HH:MM — First event.`; blank rows aside) and holds a row with a real
    /// time once the edits are applied loses the placeholder rows in the same change, so a
    /// new PIR never keeps them and one undo brings them back. Only the placeholder rows as
    /// they were go (one whose event the author wrote stays); a block that had a real row
    /// before is never touched beyond what the edits say. The edits' indexes name the rows
    /// as they are with the placeholders, as the author saw them.
    pub fn apply_all(&mut self, edits: &[Edit]) -> Result<()> {
        let mut work = self.clone();
        let before = placeholder_blocks(&work.model);
        for e in edits {
            let splices = edit::plan(&work, e)?;
            work.splice(splices);
        }
        if before.iter().any(|b| b.is_some()) {
            work.drop_placeholders(&before)?;
        }
        *self = work;
        Ok(())
    }

    /// Deletes, from each block that held only placeholder rows (`before`, by block: the
    /// placeholder rows as they were), those same rows once the block holds a row with a
    /// real time.
    fn drop_placeholders(&mut self, before: &[Option<Vec<(String, String)>>]) -> Result<()> {
        loop {
            let Some(t) = self.model.timeline.as_ref() else {
                return Ok(());
            };
            if t.tables.len() != before.len() {
                return Ok(());
            }
            let has_real = |k: usize| {
                t.rows.iter().any(|r| {
                    r.table == k
                        && !r.time.raw.trim().is_empty()
                        && !list::is_time_placeholder(&r.time.raw)
                })
            };
            let target = t.rows.iter().rposition(|r| {
                before[r.table].as_ref().is_some_and(|was| {
                    is_placeholder_row(&r.time.raw, &r.event)
                        && was.contains(&(r.time.raw.clone(), r.event.clone()))
                        && has_real(r.table)
                })
            });
            match target {
                Some(index) => {
                    let splices = edit::plan(self, &Edit::TimelineDelete { index })?;
                    self.splice(splices);
                }
                None => return Ok(()),
            }
        }
    }

    /// Applies edits that are all read against the current text, at once: every row, cell or
    /// section index names what is there now, rows inserted at the same place land in the
    /// order given, and the text is parsed once at the end instead of after every edit. This
    /// is what keeps adding or refreshing hundreds of index rows linear. Edits whose changes
    /// overlap are refused (kind `invalid_input`); all or nothing.
    pub fn apply_batch(&mut self, edits: &[Edit]) -> Result<()> {
        let mut all = Vec::new();
        for (n, e) in edits.iter().enumerate() {
            for (k, (range, with)) in edit::plan(self, e)?.into_iter().enumerate() {
                all.push((range, with, n, k));
            }
        }
        // In text order; at one place, insertions before a replacement, edits in the order
        // given, and one edit's own splices as `apply` would leave them (the last planned
        // first).
        all.sort_by_key(|(r, _, n, k)| (r.start, !r.is_empty(), *n, std::cmp::Reverse(*k)));
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for (r, with, n, _) in &all {
            if r.start < at {
                return Err(CoreError::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "edit {} changes text another edit of the same batch already changes",
                        n + 1
                    ),
                ));
            }
            out.push_str(&self.text[at..r.start]);
            out.push_str(with);
            at = r.end;
        }
        out.push_str(&self.text[at..]);
        self.reparse(out);
        Ok(())
    }

    /// Makes the document say what `edited` says, by turning each difference from the current
    /// model into an [`Edit`]: title (full or short), the four metadata fields and every
    /// metadata line, tags, table header cells, cells and rows, timeline times, events and
    /// rows, how-step questions and answers. Derived fields (lines, spans, sections, parsed
    /// times, metrics, missing lists) are ignored. An unchanged model leaves the text
    /// byte-identical. All or nothing: on error the document is unchanged.
    ///
    /// A model whose [`PirModel::source`] is not the fingerprint of the current text was read
    /// from another version of it: every field changed since would be set back to the model's
    /// value, so it is refused with [`ErrorKind::Conflict`] and nothing changes.
    pub fn apply_model(&mut self, edited: &PirModel) -> Result<()> {
        if let Some(source) = edited.source {
            let now = Fingerprint::of(self.text().as_bytes());
            if source != now {
                return Err(CoreError::new(
                    ErrorKind::Conflict,
                    format!(
                        "the model was read from another version of the text ({} bytes, \
                         hash {}), which has changed since (now {} bytes, hash {}); nothing was \
                         changed: read the model again and redo the edit",
                        source.len,
                        String::from(source.hash),
                        now.len,
                        String::from(now.hash)
                    ),
                ));
            }
        }
        let mut work = self.clone();
        diff::apply_model(&mut work, edited)?;
        *self = work;
        Ok(())
    }

    /// Replaces byte ranges (which must not overlap) and parses again.
    fn splice(&mut self, mut splices: Vec<(std::ops::Range<usize>, String)>) {
        if splices.is_empty() {
            return;
        }
        splices.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        for (r, s) in splices {
            self.text.replace_range(r, &s);
        }
        let text = std::mem::take(&mut self.text);
        self.reparse(text);
    }

    /// Becomes the document of `text` (the `\n` form of a CR-only file when this one is).
    fn reparse(&mut self, text: String) {
        *self = if self.cr_text.is_some() {
            // New lines came as `\n`: they are written as the file's `\r`, and a `\r` an edit
            // brought is a line break too.
            let text = swap_byte(&text, '\r', '\n');
            let cr_text = swap_byte(&text, '\n', '\r');
            Document::parse_cr_only(text, cr_text)
        } else {
            Document::parse(text)
        };
    }

    /// Reads a PIR from disk (bounded, UTF-8 checked), remembering what the file was so that
    /// [`LoadedDocument::save`] can refuse to overwrite someone else's change.
    pub fn load(path: impl AsRef<Path>) -> Result<LoadedDocument> {
        let path = path.as_ref();
        let loaded = fsio::read_text(path)?;
        Ok(LoadedDocument {
            path: path.to_path_buf(),
            document: Document::parse(loaded.text),
            fingerprint: loaded.fingerprint,
        })
    }
}

impl Document {
    /// The first row of the timeline's first block written as a template placeholder in
    /// the same style, with its 0-based line: dates become `YYYY-MM-DD` and times `HH:MM`
    /// inside the cell's own bold, `~` and zone, the event `[Event]`, other cells blank (at
    /// their width in a padded table). A skeleton keeps it where the rows were, so that the rows an author adds
    /// to a new PIR copy the style of the PIR it came from.
    pub(crate) fn placeholder_of_first_row(&self) -> Option<(usize, String)> {
        let block = self.index.timeline.as_ref()?.tables.first()?;
        match &block.block {
            parse::BlockAt::Table(t) => {
                let table = self.index.tables.get(*t)?;
                let row = table.rows.first()?;
                let mut line = self.text[row.start..row.next].to_string();
                for (c, cell) in row.cells.iter().enumerate().rev() {
                    let old = &self.text[cell.span.clone()];
                    let new = if c == block.time_col || Some(c) == block.date_col {
                        placeholder_stamp(old)
                    } else if Some(c) == block.event_col && !old.trim().is_empty() {
                        let lead = &old[..old.len() - old.trim_start().len()];
                        format!("{lead}[Event] ")
                    } else {
                        String::new()
                    };
                    // A padded table keeps its column widths; another gets ` value `.
                    let new = if table.padded {
                        let width = old.chars().count();
                        format!("{new:width$}")
                    } else {
                        format!(" {} ", new.trim())
                    };
                    let at = cell.span.start - row.start..cell.span.end - row.start;
                    line.replace_range(at, &new);
                }
                Some((row.line - 1, line))
            }
            parse::BlockAt::List { items, .. } => {
                let item = items.first()?;
                let mut line = self.text[item.start..item.next].to_string();
                let shift = |r: &std::ops::Range<usize>| r.start - item.start..r.end - item.start;
                if !item.event.is_empty() {
                    line.replace_range(shift(&item.event), "[Event]");
                }
                let time = placeholder_stamp(&self.text[item.time.clone()]);
                line.replace_range(shift(&item.time), &time);
                Some((item.line - 1, line))
            }
        }
    }
}

/// `text` with each date (`2026-03-30`) written `YYYY-MM-DD` and each time (`9:02`,
/// `14:05:30`) `HH:MM` (`HH:MM:SS`): a row's stamp as a placeholder in the same style.
fn placeholder_stamp(text: &str) -> String {
    let b = text.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let n = digits(i);
        if n == 0 {
            let ch = text[i..].chars().next().unwrap_or_default();
            out.push(ch);
            i += ch.len_utf8().max(1);
            continue;
        }
        let at = |k: usize, c: u8| b.get(k) == Some(&c);
        if n == 4 && at(i + 4, b'-') && digits(i + 5) == 2 && at(i + 7, b'-') && digits(i + 8) == 2
        {
            out.push_str("YYYY-MM-DD");
            i += 10;
        } else if n <= 2 && at(i + n, b':') && digits(i + n + 1) == 2 {
            out.push_str("HH:MM");
            i += n + 3;
            if at(i, b':') && digits(i + 1) == 2 {
                out.push_str(":SS");
                i += 3;
            }
        } else {
            out.push_str(&text[i..i + n]);
            i += n;
        }
    }
    out
}

/// Parses `text` and renders its preview ([`crate::render::render`]) side by side on two
/// threads (rayon's pool): the same [`Document`] and HTML as doing one after the other, in
/// the wall time of the longer of the two.
///
/// For the keystroke-to-preview path, where the model and the preview of the same text are
/// both needed at once; it takes as much CPU time as the two in turn.
pub fn parse_and_render(text: impl Into<String>) -> (Document, String) {
    let text = text.into();
    if is_cr_only(&text) {
        let (doc, html) = rayon::join(
            || Document::parse(text.as_str()),
            || crate::render::render(&text),
        );
        return (doc, html);
    }
    let ((index, model), html) =
        rayon::join(|| index_and_model(&text), || crate::render::render(&text));
    (
        Document {
            text,
            cr_text: None,
            index,
            model,
        },
        html,
    )
}

/// Where everything is in `text`, and what it says.
fn index_and_model(text: &str) -> (parse::Index, PirModel) {
    let index = parse::index(text);
    let model = parse::model(text, &index);
    (index, model)
}

/// A document read from a file.
#[derive(Debug, Clone)]
pub struct LoadedDocument {
    /// Where it was read from.
    pub path: PathBuf,
    /// The document, with the edits applied so far.
    pub document: Document,
    /// What the file was when read (or last saved).
    pub fingerprint: Fingerprint,
}

impl LoadedDocument {
    /// The model with [`PirModel::source`] set to the text it was read from, for a UI or a
    /// script that edits it and hands it back to [`Document::apply_model`]: a model taken
    /// before someone else changed the file is then refused rather than undoing their change.
    pub fn model_to_edit(&self) -> PirModel {
        PirModel {
            source: Some(Fingerprint::of(self.document.text().as_bytes())),
            ..self.document.model().clone()
        }
    }

    /// Writes the document back atomically, refusing with [`ErrorKind::Conflict`] when the
    /// file changed on disk since it was read; on success the new fingerprint is kept.
    pub fn save(&mut self) -> Result<()> {
        self.fingerprint = fsio::write_atomic(
            &self.path,
            self.document.text().as_bytes(),
            WriteMode::Replace(self.fingerprint),
        )?;
        Ok(())
    }
}

/// An [`ErrorKind::InvalidInput`] error.
pub(crate) fn invalid(msg: impl Into<String>) -> CoreError {
    CoreError::new(ErrorKind::InvalidInput, msg)
}
