//! Integration tests of `pir-core`: one test binary for the crate, one module per area.

mod site;
mod startup;
mod support;
mod timeline;
