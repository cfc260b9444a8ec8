//! `pir-core`: the whole PIR Editor domain, with no UI and no Tauri.
//!
//! - [`error`]: the one error type, [`CoreError`], that says what failed and where.
//! - [`fsio`]: bounded, UTF-8-checked reads and atomic writes that refuse to clobber a file
//!   changed on disk since it was read.
//! - [`render`]: the preview, a page's markdown to the HTML the published site shows, sanitized.
//! - [`timeline`]: what timeline time and event cells mean; durations from key events.
//!
//! Everything the desktop shell and the `pir` command do goes through this crate, so it is
//! tested here without a webview.

pub mod error;
pub mod fsio;
pub mod render;
pub mod timeline;

pub use error::{CoreError, ErrorKind, Result};
