//! A new PIR site for a team that has none: `pir init`.
//!
//! [`scaffold`] writes an mkdocs-material project ready for PIRs and commits it to a new git
//! repository:
//!
//! - `mkdocs.yml` with the markdown extensions PIRs use (admonition, details, superfences,
//!   highlight, tabbed, tables, attr_list, md_in_html, toc permalinks) and an explicit nav;
//! - `docs/index.md`, the home page, with an empty "Recent Incidents" list that `pir new`
//!   fills;
//! - `docs/incidents/index.md`, so the incidents folder exists in git;
//! - `docs/pir-template.md`: the section guide and the template, generated from
//!   [`Template::builtin`] so there is one source; `pir new` reads it back as the site's
//!   template;
//! - `.github/workflows/pir-check.yml`: CI that builds `pir` from source (`cargo install
//!   --git`, from [`DEFAULT_PIR_REPO`] unless another repository is given), runs `pir check`
//!   and `mkdocs build --strict`;
//! - `.gitignore` (`site/`, mkdocs' output) and `README.md`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, ErrorKind, Result};
use crate::git::{CommitOptions, commit, init_repository};
use crate::site::nav::yaml_quote;
use crate::template::Template;

/// The repository `pir` is built from in the generated CI workflow when none is given: the
/// project's own.
pub const DEFAULT_PIR_REPO: &str = env!("CARGO_PKG_REPOSITORY");

/// The site name when none is given.
pub const DEFAULT_NAME: &str = "Incident Reviews";

/// How to make the site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaffoldOptions {
    /// The site name (`site_name`, the home page title); default [`DEFAULT_NAME`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The git repository CI installs `pir` from; default [`DEFAULT_PIR_REPO`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pir_repo: Option<String>,
}

/// What [`scaffold`] made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Scaffolded {
    /// The site folder.
    pub root: PathBuf,
    /// The files written, relative to it, `/`-separated.
    pub files: Vec<String>,
    /// The initial commit, when it could be made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Why there is no initial commit (no git identity configured, ...): the files are there
    /// and the repository exists, only the commit is left to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_skipped: Option<String>,
}

/// The site's files as (path relative to the root, content).
pub fn site_files(opts: &ScaffoldOptions) -> Vec<(String, String)> {
    let name = opts.name.as_deref().map_or(DEFAULT_NAME, str::trim);
    let repo = opts.pir_repo.as_deref().unwrap_or(DEFAULT_PIR_REPO);
    vec![
        ("mkdocs.yml".into(), mkdocs_yml(name)),
        ("docs/index.md".into(), home_page(name)),
        ("docs/incidents/index.md".into(), INCIDENTS_PAGE.into()),
        ("docs/pir-template.md".into(), template_page()),
        (".github/workflows/pir-check.yml".into(), workflow(repo)),
        (".gitignore".into(), "site/\n".into()),
        ("README.md".into(), readme(name, repo)),
    ]
}

/// Writes a new PIR site into `dir` (created if missing; refused when it has anything in it),
/// makes it a git repository and commits the files.
pub fn scaffold(dir: &Path, opts: &ScaffoldOptions) -> Result<Scaffolded> {
    if let Some(name) = &opts.name {
        if name.trim().is_empty() || name.contains(['\n', '\r']) {
            return Err(CoreError::new(
                ErrorKind::InvalidInput,
                "the site name must be one non-empty line",
            ));
        }
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(CoreError::new(
                    ErrorKind::InvalidInput,
                    "the folder is not empty: give a new or empty folder for the site",
                )
                .with_path(dir));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| CoreError::io("cannot create", dir, &e))?;
        }
        Err(e) => return Err(CoreError::io("cannot read", dir, &e)),
    }
    let files = site_files(opts);
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| CoreError::io("cannot create folder", parent, &e))?;
        }
        std::fs::write(&path, text).map_err(|e| CoreError::io("cannot write", &path, &e))?;
    }
    init_repository(dir)?;
    let paths: Vec<PathBuf> = files.iter().map(|(rel, _)| PathBuf::from(rel)).collect();
    let (commit_id, commit_skipped) = match commit(
        dir,
        &paths,
        "Start the post-incident review site",
        &CommitOptions::default(),
    ) {
        Ok(outcome) => (Some(outcome.commit), None),
        Err(e) => (None, Some(e.message)),
    };
    Ok(Scaffolded {
        root: dir.to_path_buf(),
        files: files.into_iter().map(|(rel, _)| rel).collect(),
        commit: commit_id,
        commit_skipped,
    })
}

/// [`scaffold`] for the app's "New site": the folder must be given as a full path (the app's
/// working folder means nothing to its user), and the site gets `name`.
pub fn scaffold_new_site(dir: &Path, name: &str) -> Result<Scaffolded> {
    if !dir.is_absolute() {
        return Err(CoreError::new(
            ErrorKind::InvalidInput,
            "give the folder as a full path, such as /home/me/incident-reviews",
        )
        .with_path(dir));
    }
    scaffold(
        dir,
        &ScaffoldOptions {
            name: Some(name.to_string()),
            pir_repo: None,
        },
    )
}

fn mkdocs_yml(name: &str) -> String {
    format!(
        "site_name: {name}\n\
         site_description: Post-incident reviews\n\
         docs_dir: docs\n\
         \n\
         theme:\n\
         \x20 name: material\n\
         \x20 features:\n\
         \x20   - navigation.sections\n\
         \x20   - navigation.indexes\n\
         \x20   - navigation.top\n\
         \x20   - search.highlight\n\
         \x20   - content.code.copy\n\
         \n\
         plugins:\n\
         \x20 - search\n\
         \x20 - tags\n\
         \n\
         # The extensions PIRs use: admonitions (!!! warning), collapsible details, fenced code\n\
         # inside lists and tabs, highlighted code, tables and attribute lists.\n\
         markdown_extensions:\n\
         \x20 - admonition\n\
         \x20 - pymdownx.details\n\
         \x20 - pymdownx.superfences\n\
         \x20 - pymdownx.highlight\n\
         \x20 - pymdownx.tabbed:\n\
         \x20     alternate_style: true\n\
         \x20 - tables\n\
         \x20 - attr_list\n\
         \x20 - md_in_html\n\
         \x20 - toc:\n\
         \x20     permalink: true\n\
         \n\
         # `pir new` adds each PIR under Incidents, newest first.\n\
         nav:\n\
         \x20 - Home: index.md\n\
         \x20 - Incidents:\n\
         \x20     - incidents/index.md\n\
         \x20 - PIR Template: pir-template.md\n",
        name = yaml_quote(name)
    )
}

fn home_page(name: &str) -> String {
    format!(
        "# {name}\n\n\
         Post-incident reviews (PIRs): what broke, why, how it was fixed and what changed so it\n\
         does not happen again. Reviews are blameless.\n\n\
         ## Recent Incidents\n\n\
         ## Writing a PIR\n\n\
         1. Run `pir new --title \"Short title\" --date YYYY-MM-DD --severity High` (or copy the [template](pir-template.md)\n\
         \x20  into `docs/incidents/YYYY-MM-DD-brief-description.md`)\n\
         2. Fill in each section; the [section guide](pir-template.md#section-guide) says what goes where\n\
         3. Run `pir check` before you push: it lists anything missing from the nav or from the list above\n"
    )
}

const INCIDENTS_PAGE: &str = "# Incidents\n\n\
    Every post-incident review of this site, newest first in the navigation. The home page\n\
    lists the recent ones with their severity and a one-line summary.\n";

/// The template page: the built-in guide and template, in the shape [`Template::from_page`]
/// reads back.
fn template_page() -> String {
    let t = Template::builtin();
    let mut page = String::from(
        "# PIR Template\n\n\
         Start a review with `pir new --title \"Short title\" --date YYYY-MM-DD --severity High`, which fills in this template, or copy it\n\
         by hand. The section guide says why each section exists and what goes in it.\n\n\
         ## Section Guide\n\n",
    );
    for g in &t.guide {
        page.push_str(&format!("### {}\n\n{}\n\n", g.heading, g.guidance.trim()));
    }
    // Four backticks, so the template's own ``` code blocks stay inside the fence.
    page.push_str("## Template\n\n````markdown\n");
    page.push_str(&t.text);
    if !t.text.ends_with('\n') {
        page.push('\n');
    }
    page.push_str("````\n");
    page
}

fn workflow(repo: &str) -> String {
    format!(
        "# Checks every push and pull request: the PIRs are complete, listed in the nav and on the\n\
         # home page (`pir check`), and the site builds without warnings (`mkdocs build --strict`).\n\
         name: PIR check\n\
         \n\
         on:\n\
         \x20 push:\n\
         \x20 pull_request:\n\
         \n\
         env:\n\
         \x20 # Where `pir` is built from; point it at your mirror of PIR Editor if you have one.\n\
         \x20 PIR_REPO: {repo}\n\
         \n\
         jobs:\n\
         \x20 check:\n\
         \x20   runs-on: ubuntu-latest\n\
         \x20   steps:\n\
         \x20     - uses: actions/checkout@v4\n\
         \x20     - uses: dtolnay/rust-toolchain@stable\n\
         \x20     - name: Cache the pir build\n\
         \x20       uses: actions/cache@v4\n\
         \x20       with:\n\
         \x20         path: ~/.cargo\n\
         \x20         key: pir-${{{{ runner.os }}}}-${{{{ env.PIR_REPO }}}}\n\
         \x20     - name: Build pir from source\n\
         \x20       run: cargo install --locked --git \"$PIR_REPO\" pir-cli\n\
         \x20     - name: pir check\n\
         \x20       run: pir check .\n\
         \x20     - uses: actions/setup-python@v5\n\
         \x20       with:\n\
         \x20         python-version: \"3.x\"\n\
         \x20     - name: mkdocs build --strict\n\
         \x20       run: |\n\
         \x20         pip install mkdocs-material\n\
         \x20         mkdocs build --strict\n"
    )
}

fn readme(name: &str, repo: &str) -> String {
    format!(
        "# {name}\n\n\
         The post-incident reviews of the team, as an [MkDocs](https://www.mkdocs.org/) site with\n\
         the Material theme.\n\n\
         - Write a review: `pir new --title \"Short title\" --date YYYY-MM-DD --severity High`, then edit the new file in\n\
         \x20 `docs/incidents/`.\n\
         - Check before pushing: `pir check` (CI runs it too, see `.github/workflows/pir-check.yml`).\n\
         - Preview: `pip install mkdocs-material && mkdocs serve`.\n\n\
         `pir` is built from source: `cargo install --locked --git {repo} pir-cli`.\n"
    )
}
