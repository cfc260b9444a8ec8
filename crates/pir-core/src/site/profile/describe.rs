//! The profile as text, one line a value with where it came from: what `pir profile` prints
//! and the Site settings page shows.

use super::model::{Origin, PROFILE_FILE, SiteProfile};

impl SiteProfile {
    /// Every value as one line of text with where it came from, in key order: what
    /// `pir profile` prints (`key`, `value`, `origin`).
    pub fn describe(&self) -> Vec<(&'static str, String, String)> {
        fn origin(o: &Origin) -> String {
            match o {
                Origin::Learnt { evidence } => format!("learnt from {evidence}"),
                Origin::Override { line } => format!("{PROFILE_FILE} line {line}"),
                Origin::Default { reason } => format!("default: {reason}"),
            }
        }
        let json = |v: serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
        vec![
            (
                "pirs_folder",
                self.pirs_folder.value.clone(),
                origin(&self.pirs_folder.origin),
            ),
            (
                "file_names",
                self.file_names.value.clone(),
                origin(&self.file_names.origin),
            ),
            (
                "template",
                self.template.value.clone().unwrap_or_else(|| {
                    match self.template.origin {
                        Origin::Learnt { .. } => "(the newest PIR's skeleton)",
                        _ => "(built-in)",
                    }
                    .into()
                }),
                origin(&self.template.origin),
            ),
            (
                "sections",
                self.sections.value.join(" | "),
                origin(&self.sections.origin),
            ),
            (
                "fields",
                self.fields.value.join(", "),
                origin(&self.fields.origin),
            ),
            (
                "metadata",
                json(serde_json::to_value(self.metadata.value).unwrap_or_default()),
                origin(&self.metadata.origin),
            ),
            (
                "severity",
                self.severity.value.levels.join(", "),
                origin(&self.severity.origin),
            ),
            (
                "timeline",
                json(serde_json::to_value(self.timeline.value).unwrap_or_default()),
                origin(&self.timeline.origin),
            ),
            (
                "timeline_zone",
                self.timeline_zone
                    .value
                    .clone()
                    .unwrap_or_else(|| "(the template's)".into()),
                origin(&self.timeline_zone.origin),
            ),
            (
                "timeline_times",
                self.timeline_times
                    .value
                    .clone()
                    .unwrap_or_else(|| "(the template's)".into()),
                origin(&self.timeline_times.origin),
            ),
            (
                "nav",
                json(serde_json::to_value(self.nav.value).unwrap_or_default()),
                origin(&self.nav.origin),
            ),
            (
                "branch",
                self.branch.value.clone(),
                origin(&self.branch.origin),
            ),
            (
                "index_pages",
                match self.index_pages.value.as_slice() {
                    [] => "(none)".to_string(),
                    pages => pages.join("; "),
                },
                origin(&self.index_pages.origin),
            ),
            (
                "images_folder",
                self.images_folder.value.clone(),
                origin(&self.images_folder.origin),
            ),
        ]
    }
}
