//! An event hook as Okta's `/api/v1/eventHooks` shows it, and its request body parsed and
//! validated.
//!
//! Shape: the `EventHook` schema and its examples in Okta's management spec (2026.06.3) and
//! the recorded answers in okta-sdk-python's cassettes
//! (`tests/integration/cassettes/TestEventHooksResource.*.yaml`): a new hook is `ACTIVE` and
//! `UNVERIFIED`; the auth scheme's `value` is write-only; an active hook links `verify` and
//! `deactivate`, an inactive one `activate` and `delete`.

use std::fmt;

use okta_client::models::SecretValue;
use serde_json::{Map, Value, json};

use crate::http::links::{BaseUrl, action, href, links, segment};

/// `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookStatus {
    /// Delivers (once verified).
    Active,
    /// Delivers nothing; may be deleted.
    Inactive,
}

/// The receiver's authentication header (`authScheme`, type `HEADER`).
#[derive(Clone, PartialEq, Eq)]
pub struct AuthScheme {
    /// The header name.
    pub key: String,
    /// Its value: a secret, never shown.
    pub value: SecretValue,
}

impl fmt::Debug for AuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthScheme")
            .field("key", &self.key)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// A custom header sent with each call; its value may be a secret too.
#[derive(Clone, PartialEq, Eq)]
pub struct CustomHeader {
    /// The name.
    pub key: String,
    /// The value.
    pub value: String,
}

impl fmt::Debug for CustomHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomHeader")
            .field("key", &self.key)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// The writable part of a hook, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookInput {
    /// `name`.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// `events.items`: the subscribed event types.
    pub events: Vec<String>,
    /// `channel.config.uri`.
    pub uri: String,
    /// `channel.config.headers`.
    pub headers: Vec<CustomHeader>,
    /// `channel.config.authScheme` (its value may be absent on a replace: the old one stays).
    pub auth: Option<(String, Option<SecretValue>)>,
}

/// One registered hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventHook {
    /// `id` (`who…`).
    pub id: String,
    /// `status`.
    pub status: HookStatus,
    /// `verificationStatus` is `VERIFIED`.
    pub verified: bool,
    /// `name`.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// `events.items`.
    pub events: Vec<String>,
    /// `channel.config.uri`.
    pub uri: String,
    /// `channel.config.headers`.
    pub headers: Vec<CustomHeader>,
    /// `channel.config.authScheme`.
    pub auth: Option<AuthScheme>,
    /// `created`.
    pub created: String,
    /// `createdBy`.
    pub created_by: String,
    /// `lastUpdated`.
    pub last_updated: String,
    /// The org URL the hook was created on (the deliveries' `source`).
    pub org: String,
}

impl EventHook {
    /// Whether Okta delivers to it: `ACTIVE` and `VERIFIED` (the spec's verify operation).
    pub fn delivers(&self) -> bool {
        self.status == HookStatus::Active && self.verified
    }

    /// The headers of every call: JSON both ways, the auth header, the custom headers.
    pub fn call_headers(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("accept".to_owned(), "application/json".to_owned()),
            ("content-type".to_owned(), "application/json".to_owned()),
        ];
        out.extend(
            self.headers
                .iter()
                .map(|h| (h.key.clone(), h.value.clone())),
        );
        if let Some(auth) = &self.auth {
            out.push((auth.key.clone(), auth.value.expose_secret().to_owned()));
        }
        out
    }

    /// The hook as the API shows it, links on `base`.
    pub fn render(&self, base: &BaseUrl) -> Value {
        let me = base.url(&format!("/api/v1/eventHooks/{}", segment(&self.id)));
        let lifecycle = |op: &str| format!("{me}/lifecycle/{op}");
        let link_map = match self.status {
            HookStatus::Active => links([
                ("self", href(me.clone())),
                ("verify", action(lifecycle("verify"), "POST")),
                ("deactivate", action(lifecycle("deactivate"), "POST")),
            ]),
            HookStatus::Inactive => links([
                ("self", href(me.clone())),
                ("activate", action(lifecycle("activate"), "POST")),
                ("delete", action(me.clone(), "DELETE")),
            ]),
        };
        let headers: Vec<Value> = self
            .headers
            .iter()
            .map(|h| json!({"key": h.key, "value": h.value}))
            .collect();
        let mut config = json!({
            "uri": self.uri,
            "headers": headers,
            "method": "POST",
        });
        if let Some(auth) = &self.auth {
            config["authScheme"] = json!({"type": "HEADER", "key": auth.key});
        }
        json!({
            "id": self.id,
            "status": match self.status { HookStatus::Active => "ACTIVE", HookStatus::Inactive => "INACTIVE" },
            "verificationStatus": if self.verified { "VERIFIED" } else { "UNVERIFIED" },
            "name": self.name,
            "description": self.description,
            "created": self.created,
            "createdBy": self.created_by,
            "lastUpdated": self.last_updated,
            "events": {"type": "EVENT_TYPE", "items": self.events, "filter": null},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": config},
            "_links": link_map,
        })
    }
}

/// Why a body was refused: `field: reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidHook {
    /// The field's path.
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

fn invalid(field: &str, reason: &str) -> InvalidHook {
    InvalidHook {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

fn text<'a>(obj: &'a Map<String, Value>, key: &str, field: &str) -> Result<&'a str, InvalidHook> {
    obj.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| invalid(field, "The field cannot be left blank"))
}

impl HookInput {
    /// Parses a create or replace body.
    ///
    /// # Errors
    /// The first invalid field, as Okta names it (`channel.config.uri`, `events.items`, …).
    pub fn parse(body: &Value) -> Result<Self, InvalidHook> {
        let obj = body
            .as_object()
            .ok_or_else(|| invalid("eventHook", "must be a JSON object"))?;
        let name = text(obj, "name", "name")?.to_owned();
        let description = obj
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let events = obj
            .get("events")
            .and_then(Value::as_object)
            .ok_or_else(|| invalid("events", "The field cannot be left blank"))?;
        if let Some(t) = events.get("type").and_then(Value::as_str) {
            if t != "EVENT_TYPE" {
                return Err(invalid("events.type", "must be EVENT_TYPE"));
            }
        }
        let items: Vec<String> = events
            .get("items")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if items.is_empty() {
            return Err(invalid(
                "events.items",
                "at least one event type is required",
            ));
        }
        let channel = obj
            .get("channel")
            .and_then(Value::as_object)
            .ok_or_else(|| invalid("channel", "The field cannot be left blank"))?;
        if let Some(t) = channel.get("type").and_then(Value::as_str) {
            if t != "HTTP" {
                return Err(invalid("channel.type", "must be HTTP"));
            }
        }
        let config = channel
            .get("config")
            .and_then(Value::as_object)
            .ok_or_else(|| invalid("channel.config", "The field cannot be left blank"))?;
        let uri = text(config, "uri", "channel.config.uri")?.to_owned();
        let headers = match config.get("headers") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => list
                .iter()
                .filter(|h| !h.is_null())
                .map(|h| {
                    let key = h.get("key").and_then(Value::as_str);
                    let value = h.get("value").and_then(Value::as_str);
                    match (key, value) {
                        (Some(k), Some(v)) if !k.is_empty() => Ok(CustomHeader {
                            key: k.to_owned(),
                            value: v.to_owned(),
                        }),
                        _ => Err(invalid(
                            "channel.config.headers",
                            "each header needs a key and a value",
                        )),
                    }
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(invalid("channel.config.headers", "must be an array")),
        };
        let auth = match config.get("authScheme") {
            None | Some(Value::Null) => None,
            Some(Value::Object(a)) => {
                if a.get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t != "HEADER")
                {
                    return Err(invalid("channel.config.authScheme.type", "must be HEADER"));
                }
                let key = text(a, "key", "channel.config.authScheme.key")?.to_owned();
                let value = a
                    .get("value")
                    .and_then(Value::as_str)
                    .map(SecretValue::from);
                Some((key, value))
            }
            Some(_) => {
                return Err(invalid("channel.config.authScheme", "must be an object"));
            }
        };
        Ok(Self {
            name,
            description,
            events: items,
            uri,
            headers,
            auth,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> Value {
        json!({
            "name": "Event Hook Test",
            "events": {"type": "EVENT_TYPE", "items": ["group.user_membership.add"]},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": {
                "uri": "http://127.0.0.1:9/userAdded",
                "headers": [{"key": "X-Other-Header", "value": "my-header-value"}],
                "authScheme": {"type": "HEADER", "key": "Authorization", "value": "my-shared-secret"}
            }}
        })
    }

    #[test]
    fn the_spec_example_parses_and_renders_without_its_secret() {
        let input = HookInput::parse(&body()).unwrap();
        let hook = EventHook {
            id: "who1".into(),
            status: HookStatus::Active,
            verified: false,
            name: input.name,
            description: input.description,
            events: input.events,
            uri: input.uri,
            headers: input.headers,
            auth: input.auth.map(|(key, value)| AuthScheme {
                key,
                value: value.unwrap_or_else(|| SecretValue::from("")),
            }),
            created: "2024-01-01T00:00:00.000Z".into(),
            created_by: "00u1".into(),
            last_updated: "2024-01-01T00:00:00.000Z".into(),
            org: "http://127.0.0.1".into(),
        };
        let shown = hook.render(&BaseUrl("http://127.0.0.1:1".into()));
        assert_eq!(shown["verificationStatus"], "UNVERIFIED");
        assert_eq!(
            shown["channel"]["config"]["authScheme"],
            json!({"type": "HEADER", "key": "Authorization"})
        );
        let text = shown.to_string() + &format!("{hook:?}");
        assert!(!text.contains("my-shared-secret"), "{text}");
        assert!(
            shown["_links"]["verify"]["href"]
                .as_str()
                .unwrap()
                .ends_with("/lifecycle/verify")
        );
        assert!(
            hook.call_headers()
                .contains(&("Authorization".into(), "my-shared-secret".into()))
        );
    }

    #[test]
    fn a_body_without_its_required_parts_names_the_field() {
        for (field, edit) in [
            ("name", json!({"name": ""})),
            (
                "events.items",
                json!({"events": {"type": "EVENT_TYPE", "items": []}}),
            ),
            (
                "channel.config.uri",
                json!({"channel": {"type": "HTTP", "config": {}}}),
            ),
        ] {
            let mut b = body();
            for (k, v) in edit.as_object().unwrap() {
                b[k] = v.clone();
            }
            assert_eq!(HookInput::parse(&b).unwrap_err().field, field);
        }
    }
}
