//! `okta-bench`: the benchmark harness of okta-rs. Every figure it reports is a ratio of two
//! measurements taken in the same run.
//!
//! ```text
//! okta-bench all [--tiny] [--users N] [--out BENCHMARKS.md]
//! okta-bench throughput|listing|scale|batch|hook-delay|events|oauth|persistence|flows [--tiny] [--users N]
//! ```
//! `bench/run.sh` installs what is missing, builds in release and runs `all`.

mod bare;
mod child;
mod cli;
mod counted;
mod document;
mod list_client;
mod machine;
mod report;
mod rss;
mod serve;
mod suites;
mod synth;
mod wrk;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser as _;

use cli::{Cli, Commands, SizeArgs};
use document::RunInfo;
use report::SuiteReport;
use suites::batch_sync::BatchConfig;
use suites::events_poll::EventsConfig;
use suites::hook_delay::HookDelayConfig;
use suites::listing::ListingConfig;
use suites::scale::ScaleConfig;
use suites::throughput::ThroughputConfig;

/// Which suites a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suite {
    Throughput,
    Listing,
    Scale,
    Batch,
    HookDelay,
    Events,
    Oauth,
    Flows,
    Persistence,
}

fn repo_root(args: &SizeArgs) -> PathBuf {
    args.repo.clone().unwrap_or_else(|| {
        // bench/ sits in the workspace root.
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
    })
}

async fn run_suite(suite: Suite, args: &SizeArgs) -> SuiteReport {
    let result = match suite {
        Suite::Throughput => {
            let mut config = if args.tiny {
                ThroughputConfig::tiny()
            } else {
                ThroughputConfig::full()
            };
            if let Some(n) = args.users {
                config.users = n;
            }
            suites::throughput::run(config)
                .await
                .map_err(|e| ("1. Mock throughput", e))
        }
        Suite::Listing => {
            let repo = repo_root(args);
            let mut config = if args.tiny {
                ListingConfig::tiny(repo)
            } else {
                ListingConfig::full(repo)
            };
            if let Some(n) = args.users {
                config.users = n;
                config.big_users = n.saturating_mul(10);
            }
            // Child processes and blocking waits: off the runtime's workers.
            tokio::task::spawn_blocking(move || suites::listing::run(&config))
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r)
                .map_err(|e| ("2. Client listing", e))
        }
        Suite::Scale => {
            let mut config = if args.tiny {
                ScaleConfig::tiny()
            } else {
                ScaleConfig::full()
            };
            if let Some(n) = args.users {
                config.users = n;
            }
            suites::scale::run(config)
                .await
                .map_err(|e| ("3. Mock scale", e))
        }
        Suite::Batch => {
            let mut config = if args.tiny {
                BatchConfig::tiny()
            } else {
                BatchConfig::full()
            };
            if let Some(n) = args.users {
                config.users = n;
                config.scaled_users = n;
            }
            suites::batch_sync::run(config)
                .await
                .map_err(|e| ("4. Immutable ID batch sync", e))
        }
        Suite::HookDelay => {
            let config = if args.tiny {
                HookDelayConfig::tiny()
            } else {
                HookDelayConfig::full()
            };
            suites::hook_delay::run(config)
                .await
                .map_err(|e| ("5. Event hooks: delay from a write to its delivery", e))
        }
        Suite::Events => {
            let config = if args.tiny {
                EventsConfig::tiny()
            } else {
                EventsConfig::full()
            };
            suites::events_poll::run(config)
                .await
                .map_err(|e| ("6. System Log polling", e))
        }
        Suite::Oauth => {
            let mut config = if args.tiny {
                suites::oauth::OauthConfig::tiny()
            } else {
                suites::oauth::OauthConfig::full()
            };
            if let Some(n) = args.users {
                config.users = n;
            }
            suites::oauth::run(config)
                .await
                .map_err(|e| (suites::oauth::TITLE, e))
        }
        Suite::Flows => {
            let config = if args.tiny {
                suites::flows_watch::FlowsConfig::tiny()
            } else {
                suites::flows_watch::FlowsConfig::full()
            };
            suites::flows_watch::run(config)
                .await
                .map_err(|e| (suites::flows_watch::TITLE, e))
        }
        Suite::Persistence => {
            let mut config = if args.tiny {
                suites::persistence::PersistenceConfig::tiny()
            } else {
                suites::persistence::PersistenceConfig::full()
            };
            if let Some(n) = args.users {
                config.users = n;
            }
            suites::persistence::run(config)
                .await
                .map_err(|e| (suites::persistence::TITLE, e))
        }
    };
    result.unwrap_or_else(|(title, error)| {
        let mut failed = SuiteReport::new(title);
        failed.note(format!("**The suite failed**: {error}"));
        failed
    })
}

async fn run_suites(suites: &[Suite], args: &SizeArgs) -> ExitCode {
    let started = Instant::now();
    // Read before the suites load the machine, so the load average is other people's.
    let machine = machine::Machine::detect();
    let date = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "unknown".to_owned());
    let mut reports = Vec::new();
    for suite in suites {
        eprintln!("okta-bench: running {suite:?}");
        let suite_started = Instant::now();
        let mut report = run_suite(*suite, args).await;
        report.note(format!(
            "This suite took {:.0} s of wall time.",
            suite_started.elapsed().as_secs_f64()
        ));
        eprintln!("{}", report.to_markdown());
        reports.push(report);
    }
    let command = args
        .command_line
        .clone()
        .unwrap_or_else(|| std::env::args().collect::<Vec<_>>().join(" "));
    let run = RunInfo {
        command,
        date,
        seconds: started.elapsed().as_secs_f64(),
        tiny: args.tiny,
    };
    let text = document::render(&run, &machine, &reports);
    match &args.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                eprintln!("okta-bench: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            eprintln!("okta-bench: wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    let failed = reports.iter().any(|r| {
        r.method
            .iter()
            .any(|m| m.starts_with("**The suite failed**"))
    });
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let all = [
        Suite::Throughput,
        Suite::Listing,
        Suite::Scale,
        Suite::Batch,
        Suite::HookDelay,
        Suite::Events,
        Suite::Oauth,
        Suite::Persistence,
        Suite::Flows,
    ];
    match cli.command {
        Commands::All(args) => run_suites(&all, &args).await,
        Commands::Throughput(args) => run_suites(&[Suite::Throughput], &args).await,
        Commands::Listing(args) => run_suites(&[Suite::Listing], &args).await,
        Commands::Scale(args) => run_suites(&[Suite::Scale], &args).await,
        Commands::Batch(args) => run_suites(&[Suite::Batch], &args).await,
        Commands::HookDelay(args) => run_suites(&[Suite::HookDelay], &args).await,
        Commands::Events(args) => run_suites(&[Suite::Events], &args).await,
        Commands::Oauth(args) => run_suites(&[Suite::Oauth], &args).await,
        Commands::Flows(args) => run_suites(&[Suite::Flows], &args).await,
        Commands::Persistence(args) => run_suites(&[Suite::Persistence], &args).await,
        Commands::Serve {
            users,
            faults,
            seed,
            time_scale,
        } => exit(serve::serve(users, faults.as_deref(), seed, time_scale).await),
        Commands::ListClient {
            url,
            token,
            limit,
            raw,
            timeout_ms,
        } => exit(list_client::list_client(&url, &token, limit, raw, timeout_ms).await),
    }
}

fn exit(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("okta-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
