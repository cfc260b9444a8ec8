//! Parses and renders one markdown file N times: a fixed workload for instruction-count
//! profiling (`valgrind --tool=callgrind`), which is steady on a busy machine where wall-clock
//! benchmarks are not.
//!
//!     cargo build --release -p pir-core --example parse_render
//!     valgrind --tool=callgrind target/release/examples/parse_render FILE [N] [join]

use std::hint::black_box;
use std::process::ExitCode;

/// The allocator `pir` runs with, so the figures are its. (The desktop app keeps the system's:
/// mimalloc held 44-89 MB more in the app's long-lived process; see docs/benchmarks.md.)
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: parse_render FILE [N]");
        return ExitCode::from(2);
    };
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("{file}: {err}");
            return ExitCode::FAILURE;
        }
    };
    // `join`: the two side by side (`pir_core::parse_and_render`) instead of in turn.
    let join = args.next().is_some_and(|a| a == "join");
    let mut bytes = 0;
    for _ in 0..n {
        if join {
            let (doc, html) = pir_core::parse_and_render(black_box(text.as_str()));
            bytes += html.len() + usize::from(doc.text().is_empty());
        } else {
            let doc = pir_core::Document::parse(black_box(text.as_str()));
            bytes += pir_core::render::render(doc.text()).len();
        }
    }
    println!("{bytes}");
    ExitCode::SUCCESS
}
