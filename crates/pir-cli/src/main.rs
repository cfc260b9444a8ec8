//! `pir`: the PIR Editor command line, a thin layer over `pir-core`.
//!
//! Each subcommand lives in a module of its own with an `Args` struct and a `run` function;
//! this file only dispatches. Errors print as `file:line: message` (the form of
//! [`pir_core::CoreError`]'s `Display`) and exit with status 1.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod render;

/// Write, check, preview, commit and push post-incident reviews kept in an MkDocs site.
#[derive(Debug, Parser)]
#[command(name = "pir", version, about, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the preview HTML of a markdown page, as the published site shows its body.
    Render(render::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return ExitCode::from(2);
    };
    match dispatch(command) {
        Ok(code) => code,
        Err(err) => {
            // A CoreError already says `file:line: message`; anything else gets the context chain.
            eprintln!("pir: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one subcommand.
fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Render(args) => render::run(args),
    }
}
