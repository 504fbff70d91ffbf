//! Which users a run is about, and how a failure for one of them is reported; shared by the
//! user-centred flows (birthright access, title sync).

use okta_client::Client;
use okta_client::models::{User, UserStatus};

use crate::runtime::{FlowError, Selection, TargetOutcome, TargetStatus, Trigger};

/// The users (ids, or logins for a manual run by login) a trigger is about: an event's `User`
/// target, or a manual run's selection. A schedule names nobody.
///
/// # Errors
/// When listing a group's members or the org's users fails.
pub(crate) async fn users_of(client: &Client, trigger: &Trigger) -> Result<Vec<String>, FlowError> {
    Ok(match trigger {
        Trigger::Event(event) => event.user_id().map(str::to_owned).into_iter().collect(),
        Trigger::Manual(Selection::Users(users)) => users.clone(),
        Trigger::Manual(selection) => {
            let (users, _) = crate::flows::selection::users(client, selection, None).await?;
            users.into_iter().map(|u| u.id.to_string()).collect()
        }
        Trigger::Scheduled { .. } => Vec::new(),
    })
}

/// Reads a user the flow may act on, or says why it is left alone: gone since the event, or
/// deactivated (Okta removes a DEPROVISIONED user's memberships' effect, and its profile is
/// no longer maintained).
///
/// # Errors
/// When the read fails.
pub(crate) async fn read_user(
    client: &Client,
    id_or_login: &str,
) -> Result<Result<User, TargetOutcome>, FlowError> {
    let Some(user) = client.users().get_opt_by_login(id_or_login).await? else {
        return Ok(Err(TargetOutcome::skipped(
            id_or_login,
            "no such user (deleted since the trigger?)",
        )));
    };
    if user.status == UserStatus::Deprovisioned {
        return Ok(Err(TargetOutcome::skipped(
            user.id.as_str(),
            "the user is deactivated",
        )
        .display(user.login())));
    }
    Ok(Ok(user))
}

/// Settles one target's result. Config, state and notifier errors stay whole-run errors. An
/// Okta error is the target's [`TargetStatus::Failed`] when retrying cannot help (a refusal)
/// or when the run covers a selection (one user's failure must not stop the others); a
/// transient one in an event run stays an `Err`, so the runtime retries the event.
///
/// # Errors
/// The error, when it is not the target's alone.
pub(crate) fn settle(
    target: &str,
    manual: bool,
    result: Result<TargetOutcome, FlowError>,
) -> Result<TargetOutcome, FlowError> {
    match result {
        Err(FlowError::Okta(e)) if manual || !(e.is_transient() || e.is_rate_limited()) => Ok(
            TargetOutcome::new(target, TargetStatus::Failed(e.to_string())),
        ),
        other => other,
    }
}

/// `Done` when the run applies, `WouldDo` in a dry run.
pub(crate) fn acted(ctx: &crate::runtime::FlowContext) -> TargetStatus {
    if ctx.applies() {
        TargetStatus::Done
    } else {
        TargetStatus::WouldDo
    }
}
