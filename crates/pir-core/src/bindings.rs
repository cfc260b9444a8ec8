//! TypeScript declarations of the types that cross to the desktop UI (feature `ts`).
//!
//! The UI imports them from `ui/src/lib/bindings/`, where they are checked in. A test
//! regenerates them into a temporary folder and fails when the checked-in files differ, so a
//! change to a Rust type cannot silently drift from the UI; `PIR_BLESS=1` (or `make bindings`)
//! rewrites them.

use std::path::{Path, PathBuf};

use ts_rs::{Config, TS};

use crate::error::{CoreError, ErrorKind, Result};

/// Where the checked-in declarations live, from the workspace root.
pub const UI_BINDINGS_DIR: &str = "ui/src/lib/bindings";

/// Writes the declaration of every UI-facing type (and of the types they use) into `dir`,
/// one `<Type>.ts` file each.
pub fn export_all(dir: &Path) -> Result<()> {
    // JSON numbers are JavaScript numbers: minutes and byte counts never need `bigint`.
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    let fail = |e: ts_rs::ExportError| {
        CoreError::new(
            ErrorKind::Io,
            format!("cannot write TypeScript bindings: {e}"),
        )
        .with_path(dir)
    };
    crate::error::CoreError::export_all(&cfg).map_err(fail)?;
    crate::fsio::Fingerprint::export_all(&cfg).map_err(fail)?;
    crate::site::config::SiteConfig::export_all(&cfg).map_err(fail)?;
    crate::site::new::NewPir::export_all(&cfg).map_err(fail)?;
    crate::site::new::Created::export_all(&cfg).map_err(fail)?;
    crate::site::overview::SiteOverview::export_all(&cfg).map_err(fail)?;
    crate::startup::RecentSite::export_all(&cfg).map_err(fail)?;
    crate::site::settings::SiteSettings::export_all(&cfg).map_err(fail)?;
    crate::site::links::LinkTarget::export_all(&cfg).map_err(fail)?;
    crate::site::link_targets::LinkHit::export_all(&cfg).map_err(fail)?;
    crate::site::assets::StoredImage::export_all(&cfg).map_err(fail)?;
    crate::startup::OpenedSite::export_all(&cfg).map_err(fail)?;
    crate::template::Template::export_all(&cfg).map_err(fail)?;
    crate::template::NewPirFields::export_all(&cfg).map_err(fail)?;
    crate::template::TextSection::export_all(&cfg).map_err(fail)?;
    crate::template::WizardStep::export_all(&cfg).map_err(fail)?;
    crate::template::SectionState::export_all(&cfg).map_err(fail)?;
    crate::timeline::TimeCell::export_all(&cfg).map_err(fail)?;
    crate::timeline::KeyEvent::export_all(&cfg).map_err(fail)?;
    crate::timeline::TimeZoneLabel::export_all(&cfg).map_err(fail)?;
    crate::timeline::TimelineMetrics::export_all(&cfg).map_err(fail)?;
    crate::timeline::PastedRow::export_all(&cfg).map_err(fail)?;
    crate::timeline::import::ImportRequest::export_all(&cfg).map_err(fail)?;
    crate::timeline::import::ImportPlan::export_all(&cfg).map_err(fail)?;
    crate::timeline::import::ImportCandidate::export_all(&cfg).map_err(fail)?;
    crate::doc::Edit::export_all(&cfg).map_err(fail)?;
    crate::session::Preview::export_all(&cfg).map_err(fail)?;
    crate::session::PreviewPatch::export_all(&cfg).map_err(fail)?;
    crate::session::SaveOutcome::export_all(&cfg).map_err(fail)?;
    crate::session::SavePlan::export_all(&cfg).map_err(fail)?;
    crate::site::check::SiteCheck::export_all(&cfg).map_err(fail)?;
    crate::diff::DiffHunk::export_all(&cfg).map_err(fail)?;
    crate::merge::TextMerge::export_all(&cfg).map_err(fail)?;
    crate::drafts::Draft::export_all(&cfg).map_err(fail)?;
    crate::drafts::DraftInfo::export_all(&cfg).map_err(fail)?;
    crate::drafts::DraftComparison::export_all(&cfg).map_err(fail)?;
    crate::git::CommitReview::export_all(&cfg).map_err(fail)?;
    crate::git::CommitOptions::export_all(&cfg).map_err(fail)?;
    crate::git::CommitOutcome::export_all(&cfg).map_err(fail)?;
    crate::git::PushOutcome::export_all(&cfg).map_err(fail)?;
    crate::git::PullOutcome::export_all(&cfg).map_err(fail)?;
    crate::git::TransferProgress::export_all(&cfg).map_err(fail)?;
    crate::git::TypedCredentials::export_all(&cfg).map_err(fail)?;
    crate::git::ReviewLink::export_all(&cfg).map_err(fail)?;
    crate::spell::SpellCheck::export_all(&cfg).map_err(fail)?;
    // Across incidents: search, metrics and new sites.
    crate::search::IndexStatus::export_all(&cfg).map_err(fail)?;
    crate::search::SearchResults::export_all(&cfg).map_err(fail)?;
    crate::search::SearchFilters::export_all(&cfg).map_err(fail)?;
    crate::stats::SiteStats::export_all(&cfg).map_err(fail)?;
    crate::scaffold::Scaffolded::export_all(&cfg).map_err(fail)?;
    let path = dir.join(FACTS_FILE);
    std::fs::write(&path, facts())
        .map_err(|e| CoreError::io("cannot write the UI's facts", &path, &e))?;
    Ok(())
}

/// The file of [`facts`], beside the type declarations.
pub const FACTS_FILE: &str = "facts.ts";

/// The values the UI shows that pir-core decides, as TypeScript constants: the key events an
/// author picks from the kind menu with the label pir-core writes for each. Written with
/// the declarations (and checked like them), so the UI never keeps its own copy.
pub fn facts() -> String {
    let mut out = String::from(
        "// Generated from pir-core by `make bindings`; do not edit.\n\
         import type { EventKind } from \"./EventKind\";\n\n\
         /** The key events the kind menu offers, with the label pir-core writes for each. */\n\
         export const KEY_EVENTS: readonly { kind: EventKind; label: string }[] = [\n",
    );
    for kind in crate::timeline::EventKind::ALL {
        if let Some(label) = kind.standard_label() {
            let name = serde_json::to_value(kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            out.push_str(&format!("  {{ kind: \"{name}\", label: \"{label}\" }},\n"));
        }
    }
    out.push_str("];\n");
    out
}

/// The checked-in declarations folder.
pub fn checked_in_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(UI_BINDINGS_DIR)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts_files(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "ts"))
                    .map(|p| {
                        let name = p.file_name().unwrap().to_string_lossy().into_owned();
                        (name, std::fs::read_to_string(&p).unwrap())
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// The checked-in declarations are what the Rust types say now.
    #[test]
    fn checked_in_bindings_are_current() {
        let fresh = tempfile::tempdir().unwrap();
        export_all(fresh.path()).unwrap();
        let generated = ts_files(fresh.path());
        assert!(generated.iter().any(|(n, _)| n == "CoreError.ts"));
        let dir = checked_in_dir();
        if std::env::var_os("PIR_BLESS").is_some_and(|v| v == "1") {
            for (name, _) in ts_files(&dir) {
                std::fs::remove_file(dir.join(name)).unwrap();
            }
            std::fs::create_dir_all(&dir).unwrap();
            for (name, text) in &generated {
                std::fs::write(dir.join(name), text).unwrap();
            }
            eprintln!("rewrote {} bindings in {}", generated.len(), dir.display());
            return;
        }
        let checked_in = ts_files(&dir);
        let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(&checked_in),
            names(&generated),
            "the set of binding files changed: run `make bindings`"
        );
        for ((name, old), (_, new)) in checked_in.iter().zip(&generated) {
            assert_eq!(old, new, "{name} is stale: run `make bindings`");
        }
    }
}
