//! PIR Editor's desktop shell: a Tauri window whose UI (in `ui/`) calls the commands of
//! [`commands`], each a thin adapter over `pir-core`.
//!
//! Usage: `pir-editor [SITE_FOLDER]`. Without a folder it opens the last site, else the
//! sample site (see `pir_core::startup`).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// The build script includes the command list itself; the program needs it only in tests.
#[cfg(test)]
mod command_names;
mod commands;
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
            #[cfg(target_os = "linux")]
            if let Some(window) = app.get_webview_window("main") {
                window.with_webview(|w| webview::configure(&w.inner()))?;
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::start_site,
            commands::recent_sites,
            commands::open_site,
            commands::file_name_preview,
            commands::site_template,
            commands::draft_sections,
            commands::section_states,
            commands::create_pir,
            commands::check_site,
            commands::session_open,
            commands::session_apply,
            commands::session_undo,
            commands::session_redo,
            commands::session_save,
            commands::session_save_overwrite,
            commands::session_reload,
            commands::session_close,
            commands::parse_pasted_lines,
            commands::save_draft,
            commands::list_drafts,
            commands::restore_draft,
            commands::compare_draft,
            commands::discard_draft,
            commands::git_review,
            commands::git_commit,
            commands::git_push,
            commands::git_pull,
            commands::pull_request_url,
            commands::open_web_page,
            commands::session_set_text,
            // Across incidents.
            commands::search_index,
            commands::search_pirs,
            commands::site_stats,
            commands::init_site,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("PIR Editor could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use crate::command_names::COMMANDS;

    /// The window's capability grants every command of the app and nothing else of it; the
    /// plugins it allows are only the dialogs the UI opens (folder picker; confirm, which the
    /// dialog plugin implements as a message box), listening to events (the close request
    /// and push progress), and destroying the window, which is how a close request the UI
    /// allowed goes through.
    #[test]
    fn capability_allows_exactly_the_app_commands_and_the_dialogs() {
        let cap: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
        let permissions: Vec<&str> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        let mut allowed: Vec<String> = permissions
            .iter()
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|c| c.replace('-', "_"))
            .collect();
        allowed.sort();
        let mut commands: Vec<String> = COMMANDS.iter().map(|c| c.to_string()).collect();
        commands.sort();
        assert_eq!(allowed, commands);
        let others: Vec<&str> = permissions
            .iter()
            .copied()
            .filter(|p| !p.starts_with("allow-"))
            .collect();
        assert_eq!(
            others,
            [
                "dialog:allow-open",
                "dialog:allow-message",
                "core:event:allow-listen",
                "core:event:allow-unlisten",
                "core:window:allow-destroy"
            ]
        );
    }
}
