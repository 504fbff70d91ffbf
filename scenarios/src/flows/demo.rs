//! The demo org of `okta-flows watch` and `run` on the embedded mock: the union of every
//! registered flow's scenario file (`cases/flows/<flow>.json`, built into the binary by the
//! registry) and `cases/flows/demo.json`, so that each flow finds the groups, apps and users
//! its defaults name.
//!
//! The union, in order (demo.json first, then the flows in registry order): groups by name and
//! apps by label, the first kept; users by login (case-insensitive): the first's fields kept,
//! the profile attributes, groups and app assignments of later ones added.

use okta_mock::scenario::Scenario;
use serde_json::{Map, Value, json};

use super::registry;

/// The demo's own part: the users the scripted demo changes.
const DEMO: &str = include_str!("../../cases/flows/demo.json");

/// The demo org.
///
/// # Errors
/// A message naming the file that is not a scenario, or the union that does not load.
pub fn demo_scenario() -> Result<Scenario, String> {
    let mut union = Union::default();
    union.add("demo.json", DEMO)?;
    for entry in registry() {
        union.add(entry.name, entry.scenario)?;
    }
    let text = union.into_json().to_string();
    Scenario::from_json_str(&text).map_err(|e| format!("the flows' demo org: {e}"))
}

#[derive(Default)]
struct Union {
    me: Option<Value>,
    groups: Vec<Value>,
    apps: Vec<Value>,
    users: Vec<Value>,
    rest: Map<String, Value>,
}

fn key_of(value: &Value, field: &str) -> Option<String> {
    value
        .get(field)
        .and_then(Value::as_str)
        .map(str::to_lowercase)
}

fn login_of(user: &Value) -> Option<String> {
    user.get("profile").and_then(|p| key_of(p, "login"))
}

/// Adds `items` to `into`, keeping the first of each `key`.
fn add_unique(into: &mut Vec<Value>, items: &[Value], key: impl Fn(&Value) -> Option<String>) {
    for item in items {
        let k = key(item);
        if k.is_none() || !into.iter().any(|kept| key(kept) == k) {
            into.push(item.clone());
        }
    }
}

impl Union {
    fn add(&mut self, name: &str, text: &str) -> Result<(), String> {
        let file: Value =
            serde_json::from_str(text).map_err(|e| format!("the scenario of {name}: {e}"))?;
        let Value::Object(file) = file else {
            return Err(format!("the scenario of {name} is not a JSON object"));
        };
        for (key, value) in file {
            let items = value.as_array().cloned().unwrap_or_default();
            match key.as_str() {
                "description" => {}
                "me" => {
                    self.me.get_or_insert(value);
                }
                "groups" => add_unique(&mut self.groups, &items, |g| key_of(g, "name")),
                "apps" => add_unique(&mut self.apps, &items, |a| {
                    key_of(a, "label").or_else(|| key_of(a, "name"))
                }),
                "users" => items.iter().for_each(|user| self.add_user(user)),
                _ => match (self.rest.get_mut(&key), value) {
                    (Some(Value::Array(kept)), Value::Array(more)) => kept.extend(more),
                    (Some(_), _) => {}
                    (None, value) => {
                        self.rest.insert(key, value);
                    }
                },
            }
        }
        Ok(())
    }

    fn add_user(&mut self, user: &Value) {
        let login = login_of(user);
        let Some(kept) = self
            .users
            .iter_mut()
            .find(|kept| login.is_some() && login_of(kept) == login)
        else {
            self.users.push(user.clone());
            return;
        };
        let (Value::Object(kept), Value::Object(more)) = (kept, user) else {
            return;
        };
        for (field, value) in more {
            match (kept.get_mut(field), value) {
                (Some(Value::Object(profile)), Value::Object(extra)) if field == "profile" => {
                    for (attribute, v) in extra {
                        profile
                            .entry(attribute.clone())
                            .or_insert_with(|| v.clone());
                    }
                }
                (Some(Value::Array(list)), Value::Array(extra)) if field == "groups" => {
                    add_unique(list, extra, |g| g.as_str().map(str::to_lowercase));
                }
                (Some(Value::Array(list)), Value::Array(extra)) if field == "apps" => {
                    add_unique(list, extra, |a| key_of(a, "app"));
                }
                (Some(_), _) => {}
                (None, value) => {
                    kept.insert(field.clone(), value.clone());
                }
            }
        }
    }

    fn into_json(self) -> Value {
        let mut out = self.rest;
        out.insert(
            "description".into(),
            json!(
                "The flows' demo org: cases/flows/demo.json and every flow's scenario file, united."
            ),
        );
        if let Some(me) = self.me {
            out.insert("me".into(), me);
        }
        out.insert("groups".into(), Value::Array(self.groups));
        out.insert("apps".into(), Value::Array(self.apps));
        out.insert("users".into(), Value::Array(self.users));
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_org_holds_every_flows_groups_and_users() {
        let demo = demo_scenario().expect("the demo org loads");
        let text = serde_json::to_value(&demo).unwrap();
        for entry in registry() {
            let file: Value = serde_json::from_str(entry.scenario).unwrap();
            for group in file["groups"].as_array().into_iter().flatten() {
                let name = &group["name"];
                assert!(
                    text["groups"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|g| &g["name"] == name),
                    "{}: group {name}",
                    entry.name
                );
            }
            for user in file["users"].as_array().into_iter().flatten() {
                let login = &user["profile"]["login"];
                assert!(
                    demo.users
                        .iter()
                        .any(|u| u.profile.get("login") == Some(login)),
                    "{}: user {login}",
                    entry.name
                );
            }
        }
    }

    #[test]
    fn a_user_in_two_files_keeps_the_first_values_and_gets_the_later_groups() {
        let mut union = Union::default();
        let a = r#"{"groups":[{"name":"A"}],"users":[{"profile":{"login":"x@e.com","title":"one"},"groups":["A"]}]}"#;
        let b = r#"{"groups":[{"name":"a"},{"name":"B"}],"users":[{"profile":{"login":"X@e.com","title":"two","department":"D"},"groups":["B"]}]}"#;
        union.add("a", a).unwrap();
        union.add("b", b).unwrap();
        let out = union.into_json();
        assert_eq!(out["groups"].as_array().unwrap().len(), 2);
        let users = out["users"].as_array().unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!(users[0]["profile"]["title"], "one");
        assert_eq!(users[0]["profile"]["department"], "D");
        assert_eq!(users[0]["groups"], json!(["A", "B"]));
    }
}
