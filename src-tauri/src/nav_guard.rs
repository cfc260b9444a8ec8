//! The window never leaves the app: a navigation to anything but the app's own pages is
//! refused in the shell.
//!
//! The preview follows its links inside the app (the UI asks `resolve_link` and opens the
//! PIR, page or browser), but a link the UI did not catch, a form, a `<meta refresh>` or a
//! script injected past the sanitiser would navigate the whole webview and drop the open PIR
//! with its undo history. This guard is the last line: whatever asks, only the app's own
//! origin loads.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime, Url};

/// The plugin that refuses every navigation away from the app's own pages.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("nav-guard")
        .on_navigation(|webview, url| {
            let dev = webview.app_handle().config().build.dev_url.clone();
            let allowed = is_app_page(url, if cfg!(dev) { dev.as_ref() } else { None });
            if !allowed {
                eprintln!("refused a navigation of the window to {url}");
            }
            allowed
        })
        .build()
}

/// Whether `url` is one of the app's own pages: Tauri's app protocol (`tauri://localhost`,
/// or `http(s)://tauri.localhost` where the webview maps it so), or the development server
/// `dev` when there is one.
pub fn is_app_page(url: &Url, dev: Option<&Url>) -> bool {
    let host = url.host_str();
    match url.scheme() {
        "tauri" => host == Some("localhost"),
        "http" | "https" if host == Some("tauri.localhost") => true,
        _ => dev.is_some_and(|d| d.origin() == url.origin()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn only_the_apps_own_origin_loads() {
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/index.html#x",
            "http://tauri.localhost/",
            "https://tauri.localhost/assets/a.js",
        ] {
            assert!(is_app_page(&url(ok), None), "{ok}");
        }
        for refused in [
            "tauri://localhost.evil.example/",
            "tauri://other/",
            "https://example.com/",
            "http://localhost:5173/",
            "file:///etc/passwd",
            "about:blank",
            "data:text/html,<b>x</b>",
            "javascript:alert(1)",
        ] {
            assert!(!is_app_page(&url(refused), None), "{refused}");
        }
    }

    #[test]
    fn the_development_server_loads_only_in_development() {
        let dev = url("http://localhost:5173");
        assert!(is_app_page(
            &url("http://localhost:5173/src/main.ts"),
            Some(&dev)
        ));
        assert!(!is_app_page(&url("http://localhost:5174/"), Some(&dev)));
        assert!(!is_app_page(&url("https://localhost:5173/"), Some(&dev)));
    }
}
