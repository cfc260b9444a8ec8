//! The keystroke-to-preview path on the largest real PIR: parse, render, parse + render (in
//! turn, and side by side on two threads), and a
//! one-row timeline edit with an atomic save. The real PIR is read from `../shared/fixtures`
//! when it is beside the repository; the crate's own fixture page is always measured.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use pir_core::fsio::{Fingerprint, WriteMode, write_atomic};
use pir_core::{Document, Edit};

/// The allocator `pir` runs with, so the figures are its. (The desktop app keeps the system's:
/// mimalloc held 44-89 MB more in the app's long-lived process; see docs/benchmarks.md.)
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The largest PIR of the shared fixture site, if present.
fn largest_real_pir() -> Option<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let incidents = root.join("../../../shared/fixtures/seed-site/docs/incidents");
    let largest = std::fs::read_dir(&incidents)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len()))?;
    std::fs::read_to_string(largest).ok()
}

fn bench(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let own = std::fs::read_to_string(root.join("tests/fixtures/render-site/docs/index.md"))
        .expect("fixture page");
    c.bench_function("render fixture page (has raw HTML: sanitized)", |b| {
        b.iter(|| pir_core::render::render(black_box(&own)))
    });
    let Some(text) = largest_real_pir() else {
        eprintln!("skipped the real PIR: ../shared/fixtures is absent");
        return;
    };
    let kb = text.len() / 1024;
    c.bench_function(&format!("render {kb} KB PIR"), |b| {
        b.iter(|| pir_core::render::render(black_box(&text)))
    });
    c.bench_function(&format!("parse {kb} KB PIR"), |b| {
        b.iter(|| Document::parse(black_box(text.as_str())))
    });
    c.bench_function(&format!("parse + render {kb} KB PIR"), |b| {
        b.iter(|| {
            let doc = Document::parse(black_box(text.as_str()));
            pir_core::render::render(doc.text())
        })
    });
    c.bench_function(&format!("parse + render side by side {kb} KB PIR"), |b| {
        b.iter(|| pir_core::parse_and_render(black_box(text.as_str())))
    });

    // One edit as the app makes it: the document is already parsed; change one timeline cell,
    // then save atomically (temp file + fsync + rename) against the fingerprint.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("pir.md");
    std::fs::write(&path, &text).expect("write");
    let base = Document::parse(text.as_str());
    let mut n = 0u64;
    let mut fingerprint = Fingerprint::of(text.as_bytes());
    c.bench_function(&format!("one-row edit + atomic save, {kb} KB PIR"), |b| {
        b.iter(|| {
            n += 1;
            let mut doc = base.clone();
            doc.apply(&Edit::TimelineSetEvent {
                index: 1,
                text: format!("edited {n}"),
            })
            .expect("edit");
            fingerprint = write_atomic(
                &path,
                doc.text().as_bytes(),
                WriteMode::Replace(fingerprint),
            )
            .expect("save");
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
