//! The handlers against the recording HTTP double: the method, path, query and body each call
//! sends, and how each answer is read.

mod resources;
mod users;

use serde_json::{Value, json};

pub fn user(id: &str, status: &str) -> Value {
    json!({"id": id, "status": status, "created": "2024-01-09T15:36:04.000Z", "activated": null,
           "statusChanged": null, "lastLogin": null, "lastUpdated": "2024-01-09T15:36:04.000Z",
           "passwordChanged": null, "profile": {"login": format!("{id}@example.com")}})
}

pub fn group(id: &str, name: &str) -> Value {
    json!({"id": id, "type": "OKTA_GROUP", "profile": {"name": name, "description": null}})
}

pub fn app(id: &str, name: &str) -> Value {
    json!({"id": id, "name": name, "label": "corp.example.com", "status": "ACTIVE", "signOnMode": null})
}

pub fn app_user(id: &str) -> Value {
    json!({"id": id, "externalId": null, "scope": "USER", "status": "ACTIVE", "profile": {}})
}
