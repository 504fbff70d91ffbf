//! What an export adds so that a loaded export is the same org: the timestamps of groups,
//! apps and app users, a user's credentials state, a group's app assignment details and the
//! built-in "Everyone" group. All optional: files without them load as before (now, the
//! defaults).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use okta_client::models::Timestamp;

/// A user's credentials state, as the API shows it (never a secret: no password value, no
/// recovery answer).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioCredentials {
    /// Whether the user has a password (`credentials.password` shown). Absent: STAGED and
    /// PROVISIONED users have none, others have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<bool>,
    /// The recovery question (its answer is never kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_question: Option<String>,
    /// `OKTA` (default) or `FEDERATION` (`credentials.provider.type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
}

/// A group's timestamps.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioGroupTimestamps {
    /// `created`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// `lastUpdated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// `lastMembershipUpdated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_membership_updated: Option<Timestamp>,
}

/// An app's timestamps.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioAppTimestamps {
    /// `created`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// `lastUpdated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
}

/// An app user's timestamps and sync state.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioAppUserTimestamps {
    /// `created`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// `lastUpdated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// `statusChanged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_changed: Option<Timestamp>,
    /// `lastSync`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<Timestamp>,
    /// `passwordChanged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_changed: Option<Timestamp>,
}

/// A group's assignment to an app, beyond its place in `groups`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioAppGroup {
    /// `priority` (default: the group's index in the app's `groups`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// The assignment's `profile`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub profile: Map<String, Value>,
    /// `lastUpdated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
}

/// The details of an app's group assignments, by group name.
pub type ScenarioAppGroups = BTreeMap<String, ScenarioAppGroup>;

impl super::Scenario {
    /// The same scenario without any timestamp (users', groups', apps', app users', group
    /// assignments'): for comparing two orgs built the same way at different times, such as
    /// the exports of two mocks that ran the same writes.
    #[must_use]
    pub fn without_timestamps(mut self) -> Self {
        for g in &mut self.groups {
            g.timestamps = None;
        }
        for a in &mut self.apps {
            a.timestamps = None;
            for details in a.group_assignments.values_mut() {
                details.last_updated = None;
            }
        }
        for u in &mut self.users {
            u.timestamps = None;
            for a in &mut u.apps {
                a.timestamps = None;
            }
        }
        self
    }
}
