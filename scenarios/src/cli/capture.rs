//! `okta-flows capture`: the org (or the embedded mock) into a pseudonymized scenario file.

use std::io::Write;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::args::{CaptureArgs, CaptureFlow};
use super::{EXIT_FATAL, EXIT_OK, Io, Pacing, connect};
use crate::capture::{CaptureConfig, Flow, Progress, Pseudonyms, capture};

/// A spinner on stderr counting requests, or nothing when no one is watching.
struct Spinner(Option<ProgressBar>);

impl Spinner {
    fn new(visible: bool) -> Self {
        if !visible {
            return Spinner(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({pos} requests)") {
            bar.set_style(style);
        }
        Spinner(Some(bar))
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Spinner {
    fn stage(&self, name: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(name.to_owned());
        }
    }

    fn request(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
}

fn pseudonyms(args: &CaptureArgs) -> Result<Option<Pseudonyms>, String> {
    if args.no_anonymize {
        return Ok(None);
    }
    let Some(path) = &args.salt_file else {
        return Ok(Some(Pseudonyms::random()));
    };
    let salt = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Pseudonyms::with_salt(&salt)
        .map(Some)
        .map_err(|e| format!("salt file {}: {e}", path.display()))
}

/// Runs `okta-flows capture`.
pub(super) async fn run_capture(args: &CaptureArgs, io: Io<'_>) -> i32 {
    let Io {
        err,
        interactive,
        org_configured_elsewhere,
        ..
    } = io;
    let fail = |err: &mut dyn Write, message: String| {
        let _ = writeln!(err, "okta-flows: {message}");
        EXIT_FATAL
    };
    let pseudonyms = match pseudonyms(args) {
        Ok(p) => p,
        Err(e) => return fail(err, e),
    };
    let mut notes = Vec::new();
    let org = args.org_args();
    let target = match connect(
        &org,
        org_configured_elsewhere,
        // A capture reads a whole org: it waits for a family's reset rather than collect 429s.
        Pacing::Throttled,
        &mut |n| notes.push(n),
    )
    .await
    {
        Ok(target) => target,
        Err(e) => return fail(err, e.to_string()),
    };
    for note in notes {
        let _ = writeln!(err, "{note}");
    }
    let config = CaptureConfig {
        flow: match args.flow {
            CaptureFlow::ImmutableId => Flow::ImmutableId,
            CaptureFlow::None => Flow::None,
        },
        groups: args.group.clone(),
        users: args.users.clone(),
        apps: args.app.clone(),
        search: args.search.clone(),
        max_users: args.max,
        pseudonyms,
    };
    let spinner = Spinner::new(interactive);
    let captured = capture(&target.client, &config, &spinner).await;
    spinner.finish();
    if let Some(mock) = target.mock {
        mock.shutdown().await;
    }
    let captured = match captured {
        Ok(captured) => captured,
        Err(e) => return fail(err, format!("capture failed: {e}")),
    };
    let mut text = captured.scenario.to_json_pretty();
    text.push('\n');
    if let Err(e) = std::fs::write(&args.out, text) {
        return fail(err, format!("cannot write {}: {e}", args.out.display()));
    }
    let s = &captured.scenario;
    let _ = writeln!(
        err,
        "okta-flows: captured {} user(s), {} group(s) and {} app(s) in {} request(s) into {}{}",
        s.users.len(),
        s.groups.len(),
        s.apps.len(),
        captured.requests,
        args.out.display(),
        if config.pseudonyms.is_some() {
            ", pseudonymized"
        } else {
            ", NOT pseudonymized (--no-anonymize): it holds personal data"
        }
    );
    for skipped in &captured.skipped {
        let _ = writeln!(err, "skipped: {skipped}");
    }
    EXIT_OK
}
