//! The IPC contract, read from its one declaration: the `#[tauri::command]` functions and the
//! `Event<T>` constants of `commands.rs`.
//!
//! Everything else that must name a command is generated from what this module reads, so a
//! new command is written once (a function in `commands.rs`):
//! - the build script registers the handlers (`generate_handler!`) and declares the commands
//!   to Tauri, which makes an `allow-<command>` permission of each;
//! - the window's capability (`capabilities/default.json`) and the UI's typed client
//!   (`ui/src/lib/contract.ts`) are generated, checked in, and a test fails while either is
//!   stale (`make bindings` rewrites them).
//!
//! The types of arguments and results are pir-core's, whose TypeScript declarations ts-rs
//! writes into `ui/src/lib/bindings/`; this module maps Rust type syntax onto them. It is
//! compiled twice: into the build script (`#[path]`) and into the app's tests, so it uses
//! nothing but `syn`.

use std::fmt::Write as _;

use syn::{Attribute, Expr, FnArg, GenericArgument, Item, Lit, Pat, PathArguments, ReturnType};

/// One command of the contract.
#[derive(Clone)]
pub struct Command {
    /// The Rust function's name, which is the IPC name (`session_apply`).
    pub name: String,
    /// The function's doc comment, for the TypeScript client.
    pub doc: String,
    /// The arguments the UI passes (Tauri's own, such as `State` and `AppHandle`, left out):
    /// Rust name and type.
    pub args: Vec<(String, syn::Type)>,
    /// What it answers with; `None` for `()`.
    pub result: Option<syn::Type>,
}

/// One event the shell emits to the UI.
#[derive(Clone)]
pub struct Event {
    /// The constant's name in `commands.rs` (`GIT_PROGRESS`).
    pub constant: String,
    /// The event's name on the wire (`git-progress`).
    pub name: String,
    /// The payload's type.
    pub payload: syn::Type,
    /// The constant's doc comment.
    pub doc: String,
}

/// The commands and events, in declaration order.
#[derive(Clone, Default)]
pub struct Contract {
    /// The commands.
    pub commands: Vec<Command>,
    /// The events.
    pub events: Vec<Event>,
}

impl std::fmt::Debug for Contract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let events: Vec<&str> = self.events.iter().map(|e| e.name.as_str()).collect();
        f.debug_struct("Contract")
            .field("commands", &self.names())
            .field("events", &events)
            .finish()
    }
}

/// Arguments Tauri fills in itself; the UI never passes them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

impl Contract {
    /// Reads the contract from the source of `commands.rs`.
    pub fn read(source: &str) -> Result<Contract, String> {
        let file = syn::parse_file(source).map_err(|e| {
            let at = e.span().start();
            format!("commands.rs:{}:{}: {e}", at.line, at.column + 1)
        })?;
        let mut contract = Contract::default();
        for item in file.items {
            match item {
                Item::Fn(f) if is_command(&f.attrs) => {
                    let mut args = Vec::new();
                    for input in &f.sig.inputs {
                        let FnArg::Typed(t) = input else {
                            return Err(format!("{}: a command takes no `self`", f.sig.ident));
                        };
                        if is_injected(&t.ty) {
                            continue;
                        }
                        let Pat::Ident(name) = &*t.pat else {
                            return Err(format!("{}: arguments must be plain names", f.sig.ident));
                        };
                        args.push((name.ident.to_string(), (*t.ty).clone()));
                    }
                    let result = match &f.sig.output {
                        ReturnType::Default => None,
                        ReturnType::Type(_, ty) => Some(ok_type(ty)),
                    }
                    .filter(|t| !matches!(t, syn::Type::Tuple(t) if t.elems.is_empty()));
                    contract.commands.push(Command {
                        name: f.sig.ident.to_string(),
                        doc: doc_of(&f.attrs),
                        args,
                        result,
                    });
                }
                Item::Const(c) => {
                    if let Some(payload) = event_payload(&c.ty) {
                        let name = event_name(&c.expr).ok_or_else(|| {
                            format!("{}: write events as `Event::new(\"name\")`", c.ident)
                        })?;
                        contract.events.push(Event {
                            constant: c.ident.to_string(),
                            name,
                            payload,
                            doc: doc_of(&c.attrs),
                        });
                    }
                }
                _ => {}
            }
        }
        if contract.commands.is_empty() {
            return Err("commands.rs declares no #[tauri::command] function".into());
        }
        Ok(contract)
    }

    /// The command names, in declaration order.
    pub fn names(&self) -> Vec<String> {
        self.commands.iter().map(|c| c.name.clone()).collect()
    }

    /// The expression registering every command with Tauri, for `invoke_handler`.
    pub fn handler_expression(&self) -> String {
        let mut out = String::from("::tauri::generate_handler![\n");
        for c in &self.commands {
            let _ = writeln!(out, "    crate::commands::{},", c.name);
        }
        out.push(']');
        out
    }

    /// The permission identifier Tauri gives each command (`allow-session-apply`).
    pub fn permissions(&self) -> Vec<String> {
        self.commands
            .iter()
            .map(|c| format!("allow-{}", c.name.replace('_', "-")))
            .collect()
    }

    /// The capability file with its command permissions replaced by this contract's (in
    /// declaration order, before the plugins' ones), everything else kept.
    pub fn capability(&self, current: &str) -> Result<String, String> {
        let start = current
            .find("\"permissions\": [")
            .ok_or("the capability has no \"permissions\" list")?;
        let open = start + "\"permissions\": [".len();
        let close = open
            + current[open..]
                .find(']')
                .ok_or("the capability's permissions list is not closed")?;
        let others: Vec<&str> = current[open..close]
            .split(',')
            .map(|p| p.trim().trim_matches('"'))
            .filter(|p| !p.is_empty() && p.contains(':'))
            .collect();
        let mut list = String::from("\n");
        let all: Vec<String> = self
            .permissions()
            .into_iter()
            .chain(others.iter().map(|s| s.to_string()))
            .collect();
        for (i, p) in all.iter().enumerate() {
            let comma = if i + 1 < all.len() { "," } else { "" };
            let _ = writeln!(list, "    \"{p}\"{comma}");
        }
        list.push_str("  ");
        Ok(format!("{}{list}{}", &current[..open], &current[close..]))
    }

    /// The UI's typed client: one method per command, the event names with their payloads.
    pub fn typescript(&self) -> Result<String, String> {
        let mut imports = std::collections::BTreeSet::new();
        let mut methods = String::new();
        for c in &self.commands {
            let mut params = Vec::new();
            let mut keys = Vec::new();
            for (name, ty) in &c.args {
                let ts = ts_type(ty, &mut imports).map_err(|e| format!("{}: {e}", c.name))?;
                let camel = camel_case(name);
                params.push(format!("{camel}: {ts}"));
                keys.push(camel);
            }
            let result = match &c.result {
                None => "void".to_string(),
                Some(t) => ts_type(t, &mut imports).map_err(|e| format!("{}: {e}", c.name))?,
            };
            let args = if keys.is_empty() {
                String::new()
            } else {
                format!(", {{ {} }}", keys.join(", "))
            };
            write_doc(&mut methods, &c.doc, "  ");
            let _ = writeln!(
                methods,
                "  {}: ({}): Promise<{result}> => call(\"{}\"{args}),",
                camel_case(&c.name),
                params.join(", "),
                c.name,
            );
        }
        let mut events = String::new();
        let mut payloads = String::new();
        for e in &self.events {
            let ts = ts_type(&e.payload, &mut imports).map_err(|m| format!("{}: {m}", e.name))?;
            write_doc(&mut events, &e.doc, "  ");
            let _ = writeln!(events, "  {}: \"{}\",", camel_case(&e.constant), e.name);
            let _ = writeln!(payloads, "  \"{}\": {ts};", e.name);
        }
        let mut out = String::from(
            "// Generated from src-tauri/src/commands.rs by `make bindings`; do not edit.\n\
             // The app's IPC contract: every command with its argument and result types, and the\n\
             // events the shell emits. A test fails while this file is stale.\n",
        );
        for name in &imports {
            let _ = writeln!(out, "import type {{ {name} }} from \"./bindings/{name}\";");
        }
        out.push_str(
            "\n/** Sends one command; rejects with the command's `CoreError`. */\n\
             export type Call = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;\n\n\
             /** Every command of the shell, typed, over `call`. */\n\
             export function commands(call: Call) {\n  return {\n",
        );
        for line in methods.lines() {
            let _ = writeln!(out, "  {line}");
        }
        out.push_str(
            "  };\n}\n\n/** The commands, as the UI's backend offers them. */\n\
             export type Commands = ReturnType<typeof commands>;\n\n\
             /** The names of the events the shell emits. */\nexport const events = {\n",
        );
        out.push_str(&events);
        out.push_str(
            "} as const;\n\n/** Each event's payload. */\nexport interface EventPayloads {\n",
        );
        out.push_str(&payloads);
        out.push_str("}\n");
        Ok(out)
    }
}

fn is_command(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let segs: Vec<String> = a
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        segs == ["tauri", "command"] || segs == ["command"]
    })
}

fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last(),
        syn::Type::Reference(r) => last_segment(&r.elem),
        _ => None,
    }
}

fn is_injected(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str()))
}

fn generic_args(seg: &syn::PathSegment) -> Vec<&syn::Type> {
    match &seg.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `Result<T, E>` answers `T` (the error rejects the promise); anything else answers itself.
fn ok_type(ty: &syn::Type) -> syn::Type {
    if let Some(seg) = last_segment(ty)
        && seg.ident == "Result"
        && let Some(ok) = generic_args(seg).first()
    {
        return (*ok).clone();
    }
    ty.clone()
}

fn event_payload(ty: &syn::Type) -> Option<syn::Type> {
    let seg = last_segment(ty)?;
    if seg.ident != "Event" {
        return None;
    }
    generic_args(seg).first().map(|t| (*t).clone())
}

fn event_name(expr: &Expr) -> Option<String> {
    let Expr::Call(call) = expr else { return None };
    match call.args.first()? {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

fn doc_of(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for a in attrs {
        if let syn::Meta::NameValue(nv) = &a.meta
            && nv.path.is_ident("doc")
            && let Expr::Lit(l) = &nv.value
            && let Lit::Str(s) = &l.lit
        {
            lines.push(s.value().trim().to_string());
        }
    }
    lines.join("\n")
}

fn write_doc(out: &mut String, doc: &str, indent: &str) {
    if doc.is_empty() {
        return;
    }
    let text = doc.replace("*/", "*\\/");
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() == 1 {
        let _ = writeln!(out, "{indent}/** {} */", lines[0]);
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for l in lines {
        let _ = writeln!(out, "{indent} * {l}");
    }
    let _ = writeln!(out, "{indent} */");
}

/// `remote_url` → `remoteUrl`, as Tauri names command arguments on the wire.
fn camel_case(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut out = String::new();
    let mut upper = false;
    for ch in lower.chars() {
        if ch == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// The TypeScript type of a Rust argument or result type, recording the binding types used.
fn ts_type(
    ty: &syn::Type,
    imports: &mut std::collections::BTreeSet<String>,
) -> Result<String, String> {
    match ty {
        syn::Type::Reference(r) => ts_type(&r.elem, imports),
        syn::Type::Slice(s) => Ok(format!("{}[]", array_item(&ts_type(&s.elem, imports)?))),
        syn::Type::Tuple(t) if t.elems.is_empty() => Ok("null".into()),
        syn::Type::Tuple(t) => {
            let items: Result<Vec<String>, String> =
                t.elems.iter().map(|e| ts_type(e, imports)).collect();
            Ok(format!("[{}]", items?.join(", ")))
        }
        syn::Type::Path(p) => {
            let seg = p.path.segments.last().ok_or("an empty type path")?;
            let args = generic_args(seg);
            let name = seg.ident.to_string();
            match (name.as_str(), args.as_slice()) {
                ("String" | "str" | "PathBuf" | "Path", []) => Ok("string".into()),
                ("bool", []) => Ok("boolean".into()),
                (
                    "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
                    | "f32" | "f64",
                    [],
                ) => Ok("number".into()),
                ("Vec", [item]) => Ok(format!("{}[]", array_item(&ts_type(item, imports)?))),
                ("Option", [inner]) => Ok(format!("{} | null", ts_type(inner, imports)?)),
                ("Result", [ok, ..]) => ts_type(ok, imports),
                (_, []) if name.chars().next().is_some_and(char::is_uppercase) => {
                    imports.insert(name.clone());
                    Ok(name)
                }
                _ => Err(format!(
                    "no TypeScript form for `{name}` with these type arguments"
                )),
            }
        }
        _ => Err("a type the contract cannot express".into()),
    }
}

/// An array's item type, parenthesised when it is a union.
fn array_item(ts: &str) -> String {
    if ts.contains(" | ") {
        format!("({ts})")
    } else {
        ts.to_string()
    }
}
