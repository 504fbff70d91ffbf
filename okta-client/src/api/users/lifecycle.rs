//! A user's lifecycle (`/api/v1/users/{id}/lifecycle/*`), sessions, groups and app links.

use reqwest::Method;
use serde::Deserialize;

use super::{
    ActivateUser, ClearSessions, DeactivateUser, ExpirePassword, ListUserGroups, ReactivateUser,
    UsersApi,
};
use crate::error::Error;
use crate::models::{AssignedAppLink, SecretValue, User, UserActivationToken, UserId};

/// `{"tempPassword": "…"}` from `expire_password_with_temp_password`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TempPassword {
    temp_password: SecretValue,
}

impl UsersApi {
    fn lifecycle(&self, id: UserId, operation: &str) -> crate::transport::ApiRequest {
        let url = self
            .client
            .api_url(&["users", id.as_str(), "lifecycle", operation]);
        // Lifecycle changes are not idempotent (a second activate fails), so never retried.
        self.client.request(Method::POST, url).idempotent(false)
    }

    /// Activates a `STAGED` or `DEPROVISIONED` user (`…/lifecycle/activate`). With
    /// [`ActivateUser::send_email`]`(false)` the activation link comes back instead of being
    /// mailed (Okta's default is to send the email).
    ///
    /// # Errors
    /// Not found, a status that cannot be activated (403), or any transport or decoding error.
    pub async fn activate(
        &self,
        id: impl Into<UserId>,
        options: ActivateUser,
    ) -> Result<UserActivationToken, Error> {
        let request = self
            .lifecycle(id.into(), "activate")
            .query(&[("sendEmail", options.send_email)]);
        request.send::<UserActivationToken>().await
    }

    /// Deactivates a user (`…/lifecycle/deactivate`): status `DEPROVISIONED`, and Okta removes
    /// all the user's app assignments. [`DeactivateUser::send_email`] mails the admin.
    ///
    /// # Errors
    /// Not found, or any API or transport error.
    pub async fn deactivate(
        &self,
        id: impl Into<UserId>,
        options: DeactivateUser,
    ) -> Result<(), Error> {
        let request = self
            .lifecycle(id.into(), "deactivate")
            .query(&[("sendEmail", options.send_email)]);
        request.send_no_content().await.map(drop)
    }

    /// Re-sends activation to a `PROVISIONED` or `RECOVERY` user (`…/lifecycle/reactivate`).
    ///
    /// # Errors
    /// `E0000038` (403) when the user is in any other status; not found; transport errors.
    pub async fn reactivate(
        &self,
        id: impl Into<UserId>,
        options: ReactivateUser,
    ) -> Result<UserActivationToken, Error> {
        let request = self
            .lifecycle(id.into(), "reactivate")
            .query(&[("sendEmail", options.send_email)]);
        request.send::<UserActivationToken>().await
    }

    /// Suspends an `ACTIVE` user (`…/lifecycle/suspend`); a suspended user keeps its app
    /// assignments.
    ///
    /// # Errors
    /// `E0000001` (400, cause "Cannot suspend a user that is not active") when the user is not
    /// `ACTIVE`; not found; transport errors.
    pub async fn suspend(&self, id: impl Into<UserId>) -> Result<(), Error> {
        self.lifecycle(id.into(), "suspend")
            .send_no_content()
            .await
            .map(drop)
    }

    /// Brings a `SUSPENDED` user back to `ACTIVE` (`…/lifecycle/unsuspend`).
    ///
    /// # Errors
    /// `E0000001` (400, cause "Cannot unsuspend a user that is not suspended") when the user
    /// is not `SUSPENDED`; not found; transport errors.
    pub async fn unsuspend(&self, id: impl Into<UserId>) -> Result<(), Error> {
        self.lifecycle(id.into(), "unsuspend")
            .send_no_content()
            .await
            .map(drop)
    }

    /// Unlocks a `LOCKED_OUT` user (`…/lifecycle/unlock`).
    ///
    /// # Errors
    /// `E0000032` (403, "Unlock is not allowed for this user.") when the user is not locked;
    /// not found; transport errors.
    pub async fn unlock(&self, id: impl Into<UserId>) -> Result<(), Error> {
        self.lifecycle(id.into(), "unlock")
            .send_no_content()
            .await
            .map(drop)
    }

    /// Expires the password (`…/lifecycle/expire_password`): status `PASSWORD_EXPIRED`, the
    /// user must change it at the next sign-in.
    ///
    /// # Errors
    /// Not found, a status that cannot expire, or any transport or decoding error.
    pub async fn expire_password(&self, id: impl Into<UserId>) -> Result<User, Error> {
        self.lifecycle(id.into(), "expire_password")
            .send::<User>()
            .await
    }

    /// Expires the password and sets a temporary one, which is returned
    /// (`…/lifecycle/expire_password_with_temp_password`).
    /// [`ExpirePassword::revoke_sessions`] also ends the user's sessions.
    ///
    /// # Errors
    /// Not found, a status that cannot expire, or any transport or decoding error.
    pub async fn expire_password_with_temp_password(
        &self,
        id: impl Into<UserId>,
        options: ExpirePassword,
    ) -> Result<SecretValue, Error> {
        let request = self
            .lifecycle(id.into(), "expire_password_with_temp_password")
            .query(&[("revokeSessions", options.revoke_sessions)]);
        Ok(request.send::<TempPassword>().await?.temp_password)
    }

    /// Ends all of the user's sessions (`DELETE /api/v1/users/{id}/sessions`); with
    /// [`ClearSessions::oauth_tokens`] also revokes the OAuth access and refresh tokens issued to the user.
    ///
    /// # Errors
    /// Not found, or any API or transport error.
    pub async fn clear_sessions(
        &self,
        id: impl Into<UserId>,
        options: ClearSessions,
    ) -> Result<(), Error> {
        let url = self
            .client
            .api_url(&["users", id.into().as_str(), "sessions"]);
        let request = self
            .client
            .request(Method::DELETE, url)
            .query(&[("oauthTokens", options.oauth_tokens)]);
        request.send_no_content().await.map(drop)
    }

    /// The groups the user belongs to, "Everyone" included (`GET /api/v1/users/{id}/groups`).
    pub fn groups(&self, id: impl Into<UserId>) -> ListUserGroups {
        ListUserGroups::new(self.client.clone(), &id.into())
    }

    /// The app links on the user's dashboard (`GET /api/v1/users/{id}/appLinks`); not paged.
    ///
    /// # Errors
    /// Not found, or any API, transport or decoding error.
    pub async fn app_links(&self, id: impl Into<UserId>) -> Result<Vec<AssignedAppLink>, Error> {
        let url = self
            .client
            .api_url(&["users", id.into().as_str(), "appLinks"]);
        self.client
            .request(Method::GET, url)
            .send::<Vec<AssignedAppLink>>()
            .await
    }
}
