//! Birthright access (use case 01 of the Workflows seed): when a user is created, added to a
//! group, or has their profile updated, read their `department` and put them in the groups a
//! mapping names for it (Engineering → GitHub and Jira, Sales → Salesforce and Gong, HR →
//! BambooHR); a user whose department changed leaves the previous department's groups.
//!
//! The groups the mapping names are the flow's: membership in them follows the department,
//! so a manual addition to another department's group is undone at the user's next event. A
//! group the mapping does not name is never touched. The flow converges (reads the user's
//! groups, then makes only the differences), so a repeated or replayed event writes nothing,
//! and every write goes through the loop guard. A manual run over a selection re-applies the
//! mapping to each selected user.

mod mapping;
pub(crate) mod membership;
pub(crate) mod targets;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::runtime::{
    Flow, FlowContext, FlowError, FlowFuture, TargetOutcome, Trigger, TriggerSpec,
};
pub use mapping::Mapping;
use membership::{GroupRef, MembershipPlan, resolve_groups, user_group_ids};
use targets::{acted, read_user, settle, users_of};

/// The flow's name: its key in the configuration file, the state and the history.
pub const NAME: &str = "birthright-access";

/// The event types that start it (Okta's names, as the mock logs them: okta-mock's
/// `events/catalog.rs`): a user created, a user added to a group, a profile updated (the
/// department may have changed).
pub const TRIGGERS: [&str; 3] = [
    "user.lifecycle.create",
    "group.user_membership.add",
    "user.account.update_profile",
];

/// The flow's configuration (`[birthright-access]` in the flows' configuration file).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case", default)]
pub struct Config {
    /// Department → the names of its groups.
    pub mapping: BTreeMap<String, Vec<String>>,
    /// A TOML or JSON file holding the mapping instead (`Engineering = ["GitHub", "Jira"]`),
    /// read at each run, so an edited file applies from the next event on.
    pub mapping_file: Option<PathBuf>,
}

impl Default for Config {
    /// The seed's mapping, which the demo org `cases/flows/birthright_access.json` holds.
    fn default() -> Self {
        let entry = |department: &str, groups: &[&str]| {
            (
                department.to_owned(),
                groups.iter().map(|g| (*g).to_owned()).collect(),
            )
        };
        Self {
            mapping: BTreeMap::from([
                entry("Engineering", &["GitHub", "Jira"]),
                entry("Sales", &["Salesforce", "Gong"]),
                entry("HR", &["BambooHR"]),
            ]),
            mapping_file: None,
        }
    }
}

impl Config {
    /// The mapping in force: the file's when one is configured, else the inline one.
    ///
    /// # Errors
    /// [`FlowError::Config`] when the file cannot be read or parsed.
    pub fn mapping(&self) -> Result<Mapping, FlowError> {
        match &self.mapping_file {
            Some(path) => Mapping::from_file(path),
            None => Ok(Mapping::new(self.mapping.clone())),
        }
    }
}

/// The birthright access flow.
#[derive(Debug, Clone)]
pub struct BirthrightAccess {
    config: Config,
}

/// The flow with its configuration.
pub fn flow(config: Config) -> BirthrightAccess {
    BirthrightAccess { config }
}

impl Flow for BirthrightAccess {
    fn name(&self) -> &'static str {
        NAME
    }

    fn triggers(&self) -> Vec<TriggerSpec> {
        TRIGGERS.into_iter().map(TriggerSpec::Event).collect()
    }

    fn run<'a>(&'a self, ctx: &'a FlowContext, trigger: &'a Trigger) -> FlowFuture<'a> {
        Box::pin(async move {
            let users = users_of(ctx.client(), trigger).await?;
            if users.is_empty() {
                return Ok(Vec::new());
            }
            let mapping = self.config.mapping()?;
            let groups = resolve_groups(ctx.client(), NAME, &mapping.group_names()).await?;
            let manual = matches!(trigger, Trigger::Manual(_));
            let mut outcomes = Vec::with_capacity(users.len());
            for user in &users {
                let result = converge_user(ctx, &mapping, &groups, user).await;
                outcomes.push(settle(user, manual, result)?);
            }
            Ok(outcomes)
        })
    }
}

/// Brings one user's memberships of the managed groups in line with their department.
async fn converge_user(
    ctx: &FlowContext,
    mapping: &Mapping,
    groups: &BTreeMap<String, GroupRef>,
    id_or_login: &str,
) -> Result<TargetOutcome, FlowError> {
    let user = match read_user(ctx.client(), id_or_login).await? {
        Ok(user) => user,
        Err(left_alone) => return Ok(left_alone),
    };
    let desired = mapping
        .groups_for(user.profile.department.as_deref())
        .iter()
        .filter_map(|name| groups.get(name));
    let current = user_group_ids(ctx.client(), &user.id).await?;
    let plan = MembershipPlan::new(&current, desired, groups.values());
    if plan.is_empty() {
        return Ok(TargetOutcome::no_change(user.id.as_str()).display(user.login()));
    }
    let actions = plan.carry_out(ctx, &user.id).await?;
    let mut outcome = TargetOutcome::new(user.id.as_str(), acted(ctx)).display(user.login());
    outcome.actions = actions;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_table_is_the_default_and_unknown_keys_are_refused() {
        let table = r#"mapping = { Engineering = ["GitHub", "Jira"], Sales = ["Salesforce", "Gong"], HR = ["BambooHR"] }"#;
        assert_eq!(toml::from_str::<Config>(table).unwrap(), Config::default());
        assert_eq!(toml::from_str::<Config>("").unwrap(), Config::default());
        assert!(toml::from_str::<Config>("mappings = {}").is_err());
    }
}
