//! The keystroke-to-preview path on the largest real PIR: parse, render, parse + render (in
//! turn, and side by side on two threads), and a
//! one-row timeline edit with an atomic save. The real PIR is read from `../shared/fixtures`
//! when it is beside the repository; the crate's own fixture page is always measured.
//!
//! `growth`: the render of inputs grown tenfold (repeated headings, nested `<div>`s, a long
//! generated PIR), each at N and 10N, so a cost that grows faster than the input shows as a
//! ratio well over 10. `sanitize`: the two sanitizer passes alone on the real PIR's HTML.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
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
    // The sanitizer's share of that render: the HTML5 check every page gets, and ammonia,
    // which pages with raw HTML (or failing the check) get.
    let html = pir_core::render::render(&text);
    c.bench_function(&format!("sanitize: check of {kb} KB PIR's HTML"), |b| {
        b.iter(|| pir_core::render::sanitize::conforms(black_box(&html)))
    });
    c.bench_function(&format!("sanitize: ammonia on {kb} KB PIR's HTML"), |b| {
        b.iter(|| pir_core::render::sanitize::sanitize(black_box(&html)))
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

/// A PIR as the template shapes it, with `rows` timeline rows: a phase heading and table
/// every 25 rows (the phase names repeat), an admonition every 50, and a root-cause item and
/// an action item per 10 rows.
fn generated_pir(rows: usize) -> String {
    let mut md = String::from(
        "# Post Incident Review: Payments API Outage\n\n**Date:** 2026-03-14\n\
         **Severity:** Critical\n\n---\n\n## Executive Summary\n\nCard payments failed \
         for every merchant when the connection pool was exhausted.\n\n## Timeline (AEDT)\n",
    );
    for i in 0..rows {
        if i % 25 == 0 {
            md.push_str(&format!(
                "\n### Phase {}: Recovery\n\n| Time | Event |\n| ---- | ----- |\n",
                i / 250
            ));
        }
        md.push_str(&format!(
            "| 2026-03-14 {:02}:{:02} | **STEP {i}**: p99 latency of `/v2/charge` climbs to \
             9 s, see [dashboard](https://grafana.example/d/{i}) |\n",
            i / 60 % 24,
            i % 60
        ));
        if i % 50 == 49 {
            md.push_str("\n!!! note \"Why\"\n    The retry policy had *no* backoff.\n\n");
        }
    }
    md.push_str("\n## Root Causes\n");
    for i in 0..rows / 10 {
        md.push_str(&format!(
            "\n#### 1.{i} Unbounded retries\n\n- **Issue**: retried every write\n\
             - **Why**: no budget\n"
        ));
    }
    md.push_str("\n## Action Items\n\n| # | Action | Owner |\n| - | ------ | ----- |\n");
    for i in 0..rows / 10 {
        md.push_str(&format!("| {i} | Add a retry budget to job {i} | ops |\n"));
    }
    md
}

/// Render cost at N and 10N for inputs that once grew quadratically.
fn growth(c: &mut Criterion) {
    let mut g = c.benchmark_group("growth");
    g.sample_size(10);
    for n in [1_000, 10_000] {
        let page = "## Same\n\n".repeat(n);
        g.bench_with_input(BenchmarkId::new("repeated headings", n), &page, |b, p| {
            b.iter(|| pir_core::render::render(black_box(p)))
        });
    }
    for n in [2_000, 20_000] {
        let page = format!("{}deep\n{}", "<div>\n".repeat(n), "</div>\n".repeat(n));
        g.bench_with_input(BenchmarkId::new("nested divs", n), &page, |b, p| {
            b.iter(|| pir_core::render::render(black_box(p)))
        });
    }
    for n in [2_000, 20_000] {
        let page = format!("{}deep{}\n", "<div>".repeat(n), "</div>".repeat(n));
        g.bench_with_input(
            BenchmarkId::new("nested divs, one line", n),
            &page,
            |b, p| b.iter(|| pir_core::render::render(black_box(p))),
        );
    }
    for n in [500, 5_000] {
        let page = generated_pir(n);
        g.bench_with_input(BenchmarkId::new("generated PIR rows", n), &page, |b, p| {
            b.iter(|| pir_core::render::render(black_box(p)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, growth);
criterion_main!(benches);
