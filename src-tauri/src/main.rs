//! PIR Editor's desktop shell: a Tauri window whose UI (in `ui/`) calls the commands of
//! [`commands`], each a thin adapter over `pir-core`.
//!
//! Usage: `pir-editor [SITE_FOLDER]`. Without a folder it opens the last site, else the
//! sample site (see `pir_core::startup`).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

use std::path::PathBuf;

use tauri::Manager;

use crate::state::AppState;

/// The site folder from the command line: the first argument that is not an option.
fn site_argument() -> Option<PathBuf> {
    std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))
        .map(PathBuf::from)
}

fn main() {
    let arg = site_argument();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let paths = app.path();
            let state = AppState {
                arg,
                recent_file: paths.app_config_dir()?.join(pir_core::startup::RECENT_FILE),
                data_dir: paths.app_data_dir()?,
            };
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::startup_site,
            commands::recent_sites,
            commands::open_site,
            commands::file_name_preview,
            commands::site_template,
            commands::draft_sections,
            commands::section_states,
            commands::create_pir,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("PIR Editor could not start: {e}");
        std::process::exit(1);
    }
}
