//! Fuzz target `render`: the check in `fuzz/checks/render.rs` (rendering never panics and
//! leaves no script in the preview), on any input. Inputs that once failed are kept in
//! `fuzz/regressions/render/`, which `cargo test -p pir-core` runs through the same check.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/render.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
