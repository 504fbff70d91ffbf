//! Group memberships driven by a mapping, shared by the birthright access and title sync
//! flows: resolve the mapping's group names, compare them with the user's groups, and make
//! only the differences, each under the loop guard.

use std::collections::{BTreeMap, BTreeSet};

use futures::TryStreamExt as _;
use okta_client::Client;
use okta_client::models::{Group, GroupId, UserId};

use crate::runtime::{Action, FlowContext, FlowError};

/// The event type Okta logs when a user is added to a group (the echo of an add).
pub(crate) const MEMBERSHIP_ADD: &str = "group.user_membership.add";
/// The event type Okta logs when a user is removed from a group.
pub(crate) const MEMBERSHIP_REMOVE: &str = "group.user_membership.remove";

/// A group the mapping names, found in the org.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GroupRef {
    pub id: GroupId,
    pub name: String,
}

/// Finds every group `names` lists, by exact name. Okta's `q` on groups is a prefix match on
/// the name (Groups API, "List all groups", `q`), so the exact name is picked from its
/// answers; `q` rather than `search` because `search` is eventually consistent.
///
/// # Errors
/// [`FlowError::Config`] naming the first group that does not exist; [`FlowError::Okta`]
/// when a listing fails.
pub(crate) async fn resolve_groups(
    client: &Client,
    flow: &str,
    names: &BTreeSet<String>,
) -> Result<BTreeMap<String, GroupRef>, FlowError> {
    let mut found = BTreeMap::new();
    for name in names {
        let candidates: Vec<Group> = client.groups().list().q(name).items().try_collect().await?;
        let group = candidates
            .into_iter()
            .find(|g| g.profile.name == *name)
            .ok_or_else(|| {
                FlowError::Config(format!(
                    "{flow}: the mapping names the group {name:?}, which does not exist in the \
                     org (check its spelling in the mapping, or create the group)"
                ))
            })?;
        found.insert(
            name.clone(),
            GroupRef {
                id: group.id,
                name: name.clone(),
            },
        );
    }
    Ok(found)
}

/// The ids of the groups the user belongs to.
///
/// # Errors
/// When the listing fails.
pub(crate) async fn user_group_ids(
    client: &Client,
    user: &UserId,
) -> Result<BTreeSet<GroupId>, FlowError> {
    let groups: Vec<Group> = client.users().groups(user).items().try_collect().await?;
    Ok(groups.into_iter().map(|g| g.id).collect())
}

/// The membership changes that bring a user to `desired`, touching only `managed` groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MembershipPlan {
    pub remove: Vec<GroupRef>,
    pub add: Vec<GroupRef>,
}

impl MembershipPlan {
    /// Adds what `desired` lacks; removes the `managed` groups the user is in but should not
    /// be. A group outside `managed` is never touched, whatever the user's memberships.
    pub fn new<'a>(
        current: &BTreeSet<GroupId>,
        desired: impl IntoIterator<Item = &'a GroupRef>,
        managed: impl IntoIterator<Item = &'a GroupRef>,
    ) -> Self {
        let desired: Vec<&GroupRef> = desired.into_iter().collect();
        let wanted: BTreeSet<&GroupId> = desired.iter().map(|g| &g.id).collect();
        // A group named twice (two titles, or twice in one list) is changed once.
        let mut planned = BTreeSet::new();
        let remove: Vec<GroupRef> = managed
            .into_iter()
            .filter(|g| current.contains(&g.id) && !wanted.contains(&g.id))
            .filter(|g| planned.insert(g.id.clone()))
            .cloned()
            .collect();
        let add: Vec<GroupRef> = desired
            .into_iter()
            .filter(|g| !current.contains(&g.id))
            .filter(|g| planned.insert(g.id.clone()))
            .cloned()
            .collect();
        Self { remove, add }
    }

    /// Whether nothing needs to change.
    pub fn is_empty(&self) -> bool {
        self.remove.is_empty() && self.add.is_empty()
    }

    /// Makes the changes (removals first, so a user is never briefly in two departments'
    /// groups longer than needed), each under the loop guard; in a dry run only lists them.
    ///
    /// # Errors
    /// The first write that fails; the writes before it stay made (a rerun converges).
    pub async fn carry_out(
        &self,
        ctx: &FlowContext,
        user: &UserId,
    ) -> Result<Vec<Action>, FlowError> {
        let groups = ctx.client().groups();
        let mut actions = Vec::with_capacity(self.remove.len() + self.add.len());
        for g in &self.remove {
            if ctx.applies() {
                ctx.guarded_write(
                    MEMBERSHIP_REMOVE,
                    user.as_str(),
                    groups.remove_member(&g.id, user),
                )
                .await?;
            }
            actions.push(Action::RemoveFromGroup {
                group_id: g.id.to_string(),
                group_name: g.name.clone(),
            });
        }
        for g in &self.add {
            if ctx.applies() {
                ctx.guarded_write(
                    MEMBERSHIP_ADD,
                    user.as_str(),
                    groups.add_member(&g.id, user),
                )
                .await?;
            }
            actions.push(Action::AddToGroup {
                group_id: g.id.to_string(),
                group_name: g.name.clone(),
            });
        }
        Ok(actions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(id: &str) -> GroupRef {
        GroupRef {
            id: GroupId::from(id),
            name: id.to_uppercase(),
        }
    }

    #[test]
    fn a_plan_moves_the_user_between_managed_groups_and_leaves_other_groups_alone() {
        let current: BTreeSet<GroupId> = ["00gsales", "00gother", "00ggithub"]
            .into_iter()
            .map(GroupId::from)
            .collect();
        let managed = [g("00gsales"), g("00ggithub"), g("00gjira")];
        let desired = [g("00ggithub"), g("00gjira")];
        let plan = MembershipPlan::new(&current, &desired, &managed);
        assert_eq!(plan.remove, vec![g("00gsales")]);
        assert_eq!(plan.add, vec![g("00gjira")]);
    }

    #[test]
    fn a_group_named_twice_is_added_once() {
        let desired = [g("00gleads"), g("00gjira"), g("00gleads")];
        let plan = MembershipPlan::new(&BTreeSet::new(), &desired, &desired);
        assert_eq!(plan.add, vec![g("00gleads"), g("00gjira")]);
    }

    #[test]
    fn a_user_already_in_the_desired_groups_needs_no_change() {
        let current: BTreeSet<GroupId> = ["00ggithub", "00gjira"]
            .into_iter()
            .map(GroupId::from)
            .collect();
        let desired = [g("00ggithub"), g("00gjira")];
        assert!(MembershipPlan::new(&current, &desired, &desired).is_empty());
    }
}
