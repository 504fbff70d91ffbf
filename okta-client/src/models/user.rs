//! The Okta user and its status.

use serde::Serialize;
use serde_json::{Map, Value};

use super::credentials::UserCredentials;
use super::extra::deserialize_keeping_extra;
use super::okta_enum::okta_enum;
use super::{Timestamp, UserId, UserProfile};

okta_enum! {
    /// A user's lifecycle status.
    pub enum UserStatus {
        /// Created without activation.
        Staged = "STAGED",
        /// Activated without credentials; waiting for the user to set them.
        Provisioned = "PROVISIONED",
        /// Active.
        Active = "ACTIVE",
        /// Password reset in progress.
        Recovery = "RECOVERY",
        /// Locked out after failed sign-ins.
        LockedOut = "LOCKED_OUT",
        /// Password expired; must change it at next sign-in.
        PasswordExpired = "PASSWORD_EXPIRED",
        /// Suspended: cannot sign in, keeps app assignments.
        Suspended = "SUSPENDED",
        /// Deactivated: app assignments removed; a second delete removes the user.
        Deprovisioned = "DEPROVISIONED",
    }
}

/// A reference to the user's Okta user type.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct UserTypeRef {
    /// The user type id (`oty…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Any other key Okta sends.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An Okta user as the Management API returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The user id.
    pub id: UserId,
    /// Current lifecycle status.
    pub status: UserStatus,
    /// When the user was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// When the user was activated (`null` when never).
    #[serde(default)]
    pub activated: Option<Timestamp>,
    /// When the status last changed.
    #[serde(default)]
    pub status_changed: Option<Timestamp>,
    /// Last sign-in.
    #[serde(default)]
    pub last_login: Option<Timestamp>,
    /// Last change to the user or its profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// Last password change.
    #[serde(default)]
    pub password_changed: Option<Timestamp>,
    /// The status the user is moving to, during an asynchronous transition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitioning_to_status: Option<UserStatus>,
    /// The user's Okta user type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub user_type: Option<UserTypeRef>,
    /// The profile.
    #[serde(default)]
    pub profile: UserProfile,
    /// Credentials as Okta shows them (secrets are never returned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<UserCredentials>,
    /// HAL links.
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Map<String, Value>>,
    /// HAL embedded resources.
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Map<String, Value>>,
    /// Any other top-level key Okta sends, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra! {
    UserTypeRef, "a user type reference",
    required {},
    optional { id = "id" },
}

deserialize_keeping_extra! {
    User, "an Okta user",
    required { id = "id", status = "status" },
    optional {
        created = "created",
        activated = "activated",
        status_changed = "statusChanged",
        last_login = "lastLogin",
        last_updated = "lastUpdated",
        password_changed = "passwordChanged",
        transitioning_to_status = "transitioningToStatus",
        user_type = "type",
        profile = "profile",
        credentials = "credentials",
        links = "_links",
        embedded = "_embedded",
    },
    check = login_is_present,
}

/// A user always has a login: `profile.login` is `required: true` in Okta's base user schema
/// (Okta's management spec, example `UserSchemaDefaultResponse` of `GET
/// /api/v1/meta/schemas/user/default`: `definitions.base.required: [login, firstName, lastName,
/// email]`), and the `UserProfile` schema's description allows no customization that drops it
/// (only its pattern may change).
/// So a user without one is not a user Okta sent, and decoding says so. `firstName`, `lastName`
/// and `email` stay optional: an org may make the names nullable.
fn login_is_present(user: &User) -> Result<(), &'static str> {
    match user.profile.login {
        Some(_) => Ok(()),
        None => Err("profile.login"),
    }
}

impl User {
    /// The user's login (`profile.login`). Every user Okta returns has one (decoding a user
    /// without it fails, see [`User`]'s `Deserialize`); it is empty only when the caller
    /// removed it from [`profile`](Self::profile) after reading.
    pub fn login(&self) -> &str {
        self.profile.login.as_deref().unwrap_or_default()
    }
}
