//! `pir-core`: the whole PIR Editor domain, with no UI and no Tauri.
//!
//! - `bindings` (feature `ts`): TypeScript declarations of the types the desktop UI uses.
//! - [`error`]: the one error type, [`CoreError`], that says what failed and where.
//! - [`fsio`]: bounded, UTF-8-checked reads and atomic writes that refuse to clobber a file
//!   changed on disk since it was read.
//! - [`sample`]: the embedded sample site (fictional PIRs) for first runs and tests.
//! - [`site`]: the MkDocs site PIRs live in: config, nav, home list, file names.
//! - [`startup`]: the site the desktop app opens first, and the sites it remembers.
//! - [`template`]: the template a new PIR starts from and the guide shown beside each section.
//! - [`timeline`]: what timeline time and event cells mean; durations from key events.
//!
//! Everything the desktop shell and the `pir` command do goes through this crate, so it is
//! tested here without a webview.

#[cfg(feature = "ts")]
pub mod bindings;
pub mod error;
pub mod fsio;
pub mod sample;
pub mod site;
pub mod startup;
pub mod template;
pub mod timeline;

pub use error::{CoreError, ErrorKind, Result};
