//! The store's internal records: compact forms of the wire models, rendered on output.

use std::sync::Arc;

use okta_client::models::{AppUser, Application, GroupType, UserStatus};

use super::mapping::Mapping;
use super::profile::Profile;

/// An interned id, shared by every index that mentions the object.
pub(crate) type Id = Arc<str>;

/// A user, kept small: a million of them must fit in ~1.5 GiB.
#[derive(Debug, Clone)]
pub(crate) struct UserRec {
    pub id: Id,
    pub status: UserStatus,
    pub created: i64,
    pub activated: Option<i64>,
    pub status_changed: Option<i64>,
    pub last_login: Option<i64>,
    pub last_updated: i64,
    pub password_changed: Option<i64>,
    pub profile: Profile,
    /// Whether the user has a password (its value is never kept).
    pub has_password: bool,
    /// The recovery question, when one was set (the answer is never kept).
    pub recovery_question: Option<Box<str>>,
    /// Authenticated by a federated provider (`provider=true`).
    pub federated: bool,
    /// Locked out (unlock is only allowed then).
    pub locked: bool,
}

/// A group.
#[derive(Debug, Clone)]
pub(crate) struct GroupRec {
    pub id: Id,
    pub group_type: GroupType,
    pub created: i64,
    pub last_updated: i64,
    pub last_membership_updated: i64,
    pub name: Box<str>,
    pub description: Option<Box<str>>,
    /// Profile attributes other than name and description.
    pub extra: Profile,
    /// For an APP_GROUP, the app it was imported from.
    pub source: Option<Id>,
}

/// An application: few per org, so the wire model is kept as is.
#[derive(Debug, Clone)]
pub(crate) struct AppRec {
    pub app: Application,
    /// The name profile mappings use to reach this instance (`active_directory_gfuif63`).
    pub variable_name: String,
    /// Profile mappings from the Okta user to this app's users.
    pub mappings: Vec<Mapping>,
}

/// An app user: the wire model without links or embedded resources.
pub(crate) type AppUserRec = AppUser;

impl UserRec {
    /// DEPROVISIONED users are hidden from plain lists and `q`.
    pub fn is_deprovisioned(&self) -> bool {
        self.status == UserStatus::Deprovisioned
    }
}
