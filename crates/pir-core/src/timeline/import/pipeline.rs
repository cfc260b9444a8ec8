//! From source files to inserted timeline rows: which reader reads a file (`--format`, else
//! told from the content and, for folders, their shape), the window of time kept, duplicates
//! merged, rows sorted, then worded as time cells in the timeline's zone and inserted in time
//! order among the rows already there, as document edits that add lines and change nothing
//! else.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};
use serde::Serialize;

use super::stream::{self, Keep, MAX_CANDIDATES};
use super::zone::{self, Zone};
use super::{
    Evidence, ReadContext, alertmanager, git, journal, k8s, nagios, pagerduty, slack, syslog,
};
use crate::doc::{Document, Edit, PirModel, end_date, first_date};
use crate::error::{CoreError, ErrorKind, Result};
use crate::timeline::{TimeCell, resolve_datetimes};

/// The largest evidence file read whole: the whole-document formats (a Slack day file,
/// Alertmanager, PagerDuty, Kubernetes events, `git log` output) are parsed from their whole
/// text, and a larger one is refused with an error naming the file (a week of a busy channel
/// or alert log fits many times). Line-based logs (syslog, Nagios/Icinga, the journal) are
/// streamed and have no such limit.
pub const MAX_SOURCE_BYTES: u64 = 256 * 1024 * 1024;

/// How far the default window reaches beyond the incident's span on either side, so the
/// alerts that led up to it and the all-clear after it are kept.
pub const WINDOW_MARGIN_HOURS: i64 = 6;

/// A source format, by the name `--format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A Slack channel export folder (or one of its day files).
    Slack,
    /// Alertmanager webhook payloads or API v2 output.
    Alertmanager,
    /// PagerDuty incident log entries.
    Pagerduty,
    /// A git repository (its commits in the window), or `git log` output.
    Git,
    /// A Nagios or Icinga log (alerts and notifications).
    Nagios,
    /// Syslog (RFC 3164 and 5424) and lines that open with an ISO-8601 stamp.
    Syslog,
    /// `journalctl -o json` output.
    Journal,
    /// `kubectl get events -o json` or `-o yaml`.
    K8s,
}

impl Format {
    /// Every format, in the order content is tried against when none is given.
    /// The structured formats come first; syslog, whose ISO-stamped lines many logs share,
    /// is tried last.
    pub const ALL: [Format; 8] = [
        Format::Pagerduty,
        Format::Alertmanager,
        Format::Slack,
        Format::Journal,
        Format::K8s,
        Format::Nagios,
        Format::Git,
        Format::Syslog,
    ];

    /// The name `--format` takes and rows carry as their source.
    pub fn name(self) -> &'static str {
        match self {
            Format::Slack => "slack",
            Format::Alertmanager => "alertmanager",
            Format::Pagerduty => "pagerduty",
            Format::Git => "git",
            Format::Nagios => "nagios",
            Format::Syslog => "syslog",
            Format::Journal => "journal",
            Format::K8s => "k8s",
        }
    }

    /// The format named `name` (case-insensitive), or an error listing the names there are.
    pub fn from_name(name: &str) -> Result<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                CoreError::new(
                    ErrorKind::InvalidInput,
                    format!("unknown format {name:?}: the formats are {}", names()),
                )
            })
    }

    /// Whether `text` looks like this format.
    pub fn sniff(self, text: &str) -> bool {
        match self {
            Format::Slack => slack::sniff(text),
            Format::Alertmanager => alertmanager::sniff(text),
            Format::Pagerduty => pagerduty::sniff(text),
            Format::Git => git::sniff(text),
            Format::Nagios => nagios::sniff(text),
            Format::Syslog => syslog::sniff(text),
            Format::Journal => journal::sniff(text),
            Format::K8s => k8s::sniff(text),
        }
    }

    /// Reads `text` as this format.
    pub fn read(self, text: &str, ctx: &ReadContext) -> Result<Vec<Evidence>> {
        match self {
            Format::Slack => slack::read(text, ctx),
            Format::Alertmanager => alertmanager::read(text, ctx),
            Format::Pagerduty => pagerduty::read(text, ctx),
            Format::Git => git::read(text, ctx),
            Format::Nagios => nagios::read(text, ctx),
            Format::Syslog => syslog::read(text, ctx),
            Format::Journal => journal::read(text, ctx),
            Format::K8s => k8s::read(text, ctx),
        }
    }

    /// Whether files of this format are read line by line in bounded memory (see
    /// [`stream`](super::stream)), rather than whole.
    pub fn is_streamed(self) -> bool {
        matches!(self, Format::Syslog | Format::Nagios | Format::Journal)
    }

    /// The format `text` looks like, trying each in [`Format::ALL`]'s order.
    pub fn detect(text: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.sniff(text))
    }
}

/// The format names, for messages.
fn names() -> String {
    Format::ALL.map(Format::name).join(", ")
}

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

/// What an import is asked to do beyond its sources.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The format of every source, instead of telling it from the content.
    pub format: Option<Format>,
    /// The start of the window, instead of the incident's.
    pub since: Option<DateTime<FixedOffset>>,
    /// The end of the window, instead of the incident's.
    pub until: Option<DateTime<FixedOffset>>,
    /// The zone of source stamps that carry none.
    pub zone: Option<Zone>,
    /// Keep only HARD states of Nagios/Icinga logs.
    pub only_hard: bool,
}

/// One row an import would insert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRow {
    /// When it happened, in the zone the timeline is written in.
    pub time: DateTime<FixedOffset>,
    /// The event text written (with `(×N)` when it stands for several records).
    pub event: String,
    /// The source format's name.
    pub source: String,
    /// How many source records it stands for.
    pub count: u32,
    /// The time cell text written, in the timeline's zone (`14:05`, `2026-02-22 14:05`).
    #[serde(skip)]
    pub cell: String,
    /// The timeline row it goes before (the row count appends).
    #[serde(skip)]
    pub before: usize,
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
fn row_times(model: &PirModel, base: Option<NaiveDate>) -> Vec<Option<NaiveDateTime>> {
    let Some(t) = &model.timeline else {
        return Vec::new();
    };
    let cells: Vec<&TimeCell> = t.rows.iter().map(|r| &r.time).collect();
    resolve_datetimes(&cells, base)
}

/// Whether each planned row is in `model`'s timeline already: a row at the same minute with
/// the same event text (evidence imported twice, or a row written by hand from the same
/// message).
pub fn already_present(model: &PirModel, rows: &[ImportRow]) -> Vec<bool> {
    let Some(t) = &model.timeline else {
        return vec![false; rows.len()];
    };
    let times = row_times(model, model.date.as_deref().and_then(first_date));
    rows.iter()
        .map(|r| {
            let local = r.time.naive_local();
            let minute = local.date().and_hms_opt(local.hour(), local.minute(), 0);
            t.rows.iter().zip(&times).any(|(row, at)| {
                at.is_some() && *at == minute && {
                    let text = r.event.trim();
                    row.event.trim() == text || row.event_text.trim() == text
                }
            })
        })
        .collect()
}

/// The evidence whose rows `doc`'s timeline does not have yet (see [`already_present`]), and
/// how many were left out: importing the same evidence twice adds nothing the second time.
pub fn not_yet_present(doc: &Document, evidence: Vec<Evidence>) -> Result<(Vec<Evidence>, usize)> {
    let rows = plan_rows(doc, &evidence)?;
    let present = already_present(doc.model(), &rows);
    let left_out = present.iter().filter(|p| **p).count();
    let kept = evidence
        .into_iter()
        .zip(present)
        .filter(|(_, p)| !p)
        .map(|(e, _)| e)
        .collect();
    Ok((kept, left_out))
}

/// What reading the sources gave: the evidence to insert, and what was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOutcome {
    /// The records in the window, duplicates merged, sorted by time.
    pub evidence: Vec<Evidence>,
    /// How many records lay outside the window (not counting a repository's commits, which
    /// are only read within it), so an import that finds nothing can say why.
    pub outside: usize,
    /// The window used.
    pub window: Window,
    /// What a reader had to assume and the author should know (syslog's missing year or
    /// zone), one sentence each, naming the file.
    pub notes: Vec<String>,
}

/// Reads every source, keeps what lies in the window (`--since`/`--until`, else the PIR's
/// [`incident_window`]), merges duplicates and sorts. The first source that fails fails the
/// whole import, so nothing is inserted from a file that could not be read.
///
/// Line-based logs are read line by line and their records outside the window are never
/// kept (see [`stream`](super::stream)); at most [`MAX_CANDIDATES`] records in the window are
/// kept over all sources, the rest counted in a note naming the file.
pub fn read_sources(
    model: &PirModel,
    sources: &[PathBuf],
    opts: &ImportOptions,
) -> Result<ReadOutcome> {
    let mut window = incident_window(model);
    if opts.since.is_some() {
        window.since = opts.since;
    }
    if opts.until.is_some() {
        window.until = opts.until;
    }
    let mut keep = Keep::new(window, MAX_CANDIDATES);
    let mut notes = Vec::new();
    for path in sources {
        let ctx = ReadContext {
            file: path.clone(),
            incident_date: model.date.as_deref().and_then(first_date),
            zone: opts.zone,
            only_hard: opts.only_hard,
        };
        let over = keep.over;
        let said = read_into(path, opts.format, &ctx, &window, &mut keep)?;
        notes.extend(said.into_iter().map(|n| format!("{}: {n}", path.display())));
        if keep.over > over {
            notes.push(capped(path, keep.over - over));
        }
    }
    Ok(ReadOutcome {
        evidence: merge(keep.rows),
        outside: keep.outside,
        window,
        notes,
    })
}

/// The note for `over` records of `path` in the window left out past [`MAX_CANDIDATES`].
fn capped(path: &Path, over: usize) -> String {
    format!(
        "{}: {over} more records in the window were left out: an import keeps the first \
         {MAX_CANDIDATES}; narrow the window with --since and --until",
        path.display()
    )
}

/// Reads one source: a file in `format` (else the format its content looks like), a Slack
/// channel folder, or a git repository (its commits in `window`). Only the records in
/// `window` are returned, the first [`MAX_CANDIDATES`] of them.
pub fn read_source(
    path: &Path,
    format: Option<Format>,
    ctx: &ReadContext,
    window: &Window,
) -> Result<Vec<Evidence>> {
    let mut keep = Keep::new(*window, MAX_CANDIDATES);
    read_into(path, format, ctx, window, &mut keep)?;
    Ok(keep.rows)
}

/// [`read_source`] into `keep`, returning what the reader had to assume (see
/// [`ReadOutcome::notes`]).
fn read_into(
    path: &Path,
    format: Option<Format>,
    ctx: &ReadContext,
    window: &Window,
    keep: &mut Keep,
) -> Result<Vec<String>> {
    if path.is_dir() {
        let read = match format {
            Some(Format::Git) => git::read_repo(path, window.since, window.until),
            Some(Format::Slack) => slack::read_folder(path, ctx),
            None if crate::git::is_repository(path) => {
                git::read_repo(path, window.since, window.until)
            }
            None if slack::sniff_folder(path) => slack::read_folder(path, ctx),
            None => Err(slack::not_a_folder(path).with_path(path)),
            Some(f) => Err(CoreError::new(
                ErrorKind::InvalidInput,
                format!(
                    "a folder is read as a Slack channel export or a git repository; \
                     give the {} file itself",
                    f.name()
                ),
            )
            .with_path(path)),
        };
        read?.into_iter().for_each(|e| {
            keep.push(e);
        });
        return Ok(Vec::new());
    }
    let meta = crate::fsio::regular_file(path)?;
    let file =
        std::fs::File::open(path).map_err(|e| CoreError::io("cannot read file", path, &e))?;
    read_sized(file, Some(meta.len()), path, format, ctx, keep)
}

/// Reads the source `path` from `reader` into `keep`: its format is `format`, else told from
/// the first [`SNIFF_BYTES`](super::SNIFF_BYTES); a line-based log (see
/// [`Format::is_streamed`]) is read a line at a time, holding one record and the records
/// kept, whatever its size; any other format is read whole, up to [`MAX_SOURCE_BYTES`].
/// Returns what the reader had to assume (see [`ReadOutcome::notes`]).
///
/// # Errors
/// The reader's errors (naming `ctx.file`, the line and column); a source whose format
/// cannot be told, that is not UTF-8, or a whole document over [`MAX_SOURCE_BYTES`], naming
/// `path`.
pub fn read_from(
    reader: impl std::io::Read,
    path: &Path,
    format: Option<Format>,
    ctx: &ReadContext,
    keep: &mut Keep,
) -> Result<Vec<String>> {
    read_sized(reader, None, path, format, ctx, keep)
}

/// [`read_from`] a source of `len` bytes, when known: a whole document over
/// [`MAX_SOURCE_BYTES`] is then refused before it is read.
fn read_sized(
    mut reader: impl std::io::Read,
    len: Option<u64>,
    path: &Path,
    format: Option<Format>,
    ctx: &ReadContext,
    keep: &mut Keep,
) -> Result<Vec<String>> {
    let (head, sniffed) = stream::sniff_prefix(&mut reader, path)?;
    let format = match format {
        Some(f) => f,
        None => match Format::detect(&sniffed) {
            Some(f) => f,
            // A file that is not UTF-8 text near its start says so, as a whole read would.
            None if matches!(std::str::from_utf8(&head), Err(e) if e.error_len().is_some()) => {
                return Err(crate::fsio::decode_utf8(head)
                    .err()
                    .unwrap_or_else(|| unreachable!("checked above"))
                    .with_path(path));
            }
            None => {
                return Err(CoreError::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "cannot tell the format of this file; name it with --format ({})",
                        names()
                    ),
                )
                .with_path(path));
            }
        },
    };
    let reader = std::io::Read::chain(std::io::Cursor::new(head), reader);
    if format.is_streamed() {
        let mut lines = std::io::BufReader::with_capacity(64 * 1024, reader);
        return match format {
            Format::Syslog => {
                let mut s = syslog::Stream::new(ctx);
                stream::each_line(&mut lines, path, |n, l| s.line(n, l, keep))?;
                Ok(s.finish(keep))
            }
            Format::Nagios => {
                let mut s = nagios::Stream::new(ctx);
                stream::each_line(&mut lines, path, |n, l| s.line(n, l, keep))?;
                s.finish(keep);
                Ok(Vec::new())
            }
            _ => {
                let mut s = journal::Stream::new(ctx);
                stream::each_line(&mut lines, path, |n, l| s.line(n, l, keep))?;
                s.finish(keep)?;
                Ok(Vec::new())
            }
        };
    }
    if let Some(len) = len.filter(|l| *l > MAX_SOURCE_BYTES) {
        return Err(too_large(path, format, len));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(reader, MAX_SOURCE_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| CoreError::io("cannot read file", path, &e))?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large(path, format, bytes.len() as u64));
    }
    let text = crate::fsio::decode_utf8(bytes).map_err(|e| e.with_path(path))?;
    let read = match format {
        Format::Slack => slack::read_day_file(path, &text, ctx)?,
        _ => format.read(&text, ctx)?,
    };
    read.into_iter().for_each(|e| {
        keep.push(e);
    });
    Ok(Vec::new())
}

/// The error for a whole-document source over [`MAX_SOURCE_BYTES`].
fn too_large(path: &Path, format: Format, len: u64) -> CoreError {
    CoreError::new(
        ErrorKind::TooLarge,
        format!(
            "{} input is read whole, up to {} MB, and this file is over it ({} MB); split \
             it, or export a shorter span (logs of lines, syslog, Nagios/Icinga and the journal, \
             are read line by line whatever their size)",
            format.name(),
            MAX_SOURCE_BYTES / (1024 * 1024),
            len.div_ceil(1024 * 1024)
        ),
    )
    .with_path(path)
}

/// Sorts evidence by time and merges duplicates: records with the same key (an alert's
/// fingerprint and state, a message's stamp), or without one at the same minute with the same
/// text, become one whose count is the sum, at the earliest time. The order of records at
/// the same instant is kept.
pub fn merge(mut evidence: Vec<Evidence>) -> Vec<Evidence> {
    evidence.sort_by_key(|e| e.time);
    let mut out: Vec<Evidence> = Vec::with_capacity(evidence.len());
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut by_text: HashMap<(i64, String), usize> = HashMap::new();
    for e in evidence {
        let minute = (e.time.timestamp().div_euclid(60), e.event.clone());
        let found = e
            .key
            .as_ref()
            .and_then(|k| by_key.get(k))
            .or_else(|| by_text.get(&minute))
            .copied();
        if let Some(i) = found {
            out[i].count = out[i].count.saturating_add(e.count);
            continue;
        }
        if let Some(k) = &e.key {
            by_key.insert(k.clone(), out.len());
        }
        by_text.insert(minute, out.len());
        out.push(e);
    }
    out
}

/// Words sorted evidence as rows of `doc`'s timeline, each placed before the first existing
/// row that is later (after the last row when none is): time cells in the timeline's zone, to
/// the minute, with the date when it differs from the row before (always on the first row of
/// the timeline, and on every row of a table that dates every row).
pub fn plan_rows(doc: &Document, evidence: &[Evidence]) -> Result<Vec<ImportRow>> {
    let model = doc.model();
    if model.timeline.is_none() {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "the PIR has no Timeline section to import into",
        ));
    }
    let (zone, suffix) = timeline_zone(model);
    let existing = row_times(model, model.date.as_deref().and_then(first_date));
    let mut rows = Vec::with_capacity(evidence.len());
    let mut last_new: Option<(usize, NaiveDate)> = None;
    for e in evidence {
        let time = zone.at(&e.time);
        let local = time.naive_local();
        let before = existing
            .iter()
            .position(|at| at.is_some_and(|at| at > local))
            .unwrap_or(existing.len());
        // The row the new one follows: a new row inserted at the same place, else the
        // existing row before that place.
        let previous = match last_new {
            Some((at, date)) if at == before => Some(date),
            _ => before
                .checked_sub(1)
                .and_then(|i| existing.get(i).copied().flatten())
                .map(|t| t.date()),
        };
        let mut cell = if previous == Some(local.date()) && !dated_rows(model, before) {
            local.format("%H:%M").to_string()
        } else {
            local.format("%Y-%m-%d %H:%M").to_string()
        };
        if let Some(s) = suffix {
            cell.push_str(s);
        }
        last_new = Some((before, local.date()));
        let event = if e.count > 1 {
            format!("{} (×{})", e.event, e.count)
        } else {
            e.event.clone()
        };
        rows.push(ImportRow {
            time,
            event,
            source: e.source.clone(),
            count: e.count,
            cell,
            before,
        });
    }
    Ok(rows)
}

/// Whether the table a row inserted before row `before` joins writes a date on every row (a
/// Date column, a list repeating the date): a new row there always gets its own date, since
/// the table would otherwise fill in its neighbour's.
fn dated_rows(model: &PirModel, before: usize) -> bool {
    let Some(t) = &model.timeline else {
        return false;
    };
    let table = match t.rows.get(before).or(t.rows.last()) {
        Some(r) => r.table,
        None => return false,
    };
    let mut rows = t.rows.iter().filter(|r| r.table == table).peekable();
    rows.peek().is_some() && rows.all(|r| r.time.date.is_some())
}

/// Inserts planned rows into `doc`, all or nothing: the text changes only by the new lines
/// (and, for a Timeline section without a table, the table they start).
pub fn insert_rows(doc: &mut Document, rows: &[ImportRow]) -> Result<()> {
    let Some((first, rest)) = rows.split_first() else {
        return Ok(());
    };
    let has_table = doc
        .model()
        .timeline
        .as_ref()
        .is_some_and(|t| !t.tables.is_empty());
    let insert = |r: &ImportRow| Edit::TimelineInsert {
        index: r.before,
        time: r.cell.clone(),
        event: r.event.clone(),
    };
    if has_table {
        let edits: Vec<Edit> = rows.iter().map(insert).collect();
        return doc.apply_batch(&edits);
    }
    let mut work = doc.clone();
    work.apply(&insert(first))?;
    let edits: Vec<Edit> = rest
        .iter()
        .map(|r| Edit::TimelineInsert {
            index: 1,
            time: r.cell.clone(),
            event: r.event.clone(),
        })
        .collect();
    work.apply_batch(&edits)?;
    *doc = work;
    Ok(())
}

/// A zone for `--zone`: `UTC` (or `Z`, `GMT`), an offset `+10:00`, `-0530`, `+10`,
/// `UTC+10`, or a tz database name (`Australia/Sydney`), whose offset follows its
/// daylight-saving changes stamp by stamp.
pub fn parse_zone(text: &str) -> Result<Zone> {
    // `UTC` and `GMT` are tz database names too: they stay plain offsets.
    parse_offset(text)
        .map(Zone::Fixed)
        .or_else(|e| zone::named(text).ok_or(e))
}

/// A fixed offset: `UTC` (or `Z`, `GMT`), `+10:00`, `-0530`, `+10`, `UTC+10`.
fn parse_offset(text: &str) -> Result<FixedOffset> {
    let t = text.trim();
    let bad = || {
        CoreError::new(
            ErrorKind::InvalidInput,
            format!(
                "unknown zone {text:?}: give UTC, an offset such as +10:00 or -05:30, \
                 or a zone name such as Australia/Sydney"
            ),
        )
    };
    let upper = t.to_ascii_uppercase();
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(&upper);
    if rest.is_empty() || rest == "Z" {
        return Ok(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!("0 is valid")));
    }
    let (sign, digits) = match rest.as_bytes().first() {
        Some(b'+') => (1, &rest[1..]),
        Some(b'-') => (-1, &rest[1..]),
        _ => return Err(bad()),
    };
    if !digits.is_ascii() {
        return Err(bad());
    }
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 14 || m > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad)
}

/// An instant for `--since`/`--until`: RFC 3339 (`2026-02-22T14:00:00+10:00`), or a date and
/// time (`2026-02-22 14:00`, `2026-02-22T14:00:05`) or a date alone (its midnight) in `zone`.
pub fn parse_instant(text: &str, zone: Zone) -> Result<DateTime<FixedOffset>> {
    let t = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at);
    }
    let naive = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN))
    });
    naive
        .and_then(|n| zone.local(n))
        .ok_or_else(|| {
            CoreError::new(
                ErrorKind::InvalidInput,
                format!("cannot read the time {text:?}: give 2026-02-22T14:00:00+10:00, 2026-02-22 14:00 or 2026-02-22"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_and_instants() {
        let offset = |t: &str| match parse_zone(t).unwrap() {
            Zone::Fixed(o) => o.local_minus_utc(),
            Zone::Named(tz) => panic!("{t} read as {tz}"),
        };
        assert_eq!(offset("UTC"), 0);
        assert_eq!(offset("+10:00"), 36000);
        assert_eq!(offset("UTC-0530"), -19800);
        assert_eq!(
            parse_zone("Australia/Sydney").unwrap().to_string(),
            "Australia/Sydney"
        );
        let sydney = parse_zone("Australia/Sydney").unwrap();
        // Daylight saving ends on 2026-04-05: the same wall time, an hour apart in offset.
        assert_eq!(
            parse_instant("2026-04-04 12:00", sydney)
                .unwrap()
                .to_rfc3339(),
            "2026-04-04T12:00:00+11:00"
        );
        assert_eq!(
            parse_instant("2026-04-06 12:00", sydney)
                .unwrap()
                .to_rfc3339(),
            "2026-04-06T12:00:00+10:00"
        );
        assert!(parse_zone("+a€").is_err());
        let z = parse_zone("+10").unwrap();
        assert_eq!(
            parse_instant("2026-02-22 14:00", z).unwrap().to_rfc3339(),
            "2026-02-22T14:00:00+10:00"
        );
        assert!(parse_instant("yesterday", z).is_err());
        assert!(
            Format::from_name("nope")
                .unwrap_err()
                .message
                .contains("slack")
        );
    }
}
