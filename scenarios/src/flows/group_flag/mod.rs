//! The group flag flow (the simplest kind of Okta Workflow): when a user is
//! added to a group, set a boolean profile attribute (`isMemberOfGroup`) to `true`; when the
//! user is removed, set it back to `false`.
//!
//! It converges on the truth rather than on the event: each run reads the user's groups and
//! profile and writes only what differs, so a replayed, late or out-of-order event leaves the
//! flag as the membership is now, and a second run writes nothing. An attribute that is absent
//! counts as `false` (a user who never was a member is not written to).

use std::collections::HashSet;
use std::sync::OnceLock;

use futures::TryStreamExt as _;
use okta_client::api::users::UserUpdate;
use okta_client::models::{User, UserStatus};
use serde::Deserialize;
use serde_json::Value;

use crate::runtime::{
    Action, Flow, FlowContext, FlowError, FlowFuture, Selection, TargetOutcome, TargetStatus,
    Trigger, TriggerSpec,
};

/// The flow's name.
pub const NAME: &str = "group-flag";

/// The event Okta logs when a user is added to a group.
pub const ADDED: &str = "group.user_membership.add";
/// The event Okta logs when a user is removed from a group.
pub const REMOVED: &str = "group.user_membership.remove";
/// The event Okta logs for a profile update: the echo of this flow's writes.
pub const PROFILE_UPDATED: &str = "user.account.update_profile";

/// The flow's settings (`[group-flag]` in the flows configuration).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Config {
    /// The group, by name or id.
    pub group: String,
    /// The boolean profile attribute to set.
    pub attribute: String,
}

impl Default for Config {
    /// The group and attribute of `scenarios/cases/flows/group_flag.json`.
    fn default() -> Self {
        Self {
            group: "Contractors".to_owned(),
            attribute: "isMemberOfGroup".to_owned(),
        }
    }
}

/// The flow.
#[derive(Debug)]
pub struct GroupFlag {
    config: Config,
    group_id: OnceLock<String>,
}

/// The flow with its settings.
pub fn flow(config: Config) -> GroupFlag {
    GroupFlag {
        config,
        group_id: OnceLock::new(),
    }
}

impl Flow for GroupFlag {
    fn name(&self) -> &'static str {
        NAME
    }

    fn triggers(&self) -> Vec<TriggerSpec> {
        vec![TriggerSpec::Event(ADDED), TriggerSpec::Event(REMOVED)]
    }

    fn run<'a>(&'a self, ctx: &'a FlowContext, trigger: &'a Trigger) -> FlowFuture<'a> {
        Box::pin(async move {
            match trigger {
                Trigger::Event(event) => {
                    let group = self.group_id(ctx).await?;
                    let (Some(user_id), Some(event_group)) = (event.user_id(), event.group_id())
                    else {
                        return Ok(Vec::new());
                    };
                    if event_group != group {
                        return Ok(Vec::new()); // another group's membership
                    }
                    let Some(user) = ctx.client().users().get_opt(user_id).await? else {
                        return Ok(vec![TargetOutcome::skipped(user_id, "no longer exists")]);
                    };
                    let member = ctx
                        .client()
                        .users()
                        .groups(user_id)
                        .items()
                        .try_any(|g| std::future::ready(g.id.as_str() == group))
                        .await?;
                    Ok(vec![self.converge(ctx, &user, member).await?])
                }
                Trigger::Manual(selection) => self.run_over(ctx, selection).await,
                Trigger::Scheduled { .. } => Ok(Vec::new()),
            }
        })
    }
}

impl GroupFlag {
    /// The configured group's id, looked up once.
    async fn group_id(&self, ctx: &FlowContext) -> Result<&str, FlowError> {
        if let Some(id) = self.group_id.get() {
            return Ok(id);
        }
        let wanted = &self.config.group;
        let groups = ctx
            .client()
            .groups()
            .list()
            .q(wanted.as_str())
            .collect_all()
            .await?;
        let found = groups
            .iter()
            .find(|g| g.id.as_str() == wanted || g.profile.name == *wanted)
            .map(|g| g.id.as_str().to_owned());
        let found = match found {
            Some(id) => id,
            None => match ctx.client().groups().get_opt(wanted.as_str()).await? {
                Some(group) => group.id.as_str().to_owned(),
                None => {
                    return Err(FlowError::Config(format!(
                        "[{NAME}] group = {wanted:?}: no group has this name or id"
                    )));
                }
            },
        };
        Ok(self.group_id.get_or_init(|| found))
    }

    /// A manual run: every selected user, against one listing of the group's members.
    async fn run_over(
        &self,
        ctx: &FlowContext,
        selection: &Selection,
    ) -> Result<Vec<TargetOutcome>, FlowError> {
        let group = self.group_id(ctx).await?.to_owned();
        let users = ctx.client().users();
        let members: Vec<User> = ctx
            .client()
            .groups()
            .members(group.as_str())
            .collect_all()
            .await?;
        let member_ids: HashSet<String> =
            members.iter().map(|u| u.id.as_str().to_owned()).collect();
        let (selected, mut outcomes) = match selection {
            Selection::All => (users.list().collect_all().await?, Vec::new()),
            Selection::GroupMembers(id) if *id == group => (members, Vec::new()),
            Selection::GroupMembers(id) => (
                ctx.client()
                    .groups()
                    .members(id.as_str())
                    .collect_all()
                    .await?,
                Vec::new(),
            ),
            Selection::Users(names) => {
                let mut found = Vec::new();
                let mut missing = Vec::new();
                for name in names {
                    let user = if name.contains('@') {
                        users.get_opt_by_login(name).await?
                    } else {
                        users.get_opt(name.as_str()).await?
                    };
                    match user {
                        Some(user) => found.push(user),
                        None => missing.push(TargetOutcome::new(
                            name.as_str(),
                            TargetStatus::Failed("no such user".to_owned()),
                        )),
                    }
                }
                (found, missing)
            }
        };
        for user in &selected {
            let member = member_ids.contains(user.id.as_str());
            outcomes.push(self.converge(ctx, user, member).await?);
        }
        Ok(outcomes)
    }

    /// Sets the flag to `member` when it differs: reads first, writes only a difference.
    async fn converge(
        &self,
        ctx: &FlowContext,
        user: &User,
        member: bool,
    ) -> Result<TargetOutcome, FlowError> {
        let id = user.id.as_str();
        let login = user.profile.login.clone().unwrap_or_else(|| id.to_owned());
        let outcome = |status| TargetOutcome::new(id, status).display(login.clone());
        if user.status == UserStatus::Deprovisioned {
            return Ok(outcome(TargetStatus::Skipped("deprovisioned".to_owned())));
        }
        let attribute = &self.config.attribute;
        let is_set = user.profile.get(attribute) == Some(Value::Bool(true));
        if is_set == member {
            return Ok(outcome(TargetStatus::NoChange));
        }
        let action = Action::SetProfileAttribute {
            name: attribute.clone(),
            value: Value::Bool(member),
        };
        if !ctx.applies() {
            let mut would = outcome(TargetStatus::WouldDo);
            would.actions.push(action);
            return Ok(would);
        }
        let update = UserUpdate::new().set(attribute.as_str(), member);
        let written = ctx
            .guarded_write(
                PROFILE_UPDATED,
                id,
                ctx.client().users().update(id, &update),
            )
            .await;
        match written {
            Ok(_) => {
                let mut done = outcome(TargetStatus::Done);
                done.actions.push(action);
                Ok(done)
            }
            // A transient failure fails the run, which the engine retries; a refusal fails
            // this user only.
            Err(e) if e.is_retryable() => Err(e),
            Err(e) => Ok(outcome(TargetStatus::Failed(e.to_string()))),
        }
    }
}
