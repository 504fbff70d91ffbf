//! `okta-flows`: runs Okta flows against a real org or the embedded okta-mock.
//!
//! ```text
//! okta-flows immutable-id --all                      # dry run on the embedded mock
//! okta-flows immutable-id --user rae@example.com --prefer corp.example.com --apply
//! ```

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser as _;
use okta_scenarios::cli::{Cli, Io, org_configured_elsewhere, run};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    // Retries and rate-limit waits are logged at `warn`; RUST_LOG changes that.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr();
    let interactive = err.is_terminal();
    let io = Io {
        out: &mut out,
        err: &mut err,
        interactive,
        org_configured_elsewhere: org_configured_elsewhere(),
    };
    let status = run(cli, io).await;
    ExitCode::from(u8::try_from(status).unwrap_or(2))
}
