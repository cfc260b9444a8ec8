//! The source formats by the names `--format` takes, and which reader reads each: one place
//! to wire a new format's `read` and `sniff`, and the order content is tried in.

use serde::Serialize;

use crate::error::{CoreError, ErrorKind, Result};
use crate::timeline::import::{
    Evidence, ReadContext, alertmanager, git, journal, k8s, nagios, pagerduty, slack, syslog,
};

/// A source format, by the name `--format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A Slack channel export folder (or one of its day files).
    Slack,
    /// Alertmanager webhook payloads or API v2 output.
    Alertmanager,
    /// PagerDuty incident log entries.
    Pagerduty,
    /// A git repository (its commits in the window), or `git log` output.
    Git,
    /// A Nagios or Icinga log (alerts and notifications).
    Nagios,
    /// Syslog (RFC 3164 and 5424) and lines that open with an ISO-8601 stamp.
    Syslog,
    /// `journalctl -o json` output.
    Journal,
    /// `kubectl get events -o json` or `-o yaml`.
    K8s,
}

impl Format {
    /// Every format, in the order content is tried against when none is given.
    /// The structured formats come first; syslog, whose ISO-stamped lines many logs share,
    /// is tried last.
    pub const ALL: [Format; 8] = [
        Format::Pagerduty,
        Format::Alertmanager,
        Format::Slack,
        Format::Journal,
        Format::K8s,
        Format::Nagios,
        Format::Git,
        Format::Syslog,
    ];

    /// The name `--format` takes and rows carry as their source.
    pub fn name(self) -> &'static str {
        match self {
            Format::Slack => "slack",
            Format::Alertmanager => "alertmanager",
            Format::Pagerduty => "pagerduty",
            Format::Git => "git",
            Format::Nagios => "nagios",
            Format::Syslog => "syslog",
            Format::Journal => "journal",
            Format::K8s => "k8s",
        }
    }

    /// The format named `name` (case-insensitive), or an error listing the names there are.
    pub fn from_name(name: &str) -> Result<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                CoreError::new(
                    ErrorKind::InvalidInput,
                    format!("unknown format {name:?}: the formats are {}", names()),
                )
            })
    }

    /// Whether `text` looks like this format.
    pub fn sniff(self, text: &str) -> bool {
        match self {
            Format::Slack => slack::sniff(text),
            Format::Alertmanager => alertmanager::sniff(text),
            Format::Pagerduty => pagerduty::sniff(text),
            Format::Git => git::sniff(text),
            Format::Nagios => nagios::sniff(text),
            Format::Syslog => syslog::sniff(text),
            Format::Journal => journal::sniff(text),
            Format::K8s => k8s::sniff(text),
        }
    }

    /// Reads `text` as this format.
    pub fn read(self, text: &str, ctx: &ReadContext) -> Result<Vec<Evidence>> {
        match self {
            Format::Slack => slack::read(text, ctx),
            Format::Alertmanager => alertmanager::read(text, ctx),
            Format::Pagerduty => pagerduty::read(text, ctx),
            Format::Git => git::read(text, ctx),
            Format::Nagios => nagios::read(text, ctx),
            Format::Syslog => syslog::read(text, ctx),
            Format::Journal => journal::read(text, ctx),
            Format::K8s => k8s::read(text, ctx),
        }
    }

    /// Whether files of this format are read line by line in bounded memory (see
    /// [`stream`](crate::timeline::import::stream)), rather than whole.
    pub fn is_streamed(self) -> bool {
        matches!(self, Format::Syslog | Format::Nagios | Format::Journal)
    }

    /// The format `text` looks like, trying each in [`Format::ALL`]'s order.
    pub fn detect(text: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.sniff(text))
    }
}

/// The format names, for messages.
pub(super) fn names() -> String {
    Format::ALL.map(Format::name).join(", ")
}
