//! Offboarding (a common Okta Workflows use case): when a user is deactivated, clear their sessions,
//! remove them from every group whose members Okta lets an admin change, unassign their
//! direct app assignments, notify IT with the details and keep an audit row of what was done.
//!
//! Safe to run twice: the audit row (table [`AUDIT_TABLE`], key `{userId}:{eventUuid}`) says
//! whether the sessions were cleared and IT was told for this deactivation, and groups and apps
//! are read before each removal, so a second run of the same event, or a manual run over an
//! already offboarded user, writes nothing and notifies nobody.
//!
//! Okta itself removes a deactivated user's app assignments (okta-client's
//! `UsersApi::deactivate`); the unassign step covers what is left, and manual runs.

mod apply;
mod plan;

use okta_client::models::UserStatus;
use serde::Deserialize;

use super::selection;
use crate::runtime::{
    Flow, FlowContext, FlowError, FlowFuture, TargetOutcome, Trigger, TriggerSpec,
};

pub use plan::{AuditRow, Kept, Named, group_kept_reason};

/// The flow's name.
pub const NAME: &str = "offboarding";

/// The event that starts it: Okta's `user.lifecycle.deactivate` ("Deactivate Okta User").
pub const TRIGGER: &str = "user.lifecycle.deactivate";

/// The table of audit rows.
pub const AUDIT_TABLE: &str = "audit";

/// The flow's configuration (`[offboarding]` in the flows file).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case", default)]
pub struct Config {
    /// Who is told of each offboarding (IT): an address the notifier understands.
    pub recipient: String,
    /// Also revoke the OAuth and OpenID Connect tokens issued to the user when clearing the
    /// sessions (`oauthTokens=true`).
    pub revoke_oauth_tokens: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            recipient: "it@example.com".to_owned(),
            revoke_oauth_tokens: true,
        }
    }
}

/// The offboarding flow.
#[derive(Debug, Clone)]
pub struct Offboarding {
    config: Config,
}

/// The offboarding flow with this configuration.
pub fn flow(config: Config) -> Offboarding {
    Offboarding { config }
}

impl Flow for Offboarding {
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

impl Offboarding {
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
                    return Ok(vec![TargetOutcome::skipped(
                        user_id,
                        format!("{} is not {TRIGGER}", event.event_type()),
                    )]);
                }
                let outcome = match ctx.client().users().get_opt(user_id).await? {
                    None => TargetOutcome::skipped(user_id, "the user no longer exists"),
                    Some(user) => {
                        apply::offboard(ctx, &self.config, &user, event.uuid(), Some(event)).await?
                    }
                };
                Ok(vec![outcome])
            }
            Trigger::Manual(selection) => {
                let filter = format!("status eq \"{}\"", UserStatus::Deprovisioned);
                let (users, mut outcomes) =
                    selection::users(ctx.client(), selection, Some(&filter)).await?;
                for user in &users {
                    let key = ctx.trigger_key().to_owned();
                    outcomes.push(apply::offboard(ctx, &self.config, user, &key, None).await?);
                }
                Ok(outcomes)
            }
            Trigger::Scheduled { .. } => Ok(Vec::new()),
        }
    }
}
