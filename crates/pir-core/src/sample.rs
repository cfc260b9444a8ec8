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
