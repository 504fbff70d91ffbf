//! Mutations of groups and their memberships.

use okta_client::models::Group;

use super::super::input::GroupInput;
use super::super::{Org, StoreError};
use super::sealed::Apply;
use super::{Applied, Change, Target};

/// Creates an OKTA_GROUP (`POST /api/v1/groups`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct CreateGroup {
    /// The validated body.
    pub input: GroupInput,
}

impl Apply for CreateGroup {
    type Output = Group;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<Group>, StoreError> {
        let group = store.create_group(self.input)?;
        let targets = vec![Target::group(group.id.as_str())];
        Ok(Applied::new(group, Change::GroupCreated, targets))
    }
}

/// Replaces a group's profile (`PUT /api/v1/groups/{id}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ReplaceGroup {
    /// The group's id.
    pub id: String,
    /// The validated body.
    pub input: GroupInput,
}

impl Apply for ReplaceGroup {
    type Output = Group;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<Group>, StoreError> {
        let group = store.replace_group(&self.id, self.input)?;
        let targets = vec![Target::group(group.id.as_str())];
        Ok(Applied::new(group, Change::GroupReplaced, targets))
    }
}

/// Deletes an OKTA_GROUP (`DELETE /api/v1/groups/{id}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct DeleteGroup {
    /// The group's id.
    pub id: String,
}

impl Apply for DeleteGroup {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        let names = super::names::group(store, &self.id);
        store.delete_group(&self.id)?;
        let targets = vec![Target::group(self.id).with_names(names)];
        Ok(Applied::new((), Change::GroupDeleted, targets))
    }
}

/// Adds a user to a group (`PUT /api/v1/groups/{groupId}/users/{userId}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct AddGroupMember {
    /// The group's id.
    pub group: String,
    /// The user's id or login.
    pub user: String,
}

impl Apply for AddGroupMember {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        // Applied first, so a missing group is reported before a missing user, as Okta does.
        store.add_group_member(&self.group, &self.user)?;
        let user = store.user_id(&self.user)?;
        let targets = vec![Target::group(self.group), Target::user(&*user)];
        Ok(Applied::new((), Change::GroupMemberAdded, targets))
    }
}

/// Removes a user from a group (`DELETE /api/v1/groups/{groupId}/users/{userId}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct RemoveGroupMember {
    /// The group's id.
    pub group: String,
    /// The user's id or login.
    pub user: String,
}

impl Apply for RemoveGroupMember {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        // Applied first, so a missing group is reported before a missing user, as Okta does.
        store.remove_group_member(&self.group, &self.user)?;
        let user = store.user_id(&self.user)?;
        let targets = vec![Target::group(self.group), Target::user(&*user)];
        Ok(Applied::new((), Change::GroupMemberRemoved, targets))
    }
}
