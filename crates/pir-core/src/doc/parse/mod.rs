//! Reading a PIR: where everything is in the text (an index of byte spans) and what it says
//! (the [`PirModel`](super::PirModel)).
//!
//! Block structure comes from pulldown-cmark's offset iterator, so `#` lines in fenced or
//! indented code, HTML blocks and the like are never headings and tables inside code are never
//! tables. Everything finer (cells, metadata lines, front matter) is read from the lines
//! themselves, because edits must splice exact byte ranges.
//!
//! One file a responsibility: `index` (the one pass over the text) over `lines`,
//! `headings` (and the how-chains under them), `tables`, `meta` (metadata lines, tables and
//! front matter keys) and `timeline` (its blocks); `to_model` (the model from the index);
//! `dates` (the Date field's dates). This module only names what the rest of the crate uses.

mod dates;
mod headings;
mod index;
mod lines;
mod meta;
mod tables;
mod timeline;
mod to_model;

pub(crate) use dates::base_date;
pub use dates::{end_date, first_date};
pub(crate) use headings::trimmed_block;
pub(crate) use index::{Index, index};
pub(crate) use meta::{MetaAt, REQUIRED_METADATA, canonical_key, parse_meta_line, same_key};
pub(crate) use tables::TableAt;
pub(crate) use timeline::{BlockAt, TimelineAt, TimelineTableAt, join_date_time, split_date_time};
pub(crate) use to_model::{model, to_lf};
