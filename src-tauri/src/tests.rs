//! The contract's generated files are current, and the capability grants exactly the app's
//! commands plus the few plugin permissions the UI needs.

use std::path::{Path, PathBuf};

use crate::contract::Contract;

fn app_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn contract() -> Contract {
    Contract::read(include_str!("commands.rs")).expect("commands.rs reads as a contract")
}

fn bless() -> bool {
    std::env::var_os("PIR_BLESS").is_some_and(|v| v == "1")
}

/// Compares a generated file with its checked-in copy, or rewrites it under `PIR_BLESS=1`.
fn check_generated(path: &Path, fresh: &str) {
    if bless() {
        std::fs::write(path, fresh).unwrap();
        eprintln!("rewrote {}", path.display());
        return;
    }
    let old = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        old == fresh,
        "{} is stale: run `make bindings`\n--- generated ---\n{fresh}",
        path.display()
    );
}

/// The window's capability grants every command of the app and nothing else of it; the
/// plugins it allows are only the dialogs the UI opens (folder picker; confirm, which the
/// dialog plugin implements as a message box), listening to events (the close request and
/// push progress), and destroying the window, which is how a close request the UI allowed
/// goes through.
#[test]
fn capability_allows_exactly_the_app_commands_and_the_dialogs() {
    let path = app_dir().join("capabilities/default.json");
    let current = std::fs::read_to_string(&path).unwrap();
    let fresh = contract().capability(&current).unwrap();
    check_generated(&path, &fresh);
    let cap: serde_json::Value = serde_json::from_str(&fresh).unwrap();
    let permissions: Vec<&str> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
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
            "core:window:allow-destroy",
            "core:webview:allow-set-webview-zoom"
        ]
    );
    assert_eq!(permissions.len(), contract().commands.len() + others.len());
}

/// The UI's typed client is what `commands.rs` declares now, and every type it names has a
/// checked-in declaration.
#[test]
fn ui_client_is_current() {
    let fresh = contract().typescript().unwrap();
    let ui = app_dir().join("../ui/src/lib");
    check_generated(&ui.join("contract.ts"), &fresh);
    for line in fresh.lines().filter(|l| l.starts_with("import type")) {
        let file = line
            .split('"')
            .nth(1)
            .map(|p| format!("{}.ts", p.trim_start_matches("./")))
            .unwrap();
        assert!(
            ui.join(&file).is_file(),
            "{file} is missing: run `make bindings`"
        );
    }
}

/// A small declaration and the client it gives: Tauri's own arguments left out, `Result`
/// answering its `Ok` type, options, lists, tuples and paths mapped, names camel-cased as
/// Tauri sends them, docs carried over, events typed.
#[test]
fn contract_reads_commands_and_events() {
    let source = r#"
        /// Opens it.
        /// Twice.
        #[tauri::command(async)]
        pub fn open_thing(root_dir: PathBuf, state: State<'_, AppState>) -> Result<Thing, CoreError> { todo!() }
        #[tauri::command]
        pub fn many(items: Vec<Option<Item>>, pairs: Vec<(Key, String)>, n: usize, app: AppHandle) {}
        pub fn helper() {}
        #[tauri::command]
        pub fn forget(key: &str) -> Result<(), CoreError> { Ok(()) }
        /// Progress.
        pub const PROGRESS: Event<Progress> = Event::new("progress");
        pub const LIMIT: usize = 3;
    "#;
    let c = Contract::read(source).unwrap();
    assert_eq!(c.names(), ["open_thing", "many", "forget"]);
    assert_eq!(
        c.permissions(),
        ["allow-open-thing", "allow-many", "allow-forget"]
    );
    let ts = c.typescript().unwrap();
    let expected = [
        "import type { Item } from \"./bindings/Item\";",
        "import type { Key } from \"./bindings/Key\";",
        "import type { Progress } from \"./bindings/Progress\";",
        "import type { Thing } from \"./bindings/Thing\";",
        "    /**\n     * Opens it.\n     * Twice.\n     */\n    openThing: (rootDir: string): Promise<Thing> => call(\"open_thing\", { rootDir }),",
        "    many: (items: (Item | null)[], pairs: [Key, string][], n: number): Promise<void> => call(\"many\", { items, pairs, n }),",
        "    forget: (key: string): Promise<void> => call(\"forget\", { key }),",
        "  /** Progress. */\n  progress: \"progress\",",
        "  \"progress\": Progress;",
    ];
    for part in expected {
        assert!(ts.contains(part), "missing {part:?} in\n{ts}");
    }
    assert!(!ts.contains("helper") && !ts.contains("State") && !ts.contains("AppHandle"));
    assert!(
        c.handler_expression()
            .contains("crate::commands::open_thing,")
    );
}

/// What the contract cannot express is an error naming the command, not a wrong client.
#[test]
fn contract_refuses_what_it_cannot_express() {
    let bad_arg = "#[tauri::command] pub fn f((a, b): (u8, u8)) {}";
    assert!(Contract::read(bad_arg).unwrap_err().contains("plain names"));
    let bad_type = "#[tauri::command] pub fn g(x: HashMap<String, u8>) {}";
    let err = Contract::read(bad_type).unwrap().typescript().unwrap_err();
    assert!(err.starts_with("g: ") && err.contains("HashMap"), "{err}");
    let bad_event = "pub const E: Event<u8> = make(); #[tauri::command] pub fn h() {}";
    assert!(
        Contract::read(bad_event)
            .unwrap_err()
            .contains("Event::new")
    );
    assert!(Contract::read("pub fn none() {}").is_err());
    let syntax = "#[tauri::command] pub fn broken( {}";
    assert!(
        Contract::read(syntax)
            .unwrap_err()
            .starts_with("commands.rs:1:")
    );
}

/// Adding a command to `commands.rs` changes the handler list and the client together: the
/// generated files follow the declaration, not a second list.
#[test]
fn a_new_command_reaches_every_generated_file() {
    let mut source = include_str!("commands.rs").to_string();
    source.push_str(
        "\n/// A new one.\n#[tauri::command]\npub fn brand_new(root: PathBuf) -> Result<bool, CoreError> { Ok(true) }\n",
    );
    let c = Contract::read(&source).unwrap();
    assert!(
        c.handler_expression()
            .contains("crate::commands::brand_new,")
    );
    assert!(c.permissions().contains(&"allow-brand-new".to_string()));
    assert!(
        c.typescript().unwrap().contains(
            "brandNew: (root: string): Promise<boolean> => call(\"brand_new\", { root }),"
        )
    );
    let cap = std::fs::read_to_string(app_dir().join("capabilities/default.json")).unwrap();
    assert!(c.capability(&cap).unwrap().contains("\"allow-brand-new\""));
}

/// The window's CSP lets images load from the app, `data:` (as before) and the
/// preview's image scheme as pir-core names it, on either platform's form of its URLs, and
/// from nowhere else: a web address in a page stays blocked.
#[test]
fn images_load_only_from_the_app_and_its_image_scheme() {
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(app_dir().join("tauri.conf.json")).unwrap())
            .unwrap();
    let img = conf["app"]["security"]["csp"]["img-src"].as_str().unwrap();
    let scheme = pir_core::render::images::SCHEME;
    assert_eq!(
        img,
        format!("'self' data: {scheme}: http://{scheme}.localhost")
    );
    let base = pir_core::render::images::url_base();
    assert!(
        base.starts_with(&format!("{scheme}://")) || base.starts_with(&format!("http://{scheme}.")),
        "{base}"
    );
}
