//! `okta-flows`: runs Okta flows against a real org or the embedded okta-mock.
//!
//! ```text
//! okta-flows immutable-id --all                      # dry run on the embedded mock
//! okta-flows immutable-id --user rae@example.com --prefer corp.example.com --apply
//! ```
//!
//! Exit status: 0 nothing needs attention (and any finished run on the embedded demo org);
//! 1 some users need attention (listed); 2 usage, configuration or connection error.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser as _;
use okta_scenarios::cli::{Cli, Io, org_configured_elsewhere, run};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    // Retries and rate-limit waits are logged at `warn`; RUST_LOG changes that.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    // Colour only for a person at a terminal: escape codes in a log file or a pipe are noise,
    // and NO_COLOR (https://no-color.org) turns it off everywhere.
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && !no_color)
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
