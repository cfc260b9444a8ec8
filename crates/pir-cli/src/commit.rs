//! `pir commit`: commit exactly the given files (by default, the changed PIR files).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use pir_core::git::{CommitOptions, FileChange, commit, status};

use crate::gitui::{GitArgs, print_json};

/// Commit exactly the given files, leaving every other change as it is.
///
/// Without PATHS: the changed `*.md` files under the docs folder and `mkdocs.yml` of the site
/// in DIR.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    git: GitArgs,
    /// Files to commit (new, modified or deleted), relative to DIR.
    paths: Vec<PathBuf>,
    /// The commit message (default: names the files).
    #[arg(short, long)]
    message: Option<String>,
    /// Create this branch (e.g. pir/db-outage), switch to it and commit there.
    #[arg(long, value_name = "NAME")]
    branch: Option<String>,
}

/// Runs `pir commit`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = &args.git.dir;
    let paths = if args.paths.is_empty() {
        changed_site_files(dir)?
    } else {
        args.paths.clone()
    };
    if paths.is_empty() {
        eprintln!("pir: nothing to commit: no changed pages under the docs folder nor mkdocs.yml");
        return Ok(ExitCode::FAILURE);
    }
    let message = args
        .message
        .clone()
        .unwrap_or_else(|| default_message(&paths));
    let opts = CommitOptions {
        branch: args.branch.clone(),
    };
    let out = commit(dir, &paths, &message, &opts)?;
    if args.git.json {
        print_json(&out)?;
    } else {
        println!(
            "[{} {}] {}",
            out.branch,
            &out.commit[..7],
            message.lines().next().unwrap_or("")
        );
        for f in &out.files {
            println!("  {f}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The changed (new, modified, deleted) `*.md` files under the site's docs folder, and its
/// `mkdocs.yml`, as paths relative to `site`.
///
/// This is the stand-in until the site model knows exactly which files make up a PIR.
fn changed_site_files(site: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let st = status(site)?;
    let site_abs = site
        .canonicalize()
        .with_context(|| format!("{}: cannot resolve", site.display()))?;
    let workdir = st.workdir.canonicalize().unwrap_or(st.workdir.clone());
    let site_rel = site_abs.strip_prefix(&workdir).unwrap_or(Path::new(""));
    let docs = site_rel.join(docs_dir(&site_abs));
    let config = site_rel.join("mkdocs.yml");
    Ok(st
        .files
        .iter()
        .filter(|f| f.staged.is_some() || f.unstaged.is_some())
        .filter(|f| {
            f.path == config
                || (f.path.starts_with(&docs) && f.path.extension().is_some_and(|e| e == "md"))
        })
        // A staged rename's old path is not listed; a plain new/modified/deleted file is.
        .filter(|f| f.staged != Some(FileChange::Renamed))
        .filter_map(|f| f.path.strip_prefix(site_rel).ok().map(Path::to_path_buf))
        .collect())
}

/// The site's `docs_dir` from `mkdocs.yml` (default `docs`).
fn docs_dir(site: &Path) -> String {
    std::fs::read_to_string(site.join("mkdocs.yml"))
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| {
                l.strip_prefix("docs_dir:")
                    .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
            })
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "docs".to_string())
}

/// `pir: update NAME` for one file, `pir: update N files` otherwise.
fn default_message(paths: &[PathBuf]) -> String {
    match paths {
        [one] => format!(
            "pir: update {}",
            one.file_stem().map_or(one.display().to_string(), |s| s
                .to_string_lossy()
                .into_owned())
        ),
        many => format!("pir: update {} files", many.len()),
    }
}
