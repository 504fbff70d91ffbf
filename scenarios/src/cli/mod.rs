//! The `okta-flows` CLI as a library: [`run`] does everything the binary does, writing to the
//! streams it is given, so tests run it without a process.

mod args;
mod capture;
mod config_file;
mod explain;
mod flows_args;
mod flows_render;
mod flows_setup;
mod history;
mod progress;
mod render;
mod run_flow;
mod target;
mod verdict;
mod watch;
mod watch_demo;

use std::io::Write;

pub use args::{CaptureArgs, CaptureFlow, Cli, Command, ImmutableIdArgs, MAX_CONCURRENCY, Token};
pub use config_file::{ChosenOrder, ConfigFileError, chosen_order};
pub use flows_args::{DEFAULT_STATE_FILE, EngineArgs, HistoryArgs, OrgArgs, RunArgs, WatchArgs};
pub use render::TABLE_WIDTH;
pub use target::{Pacing, Target, TargetError, connect, org_configured_elsewhere};
pub use verdict::{Verdict, verdict};

use crate::immutable_id::{FlowConfig, Outcome, Selection, run_immutable_id};
use progress::Bar;

/// Exit status: nothing needs attention (and any run on the embedded demo org that finished).
pub const EXIT_OK: i32 = 0;
/// Exit status: some users need attention, i.e. their outcome is a failure
/// ([`Outcome::is_failure`](crate::immutable_id::Outcome::is_failure)); they are listed.
pub const EXIT_FAILURES: i32 = 1;
/// Exit status: a usage, configuration or connection error; the run could not start or had to
/// stop, and nothing was concluded. (clap exits 2 for usage errors too.)
pub const EXIT_FATAL: i32 = 2;

/// The last line after a fatal error.
const FATAL_TAIL: &str =
    "Nothing was concluded. Exit status 2 (usage, configuration or connection error).";

/// Where a run writes, and whether a person is watching.
pub struct Io<'a> {
    /// Results: the table or the JSON lines.
    pub out: &'a mut dyn Write,
    /// Notes, the summary line and errors.
    pub err: &'a mut dyn Write,
    /// Stderr is a terminal: draw a progress bar in batch mode.
    pub interactive: bool,
    /// An org is configured by the environment or okta.yaml (see
    /// [`org_configured_elsewhere`]); when false and the command line names none, the
    /// embedded mock is used.
    pub org_configured_elsewhere: bool,
}

impl std::fmt::Debug for Io<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Io")
            .field("interactive", &self.interactive)
            .field("org_configured_elsewhere", &self.org_configured_elsewhere)
            .finish_non_exhaustive()
    }
}

/// Runs a parsed command line and returns the exit status ([`EXIT_OK`], [`EXIT_FAILURES`] or
/// [`EXIT_FATAL`]). Nothing is printed to the process's own streams: everything goes to `io`.
pub async fn run(cli: Cli, io: Io<'_>) -> i32 {
    match cli.command {
        Command::ImmutableId(args) => immutable_id(&args, io).await,
        Command::Capture(args) => capture::run_capture(&args, io).await,
        Command::Watch(args) => watch::run_watch(&args, io).await,
        Command::History(args) => history::run_history(&args, io),
        Command::Run(args) => run_flow::run_flow(&args, io).await,
    }
}

async fn immutable_id(args: &ImmutableIdArgs, io: Io<'_>) -> i32 {
    let Io {
        out,
        err,
        interactive,
        org_configured_elsewhere,
    } = io;
    let order = match chosen_order(args) {
        Ok(order) => order,
        Err(e) => {
            let _ = writeln!(err, "okta-flows: {e}");
            return EXIT_FATAL;
        }
    };
    let mut notes = Vec::new();
    let target = match connect(args, org_configured_elsewhere, Pacing::OnLimit, &mut |n| {
        notes.push(n)
    })
    .await
    {
        Ok(target) => target,
        Err(e) => {
            let _ = writeln!(err, "okta-flows: {}", explain::target_error(&e));
            let _ = writeln!(err, "{FATAL_TAIL}");
            return EXIT_FATAL;
        }
    };
    for note in notes {
        let _ = writeln!(err, "{note}");
    }
    let config = FlowConfig {
        selection: if args.all {
            Selection::All
        } else {
            Selection::Users(args.users.clone())
        },
        prefer: order.prefer,
        prefer_origin: order.origin,
        group: args.group.clone(),
        app: args.app.clone(),
        strict: order.strict,
        apply: args.apply,
        concurrency: args.concurrency.clamp(1, MAX_CONCURRENCY),
        via_attribute: args.via_attribute.clone(),
    };
    let bar = Bar::new(interactive && args.all);
    let report = match run_immutable_id(&target.client, &config, &bar).await {
        Ok(report) => report,
        Err(e) => {
            bar.finish();
            let _ = writeln!(err, "okta-flows: {}", explain::flow_error(&e));
            let _ = writeln!(err, "{FATAL_TAIL}");
            if let Some(mock) = target.mock {
                mock.shutdown().await;
            }
            return EXIT_FATAL;
        }
    };
    bar.finish();
    let printed = if args.json {
        render::json_lines(&report, out).map(|()| false)
    } else {
        render::table(&report, args.wide, out)
    };
    let shortened = match printed.and_then(|s| out.flush().map(|()| s)) {
        Ok(shortened) => shortened,
        Err(e) => {
            let _ = writeln!(err, "okta-flows: cannot write the results: {e}");
            return EXIT_FATAL;
        }
    };
    if shortened {
        let _ = writeln!(
            err,
            "(long cells are shortened to fit {TABLE_WIDTH} columns: --wide or --json prints \
             them in full)"
        );
    }
    let _ = writeln!(err, "{}", report.summary());
    if report.dry_run
        && report
            .users
            .iter()
            .any(|u| u.outcome == Outcome::WouldUpdate)
    {
        let _ = writeln!(err, "dry run: nothing was written; add --apply to write");
    }
    if let Some(mock) = target.mock {
        mock.shutdown().await;
    }
    let verdict = verdict(&report, target.demo);
    let _ = writeln!(err, "{}", verdict.line);
    verdict.status
}
