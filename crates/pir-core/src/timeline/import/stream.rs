//! Reading line-based evidence (syslog, Nagios/Icinga logs, `journalctl -o json`) in bounded
//! memory, however large the file: its format is told from a bounded prefix ([`SNIFF_BYTES`]),
//! then it is read one line at a time from a [`BufRead`], and each record is kept or left out
//! as it is read ([`Keep`]: the window, and at most [`MAX_CANDIDATES`] records in it), so a
//! 100 MB log never sits in memory whole, and neither do the records outside the window.
//!
//! Lines stay numbered from 1 for errors (file, line and column, as the whole-text readers
//! give them); a line that is not UTF-8 fails the import at that line and column, as a whole
//! file that is not UTF-8 does; a line longer than [`MAX_LINE_BYTES`] fails it too, rather than
//! growing a buffer without bound.

use std::io::{BufRead, Read};
use std::path::Path;

use chrono::{DateTime, FixedOffset};

use super::{Evidence, Window};
use crate::error::{CoreError, ErrorKind, Result};

/// How much of a file its format is told from: every sniffer looks at no more than this.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The longest line (and the largest multi-line journal entry) a streamed log may hold.
pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// The most records kept from the window over one import: a window holding more keeps the
/// first ones and says how many more there were, rather than growing without bound.
pub const MAX_CANDIDATES: usize = 50_000;

/// The records of an import kept so far: those in the window, up to a cap, counting the ones
/// left out. Readers hand each record over as soon as it is complete.
#[derive(Debug)]
pub struct Keep {
    window: Window,
    cap: usize,
    /// The records kept, in the order they were read.
    pub rows: Vec<Evidence>,
    /// How many records lay outside the window.
    pub outside: usize,
    /// How many records in the window were left out because `cap` were kept already.
    pub over: usize,
}

impl Keep {
    /// Keeps the records in `window`, at most `cap` of them.
    pub fn new(window: Window, cap: usize) -> Keep {
        Keep {
            window,
            cap,
            rows: Vec::new(),
            outside: 0,
            over: 0,
        }
    }

    /// Keeps every record (a whole-text read).
    pub fn all() -> Keep {
        Keep::new(Window::default(), usize::MAX)
    }

    /// Whether a record at `time` would be kept now, counting it as left out when not.
    pub(crate) fn admit(&mut self, time: DateTime<FixedOffset>) -> bool {
        if !self.window.contains(time) {
            self.outside += 1;
            false
        } else if self.rows.len() >= self.cap {
            self.over += 1;
            false
        } else {
            true
        }
    }

    /// Keeps `e` when it is in the window and the cap is not reached: its index in
    /// [`Keep::rows`], for a reader that adds to a record later (Nagios notifications).
    pub fn push(&mut self, e: Evidence) -> Option<usize> {
        if !self.admit(e.time) {
            return None;
        }
        self.rows.push(e);
        Some(self.rows.len() - 1)
    }
}

/// Reads up to [`SNIFF_BYTES`] from the start of `reader`: the bytes read (to be read again
/// before the rest), and the text the format is told from (whole lines only, unless the file
/// is shorter; up to the first byte that is not UTF-8).
///
/// # Errors
/// [`ErrorKind::Io`] naming `path` when the file cannot be read.
pub fn sniff_prefix(reader: &mut impl Read, path: &Path) -> Result<(Vec<u8>, String)> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    reader
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| CoreError::io("cannot read file", path, &e))?;
    let whole = head.len() < SNIFF_BYTES;
    let valid = match std::str::from_utf8(&head) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""),
    };
    let mut text = valid;
    if !whole || valid.len() < head.len() {
        // A line cut by the prefix's end is not offered to a sniffer.
        if let Some(end) = text.rfind('\n') {
            text = &text[..=end];
        }
    }
    let text = text.to_string();
    Ok((head, text))
}

/// Calls `each` with every line of `reader` and its 1-based number, without its `\n` (a `\r`
/// before it is kept: the readers trim it). One line at a time is held.
///
/// # Errors
/// [`ErrorKind::NotUtf8`] at the line and column of the first byte that is not UTF-8;
/// [`ErrorKind::TooLarge`] at a line longer than [`MAX_LINE_BYTES`]; [`ErrorKind::Io`] when
/// the file cannot be read; all naming `path`. Whatever `each` returns as an error stops the
/// reading and is returned.
pub fn each_line(
    reader: &mut impl BufRead,
    path: &Path,
    mut each: impl FnMut(usize, &str) -> Result<()>,
) -> Result<()> {
    let mut buf: Vec<u8> = Vec::new();
    let mut n = 0usize;
    loop {
        buf.clear();
        let ended = read_line_capped(reader, &mut buf)
            .map_err(|e| CoreError::io("cannot read file", path, &e))?;
        if buf.is_empty() && !ended {
            return Ok(());
        }
        n += 1;
        if buf.len() > MAX_LINE_BYTES {
            return Err(CoreError::new(
                ErrorKind::TooLarge,
                format!(
                    "the line is longer than {} MB, more than a log line may be",
                    MAX_LINE_BYTES / (1024 * 1024)
                ),
            )
            .with_path(path)
            .at_line(n));
        }
        let line = std::str::from_utf8(&buf).map_err(|e| {
            let at = e.valid_up_to();
            let (_, column) = crate::error::line_col(&buf, at);
            CoreError::new(
                ErrorKind::NotUtf8,
                format!("not UTF-8 text: invalid byte 0x{:02x}", buf[at]),
            )
            .with_path(path)
            .at(n, column)
        })?;
        each(n, line)?;
    }
}

/// Reads one line of `reader` into `buf` without its `\n`, stopping one byte past
/// [`MAX_LINE_BYTES`] (the rest of such a line is not read): whether a `\n` ended it.
fn read_line_capped(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(false);
        }
        let room = (MAX_LINE_BYTES + 1).saturating_sub(buf.len());
        match memchr::memchr(b'\n', available) {
            Some(i) if i <= room => {
                buf.extend_from_slice(&available[..i]);
                reader.consume(i + 1);
                return Ok(true);
            }
            _ => {
                let take = available.len().min(room);
                buf.extend_from_slice(&available[..take]);
                reader.consume(take);
                if buf.len() > MAX_LINE_BYTES {
                    return Ok(false);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(bytes: &[u8]) -> Result<Vec<(usize, String)>> {
        let mut out = Vec::new();
        each_line(
            &mut std::io::BufReader::new(bytes),
            Path::new("f"),
            |n, l| {
                out.push((n, l.to_string()));
                Ok(())
            },
        )?;
        Ok(out)
    }

    #[test]
    fn lines_are_numbered_like_str_lines() {
        for text in ["", "a", "a\n", "a\n\nb", "a\r\nb\n", "\n\n"] {
            let got: Vec<String> = lines_of(text.as_bytes())
                .unwrap()
                .into_iter()
                .map(|(_, l)| l.trim_end_matches('\r').to_string())
                .collect();
            let want: Vec<&str> = text.lines().collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn bad_bytes_and_long_lines_name_their_line() {
        let e = lines_of(b"ok\nab\xffc\n").unwrap_err();
        assert_eq!(
            (e.kind, e.line, e.column),
            (ErrorKind::NotUtf8, Some(2), Some(3))
        );
        let mut long = b"ok\n".to_vec();
        long.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 10));
        let e = lines_of(&long).unwrap_err();
        assert_eq!((e.kind, e.line), (ErrorKind::TooLarge, Some(2)));
    }

    #[test]
    fn the_sniffed_prefix_holds_whole_lines() {
        let mut text = String::new();
        while text.len() < SNIFF_BYTES + 100 {
            text.push_str("2026-09-14T06:12:03Z host app: a line\n");
        }
        let (head, sniffed) = sniff_prefix(&mut text.as_bytes(), Path::new("f")).unwrap();
        assert_eq!(head.len(), SNIFF_BYTES);
        assert!(sniffed.ends_with('\n') && text.starts_with(&sniffed));
    }
}
