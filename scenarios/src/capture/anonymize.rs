//! Replaces the personal data of a captured scenario by pseudonyms (see [`Pseudonyms`]).
//!
//! Timestamps keep their order only (see [`reorder_timestamps`]).
//! Kept as they are: statuses, scopes, group names and descriptions, app names, labels and
//! settings (org configuration, not people), booleans, numbers and nulls, and the few profile
//! attributes that describe no one (`locale`, `timezone`, `preferredLanguage`, `userType`,
//! AD's `primaryGroupID`). Ids are dropped: the mock that loads the file makes new ones, in the
//! same order. Every other string becomes a pseudonym.

use okta_client::directory::ImmutableId;
use okta_client::models::Timestamp;
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
    reorder_timestamps(scenario);
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

/// Replaces every user timestamp by one that keeps only its rank among them all: the i-th
/// distinct instant becomes 2000-01-01T00:00:00Z plus i minutes. Which came first (created before
/// activated, one user's last login before another's) survives; when things happened does not.
fn reorder_timestamps(scenario: &mut Scenario) {
    let mut all: Vec<i64> = scenario
        .users
        .iter_mut()
        .filter_map(|u| u.timestamps.as_mut())
        .flat_map(|t| t.iter_mut().map(|t| t.unix_millis()).collect::<Vec<_>>())
        .collect();
    all.sort_unstable();
    all.dedup();
    const EPOCH_2000_MS: i64 = 946_684_800_000;
    for t in scenario
        .users
        .iter_mut()
        .filter_map(|u| u.timestamps.as_mut())
    {
        for stamp in t.iter_mut() {
            let rank = all.binary_search(&stamp.unix_millis()).unwrap_or_default() as i64;
            if let Ok(mapped) = Timestamp::from_unix_millis(EPOCH_2000_MS + rank * 60_000) {
                *stamp = mapped;
            }
        }
    }
}

/// Pseudonymizes every attribute of a profile but those that describe no one (`locale`,
/// `timezone`, `preferredLanguage`, `userType`, `primaryGroupID`).
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
    fn timestamps_keep_their_order_and_nothing_else() {
        let ts = |s: &str| Some(Timestamp::parse(s).unwrap());
        let user = |created: &str, login: &str| ScenarioUser {
            profile: json!({"login": login}).as_object().unwrap().clone(),
            timestamps: Some(okta_mock::scenario::ScenarioTimestamps {
                created: ts(created),
                last_login: ts("2024-05-01T10:00:00.000Z"),
                ..Default::default()
            }),
            ..ScenarioUser::default()
        };
        let mut scenario = Scenario {
            users: vec![
                user("2024-03-01T08:00:00.000Z", "a@x"),
                user("2021-01-01T00:00:00.000Z", "b@x"),
            ],
            ..Scenario::default()
        };
        anonymize(&mut scenario, &Pseudonyms::random());
        let t = |i: usize| scenario.users[i].timestamps.clone().unwrap();
        assert!(t(1).created < t(0).created && t(0).created < t(0).last_login);
        assert_eq!(t(0).last_login, t(1).last_login);
        let text = serde_json::to_string(&scenario).unwrap();
        assert!(!text.contains("2024") && !text.contains("2021"), "{text}");
    }

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
