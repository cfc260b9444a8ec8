//! `pir save FILE --model MODEL.json`: write an edited model back into a PIR.
//!
//! Also the command line's one way of saving a PIR ([`write`], used by `pir timeline` too):
//! the same planned save as the app's, so the site's nav, home list and index-table rows
//! follow a new title, date, severity, ... unless `--pir-only` is given, and every file
//! changed is printed.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use pir_core::doc::{Document, LoadedDocument, PirModel};
use pir_core::fsio;
use pir_core::session::{PirWrite, plan_save};

/// Apply an edited model (as `pir show --json` prints it) to a PIR, changing only what differs.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PIR markdown file.
    file: PathBuf,
    /// The edited model, as JSON (`-` reads it from standard input).
    #[arg(long, value_name = "MODEL.json")]
    model: PathBuf,
    /// Write only the PIR, leaving the nav, home list and index tables as they are.
    #[arg(long)]
    pir_only: bool,
}

/// Saves `loaded` (read as `saved_text`, then edited) as the app's Save does: the PIR, then
/// the site's files that follow it unless `pir_only`. Prints each file written and each left
/// out, and what is left for the author.
pub fn write(loaded: &mut LoadedDocument, saved_text: &str, pir_only: bool) -> anyhow::Result<()> {
    let planned = plan_save(
        &loaded.path,
        loaded.fingerprint,
        saved_text,
        loaded.document.text(),
    )?;
    let include = if pir_only {
        Vec::new()
    } else {
        planned.extra_paths()
    };
    let written = planned.write(&include, PirWrite::Replace)?;
    loaded.fingerprint = written.fingerprint;
    let mut out = format!("{}: saved\n", loaded.path.display());
    for f in planned.plan.files.iter().filter(|f| !f.pir) {
        let done = if written.files.contains(&f.path) {
            "updated"
        } else {
            "left as it was (--pir-only)"
        };
        out.push_str(&format!(
            "{}: {done}: {}\n",
            f.path.display(),
            f.what.join("; ")
        ));
    }
    for p in &planned.plan.problems {
        out.push_str(&format!("note: {p}\n"));
    }
    crate::out::print(&out)?;
    Ok(())
}

/// Runs `pir save`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // A model is many times larger than its PIR: it is bounded by the model limit, not the
    // PIR limit, so whatever `pir show --json` prints can be read back.
    let json = if args.model.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .take(fsio::MAX_MODEL_BYTES + 1)
            .read_to_string(&mut s)
            .context("cannot read the model from standard input")?;
        if s.len() as u64 > fsio::MAX_MODEL_BYTES {
            anyhow::bail!(
                "the model on standard input is over the {}-byte limit",
                fsio::MAX_MODEL_BYTES
            );
        }
        s
    } else {
        fsio::read_string_up_to(&args.model, fsio::MAX_MODEL_BYTES)?
    };
    let model: PirModel = serde_json::from_str(&json)
        .with_context(|| format!("{}: not a PIR model", args.model.display()))?;
    let mut loaded = Document::load(&args.file)?;
    let before = loaded.document.text().to_string();
    loaded
        .document
        .apply_model(&model)
        .map_err(|e| e.with_path(&args.file))?;
    if loaded.document.text() == before {
        crate::out::print(&format!("{}: unchanged\n", args.file.display()))?;
    } else {
        write(&mut loaded, &before, args.pir_only)?;
    }
    Ok(ExitCode::SUCCESS)
}
