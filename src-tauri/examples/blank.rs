//! The floor under `make bench-app`'s start and memory figures: the app's own shell (the same
//! Tauri configuration, window, `tauri://` protocol, CSP, WebKitGTK and GTK, built with the
//! same profile) on a page that holds one line of text and the stamp the app's PIR list makes
//! (`ui/src/lib/bench.ts`). What the app takes beyond this is the app's own; what this takes
//! is what any window of this shell costs on the machine.
//!
//! `cargo build --release -p pir-app --example blank`, then run it like the app; with
//! `PIR_BENCH` set the page's console goes to stdout, as the app's does
//! (`scripts/bench-app.mjs` runs both).

use std::borrow::Cow;

use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{Assets, Runtime};

/// The app's own web view settings (the console sent to stdout under `PIR_BENCH`).
#[cfg(target_os = "linux")]
#[path = "../src/webview.rs"]
mod webview;

/// The page: no inline script, so the app's CSP (`script-src 'self'`) applies unchanged.
const INDEX: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\" />\
<title>PIR Editor</title><script type=\"module\" src=\"/blank.js\"></script></head>\
<body><p>Blank page.</p></body></html>\n";

/// The stamp, as `listShown` makes it: in a task queued by the first animation frame after
/// the page's content is in the document.
const SCRIPT: &str = "requestAnimationFrame(() => setTimeout(() => {\n\
  const t = performance.timeOrigin + performance.now();\n\
  window.__pirBench = { listReady: t };\n\
  console.info(`pir-bench list-ready ${t}`);\n\
}));\n";

/// The two files above in place of the app's `ui/dist`.
struct BlankPage;

impl<R: Runtime> Assets<R> for BlankPage {
    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        match key.as_ref() {
            "/" | "/index.html" => Some(Cow::Borrowed(INDEX.as_bytes())),
            "/blank.js" => Some(Cow::Borrowed(SCRIPT.as_bytes())),
            _ => None,
        }
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(
            [("/index.html", INDEX), ("/blank.js", SCRIPT)]
                .into_iter()
                .map(|(k, v)| (Cow::Borrowed(k), Cow::Borrowed(v.as_bytes()))),
        )
    }

    fn csp_hashes(&self, _html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

fn main() {
    let mut context = tauri::generate_context!();
    context.set_assets(Box::new(BlankPage));
    let result = tauri::Builder::default()
        .setup(|app| {
            #[cfg(target_os = "linux")]
            {
                use tauri::Manager;
                if let Some(window) = app.get_webview_window("main") {
                    window.with_webview(|w| webview::configure(&w.inner()))?;
                }
            }
            #[cfg(not(target_os = "linux"))]
            let _ = app;
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("the blank window could not start: {e}");
        std::process::exit(1);
    }
}
