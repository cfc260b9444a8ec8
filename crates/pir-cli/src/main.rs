//! `pir`: the PIR Editor command line, a thin layer over `pir-core`.

use anyhow::Result;
use clap::Parser;

/// Write, check, preview, commit and push post-incident reviews kept in an MkDocs site.
#[derive(Debug, Parser)]
#[command(name = "pir", version, about)]
struct Cli {}

fn main() -> Result<()> {
    let _cli = Cli::parse();
    Ok(())
}
