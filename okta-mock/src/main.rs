//! `okta-mock`: an in-memory Okta org on a local port.
//!
//! ```text
//! okta-mock [--addr HOST:PORT] [--scenario PATH] [--token TOKEN] [--rate-limits PRESET|FILE]
//!           [--time-scale N] [--faults SPEC] [--seed N] [--allow-hook-host HOST]...
//!           [--system-log-capacity N] [--search-lag DURATION] [--provisioning-delay DURATION] [--data-dir DIR [--reset] [--snapshot-records N] [--snapshot-bytes BYTES]]
//! ```
//! Prints exactly one line to stdout once it listens: `okta-mock listening on http://HOST:PORT`.
//! Logs go to stderr (`RUST_LOG` filters them). Stops cleanly on Ctrl-C or SIGTERM.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use okta_mock::scenario::{Scenario, default_scenario};
use okta_mock::sim::{FaultConfig, RateLimitConfig};
use okta_mock::{DEFAULT_TOKEN, MockConfig, MockServer, SnapshotPolicy};

/// An in-memory Okta org, faithful on the wire, for offline development and tests.
#[derive(Debug, Parser)]
#[command(name = "okta-mock", version)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Scenario file to load (default: the built-in default scenario).
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// API token to accept (default: the development token, printed at start).
    #[arg(long, env = "OKTA_MOCK_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Enforce one plan's rate limits (`integrator-free`, `one-app`, `enterprise`,
    /// `workforce-identity`; `developer` = `integrator-free`) or a JSON file.
    #[arg(long, value_name = "PRESET|FILE")]
    rate_limits: Option<String>,
    /// Speed-up of the rate-limit windows: a window lasts 60/N seconds (Date and
    /// X-Rate-Limit-Reset stay real, so clients wait real seconds).
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    time_scale: f64,
    /// Faults to inject, e.g. `429=0.05,503=0.02,latency=10ms..50ms,html=0.01,reset=0.01`.
    /// Keys: 429, 500, 502, 503, 504, html (a 502 HTML page), reset (connection dropped),
    /// truncate (body cut short under its full Content-Length, after the route ran), hang (no
    /// answer until the client times out) and latency.
    #[arg(long, value_parser = parse_faults)]
    faults: Option<FaultConfig>,
    /// Seed for fault injection and ids.
    #[arg(long)]
    seed: Option<u64>,
    /// Keep the org in DIR across restarts: loaded from DIR at start (from the scenario the
    /// first time); every write is on disk before it is answered.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// With --data-dir: forget what DIR holds and start over from the scenario.
    #[arg(long, requires = "data_dir")]
    reset: bool,
    /// With --data-dir: take a snapshot (and drop the log it covers) after this many records
    /// in the log; 0: never by count.
    #[arg(long, requires = "data_dir", value_name = "N", default_value_t = SnapshotPolicy::default().records)]
    snapshot_records: u64,
    /// With --data-dir: take a snapshot after this many bytes of log (or a quarter of the
    /// last snapshot's size, when more); 0: never by size.
    #[arg(long, requires = "data_dir", value_name = "BYTES", default_value_t = SnapshotPolicy::default().bytes)]
    snapshot_bytes: u64,
    /// A host (besides loopback) event hooks may deliver to; repeat for more. Without it the
    /// mock calls only 127.0.0.1, ::1 and localhost.
    #[arg(long = "allow-hook-host", value_name = "HOST")]
    allow_hook_hosts: Vec<String>,
    /// How many System Log events the mock keeps (older ones are dropped first).
    #[arg(long, default_value_t = okta_mock::SYSTEM_LOG_DEFAULT_CAPACITY)]
    system_log_capacity: usize,
    /// How long a write takes to reach `search` results (`2s`, `500ms`), as Okta's eventually
    /// consistent search; `filter` and reads by id stay current. Default: the scenario's
    /// `settings.searchLagMs`, else 0 (at once).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    search_lag: Option<Duration>,
    /// How long provisioning takes on apps with `PUSH_NEW_USERS` (`2s`): new app users are
    /// STAGED until then, then PROVISIONED with an externalId. Default: the scenario's
    /// `settings.provisioningDelayMs`, else 0 (done when the assignment is answered).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    provisioning_delay: Option<Duration>,
}

/// `500ms`, `2s` or `1.5s`.
fn parse_duration(raw: &str) -> Result<Duration, String> {
    let text = raw.trim();
    let parsed = if let Some(ms) = text.strip_suffix("ms") {
        ms.trim().parse::<u64>().ok().map(Duration::from_millis)
    } else {
        text.strip_suffix('s')
            .and_then(|s| s.trim().parse::<f64>().ok())
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
    };
    parsed.ok_or_else(|| format!("{raw:?} is not a duration such as 500ms or 2s"))
}

fn parse_scale(raw: &str) -> Result<f64, String> {
    match raw.parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 => Ok(n),
        _ => Err(format!("{raw:?} is not a positive number")),
    }
}

fn parse_faults(raw: &str) -> Result<FaultConfig, String> {
    FaultConfig::parse(raw).map_err(|e| e.to_string())
}

fn load_scenario(path: Option<&PathBuf>) -> Result<Scenario, String> {
    let Some(path) = path else {
        return Ok(default_scenario());
    };
    Scenario::from_path(path).map_err(|e| e.to_string())
}

fn config(args: &Args) -> Result<MockConfig, String> {
    let mut config = MockConfig::default()
        .addr(args.addr)
        .scenario(load_scenario(args.scenario.as_ref())?)
        .time_scale(args.time_scale);
    if let Some(token) = &args.token {
        config = config.token(token.clone());
    }
    if let Some(limits) = &args.rate_limits {
        config = config
            .rate_limits(RateLimitConfig::from_preset_or_file(limits).map_err(|e| e.to_string())?);
    }
    if let Some(faults) = &args.faults {
        config = config.faults(faults.clone());
    }
    if let Some(seed) = args.seed {
        config = config.seed(seed);
    }
    if let Some(dir) = &args.data_dir {
        config = config
            .data_dir(dir.clone())
            .reset_data(args.reset)
            .snapshot_policy(SnapshotPolicy {
                records: args.snapshot_records,
                bytes: args.snapshot_bytes,
                at_shutdown: true,
            });
    }
    config = config
        .allow_hook_hosts(args.allow_hook_hosts.clone())
        .system_log_capacity(args.system_log_capacity);
    if let Some(lag) = args.search_lag {
        config = config.search_lag(lag);
    }
    if let Some(delay) = args.provisioning_delay {
        config = config.provisioning_delay(delay);
    }
    Ok(config)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // Without a Ctrl-C handler, wait for SIGTERM alone.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("okta_mock=info")),
        )
        .with_writer(std::io::stderr)
        // Colour only at a terminal, and never with NO_COLOR (https://no-color.org).
        .with_ansi(
            std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        )
        .init();
    let args = Args::parse();
    let config = match config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("okta-mock: {e}");
            return ExitCode::from(2);
        }
    };
    let server = match MockServer::start_with(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("okta-mock: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.token.is_none() {
        // The development token is public by design; a token given by the user is never shown.
        eprintln!(
            "okta-mock: accepting the development token: Authorization: SSWS {DEFAULT_TOKEN}"
        );
    }
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "okta-mock listening on {}", server.base_url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // Whoever started us stopped reading; keep serving regardless.
        tracing::warn!("could not write the listening line to stdout");
    }
    drop(stdout);
    shutdown_signal().await;
    tracing::info!("shutting down");
    server.shutdown().await;
    ExitCode::SUCCESS
}
