//! The command lines of `okta-flows watch`, `history` and `run`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use okta_client::models::Timestamp;

use super::args::{ImmutableIdArgs, Token, read_token_file};

/// The state file used when `--state` is not given, for runs that must remember (`--apply` on
/// an org): in the current directory.
pub const DEFAULT_STATE_FILE: &str = "okta-flows.db";

/// Where the flows run: the org options shared by `watch` and `run`.
#[derive(Debug, Clone, Default, Args)]
pub struct OrgArgs {
    /// The org URL (default: OKTA_CLIENT_ORGURL or okta.yaml).
    #[arg(long, value_name = "URL")]
    pub org_url: Option<String>,
    /// An API token (default: OKTA_CLIENT_TOKEN or okta.yaml); prefer --token-file.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<Token>,
    /// A file holding the API token.
    #[arg(long, value_name = "FILE", value_parser = read_token_file, conflicts_with = "token")]
    pub token_file: Option<Token>,
    /// Run against the embedded okta-mock even when an org is configured.
    #[arg(long, conflicts_with_all = ["org_url", "token", "token_file"])]
    pub mock: bool,
    /// A scenario file for the embedded okta-mock (implies --mock; no scripted demo).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["org_url", "token", "token_file"])]
    pub scenario: Option<PathBuf>,
}

impl OrgArgs {
    /// The org options as [`ImmutableIdArgs`], the shape [`connect`](super::connect) takes.
    pub fn as_connect_args(&self) -> ImmutableIdArgs {
        ImmutableIdArgs {
            org_url: self.org_url.clone(),
            token: self.token.clone(),
            token_file: self.token_file.clone(),
            mock: self.mock,
            scenario: self.scenario.clone(),
            ..ImmutableIdArgs::default()
        }
    }
}

/// What the engine is given: flows, their configuration, state, notifications.
#[derive(Debug, Clone, Default, Args)]
pub struct EngineArgs {
    /// Make the writes and record the runs in --state (without it: a dry run that writes
    /// nothing and keeps its state in memory).
    #[arg(long)]
    pub apply: bool,
    /// The state file (SQLite: cursors, done records, the flows' tables, the run history).
    /// Default with --apply on an org: ./okta-flows.db; on the embedded mock: in memory.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// A TOML file with one table per flow, e.g. `[group-flag]` then `group = "Contractors"`, and
    /// optionally `[retry]` (`attempts`, `backoff` and `max_backoff` in milliseconds).
    #[arg(long, value_name = "FILE")]
    pub flows_config: Option<PathBuf>,
    /// POST notifications (and failure reports) as JSON to this URL instead of logging them.
    #[arg(long, value_name = "URL")]
    pub notify_webhook: Option<String>,
    /// One JSON object per line per run instead of readable lines.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `okta-flows watch`.
#[derive(Debug, Clone, Default, Args)]
pub struct WatchArgs {
    /// A flow to run (repeatable; default: every flow).
    #[arg(long = "flow", value_name = "NAME")]
    pub flows: Vec<String>,
    /// Also receive event hook deliveries on this address, e.g. 127.0.0.1:8080 (path
    /// /okta/events). On the embedded mock the hook is registered for you.
    #[arg(long, value_name = "ADDR")]
    pub hooks: Option<SocketAddr>,
    /// A file holding the secret Okta sends in the Authorization header of deliveries.
    /// Required for --hooks on an address other than loopback.
    #[arg(long, value_name = "FILE", value_parser = read_token_file)]
    pub hook_secret_file: Option<Token>,
    /// Where the System Log poll starts when there is no saved cursor: an RFC 3339 instant
    /// (2026-01-31T08:00:00Z) or a time ago (30s, 15m, 2h, 7d). Default: now.
    #[arg(long, value_name = "WHEN", value_parser = parse_since)]
    pub since: Option<Timestamp>,
    /// Stop after this many events.
    #[arg(long, value_name = "N")]
    pub max_events: Option<u64>,
    /// Stop when no event has arrived for this many seconds (default on the demo org: 3).
    #[arg(long, value_name = "SECS")]
    pub until_idle: Option<u64>,
    /// Seconds to wait after a System Log page with nothing new (default 10; 1 on the mock).
    #[arg(long, value_name = "SECS")]
    pub poll_interval: Option<f64>,
    /// The engine's options.
    #[command(flatten)]
    pub engine: EngineArgs,
    /// The org.
    #[command(flatten)]
    pub org: OrgArgs,
}

/// Arguments of `okta-flows run`.
#[derive(Debug, Clone, Default, Args)]
#[command(group(
    clap::ArgGroup::new("selection").required(true).multiple(false)
        .args(["users", "group", "all", "rerun"])
))]
pub struct RunArgs {
    /// The flow.
    #[arg(value_name = "FLOW")]
    pub flow: String,
    /// A user by login or id (repeatable).
    #[arg(long = "user", value_name = "LOGIN")]
    pub users: Vec<String>,
    /// Every member of a group (by id).
    #[arg(long, value_name = "ID")]
    pub group: Option<String>,
    /// Every user.
    #[arg(long)]
    pub all: bool,
    /// Run a recorded run again (a failed one, from `okta-flows history --failed`), with its
    /// original trigger.
    #[arg(long, value_name = "RUN_ID")]
    pub rerun: Option<i64>,
    /// The engine's options.
    #[command(flatten)]
    pub engine: EngineArgs,
    /// The org.
    #[command(flatten)]
    pub org: OrgArgs,
}

/// Arguments of `okta-flows history`.
#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// The state file to read (default ./okta-flows.db).
    #[arg(long, value_name = "FILE", default_value = DEFAULT_STATE_FILE)]
    pub state: PathBuf,
    /// Only this flow's runs.
    #[arg(long, value_name = "NAME")]
    pub flow: Option<String>,
    /// Only failed runs.
    #[arg(long)]
    pub failed: bool,
    /// At most this many runs, the most recent first.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// One JSON object per line per run, with every target's outcome.
    #[arg(long)]
    pub json: bool,
}

/// `--since`: an RFC 3339 instant, or `<n>s|m|h|d` before now.
fn parse_since(text: &str) -> Result<Timestamp, String> {
    if let Ok(at) = Timestamp::parse(text) {
        return Ok(at);
    }
    let bad = || format!("{text:?} is neither an RFC 3339 instant nor a time ago like 15m or 2h");
    let split = text.len().checked_sub(1).ok_or_else(bad)?;
    let (number, unit) = text.split_at(split);
    let n: i64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(bad()),
    };
    Timestamp::from_unix_millis(Timestamp::now().unix_millis() - seconds * 1000)
        .map_err(|e| format!("{text}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_an_instant_or_a_time_ago() {
        let at = parse_since("2026-01-31T08:00:00Z").unwrap();
        assert_eq!(at.to_string(), "2026-01-31T08:00:00.000Z");
        let ago = parse_since("2h").unwrap();
        let delta = Timestamp::now().unix_millis() - ago.unix_millis();
        assert!((7_199_000..=7_201_000).contains(&delta), "{delta}");
        assert!(parse_since("soon").unwrap_err().contains("15m"));
        assert!(parse_since("").is_err());
    }
}
