//! The names the profile gives: a new PIR's file name by the site's pattern, and the branch
//! for a PIR's changes, both from the slug a PIR file name of any shape carries.

use std::path::Path;

use chrono::NaiveDate;

use super::model::SiteProfile;
use crate::error::{CoreError, ErrorKind, Result};
use crate::site::slug::{fits, name_shape};

impl SiteProfile {
    /// The file name of a new PIR by the site's pattern: `{date}` is `date`, `{slug}` the
    /// title's slug, `{number}` one more than the highest number among `existing` names of
    /// the same pattern (1 for the first).
    pub fn file_name(&self, title: &str, date: NaiveDate, existing: &[String]) -> Result<String> {
        let pattern = &self.file_names.value;
        let slug = crate::site::slug::slugify(title)?;
        let mut name = pattern
            .replace("{date}", &date.format("%Y-%m-%d").to_string())
            .replace("{slug}", &slug);
        if pattern.contains("{number}") {
            let (before, _) = pattern.split_once("{number}").unwrap_or((pattern, ""));
            let next = existing
                .iter()
                .filter(|n| fits(pattern, n))
                .filter_map(|n| {
                    let rest = n.get(before.len()..)?;
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    digits.parse::<u64>().ok()
                })
                .max()
                .map_or(1, |m| m + 1);
            name = name.replace("{number}", &next.to_string());
        }
        if !name.ends_with(".md") || name.contains(['/', '\\']) || !fits(pattern, &name) {
            return Err(CoreError::new(
                ErrorKind::Config,
                format!("the file name pattern {pattern} does not make a PIR file name ({name})"),
            ));
        }
        Ok(name)
    }

    /// The branch for the PIR at `path`: [`SiteProfile::branch`] with its slug.
    pub fn branch_for(&self, path: &Path) -> Option<String> {
        let slug = slug_of(path.file_name()?.to_str()?)?;
        Some(self.branch.value.replace("{slug}", &slug))
    }
}

/// The slug of a PIR file name of any shape: the part after the date or number.
pub(super) fn slug_of(name: &str) -> Option<String> {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let shape = name_shape(name);
    let slug = if shape.starts_with("{date}-") {
        stem.get(11..)?
    } else if shape.contains("{number}-") {
        let after = stem.split_once('-')?.1;
        after.split_once('-').map_or(after, |(_, s)| s)
    } else {
        stem
    };
    (!slug.is_empty()).then(|| slug.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{MetadataPlace, TimelineStyle};
    use crate::severity::SeverityScale;
    use crate::site::profile::{Fact, NavPolicy};

    #[test]
    fn file_names_have_shapes() {
        for (name, shape) in [
            ("2026-03-30-db-outage.md", "{date}-{slug}.md"),
            ("2026-03-30-microk8s-1.35-upgrade.md", "{date}-{slug}.md"),
            ("INC-2041-card-auth-timeouts.md", "INC-{number}-{slug}.md"),
            ("inc-7.md", "inc-{number}.md"),
            ("db-outage.md", "{slug}.md"),
            ("2026-13-01-x.md", "{slug}.md"),
        ] {
            assert_eq!(name_shape(name), shape, "{name}");
            assert!(fits(shape, name), "{name}");
        }
        assert!(!fits("{date}-{slug}.md", "INC-1-x.md"));
        assert!(!fits("INC-{number}-{slug}.md", "PRB-1-x.md"));
    }

    #[test]
    fn slugs_of_every_shape() {
        assert_eq!(
            slug_of("2026-03-30-db-outage.md").as_deref(),
            Some("db-outage")
        );
        assert_eq!(
            slug_of("INC-2041-card-auth.md").as_deref(),
            Some("card-auth")
        );
        assert_eq!(slug_of("db-outage.md").as_deref(), Some("db-outage"));
    }

    #[test]
    fn new_file_names_follow_the_pattern() {
        let site_profile = |pattern: &str| SiteProfile {
            file_names: Fact::default(pattern.to_string(), "test"),
            ..dummy()
        };
        let d = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
        let existing = vec![
            "INC-2041-a.md".to_string(),
            "INC-2050-b.md".to_string(),
            "notes.md".to_string(),
        ];
        assert_eq!(
            site_profile("INC-{number}-{slug}.md")
                .file_name("Card auth timeouts", d, &existing)
                .unwrap(),
            "INC-2051-card-auth-timeouts.md"
        );
        assert_eq!(
            site_profile("INC-{number}-{slug}.md")
                .file_name("First", d, &[])
                .unwrap(),
            "INC-1-first.md"
        );
        assert_eq!(
            site_profile("{date}-{slug}.md")
                .file_name("Cert expiry", d, &[])
                .unwrap(),
            "2026-09-14-cert-expiry.md"
        );
        assert_eq!(
            site_profile("{slug}.md")
                .file_name("Cert expiry", d, &[])
                .unwrap(),
            "cert-expiry.md"
        );
        assert!(site_profile("{slug}.txt").file_name("x", d, &[]).is_err());
    }

    fn dummy() -> SiteProfile {
        let f = |v: &str| Fact::default(v.to_string(), "test");
        SiteProfile {
            pirs_folder: f("incidents"),
            file_names: f("{date}-{slug}.md"),
            template: Fact::default(None, "test"),
            sections: Fact::default(Vec::new(), "test"),
            fields: Fact::default(Vec::new(), "test"),
            metadata: Fact::default(MetadataPlace::Line, "test"),
            severity: Fact::default(SeverityScale::default(), "test"),
            timeline: Fact::default(TimelineStyle::Table, "test"),
            timeline_zone: Fact::default(None, "test"),
            timeline_times: Fact::default(None, "test"),
            nav: Fact::default(NavPolicy::KeptInStep, "test"),
            branch: f("pir/{slug}"),
            index_pages: Fact::default(Vec::new(), "test"),
            images_folder: f("assets/{pir}"),
        }
    }
}
