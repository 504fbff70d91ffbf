//! Okta groups.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::okta_enum::okta_enum;
use super::{GroupId, Timestamp};

okta_enum! {
    /// Where a group comes from.
    pub enum GroupType {
        /// Created in Okta.
        OktaGroup = "OKTA_GROUP",
        /// Imported from an app (AD, LDAP, …).
        AppGroup = "APP_GROUP",
        /// Okta's own, such as "Everyone".
        BuiltIn = "BUILT_IN",
    }
}

impl GroupType {
    /// The value a group without a `type` key reads as: `Unknown("")`.
    pub fn unspecified() -> Self {
        GroupType::Unknown(String::new())
    }

    /// True for the value of a group that had no `type` key.
    pub fn is_unspecified(&self) -> bool {
        matches!(self, GroupType::Unknown(s) if s.is_empty())
    }
}

/// A group's profile: name and description, plus any other attribute.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GroupProfile {
    /// Group name, unique in the org for Okta groups.
    #[serde(default)]
    pub name: String,
    /// Description (`null` when none).
    #[serde(default)]
    pub description: Option<String>,
    /// Any other attribute (app groups carry many).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl GroupProfile {
    /// A profile with a name and an optional description.
    pub fn new(name: impl Into<String>, description: Option<String>) -> Self {
        Self {
            name: name.into(),
            description,
            extra: Map::new(),
        }
    }
}

/// An Okta group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// The group id.
    pub id: GroupId,
    /// When the group was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// Last change to the group's profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// Last change to the group's members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_membership_updated: Option<Timestamp>,
    /// Object classes (`okta:user_group`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub object_class: Vec<String>,
    /// Where the group comes from. Okta always sends it, but the spec does not require it (its
    /// own `ListUserGroups` example omits it): a missing type reads as `Unknown("")` and is not
    /// written back.
    #[serde(
        rename = "type",
        default = "GroupType::unspecified",
        skip_serializing_if = "GroupType::is_unspecified"
    )]
    pub group_type: GroupType,
    /// The profile.
    #[serde(default)]
    pub profile: GroupProfile,
    /// HAL links.
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Map<String, Value>>,
    /// HAL embedded resources.
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Map<String, Value>>,
    /// Any other top-level key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
