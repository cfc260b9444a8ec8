//! `pir save FILE --model MODEL.json`: write an edited model back into a PIR.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use pir_core::doc::{Document, PirModel};
use pir_core::fsio;

/// Apply an edited model (as `pir show --json` prints it) to a PIR, changing only what differs.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PIR markdown file.
    file: PathBuf,
    /// The edited model, as JSON (`-` reads it from standard input).
    #[arg(long, value_name = "MODEL.json")]
    model: PathBuf,
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
        loaded.save()?;
        crate::out::print(&format!("{}: saved\n", args.file.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
