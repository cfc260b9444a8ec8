//! `pir status`, `pir commit`, `pir push`, `pir pull` on real repositories, each command run
//! with a temporary `HOME` (and no system git config), never the developer's.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::pir;

/// A temporary home with a git identity, and commands that run inside it.
struct Sandbox {
    temp: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let temp = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(temp.path().join("home")).unwrap();
        fs::write(
            temp.path().join("home/.gitconfig"),
            "[user]\n\tname = Cli Author\n\temail = cli@example.test\n[init]\n\tdefaultBranch = main\n",
        )
        .unwrap();
        Sandbox { temp }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.temp.path().join(rel)
    }

    /// `cmd` with the sandbox's environment.
    fn env(&self, mut cmd: Command) -> Command {
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("xdg"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0");
        cmd
    }

    /// Runs `pir ARGS` and returns its output.
    fn pir(&self, args: &[&str]) -> Output {
        let mut cmd = self.env(pir());
        cmd.args(args).output().expect("run pir")
    }

    /// Runs git in `dir`, asserting success; its trimmed stdout.
    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let mut cmd = self.env(Command::new("git"));
        let out = cmd.args(args).current_dir(dir).output().expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim_end().to_string()
    }

    /// A site repository (`site/`) with a bare `origin` (`origin.git`), first commit made.
    fn site(&self) -> (PathBuf, PathBuf) {
        let bare = self.path("origin.git");
        let site = self.path("site");
        fs::create_dir_all(&bare).unwrap();
        fs::create_dir_all(site.join("docs/incidents")).unwrap();
        self.git(&bare, &["init", "-q", "--bare", "-b", "main"]);
        self.git(&site, &["init", "-q", "-b", "main"]);
        fs::write(site.join("mkdocs.yml"), "site_name: Example\n").unwrap();
        fs::write(site.join("docs/index.md"), "# Home\n").unwrap();
        fs::write(site.join("README.txt"), "readme\n").unwrap();
        self.git(&site, &["add", "-A"]);
        self.git(&site, &["commit", "-q", "-m", "start"]);
        self.git(
            &site,
            &[
                "remote",
                "add",
                "origin",
                &format!("file://{}", bare.display()),
            ],
        );
        (site, bare)
    }
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn commit_without_paths_takes_the_pir_and_its_nav_only() {
    let sb = Sandbox::new();
    let (site, bare) = sb.site();
    let site_s = site.to_str().unwrap();
    fs::write(
        site.join("docs/incidents/2024-06-01-outage.md"),
        "# Post Incident Review: Outage\n",
    )
    .unwrap();
    fs::write(
        site.join("mkdocs.yml"),
        "site_name: Example\nnav:\n  - Home: index.md\n  - incidents/2024-06-01-outage.md\n",
    )
    .unwrap();
    fs::write(site.join("README.txt"), "readme, edited\n").unwrap();
    fs::write(site.join("docs/diagram.svg"), "<svg/>\n").unwrap();

    let out = sb.pir(&["commit", "-C", site_s]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        sb.git(
            &site,
            &["diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD"]
        ),
        "docs/incidents/2024-06-01-outage.md\nmkdocs.yml"
    );
    assert_eq!(
        sb.git(&site, &["log", "-1", "--format=%an|%s"]),
        "Cli Author|PIR: Outage"
    );
    assert_eq!(
        sb.git(
            &site,
            &["status", "--porcelain=v1", "--untracked-files=all"]
        ),
        " M README.txt\n?? docs/diagram.svg"
    );

    let out = sb.pir(&["status", "-C", site_s]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("On branch main, no upstream"),
        "{stdout}"
    );
    assert!(
        stdout.contains(" M README.txt") && stdout.contains("?? docs/diagram.svg"),
        "{stdout}"
    );

    let out = sb.pir(&["push", "-C", site_s]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("pushed main"),
        "{}",
        text(&out)
    );
    assert_eq!(
        sb.git(&bare, &["rev-parse", "main"]),
        sb.git(&site, &["rev-parse", "HEAD"])
    );
    let out = sb.pir(&["push", "-C", site_s, "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "up_to_date");

    let out = sb.pir(&["pull", "-C", site_s]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "up to date");

    // Nothing left to take: a clear failure.
    let out = sb.pir(&["commit", "-C", site_s]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn commit_given_paths_on_a_new_branch_with_a_default_message() {
    let sb = Sandbox::new();
    let (site, _) = sb.site();
    fs::write(site.join("docs/incidents/a.md"), "# A\n").unwrap();
    fs::write(site.join("docs/incidents/b.md"), "# B\n").unwrap();
    let out = sb.pir(&[
        "commit",
        "-C",
        site.to_str().unwrap(),
        "--branch",
        "pir/a",
        "--json",
        "docs/incidents/a.md",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["branch"], "pir/a");
    assert_eq!(json["created_branch"], true);
    assert_eq!(
        sb.git(&site, &["log", "-1", "--format=%s"]),
        "pir: update a"
    );
    assert_eq!(sb.git(&site, &["symbolic-ref", "--short", "HEAD"]), "pir/a");
    assert_eq!(
        sb.git(&site, &["status", "--porcelain=v1"]),
        "?? docs/incidents/b.md"
    );
}

#[test]
fn errors_name_the_file_and_line() {
    let sb = Sandbox::new();
    let (site, _) = sb.site();
    fs::write(
        site.join("docs/index.md"),
        "# Home\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n",
    )
    .unwrap();
    let out = sb.pir(&["commit", "-C", site.to_str().unwrap(), "docs/index.md"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("docs/index.md:2: ") && stderr.contains("conflict markers"),
        "{stderr}"
    );
}

#[test]
fn identity_from_environment_variables() {
    let sb = Sandbox::new();
    let (site, _) = sb.site();
    fs::write(site.join("docs/a.md"), "# A\n").unwrap();
    let out = sb
        .env(pir())
        .args(["commit", "-C", site.to_str().unwrap(), "docs/a.md"])
        .env("GIT_AUTHOR_NAME", "Env Person")
        .env("GIT_AUTHOR_EMAIL", "env@example.test")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        sb.git(&site, &["log", "-1", "--format=%an <%ae>|%cn"]),
        "Env Person <env@example.test>|Cli Author"
    );
}

/// The acceptance scenario on the site `fill` writes into an empty folder: commit it with git
/// (with a `hooks.py` and a second page), give it a bare `origin` with an upstream, make
/// unrelated changes (a modified hook, a staged page edit, an untracked scratch file), then
/// `pir new`, `pir commit`, `pir push`. The remote's new commit must hold exactly the PIR,
/// `mkdocs.yml` and `docs/index.md`, as they are on disk, authored from git config; the
/// unrelated changes must still be there, the index's included.
fn new_commit_push_keeps_unrelated_changes(fill: impl FnOnce(&Path)) {
    let sb = Sandbox::new();
    let site = sb.path("site");
    let bare = sb.path("origin.git");
    fill(&site);
    fs::write(
        site.join("hooks.py"),
        "def on_page(page):\n    return page\n",
    )
    .unwrap();
    fs::create_dir_all(site.join("docs/runbooks")).unwrap();
    fs::write(
        site.join("docs/runbooks/restart.md"),
        "# Restart\n\nSteps.\n",
    )
    .unwrap();
    fs::create_dir_all(&bare).unwrap();
    sb.git(&bare, &["init", "-q", "--bare", "-b", "main"]);
    sb.git(&site, &["init", "-q", "-b", "main"]);
    sb.git(&site, &["add", "-A"]);
    sb.git(&site, &["commit", "-q", "-m", "site: start"]);
    let url = format!("file://{}", bare.display());
    sb.git(&site, &["remote", "add", "origin", &url]);
    sb.git(&site, &["push", "-q", "-u", "origin", "main"]);
    let start = sb.git(&site, &["rev-parse", "HEAD"]);

    fs::write(
        site.join("hooks.py"),
        "def on_page(page):\n    return None\n",
    )
    .unwrap();
    fs::write(
        site.join("docs/runbooks/restart.md"),
        "# Restart\n\nStaged steps.\n",
    )
    .unwrap();
    sb.git(&site, &["add", "docs/runbooks/restart.md"]);
    fs::write(
        site.join("docs/runbooks/restart.md"),
        "# Restart\n\nUnstaged steps.\n",
    )
    .unwrap();
    fs::write(site.join("scratch.txt"), "scratch\n").unwrap();
    let unrelated = |sb: &Sandbox| {
        (
            sb.git(
                &site,
                &["status", "--porcelain=v1", "--untracked-files=all"],
            ),
            sb.git(&site, &["diff", "--cached"]),
            sb.git(&site, &["diff"]),
        )
    };
    let before = unrelated(&sb);
    assert_eq!(
        before.0,
        "MM docs/runbooks/restart.md\n M hooks.py\n?? scratch.txt"
    );

    let site_s = site.to_str().unwrap();
    let out = sb.pir(&[
        "new",
        "--site",
        site_s,
        "--title",
        "Build Cache Eviction Storm",
        "--date",
        "2026-09-09",
        "--severity",
        "Medium",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let pir_rel = "docs/incidents/2026-09-09-build-cache-eviction-storm.md";
    assert!(site.join(pir_rel).is_file());

    let out = sb.pir(&["commit", "-C", site_s]);
    assert!(out.status.success(), "{}", text(&out));
    let out = sb.pir(&["push", "-C", site_s]);
    assert!(out.status.success(), "{}", text(&out));
    // stderr is a pipe here, not a terminal: no progress bar drawn into it.
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("objects"),
        "{}",
        text(&out)
    );

    // The remote's branch moved by exactly one commit, holding exactly the three files.
    let pushed = sb.git(&bare, &["rev-parse", "main"]);
    assert_eq!(pushed, sb.git(&site, &["rev-parse", "HEAD"]));
    assert_eq!(sb.git(&bare, &["rev-parse", "main~1"]), start);
    assert_eq!(
        sb.git(
            &bare,
            &["diff-tree", "--no-commit-id", "--name-status", "-r", "main"]
        ),
        format!("A\t{pir_rel}\nM\tdocs/index.md\nM\tmkdocs.yml")
    );
    for rel in [pir_rel, "docs/index.md", "mkdocs.yml"] {
        assert_eq!(
            sb.git(&bare, &["show", &format!("main:{rel}")]),
            fs::read_to_string(site.join(rel)).unwrap().trim_end(),
            "{rel} as committed differs from the file"
        );
    }
    assert_eq!(
        sb.git(
            &bare,
            &["log", "-1", "--format=%an <%ae>|%cn <%ce>|%s", "main"]
        ),
        "Cli Author <cli@example.test>|Cli Author <cli@example.test>|PIR: Build Cache Eviction Storm"
    );
    // Everything unrelated is as it was: status, staged diff and working diff.
    assert_eq!(unrelated(&sb), before);
    assert_eq!(
        sb.git(&site, &["status", "--porcelain=v1", "-b"])
            .lines()
            .next(),
        Some("## main...origin/main")
    );
}

#[test]
fn acceptance_on_the_seed_site() {
    let Some(fixtures) = crate::shared_fixtures() else {
        return;
    };
    new_commit_push_keeps_unrelated_changes(|site| {
        crate::copy_dir(&fixtures.join("seed-site"), site);
    });
}

#[test]
fn acceptance_on_the_sample_site() {
    new_commit_push_keeps_unrelated_changes(|site| {
        pir_core::sample::write_sample_site(site).expect("sample site");
    });
}

/// A push to an `https://` URL takes the CA certificates back before connecting: the run
/// restarts itself with them (once: no loop) and reaches the connection, whose failure (no
/// server listens) is reported as for any unreachable remote.
#[test]
fn push_to_an_https_remote_reaches_the_connection() {
    let sb = Sandbox::new();
    let (site, _) = sb.site();
    sb.git(
        &site,
        &[
            "config",
            "remote.origin.pushurl",
            "https://127.0.0.1:9/site.git",
        ],
    );
    let out = sb.pir(&["push", "-C", site.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("127.0.0.1") && !stderr.contains("restart"),
        "{stderr}"
    );
}

/// On a terminal (`script` gives the push one, with a `TERM`), `pir push` draws a progress bar of the
/// objects sent, then ends its line before the outcome.
#[test]
fn push_on_a_terminal_shows_a_progress_bar() {
    if !Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        eprintln!("skipped: no `script` command to run pir on a terminal");
        return;
    }
    let sb = Sandbox::new();
    let (site, bare) = sb.site();
    let line = format!(
        "{} push -C {}",
        env!("CARGO_BIN_EXE_pir"),
        site.to_str().unwrap()
    );
    let out = sb
        .env(Command::new("script"))
        .env("TERM", "xterm")
        .args(["-qec", &line, "/dev/null"])
        .output()
        .expect("run script");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        shown.contains("objects") && shown.contains("\r\npushed main"),
        "{shown:?}"
    );
    assert_eq!(
        sb.git(&bare, &["rev-parse", "main"]),
        sb.git(&site, &["rev-parse", "HEAD"])
    );
}

/// A server that accepts the connection and then never answers fails the push after the time
/// limit (`PIR_GIT_TIMEOUT`, seconds) with a message saying so, instead of hanging it.
#[test]
fn push_to_a_server_that_stops_answering_times_out() {
    use std::io::Read;
    use std::net::TcpListener;
    use std::time::{Duration, Instant};

    let sb = Sandbox::new();
    let (site, _) = sb.site();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    // Reads the request and sits on the connection; the thread ends with the test process.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            held.push(stream);
        }
    });
    let url = format!("http://127.0.0.1:{port}/site.git");
    sb.git(&site, &["config", "remote.origin.pushurl", &url]);
    let mut cmd = sb.env(pir());
    let mut child = cmd
        .args(["push", "-C", site.to_str().unwrap()])
        .env("PIR_GIT_TIMEOUT", "2")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run pir");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("pir push still waiting after 60 s: no time limit");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().expect("output");
    assert_eq!(status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr).to_lowercase();
    assert!(
        stderr.contains("timed out") || stderr.contains("timeout"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
}
