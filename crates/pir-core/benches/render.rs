//! How long the preview takes to render: the largest real PIR when the shared fixtures are
//! beside the repository, and the crate's own fixture page always.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let own = std::fs::read_to_string(root.join("tests/fixtures/render-site/docs/index.md"))
        .expect("fixture page");
    c.bench_function("render fixture page (has raw HTML: sanitized)", |b| {
        b.iter(|| pir_core::render::render(std::hint::black_box(&own)))
    });
    let incidents = root.join("../../../shared/fixtures/seed-site/docs/incidents");
    let largest = std::fs::read_dir(&incidents)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len()));
    match largest.and_then(|p| std::fs::read_to_string(p).ok()) {
        Some(text) => {
            c.bench_function(
                &format!("render largest real PIR ({} bytes)", text.len()),
                |b| b.iter(|| pir_core::render::render(std::hint::black_box(&text))),
            );
        }
        None => eprintln!("skipped the real PIR: ../shared/fixtures is absent"),
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
