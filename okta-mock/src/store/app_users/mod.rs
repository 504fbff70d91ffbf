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

    /// A user's app assignments as stored (no links), with the app ids, in app id order.
    pub fn of_user(&self, user: &str) -> Vec<(String, AppUser)> {
        let Some(user) = self.0.find_user_id(user) else {
            return Vec::new();
        };
        self.0
            .apps_of(&user)
            .filter_map(|a| {
                let au = self.0.app_users.get(&(a.clone(), user.clone()))?;
                Some((a.to_string(), au.clone()))
            })
            .collect()
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
