//! Manager notification (a common Okta Workflows use case): when a user is locked out
//! (`user.account.lock`), find their manager through the profile (`managerId`, else
//! `manager`; see [`resolve`]) and tell them, so the manager can send the user to IT or
//! handle it. A user without a usable manager is [`TargetStatus::Skipped`] with the reason, and
//! the fallback recipient (IT) is told instead. A user who is no longer `LOCKED_OUT` when the
//! flow runs (unlocked meanwhile) is skipped without a notification.
//!
//! The flow writes nothing to Okta. Each lockout is notified once: table [`TABLE`] keeps a row
//! per user and lockout (`{userId}:{statusChanged}`, the time the user became `LOCKED_OUT`,
//! with the uuids of the events seen for it), so a redelivered event or a manual run over the
//! same lockout sends nothing again.

pub mod resolve;

use std::fmt::Write as _;

use okta_client::models::{User, UserStatus};
use serde::Deserialize;
use serde_json::json;

use super::selection;
use crate::runtime::{
    Flow, FlowContext, FlowError, FlowEvent, FlowFuture, TargetOutcome, TargetStatus, Trigger,
    TriggerSpec,
};
use resolve::{Lookup, manager_of};

/// The flow's name.
pub const NAME: &str = "manager-notification";

/// The event that starts it: Okta's `user.account.lock`.
pub const TRIGGER: &str = "user.account.lock";

/// The table of lockouts already notified.
pub const TABLE: &str = "notified";

/// The flow's configuration (`[manager-notification]` in the flows file).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case", default)]
pub struct Config {
    /// Who is told when the user has no usable manager (IT).
    pub fallback_recipient: String,
    /// The profile attribute holding the manager's id or login.
    pub manager_id_attribute: String,
    /// The profile attribute holding the manager's login or display name.
    pub manager_attribute: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            fallback_recipient: "it@example.com".to_owned(),
            manager_id_attribute: "managerId".to_owned(),
            manager_attribute: "manager".to_owned(),
        }
    }
}

/// The manager notification flow.
#[derive(Debug, Clone)]
pub struct ManagerNotification {
    config: Config,
}

/// The manager notification flow with this configuration.
pub fn flow(config: Config) -> ManagerNotification {
    ManagerNotification { config }
}

impl Flow for ManagerNotification {
    fn name(&self) -> &'static str {
        NAME
    }

    fn triggers(&self) -> Vec<TriggerSpec> {
        vec![TriggerSpec::Event(TRIGGER)]
    }

    fn run<'a>(&'a self, ctx: &'a FlowContext, trigger: &'a Trigger) -> FlowFuture<'a> {
        Box::pin(self.run_trigger(ctx, trigger))
    }
}

impl ManagerNotification {
    async fn run_trigger(
        &self,
        ctx: &FlowContext,
        trigger: &Trigger,
    ) -> Result<Vec<TargetOutcome>, FlowError> {
        match trigger {
            Trigger::Event(event) => {
                let Some(user_id) = event.user_id() else {
                    return Ok(Vec::new());
                };
                if event.event_type() != TRIGGER {
                    let why = format!("{} is not {TRIGGER}", event.event_type());
                    return Ok(vec![TargetOutcome::skipped(user_id, why)]);
                }
                let outcome = match ctx.client().users().get_opt(user_id).await? {
                    None => TargetOutcome::skipped(user_id, "the user no longer exists"),
                    Some(user) => self.notify_for(ctx, &user, Some(event)).await?,
                };
                Ok(vec![outcome])
            }
            Trigger::Manual(selection) => {
                let filter = format!("status eq \"{}\"", UserStatus::LockedOut);
                let (users, mut outcomes) =
                    selection::users(ctx.client(), selection, Some(&filter)).await?;
                for user in &users {
                    outcomes.push(self.notify_for(ctx, user, None).await?);
                }
                Ok(outcomes)
            }
            Trigger::Scheduled { .. } => Ok(Vec::new()),
        }
    }

    /// Tells the manager (or the fallback) about one locked-out user, once per lockout.
    async fn notify_for(
        &self,
        ctx: &FlowContext,
        user: &User,
        event: Option<&FlowEvent>,
    ) -> Result<TargetOutcome, FlowError> {
        let (user_id, login) = (user.id.to_string(), user.login().to_owned());
        if user.status != UserStatus::LockedOut {
            let why = format!("the user is {}, no longer locked out", user.status);
            return Ok(TargetOutcome::skipped(user_id, why).display(login));
        }
        let locked_at = user.status_changed.map(|t| t.to_string());
        let lockout = locked_at
            .clone()
            .unwrap_or_else(|| ctx.trigger_key().to_owned());
        let key = format!("{user_id}:{lockout}");
        let table = ctx.table(TABLE);
        let mut seen: Vec<String> = Vec::new();
        if let Some(row) = table.get(&key)? {
            seen = serde_json::from_value(row["events"].clone()).unwrap_or_default();
            // Object timestamps have whole seconds, so a second lockout within the same second
            // shares the key: a new event uuid tells it apart. A row written by a manual run
            // (no event) and then the event of that lockout are one lockout.
            let new_lockout =
                event.is_some_and(|e| !seen.is_empty() && !seen.iter().any(|s| s == e.uuid()));
            if !new_lockout {
                return Ok(TargetOutcome::no_change(user_id).display(login));
            }
        }
        seen.extend(event.map(|e| e.uuid().to_owned()));
        let details = user_details(user, locked_at.as_deref(), event);
        let (recipient, subject, body, status) =
            match manager_of(ctx.client(), user, &self.config).await? {
                Lookup::Found(manager, via) => {
                    let to = manager.profile.get_str("email").unwrap_or(manager.login());
                    let body = format!(
                        "{details}\nYou are listed as their manager ({via}). They cannot sign in \
                         until IT unlocks the account: ask them to call IT, or confirm it is \
                         them if IT calls you."
                    );
                    let status = if ctx.applies() {
                        TargetStatus::Done
                    } else {
                        TargetStatus::WouldDo
                    };
                    (
                        to.to_owned(),
                        format!("{login} is locked out of Okta"),
                        body,
                        status,
                    )
                }
                Lookup::Unresolved(reason) => {
                    let body = format!("{details}\nNo manager could be told: {reason}.");
                    let subject = format!("{login} is locked out of Okta (no manager found)");
                    let to = self.config.fallback_recipient.clone();
                    (to, subject, body, TargetStatus::Skipped(reason))
                }
            };
        let mut outcome = TargetOutcome::new(user_id, status).display(login);
        outcome
            .actions
            .push(ctx.notify(&recipient, subject, body).await?);
        let row = json!({
            "recipient": recipient,
            "events": seen,
            "lockedAt": locked_at,
            "at": okta_client::models::Timestamp::now().to_string(),
        });
        outcome.actions.push(table.put(&key, &row)?);
        Ok(outcome)
    }
}

/// Who is locked out, for the notification.
fn user_details(user: &User, locked_at: Option<&str>, event: Option<&FlowEvent>) -> String {
    let p = &user.profile;
    let name = [p.get_str("firstName"), p.get_str("lastName")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let mut text = format!(
        "{name} ({}, id {}) is locked out of Okta",
        user.login(),
        user.id
    );
    if let Some(at) = locked_at {
        let _ = write!(text, " since {at}");
    }
    if let Some(message) = event.and_then(|e| e.event.display_message.as_deref()) {
        let _ = write!(text, " ({message})");
    }
    text.push('.');
    for attribute in ["email", "title", "department", "mobilePhone"] {
        if let Some(value) = p.get_str(attribute) {
            let _ = write!(text, "\n{attribute}: {value}");
        }
    }
    text
}
