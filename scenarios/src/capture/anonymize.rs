//! Replaces the personal data of a captured scenario by pseudonyms (see [`Pseudonyms`]).
//!
//! Kept as they are: statuses, scopes, group names and descriptions, app names, labels and
//! settings (org configuration, not people), booleans, numbers and nulls, and the few profile
//! attributes that describe no one (`locale`, `timezone`, `preferredLanguage`, `userType`,
//! AD's `primaryGroupID`). Ids are dropped: the mock that loads the file makes new ones, in the
//! same order. Every other string becomes a pseudonym.

use okta_client::directory::ImmutableId;
use okta_mock::scenario::Scenario;
use serde_json::{Map, Value};

use super::pseudonym::Pseudonyms;

/// Profile attributes that hold no personal data.
const KEPT: [&str; 5] = [
    "locale",
    "timezone",
    "preferredLanguage",
    "userType",
    "primaryGroupID",
];

/// Attributes where an Immutable ID (or a wrong form of one) belongs.
const ID_ATTRIBUTES: [&str; 4] = ["externalId", "immutableId", "objectGUID", "objectGuid"];

/// Pseudonymizes a scenario in place.
pub fn anonymize(scenario: &mut Scenario, p: &Pseudonyms) {
    for group in &mut scenario.groups {
        group.id = None;
    }
    for app in &mut scenario.apps {
        app.id = None;
    }
    for user in &mut scenario.users {
        user.id = None;
        anonymize_profile(&mut user.profile, p);
        for assignment in &mut user.apps {
            if let Some(external) = &assignment.external_id {
                assignment.external_id = Some(id_value(p, "externalId", external));
            }
            anonymize_profile(&mut assignment.profile, p);
        }
    }
}

/// Pseudonymizes every attribute of a profile but [`KEPT`].
pub fn anonymize_profile(profile: &mut Map<String, Value>, p: &Pseudonyms) {
    for (key, value) in profile.iter_mut() {
        if !KEPT.contains(&key.as_str()) {
            anonymize_value(key, value, p);
        }
    }
}

fn anonymize_value(key: &str, value: &mut Value, p: &Pseudonyms) {
    match value {
        Value::String(s) => *s = string(p, key, s),
        Value::Array(items) => items.iter_mut().for_each(|v| anonymize_value(key, v, p)),
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                anonymize_value(k, v, p);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn string(p: &Pseudonyms, key: &str, value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    if ID_ATTRIBUTES.contains(&key) {
        return id_value(p, key, value);
    }
    // A GUID or Immutable ID under another name is mapped the same way, so it stays equal
    // to the same GUID elsewhere.
    if ImmutableId::parse(value).is_ok() || ImmutableId::from_object_guid(value).is_ok() {
        if let Some(mapped) = p.id_value(value) {
            return mapped;
        }
    }
    if value.contains('@') {
        return p.address(value);
    }
    p.text(key, value)
}

/// An id attribute: its GUID mapped keeping its kind, or (no GUID inside) a pseudonym that is
/// no more an Immutable ID than the value was (`-` and spaces are outside standard base64).
fn id_value(p: &Pseudonyms, key: &str, value: &str) -> String {
    if value.trim().is_empty() {
        return value.to_owned();
    }
    p.id_value(value).unwrap_or_else(|| p.text(key, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use okta_mock::scenario::{ScenarioAssignment, ScenarioUser};
    use serde_json::json;

    #[test]
    fn personal_values_are_replaced_and_shared_values_stay_shared() {
        let p = Pseudonyms::with_salt(&[7; 16]).unwrap();
        let profile = |login: &str, first: &str| {
            json!({"login": login, "email": login, "firstName": first, "lastName": "Example",
                   "locale": "en_US", "employeeNumber": 42})
            .as_object()
            .unwrap()
            .clone()
        };
        let assignment = |external: &str| ScenarioAssignment {
            app: "corp.example.com".into(),
            external_id: Some(external.into()),
            profile: json!({"externalId": external, "samAccountName": "alice"})
                .as_object()
                .unwrap()
                .clone(),
            ..ScenarioAssignment::default()
        };
        let mut scenario = Scenario {
            users: vec![
                ScenarioUser {
                    id: Some("00u1".into()),
                    profile: profile("alice@example.com", "Alice"),
                    apps: vec![assignment("yYuRNW0Z6kCXeYidebdT8A==")],
                    ..ScenarioUser::default()
                },
                ScenarioUser {
                    profile: profile("bob@example.com", "Alice"),
                    apps: vec![assignment("yYuRNW0Z6kCXeYidebdT8A==")],
                    ..ScenarioUser::default()
                },
            ],
            ..Scenario::default()
        };
        anonymize(&mut scenario, &p);
        let text = serde_json::to_string(&scenario).unwrap();
        for personal in ["alice", "Alice", "bob", "yYuRNW0Z6kCXeYidebdT8A==", "00u1"] {
            assert!(!text.contains(personal), "{personal} left in {text}");
        }
        let [a, b] = &scenario.users[..] else {
            unreachable!()
        };
        assert_eq!(a.profile["login"], a.profile["email"]);
        assert_ne!(a.profile["login"], b.profile["login"]);
        assert_eq!(a.profile["firstName"], b.profile["firstName"]);
        assert_eq!(a.profile["locale"], "en_US");
        assert_eq!(a.profile["employeeNumber"], 42);
        assert_eq!(a.apps[0].external_id, b.apps[0].external_id);
        let mapped = a.apps[0].external_id.as_deref().unwrap();
        assert!(ImmutableId::parse(mapped).is_ok());
        assert_eq!(a.apps[0].profile["externalId"], mapped);
    }
}
