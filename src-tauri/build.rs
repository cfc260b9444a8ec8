//! Build script: lets Tauri embed the UI, the configuration and the capabilities, and
//! registers the app's commands from their one declaration.
//!
//! The commands are the `#[tauri::command]` functions of `src/commands.rs` (read by
//! `src/contract.rs`). From them this script writes the handler list `main.rs` includes and
//! declares the names to Tauri, which makes an `allow-<command>` permission of each; the
//! window can call only those its capability lists.

#[path = "src/contract.rs"]
#[allow(dead_code)]
mod contract;

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/commands.rs");
    println!("cargo:rerun-if-changed=src/contract.rs");
    let source = match std::fs::read_to_string("src/commands.rs") {
        Ok(s) => s,
        Err(e) => fail(&format!("cannot read src/commands.rs: {e}")),
    };
    let contract = contract::Contract::read(&source).unwrap_or_else(|e| fail(&e));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_else(|| fail("no OUT_DIR")));
    if let Err(e) = std::fs::write(out.join("handlers.rs"), contract.handler_expression()) {
        fail(&format!("cannot write the handler list: {e}"));
    }
    // Tauri keeps the names for the whole build; they live as long as the process.
    let names: &'static [&'static str] = Box::leak(
        contract
            .names()
            .into_iter()
            .map(|n| &*Box::leak(n.into_boxed_str()))
            .collect::<Vec<&'static str>>()
            .into_boxed_slice(),
    );
    let attrs = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(names));
    if let Err(e) = tauri_build::try_build(attrs) {
        fail(&format!("tauri build step failed: {e:#}"));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(1);
}
