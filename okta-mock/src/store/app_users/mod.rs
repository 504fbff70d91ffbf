//! The app users part: a user's assignment to an app, explicit or through a group.

pub(super) mod assign;

pub use assign::AppUserQuery;

use okta_client::models::AppUser;

use super::org::Org;
use super::{Page, PageRequest, StoreError};

/// The app assignments of users, read-only (`store.app_users()`); changes go through
/// [`Store::commit`](super::Store::commit).
#[derive(Clone, Copy)]
pub struct AppUsers<'a>(pub(super) &'a Org);

impl AppUsers<'_> {
    /// The user's assignment to the app; `expand_user` embeds the user.
    ///
    /// # Errors
    /// 404 E0000007 when there is no such app, user or assignment.
    pub fn get(&self, app: &str, user: &str, expand_user: bool) -> Result<AppUser, StoreError> {
        self.0.get_app_user(app, user, expand_user)
    }

    /// One page of the app's users.
    ///
    /// # Errors
    /// 404 E0000007 when there is no such app; 400 for a malformed cursor.
    pub fn list(
        &self,
        app: &str,
        query: &AppUserQuery,
        page: &PageRequest,
    ) -> Result<Page<AppUser>, StoreError> {
        self.0.list_app_users(app, query, page)
    }
}
