//! Real git servers for the tests, on 127.0.0.1 and free ports only: `git daemon`, smart
//! HTTP (`git http-backend` behind lighttpd with basic auth), `sshd` and `ssh-agent`.
//!
//! Each server is a child process killed when its [`Server`] is dropped; startup waits for
//! the port (or socket) a bounded time. A server whose program is not installed makes the
//! test print "skipped" and return (see `scripts/apt-packages.txt` for what to install).

use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::hermetic::Env;

/// How long a server may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(15);

/// A running server, killed on drop.
pub struct Server {
    child: Child,
    /// What it is, for messages.
    pub name: &'static str,
    /// Its log file (stderr and stdout).
    pub log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server's log so far, for failure messages.
    pub fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The first of `candidates` that exists, or `None` (and a "skipped" line) when none does.
pub fn program(candidates: &[&str]) -> Option<PathBuf> {
    for c in candidates {
        let p = Path::new(c);
        if p.is_absolute() {
            if p.is_file() {
                return Some(p.to_path_buf());
            }
        } else if let Some(found) = std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .map(|d| d.join(c))
                .find(|f| f.is_file())
        }) {
            return Some(found);
        }
    }
    eprintln!("skipped: none of {candidates:?} is installed (scripts/apt-packages.txt)");
    None
}

/// Starts `cmd` with its output in `env.root/<name>.log`.
fn start(env: &Env, name: &'static str, mut cmd: Command) -> Server {
    let log = env.path(&format!("{name}.log"));
    let out = fs::File::create(&log).expect("server log");
    let child = cmd
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("dup"))
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| panic!("starting {name}: {e}"));
    Server { child, name, log }
}

/// Waits until something accepts connections on 127.0.0.1:`port`.
fn wait_for_port(server: &mut Server, port: u16) {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while start.elapsed() < START_TIMEOUT {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("{} exited ({status}): {}", server.name, server.log_text());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "{} did not listen on {port}: {}",
        server.name,
        server.log_text()
    );
}

/// `git daemon` serving every repository under `base` read-write on a free port; the URL
/// of `base/<repo>` is `git://127.0.0.1:<port>/<repo>`.
pub fn git_daemon(env: &Env, base: &Path) -> (Server, u16) {
    let port = free_port();
    // The daemon program itself, not `git daemon`: the `git` wrapper would leave it running
    // when killed.
    let exec_path = super::hermetic::git(base, &["--exec-path"]);
    let mut cmd = Command::new(Path::new(&exec_path).join("git-daemon"));
    cmd.arg("--reuseaddr")
        .arg("--export-all")
        .arg("--enable=receive-pack")
        .arg("--informative-errors")
        .arg(format!("--base-path={}", base.display()))
        .arg("--listen=127.0.0.1")
        .arg(format!("--port={port}"))
        .arg(base);
    let mut server = start(env, "git-daemon", cmd);
    wait_for_port(&mut server, port);
    (server, port)
}

/// Smart HTTP: lighttpd running `git http-backend` for the repositories under `base`, behind
/// basic auth for `user`/`password`. The URL of `base/<repo>` is
/// `http://127.0.0.1:<port>/git/<repo>`. `None` when lighttpd is not installed.
pub fn http_git(env: &Env, base: &Path, user: &str, password: &str) -> Option<(Server, u16)> {
    web_git(env, base, user, password, None)
}

/// [`http_git`] over HTTPS (`https://127.0.0.1:<port>/git/<repo>`) with the certificate
/// `cert` and its key `key` (see [`self_signed_cert`]). `None` when lighttpd or its TLS module
/// is not installed.
pub fn https_git(
    env: &Env,
    base: &Path,
    user: &str,
    password: &str,
    cert: &Path,
    key: &Path,
) -> Option<(Server, u16)> {
    program(&["/usr/lib/lighttpd/mod_openssl.so"])?;
    web_git(env, base, user, password, Some((cert, key)))
}

/// A self-signed certificate for 127.0.0.1 (valid one day) at `dir/cert.pem`, with its key
/// at `dir/key.pem`; `None` when openssl is not installed.
pub fn self_signed_cert(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let openssl = program(&["openssl"])?;
    fs::create_dir_all(dir).expect("cert dir");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let status = Command::new(openssl)
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args([
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run openssl");
    assert!(status.success(), "openssl req failed");
    Some((cert, key))
}

/// lighttpd serving `git http-backend` behind basic auth, over TLS when `tls` is given.
fn web_git(
    env: &Env,
    base: &Path,
    user: &str,
    password: &str,
    tls: Option<(&Path, &Path)>,
) -> Option<(Server, u16)> {
    let lighttpd = program(&["/usr/sbin/lighttpd", "lighttpd"])?;
    let exec_path = super::hermetic::git(base, &["--exec-path"]);
    let backend = Path::new(&exec_path).join("git-http-backend");
    let port = free_port();
    let www = env.path("www");
    fs::create_dir_all(&www).expect("www");
    let users = env.path("lighttpd-users");
    fs::write(&users, format!("{user}:{password}\n")).expect("users file");
    let conf = env.path("lighttpd.conf");
    fs::write(
        &conf,
        format!(
            r#"server.modules = ( "mod_access", "mod_alias", "mod_auth", "mod_authn_file", "mod_cgi", "mod_setenv" )
server.bind = "127.0.0.1"
server.port = {port}
server.document-root = "{www}"
server.errorlog = "{log}"
alias.url = ( "/git" => "{backend}" )
$HTTP["url"] =~ "^/git" {{
    cgi.assign = ( "" => "" )
    setenv.add-environment = ( "GIT_PROJECT_ROOT" => "{base}", "GIT_HTTP_EXPORT_ALL" => "1" )
}}
auth.backend = "plain"
auth.backend.plain.userfile = "{users}"
auth.require = ( "/git" => ( "method" => "basic", "realm" => "git", "require" => "valid-user" ) )
{tls}"#,
            www = www.display(),
            log = env.path("lighttpd-error.log").display(),
            backend = backend.display(),
            base = base.display(),
            users = users.display(),
            tls = tls.map_or(String::new(), |(cert, key)| format!(
                "server.modules += ( \"mod_openssl\" )\nssl.engine = \"enable\"\n\
                 ssl.pemfile = \"{}\"\nssl.privkey = \"{}\"\n",
                cert.display(),
                key.display()
            )),
        ),
    )
    .expect("lighttpd.conf");
    let mut cmd = Command::new(lighttpd);
    cmd.arg("-D").arg("-f").arg(&conf);
    let mut server = start(env, "lighttpd", cmd);
    wait_for_port(&mut server, port);
    Some((server, port))
}

/// Runs `ssh-keygen` to make an unencrypted ed25519 key pair at `path` (and `path.pub`).
pub fn ssh_keygen(path: &Path, passphrase: &str) {
    let status = Command::new("ssh-keygen")
        .args([
            "-q", "-t", "ed25519", "-N", passphrase, "-C", "pir-test", "-f",
        ])
        .arg(path)
        .stdin(Stdio::null())
        .status()
        .expect("run ssh-keygen");
    assert!(status.success(), "ssh-keygen failed");
}

/// The user this process runs as, the one sshd lets in with the test key.
pub fn current_user() -> String {
    let out = Command::new("id").arg("-un").output().expect("run id");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// `sshd` on a free port of 127.0.0.1 accepting `client_pub` (a public key file) for the
/// current user. Its generated host key is written to `~/.ssh/known_hosts` as
/// `[127.0.0.1]:<port>` when `trust_host` is set. `None` when sshd is not installed or the
/// tests do not run as root (sshd needs root to switch to the logged-in user).
pub fn sshd(env: &Env, client_pub: &Path, trust_host: bool) -> Option<(Server, u16)> {
    sshd_on(env, client_pub, trust_host, free_port())
}

/// [`sshd`] on a given port (22 for scp-style URLs, which cannot name a port: only inside a
/// test's own network namespace).
pub fn sshd_on(env: &Env, client_pub: &Path, trust_host: bool, port: u16) -> Option<(Server, u16)> {
    let sshd = program(&["/usr/sbin/sshd"])?;
    if current_user() != "root" {
        eprintln!("skipped: sshd tests need to run as root");
        return None;
    }
    // The privilege-separation folder Debian's sshd insists on.
    fs::create_dir_all("/run/sshd").expect("create /run/sshd");
    let host_key = env.path("ssh_host_ed25519_key");
    ssh_keygen(&host_key, "");
    let authorized = env.path("authorized_keys");
    fs::copy(client_pub, &authorized).expect("authorized_keys");
    let conf = env.path("sshd_config");
    fs::write(
        &conf,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nAuthorizedKeysFile {auth}\n\
             StrictModes no\nPubkeyAuthentication yes\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nUsePAM no\nPermitRootLogin prohibit-password\n\
             PidFile {pid}\nLogLevel VERBOSE\n",
            host = host_key.display(),
            auth = authorized.display(),
            pid = env.path("sshd.pid").display(),
        ),
    )
    .expect("sshd_config");
    if trust_host {
        let host_pub = fs::read_to_string(env.path("ssh_host_ed25519_key.pub")).expect("host pub");
        let mut fields = host_pub.split_whitespace();
        let (kind, key) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
        let ssh_dir = env.home.join(".ssh");
        fs::create_dir_all(&ssh_dir).expect(".ssh");
        // The known_hosts form of a host: bare on port 22, `[host]:port` otherwise.
        let host = if port == 22 {
            "127.0.0.1".to_string()
        } else {
            format!("[127.0.0.1]:{port}")
        };
        fs::write(
            ssh_dir.join("known_hosts"),
            format!("{host} {kind} {key}\n"),
        )
        .expect("known_hosts");
    }
    let mut cmd = Command::new(sshd);
    cmd.arg("-D").arg("-e").arg("-f").arg(&conf);
    let mut server = start(env, "sshd", cmd);
    wait_for_port(&mut server, port);
    Some((server, port))
}

/// An `ssh-agent` listening on `env.agent_socket()` (the child's `SSH_AUTH_SOCK`) holding
/// the private key `key`.
pub fn ssh_agent(env: &Env, key: &Path) -> Option<Server> {
    let agent = program(&["ssh-agent"])?;
    let socket = env.agent_socket();
    let mut cmd = Command::new(agent);
    cmd.arg("-D").arg("-a").arg(&socket);
    let mut server = start(env, "ssh-agent", cmd);
    let start = Instant::now();
    while !socket.exists() {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("ssh-agent exited ({status}): {}", server.log_text());
        }
        assert!(start.elapsed() < START_TIMEOUT, "ssh-agent did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new("ssh-add")
        .arg(key)
        .env("SSH_AUTH_SOCK", &socket)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run ssh-add");
    assert!(status.success(), "ssh-add failed");
    Some(server)
}

/// A server that never finishes its answer: on 127.0.0.1, it sends each connection one byte
/// every `every`, the bytes of `head` first and then `fill` forever, and reads and ignores
/// what the client sends. Such a server never lets a per-read time limit expire.
///
/// It stops by itself after `at_most`, or when [`Drip::stop`] is called or it is dropped;
/// either way its thread is joined.
pub struct Drip {
    /// The port it listens on.
    pub port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<usize>>,
}

impl Drip {
    /// Starts the server.
    pub fn start(head: &[u8], fill: u8, every: Duration, at_most: Duration) -> Drip {
        use std::io::{Read, Write};
        use std::sync::atomic::Ordering;
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let head = head.to_vec();
        let thread = {
            let stop = std::sync::Arc::clone(&stop);
            std::thread::spawn(move || {
                let started = Instant::now();
                // Each connection and how many bytes it was sent.
                let mut conns: Vec<(TcpStream, usize)> = Vec::new();
                let mut next_drip = Instant::now();
                let mut sent = 0;
                while !stop.load(Ordering::SeqCst) && started.elapsed() < at_most {
                    while let Ok((stream, _)) = listener.accept() {
                        stream.set_nonblocking(true).expect("nonblocking");
                        conns.push((stream, 0));
                    }
                    let mut buf = [0u8; 4096];
                    for (stream, _) in &mut conns {
                        while matches!(stream.read(&mut buf), Ok(n) if n > 0) {}
                    }
                    if Instant::now() >= next_drip {
                        next_drip += every;
                        for (stream, count) in &mut conns {
                            let byte = head.get(*count).copied().unwrap_or(fill);
                            if stream.write_all(&[byte]).is_ok() {
                                *count += 1;
                                sent += 1;
                            }
                        }
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                sent
            })
        };
        Drip {
            port,
            stop,
            thread: Some(thread),
        }
    }

    /// Stops the server and returns how many bytes it sent in all.
    pub fn stop(mut self) -> usize {
        self.halt()
    }

    fn halt(&mut self) -> usize {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        self.thread
            .take()
            .map_or(0, |t| t.join().expect("drip server thread"))
    }
}

impl Drop for Drip {
    fn drop(&mut self) {
        self.halt();
    }
}
