//! Where a remote's URL points: a folder on this machine (`file://` or a plain path, which
//! are pushed to with the machine's own git) or the network. A leaf of `git`: the local
//! transfer and the network one both ask it.

use std::path::{Path, PathBuf};

/// Where a `file://` URL or plain-path remote points, or `None` for a network URL (with a
/// scheme, or scp-style `host:path`). A relative path is taken from `workdir`.
pub(super) fn local_path(url: &str, workdir: &Path) -> Option<PathBuf> {
    let path = if let Some(rest) = url.strip_prefix("file://") {
        rest.to_string()
    } else if url.contains("://") || url.is_empty() {
        return None;
    } else {
        // scp-style `[user@]host:path`: a colon before the first slash. A Windows drive
        // letter (`C:\...`, `C:/...`) is a path.
        let colon = url.find(':');
        let slash = url.find(['/', '\\']);
        let drive = colon == Some(1) && url.as_bytes()[0].is_ascii_alphabetic();
        if let Some(c) = colon
            && !drive
            && slash.is_none_or(|s| c < s)
        {
            return None;
        }
        url.to_string()
    };
    let path = PathBuf::from(path);
    Some(if path.is_relative() {
        workdir.join(path)
    } else {
        path
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_and_network_urls() {
        let wd = Path::new("/w");
        assert_eq!(
            local_path("file:///srv/a.git", wd),
            Some(PathBuf::from("/srv/a.git"))
        );
        assert_eq!(
            local_path("/srv/a.git", wd),
            Some(PathBuf::from("/srv/a.git"))
        );
        assert_eq!(
            local_path("../a.git", wd),
            Some(PathBuf::from("/w/../a.git"))
        );
        assert!(
            local_path("C:/repos/a.git", wd).is_some(),
            "a drive letter is a path"
        );
        for url in [
            "https://h/a.git",
            "ssh://h/a",
            "git://h/a",
            "git@host:a.git",
            "host:/srv/a",
            "",
        ] {
            assert_eq!(local_path(url, wd), None, "{url}");
        }
    }
}
