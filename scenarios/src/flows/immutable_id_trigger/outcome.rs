//! The Immutable ID flow's outcomes and errors in the runtime's terms.

use serde_json::Value;

use crate::immutable_id::{self, Outcome, UserReport};
use crate::runtime::{Action, FlowError, TargetOutcome, TargetStatus};

/// One user's report as a [`TargetOutcome`]: `updated` is `Done` and `would_update`
/// `WouldDo` (with the write as the action), `already_correct` is `NoChange`, the outcomes
/// that fail an `immutable-id` run (conflict, duplicate, invalid value, missing user, error)
/// are `Failed`, and the rest (not in the group, no directory user, deactivated, …) are
/// `Skipped`, each with the flow's own sentence.
pub(super) fn target_outcome(user: &UserReport, attribute: &str) -> TargetOutcome {
    let target = user
        .user_id
        .as_ref()
        .map_or_else(|| user.login.clone(), |id| id.to_string());
    let detail = || format!("{}: {}", user.outcome, user.message);
    let status = match user.outcome {
        Outcome::Updated => TargetStatus::Done,
        Outcome::WouldUpdate => TargetStatus::WouldDo,
        Outcome::AlreadyCorrect => TargetStatus::NoChange,
        failure if failure.is_failure() => TargetStatus::Failed(detail()),
        _ => TargetStatus::Skipped(detail()),
    };
    let mut outcome = TargetOutcome::new(target, status).display(user.login.clone());
    if matches!(user.outcome, Outcome::Updated | Outcome::WouldUpdate) {
        outcome.actions.push(Action::SetProfileAttribute {
            name: attribute.to_owned(),
            value: user.immutable_id.clone().map_or(Value::Null, Value::String),
        });
    }
    outcome
}

/// A whole-run failure of the Immutable ID flow: its configuration errors stay configuration
/// errors; a failed read is the client's error (retryable when transient).
pub(super) fn convert_error(error: immutable_id::FlowError) -> FlowError {
    match error {
        immutable_id::FlowError::Read { source, .. } => FlowError::Okta(source),
        other => FlowError::Config(other.to_string()),
    }
}
