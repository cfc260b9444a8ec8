//! Integration tests of `pir-core`: one test binary for the crate, one module per area.

mod confine;
mod conventions;
mod doc;
mod doc_key_event;
mod doc_props;
mod drafts;
mod fuzz_regressions;
mod git;
mod limits;
mod metadata;
mod nav_batch;
mod render;
mod save_target;
mod scaffold;
mod search;
mod session;
mod site;
mod site_edit;
mod site_hostile;
mod site_large;
mod startup;
mod stats;
mod support;
mod sync_batch;
mod timeline;
mod timeline_styles;
