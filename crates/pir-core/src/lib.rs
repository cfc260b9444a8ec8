//! `pir-core`: the whole PIR Editor domain, with no UI and no Tauri.
//!
//! - [`error`]: the one error type, [`CoreError`], that says what failed and where.
//! - [`fsio`]: bounded, UTF-8-checked reads and atomic writes that refuse to clobber a file
//!   changed on disk since it was read.
//! - [`git`]: status, commit exactly the PIR's files, push and pull, over libgit2.
//! - [`timeline`]: what timeline time and event cells mean; durations from key events.
//!
//! Everything the desktop shell and the `pir` command do goes through this crate, so it is
//! tested here without a webview.

pub mod error;
pub mod fsio;
pub mod git;
pub mod timeline;

pub use error::{CoreError, ErrorKind, Result};
