//! Typed handlers per resource: users, groups, apps, app users, the System Log, event hooks.
//!
//! Each handler is a cheap value borrowed from the [`Client`](crate::Client)
//! (`client.users()`, `client.groups()`, `client.apps()`, `client.app_users(app_id)`). Single calls
//! are `async fn`s; lists are builders whose fields *are* the query string and which end in
//! `.items()` (every item, across pages), `.pages()` (page by page) or `.send()` (the first page).
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use okta_client::Client;
//! use okta_client::api::{AppUserAssignment, UserUpdate};
//! use okta_client::models::UserProfile;
//!
//! # async fn run() -> Result<(), okta_client::Error> {
//! let client = Client::from_env()?;
//! let profile = UserProfile::new("ada@example.com", "ada@example.com", "Ada", "Lovelace");
//! let ada = client.users().create(profile).activate(false).send().await?;
//! // Only `title` is sent; `mobilePhone` is sent as null; every other attribute is kept.
//! let update = UserUpdate::new().set("title", "CTO").clear("mobilePhone");
//! client.users().update(&ada.id, &update).await?;
//!
//! let mut ads = client.apps().list().active_directory().items();
//! while let Some(ad) = ads.try_next().await? {
//!     let assignment = client.app_users(&ad.id).get_opt(&ada.id).await?;
//!     println!("{}: {:?}", ad.label, assignment.and_then(|a| a.external_id));
//! }
//! client.app_users("0oa1office365").assign_with(&AppUserAssignment::new(&ada.id)).await?;
//! # Ok(())
//! # }
//! ```

mod list;

pub mod app_groups;
pub mod app_users;
pub mod apps;
pub mod event_hooks;
pub mod groups;
pub mod logs;
pub mod users;

#[cfg(test)]
mod spec_requests;
#[cfg(test)]
mod test_support;

pub use app_groups::{AppGroupAssignment, AppGroupsApi, ListAppGroups, ListGroupApps};
pub use app_users::{AppUserAssignment, AppUsersApi, ListAppUsers, UnassignAppUser};
pub use apps::{AppsApi, CreateApp, ListApps, NewApplication, OidcApplicationType};
pub use event_hooks::EventHooksApi;
pub use groups::{CreateGroup, GroupsApi, ListGroupMembers, ListGroups};
pub use list::SortOrder;
pub use logs::LogsApi;
pub use users::{
    ActivateUser, ClearSessions, CreateUser, DeactivateUser, DeleteUser, ExpirePassword,
    ListUserGroups, ListUsers, NextLogin, ReactivateUser, ResetPassword, UserFactorsApi,
    UserReplacement, UserUpdate, UsersApi,
};

/// The one `get_opt` rule: Okta's not-found answer ([`Error::is_not_found`]) becomes `Ok(None)`;
/// every other error stays an error.
pub(crate) fn found<T>(result: Result<T, crate::Error>) -> Result<Option<T>, crate::Error> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}
