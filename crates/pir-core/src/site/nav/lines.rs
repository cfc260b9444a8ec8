//! Two views of a `mkdocs.yml` being added to, for the placement to plan against: byte
//! offsets of the text itself for one insertion, and a linked list of lines for many, so that
//! adding hundreds of entries never copies the text after each one.

use crate::site::config::NavEntry;

/// Where [`plan_insert`](super::place::plan_insert) puts lines in a text being edited: byte
/// offsets of the text itself for one insertion ([`LineIndex`]), line ids of a [`LineList`]
/// for many at once.
pub(super) trait Lines {
    /// A place between two lines (or at the end).
    type Pos: Copy;
    /// Just before `line`.
    fn start_of_line(&self, line: usize) -> Self::Pos;
    /// Just after the last line belonging to `entry` (its own and its children's).
    fn end_of_entry(&self, entry: &NavEntry) -> Self::Pos;
}

/// Line starts of a text, for turning 1-based lines into byte offsets.
pub(super) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    pub(super) fn start_of_line(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The offset just after the last line belonging to `entry` (its own line and its children's).
    pub(super) fn end_of_entry(&self, entry: &NavEntry) -> usize {
        let mut last = entry.line;
        fn deepest(e: &NavEntry, last: &mut usize) {
            *last = (*last).max(e.line);
            e.children.iter().for_each(|c| deepest(c, last));
        }
        deepest(entry, &mut last);
        // Continuation lines of the last item (a long title folded onto the next line) are
        // indented deeper than the entry; include them.
        let mut line = last + 1;
        while line <= self.starts.len() {
            let start = self.start_of_line(line);
            let end = self.start_of_line(line + 1);
            let l = &self.text[start..end];
            let indent = l.len() - l.trim_start_matches(' ').len();
            if l.trim().is_empty() || indent < entry.column {
                break;
            }
            line += 1;
        }
        self.start_of_line(line)
    }
}

impl Lines for LineIndex<'_> {
    type Pos = usize;

    fn start_of_line(&self, line: usize) -> usize {
        LineIndex::start_of_line(self, line)
    }

    fn end_of_entry(&self, entry: &NavEntry) -> usize {
        LineIndex::end_of_entry(self, entry)
    }
}

/// The lines of a text being added to, as a linked list: the text's own lines keep their
/// 1-based numbers as ids (so the parsed nav's lines name them), inserted lines get the next
/// ids, and id 0 stands for the end. Inserting is linking a few lines in; the text is written
/// out once at the end.
pub(super) struct LineList<'a> {
    text: &'a str,
    /// Byte start of each of the text's lines (id `i` starts at `starts[i - 1]`), then its end.
    starts: Vec<usize>,
    /// The inserted lines, id `starts.len() + k` being `inserted[k]`.
    inserted: Vec<String>,
    /// The line after, and before, each id; the end's links are the last and first lines.
    next: Vec<usize>,
    prev: Vec<usize>,
    /// The text's last line had no line break and lines now follow it: it gets one.
    last_broken: bool,
}

impl<'a> LineList<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&s| s < text.len())
            .collect();
        let n = starts.len();
        starts.push(text.len());
        // Ids 0..=n in a ring: 0 (the end) links to line 1, line n back to 0.
        let next = (0..=n).map(|i| if i == n { 0 } else { i + 1 }).collect();
        let prev = (0..=n).map(|i| if i == 0 { n } else { i - 1 }).collect();
        LineList {
            text,
            starts,
            inserted: Vec::new(),
            next,
            prev,
            last_broken: false,
        }
    }

    /// The number of the text's own lines.
    fn original(&self) -> usize {
        self.starts.len() - 1
    }

    fn line(&self, id: usize) -> &str {
        let n = self.original();
        if id <= n {
            &self.text[self.starts[id - 1]..self.starts[id]]
        } else {
            &self.inserted[id - n - 1]
        }
    }

    /// Links the lines of `insert` in before `at`, giving their ids in order.
    pub(super) fn insert(&mut self, at: usize, insert: &str) -> Vec<usize> {
        let n = self.original();
        // As when splicing into the text: the line before must end first.
        if at == 0 && self.prev[0] == n && n > 0 && !self.text.ends_with('\n') {
            self.last_broken = true;
        }
        let mut ids = Vec::new();
        for l in insert.split_inclusive('\n') {
            let id = n + 1 + self.inserted.len();
            self.inserted.push(l.to_string());
            let before = self.prev[at];
            self.next.push(at);
            self.prev.push(before);
            self.next[before] = id;
            self.prev[at] = id;
            ids.push(id);
        }
        ids
    }

    /// The whole text, lines in their order.
    pub(super) fn text(&self) -> String {
        let nl = if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let n = self.original();
        let mut out = String::with_capacity(
            self.text.len() + self.inserted.iter().map(String::len).sum::<usize>() + 2,
        );
        let mut id = self.next[0];
        while id != 0 {
            out.push_str(self.line(id));
            if id == n && self.last_broken {
                out.push_str(nl);
            }
            id = self.next[id];
        }
        out
    }
}

impl Lines for LineList<'_> {
    /// The id of the line just after; 0 for the end.
    type Pos = usize;

    fn start_of_line(&self, line: usize) -> usize {
        line
    }

    fn end_of_entry(&self, entry: &NavEntry) -> usize {
        // Children follow their parent in document order, so the last line of an entry is that
        // of its last descendant.
        let mut last = entry;
        while let Some(c) = last.children.last() {
            last = c;
        }
        // Continuation lines (deeper than the entry, not blank) belong to it too.
        let mut id = self.next[last.line];
        while id != 0 {
            let l = self.line(id);
            let indent = l.len() - l.trim_start_matches(' ').len();
            if l.trim().is_empty() || indent < entry.column {
                break;
            }
            id = self.next[id];
        }
        id
    }
}
