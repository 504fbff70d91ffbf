//! `okta-flows history`: the recorded runs of a state file, the most recent first.

use super::flows_args::HistoryArgs;
use super::{EXIT_FATAL, EXIT_OK, Io, flows_render};
use crate::runtime::{RunQuery, StateStore};

/// Runs `okta-flows history`. Never creates the state file.
pub(crate) fn run_history(args: &HistoryArgs, io: Io<'_>) -> i32 {
    let Io { out, err, .. } = io;
    if !args.state.exists() {
        let _ = writeln!(
            err,
            "okta-flows: no state file at {}: `okta-flows watch --apply --state {0}` records \
             runs there",
            args.state.display()
        );
        return EXIT_FATAL;
    }
    let listed = StateStore::open(&args.state).and_then(|state| {
        state.runs(&RunQuery {
            flow: args.flow.clone(),
            failed_only: args.failed,
            limit: args.limit,
        })
    });
    let runs = match listed {
        Ok(runs) => runs,
        Err(e) => {
            let _ = writeln!(err, "okta-flows: {}: {e}", args.state.display());
            return EXIT_FATAL;
        }
    };
    for record in &runs {
        if flows_render::run(out, record, args.json).is_err() {
            let _ = writeln!(err, "okta-flows: cannot write the results");
            return EXIT_FATAL;
        }
    }
    let _ = writeln!(err, "{} runs listed (--limit {})", runs.len(), args.limit);
    EXIT_OK
}
