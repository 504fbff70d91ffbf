//! The scenario file format: groups, apps and users of an org, with users' memberships and app
//! assignments given by group name and app label.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use okta_client::models::Timestamp;

use crate::store::ApplyOn;

/// A whole org.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Scenario {
    /// What the scenario is for (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Okta groups ("Everyone" exists implicitly).
    #[serde(default)]
    pub groups: Vec<ScenarioGroup>,
    /// App instances; labels are unique and are how users refer to apps.
    #[serde(default)]
    pub apps: Vec<ScenarioApp>,
    /// Users.
    #[serde(default)]
    pub users: Vec<ScenarioUser>,
    /// The login of the user the API token belongs to: `/api/v1/users/me` is that user.
    /// Without it, `me` names no user (404), as for a token whose user was deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub me: Option<String>,
    /// OAuth 2.0 service apps allowed to call the API with access tokens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_apps: Vec<super::ScenarioServiceApp>,
    /// Past System Log events of the org, logged when the scenario is loaded: `LogEvent`
    /// objects with at least `eventType` (see `okta-mock/scenarios/README.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub system_log: Vec<Value>,
    /// How the org behaves in time (search consistency, provisioning), when the mock starts
    /// with this scenario; options given to the mock itself take precedence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<ScenarioSettings>,
}

/// Org behaviour a scenario can ask for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioSettings {
    /// Milliseconds a write takes to reach `search` results (Okta's search is eventually
    /// consistent); 0 or absent: at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_lag_ms: Option<u64>,
    /// Milliseconds provisioning takes on apps with `PUSH_NEW_USERS`; 0 or absent: done when
    /// the assignment is answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning_delay_ms: Option<u64>,
}

/// An Okta group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioGroup {
    /// The id; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name, unique.
    pub name: String,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `OKTA_GROUP` (default) or `APP_GROUP`: a group imported from an app, such as an Active
    /// Directory group, which then needs [`source`](Self::source). `BUILT_IN` names the org's
    /// "Everyone" group (written by exports): only its id and timestamps are taken.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub group_type: Option<String>,
    /// For an `APP_GROUP`: the label of the app it was imported from (`_links.source`,
    /// searchable as `source.id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Profile attributes besides name and description; for an AD group `externalId` (the
    /// base64 objectGUID), `objectSid`, `dn`, `samAccountName`, `windowsDomainQualifiedName`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub profile: Map<String, Value>,
    /// Timestamps as the API shows them; each one absent is the load time. Written by exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamps: Option<super::ScenarioGroupTimestamps>,
}

/// An app instance.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioApp {
    /// The id; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The integration name (`active_directory`, `office365`, `bookmark`, …).
    pub name: String,
    /// The label, unique in the file (for AD: the domain).
    pub label: String,
    /// The variable mappings use; by default the name for the first instance of a name and
    /// `<name>_<7 characters>` for later ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable_name: Option<String>,
    /// `ACTIVE` (default) or `INACTIVE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The sign-on mode; derived from the name when absent (`null` for AD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_on_mode: Option<String>,
    /// Profile mappings by app-user attribute. Absent for `office365` means Okta's default
    /// `immutableId` mapping; `{}` means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mappings: Option<BTreeMap<String, ScenarioMapping>>,
    /// The app's `settings` object, as the API shows it. When absent, the settings the official
    /// SDKs need to decode the app (for example Office 365's WS-Federation attributes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<serde_json::Value>,
    /// Names of the groups assigned to the app, highest priority first: their members get the
    /// app as app users with `scope: GROUP`, like any other app user.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// The app's `features`, as the API shows them; `PUSH_NEW_USERS` makes new assignments
    /// go through provisioning (STAGED, then PROVISIONED with an `externalId`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// Injects a provisioning failure for the app's new assignments: `stuck` (they stay
    /// STAGED) or `error` (STAGED with `syncState` ERROR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning_failure: Option<crate::store::ProvisioningFailure>,
    /// Timestamps as the API shows them; each one absent is the load time. Written by exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamps: Option<super::ScenarioAppTimestamps>,
    /// The app's other fields as the API shows them (`accessibility`, `visibility`,
    /// `credentials`, `profile`, `orn`, …), taken as written over what the load builds.
    /// Written by exports.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub details: Map<String, Value>,
    /// The group assignments' priority, profile and `lastUpdated`, by group name (the groups
    /// themselves are [`groups`](Self::groups)). Written by exports.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub group_assignments: super::ScenarioAppGroups,
}

/// A profile mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioMapping {
    /// An Okta Expression Language expression.
    pub expression: String,
    /// `create` or `create_and_update` (default).
    #[serde(default = "create_and_update")]
    pub apply_on: ApplyOn,
}

fn create_and_update() -> ApplyOn {
    ApplyOn::CreateAndUpdate
}

/// A user.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioUser {
    /// The id; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The status (default `ACTIVE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The profile: `login`, `email`, `firstName`, `lastName` required, any other attribute.
    pub profile: Map<String, Value>,
    /// Group names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// App assignments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apps: Vec<ScenarioAssignment>,
    /// Timestamps as the API shows them; each one absent is the load time (`activated`,
    /// `statusChanged`) or none (`lastLogin`, `passwordChanged`). Written by captures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamps: Option<ScenarioTimestamps>,
    /// Enrolled MFA factors, as `GET /api/v1/users/{id}/factors` shows them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<ScenarioFactor>,
    /// The credentials state (password set, recovery question, provider); absent: a password
    /// unless STAGED or PROVISIONED, no recovery question, provider OKTA. Written by exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<super::ScenarioCredentials>,
}

/// A factor a user enrolled (`{"factorType": "token:software:totp", "provider": "GOOGLE",
/// "status": "ACTIVE", "created": "2024-01-09T15:36:04.000Z"}`): the fields of Okta's
/// `UserFactor`, only `factorType` and `provider` required.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioFactor {
    /// The id; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `factorType` (`question`, `sms`, `token:software:totp`, `push`, …).
    pub factor_type: String,
    /// `provider` (`OKTA`, `GOOGLE`, …).
    pub provider: String,
    /// `vendorName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_name: Option<String>,
    /// `status` (default `ACTIVE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `created` (default: the load time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// `lastUpdated` (default: `created`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// The factor's profile (`credentialId`, `phoneNumber`, `question`, …).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub profile: Map<String, Value>,
}

/// A user's timestamps (`2024-01-09T15:36:04.000Z`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioTimestamps {
    /// `created`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// `activated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activated: Option<Timestamp>,
    /// `statusChanged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_changed: Option<Timestamp>,
    /// `lastLogin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login: Option<Timestamp>,
    /// `lastUpdated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// `passwordChanged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_changed: Option<Timestamp>,
}

impl ScenarioTimestamps {
    /// Every timestamp present, for code that maps them all.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Timestamp> {
        [
            &mut self.created,
            &mut self.activated,
            &mut self.status_changed,
            &mut self.last_login,
            &mut self.last_updated,
            &mut self.password_changed,
        ]
        .into_iter()
        .filter_map(Option::as_mut)
    }
}

/// A user's assignment to an app.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioAssignment {
    /// The app's label.
    pub app: String,
    /// The id in the app; for AD the Immutable ID, also written to `profile.externalId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// App-user status (default `ACTIVE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `USER` (default) or `GROUP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The app-user profile. For AD apps, missing base attributes are filled from the user.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub profile: Map<String, Value>,
    /// `credentials.userName`; absent: the user's login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// `syncState`; absent: derived from the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_state: Option<String>,
    /// Timestamps as the API shows them; when present, the assignment (profile included) is
    /// taken exactly as written. Written by exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamps: Option<super::ScenarioAppUserTimestamps>,
}
