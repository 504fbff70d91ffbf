//! A System Log event (`LogEvent`), as `GET /api/v1/logs` lists it and as event hooks deliver
//! it (`data.events[]` of a delivery).
//!
//! Shape from Okta's OpenAPI spec (`LogEvent`, management API 2026.06.3) and the System Log
//! API reference (developer.okta.com/docs/reference/api/system-log/, "LogEvent object":
//! `uuid`, `published`, `eventType`, `version` and `severity` are always present).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Timestamp;
use super::extra::visit_entries;
use super::log_parts::{
    LogActor, LogAuthenticationContext, LogClient, LogDebugContext, LogOutcome, LogSeverity,
    LogTarget, LogTransaction,
};

/// One System Log event. Unknown keys (`device`, `securityContext`'s newer parts, whatever Okta
/// adds) are kept in [`extra`](Self::extra), so an event written back out keeps them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LogEvent {
    /// The event's unique id: the key to recognise an event delivered twice.
    pub uuid: String,
    /// When the event was published.
    pub published: Timestamp,
    /// The event type, e.g. `user.lifecycle.create`, `group.user_membership.add`.
    pub event_type: String,
    /// The version of the event's shape (`"0"`). Okta documents a string; the spec's own
    /// `ListLogs` example has the number `0`, which is read as `"0"`.
    pub version: String,
    /// How severe the event is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<LogSeverity>,
    /// The human-readable message ("Add user to group membership").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_message: Option<String>,
    /// The event type of Okta's older Events API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legacy_event_type: Option<String>,
    /// Who acted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<LogActor>,
    /// The HTTP client the request came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<LogClient>,
    /// The result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<LogOutcome>,
    /// What was acted on (zero or more).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target: Vec<LogTarget>,
    /// The request or job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction: Option<LogTransaction>,
    /// Event-specific debugging data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debug_context: Option<LogDebugContext>,
    /// How the actor authenticated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_context: Option<LogAuthenticationContext>,
    /// IP reputation data (`asNumber`, `isp`, `isProxy`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_context: Option<Map<String, Value>>,
    /// The HTTP request (`ipChain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<Map<String, Value>>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl LogEvent {
    /// The first target of a type (`User`, `UserGroup`, `AppInstance`, `AppUser`, …). Okta's
    /// reference: search targets by type, since their position varies by event type.
    pub fn target(&self, target_type: &str) -> Option<&LogTarget> {
        self.target.iter().find(|t| t.target_type == target_type)
    }

    /// The actor's id, if the event names one.
    pub fn actor_id(&self) -> Option<&str> {
        self.actor
            .as_ref()
            .map(|a| a.id.as_str())
            .filter(|id| !id.is_empty())
    }
}

/// A string that may come as a JSON number (the spec's example writes `version: 0`).
struct LenientString(String);

impl<'de> Deserialize<'de> for LenientString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(s) => Ok(Self(s)),
            Value::Number(n) => Ok(Self(n.to_string())),
            Value::Null => Ok(Self(String::new())),
            other => Err(de::Error::invalid_type(
                de::Unexpected::Other(&other.to_string()),
                &"a string or a number",
            )),
        }
    }
}

// Hand-written (not `deserialize_keeping_extra!`) for the lenient `version`; like the macro,
// it visits each key once and keeps unknown keys without buffering the object.
impl<'de> Deserialize<'de> for LogEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(LogEventVisitor)
    }
}

struct LogEventVisitor;

impl<'de> Visitor<'de> for LogEventVisitor {
    type Value = LogEvent;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a System Log event")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LogEvent, A::Error> {
        let mut uuid = None;
        let mut published = None;
        let mut event_type = None;
        let mut version: Option<LenientString> = None;
        let mut severity = None;
        let mut display_message = None;
        let mut legacy_event_type = None;
        let mut actor = None;
        let mut client = None;
        let mut outcome = None;
        let mut target: Option<Option<Vec<LogTarget>>> = None;
        let mut transaction = None;
        let mut debug_context = None;
        let mut authentication_context = None;
        let mut security_context = None;
        let mut request = None;
        let extra = visit_entries(&mut map, |key, map| {
            match key {
                "uuid" => uuid = Some(map.next_value()?),
                "published" => published = Some(map.next_value()?),
                "eventType" => event_type = Some(map.next_value()?),
                "version" => version = Some(map.next_value()?),
                "severity" => severity = Some(map.next_value()?),
                "displayMessage" => display_message = Some(map.next_value()?),
                "legacyEventType" => legacy_event_type = Some(map.next_value()?),
                "actor" => actor = Some(map.next_value()?),
                "client" => client = Some(map.next_value()?),
                "outcome" => outcome = Some(map.next_value()?),
                "target" => target = Some(map.next_value()?),
                "transaction" => transaction = Some(map.next_value()?),
                "debugContext" => debug_context = Some(map.next_value()?),
                "authenticationContext" => authentication_context = Some(map.next_value()?),
                "securityContext" => security_context = Some(map.next_value()?),
                "request" => request = Some(map.next_value()?),
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(LogEvent {
            uuid: uuid.ok_or_else(|| de::Error::missing_field("uuid"))?,
            published: published.ok_or_else(|| de::Error::missing_field("published"))?,
            event_type: event_type.ok_or_else(|| de::Error::missing_field("eventType"))?,
            version: version.map(|v| v.0).unwrap_or_default(),
            severity: severity.unwrap_or_default(),
            display_message: display_message.unwrap_or_default(),
            legacy_event_type: legacy_event_type.unwrap_or_default(),
            actor: actor.unwrap_or_default(),
            client: client.unwrap_or_default(),
            outcome: outcome.unwrap_or_default(),
            target: target.flatten().unwrap_or_default(),
            transaction: transaction.unwrap_or_default(),
            debug_context: debug_context.unwrap_or_default(),
            authentication_context: authentication_context.unwrap_or_default(),
            security_context: security_context.unwrap_or_default(),
            request: request.unwrap_or_default(),
            extra,
        })
    }
}

#[cfg(test)]
#[path = "log_event_tests.rs"]
mod tests;
