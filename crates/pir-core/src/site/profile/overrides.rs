//! `.pir.toml`, the file in which a team overrides what the profile learns: where it is,
//! its keys, reading it (with the line and column of a mistake), applying it over the learnt
//! profile and writing the learnt profile as its text.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::{Fact, NavPolicy, Origin, PROFILE_FILE, SiteProfile};
use crate::doc::{MetadataPlace, TimelineStyle};
use crate::error::{CoreError, ErrorKind, Result};
use crate::severity::SeverityScale;
use crate::site::Site;

/// The keys of `.pir.toml`, each optional: a key overrides the learnt value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// See [`SiteProfile::pirs_folder`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pirs_folder: Option<String>,
    /// See [`SiteProfile::file_names`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_names: Option<String>,
    /// See [`SiteProfile::template`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// See [`SiteProfile::sections`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<String>>,
    /// See [`SiteProfile::fields`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    /// See [`SiteProfile::metadata`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<MetadataPlace>,
    /// See [`SiteProfile::severity`]: the levels, most severe first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Vec<String>>,
    /// See [`SiteProfile::timeline`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<TimelineStyle>,
    /// See [`SiteProfile::timeline_zone`]; `""`: keep the template's heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_zone: Option<String>,
    /// See [`SiteProfile::timeline_times`]: `{time}`, `**{time}**`, `**{time} AEST**`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_times: Option<String>,
    /// See [`SiteProfile::nav`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nav: Option<NavPolicy>,
    /// See [`SiteProfile::branch`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The pages, relative to the docs folder (`index.md`, `incidents/index.md`), whose PIR
    /// lists and tables `new`, `sync` and `check` keep in step; every other page is left
    /// alone. An empty list: none. See [`SiteProfile::index_pages`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_pages: Option<Vec<String>>,
    /// The folder, relative to the docs folder, where a PIR's pasted images go, `{pir}`
    /// standing for the PIR's file name without `.md` (`assets/{pir}`); else the folder the
    /// site's PIRs keep their images in (see [`crate::site::assets::folder_pattern`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images_folder: Option<String>,
}

impl SiteProfile {
    /// Replaces learnt values with those `overrides` gives (`text` is the file, for lines).
    pub fn apply(&mut self, o: &Overrides, text: &str) {
        fn set<T>(fact: &mut Fact<T>, value: Option<T>, key: &str, text: &str) {
            if let Some(v) = value {
                *fact = Fact {
                    value: v,
                    origin: Origin::Override {
                        line: key_line(text, key),
                    },
                };
            }
        }
        set(
            &mut self.pirs_folder,
            // As the site reads it (see `Site::open`).
            o.pirs_folder
                .as_deref()
                .map(|f| f.trim().trim_matches('/').to_string()),
            "pirs_folder",
            text,
        );
        set(
            &mut self.file_names,
            o.file_names.clone(),
            "file_names",
            text,
        );
        set(
            &mut self.template,
            o.template.clone().map(Some),
            "template",
            text,
        );
        set(&mut self.sections, o.sections.clone(), "sections", text);
        set(&mut self.fields, o.fields.clone(), "fields", text);
        set(&mut self.metadata, o.metadata, "metadata", text);
        let scale = o.severity.as_deref().map(SeverityScale::declared);
        set(&mut self.severity, scale, "severity", text);
        set(&mut self.timeline, o.timeline, "timeline", text);
        let zone = o.timeline_zone.as_deref().map(str::trim);
        let zone = zone.map(|z| (!z.is_empty()).then(|| z.to_string()));
        set(&mut self.timeline_zone, zone, "timeline_zone", text);
        let times = o.timeline_times.as_deref().map(str::trim);
        let times = times.map(|p| (!p.is_empty()).then(|| p.to_string()));
        set(&mut self.timeline_times, times, "timeline_times", text);
        set(&mut self.nav, o.nav, "nav", text);
        set(&mut self.branch, o.branch.clone(), "branch", text);
        set(
            &mut self.images_folder,
            // As the assets read it (see `assets::folder_pattern`).
            o.images_folder
                .as_deref()
                .map(|f| f.trim_matches('/').to_string()),
            "images_folder",
            text,
        );
        // The pages are those `.pir.toml` names already (the site reads the key when it
        // opens, see `Site::keeps_page`); only the origin is said here.
        if o.index_pages.is_some() {
            self.index_pages.origin = Origin::Override {
                line: key_line(text, "index_pages"),
            };
        }
    }

    /// The profile's values as `.pir.toml` keys: what `pir profile --write` writes.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            pirs_folder: Some(self.pirs_folder.value.clone()),
            file_names: Some(self.file_names.value.clone()),
            template: self.template.value.clone(),
            sections: Some(self.sections.value.clone()),
            fields: Some(self.fields.value.clone()),
            metadata: Some(self.metadata.value),
            severity: Some(self.severity.value.full()),
            timeline: Some(self.timeline.value),
            timeline_zone: self.timeline_zone.value.clone(),
            timeline_times: self.timeline_times.value.clone(),
            nav: Some(self.nav.value),
            branch: Some(self.branch.value.clone()),
            index_pages: Some(self.index_page_paths()),
            images_folder: Some(self.images_folder.value.clone()),
        }
    }
}

/// Where `.pir.toml` is (or would be written) for `site`: at the repository root (the
/// nearest folder above the site holding `.git`), else beside `mkdocs.yml`.
pub fn overrides_path(site: &Site) -> PathBuf {
    site.overrides_path.clone()
}

/// [`overrides_path`] of the site at `root` confined to `boundary`, before it is opened.
pub(crate) fn overrides_path_in(root: &Path, boundary: &Path) -> PathBuf {
    let mut dir = Some(root);
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return d.join(PROFILE_FILE);
        }
        if !d.starts_with(boundary) {
            break;
        }
        dir = d.parent();
    }
    root.join(PROFILE_FILE)
}

/// Reads `.pir.toml`; errors carry the line and column TOML reports.
pub fn parse_overrides(text: &str) -> Result<Overrides> {
    toml::from_str::<Overrides>(text).map_err(|e| {
        let mut err = CoreError::new(
            ErrorKind::Config,
            format!("{PROFILE_FILE}: {}", e.message()),
        );
        if let Some(span) = e.span() {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            err = err.at(line, column);
        }
        err
    })
}

/// `overrides` as the text of a `.pir.toml`, each key with a comment saying what it means.
pub fn overrides_text(profile: &SiteProfile) -> String {
    let body = toml::to_string(&profile.overrides()).unwrap_or_default();
    format!(
        "# PIR Editor's profile of this site: what it assumes about its PIRs. Every key is\n\
         # optional; a key written here wins over what `pir profile` learns from the site.\n\
         # Keys: pirs_folder, file_names ({{date}}, {{number}}, {{slug}}), template, sections,\n\
         # fields (of Date, Duration, Severity, Status), metadata (line | table | front_matter), severity (most severe first),\n\
         # timeline (table | split_table | bullet_list | numbered_list),\n\
         # timeline_zone (the zone a new PIR's timeline heading names: \"AEST — UTC+10\"),\n\
         # timeline_times (how a row's time is written: {{time}}, **{{time}}**, **{{time}} AEST**),\n\
         # nav (kept_in_step | left_alone), branch ({{slug}}),\n\
         # index_pages (docs-relative pages whose PIR lists are kept in step; [] for none),\n\
         # images_folder (docs-relative folder of a PIR's pasted images, {{pir}}: its file name).\n\n{body}"
    )
}

pub(crate) fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_overrides_say_where() {
        let e = parse_overrides("nav = \"kept_in_step\"\nfile_nmes = \"x\"\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Config);
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("file_nmes"), "{}", e.message);
        let e = parse_overrides("timeline = \"spiral\"\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        let o = parse_overrides("severity = [\"P1\", \"P2\"]\n").unwrap();
        assert_eq!(o.severity, Some(vec!["P1".into(), "P2".into()]));
    }
}
