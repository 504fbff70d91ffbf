//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Side-by-side benchmarks of okta-client and okta-mock. Build with `--release`.
#[derive(Debug, Parser)]
#[command(name = "okta-bench", version)]
pub struct Cli {
    /// The suite to run.
    #[command(subcommand)]
    pub command: Commands,
}

/// Sizes shared by the suite commands.
#[derive(Debug, Clone, Args)]
pub struct SizeArgs {
    /// Tiny sizes (a smoke run in well under two minutes).
    #[arg(long)]
    pub tiny: bool,
    /// Overrides the number of users of the suite (of every suite, for `all`).
    #[arg(long)]
    pub users: Option<usize>,
    /// Writes the Markdown report here instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The command line to quote in the report (default: this process's arguments).
    #[arg(long)]
    pub command_line: Option<String>,
    /// The workspace root, where `tests/compat/` and `bench/sdk/` are (default: found from
    /// this crate's source location).
    #[arg(long)]
    pub repo: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Every suite, one after the other, into one report.
    All(SizeArgs),
    /// Suite 1: mock vs bare axum requests/s and p99 with wrk.
    Throughput(SizeArgs),
    /// Suite 2: listing all users with okta-client, the Python SDK and the Node SDK.
    Listing(SizeArgs),
    /// Suite 3: a million users in the mock store.
    Scale(SizeArgs),
    /// Suite 4: the Immutable ID batch sync under Enterprise rate limits.
    Batch(SizeArgs),
    /// Suite 5: the delay from a write to its event hook delivery.
    HookDelay(SizeArgs),
    /// Suite 6: System Log events/s through okta-client's poll stream.
    Events(SizeArgs),
    /// Suite 7: OAuth 2.0 service apps: tokens minted by a long listing, DPoP's cost per request.
    Oauth(SizeArgs),
    /// Suite 9: the flow runtime (`okta-flows watch`): events handled a second, and the delay
    /// from a change to the flow's action.
    Flows(SizeArgs),
    /// Suite 8: `okta-mock --data-dir`: write throughput against in memory, a large org's
    /// start, snapshot, disk use and restart.
    Persistence(SizeArgs),
    /// (internal) Serves a mock holding N synthetic users until killed.
    Serve {
        /// Synthetic users to load.
        #[arg(long)]
        users: usize,
        /// Faults to inject (okta-mock's `--faults` syntax).
        #[arg(long)]
        faults: Option<String>,
        /// Seed of the fault injection.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Speed-up of the rate-limit windows (okta-mock's `--time-scale`).
        #[arg(long, default_value_t = 1.0)]
        time_scale: f64,
    },
    /// (internal) Lists every user with okta-client and prints a JSON result line.
    ListClient {
        /// The org URL.
        #[arg(long)]
        url: String,
        /// The API token.
        #[arg(long, env = "OKTA_CLIENT_TOKEN", hide_env_values = true)]
        token: String,
        /// Page size.
        #[arg(long, default_value_t = 200)]
        limit: u32,
        /// Fetch the pages with bare reqwest and count without decoding (the ceiling).
        #[arg(long)]
        raw: bool,
        /// A request timeout in milliseconds, with retries tuned to match (backoff from
        /// `timeout / 50`, ten retries): for listings under injected faults.
        #[arg(long)]
        timeout_ms: Option<u64>,
    },
}
