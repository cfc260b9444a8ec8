//! WebKitGTK settings Tauri does not expose, set on the window's web view at start.
//!
//! Only one so far: with `PIR_BENCH` set, the page's console goes to the app's stdout, so
//! `make bench-app` can time a start without WebDriver from the line the page prints when
//! the PIR list is ready (`ui/src/lib/bench.ts`). Lighter WebKit settings (the
//! `DocumentViewer` cache model, no page cache, WebGL, media or GPU compositing) were
//! measured and changed nothing measurable (docs/benchmarks.md), so WebKit keeps its defaults.

use webkit2gtk::{SettingsExt, WebView, WebViewExt};

/// Applies the settings above to the window's web view.
pub fn configure(view: &WebView) {
    if std::env::var_os("PIR_BENCH").is_some() {
        if let Some(settings) = WebViewExt::settings(view) {
            settings.set_enable_write_console_messages_to_stdout(true);
        }
    }
}
