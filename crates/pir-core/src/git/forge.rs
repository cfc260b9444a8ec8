//! Where a pushed branch becomes a pull request: the web page of the remote's forge (GitHub,
//! GitLab, Gitea / Forgejo, Bitbucket Cloud and Server, Azure DevOps) that opens one, read
//! from the remote's URL alone, or a compare page to copy when the forge is not known.
//!
//! Nothing here talks to the network: the URL patterns are each forge's documented
//! "new pull request" pages, so the author's browser (signed in already) does the rest.

use serde::{Deserialize, Serialize};

/// The forges whose "new pull request" page is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Forge {
    /// github.com.
    Github,
    /// gitlab.com or a self-hosted `gitlab.*` host: a merge request.
    Gitlab,
    /// Gitea or Forgejo (codeberg.org, `gitea.*`, `forgejo.*` hosts).
    Gitea,
    /// bitbucket.org.
    Bitbucket,
    /// Bitbucket Server / Data Center (`/scm/PROJECT/repo.git` clone URLs).
    BitbucketServer,
    /// Azure DevOps (dev.azure.com, `*.visualstudio.com`).
    AzureDevops,
    /// A web host whose forge is not known: the link is a guess to copy, not a button.
    Unknown,
}

/// The page that turns a pushed branch into a pull (or merge) request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewLink {
    /// The page's URL.
    pub url: String,
    /// The forge it belongs to; [`Forge::Unknown`] means the URL is a compare page in the
    /// common `/compare/BASE...BRANCH` shape, offered to copy rather than to open.
    pub forge: Forge,
}

/// The request page for `branch` pushed to `remote_url`, asking to merge it into `base`
/// (the remote's default branch) where the forge takes one. `None` for local paths and
/// `file://` remotes, which have no web page. Accepts `https://host/owner/repo(.git)`,
/// `ssh://git@host[:port]/owner/repo.git` and scp-style `git@host:owner/repo.git`.
pub fn review_link(remote_url: &str, branch: &str, base: &str) -> Option<ReviewLink> {
    let (host, path) = host_and_path(remote_url)?;
    let host = host.to_ascii_lowercase();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.len() < 2 {
        return None;
    }
    let enc = encode(branch);
    let base_enc = encode(base);
    let link = |forge, url: String| Some(ReviewLink { url, forge });
    if let Some(url) = azure_link(&host, &segments, &enc, &base_enc) {
        return link(Forge::AzureDevops, url);
    }
    let path = segments.join("/");
    if host == "github.com" {
        link(
            Forge::Github,
            format!("https://{host}/{path}/compare/{base_enc}...{enc}?expand=1"),
        )
    } else if host == "gitlab.com" || host.starts_with("gitlab.") {
        link(
            Forge::Gitlab,
            format!(
                "https://{host}/{path}/-/merge_requests/new?merge_request%5Bsource_branch%5D={enc}&merge_request%5Btarget_branch%5D={base_enc}"
            ),
        )
    } else if host == "codeberg.org" || host.starts_with("gitea.") || host.starts_with("forgejo.") {
        link(
            Forge::Gitea,
            format!("https://{host}/{path}/compare/{base_enc}...{enc}"),
        )
    } else if host == "bitbucket.org" {
        link(
            Forge::Bitbucket,
            format!("https://{host}/{path}/pull-requests/new?source={enc}&dest={base_enc}"),
        )
    } else if let Some((project, repo)) = bitbucket_server(&host, &segments) {
        link(
            Forge::BitbucketServer,
            format!(
                "https://{host}/projects/{project}/repos/{repo}/pull-requests?create&sourceBranch=refs/heads/{enc}&targetBranch=refs/heads/{base_enc}"
            ),
        )
    } else {
        link(
            Forge::Unknown,
            format!("https://{host}/{path}/compare/{base_enc}...{enc}"),
        )
    }
}

/// The web host and the repository path (without `.git`) of a remote URL, or `None` for a
/// local path or `file://` URL.
fn host_and_path(remote_url: &str) -> Option<(&str, &str)> {
    let url = remote_url.trim();
    let (host, path) = if let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("ssh://"))
        .or_else(|| url.strip_prefix("git://"))
    {
        let (authority, path) = rest.split_once('/')?;
        let host = authority.rsplit('@').next()?;
        (host.split(':').next()?, path)
    } else {
        // scp-style `user@host:owner/repo.git`; another scheme (`file://`), a Windows drive
        // (`C:\...`) or a path is not.
        let (authority, path) = url.split_once(':')?;
        if url.contains("://")
            || authority.contains('/')
            || authority.len() < 2
            || path.starts_with('\\')
        {
            return None;
        }
        (authority.rsplit('@').next()?, path)
    };
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.".contains(c))
    {
        return None;
    }
    let path = path.trim_end_matches('/');
    Some((host, path.strip_suffix(".git").unwrap_or(path)))
}

/// Azure DevOps: `dev.azure.com/ORG/PROJECT/_git/REPO`, `ORG.visualstudio.com/PROJECT/_git/REPO`
/// and the SSH forms `ssh.dev.azure.com:v3/ORG/PROJECT/REPO`,
/// `vs-ssh.visualstudio.com:v3/ORG/PROJECT/REPO`.
fn azure_link(host: &str, seg: &[&str], enc: &str, base: &str) -> Option<String> {
    let (web, project, repo) = match (host, seg) {
        ("dev.azure.com", [org, project, "_git", repo]) => {
            (format!("https://dev.azure.com/{org}"), *project, *repo)
        }
        ("ssh.dev.azure.com", ["v3", org, project, repo]) => {
            (format!("https://dev.azure.com/{org}"), *project, *repo)
        }
        ("vs-ssh.visualstudio.com", ["v3", org, project, repo]) => {
            (format!("https://{org}.visualstudio.com"), *project, *repo)
        }
        (h, [project, "_git", repo]) if h.ends_with(".visualstudio.com") => {
            (format!("https://{h}"), *project, *repo)
        }
        _ => return None,
    };
    Some(format!(
        "{web}/{project}/_git/{repo}/pullrequestcreate?sourceRef={enc}&targetRef={base}"
    ))
}

/// Bitbucket Server's clone URLs: `https://host/scm/PROJECT/repo.git` (the project key is
/// upper case on its web pages) or `ssh://git@host:7999/project/repo.git` on a
/// `bitbucket.*` host.
fn bitbucket_server<'a>(host: &str, seg: &[&'a str]) -> Option<(String, &'a str)> {
    match seg {
        ["scm", project, repo] => Some((project.to_ascii_uppercase(), *repo)),
        [project, repo] if host.starts_with("bitbucket.") => {
            Some((project.to_ascii_uppercase(), *repo))
        }
        _ => None,
    }
}

/// Percent-encodes a branch name for a URL, keeping `/` and the characters safe in a path.
fn encode(branch: &str) -> String {
    branch
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every forge, every remote URL form: the table is the specification.
    #[test]
    fn each_forge_gets_its_own_request_page() {
        let cases: &[(&str, Forge, &str)] = &[
            (
                "https://github.com/acme/docs.git",
                Forge::Github,
                "https://github.com/acme/docs/compare/main...pir/x?expand=1",
            ),
            (
                "https://user@github.com/acme/docs",
                Forge::Github,
                "https://github.com/acme/docs/compare/main...pir/x?expand=1",
            ),
            (
                "git@github.com:acme/docs.git",
                Forge::Github,
                "https://github.com/acme/docs/compare/main...pir/x?expand=1",
            ),
            (
                "ssh://git@github.com:22/acme/docs.git",
                Forge::Github,
                "https://github.com/acme/docs/compare/main...pir/x?expand=1",
            ),
            (
                "git@gitlab.example.org:ops/team/docs.git",
                Forge::Gitlab,
                "https://gitlab.example.org/ops/team/docs/-/merge_requests/new?merge_request%5Bsource_branch%5D=pir/x&merge_request%5Btarget_branch%5D=main",
            ),
            (
                "https://codeberg.org/acme/docs.git",
                Forge::Gitea,
                "https://codeberg.org/acme/docs/compare/main...pir/x",
            ),
            (
                "ssh://git@forgejo.example.org:2222/acme/docs.git",
                Forge::Gitea,
                "https://forgejo.example.org/acme/docs/compare/main...pir/x",
            ),
            (
                "git@bitbucket.org:acme/docs.git",
                Forge::Bitbucket,
                "https://bitbucket.org/acme/docs/pull-requests/new?source=pir/x&dest=main",
            ),
            (
                "https://git.example.org/scm/ops/docs.git",
                Forge::BitbucketServer,
                "https://git.example.org/projects/OPS/repos/docs/pull-requests?create&sourceBranch=refs/heads/pir/x&targetBranch=refs/heads/main",
            ),
            (
                "ssh://git@bitbucket.example.org:7999/ops/docs.git",
                Forge::BitbucketServer,
                "https://bitbucket.example.org/projects/OPS/repos/docs/pull-requests?create&sourceBranch=refs/heads/pir/x&targetBranch=refs/heads/main",
            ),
            (
                "https://acme@dev.azure.com/acme/Ops/_git/docs",
                Forge::AzureDevops,
                "https://dev.azure.com/acme/Ops/_git/docs/pullrequestcreate?sourceRef=pir/x&targetRef=main",
            ),
            (
                "git@ssh.dev.azure.com:v3/acme/Ops/docs",
                Forge::AzureDevops,
                "https://dev.azure.com/acme/Ops/_git/docs/pullrequestcreate?sourceRef=pir/x&targetRef=main",
            ),
            (
                "https://acme.visualstudio.com/Ops/_git/docs",
                Forge::AzureDevops,
                "https://acme.visualstudio.com/Ops/_git/docs/pullrequestcreate?sourceRef=pir/x&targetRef=main",
            ),
            (
                "acme@vs-ssh.visualstudio.com:v3/acme/Ops/docs",
                Forge::AzureDevops,
                "https://acme.visualstudio.com/Ops/_git/docs/pullrequestcreate?sourceRef=pir/x&targetRef=main",
            ),
            (
                "https://git.example.org/a/b.git",
                Forge::Unknown,
                "https://git.example.org/a/b/compare/main...pir/x",
            ),
        ];
        for (remote, forge, url) in cases {
            let got = review_link(remote, "pir/x", "main");
            assert_eq!(
                got,
                Some(ReviewLink {
                    url: url.to_string(),
                    forge: *forge
                }),
                "{remote}"
            );
        }
    }

    #[test]
    fn local_remotes_have_no_page() {
        for remote in [
            "/srv/git/docs.git",
            "file:///srv/git/docs.git",
            "../docs.git",
            "C:\\git\\docs.git",
            "https://github.com/onlyowner",
            "https://exa mple.org/a/b",
        ] {
            assert_eq!(review_link(remote, "main", "main"), None, "{remote}");
        }
    }

    #[test]
    fn branch_names_are_encoded() {
        let link = review_link("https://github.com/a/b", "pir/a b#c", "main").unwrap();
        assert!(
            link.url.ends_with("...pir/a%20b%23c?expand=1"),
            "{}",
            link.url
        );
    }
}
