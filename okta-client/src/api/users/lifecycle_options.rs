//! Named options of the user lifecycle calls, so that no call takes a positional boolean
//! (`activate(id, ActivateUser::new().send_email(false))`, not `activate(id, false)`). Each
//! default is the spec's default for the query parameter (`okta-client/spec/`, the
//! `sendEmail`, `revokeSessions` and `oauthTokens` parameters of each operation).

/// Options of [`UsersApi::activate`](super::UsersApi::activate).
///
/// ```
/// use okta_client::api::ActivateUser;
///
/// // Get the activation link back instead of mailing it.
/// let link_back = ActivateUser::new().send_email(false);
/// # let _ = link_back;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct ActivateUser {
    pub(super) send_email: bool,
}

impl Default for ActivateUser {
    fn default() -> Self {
        Self::new()
    }
}

impl ActivateUser {
    /// Okta mails the activation link to the user (the spec's default for `sendEmail` on
    /// `activateUser` is `true`).
    pub fn new() -> Self {
        Self { send_email: true }
    }

    /// `false`: no email; the activation link and token come back to the caller instead.
    pub fn send_email(mut self, send: bool) -> Self {
        self.send_email = send;
        self
    }
}

/// Options of [`UsersApi::reactivate`](super::UsersApi::reactivate).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[must_use]
pub struct ReactivateUser {
    pub(super) send_email: bool,
}

impl ReactivateUser {
    /// No email: the activation link comes back (the spec's default for `sendEmail` on
    /// `reactivateUser` is `false`).
    pub fn new() -> Self {
        Self::default()
    }

    /// `true`: Okta mails the activation link to the user.
    pub fn send_email(mut self, send: bool) -> Self {
        self.send_email = send;
        self
    }
}

/// Options of [`UsersApi::deactivate`](super::UsersApi::deactivate).
///
/// ```
/// use okta_client::api::DeactivateUser;
///
/// let notify_admin = DeactivateUser::new().send_email(true);
/// # let _ = notify_admin;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[must_use]
pub struct DeactivateUser {
    pub(super) send_email: bool,
}

impl DeactivateUser {
    /// No email (the spec's default for `sendEmail` on `deactivateUser` is `false`).
    pub fn new() -> Self {
        Self::default()
    }

    /// `true`: Okta mails the admin about the deactivation.
    pub fn send_email(mut self, send: bool) -> Self {
        self.send_email = send;
        self
    }
}

/// Options of
/// [`UsersApi::expire_password_with_temp_password`](super::UsersApi::expire_password_with_temp_password).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[must_use]
pub struct ExpirePassword {
    pub(super) revoke_sessions: bool,
}

impl ExpirePassword {
    /// Sessions are kept (the spec's default for `revokeSessions` is `false`).
    pub fn new() -> Self {
        Self::default()
    }

    /// `true`: the user's current sessions end too.
    pub fn revoke_sessions(mut self, revoke: bool) -> Self {
        self.revoke_sessions = revoke;
        self
    }
}

/// Options of [`UsersApi::clear_sessions`](super::UsersApi::clear_sessions).
///
/// ```
/// use okta_client::api::ClearSessions;
///
/// let everything = ClearSessions::new().oauth_tokens(true);
/// # let _ = everything;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[must_use]
pub struct ClearSessions {
    pub(super) oauth_tokens: bool,
}

impl ClearSessions {
    /// Only the sessions (the spec's default for `oauthTokens` is `false`).
    pub fn new() -> Self {
        Self::default()
    }

    /// `true`: also revoke the OpenID Connect and OAuth access and refresh tokens issued to
    /// the user.
    pub fn oauth_tokens(mut self, revoke: bool) -> Self {
        self.oauth_tokens = revoke;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_spec_s_defaults() {
        assert!(ActivateUser::new().send_email);
        assert!(ActivateUser::default().send_email);
        assert!(!ReactivateUser::new().send_email);
        assert!(!DeactivateUser::new().send_email);
        assert!(!ExpirePassword::new().revoke_sessions);
        assert!(!ClearSessions::new().oauth_tokens);
        assert!(!ActivateUser::new().send_email(false).send_email);
        assert!(ClearSessions::new().oauth_tokens(true).oauth_tokens);
    }
}
