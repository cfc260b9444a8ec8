//! Line starts of a text, for the 1-based line numbers every part of the index reports.

/// Line starts, for 1-based line numbers of byte offsets.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex(starts)
    }

    /// 1-based line of `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).max(1)
    }

    /// Start of the line holding `offset`.
    pub fn start(&self, offset: usize) -> usize {
        self.0[self.line(offset) - 1]
    }
}
