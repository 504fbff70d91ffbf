//! The Office 365 Immutable ID sync on its trigger: when a user is added to the
//! Office 365 group, or assigned to the Office 365 app, run the existing per-user flow
//! ([`crate::immutable_id`]) for that user, as the seed's last paragraph suggests ("the
//! trigger for this flow could be changed to when a user is added to a group").
//!
//! Nothing of the Immutable ID flow's rules changes: the group is required, a DEPROVISIONED
//! user is skipped, directories holding different values without a chosen order are a
//! conflict, and a value another office365 app user holds is never written (duplicate). The
//! flow decides with a dry run of that flow first; only when it would write, and the run
//! applies, is the write made, through the loop guard.

mod outcome;

use okta_client::models::{LogTarget, OFFICE365_APP_NAME};
use serde::Deserialize;

use crate::immutable_id::{self, FlowConfig, Outcome, run_immutable_id};
use crate::runtime::{
    Flow, FlowContext, FlowError, FlowEvent, FlowFuture, Selection, TargetOutcome, Trigger,
    TriggerSpec,
};
use outcome::{convert_error, target_outcome};

/// The flow's name: its key in the configuration file, the state and the history.
pub const NAME: &str = "immutable-id-trigger";

/// A user added to a group (the flow acts for the Office 365 group only).
pub const GROUP_ADD: &str = "group.user_membership.add";
/// A user assigned to an app (the flow acts for the office365 app only).
pub const APP_ADD: &str = "application.user_membership.add";

/// The event an office365 app user's profile write causes (okta-mock's catalog:
/// `Change::AppUserUpdated`), recorded by the loop guard.
const APP_USER_UPDATE: &str = "application.user_membership.update";
/// The event a user profile write causes (the `via_attribute` path).
const PROFILE_UPDATE: &str = "user.account.update_profile";

/// The flow's configuration (`[immutable-id-trigger]`): the Immutable ID flow's options.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case", default)]
pub struct Config {
    /// The Office 365 group by name: joining it triggers the flow, and only its members are
    /// written.
    pub group: String,
    /// The office365 app by label or id; unset: the org's only office365 app.
    pub app: Option<String>,
    /// AD instances by label or id, in a chosen order of preference (see
    /// [`FlowConfig::prefer`]); empty: directories that disagree are a conflict.
    pub prefer: Vec<String>,
    /// Disagreeing directories are a conflict even with an order.
    pub strict: bool,
    /// Write through this custom user attribute instead of the app user (see
    /// [`FlowConfig::via_attribute`]).
    pub via_attribute: Option<String>,
}

impl Default for Config {
    /// The demo org `cases/flows/immutable_id_trigger.json`: the "Office 365" group, the
    /// only office365 app, no order of preference.
    fn default() -> Self {
        Self {
            group: "Office 365".to_owned(),
            app: None,
            prefer: Vec::new(),
            strict: false,
            via_attribute: None,
        }
    }
}

/// The Immutable ID sync on its trigger.
#[derive(Debug, Clone)]
pub struct ImmutableIdTrigger {
    config: Config,
}

/// The flow with its configuration.
pub fn flow(config: Config) -> ImmutableIdTrigger {
    ImmutableIdTrigger { config }
}

impl Flow for ImmutableIdTrigger {
    fn name(&self) -> &'static str {
        NAME
    }

    fn triggers(&self) -> Vec<TriggerSpec> {
        vec![TriggerSpec::Event(GROUP_ADD), TriggerSpec::Event(APP_ADD)]
    }

    fn run<'a>(&'a self, ctx: &'a FlowContext, trigger: &'a Trigger) -> FlowFuture<'a> {
        Box::pin(async move {
            let selection = match trigger {
                Trigger::Event(event) => match self.user_of(ctx, event).await? {
                    Some(login) => immutable_id::Selection::Users(vec![login]),
                    None => return Ok(Vec::new()),
                },
                Trigger::Manual(Selection::Users(users)) => {
                    immutable_id::Selection::Users(users.clone())
                }
                Trigger::Manual(members @ Selection::GroupMembers(_)) => {
                    let (users, _) =
                        crate::flows::selection::users(ctx.client(), members, None).await?;
                    let logins = users.iter().map(|u| u.login().to_owned()).collect();
                    immutable_id::Selection::Users(logins)
                }
                Trigger::Manual(Selection::All) => immutable_id::Selection::All,
                Trigger::Scheduled { .. } => return Ok(Vec::new()),
            };
            self.sync(ctx, selection).await
        })
    }
}

impl ImmutableIdTrigger {
    /// The login (or id) of the user an event is about, when the event is the flow's: an
    /// addition to the configured group, or an assignment to the office365 app.
    async fn user_of(
        &self,
        ctx: &FlowContext,
        event: &FlowEvent,
    ) -> Result<Option<String>, FlowError> {
        let Some(user) = event.target("User") else {
            return Ok(None);
        };
        let ours = match event.event_type() {
            // The UserGroup target's display name is the group's name (okta-mock's
            // `events/render.rs`, as in Okta's recorded membership events).
            GROUP_ADD => event
                .target("UserGroup")
                .and_then(|g| g.display_name.as_deref())
                .is_some_and(|name| name.eq_ignore_ascii_case(&self.config.group)),
            APP_ADD => match event.app_id() {
                Some(app_id) => match ctx.client().apps().get_opt(app_id).await? {
                    Some(app) => {
                        app.name == OFFICE365_APP_NAME
                            && self.config.app.as_deref().is_none_or(|wanted| {
                                app.id.as_str() == wanted || app.label.eq_ignore_ascii_case(wanted)
                            })
                    }
                    None => false,
                },
                None => false,
            },
            _ => false,
        };
        Ok(ours.then(|| login_of(user)))
    }

    /// The Immutable ID flow's configuration for a selection.
    fn id_config(&self, selection: immutable_id::Selection, apply: bool) -> FlowConfig {
        FlowConfig {
            selection,
            prefer: self.config.prefer.clone(),
            prefer_origin: Some(format!("[{NAME}] prefer")),
            group: Some(self.config.group.clone()),
            app: self.config.app.clone(),
            strict: self.config.strict,
            apply,
            via_attribute: self.config.via_attribute.clone(),
            ..FlowConfig::default()
        }
    }

    /// Decides with a dry run, then writes each user the dry run would update (apply runs
    /// only), one at a time under the loop guard; the Immutable ID flow decides again for
    /// the write, so its duplicate and conflict guards see the org as it is then.
    async fn sync(
        &self,
        ctx: &FlowContext,
        selection: immutable_id::Selection,
    ) -> Result<Vec<TargetOutcome>, FlowError> {
        let client = ctx.client();
        let decided = run_immutable_id(client, &self.id_config(selection, false), &())
            .await
            .map_err(convert_error)?;
        let attribute = self
            .config
            .via_attribute
            .as_deref()
            .unwrap_or("immutableId");
        let echo = if self.config.via_attribute.is_some() {
            PROFILE_UPDATE
        } else {
            APP_USER_UPDATE
        };
        let mut outcomes = Vec::with_capacity(decided.users.len());
        for user in decided.users {
            let writes = user.outcome == Outcome::WouldUpdate && ctx.applies();
            let Some(user_id) = user.user_id.clone().filter(|_| writes) else {
                outcomes.push(target_outcome(&user, attribute));
                continue;
            };
            let config = self.id_config(immutable_id::Selection::Users(vec![user.login]), true);
            // The write is inside the Immutable ID flow's run, which reports a failed write
            // as an `error` outcome rather than an Err; the guard's record then stays until
            // it expires, which cannot hide anything from this flow: it does not subscribe
            // to the echo's event type.
            let run = async { Ok(run_immutable_id(client, &config, &()).await) };
            let applied = ctx
                .guarded_write(echo, user_id.as_str(), run)
                .await?
                .map_err(convert_error)?;
            outcomes.extend(applied.users.iter().map(|u| target_outcome(u, attribute)));
        }
        Ok(outcomes)
    }
}

/// A `User` target's login (`alternateId`), or its id.
fn login_of(user: &LogTarget) -> String {
    user.alternate_id
        .clone()
        .filter(|login| !login.is_empty() && login != "unknown")
        .unwrap_or_else(|| user.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_table_is_the_default_and_unknown_keys_are_refused() {
        let config: Config = toml::from_str("group = \"Office 365\"").unwrap();
        assert_eq!(config, Config::default());
        let chosen: Config =
            toml::from_str("prefer = [\"corp.example.com\", \"emea.example.com\"]\nstrict = true")
                .unwrap();
        assert_eq!(chosen.prefer.len(), 2);
        assert!(toml::from_str::<Config>("groups = \"Office 365\"").is_err());
    }
}
