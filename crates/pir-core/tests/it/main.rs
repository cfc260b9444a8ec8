//! Integration tests of `pir-core`: one test binary for the crate, one module per area.

mod site;
mod doc;
mod doc_props;
mod support;
mod timeline;
