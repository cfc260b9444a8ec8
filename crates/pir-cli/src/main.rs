//! `pir`: the PIR Editor command line, a thin layer over `pir-core`.
//!
//! Each subcommand lives in a module of its own with an `Args` struct and a `run` function;
//! this file only dispatches. Errors print as `file:line: message` (the form of
//! [`pir_core::CoreError`]'s `Display`) and exit with status 1.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod commit;
mod gitui;
mod init;
mod list;
mod new;
mod out;
mod profile;
mod pull;
mod push;
mod render;
mod save;
mod search;
mod show;
mod stats;
mod status;
mod sync;
mod timeline;
mod tls;

/// Freed memory is kept for reuse instead of going back to the system (glibc's default for
/// large blocks), which saved a tenth of every parse + render of a large page.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Write, check, preview, commit and push post-incident reviews kept in an MkDocs site.
#[derive(Debug, Parser)]
#[command(name = "pir", version, about, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a PIR site (mkdocs-material, CI workflow, git) in a new or empty folder.
    Init(init::Args),
    /// Start a PIR from the site's template, with its nav and home-list entries.
    New(new::Args),
    /// List the site's PIRs, newest first.
    List(list::Args),
    /// Show what PIR Editor assumes about the site, learnt from it or set in `.pir.toml`.
    Profile(profile::Args),
    /// Report what is wrong with the site's PIRs, nav and index (exit 1 when anything is).
    Check(check::Args),
    /// Fix what `check` can fix mechanically: missing or stale nav and index entries.
    Sync(sync::Args),
    /// Search the site's PIRs: ranked hits with their best matching line.
    Search(search::Args),
    /// Incident metrics: per month, severity and tag, time to detect and resolve, open actions.
    Stats(stats::Args),
    /// Show what a PIR says (or its editable model as JSON).
    Show(show::Args),
    /// Apply an edited model (JSON) to a PIR, changing only what differs.
    Save(save::Args),
    /// List a PIR's timeline rows, or add, insert, delete, move or sort them.
    Timeline(timeline::Args),
    /// Show the branch, its upstream and the changed files.
    Status(status::Args),
    /// Commit exactly the given files (default: the changed PIRs, nav and lists), nothing else.
    Commit(commit::Args),
    /// Push the current branch.
    Push(push::Args),
    /// Fetch and replay local commits on top of the upstream.
    Pull(pull::Args),
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
        // The reader of the output went away (`pir list | head`): it has all it wanted.
        Err(err)
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            // A CoreError already says `file:line: message`; anything else gets the context chain.
            eprintln!("pir: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one subcommand.
fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    if matches!(
        command,
        Command::Status(_) | Command::Commit(_) | Command::Push(_) | Command::Pull(_)
    ) {
        // The git subcommands use libgit2, whose start-up would otherwise read every CA
        // certificate of the system (see `tls`).
        tls::skip_ca_bundle();
        // Still one thread here, as the limits' setter needs (and after the re-execution,
        // so libgit2 starts without the bundle).
        pir_core::git::init_network_timeouts();
    }
    match command {
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::List(args) => list::run(args),
        Command::Profile(args) => profile::run(args),
        Command::Check(args) => check::run(args),
        Command::Sync(args) => sync::run(args),
        Command::Search(args) => search::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Show(args) => show::run(args),
        Command::Save(args) => save::run(args),
        Command::Timeline(args) => timeline::run(args),
        Command::Status(args) => status::run(args),
        Command::Commit(args) => commit::run(args),
        Command::Push(args) => push::run(args),
        Command::Pull(args) => pull::run(args),
        Command::Render(args) => render::run(args),
    }
}
