//! Listing a large site: the metadata of 1,000 generated PIRs (`Site::summaries`).
//!
//! The PIRs are the sample site's three, repeated with different dates and titles, so each is
//! a realistic 2–5 KB review with a timeline, tables and a How-chain.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pir_core::site::Site;

fn bench_list(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    pir_core::sample::write_generated_site(dir.path(), 1000).expect("generate site");
    let site = Site::open(dir.path()).expect("open");
    assert_eq!(site.summaries().expect("summaries").len(), 1003);
    let mut group = c.benchmark_group("site");
    group.sample_size(20);
    group.bench_function("summaries of 1,000 PIRs", |b| {
        b.iter(|| black_box(site.summaries().expect("summaries")))
    });
    group.bench_function("open + summaries of 1,000 PIRs", |b| {
        b.iter(|| {
            black_box(
                Site::open(dir.path())
                    .expect("open")
                    .summaries()
                    .expect("summaries"),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench_list);
criterion_main!(benches);
