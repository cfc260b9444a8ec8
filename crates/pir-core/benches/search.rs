//! Searching a large site: queries over an index of 1,000 generated PIRs (plus the sample's
//! three), built once, as the app and `pir search` use it.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pir_core::search::{SearchFilters, SearchIndex};
use pir_core::site::Site;

fn bench_search(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    pir_core::sample::write_generated_site(dir.path(), 1000).expect("generate site");
    let site = Site::open(dir.path()).expect("open");
    let index = SearchIndex::build(&site).expect("index");
    assert_eq!(index.len(), 1003);
    let none = SearchFilters::default();
    let high = SearchFilters {
        severity: Some("High".into()),
        open_actions: true,
        ..SearchFilters::default()
    };
    let mut group = c.benchmark_group("search");
    group.sample_size(30);
    for (name, query, filters) in [
        ("word", "certificate", &none),
        ("two words, last a prefix", "resolver forw", &none),
        ("phrase", "\"forwarding loop\"", &none),
        ("common prefix", "t", &none),
        ("word + filters", "renewal", &high),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| black_box(index.search(black_box(query), filters, 20)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("search index");
    group.sample_size(10);
    group.bench_function("build over 1,003 PIRs", |b| {
        b.iter(|| black_box(SearchIndex::build(&site).expect("index")))
    });
    group.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
