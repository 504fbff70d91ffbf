//! `okta-flows watch`: the chosen flows, run on every event from the System Log (and from
//! event hooks with `--hooks`), until Ctrl-C, `--max-events` or `--until-idle`.
//!
//! With no org configured it runs on the embedded mock's demo org: it makes a few scripted
//! changes there (printed as `demo:` lines) and stops once the flows have handled them.

use std::io::Write;
use std::time::Duration;

use okta_client::api::logs::PollStart;
use okta_client::models::Timestamp;
use okta_client::receiver::ReceiverAuth;

use super::flows_args::WatchArgs;
use super::flows_setup::{build_engine, flows_target};
use super::{EXIT_FAILURES, EXIT_FATAL, EXIT_OK, Io, explain, flows_render};
use crate::runtime::{
    HookServer, LogSource, Sources, StopReason, WatchOptions, WatchReport, register_hook, watch,
};

/// The Authorization secret of the hook registered on the embedded mock.
const DEMO_HOOK_SECRET: &str = "okta-flows-demo-hook";

/// Runs `okta-flows watch`.
pub(crate) async fn run_watch(args: &WatchArgs, io: Io<'_>) -> i32 {
    let Io {
        out,
        err,
        org_configured_elsewhere,
        ..
    } = io;
    let fatal = |err: &mut dyn Write, message: String| {
        let _ = writeln!(err, "okta-flows: {message}");
        let _ = writeln!(err, "{}", super::FATAL_TAIL);
        EXIT_FATAL
    };
    let mut notes = Vec::new();
    let target =
        match flows_target(&args.org, org_configured_elsewhere, &mut |n| notes.push(n)).await {
            Ok(target) => target,
            Err(e) => return fatal(err, explain::target_error(&e)),
        };
    let engine = match build_engine(&args.engine, &args.flows, &target, &mut |n| notes.push(n)) {
        Ok(engine) => engine,
        Err(e) => return fatal(err, e),
    };
    for note in notes.drain(..) {
        let _ = writeln!(err, "{note}");
    }
    let on_mock = target.mock.is_some();
    let demo = target.demo && args.org.scenario.is_none();
    let interval = match args.poll_interval {
        Some(secs) if secs.is_finite() && secs > 0.0 => Duration::from_secs_f64(secs),
        Some(secs) => return fatal(err, format!("--poll-interval {secs} must be above 0")),
        None if on_mock => Duration::from_secs(1),
        None => okta_client::api::logs::DEFAULT_POLL_INTERVAL,
    };
    // On the demo org the poll starts just before the scripted changes.
    let start = match (args.since, demo) {
        (Some(since), _) => PollStart::Since(since),
        (None, true) => PollStart::Since(just_before_now()),
        (None, false) => PollStart::Now,
    };
    let types = engine.event_types();
    let log = if types.is_empty() {
        None
    } else {
        match LogSource::open(&target.client, engine.state(), &types, start, interval) {
            Ok(log) => {
                if log.resumed() {
                    let _ = writeln!(
                        err,
                        "okta-flows: resuming the System Log from the cursor saved in the state                          file (--since applies to a first run only)"
                    );
                }
                Some(log)
            }
            Err(e) => return fatal(err, format!("state: {e}")),
        }
    };
    let hooks = match args.hooks {
        None => None,
        Some(addr) => {
            let secret = args
                .hook_secret_file
                .as_ref()
                .map(|s| s.expose().to_owned())
                .or_else(|| on_mock.then(|| DEMO_HOOK_SECRET.to_owned()));
            if secret.is_none() && !addr.ip().is_loopback() {
                return fatal(
                    err,
                    format!("--hooks {addr} is not a loopback address: give --hook-secret-file"),
                );
            }
            let auth = match &secret {
                Some(secret) => ReceiverAuth::header("Authorization", secret.as_str()),
                None => {
                    let _ = writeln!(
                        err,
                        "okta-flows: accepting event hook deliveries without an Authorization                          check on loopback (give --hook-secret-file to check it)"
                    );
                    ReceiverAuth::None
                }
            };
            let server = match HookServer::start(addr, auth).await {
                Ok(server) => server,
                Err(e) => return fatal(err, format!("--hooks {addr}: {e}")),
            };
            let _ = writeln!(err, "okta-flows: receiving event hooks at {}", server.url());
            if on_mock
                && let Err(e) =
                    register_hook(&target.client, &server.url(), &types, secret.as_deref()).await
            {
                return fatal(err, format!("registering the hook on the mock: {e}"));
            }
            Some(server)
        }
    };
    let flows = engine.flow_names().join(", ");
    let mode = if engine.applies() {
        "applying"
    } else {
        "dry run"
    };
    let _ = writeln!(err, "okta-flows: watching for {flows} ({mode})");
    if demo {
        for line in super::watch_demo::run_script(&target.client).await {
            let _ = writeln!(err, "demo: {line}");
        }
    }
    let options = WatchOptions {
        max_events: args.max_events,
        until_idle: args
            .until_idle
            .or(demo.then_some(3))
            .map(Duration::from_secs),
        ..WatchOptions::default()
    };
    // Ctrl-C stops the watch between two events; if the handler cannot be installed, only the
    // other stop conditions apply (never an immediate stop).
    let stop = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let json = args.engine.json;
    let mut write_failed = false;
    let mut report = |report: WatchReport<'_>| {
        let runs = match report {
            WatchReport::Event(_, done) => &done.runs[..],
            WatchReport::Scheduled(runs) => runs,
            WatchReport::SourceError(e) => {
                tracing::warn!("{e}");
                return;
            }
        };
        for record in runs {
            write_failed |= flows_render::run(out, record, json).is_err();
        }
    };
    let sources = Sources { log, hooks };
    let summary = match watch(&engine, sources, &options, stop, &mut report).await {
        Ok(summary) => summary,
        Err(e) => return fatal(err, e.to_string()),
    };
    if write_failed {
        return fatal(err, "cannot write the results".to_owned());
    }
    let stopped = match summary.stopped {
        StopReason::Interrupted => "interrupted",
        StopReason::MaxEvents => "--max-events reached",
        StopReason::Idle => "idle",
        StopReason::SourcesEnded => "no source left",
    };
    let _ = writeln!(
        err,
        "watch: {} events, {} runs ({} failed), {} already handled; stopped: {stopped}",
        summary.events, summary.runs, summary.failed, summary.duplicates
    );
    if !engine.applies() && summary.runs > 0 {
        let _ = writeln!(err, "dry run: nothing was written; add --apply to write");
    }
    if let Some(mock) = target.mock {
        mock.shutdown().await;
    }
    if summary.failed > 0 {
        let _ = writeln!(
            err,
            "{} runs failed: `okta-flows history --failed` lists them, `okta-flows run <flow> \
             --rerun <id>` runs one again. Exit status 1.",
            summary.failed
        );
        return EXIT_FAILURES;
    }
    EXIT_OK
}

fn just_before_now() -> Timestamp {
    Timestamp::from_unix_millis(Timestamp::now().unix_millis() - 1000)
        .unwrap_or_else(|_| Timestamp::now())
}
