//! Writing command output to standard output.

use std::io::Write;

/// Prints `text` as is. A closed pipe (`pir show --json FILE | head`) is not an error: the
/// reader has all it wanted.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
