//! `pir profile`: what PIR Editor assumes about the site, and where each value came from.

use std::path::PathBuf;
use std::process::ExitCode;

use pir_core::fsio::{self, WriteMode};
use pir_core::site::Site;
use pir_core::site::profile::{SiteProfile, overrides_path, overrides_text};

use crate::out::print;

/// Show the site profile: where PIRs live and how they are named, the template and its
/// sections, where metadata is kept, the severity scale, the timeline style, the nav policy
/// and branch naming, each learnt from the site or set in `.pir.toml`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The docs site (any folder inside it); default: the current folder.
    #[arg(default_value = ".")]
    site: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Write the profile to `.pir.toml` at the repository root, to edit (refuses to replace
    /// an existing one).
    #[arg(long)]
    write: bool,
}

/// Runs `pir profile`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let site = Site::open(&args.site)?;
    let profile = SiteProfile::of(&site)?;
    if args.write {
        let path = overrides_path(&site);
        fsio::write_atomic(
            &path,
            overrides_text(&profile).as_bytes(),
            WriteMode::CreateNew,
        )?;
        print(&format!("wrote {}\n", path.display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        print(&(serde_json::to_string_pretty(&profile)? + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for (key, value, origin) in profile.describe() {
        out.push_str(&format!("{key:<14} {value}\n{:<14}   ({origin})\n", ""));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
