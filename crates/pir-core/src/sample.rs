//! The sample docs site embedded in the program.
//!
//! `make run` and the desktop app (when no site is given) start on it, and tests use it as a
//! known site. Its PIRs are fictional. [`write_sample_site`] copies it to a folder, where it is
//! writable.

use std::path::Path;

use crate::error::{CoreError, Result};

/// The sample site's files as (path relative to the site root, content).
pub const FILES: &[(&str, &str)] = &[
    ("mkdocs.yml", include_str!("../sample-site/mkdocs.yml")),
    (
        "docs/index.md",
        include_str!("../sample-site/docs/index.md"),
    ),
    (
        "docs/incidents/2026-03-14-payments-api-tls-certificate-expiry.md",
        include_str!(
            "../sample-site/docs/incidents/2026-03-14-payments-api-tls-certificate-expiry.md"
        ),
    ),
    (
        "docs/incidents/2026-05-02-internal-dns-resolver-outage.md",
        include_str!("../sample-site/docs/incidents/2026-05-02-internal-dns-resolver-outage.md"),
    ),
    (
        "docs/incidents/2026-06-19-order-queue-consumer-memory-leak.md",
        include_str!(
            "../sample-site/docs/incidents/2026-06-19-order-queue-consumer-memory-leak.md"
        ),
    ),
];

/// Writes the sample site into `dest` (created if needed). Existing files are overwritten.
pub fn write_sample_site(dest: &Path) -> Result<()> {
    for (rel, text) in FILES {
        let path = dest.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| CoreError::io("cannot create folder", parent, &e))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| CoreError::io("cannot write sample file", &path, &e))?;
    }
    Ok(())
}

/// Writes the sample site into `dest` plus `n` generated PIRs: the sample's PIRs repeated
/// with a case number in the title and file name, dated one day apart from 2020-01-01. Each
/// is a realistic 2–5 KB review, for benchmarks and tests of large sites.
pub fn write_generated_site(dest: &Path, n: usize) -> Result<()> {
    write_sample_site(dest)?;
    let pirs: Vec<&str> = FILES
        .iter()
        .filter(|(p, _)| p.starts_with("docs/incidents/"))
        .map(|(_, t)| *t)
        .collect();
    let incidents = dest.join("docs/incidents");
    let first = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    for i in 0..n {
        let day = first + chrono::Days::new(i as u64);
        let text = pirs[i % pirs.len()].replacen(
            "# Post Incident Review: ",
            &format!("# Post Incident Review: Case {i} "),
            1,
        );
        let path = incidents.join(format!("{}-generated-case-{i}.md", day.format("%Y-%m-%d")));
        std::fs::write(&path, text)
            .map_err(|e| CoreError::io("cannot write generated PIR", &path, &e))?;
    }
    Ok(())
}

/// One PIR of a [`write_large_site`] site.
struct LargePir {
    /// Docs-relative path (`incidents/2020-01-01-case-0-....md`).
    rel: String,
    date: chrono::NaiveDate,
    title: String,
    severity: &'static str,
    duration: String,
    summary: String,
    status: &'static str,
    text: String,
}

/// The `i`-th PIR of a large site: one of the sample's reviews, dated `2020-01-01 + i` days,
/// with its case number in the title, the file name and a paragraph of its own (so the
/// vocabulary grows with the site, as real reviews' host names and tickets do).
fn large_pir(i: usize) -> LargePir {
    let samples: Vec<&str> = FILES
        .iter()
        .filter(|(p, _)| p.starts_with("docs/incidents/"))
        .map(|(_, t)| *t)
        .collect();
    let sample = samples[i % samples.len()];
    let first = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    let date = first + chrono::Days::new(i as u64);
    let day = date.format("%Y-%m-%d").to_string();
    let mut text = String::with_capacity(sample.len() + 200);
    let mut title = String::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut in_summary = false;
    for line in sample.split_inclusive('\n') {
        if let Some(t) = line.strip_prefix("# Post Incident Review: ") {
            title = format!("Case {i} {}", t.trim_end());
            text.push_str(&format!("# Post Incident Review: {title}\n"));
            continue;
        }
        let bare = line.replace("**", "");
        if let Some((key, value)) = bare.split_once(':')
            && matches!(key, "Date" | "Duration" | "Severity" | "Status")
        {
            if key == "Date" {
                text.push_str(&line.replace(value.trim(), &day));
                continue;
            }
            fields.push((key.to_string(), value.trim().to_string()));
        }
        text.push_str(line);
        if line.starts_with("## Executive Summary") {
            in_summary = true;
        } else if in_summary && line.trim().is_empty() {
            in_summary = false;
            text.push_str(&format!(
                "Case {i} was first seen on host node-{i}.dc{}.example.com and tracked as \
                 INC-{}; the on-call engineer paged team-{} at {:02}:{:02} UTC.\n\n",
                i % 7,
                10_000 + i,
                i % 23,
                i % 24,
                i % 60
            ));
        }
    }
    let field = |k: &str| {
        fields
            .iter()
            .find(|(key, _)| key == k)
            .map_or("TBD", |(_, v)| v.as_str())
            .to_string()
    };
    let severity = match field("Severity").split_whitespace().next() {
        Some("Critical") => "Critical",
        Some("High") => "High",
        _ => "Medium",
    };
    let status = if field("Status") == "Resolved" {
        "Resolved"
    } else {
        "Monitoring"
    };
    let slug = title
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    LargePir {
        rel: format!("incidents/{day}-{slug}.md"),
        date,
        title,
        severity,
        duration: field("Duration"),
        summary: crate::site::summary::PirSummary::from_text(Path::new("x.md"), "x.md", &text)
            .summary_sentence()
            .unwrap_or_default(),
        status,
        text,
    }
}

/// Writes a large, realistic docs site into `dest`: the sample's `mkdocs.yml` and home page
/// with `n` PIRs (timelines, impact tables, action items; 2–5 KB each, see [`large_pir`]),
/// listed newest first in an explicit nav, in the home page's "Recent Incidents" list
/// (grouped by year) and in a table on `incidents/index.md`, as a site grown over years is.
///
/// So that `pir sync` and `pir check` have work in proportion to the size, every tenth PIR is
/// missing from the nav, the list and the table, and every seventh listed one shows a stale
/// title. For benchmarks and tests of large sites; nothing of it is kept on disk in the
/// repository.
pub fn write_large_site(dest: &Path, n: usize) -> Result<()> {
    write_sample_site(dest)?;
    for (rel, _) in FILES
        .iter()
        .filter(|(p, _)| p.starts_with("docs/incidents/"))
    {
        let path = dest.join(rel);
        std::fs::remove_file(&path)
            .map_err(|e| CoreError::io("cannot remove sample PIR", &path, &e))?;
    }
    let write = |rel: &str, text: &str| {
        let path = dest.join(rel);
        std::fs::write(&path, text).map_err(|e| CoreError::io("cannot write file", &path, &e))
    };
    let pirs: Vec<LargePir> = (0..n).map(large_pir).collect();
    for p in &pirs {
        write(&format!("docs/{}", p.rel), &p.text)?;
    }
    let listed: Vec<(usize, &LargePir)> = pirs
        .iter()
        .enumerate()
        .rev()
        .filter(|(i, _)| i % 10 != 9)
        .collect();
    let shown_title = |i: usize, p: &LargePir| {
        if i % 7 == 3 {
            format!("{} (draft)", p.title)
        } else {
            p.title.clone()
        }
    };

    let config = FILES[0].1;
    let head = &config[..config.find("nav:").unwrap_or(config.len())];
    let mut yml = format!("{head}nav:\n  - Home: index.md\n  - Incidents:\n");
    yml.push_str("      - Overview: incidents/index.md\n");
    for (i, p) in &listed {
        let title = shown_title(*i, p).replace('\'', "''");
        yml.push_str(&format!("      - '{} {title}': {}\n", p.date, p.rel));
    }
    write("mkdocs.yml", &yml)?;

    let home = FILES[1].1;
    let (intro, rest) = home.split_once("## Recent Incidents").unwrap_or((home, ""));
    let outro = rest.find("\n## ").map_or("", |at| &rest[at + 1..]);
    let mut md = format!("{intro}## Recent Incidents\n");
    let mut year = None;
    for (i, p) in &listed {
        let y = p.date.format("%Y").to_string();
        if year.as_ref() != Some(&y) {
            md.push_str(&format!("\n### {y}\n"));
            year = Some(y);
        }
        md.push_str(&format!(
            "\n- [{} - {}]({})\n  - **Severity**: {}\n  - **Duration**: {}\n  - **Summary**: {}\n",
            p.date,
            shown_title(*i, p),
            p.rel,
            p.severity,
            p.duration,
            p.summary
        ));
    }
    md.push('\n');
    md.push_str(outro);
    write("docs/index.md", &md)?;

    let mut table = String::from(
        "# Incidents\n\nEvery review, newest first.\n\n\
         | Date | Incident | Severity | Status |\n|------|----------|----------|--------|\n",
    );
    for (i, p) in &listed {
        let file = p.rel.trim_start_matches("incidents/");
        table.push_str(&format!(
            "| {} | [{}]({file}) | {} | {} |\n",
            p.date,
            shown_title(*i, p),
            p.severity,
            p.status
        ));
    }
    write("docs/incidents/index.md", &table)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `sample-site/` is embedded, so the copy is the whole site.
    #[test]
    fn embeds_every_file_of_the_sample_site() {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, root, out);
                } else {
                    out.push(
                        p.strip_prefix(root)
                            .unwrap()
                            .to_string_lossy()
                            .replace('\\', "/"),
                    );
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-site");
        let mut on_disk = Vec::new();
        walk(&root, &root, &mut on_disk);
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
        for (rel, text) in FILES {
            assert_eq!(std::fs::read_to_string(root.join(rel)).unwrap(), *text);
        }
    }
}
