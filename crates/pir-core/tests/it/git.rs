//! The git layer against real repositories and real servers (`file://`, plain paths,
//! `git daemon`, smart HTTP behind lighttpd, `sshd` with an `ssh-agent` or a key on disk).
//!
//! Every test runs in its own process with a throw-away `HOME` (see [`hermetic`]), and
//! checks the library's work with the git command line.

pub(crate) mod hermetic;
mod servers;

mod changes;
mod commit;
mod deadline;
mod kinds;
mod push;
mod review;
mod status;
mod transports;
