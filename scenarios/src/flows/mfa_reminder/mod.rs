//! MFA enrollment reminder (a common Okta Workflows use case): once a day, every `ACTIVE` user created at
//! least [`Config::min_age_days`] ago who has no active factor
//! (`GET /api/v1/users/{id}/factors`: none `ACTIVE`; a pending enrollment does not count) gets
//! a reminder, at most one per [`Config::remind_every_days`]. Who was reminded, how often and
//! when is kept in the table [`TABLE`] (key: the user's id); once the user has enrolled, the
//! row is deleted and the reminders stop.
//!
//! Okta has no query for "users without factors", so the flow reads each old-enough active
//! user's factor list: one request per such user and run.
//!
//! The flow writes nothing to Okta. A run by hand over a selection applies the same rules at
//! the time of the run.

mod decide;

use okta_client::models::{Timestamp, User, UserStatus};
use serde::Deserialize;

use super::selection;
use crate::runtime::{
    Flow, FlowContext, FlowError, FlowFuture, Selection, StateError, TargetOutcome, TargetStatus,
    Trigger, TriggerSpec,
};
pub use decide::{Decision, ReminderRow, decide, old_enough};

/// The flow's name.
pub const NAME: &str = "mfa-reminder";

/// The table of reminded users.
pub const TABLE: &str = "reminders";

/// How often the flow runs.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// The flow's configuration (`[mfa-reminder]` in the flows file).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case", default)]
pub struct Config {
    /// Users created fewer days ago are left alone (the seed's "account age is more than 3
    /// days").
    pub min_age_days: u32,
    /// At most one reminder per user in this many days.
    pub remind_every_days: u32,
    /// Where users enroll, named in the reminder; `None`: the org's settings page,
    /// `{org}/account-settings/home` (Okta's end-user help, "My Settings": "Direct URL: …
    /// `https://<org URL>/account-settings/home`", then "Security methods").
    pub enroll_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            min_age_days: 3,
            remind_every_days: 1,
            enroll_url: None,
        }
    }
}

/// The MFA enrollment reminder flow.
#[derive(Debug, Clone)]
pub struct MfaReminder {
    config: Config,
}

/// The MFA enrollment reminder flow with this configuration.
pub fn flow(config: Config) -> MfaReminder {
    MfaReminder { config }
}

impl Flow for MfaReminder {
    fn name(&self) -> &'static str {
        NAME
    }

    fn triggers(&self) -> Vec<TriggerSpec> {
        vec![TriggerSpec::Every(EVERY)]
    }

    fn run<'a>(&'a self, ctx: &'a FlowContext, trigger: &'a Trigger) -> FlowFuture<'a> {
        Box::pin(self.run_trigger(ctx, trigger))
    }
}

impl MfaReminder {
    async fn run_trigger(
        &self,
        ctx: &FlowContext,
        trigger: &Trigger,
    ) -> Result<Vec<TargetOutcome>, FlowError> {
        // A scheduled run counts its period from the slot it was due, so runs a day apart are
        // a period apart however late each one starts.
        let (now, selection) = match trigger {
            Trigger::Scheduled { at } => (*at, &Selection::All),
            Trigger::Manual(selection) => (Timestamp::now(), selection),
            Trigger::Event(_) => return Ok(Vec::new()),
        };
        let filter = format!("status eq \"{}\"", UserStatus::Active);
        let (users, mut outcomes) =
            selection::users(ctx.client(), selection, Some(&filter)).await?;
        let listed_all = matches!(selection, Selection::All);
        for user in &users {
            if let Some(outcome) = self.remind(ctx, user, now, listed_all).await? {
                outcomes.push(outcome);
            }
        }
        Ok(outcomes)
    }

    /// One user's outcome; `None` for a user with nothing to report in a run over everybody
    /// (enrolled without a row, or too new), so a daily run lists only what concerns it.
    async fn remind(
        &self,
        ctx: &FlowContext,
        user: &User,
        now: Timestamp,
        quiet: bool,
    ) -> Result<Option<TargetOutcome>, FlowError> {
        let (id, login) = (user.id.to_string(), user.login().to_owned());
        let table = ctx.table(TABLE);
        let row = table.get(&id)?.and_then(|v| serde_json::from_value(v).ok());
        let enrolled = if user.status == UserStatus::Active && old_enough(user, now, &self.config) {
            match ctx.client().users().factors(&user.id).list().await {
                Ok(factors) => Some(factors.iter().any(|f| f.is_active())),
                Err(e) if e.is_not_found() => {
                    let why = "the user no longer exists";
                    return Ok(Some(TargetOutcome::skipped(id, why).display(login)));
                }
                Err(e) => return Err(e.into()),
            }
        } else {
            None
        };
        let outcome = match decide(user, now, &self.config, enrolled, row.as_ref()) {
            Decision::NotDue(_) | Decision::Enrolled if quiet && row.is_none() => return Ok(None),
            Decision::NotDue(why) => TargetOutcome::skipped(id, why),
            Decision::Enrolled if row.is_none() => TargetOutcome::no_change(id),
            Decision::Enrolled => {
                table.delete(&id)?;
                TargetOutcome::skipped(id, "enrolled: reminders stop (reminder row deleted)")
            }
            Decision::RemindedRecently(_) => TargetOutcome::no_change(id),
            Decision::Remind => self.send(ctx, user, now, row).await?,
        };
        Ok(Some(outcome.display(login)))
    }

    /// Sends the reminder and records it.
    async fn send(
        &self,
        ctx: &FlowContext,
        user: &User,
        now: Timestamp,
        row: Option<ReminderRow>,
    ) -> Result<TargetOutcome, FlowError> {
        let id = user.id.to_string();
        let recipient = user
            .profile
            .get_str("email")
            .unwrap_or(user.login())
            .to_owned();
        let url = self.config.enroll_url.clone().unwrap_or_else(|| {
            let org = ctx.client().org_url().as_str().trim_end_matches('/');
            format!("{org}/account-settings/home")
        });
        let first = user.profile.get_str("firstName").unwrap_or("there");
        let body = format!(
            "Hello {first},\nyour Okta account ({}) has no second factor yet. Please set one up \
             at {url} (Security methods). You will get this reminder at most every {} day(s) \
             until you do.",
            user.login(),
            self.config.remind_every_days
        );
        let subject = "Set up multi-factor authentication for your Okta account";
        let notify = match ctx.notify(&recipient, subject, body).await {
            Ok(action) => action,
            Err(e) if e.is_retryable() => return Err(e),
            Err(e) => return Ok(TargetOutcome::new(id, TargetStatus::Failed(e.to_string()))),
        };
        let mut row = row.unwrap_or_else(|| ReminderRow {
            login: user.login().to_owned(),
            first_millis: now.unix_millis(),
            ..ReminderRow::default()
        });
        row.recipient = recipient;
        row.count += 1;
        row.last_millis = now.unix_millis();
        let value = serde_json::to_value(&row).map_err(StateError::from)?;
        let record = ctx.table(TABLE).put(&id, &value)?;
        let status = if ctx.applies() {
            TargetStatus::Done
        } else {
            TargetStatus::WouldDo
        };
        let mut outcome = TargetOutcome::new(id, status);
        outcome.actions = vec![notify, record];
        Ok(outcome)
    }
}
