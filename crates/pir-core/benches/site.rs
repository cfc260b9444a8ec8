//! Large sites: listing, `check`, `sync` planning, statistics and the search index over generated
//! sites of N and 10×N PIRs, so that growth faster than the site shows as a ratio above 10.
//!
//! `summaries` uses [`pir_core::sample::write_generated_site`] (the sample's PIRs repeated);
//! the rest uses [`pir_core::sample::write_large_site`], whose nav, home list and index table
//! already list nine PIRs in ten, with stale titles, as a site grown over years does.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use pir_core::search::SearchIndex;
use pir_core::site::Site;
use pir_core::site::check::check_site;
use pir_core::site::sync::plan_sync;

/// The two sizes of the growth benchmarks.
const SIZES: [usize; 2] = [200, 2000];

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

fn bench_growth(c: &mut Criterion) {
    let mut group = c.benchmark_group("large site");
    group.sample_size(10);
    for n in SIZES {
        let dir = tempfile::tempdir().expect("tempdir");
        pir_core::sample::write_large_site(dir.path(), n).expect("generate site");
        let site = Site::open(dir.path()).expect("open");
        let pirs = site.summaries().expect("summaries");
        assert_eq!(pirs.len(), n);
        group.bench_with_input(BenchmarkId::new("sync plan", n), &n, |b, _| {
            b.iter(|| black_box(plan_sync(&site, &pirs).expect("plan")))
        });
        group.bench_with_input(BenchmarkId::new("check", n), &n, |b, _| {
            b.iter(|| black_box(check_site(&site, &pirs).expect("check")))
        });
        group.bench_with_input(BenchmarkId::new("stats", n), &n, |b, _| {
            b.iter(|| black_box(pir_core::stats::site_stats_today(&site).expect("stats")))
        });
        group.bench_with_input(BenchmarkId::new("search index build", n), &n, |b, _| {
            b.iter(|| black_box(SearchIndex::build(&site).expect("index")))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_list, bench_growth);
criterion_main!(benches);
