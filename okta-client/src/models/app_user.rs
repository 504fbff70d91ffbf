//! Application users: a user's assignment to an app, with the app-specific profile.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::okta_enum::okta_enum;
use super::{SecretValue, Timestamp, User, UserId};

okta_enum! {
    /// How the user is assigned.
    pub enum AppUserScope {
        /// Directly.
        User = "USER",
        /// Through a group.
        Group = "GROUP",
    }
}

okta_enum! {
    /// The app user's provisioning status.
    pub enum AppUserStatus {
        /// Active.
        Active = "ACTIVE",
        /// Approved.
        Approved = "APPROVED",
        /// Deprovisioned (has no externalId).
        Deprovisioned = "DEPROVISIONED",
        /// Implicit.
        Implicit = "IMPLICIT",
        /// Imported.
        Imported = "IMPORTED",
        /// Inactive.
        Inactive = "INACTIVE",
        /// Matched to an existing account.
        Matched = "MATCHED",
        /// Pending.
        Pending = "PENDING",
        /// Provisioned.
        Provisioned = "PROVISIONED",
        /// Revoked.
        Revoked = "REVOKED",
        /// Staged (has no externalId).
        Staged = "STAGED",
        /// Suspended.
        Suspended = "SUSPENDED",
        /// Unassigned.
        Unassigned = "UNASSIGNED",
    }
}

okta_enum! {
    /// Provisioning synchronisation state.
    pub enum SyncState {
        /// Provisioning off.
        Disabled = "DISABLED",
        /// Last sync failed.
        Error = "ERROR",
        /// Changes not yet pushed.
        OutOfSync = "OUT_OF_SYNC",
        /// In sync.
        Synchronized = "SYNCHRONIZED",
        /// Sync in progress.
        Syncing = "SYNCING",
    }
}

/// The app user's credentials in the app.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppUserCredentials {
    /// The user name in the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The password in the app (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<AppUserPassword>,
}

/// A password for an app user.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AppUserPassword {
    /// The clear-text value (requests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<SecretValue>,
}

/// Resources embedded in an app user (`expand=user`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AppUserEmbedded {
    /// The Okta user behind the app user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Box<User>>,
    /// Anything else embedded.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An application user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppUser {
    /// The Okta user id.
    pub id: UserId,
    /// The id in the app. For AD, the Immutable ID (base64 objectGUID); `null` when not linked.
    #[serde(default)]
    pub external_id: Option<String>,
    /// How the user is assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<AppUserScope>,
    /// Provisioning status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AppUserStatus>,
    /// Synchronisation state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_state: Option<SyncState>,
    /// When assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// Last change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// Last status change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_changed: Option<Timestamp>,
    /// Last sync with the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<Timestamp>,
    /// Last password change in the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_changed: Option<Timestamp>,
    /// Credentials in the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<AppUserCredentials>,
    /// The app-specific profile, kept as JSON (its attributes depend on the app).
    #[serde(default)]
    pub profile: Map<String, Value>,
    /// HAL links (`app`, `user`).
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Map<String, Value>>,
    /// Embedded resources (`user` with `expand=user`).
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<AppUserEmbedded>,
    /// Any other top-level key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AppUser {
    /// The embedded user, present with `expand=user`.
    pub fn embedded_user(&self) -> Option<&User> {
        self.embedded.as_ref().and_then(|e| e.user.as_deref())
    }
}
