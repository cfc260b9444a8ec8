//! Each PIR on its own, by the site's conventions: its file name, Date, metadata, severity
//! scale, sections and placeholder text, and timeline order; and files of the incidents
//! folder that lead outside the site.

use super::problem::{Problem, ProblemCode, problem};
use crate::error::Result;
use crate::fsio;
use crate::site::profile::{Origin, SiteProfile, fits};
use crate::site::slug::parse_pir_file_name;
use crate::site::summary::PirSummary;
use crate::site::{Site, confine};
use crate::template::{Template, placeholder_lines};

/// Whether a PIR's heading `have` is the template's section `want`: the same known section
/// (`Root Cause` and `Root Causes`), or the same words once case, a trailing colon and a
/// parenthesised note (`Timeline (AEST — UTC+10)`) are set aside.
fn same_section(want: &str, have: &str) -> bool {
    crate::site::profile::section_identity(want) == crate::site::profile::section_identity(have)
}

/// Each PIR on its own. Placeholder text is that of the template new PIRs start from.
pub(super) fn check_pirs(
    site: &Site,
    profile: &SiteProfile,
    pirs: &[PirSummary],
    out: &mut Vec<Problem>,
) -> Result<()> {
    let template = match &profile.template.value {
        Some(rel) => Template::load(&site.root.join(rel))?.unwrap_or_else(Template::builtin),
        None => Template::builtin(),
    };
    let placeholders = placeholder_lines(&template.text);
    for pir in pirs {
        let name = pir
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pattern = &profile.file_names.value;
        if !fits(pattern, &name) {
            out.push(problem(
                &pir.path,
                None,
                ProblemCode::BadFileName,
                format!("file name {name} does not follow the site's pattern {pattern}"),
            ));
        }
        match parse_pir_file_name(&name) {
            None => {}
            Some((file_date, _)) => {
                if let Some(date) = pir.date {
                    if date != file_date {
                        out.push(problem(
                            &pir.path,
                            Some(pir.date_line),
                            ProblemCode::FileDateMismatch,
                            format!("the file name says {file_date}, the Date field says {date}"),
                        ));
                    }
                }
            }
        }
        let missing_metadata: Vec<&str> = profile
            .fields
            .value
            .iter()
            .map(String::as_str)
            .filter(|f| pir.missing_metadata.iter().any(|m| m == f))
            .collect();
        if !missing_metadata.is_empty() {
            out.push(problem(
                &pir.path,
                Some(1),
                ProblemCode::MissingMetadata,
                format!("missing metadata: {}", missing_metadata.join(", ")),
            ));
        }
        if let (Some(text), None) = (&pir.date_text, pir.date) {
            out.push(problem(
                &pir.path,
                Some(pir.date_line),
                ProblemCode::MissingMetadata,
                format!("Date \"{text}\" is not a YYYY-MM-DD date"),
            ));
        }
        // A scale the site declares is the whole of its scale: a level off it is a typo or
        // a level the team has not agreed on.
        let scale = &profile.severity.value;
        if let Some(sev) = pir.severity.as_deref()
            && scale.declared
            && !crate::severity::level(sev).is_empty()
            && scale.position(sev).is_none()
        {
            out.push(problem(
                &pir.path,
                None,
                ProblemCode::MissingMetadata,
                format!(
                    "Severity \"{}\" is not on the site's scale ({})",
                    crate::severity::level(sev),
                    scale.levels.join(", ")
                ),
            ));
        }
        // The built-in template's sections are known ones, already matched while parsing.
        let missing_sections: Vec<&str> = match profile.sections.origin {
            Origin::Default { .. } => pir.missing_sections.iter().map(String::as_str).collect(),
            _ => profile
                .sections
                .value
                .iter()
                .filter(|want| !pir.sections.iter().any(|h| same_section(want, h)))
                .map(String::as_str)
                .collect(),
        };
        if !missing_sections.is_empty() {
            out.push(problem(
                &pir.path,
                None,
                ProblemCode::MissingSections,
                format!("missing sections: {}", missing_sections.join(", ")),
            ));
        }
        if !placeholders.is_empty() {
            let text = fsio::read_text(&pir.path)?.text;
            let lines: Vec<usize> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| placeholders.contains(l.trim()))
                .map(|(i, _)| i + 1)
                .collect();
            if let Some(&first) = lines.first() {
                let mut shown: Vec<String> = lines.iter().take(8).map(usize::to_string).collect();
                if lines.len() > 8 {
                    shown.push(format!("and {} more", lines.len() - 8));
                }
                out.push(problem(
                    &pir.path,
                    Some(first),
                    ProblemCode::Placeholder,
                    format!(
                        "still holds the template's placeholder text on line{} {}",
                        if lines.len() == 1 { "" } else { "s" },
                        shown.join(", ")
                    ),
                ));
            }
        }
        for line in &pir.timeline_out_of_order {
            out.push(problem(
                &pir.path,
                Some(*line),
                ProblemCode::TimelineOutOfOrder,
                "timeline row is earlier than the row before it".to_string(),
            ));
        }
    }
    Ok(())
}

/// Files of the incidents folder that lead outside the site (a symlink to a file elsewhere).
pub(super) fn check_outside(site: &Site, out: &mut Vec<Problem>) -> Result<()> {
    for path in site.outside_pir_files()? {
        let target = confine::resolve(&path)
            .map_or_else(|| "a broken link".to_string(), |p| p.display().to_string());
        out.push(problem(
            &path,
            None,
            ProblemCode::OutsideSite,
            format!(
                "leads outside the site, to {target}: left out of the list, search and sync; keep PIRs inside the repository"
            ),
        ));
    }
    Ok(())
}
