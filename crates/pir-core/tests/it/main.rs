//! Integration tests of `pir-core`: one test binary for the crate, one module per area.

mod render;
mod support;
