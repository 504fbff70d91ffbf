//! The users part: create, read, update, the two-step delete, the lifecycle operations, the
//! list with `q`, `filter` and `search`, and what hangs off a user (groups, app links).

pub(super) mod crud;
pub(super) mod lifecycle;
pub(super) mod links;
pub(super) mod list;

#[cfg(test)]
mod lifecycle_tests;
#[cfg(test)]
mod list_tests;
#[cfg(test)]
mod tests;

pub use crud::{CreateUserOptions, UserQuery};
pub use lifecycle::{LifecycleOp, LifecycleOutcome};

use okta_client::models::{AssignedAppLink, Group, User};

use super::org::Org;
use super::record::UserRec;
use super::{Page, PageRequest, StoreError};

/// The users of the org, read-only (`store.users()`); changes go through
/// [`Store::commit`](super::Store::commit).
#[derive(Clone, Copy)]
pub struct Users<'a>(pub(super) &'a Org);

impl<'a> Users<'a> {
    /// The user with this id or login (`me` is the token's user, when a scenario names one).
    ///
    /// # Errors
    /// 404 E0000007 when there is none.
    pub fn get(&self, id_or_login: &str) -> Result<User, StoreError> {
        self.0.get_user(id_or_login)
    }

    /// One page of `GET /api/v1/users` (plain, `q`, `filter` or `search`).
    ///
    /// # Errors
    /// Okta's 400 for a malformed expression or cursor, or `search` with `filter`.
    pub fn list(&self, query: &UserQuery, page: &PageRequest) -> Result<Page<User>, StoreError> {
        self.0.list_users(query, page)
    }

    /// The groups the user is in, "Everyone" first.
    ///
    /// # Errors
    /// 404 E0000007 when there is no such user.
    pub fn groups(&self, id: &str) -> Result<Vec<Group>, StoreError> {
        self.0.user_groups(id)
    }

    /// The user's dashboard links (`GET /api/v1/users/{id}/appLinks`).
    ///
    /// # Errors
    /// 404 E0000007 when there is no such user.
    pub fn app_links(&self, id: &str) -> Result<Vec<AssignedAppLink>, StoreError> {
        self.0.user_app_links(id)
    }

    /// Every user, DEPROVISIONED ones included, in id order.
    pub fn all(&self) -> impl Iterator<Item = User> + 'a {
        self.0.users.values().map(super::render::user)
    }

    /// A user's profile as a JSON object, attributes in the order Okta writes them.
    pub fn profile(&self, id: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
        self.0.users.get(id).map(|u| u.profile.to_map())
    }

    /// The records of one page of users, for the HTTP layer's byte-level rendering.
    pub(crate) fn list_records(
        &self,
        query: &UserQuery,
        page: &PageRequest,
    ) -> Result<Page<&'a UserRec>, StoreError> {
        self.0.list_user_records(query, page)
    }

    /// Every user's record, in id order, for exports (a snapshot of a large org reads them
    /// under the store's lock, so without rendering each as the API would).
    pub(crate) fn records(&self) -> impl Iterator<Item = &'a UserRec> + 'a {
        self.0.users.values()
    }

    /// The ids of the groups a user is in explicitly (not "Everyone"), in id order.
    pub(crate) fn group_ids(&self, id: &str) -> Vec<super::record::Id> {
        match self.0.users.get_key_value(id) {
            Some((user, _)) => self.0.groups_of(user).collect(),
            None => Vec::new(),
        }
    }

    /// The record of one user, for the HTTP layer's byte-level rendering.
    pub(crate) fn record(&self, id_or_login: &str) -> Result<&'a UserRec, StoreError> {
        self.0.user_record(id_or_login)
    }
}
