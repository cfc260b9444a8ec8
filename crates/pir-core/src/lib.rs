//! `pir-core`: the whole PIR Editor domain, with no UI and no Tauri.
//!
//! - [`actions`]: action items and which of them are open.
//! - `bindings` (feature `ts`): TypeScript declarations of the types the desktop UI uses.
//! - [`diff`]: line diffs in hunks, for drafts and commits.
//! - [`merge`]: a text changed in the editor and on disk put together, asking only where
//!   the changes overlap.
//! - [`drafts`]: the editor's unsaved text, autosaved to the user's data folder.
//! - [`error`]: the one error type, [`CoreError`], that says what failed and where.
//! - [`fsio`]: bounded, UTF-8-checked reads and atomic writes that refuse to clobber a file
//!   changed on disk since it was read.
//! - [`sample`]: the embedded sample site (fictional PIRs) for first runs and tests.
//! - [`severity`]: severity levels, their order, and a site's scale.
//! - [`site`]: the MkDocs site PIRs live in: config, nav, home list, file names.
//! - [`spell`]: spell checking of prose with the system's Hunspell dictionaries.
//! - [`startup`]: the site the desktop app opens first, and the sites it remembers.
//! - [`template`]: the template a new PIR starts from and the guide shown beside each section.
//! - [`doc`]: the lossless PIR document model: parse any PIR into a [`PirModel`], edit it,
//!   and write back only the bytes that changed.
//! - [`git`]: status, commit exactly the PIR's files, push and pull, over libgit2.
//! - [`render`]: the preview, a page's markdown to the HTML the published site shows, sanitized.
//! - [`timeline`]: what timeline time and event cells mean; durations from key events.
//! - [`scaffold`]: a new PIR site (mkdocs-material, CI, git) for a team that has none.
//! - [`search`]: ranked full-text search over a site's PIRs, kept current as files change.
//! - [`stats`]: incidents per month, severity and tag; time to detect and resolve; open actions.
//!
//! Everything the desktop shell and the `pir` command do goes through this crate, so it is
//! tested here without a webview.

pub mod actions;
#[cfg(feature = "ts")]
pub mod bindings;
pub mod diff;
pub mod doc;
pub mod drafts;
pub mod error;
pub mod fsio;
pub mod git;
pub mod merge;
pub mod render;
pub mod sample;
pub mod scaffold;
pub mod search;
pub mod session;
pub mod severity;
pub mod site;
pub mod spell;
pub mod startup;
pub mod stats;
pub mod template;
pub mod timeline;

pub use doc::{Document, Edit, LoadedDocument, PirModel, parse_and_render};
pub use error::{CoreError, ErrorKind, Result};
