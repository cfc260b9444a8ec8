//! Listing a large site: the metadata of 1,000 generated PIRs (`Site::summaries`).
//!
//! The PIRs are the sample site's three, repeated with different dates and titles, so each is
//! a realistic 2–5 KB review with a timeline, tables and a How-chain.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pir_core::sample::FILES;
use pir_core::site::Site;

/// Writes a site with `n` PIRs into `dir`.
fn generate_site(dir: &std::path::Path, n: usize) {
    pir_core::sample::write_sample_site(dir).expect("write sample site");
    let pirs: Vec<&str> = FILES
        .iter()
        .filter(|(p, _)| p.starts_with("docs/incidents/"))
        .map(|(_, t)| *t)
        .collect();
    let incidents = dir.join("docs/incidents");
    for i in 0..n {
        let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("date")
            + chrono::Days::new(i as u64);
        let text = pirs[i % pirs.len()].replacen(
            "# Post Incident Review: ",
            &format!("# Post Incident Review: Case {i} "),
            1,
        );
        let name = format!("{}-generated-case-{i}.md", day.format("%Y-%m-%d"));
        std::fs::write(incidents.join(name), text).expect("write PIR");
    }
}

fn bench_list(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    generate_site(dir.path(), 1000);
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
