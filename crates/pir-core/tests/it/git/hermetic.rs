//! Each git test runs in a process of its own with a throw-away home.
//!
//! Why a process per test: libgit2 finds the global and XDG configuration from `HOME` and
//! `XDG_CONFIG_HOME` once, when it is first used, and libssh2 reads `SSH_AUTH_SOCK` from the
//! environment; the environment is process-global, tests run in threads, and the workspace
//! forbids the `unsafe` that `std::env::set_var` and `git2::opts::set_search_path` need. So a
//! test re-runs this very test binary, filtered to itself (`--exact`), with a clean
//! environment: `HOME` and `XDG_CONFIG_HOME` in a temporary folder, `GIT_CONFIG_NOSYSTEM=1`,
//! no `GIT_*`/`EMAIL` variables from the developer, `SSH_AUTH_SOCK` pointing at a socket the
//! test may start an agent on. The developer's own configuration is never read, and tests
//! still run in parallel. The child is killed if it runs longer than [`CHILD_TIMEOUT`].

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest one test may run, servers included.
pub const CHILD_TIMEOUT: Duration = Duration::from_secs(180);

/// Set in the child: the test's temporary root.
const ROOT_VAR: &str = "PIR_GIT_TEST_ROOT";
/// Set in the child: the test it must run.
const NAME_VAR: &str = "PIR_GIT_TEST_NAME";

/// The temporary world of one test (inside the child process).
pub struct Env {
    /// The temporary root; everything the test makes goes under it.
    pub root: PathBuf,
    /// `HOME`: holds `.gitconfig` with a test identity, and `.ssh` when a test needs it.
    pub home: PathBuf,
}

impl Env {
    /// `root/rel`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// The ssh-agent socket path given to the child as `SSH_AUTH_SOCK` (nothing listens on it
    /// unless the test starts an agent there).
    pub fn agent_socket(&self) -> PathBuf {
        self.root.join("agent.sock")
    }
}

/// Runs a test `name` of module `module` (from `module_path!()`) in a hermetic child process;
/// in that child, runs `body`. `extra_env` is added to the child's environment (`{root}` in a
/// value is replaced by the test's temporary root). With
/// `own_network`, the child runs in a network namespace of its own (`unshare --net`, as root),
/// whose loopback is its alone: a test can then listen on a fixed port such as 22.
pub fn isolated(
    module: &str,
    name: &str,
    extra_env: &[(&str, &str)],
    own_network: bool,
    body: impl FnOnce(&Env),
) {
    // The test's name as the harness knows it: the module path without the crate name.
    let module = module.split_once("::").map_or(module, |(_, rest)| rest);
    let full = format!("{module}::{name}");
    if let (Ok(root), Ok(wanted)) = (std::env::var(ROOT_VAR), std::env::var(NAME_VAR)) {
        assert_eq!(wanted, full, "child asked to run another test");
        let root = PathBuf::from(root);
        let env = Env {
            home: root.join("home"),
            root,
        };
        body(&env);
        return;
    }
    if own_network && !own_network_available() {
        eprintln!("skipped {full}: cannot make a network namespace (needs root and unshare)");
        return;
    }
    let temp = tempfile::Builder::new()
        .prefix("pir-git-")
        .tempdir()
        .expect("temp dir");
    let root = temp.path().to_path_buf();
    let home = root.join("home");
    for dir in [&home, &root.join("xdg"), &root.join("tmp")] {
        fs::create_dir_all(dir).expect("create dir");
    }
    fs::write(
        home.join(".gitconfig"),
        "[user]\n\tname = Test Author\n\temail = author@example.test\n[init]\n\tdefaultBranch = main\n",
    )
    .expect("write .gitconfig");
    let out_path = root.join("child-output.txt");
    let out = fs::File::create(&out_path).expect("child output file");
    let exe = std::env::current_exe().expect("current exe");
    let mut cmd = if own_network {
        let mut c = Command::new("unshare");
        c.args([
            "--net",
            "--",
            "sh",
            "-c",
            "ip link set lo up && exec \"$0\" \"$@\"",
        ])
        .arg(&exe);
        c
    } else {
        Command::new(&exe)
    };
    cmd.args([&full, "--exact", "--nocapture", "--test-threads=1"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", root.join("xdg"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GNUPGHOME", root.join("gnupg"))
        .env("SSH_AUTH_SOCK", root.join("agent.sock"))
        .env("TMPDIR", root.join("tmp"))
        .env("LANG", "C")
        .env("RUST_BACKTRACE", "1")
        .env(ROOT_VAR, &root)
        .env(NAME_VAR, &full)
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("dup"))
        .stderr(out);
    // `{root}` in a value stands for the test's temporary root, known only now.
    for (k, v) in extra_env {
        cmd.env(k, v.replace("{root}", &root.to_string_lossy()));
    }
    let mut child = cmd.spawn().expect("start the test child");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait child") {
            break Some(status);
        }
        if start.elapsed() > CHILD_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = fs::read_to_string(&out_path).unwrap_or_default();
    println!("---- child output of {full} ----\n{output}");
    let Some(status) = status else {
        panic!("{full} did not finish within {CHILD_TIMEOUT:?}");
    };
    assert!(status.success(), "{full} failed in its child process");
    // Guard against a name mismatch that would run nothing and pass.
    assert!(
        output.contains("1 passed"),
        "{full}: the child ran no test (name mismatch?)"
    );
}

/// Whether this process may run a child in its own network namespace.
fn own_network_available() -> bool {
    Command::new("unshare")
        .args(["--net", "--", "ip", "link", "set", "lo", "up"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Declares a git test that runs in its own hermetic process (see the module doc):
/// `fn name(env) { .. }`, `fn name(env) env [("VAR", "value"), ..] { .. }` for extra
/// environment variables, or `fn name(env) own_network { .. }` for a network namespace.
macro_rules! git_test {
    ($(#[$meta:meta])* fn $name:ident($env:ident) $body:block) => {
        git_test!(@test $(#[$meta])* $name $env [] false $body);
    };
    ($(#[$meta:meta])* fn $name:ident($env:ident) own_network $body:block) => {
        git_test!(@test $(#[$meta])* $name $env [] true $body);
    };
    ($(#[$meta:meta])* fn $name:ident($env:ident) env [$(($k:expr, $v:expr)),* $(,)?] $body:block) => {
        git_test!(@test $(#[$meta])* $name $env [$(($k, $v)),*] false $body);
    };
    (@test $(#[$meta:meta])* $name:ident $env:ident [$(($k:expr, $v:expr)),*] $net:literal $body:block) => {
        $(#[$meta])*
        #[test]
        fn $name() {
            $crate::git::hermetic::isolated(
                module_path!(),
                stringify!($name),
                &[$(($k, $v)),*],
                $net,
                |$env: &$crate::git::hermetic::Env| $body,
            );
        }
    };
}
pub(crate) use git_test;

/// Runs the git command line in `dir` and returns its trimmed stdout; panics with its stderr
/// when it fails. The tests check the library's work with git itself.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} in {} failed: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}

/// Like [`git`], but returns whether it succeeded instead of panicking.
pub fn git_ok(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Writes `text` to `dir/rel`, creating folders.
pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create dir");
    }
    fs::write(path, text).expect("write file");
}

/// A new working repository at `env.root/name` on branch `main`.
pub fn work_repo(env: &Env, name: &str) -> PathBuf {
    let dir = env.path(name);
    fs::create_dir_all(&dir).expect("create repo dir");
    git(&dir, &["init", "-q", "-b", "main"]);
    dir
}

/// A new bare repository at `env.root/name` (e.g. `srv/site.git`), default branch `main`.
pub fn bare_repo(env: &Env, name: &str) -> PathBuf {
    let dir = env.path(name);
    fs::create_dir_all(&dir).expect("create bare dir");
    git(&dir, &["init", "-q", "--bare", "-b", "main"]);
    dir
}

/// A working repository with a docs site committed (by git itself): `mkdocs.yml`,
/// `docs/index.md`, `docs/incidents/2024-01-01-first.md`, `notes.txt`.
pub fn site_repo(env: &Env, name: &str) -> PathBuf {
    let dir = work_repo(env, name);
    write(&dir, "mkdocs.yml", "site_name: Example Reviews\n");
    write(&dir, "docs/index.md", "# Reviews\n");
    write(
        &dir,
        "docs/incidents/2024-01-01-first.md",
        "# Queue backlog\n\nA fictional review.\n",
    );
    write(&dir, "notes.txt", "scratch notes\n");
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "site: start"]);
    dir
}

/// Another clone of `bare` (at `env.root/other`, made on first use) commits `rel` = `text`
/// and pushes it, with git itself: "someone else pushed first". Returns the pushed commit.
pub fn push_from_other_clone(env: &Env, bare: &Path, rel: &str, text: &str) -> String {
    let other = env.path("other");
    if !other.exists() {
        git(
            &env.root,
            &["clone", "-q", bare.to_str().expect("utf-8 path"), "other"],
        );
    }
    write(&other, rel, text);
    git(&other, &["add", "-A"]);
    git(&other, &["commit", "-q", "-m", &format!("other: {rel}")]);
    git(&other, &["push", "-q"]);
    git(&other, &["rev-parse", "HEAD"])
}

/// Leaves `dir` (a [`site_repo`]) in the middle of a merge that conflicts on `notes.txt`.
pub fn start_conflicting_merge(dir: &Path) {
    git(dir, &["checkout", "-q", "-b", "other"]);
    write(dir, "notes.txt", "other side\n");
    git(dir, &["commit", "-q", "-am", "other"]);
    git(dir, &["checkout", "-q", "main"]);
    write(dir, "notes.txt", "main side\n");
    git(dir, &["commit", "-q", "-am", "main"]);
    assert!(!git_ok(dir, &["merge", "other"]), "the merge must conflict");
}
