//! Offboarding one user: read, plan, write what is left, notify once, record the audit row.

use std::fmt::Write as _;

use okta_client::api::{ClearSessions, UnassignAppUser};
use okta_client::models::{User, UserStatus};

use super::plan::{AuditRow, Plan, plan};
use super::{AUDIT_TABLE, Config};
use crate::runtime::{
    Action, FlowContext, FlowError, FlowEvent, FlowTable, StateError, TargetOutcome, TargetStatus,
};

/// Event types Okta logs for the flow's own writes (the loop guard's echoes), as the mock's
/// event catalog names them.
const ECHO_SESSIONS: &str = "user.session.clear";
const ECHO_GROUP_REMOVE: &str = "group.user_membership.remove";
const ECHO_APP_REMOVE: &str = "application.user_membership.remove";

/// Offboards one user for the trigger `trigger_key` (an event's uuid or a manual run's id).
///
/// # Errors
/// A failure worth retrying (transport, rate limit, 5xx, notifier) after recording how far the
/// run got; a refusal is the target's [`TargetStatus::Failed`] instead.
pub(super) async fn offboard(
    ctx: &FlowContext,
    config: &Config,
    user: &User,
    trigger_key: &str,
    event: Option<&FlowEvent>,
) -> Result<TargetOutcome, FlowError> {
    let login = user.login().to_owned();
    let user_id = user.id.to_string();
    if user.status != UserStatus::Deprovisioned {
        let reason = format!("the user is {}, not DEPROVISIONED", user.status);
        return Ok(TargetOutcome::skipped(&user_id, reason).display(login));
    }
    let table = ctx.table(AUDIT_TABLE);
    let status_changed = user.status_changed.map(|t| t.to_string());
    let (key, previous) = find_row(&table, &user_id, trigger_key, status_changed.as_deref())?;

    let client = ctx.client();
    let groups = client.users().groups(&user.id).collect_all().await?;
    let apps = client
        .apps()
        .list()
        .assigned_to(&user.id)
        .collect_all()
        .await?;
    let plan = plan(&groups, &apps, previous.as_ref());
    if plan.is_empty() {
        return Ok(TargetOutcome::no_change(&user_id).display(login));
    }

    let mut row = previous.unwrap_or_else(|| AuditRow {
        user_id: user_id.clone(),
        login: login.clone(),
        event: trigger_key.to_owned(),
        status_changed,
        ..AuditRow::default()
    });
    let mut actions = Vec::new();
    let result = act(ctx, config, user, event, &plan, &mut row, &mut actions).await;
    row.error = result.as_ref().err().map(ToString::to_string);
    actions.push(table.put(&key, &row.to_value())?);
    let status = match result {
        Ok(()) if ctx.applies() => TargetStatus::Done,
        Ok(()) => TargetStatus::WouldDo,
        Err(e) if e.is_retryable() => return Err(e),
        Err(e) => TargetStatus::Failed(e.to_string()),
    };
    let mut outcome = TargetOutcome::new(user_id, status).display(login);
    outcome.actions = actions;
    Ok(outcome)
}

/// The row of this deactivation: the one of this trigger, or else the user's row with the same
/// `statusChanged` (the same deactivation handled under another trigger, e.g. by hand).
fn find_row(
    table: &FlowTable<'_>,
    user_id: &str,
    trigger_key: &str,
    status_changed: Option<&str>,
) -> Result<(String, Option<AuditRow>), StateError> {
    let key = format!("{user_id}:{trigger_key}");
    if let Some(value) = table.get(&key)? {
        return Ok((key, AuditRow::from_value(value)));
    }
    if status_changed.is_some() {
        let prefix = format!("{user_id}:");
        for (other, value) in table.rows()? {
            if !other.starts_with(&prefix) {
                continue;
            }
            if let Some(row) = AuditRow::from_value(value)
                && row.status_changed.as_deref() == status_changed
            {
                return Ok((other, Some(row)));
            }
        }
    }
    Ok((key, None))
}

/// Makes the plan's writes (only when applying), then the notification, recording each step in
/// the row and each action in `actions` as it goes, so a failure keeps what was done.
async fn act(
    ctx: &FlowContext,
    config: &Config,
    user: &User,
    event: Option<&FlowEvent>,
    plan: &Plan,
    row: &mut AuditRow,
    actions: &mut Vec<Action>,
) -> Result<(), FlowError> {
    let client = ctx.client();
    let uid = user.id.as_str();
    if plan.clear_sessions {
        if ctx.applies() {
            let options = ClearSessions::new().oauth_tokens(config.revoke_oauth_tokens);
            let users = client.users();
            let clear = users.clear_sessions(&user.id, options);
            ctx.guarded_write(ECHO_SESSIONS, uid, clear).await?;
            row.sessions_cleared = true;
        }
        actions.push(Action::ClearSessions);
    }
    for group in &plan.remove_groups {
        if ctx.applies() {
            let groups = client.groups();
            let remove = groups.remove_member(group.id.as_str(), &user.id);
            gone_is_done(ctx.guarded_write(ECHO_GROUP_REMOVE, uid, remove).await)?;
            row.groups_removed.push(group.clone());
        }
        actions.push(Action::RemoveFromGroup {
            group_id: group.id.clone(),
            group_name: group.name.clone(),
        });
    }
    for app in &plan.unassign_apps {
        if ctx.applies() {
            let apps = client.app_users(app.id.as_str());
            let unassign = apps.unassign(&user.id, UnassignAppUser::new());
            gone_is_done(ctx.guarded_write(ECHO_APP_REMOVE, uid, unassign).await)?;
            row.apps_unassigned.push(app.clone());
        }
        actions.push(Action::UnassignApp {
            app_id: app.id.clone(),
            app_label: app.name.clone(),
        });
    }
    row.groups_kept = plan.keep_groups.clone();
    row.apps_kept = plan.keep_apps.clone();
    if plan.notify {
        let subject = format!("Offboarded {}", user.login());
        let body = notification_body(user, event, plan, row, ctx.applies());
        actions.push(ctx.notify(&config.recipient, subject, body).await?);
        row.notified = Some(config.recipient.clone());
    }
    Ok(())
}

/// A removal that finds nothing left (the group or assignment went meanwhile) is done.
fn gone_is_done(result: Result<(), FlowError>) -> Result<(), FlowError> {
    match result {
        Err(FlowError::Okta(e)) if e.is_not_found() => Ok(()),
        other => other,
    }
}

/// What IT reads: who, when and by whom, and what was changed or left.
fn notification_body(
    user: &User,
    event: Option<&FlowEvent>,
    plan: &Plan,
    row: &AuditRow,
    applied: bool,
) -> String {
    let p = &user.profile;
    let name = [p.get_str("firstName"), p.get_str("lastName")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let mut body = format!(
        "{name} ({}, id {}, email {}) was deactivated",
        user.login(),
        user.id,
        p.get_str("email").unwrap_or("none")
    );
    if let Some(event) = event {
        let by = event.event.actor.as_ref();
        let by = by
            .and_then(|a| a.alternate_id.as_deref())
            .unwrap_or("unknown");
        let _ = write!(
            body,
            " by {by} at {} (event {})",
            event.published(),
            event.uuid()
        );
    }
    body.push_str(".\n");
    // In a dry run the row holds nothing yet: report the plan instead.
    let (removed, unassigned) = if applied {
        (&row.groups_removed, &row.apps_unassigned)
    } else {
        (&plan.remove_groups, &plan.unassign_apps)
    };
    let names = |list: &[super::Named]| -> String {
        if list.is_empty() {
            "none".to_owned()
        } else {
            list.iter()
                .map(|n| n.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let _ = writeln!(
        body,
        "Sessions cleared: {}",
        row.sessions_cleared || !applied
    );
    let _ = writeln!(body, "Removed from groups: {}", names(removed));
    let _ = writeln!(body, "Unassigned from apps: {}", names(unassigned));
    for kept in plan.keep_groups.iter().chain(&plan.keep_apps) {
        let _ = writeln!(body, "Left in place: {} ({})", kept.name, kept.reason);
    }
    body.push_str("Follow up in the systems Okta does not manage.");
    body
}
