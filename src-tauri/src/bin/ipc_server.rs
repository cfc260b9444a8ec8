//! A test server over the app's real commands: the shell's own handlers (the list the build
//! script writes from `commands.rs`) on Tauri's mock runtime, answering
//! `POST /invoke/<command>` with the command's JSON result. The UI's component tests (and
//! its browser dev mode) reach pir-core through it, so they exercise the domain itself and
//! not a stand-in written again in TypeScript.
//!
//! Usage: `pir-ipc-server DATA_DIR`. It prints `listening on http://127.0.0.1:PORT` and
//! serves until its standard input closes, so it never outlives the test run that started it.

#[path = "../commands.rs"]
mod commands;
#[path = "../event.rs"]
mod event;
// The window's image scheme (which reads `Sessions::image_boundaries`) has no window here.
#[path = "../state.rs"]
#[allow(dead_code)]
mod state;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

/// The largest request body read (a whole PIR text with room to spare).
const MAX_BODY: usize = 64 * 1024 * 1024;

fn main() {
    let Some(data) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: pir-ipc-server DATA_DIR");
        std::process::exit(2);
    };
    if let Err(e) = serve(data) {
        eprintln!("pir-ipc-server: {e}");
        std::process::exit(1);
    }
}

/// Builds the app on the mock runtime with the state the real one manages, then answers
/// requests until standard input closes.
fn serve(data: PathBuf) -> Result<(), Box<dyn std::error::Error>> {
    let app = mock_builder()
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/handlers.rs")))
        .build(mock_context(noop_assets()))?;
    app.manage(state::AppState {
        arg: None,
        recent_file: data.join("recent-sites.json"),
        data_dir: data,
    });
    app.manage(state::Sessions::default());
    app.manage(state::SearchIndexes::default());
    app.manage(state::LinkTargets::default());
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build()?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("listening on http://{}", listener.local_addr()?);
    std::io::stdout().flush()?;
    std::thread::spawn(|| {
        // The runner holds our standard input: end of input means it is gone.
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        std::process::exit(0);
    });
    for stream in listener.incoming().flatten() {
        let webview = webview.clone();
        std::thread::spawn(move || {
            if let Err(e) = answer(stream, &webview) {
                eprintln!("pir-ipc-server: {e}");
            }
        });
    }
    Ok(())
}

/// Reads one HTTP request and answers it: `POST /invoke/<command>` with the JSON arguments
/// as its body runs the command; `OPTIONS` answers a browser's preflight.
fn answer(stream: TcpStream, webview: &WebviewWindow<MockRuntime>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    if method == "OPTIONS" {
        return respond(stream, "204 No Content", "");
    }
    let Some(command) = target.strip_prefix("/invoke/").filter(|_| method == "POST") else {
        return respond(
            stream,
            "404 Not Found",
            "{\"message\":\"POST /invoke/<command>\"}",
        );
    };
    if length > MAX_BODY {
        return respond(
            stream,
            "413 Payload Too Large",
            "{\"message\":\"body too large\"}",
        );
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let args: serde_json::Value = if body.is_empty() {
        serde_json::json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let msg = serde_json::json!({ "message": format!("bad JSON arguments: {e}") });
                return respond(stream, "400 Bad Request", &msg.to_string());
            }
        }
    };
    let request = InvokeRequest {
        cmd: command.to_string(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("a valid URL"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    match get_ipc_response(webview, request) {
        Ok(out) => {
            let value = out
                .deserialize::<serde_json::Value>()
                .unwrap_or(serde_json::Value::Null);
            respond(stream, "200 OK", &value.to_string())
        }
        // The command's error as it crosses IPC (a `CoreError`), or Tauri's refusal.
        Err(e) => respond(stream, "500 Internal Server Error", &e.to_string()),
    }
}

/// Writes a complete response and closes the connection.
fn respond(mut stream: TcpStream, status: &str, body: &str) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: POST, OPTIONS\r\n\
         Access-Control-Allow-Headers: content-type\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}
