//! The groups part: groups (OKTA_GROUP and the BUILT_IN "Everyone") and their memberships.

pub(super) mod crud;
pub(super) mod members;

pub use crud::GroupQuery;

use okta_client::models::{Application, Group, User};

use super::org::Org;
use super::{Page, PageRequest, StoreError};

/// The groups of the org and their members, read-only (`store.groups()`); changes go through
/// [`Store::commit`](super::Store::commit).
#[derive(Clone, Copy)]
pub struct Groups<'a>(pub(super) &'a Org);

impl Groups<'_> {
    /// The group with this id.
    ///
    /// # Errors
    /// 404 E0000007 when there is none.
    pub fn get(&self, id: &str) -> Result<Group, StoreError> {
        self.0.get_group(id)
    }

    /// One page of `GET /api/v1/groups` (plain, `q`, `filter` or `search`).
    ///
    /// # Errors
    /// Okta's 400 for a malformed expression or cursor.
    pub fn list(&self, query: &GroupQuery, page: &PageRequest) -> Result<Page<Group>, StoreError> {
        self.0.list_groups(query, page)
    }

    /// One page of the group's members ("Everyone" holds every user).
    ///
    /// # Errors
    /// 404 E0000007 when there is no such group; 400 for a malformed cursor.
    pub fn members(&self, id: &str, page: &PageRequest) -> Result<Page<User>, StoreError> {
        self.0.list_group_members(id, page)
    }

    /// The apps the group is assigned to.
    ///
    /// # Errors
    /// 404 E0000007 when there is no such group.
    pub fn apps(&self, id: &str) -> Result<Vec<Application>, StoreError> {
        self.0.list_group_apps(id)
    }

    /// The id of the BUILT_IN "Everyone" group.
    pub fn everyone_id(&self) -> &str {
        self.0.everyone_group_id()
    }
}
