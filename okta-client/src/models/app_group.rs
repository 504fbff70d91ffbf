//! An application–group assignment (`/api/v1/apps/{appId}/groups/{groupId}`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{GroupId, Timestamp};

/// A group assigned to an application: its members get the app (as app users with
/// `scope: GROUP`) with the assignment's profile; `priority` orders the groups when a user is
/// in several (0 is the highest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationGroupAssignment {
    /// The group's id.
    pub id: GroupId,
    /// Last change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// Priority among the app's groups (0 first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// App profile attributes given to the group's members.
    #[serde(default)]
    pub profile: Map<String, Value>,
    /// HAL links (`app`, `group`, `self`).
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Map<String, Value>>,
    /// Embedded resources (`group` with `expand=group`).
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Map<String, Value>>,
    /// Any other top-level key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specs_example_assignment_decodes_and_round_trips() {
        // The shape of the spec's `ApplicationGroupAssignment` example.
        let wire = serde_json::json!({
            "id": "00g4hb1HChfUriNgW0g4",
            "lastUpdated": "2014-06-24T15:28:14.000Z",
            "priority": 0,
            "profile": {"role": "Developer"},
            "_links": {"group": {"href": "https://example.okta.com/api/v1/groups/00g4hb1HChfUriNgW0g4"}}
        });
        let a: ApplicationGroupAssignment = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(a.id.as_str(), "00g4hb1HChfUriNgW0g4");
        assert_eq!(a.priority, Some(0));
        assert_eq!(a.profile["role"], "Developer");
        assert_eq!(serde_json::to_value(&a).unwrap(), wire);
    }
}
