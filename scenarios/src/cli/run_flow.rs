//! `okta-flows run <flow>`: one flow by hand over a selection of users, or a recorded run
//! again (`--rerun`).

use std::io::Write;

use super::flows_args::RunArgs;
use super::flows_setup::{build_engine, flows_target};
use super::{EXIT_FAILURES, EXIT_FATAL, EXIT_OK, Io, explain, flows_render};
use crate::runtime::{RunStatus, Selection};

/// Runs `okta-flows run`.
pub(crate) async fn run_flow(args: &RunArgs, io: Io<'_>) -> i32 {
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
    let names = [args.flow.clone()];
    let engine = match build_engine(&args.engine, &names, &target, &mut |n| notes.push(n)) {
        Ok(engine) => engine,
        Err(e) => return fatal(err, e),
    };
    for note in notes {
        let _ = writeln!(err, "{note}");
    }
    let result = match args.rerun {
        Some(id) => engine.rerun(id).await,
        None => {
            let selection = if args.all {
                Selection::All
            } else if let Some(group) = &args.group {
                Selection::GroupMembers(group.clone())
            } else {
                Selection::Users(args.users.clone())
            };
            engine.run_manual(&args.flow, selection).await
        }
    };
    let record = match result {
        Ok(record) => record,
        Err(e) => return fatal(err, e.to_string()),
    };
    if let Some(mock) = target.mock {
        mock.shutdown().await;
    }
    if flows_render::run(out, &record, args.engine.json).is_err() {
        return fatal(err, "cannot write the results".to_owned());
    }
    if !engine.applies() {
        let _ = writeln!(err, "dry run: nothing was written; add --apply to write");
    }
    if record.status == RunStatus::Failed {
        let _ = writeln!(err, "run {} failed. Exit status 1.", record.id);
        return EXIT_FAILURES;
    }
    EXIT_OK
}
