//! The app groups part: a group's assignment to an app, which grants the app to its members.

pub(super) mod assign;

use okta_client::models::ApplicationGroupAssignment;

use super::StoreError;
use super::org::Org;

/// The app assignments of groups, read-only (`store.app_groups()`); changes go through
/// [`Store::commit`](super::Store::commit).
#[derive(Clone, Copy)]
pub struct AppGroups<'a>(pub(super) &'a Org);

impl AppGroups<'_> {
    /// The group's assignment to the app.
    ///
    /// # Errors
    /// 404 E0000007 when there is no such app, group or assignment.
    pub fn get(&self, app: &str, group: &str) -> Result<ApplicationGroupAssignment, StoreError> {
        self.0.get_app_group(app, group)
    }

    /// The app's group assignments, by priority.
    ///
    /// # Errors
    /// 404 E0000007 when there is no such app.
    pub fn list(&self, app: &str) -> Result<Vec<ApplicationGroupAssignment>, StoreError> {
        self.0.list_app_groups(app)
    }
}
