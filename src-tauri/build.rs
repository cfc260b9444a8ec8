//! Build script: lets Tauri embed the UI, the configuration and the capabilities.
//!
//! The app's commands are declared here so Tauri generates an `allow-<command>` permission
//! for each, and the window can call only those its capability lists.

include!("src/command_names.rs");

fn main() {
    let attrs = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attrs) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
