//! What a site's `mkdocs.yml` says that PIR Editor needs: docs folder, nav, plugins, hooks.

use serde::{Deserialize, Serialize};

use super::yaml::{self, Node};
use crate::error::{CoreError, ErrorKind, Result};

/// One entry of an explicit `nav`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NavEntry {
    /// The title (`Home` in `- Home: index.md`); `None` for a bare `- page.md`.
    pub title: Option<String>,
    /// The page path (relative to docs_dir) or URL; `None` for a section.
    pub target: Option<String>,
    /// The entries of a section.
    pub children: Vec<NavEntry>,
    /// 1-based line of the entry in `mkdocs.yml`.
    pub line: usize,
    /// Byte offset where the entry's value (target, or first child) starts.
    #[serde(skip)]
    pub(crate) offset: usize,
    /// 1-based column of the `-` that starts the entry (its indentation + 1).
    pub column: usize,
}

/// Who decides the nav, and so whether PIR Editor should write nav entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NavOwner {
    /// `mkdocs.yml` has an explicit `nav`: new PIRs must be added to it.
    Explicit,
    /// No `nav`: mkdocs builds it from the files, nothing to write.
    Automatic,
    /// A plugin owns the nav (awesome-pages / awesome-nav `.nav.yml`, a hook): leave it alone.
    Plugin,
}

/// The parts of `mkdocs.yml` PIR Editor reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SiteConfig {
    /// `site_name`.
    pub site_name: Option<String>,
    /// `docs_dir`, default `docs`, without a trailing slash (`/` stays `/`).
    pub docs_dir: String,
    /// 1-based line of `docs_dir` in `mkdocs.yml`, when it is set, for errors about it.
    #[serde(skip)]
    pub(crate) docs_dir_line: Option<usize>,
    /// The explicit nav, when there is one.
    pub nav: Option<Vec<NavEntry>>,
    /// Who owns the nav.
    pub nav_owner: NavOwner,
    /// Plugin names in `plugins`.
    pub plugins: Vec<String>,
    /// Files in `hooks` (Python hooks may generate nav or lists).
    pub hooks: Vec<String>,
    /// Names in `markdown_extensions`.
    pub markdown_extensions: Vec<String>,
    /// The folder of mkdocs-material's blog posts (relative to the docs folder, `blog/posts`
    /// by default) when its `blog` plugin is on: a site that keeps its PIRs as blog posts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blog_posts: Option<String>,
    /// `INHERIT`: the parent configuration this one is merged onto, and its 1-based line.
    #[serde(skip)]
    pub(crate) inherit: Option<(String, usize)>,
}

/// The settings PIR Editor reads from `mkdocs.yml` (see [`SiteConfig`]) that an inherited
/// file may give a site: mkdocs merges the parent under the child, so a key the child lacks
/// comes from the parent.
pub(crate) const INHERITED_KEYS: &[&str] = &["docs_dir", "nav", "plugins", "hooks"];

impl SiteConfig {
    /// Reads the config from the text of `mkdocs.yml`.
    ///
    /// Malformed YAML, or a top level that is not a mapping, is an [`ErrorKind::Config`] error
    /// with the line where it went wrong; unknown keys and tags are ignored.
    pub fn parse(text: &str) -> Result<SiteConfig> {
        let root = yaml::parse(text)?;
        if !matches!(root, Node::Map { .. }) {
            let p = root.pos();
            return Err(CoreError::new(
                ErrorKind::Config,
                "mkdocs.yml must be a mapping of settings",
            )
            .at(p.line, p.column));
        }
        let docs_dir_node = root.get("docs_dir");
        let docs_dir = docs_dir_node
            .and_then(Node::as_str)
            .map(trim_dir)
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| "docs".to_string());
        let docs_dir_line = docs_dir_node.map(|n| n.pos().line);
        let plugins = names(root.get("plugins"));
        let hooks = root
            .get("hooks")
            .map(|h| {
                h.items()
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let nav = match root.get("nav") {
            Some(n @ Node::Seq { .. }) => Some(nav_entries(n, text)?),
            Some(other) => {
                let p = other.pos();
                return Err(
                    CoreError::new(ErrorKind::Config, "`nav` must be a list").at(p.line, p.column)
                );
            }
            None => None,
        };
        let plugin_owned = plugins.iter().any(|p| {
            matches!(
                p.as_str(),
                "awesome-pages" | "awesome-nav" | "literate-nav" | "section-index-nav"
            )
        });
        let nav_owner = if plugin_owned {
            NavOwner::Plugin
        } else if nav.is_some() {
            NavOwner::Explicit
        } else {
            NavOwner::Automatic
        };
        Ok(SiteConfig {
            site_name: root
                .get("site_name")
                .and_then(Node::as_str)
                .map(str::to_string),
            docs_dir,
            docs_dir_line,
            nav,
            nav_owner,
            plugins,
            hooks,
            markdown_extensions: names(root.get("markdown_extensions")),
            blog_posts: blog_posts(root.get("plugins")),
            inherit: root
                .get("INHERIT")
                .map(|n| (n.as_str().unwrap_or("").trim().to_string(), n.pos().line)),
        })
    }
}

/// A folder setting without its trailing slashes, except that the root `/` stays itself (so
/// messages name the value written, not the default).
fn trim_dir(d: &str) -> String {
    let d = d.trim();
    let trimmed = d.trim_end_matches('/');
    if trimmed.is_empty() && !d.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Names from a list whose items are `- name` or `- name: {options}`.
/// The posts folder of the `blog` (or `material/blog`) plugin when it is on: its `post_dir`
/// (where `{blog}` stands for `blog_dir`), else `blog_dir` + `/posts`; `blog_dir` defaults to
/// `blog`.
fn blog_posts(plugins: Option<&Node>) -> Option<String> {
    let plugins = plugins?;
    let item = plugins.items().iter().find(|item| {
        let name = match item {
            Node::Scalar { value, .. } => Some(value.as_str()),
            Node::Map { entries, .. } => entries.first().and_then(|(k, _)| k.as_str()),
            _ => None,
        };
        matches!(name, Some("blog" | "material/blog"))
    })?;
    let options = match item {
        Node::Map { entries, .. } => entries.first().map(|(_, v)| v),
        _ => None,
    };
    let option = |key: &str| options.and_then(|o| o.get(key)).and_then(Node::as_str);
    if option("enabled").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
        return None;
    }
    let blog = option("blog_dir").map_or_else(|| "blog".to_string(), trim_dir);
    let posts = match option("post_dir") {
        Some(p) => trim_dir(&p.replace("{blog}", &blog)),
        None if blog == "." || blog.is_empty() => "posts".to_string(),
        None => format!("{blog}/posts"),
    };
    Some(posts.trim_start_matches("./").to_string())
}

fn names(node: Option<&Node>) -> Vec<String> {
    let Some(node) = node else { return Vec::new() };
    node.items()
        .iter()
        .filter_map(|item| match item {
            Node::Scalar { value, .. } => Some(value.clone()),
            Node::Map { entries, .. } => entries
                .first()
                .and_then(|(k, _)| k.as_str().map(str::to_string)),
            _ => None,
        })
        .collect()
}

fn nav_entries(seq: &Node, text: &str) -> Result<Vec<NavEntry>> {
    seq.items()
        .iter()
        .map(|item| nav_entry(item, text))
        .collect()
}

fn nav_entry(item: &Node, text: &str) -> Result<NavEntry> {
    let p = item.pos();
    let column = dash_column(text, p.offset);
    match item {
        Node::Scalar { value, .. } => Ok(NavEntry {
            title: None,
            target: Some(value.clone()),
            children: Vec::new(),
            line: p.line,
            offset: p.offset,
            column,
        }),
        Node::Map { entries, .. } if entries.len() == 1 => {
            let (key, value) = &entries[0];
            let title = key.as_str().map(str::to_string);
            let mut entry = NavEntry {
                title,
                target: None,
                children: Vec::new(),
                line: key.pos().line,
                offset: value.pos().offset,
                column: dash_column(text, key.pos().offset),
            };
            match value {
                Node::Scalar { value, .. } => entry.target = Some(value.clone()),
                Node::Seq { .. } => entry.children = nav_entries(value, text)?,
                _ => {
                    let vp = value.pos();
                    return Err(CoreError::new(
                        ErrorKind::Config,
                        "nav entry must be a page or a list",
                    )
                    .at(vp.line, vp.column));
                }
            }
            Ok(entry)
        }
        _ => Err(CoreError::new(
            ErrorKind::Config,
            "nav entry must be `Title: page.md` or `page.md`",
        )
        .at(p.line, p.column)),
    }
}

/// The 1-based column of the `- ` that introduces the item starting at `offset`.
fn dash_column(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    line.find('-').map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "site_name: S\ndocs_dir: src/\nplugins:\n  - search\n  - tags:\n      x: 1\nhooks:\n  - hooks.py\nnav:\n  - Home: index.md\n  - Incidents:\n      - 2026:\n          - A: incidents/a.md\n      - incidents/b.md\n";

    #[test]
    fn reads_docs_dir_plugins_hooks_and_nested_nav() {
        let c = SiteConfig::parse(SAMPLE).unwrap();
        assert_eq!(c.docs_dir, "src");
        assert_eq!(c.docs_dir_line, Some(2));
        assert_eq!(SiteConfig::parse("docs_dir: /\n").unwrap().docs_dir, "/");
        assert_eq!(SiteConfig::parse("docs_dir: //\n").unwrap().docs_dir, "/");
        assert_eq!(
            SiteConfig::parse("site_name: x\n").unwrap().docs_dir,
            "docs"
        );
        assert_eq!(c.plugins, ["search", "tags"]);
        assert_eq!(c.hooks, ["hooks.py"]);
        assert_eq!(c.nav_owner, NavOwner::Explicit);
        let nav = c.nav.unwrap();
        assert_eq!(nav[0].title.as_deref(), Some("Home"));
        let incidents = &nav[1];
        assert_eq!(incidents.title.as_deref(), Some("Incidents"));
        assert_eq!(incidents.children[0].title.as_deref(), Some("2026"));
        let a = &incidents.children[0].children[0];
        assert_eq!(
            (a.target.as_deref(), a.line, a.column),
            (Some("incidents/a.md"), 13, 11)
        );
        assert_eq!(incidents.children[1].title, None);
    }

    #[test]
    fn no_nav_is_automatic_and_plugins_can_own_it() {
        assert_eq!(
            SiteConfig::parse("site_name: x\n").unwrap().nav_owner,
            NavOwner::Automatic
        );
        let c = SiteConfig::parse("plugins:\n  - awesome-nav\nnav:\n  - a.md\n").unwrap();
        assert_eq!(c.nav_owner, NavOwner::Plugin);
    }

    #[test]
    fn bad_shapes_are_config_errors_with_lines() {
        let e = SiteConfig::parse("- a\n- b\n").unwrap_err();
        assert_eq!((e.kind, e.line), (ErrorKind::Config, Some(1)));
        let e = SiteConfig::parse("nav: index.md\n").unwrap_err();
        assert_eq!((e.kind, e.line), (ErrorKind::Config, Some(1)));
        let e = SiteConfig::parse("nav:\n  - [a, b]\n").unwrap_err();
        assert_eq!((e.kind, e.line), (ErrorKind::Config, Some(2)));
    }

    #[test]
    fn the_blog_plugin_names_its_posts_folder() {
        let posts = |t: &str| SiteConfig::parse(t).unwrap().blog_posts;
        assert_eq!(posts("plugins:\n  - blog\n").as_deref(), Some("blog/posts"));
        assert_eq!(
            posts("plugins:\n  - material/blog:\n      blog_dir: news/\n").as_deref(),
            Some("news/posts")
        );
        assert_eq!(
            posts("plugins:\n  - blog:\n      blog_dir: .\n      post_dir: \"{blog}/pirs\"\n")
                .as_deref(),
            Some("pirs")
        );
        assert_eq!(posts("plugins:\n  - blog:\n      enabled: false\n"), None);
        assert_eq!(posts("plugins:\n  - search\n"), None);
    }
}
