//! Time limits on git's network connections.
//!
//! Two kinds of limit: the per-read limits below ([`TIMEOUT_VAR`]), which end a connection
//! whose server falls silent, and the overall deadline of one push or pull
//! ([`DEADLINE_VAR`]), which ends one whose server keeps sending a trickle (a byte every few
//! seconds never trips a per-read limit). The deadline is enforced by `remote/exchange.rs`, not by
//! libgit2: see [`crate::git::RemoteOptions`].
//!
//! Why: libgit2 waits on a socket for as long as the operating system lets it. A server that
//! accepts the connection and then stops answering (a hung proxy, a half-dead VPN) leaves a
//! push or pull waiting forever, with the commit panel's spinner turning and nothing to do
//! but kill the program. With these limits such a connection fails with an error that says
//! it timed out, and the author can try again.
//!
//! libgit2 keeps the limits in process-wide globals, which it reads when a connection is
//! made; setting them is `unsafe` because nothing synchronises that write with a reader in
//! another thread. [`init_network_timeouts`] therefore sets them once, through a
//! [`std::sync::Once`], and programs call it first thing in `main`, before any thread that
//! could use git exists.

use std::sync::Once;
use std::time::Duration;

/// How long to wait for the server to accept a connection, when not configured.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// How long one read or write may wait for the server, when not configured.
pub const DEFAULT_IO_TIMEOUT: Duration = Duration::from_secs(60);

/// Environment variable overriding both limits, in whole seconds (for slow links, or tests).
pub const TIMEOUT_VAR: &str = "PIR_GIT_TIMEOUT";

/// How long one push or pull may talk to the remote in all, when not configured: generous
/// for a docs repository over a slow link, short enough that nobody waits on a stalled one.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);

/// Environment variable overriding [`DEFAULT_DEADLINE`], in whole seconds.
pub const DEADLINE_VAR: &str = "PIR_GIT_DEADLINE";

/// The overall deadline of one push or pull: [`DEADLINE_VAR`] when it holds a positive number
/// of seconds, else [`DEFAULT_DEADLINE`]. Programs read it once, where they start, and pass
/// it on in [`crate::git::RemoteOptions`].
pub fn network_deadline() -> Duration {
    std::env::var(DEADLINE_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&secs| secs > 0)
        .map_or(DEFAULT_DEADLINE, Duration::from_secs)
}

/// The connect and read/write limits this process uses: [`TIMEOUT_VAR`] when it holds a
/// positive number of seconds (both limits), else the defaults.
pub fn network_timeouts() -> (Duration, Duration) {
    match std::env::var(TIMEOUT_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&secs| secs > 0)
    {
        Some(secs) => (Duration::from_secs(secs), Duration::from_secs(secs)),
        None => (DEFAULT_CONNECT_TIMEOUT, DEFAULT_IO_TIMEOUT),
    }
}

/// Sets libgit2's connect and read/write limits to [`network_timeouts`], once per process.
///
/// Call it at the start of `main`, before any other thread is started: see the module notes.
/// Later calls do nothing. Failing to set a limit is not an error worth stopping for (git
/// still works, only without the limit), so it is reported on standard error.
pub fn init_network_timeouts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let (connect, io) = network_timeouts();
        if let Err(e) = set_limits(connect, io) {
            eprintln!("warning: git network time limits not set: {}", e.message());
        }
    });
}

/// Writes libgit2's two globals.
#[allow(unsafe_code)]
fn set_limits(connect: Duration, io: Duration) -> std::result::Result<(), git2::Error> {
    let ms = |d: Duration| i32::try_from(d.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: called only from `init_network_timeouts`, inside a `Once`, which programs run
    // at the start of `main`, before any thread that uses libgit2 exists; so no read of these
    // globals can race with this write.
    unsafe {
        git2::opts::set_server_connect_timeout_in_milliseconds(ms(connect))?;
        git2::opts::set_server_timeout_in_milliseconds(ms(io))?;
    }
    Ok(())
}
