//! Title sync with the loop guard (use case 05 of the Workflows seed): when an HR system
//! updates a user's profile and the `title` or `department` changed, put the user in the
//! groups a title → groups mapping names, set the `costCenter` that goes with the department,
//! and tell the manager (or a configured recipient) so someone follows up on access reviews.
//!
//! The seed's warning is the point of this flow: it writes the very profile whose updates
//! trigger it. Two things keep it from retriggering itself:
//! - every write goes through [`FlowContext::guarded_write`], so the runtime drops the
//!   `user.account.update_profile` (and membership) events that the flow's own writes cause;
//! - the flow remembers, per user, the (title, department) it last handled (its `handled`
//!   table), so an update that changed neither (another attribute, or its own write arriving
//!   after the guard's record expired) is `NoChange`: it writes and notifies nothing.
//!
//! Like every flow it converges: memberships and the cost center are read first and only the
//! differences are written. The title groups should be apart from the groups other flows
//! manage (birthright access's department groups): two flows owning one group would undo each
//! other's writes.

mod sync;

use std::collections::BTreeMap;

use serde::Deserialize;

use super::birthright_access::membership::resolve_groups;
use super::birthright_access::targets::{settle, users_of};
use crate::runtime::{Flow, FlowContext, FlowFuture, Trigger, TriggerSpec};

/// The flow's name: its key in the configuration file, the state and the history.
pub const NAME: &str = "title-sync";

/// The event type that starts it, and the one its own profile write causes.
pub const TRIGGER: &str = "user.account.update_profile";

/// The flow's table of the (title, department) last handled per user id.
pub const HANDLED_TABLE: &str = "handled";

/// The flow's configuration (`[title-sync]` in the flows' configuration file).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case", default)]
pub struct Config {
    /// Title → the names of its groups (matched ignoring case and surrounding spaces). The
    /// groups named here are the flow's: a user whose title no longer maps to one leaves it.
    pub groups: BTreeMap<String, Vec<String>>,
    /// Department → the `costCenter` written to the user's profile.
    pub cost_centers: BTreeMap<String, String>,
    /// Who is notified of each change; unset: the user's manager (`managerId`), or
    /// [`fallback_recipient`](Self::fallback_recipient) for a user without one.
    pub recipient: Option<String>,
    /// Who is notified when no recipient is set and the user has no manager.
    pub fallback_recipient: String,
}

impl Default for Config {
    /// The values the demo org `cases/flows/title_sync.json` is made for.
    fn default() -> Self {
        let groups = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
        Self {
            groups: BTreeMap::from([
                (
                    "Engineering Manager".to_owned(),
                    groups(&["People Managers"]),
                ),
                ("Sales Manager".to_owned(), groups(&["People Managers"])),
                (
                    "Staff Engineer".to_owned(),
                    groups(&["Architecture Review"]),
                ),
            ]),
            cost_centers: BTreeMap::from([
                ("Engineering".to_owned(), "CC-1100".to_owned()),
                ("Sales".to_owned(), "CC-2100".to_owned()),
                ("HR".to_owned(), "CC-3100".to_owned()),
            ]),
            recipient: None,
            fallback_recipient: "it-ops@example.com".to_owned(),
        }
    }
}

/// The title sync flow.
#[derive(Debug, Clone)]
pub struct TitleSync {
    config: Config,
}

/// The flow with its configuration.
pub fn flow(config: Config) -> TitleSync {
    TitleSync { config }
}

impl Flow for TitleSync {
    fn name(&self) -> &'static str {
        NAME
    }

    fn triggers(&self) -> Vec<TriggerSpec> {
        vec![TriggerSpec::Event(TRIGGER)]
    }

    fn run<'a>(&'a self, ctx: &'a FlowContext, trigger: &'a Trigger) -> FlowFuture<'a> {
        Box::pin(async move {
            let users = users_of(ctx.client(), trigger).await?;
            if users.is_empty() {
                return Ok(Vec::new());
            }
            let names = self.config.groups.values().flatten().cloned().collect();
            let groups = resolve_groups(ctx.client(), NAME, &names).await?;
            let manual = matches!(trigger, Trigger::Manual(_));
            let mut outcomes = Vec::with_capacity(users.len());
            for user in &users {
                let result = sync::sync_user(ctx, &self.config, &groups, user, manual).await;
                outcomes.push(settle(user, manual, result)?);
            }
            Ok(outcomes)
        })
    }
}

/// The entry of `map` whose key matches `key` ignoring ASCII case and surrounding spaces.
fn lookup<'m, V>(map: &'m BTreeMap<String, V>, key: Option<&str>) -> Option<&'m V> {
    let key = key?.trim();
    map.iter()
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_table_is_the_default_and_unknown_keys_are_refused() {
        let table = r#"
            groups = { "Engineering Manager" = ["People Managers"], "Sales Manager" = ["People Managers"], "Staff Engineer" = ["Architecture Review"] }
            cost_centers = { Engineering = "CC-1100", Sales = "CC-2100", HR = "CC-3100" }
            fallback_recipient = "it-ops@example.com"
        "#;
        assert_eq!(toml::from_str::<Config>(table).unwrap(), Config::default());
        assert!(toml::from_str::<Config>("notify = \"x\"").is_err());
    }

    #[test]
    fn a_title_is_looked_up_ignoring_case_and_surrounding_spaces() {
        let config = Config::default();
        let groups = lookup(&config.groups, Some(" staff engineer")).unwrap();
        assert_eq!(groups, &["Architecture Review"]);
        assert!(lookup(&config.groups, Some("Intern")).is_none());
        assert!(lookup(&config.groups, None).is_none());
    }
}
