//! What the shell keeps for the commands: where its files are and the folder it was given.

use std::path::PathBuf;

/// The app's state, managed by Tauri and handed to the commands.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The site folder given on the command line, if any.
    pub arg: Option<PathBuf>,
    /// The recent-sites list, in the user's config folder.
    pub recent_file: PathBuf,
    /// The user's data folder for the app (the sample site goes there).
    pub data_dir: PathBuf,
}
