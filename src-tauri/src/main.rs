//! PIR Editor's desktop shell: a Tauri window whose UI (in `ui/`) calls the commands of
//! [`commands`], each a thin adapter over `pir-core`.
//!
//! Usage: `pir-editor [SITE_FOLDER]`. Without a folder it opens the last site, else the
//! sample site (see `pir_core::startup`).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
// The build script compiles the contract reader too; the program needs it only in tests.
#[cfg(test)]
mod contract;
mod event;
mod images;
mod nav_guard;
mod state;
#[cfg(target_os = "linux")]
mod webview;

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
    // Before Tauri starts any thread: the limits are process-wide and set without locking.
    pir_core::git::init_network_timeouts();
    let arg = site_argument();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(nav_guard::plugin())
        // The preview's images: only a site's image files, resolved and checked in pir-core.
        .register_asynchronous_uri_scheme_protocol(pir_core::render::images::SCHEME, images::handle)
        .setup(move |app| {
            let paths = app.path();
            let state = AppState {
                arg,
                recent_file: paths.app_config_dir()?.join(pir_core::startup::RECENT_FILE),
                data_dir: paths.app_data_dir()?,
            };
            app.manage(state);
            app.manage(state::Sessions::default());
            app.manage(state::SearchIndexes::default());
            app.manage(state::LinkTargets::default());
            // End-to-end tests stand in for the native layer (a drop of files cannot be
            // driven): only a debug build, and only when asked, lets the page emit events.
            #[cfg(debug_assertions)]
            if std::env::var_os("PIR_EDITOR_TEST_EVENTS").is_some_and(|v| v == "1") {
                app.add_capability(include_str!("../test-capabilities/emit-events.json"))?;
            }
            #[cfg(target_os = "linux")]
            if let Some(window) = app.get_webview_window("main") {
                window.with_webview(|w| webview::configure(&w.inner()))?;
            }
            Ok(())
        })
        // Every function of `commands.rs`, listed by the build script.
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/handlers.rs")))
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("PIR Editor could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests;
