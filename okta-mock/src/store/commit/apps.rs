//! Mutations of app instances and their user and group assignments.

use okta_client::models::{AppUser, Application, ApplicationGroupAssignment};

use super::super::input::AppGroupInput;
use super::super::input::{AppGroupPatch, AppInput, AppUserAssignInput, AppUserUpdateInput};
use super::super::{Org, StoreError};
use super::sealed::Apply;
use super::{Applied, Change, Target};

/// Creates an app instance (`POST /api/v1/apps`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct CreateApp {
    /// The validated body.
    pub input: AppInput,
    /// `activate` (default true): ACTIVE, else INACTIVE.
    pub activate: bool,
}

impl Apply for CreateApp {
    type Output = Application;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<Application>, StoreError> {
        let app = store.create_app(self.input, self.activate)?;
        let targets = vec![Target::app(app.id.as_str())];
        Ok(Applied::new(app, Change::AppCreated, targets))
    }
}

/// Replaces an app instance (`PUT /api/v1/apps/{appId}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ReplaceApp {
    /// The app's id.
    pub id: String,
    /// The validated body.
    pub input: AppInput,
}

impl Apply for ReplaceApp {
    type Output = Application;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<Application>, StoreError> {
        let app = store.replace_app(&self.id, self.input)?;
        Ok(Applied::new(
            app,
            Change::AppReplaced,
            vec![Target::app(self.id)],
        ))
    }
}

/// Activates an app instance.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ActivateApp {
    /// The app's id.
    pub id: String,
}

impl Apply for ActivateApp {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        store.activate_app(&self.id)?;
        Ok(Applied::new(
            (),
            Change::AppActivated,
            vec![Target::app(self.id)],
        ))
    }
}

/// Deactivates an app instance.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct DeactivateApp {
    /// The app's id.
    pub id: String,
}

impl Apply for DeactivateApp {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        store.deactivate_app(&self.id)?;
        Ok(Applied::new(
            (),
            Change::AppDeactivated,
            vec![Target::app(self.id)],
        ))
    }
}

/// Deletes an INACTIVE app instance.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct DeleteApp {
    /// The app's id.
    pub id: String,
}

impl Apply for DeleteApp {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        let names = super::names::app(store, &self.id);
        store.delete_app(&self.id)?;
        Ok(Applied::new(
            (),
            Change::AppDeleted,
            vec![Target::app(self.id).with_names(names)],
        ))
    }
}

/// Assigns a user to an app (`POST /api/v1/apps/{appId}/users`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct AssignAppUser {
    /// The app's id.
    pub app: String,
    /// The validated body (the user's id, profile, credentials).
    pub input: AppUserAssignInput,
}

impl Apply for AssignAppUser {
    type Output = AppUser;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<AppUser>, StoreError> {
        let assigned = store.assign_app_user(&self.app, self.input)?;
        let targets = vec![Target::app(self.app), Target::user(assigned.id.as_str())];
        Ok(Applied::new(assigned, Change::AppUserAssigned, targets))
    }
}

/// Updates an app user's profile or credentials (`POST /api/v1/apps/{appId}/users/{userId}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct UpdateAppUser {
    /// The app's id.
    pub app: String,
    /// The user's id.
    pub user: String,
    /// The validated body.
    pub input: AppUserUpdateInput,
}

impl Apply for UpdateAppUser {
    type Output = AppUser;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<AppUser>, StoreError> {
        let old_name = store
            .get_app_user(&self.app, &self.user, false)
            .ok()
            .and_then(|au| au.credentials.and_then(|c| c.user_name));
        let profile_updated = self.input.profile.is_some() || self.input.scope.is_some();
        let updated = store.update_app_user(&self.app, &self.user, self.input)?;
        let new_name = updated
            .credentials
            .as_ref()
            .and_then(|c| c.user_name.clone());
        // A new `credentials.userName` is its own event type (see `Change::AppUserRenamed`).
        let change = if new_name != old_name {
            Change::AppUserRenamed { profile_updated }
        } else {
            Change::AppUserUpdated
        };
        let targets = vec![Target::app(self.app), Target::user(updated.id.as_str())];
        Ok(Applied::new(updated, change, targets))
    }
}

/// Unassigns a user from an app (`DELETE /api/v1/apps/{appId}/users/{userId}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct UnassignAppUser {
    /// The app's id.
    pub app: String,
    /// The user's id.
    pub user: String,
}

impl Apply for UnassignAppUser {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        store.unassign_app_user(&self.app, &self.user)?;
        let user = store
            .find_user_id(&self.user)
            .map_or(self.user, |id| id.to_string());
        let targets = vec![Target::app(self.app), Target::user(user)];
        Ok(Applied::new((), Change::AppUserUnassigned, targets))
    }
}

/// Assigns a group to an app (`PUT /api/v1/apps/{appId}/groups/{groupId}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct AssignAppGroup {
    /// The app's id.
    pub app: String,
    /// The group's id.
    pub group: String,
    /// The validated body (priority, profile).
    pub input: AppGroupInput,
}

impl Apply for AssignAppGroup {
    type Output = ApplicationGroupAssignment;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<ApplicationGroupAssignment>, StoreError> {
        let assigned = store.assign_app_group(&self.app, &self.group, self.input)?;
        let targets = vec![Target::app(self.app), Target::group(self.group)];
        Ok(Applied::new(assigned, Change::AppGroupAssigned, targets))
    }
}

/// Patches a group's assignment (`PATCH /api/v1/apps/{appId}/groups/{groupId}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct PatchAppGroup {
    /// The app's id.
    pub app: String,
    /// The group's id.
    pub group: String,
    /// The validated patch operations.
    pub ops: Vec<AppGroupPatch>,
}

impl Apply for PatchAppGroup {
    type Output = ApplicationGroupAssignment;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<ApplicationGroupAssignment>, StoreError> {
        let patched = store.patch_app_group(&self.app, &self.group, self.ops)?;
        let targets = vec![Target::app(self.app), Target::group(self.group)];
        Ok(Applied::new(patched, Change::AppGroupPatched, targets))
    }
}

/// Unassigns a group from an app (`DELETE /api/v1/apps/{appId}/groups/{groupId}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct UnassignAppGroup {
    /// The app's id.
    pub app: String,
    /// The group's id.
    pub group: String,
}

impl Apply for UnassignAppGroup {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        store.unassign_app_group(&self.app, &self.group)?;
        let targets = vec![Target::app(self.app), Target::group(self.group)];
        Ok(Applied::new((), Change::AppGroupUnassigned, targets))
    }
}
