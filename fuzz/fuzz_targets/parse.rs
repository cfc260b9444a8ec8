//! Fuzz target `parse`: the check in `fuzz/checks/parse.rs` (lossless parsing, and an
//! unchanged model applied back changes nothing), on any input. Inputs that once failed are
//! kept in `fuzz/regressions/parse/`, which `cargo test -p pir-core` runs through the same
//! check.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/parse.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));
