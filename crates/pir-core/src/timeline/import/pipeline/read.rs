//! Reading the sources into evidence: a file in its format (told from its first bytes when
//! not given), a Slack channel folder or a git repository; line-based logs streamed in bounded
//! memory, other formats read whole up to a limit; only the records in the window kept, then
//! duplicates merged and sorted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::format::{Format, names};
use super::window::{Window, incident_window};
use crate::doc::{PirModel, first_date};
use crate::error::{CoreError, ErrorKind, Result};
use crate::timeline::import::stream::{self, Keep, MAX_CANDIDATES};
use crate::timeline::import::zone::Zone;
use crate::timeline::import::{Evidence, ReadContext, git, journal, nagios, slack, syslog};

/// The largest evidence file read whole: the whole-document formats (a Slack day file,
/// Alertmanager, PagerDuty, Kubernetes events, `git log` output) are parsed from their whole
/// text, and a larger one is refused with an error naming the file (a week of a busy channel
/// or alert log fits many times). Line-based logs (syslog, Nagios/Icinga, the journal) are
/// streamed and have no such limit.
pub const MAX_SOURCE_BYTES: u64 = 256 * 1024 * 1024;

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
/// kept (see [`stream`]); at most [`MAX_CANDIDATES`] records in the window are
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
/// the first [`SNIFF_BYTES`](crate::timeline::import::SNIFF_BYTES); a line-based log (see
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
