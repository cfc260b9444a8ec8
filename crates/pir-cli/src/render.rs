//! `pir render FILE`: the preview HTML of a page on stdout.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `pir render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The markdown file to render.
    pub file: PathBuf,
}

/// Prints the sanitized HTML body of `args.file` as the published site would show it.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = pir_core::fsio::read_string(&args.file)?;
    let html = pir_core::render::render(&text);
    crate::out::print(&html)?;
    Ok(ExitCode::SUCCESS)
}
