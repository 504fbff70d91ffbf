//! `client.users()`: create, read, list, update, replace and delete Okta users, and their lifecycle.

mod create;
mod factors;
mod lifecycle;
mod lifecycle_options;
mod list;
mod password;
mod update;

use crate::api::found;
use reqwest::Method;

use crate::Client;
use crate::error::Error;
use crate::models::{User, UserId, UserProfile};

pub use create::{CreateUser, NextLogin};
pub use factors::UserFactorsApi;
pub use lifecycle_options::{
    ActivateUser, ClearSessions, DeactivateUser, ExpirePassword, ReactivateUser,
};
pub use list::{ListUserGroups, ListUsers};
pub use password::{DeleteUser, ResetPassword};
pub use update::{UserReplacement, UserUpdate};

impl Client {
    /// The users handler: `client.users().get_by_login("ada@example.com")`.
    pub fn users(&self) -> UsersApi {
        UsersApi {
            client: self.clone(),
        }
    }
}

/// Operations on `/api/v1/users`. Obtained with [`Client::users`].
///
/// # Examples
///
/// ```no_run
/// use futures::TryStreamExt as _;
/// use okta_client::api::{DeactivateUser, UserUpdate};
/// use okta_client::models::UserProfile;
///
/// # async fn demo(client: okta_client::Client) -> Result<(), okta_client::Error> {
/// let users = client.users();
///
/// // Create (activated unless `.activate(false)`), then read back by login.
/// let profile = UserProfile::new("ada@example.com", "ada@example.com", "Ada", "Lovelace");
/// let ada = users.create(profile).send().await?;
/// assert_eq!(users.get_by_login("ada@example.com").await?.id, ada.id);
/// assert_eq!(users.get(&ada.id).await?.id, ada.id);
///
/// // A partial update: only the attributes named change; `clear` sends null.
/// let update = UserUpdate::new().set("title", "Engineer").clear("mobilePhone");
/// users.update(&ada.id, &update).await?;
///
/// // `get_opt`: Ok(None) instead of an error when there is no such user.
/// assert!(users.get_opt_by_login("nobody@example.com").await?.is_none());
///
/// // Listings stream across pages.
/// let active: Vec<_> = users.list().filter("status eq \"ACTIVE\"").items().try_collect().await?;
/// println!("{} active users", active.len());
///
/// // Lifecycle: deactivate (without the email to the admin: the default).
/// users.deactivate(&ada.id, DeactivateUser::new()).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct UsersApi {
    client: Client,
}

impl std::fmt::Debug for UsersApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UsersApi")
    }
}

impl UsersApi {
    /// Starts creating a user with this profile (`POST /api/v1/users`). The user is activated
    /// unless [`CreateUser::activate`] says otherwise; add credentials, groups or a user type on
    /// the builder, then `.send()`.
    pub fn create(&self, profile: UserProfile) -> CreateUser {
        CreateUser::new(self.client.clone(), profile)
    }

    /// Fetches a user by id (`GET /api/v1/users/{id}`), like every other handler's `get`. To
    /// read a user by login, use [`get_by_login`](Self::get_by_login).
    ///
    /// # Errors
    /// [`Error::is_not_found`] when no such user exists; any other API, transport or decoding
    /// error as is.
    pub async fn get(&self, id: impl Into<UserId>) -> Result<User, Error> {
        self.get_at(id.into().as_str()).await
    }

    /// Like [`get`](Self::get), but a missing user is `Ok(None)`.
    ///
    /// # Errors
    /// Every error of [`get`](Self::get) except not-found.
    pub async fn get_opt(&self, id: impl Into<UserId>) -> Result<Option<User>, Error> {
        found(self.get(id).await)
    }

    /// Fetches a user by login, or by an unambiguous login short name (`GET
    /// /api/v1/users/{login}`: Okta's path takes an id or a login, the spec's `idOrLogin`). A
    /// login with `@` or `/` is encoded into a single path segment.
    ///
    /// # Errors
    /// [`Error::is_not_found`] when no user has this login; any other API, transport or
    /// decoding error as is.
    pub async fn get_by_login(&self, login: impl AsRef<str>) -> Result<User, Error> {
        self.get_at(login.as_ref()).await
    }

    /// Like [`get_by_login`](Self::get_by_login), but a missing user is `Ok(None)`.
    ///
    /// # Errors
    /// Every error of [`get_by_login`](Self::get_by_login) except not-found.
    pub async fn get_opt_by_login(&self, login: impl AsRef<str>) -> Result<Option<User>, Error> {
        found(self.get_by_login(login).await)
    }

    async fn get_at(&self, id_or_login: &str) -> Result<User, Error> {
        let url = self.client.api_url(&["users", id_or_login]);
        self.client.request(Method::GET, url).send::<User>().await
    }

    /// Lists users (`GET /api/v1/users`); narrow with `q`, `filter` or `search` on the builder.
    /// Without `filter` or `search`, Okta hides `DEPROVISIONED` users.
    pub fn list(&self) -> ListUsers {
        ListUsers::new(self.client.clone())
    }

    /// Partially updates a user (`POST /api/v1/users/{id}`): attributes the update sets are
    /// changed, attributes it clears become `null`, and everything it leaves out is kept.
    ///
    /// # Errors
    /// Not found, validation (`E0000001`), or any transport or decoding error.
    pub async fn update(&self, id: impl Into<UserId>, update: &UserUpdate) -> Result<User, Error> {
        let url = self.client.api_url(&["users", id.into().as_str()]);
        // Sending the same partial update twice gives the same user, so it may be retried.
        let request = self
            .client
            .request(Method::POST, url)
            .json(update)
            .idempotent(true);
        request.send::<User>().await
    }

    /// Replaces a user's profile and credentials (`PUT /api/v1/users/{id}`).
    ///
    /// **Destructive:** Okta deletes every profile attribute the replacement does not carry. To
    /// change a few attributes, use [`update`](Self::update); to replace, start from the current
    /// profile (`UserReplacement::from(&user)`) and change it.
    ///
    /// # Errors
    /// Not found, validation (`E0000001`, e.g. a missing required attribute), or any transport
    /// or decoding error.
    pub async fn replace(
        &self,
        id: impl Into<UserId>,
        replacement: &UserReplacement,
    ) -> Result<User, Error> {
        let url = self.client.api_url(&["users", id.into().as_str()]);
        let request = self
            .client
            .request(Method::PUT, url)
            .json(replacement)
            .idempotent(true);
        request.send::<User>().await
    }

    /// Sends one `DELETE /api/v1/users/{id}`. Okta makes this two-step: on a user that is not
    /// yet `DEPROVISIONED` it only **deactivates** (the user stays, loses its app assignments);
    /// on a `DEPROVISIONED` user it deletes for good. Use
    /// [`deactivate_and_delete`](Self::deactivate_and_delete) to remove a user in one call.
    /// Never retried automatically: a retry could turn a deactivation into a deletion.
    ///
    /// # Errors
    /// Not found, or any API or transport error.
    pub async fn delete(&self, id: impl Into<UserId>) -> Result<(), Error> {
        let url = self.client.api_url(&["users", id.into().as_str()]);
        let request = self.client.request(Method::DELETE, url).idempotent(false);
        request.send_no_content().await.map(drop)
    }

    /// Removes a user for good, whatever its status: deletes once (deactivating it unless it
    /// was already `DEPROVISIONED`), then once more. A not-found answer to the second delete
    /// means the first one already deleted it, which is success.
    ///
    /// # Errors
    /// Not found on the first delete, or any other API or transport error.
    pub async fn deactivate_and_delete(&self, id: impl Into<UserId>) -> Result<(), Error> {
        let id = id.into();
        self.delete(&id).await?;
        match self.delete(&id).await {
            Err(e) if e.is_not_found() => Ok(()),
            other => other,
        }
    }
}
