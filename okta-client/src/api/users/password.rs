//! Password and factor resets (`…/lifecycle/reset_password`, `…/lifecycle/reset_factors`)
//! and deletion with its options (`DELETE /api/v1/users/{id}?sendEmail=…`).

use reqwest::Method;
use serde::Deserialize;

use super::UsersApi;
use crate::error::Error;
use crate::models::{SecretValue, UserId};

/// How [`UsersApi::reset_password`] resets: whether Okta mails the one-time link to the user,
/// and whether the user's other sessions end.
///
/// Built by name rather than with positional booleans:
///
/// ```
/// use okta_client::api::ResetPassword;
///
/// let hand_out_link = ResetPassword::new().send_email(false).revoke_sessions(true);
/// # let _ = hand_out_link;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct ResetPassword {
    send_email: bool,
    revoke_sessions: bool,
}

impl Default for ResetPassword {
    fn default() -> Self {
        Self::new()
    }
}

impl ResetPassword {
    /// Okta mails the link to the user; sessions are kept (the spec's default for
    /// `revokeSessions` is `false`).
    pub fn new() -> Self {
        Self {
            send_email: true,
            revoke_sessions: false,
        }
    }

    /// `false`: no email; the one-time reset link is returned to the caller instead.
    pub fn send_email(mut self, send: bool) -> Self {
        self.send_email = send;
        self
    }

    /// `true`: end all the user's sessions (except the caller's own, per the spec).
    pub fn revoke_sessions(mut self, revoke: bool) -> Self {
        self.revoke_sessions = revoke;
        self
    }
}

/// Options of [`UsersApi::delete_with`].
///
/// ```
/// use okta_client::api::DeleteUser;
///
/// let notify_admin = DeleteUser::new().send_email(true);
/// # let _ = notify_admin;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[must_use]
pub struct DeleteUser {
    send_email: bool,
}

impl DeleteUser {
    /// No email (the spec's default for `sendEmail` on delete is `false`).
    pub fn new() -> Self {
        Self::default()
    }

    /// `true`: Okta mails the admin about the deactivation that a first delete performs.
    pub fn send_email(mut self, send: bool) -> Self {
        self.send_email = send;
        self
    }
}

/// `{"resetPasswordUrl": "…"}` (the spec's `ResetPasswordToken`), or `{}` when mailed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResetPasswordToken {
    #[serde(default)]
    reset_password_url: Option<SecretValue>,
}

impl UsersApi {
    /// Resets a user's password (`POST …/lifecycle/reset_password`): the user goes to
    /// `RECOVERY` and cannot sign in until the reset is completed. With
    /// [`ResetPassword::send_email`]`(false)` the one-time reset link comes back as
    /// `Some(link)`; it lets anyone who holds it set the password, so it is a [`SecretValue`]
    /// that never shows in `Debug` output. When Okta mails the link, the answer is `None`.
    ///
    /// # Errors
    /// Not found; `E0000038` (403) when the user's status forbids a reset (for instance
    /// `STAGED`); any transport or decoding error.
    pub async fn reset_password(
        &self,
        id: impl Into<UserId>,
        options: ResetPassword,
    ) -> Result<Option<SecretValue>, Error> {
        let url =
            self.client
                .api_url(&["users", id.into().as_str(), "lifecycle", "reset_password"]);
        // Each reset issues a new one-time token, invalidating the last: never retried.
        let request = self
            .client
            .request(Method::POST, url)
            .idempotent(false)
            .query(&[
                ("sendEmail", options.send_email),
                ("revokeSessions", options.revoke_sessions),
            ]);
        let token = request.send::<ResetPasswordToken>().await?;
        Ok(token.reset_password_url)
    }

    /// Unenrolls every MFA factor of the user (`POST …/lifecycle/reset_factors`); the status
    /// does not change.
    ///
    /// # Errors
    /// Not found, a status that forbids it (403), or any API or transport error.
    pub async fn reset_factors(&self, id: impl Into<UserId>) -> Result<(), Error> {
        let url = self
            .client
            .api_url(&["users", id.into().as_str(), "lifecycle", "reset_factors"]);
        // Resetting twice leaves the same state (no factors), so a retry is harmless.
        let request = self.client.request(Method::POST, url).idempotent(true);
        request.send_no_content().await.map(drop)
    }

    /// Like [`delete`](Self::delete), with options (`sendEmail`). Never retried automatically,
    /// for the same reason: a retry could turn a deactivation into a deletion.
    ///
    /// # Errors
    /// Not found, or any API or transport error.
    pub async fn delete_with(
        &self,
        id: impl Into<UserId>,
        options: DeleteUser,
    ) -> Result<(), Error> {
        let url = self.client.api_url(&["users", id.into().as_str()]);
        let request = self
            .client
            .request(Method::DELETE, url)
            .idempotent(false)
            .query(&[("sendEmail", options.send_email)]);
        request.send_no_content().await.map(drop)
    }
}
