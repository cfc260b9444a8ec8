/// The app's own commands: the list `build.rs` declares to Tauri (which makes an
/// `allow-<command>` permission of each) and the test that the capability grants them checks.
/// `main.rs` registers the same commands with `generate_handler!`.
pub const COMMANDS: &[&str] = &[
    "start_site",
    "recent_sites",
    "open_site",
    "file_name_preview",
    "site_template",
    "draft_sections",
    "section_states",
    "create_pir",
    // The editor.
    "check_site",
    "session_open",
    "session_apply",
    "session_undo",
    "session_redo",
    "session_save",
    "session_save_overwrite",
    "session_reload",
    "session_close",
    "parse_pasted_lines",
    "save_draft",
    "list_drafts",
    "restore_draft",
    "compare_draft",
    "discard_draft",
    "git_review",
    "git_commit",
    "git_push",
    "git_pull",
    "pull_request_url",
    "open_web_page",
    // A restored draft.
    "session_set_text",
    // Across incidents: search, metrics and new sites.
    "search_index",
    "search_pirs",
    "site_stats",
    "init_site",
];
