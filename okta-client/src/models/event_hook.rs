//! Event hooks (`/api/v1/eventHooks`): the registration of an HTTP endpoint that Okta calls
//! with the System Log events of the types it subscribes to.
//!
//! Shapes from Okta's OpenAPI spec (`EventHook`, `EventHookChannel`, `EventHookChannelConfig`,
//! `EventHookChannelConfigAuthScheme`, `EventSubscriptions`, management API 2026.06.3) and the
//! official Python SDK's recorded responses (okta/okta-sdk-python,
//! tests/integration/cassettes/TestEventHooksResource.*.yaml).

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::okta_enum::okta_enum;
use super::{SecretValue, Timestamp};

/// The id of an event hook (`who…`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventHookId(String);

impl EventHookId {
    /// Wraps an id as received from Okta. Ids are opaque: no format is checked.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for EventHookId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for EventHookId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EventHookId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for EventHookId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventHookId({:?})", self.0)
    }
}

impl From<String> for EventHookId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl From<&str> for EventHookId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

impl From<&EventHookId> for EventHookId {
    fn from(id: &EventHookId) -> Self {
        id.clone()
    }
}

impl PartialEq<&str> for EventHookId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

okta_enum! {
    /// Whether an event hook delivers (`status`).
    pub enum EventHookStatus {
        /// Delivers events (once verified).
        Active = "ACTIVE",
        /// Delivers nothing; the only status in which Okta lets a hook be deleted.
        Inactive = "INACTIVE",
    }
}

okta_enum! {
    /// Whether the endpoint answered Okta's verification challenge (`verificationStatus`).
    pub enum EventHookVerificationStatus {
        /// Not verified: receives no events.
        Unverified = "UNVERIFIED",
        /// Verified.
        Verified = "VERIFIED",
    }
}

okta_enum! {
    /// What a hook subscribes to (`events.type`); Okta supports only `EVENT_TYPE`.
    pub enum EventSubscriptionType {
        /// A list of System Log event types.
        EventType = "EVENT_TYPE",
    }
}

okta_enum! {
    /// How Okta calls the endpoint (`channel.type`); Okta supports only `HTTP`.
    pub enum EventHookChannelType {
        /// An HTTPS POST per delivery.
        Http = "HTTP",
    }
}

okta_enum! {
    /// How the endpoint authenticates Okta (`channel.config.authScheme.type`); only `HEADER`.
    pub enum EventHookAuthSchemeType {
        /// A header with a shared secret.
        Header = "HEADER",
    }
}

/// An event hook as Okta returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventHook {
    /// The hook's id.
    pub id: EventHookId,
    /// Its name.
    pub name: String,
    /// Its description (`null` when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `ACTIVE` or `INACTIVE`.
    pub status: EventHookStatus,
    /// Whether the endpoint proved it is the hook's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_status: Option<EventHookVerificationStatus>,
    /// The event types delivered.
    pub events: EventSubscriptions,
    /// Where and how they are delivered.
    pub channel: EventHookChannel,
    /// When the hook was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// The id of the user who created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// HAL links (`self`, `verify`, `activate`/`deactivate`, `delete`).
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Map<String, Value>>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The events a hook subscribes to (`events`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventSubscriptions {
    /// Always `EVENT_TYPE`.
    #[serde(rename = "type")]
    pub subscription_type: EventSubscriptionType,
    /// The System Log event types, e.g. `user.lifecycle.create`.
    #[serde(default)]
    pub items: Vec<String>,
    /// An Expression Language filter per event type (an Early Access feature), kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Value>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where a hook delivers (`channel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventHookChannel {
    /// Always `HTTP`.
    #[serde(rename = "type")]
    pub channel_type: EventHookChannelType,
    /// The channel version; Okta supports only `1.0.0`.
    pub version: String,
    /// The endpoint and its headers.
    pub config: EventHookChannelConfig,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The endpoint of a hook (`channel.config`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventHookChannelConfig {
    /// The URL Okta calls.
    pub uri: String,
    /// Extra headers sent with every call (left out of a body when there are none, as in the
    /// spec's own `CreateAnEventHookWithFilter` example).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<EventHookHeader>,
    /// The method of deliveries (`POST`), as Okta reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The authentication header; Okta never returns its value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_scheme: Option<EventHookAuthScheme>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A custom header Okta sends with every call (`channel.config.headers[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventHookHeader {
    /// The header name.
    pub key: String,
    /// The header value.
    pub value: String,
}

impl EventHookHeader {
    /// A header.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// The header that authenticates Okta to the endpoint (`channel.config.authScheme`). The value
/// is a secret: Okta accepts it and never returns it, and `Debug` prints `"***"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventHookAuthScheme {
    /// Always `HEADER`.
    #[serde(rename = "type")]
    pub scheme_type: EventHookAuthSchemeType,
    /// The header name, usually `Authorization`.
    pub key: String,
    /// The header value (write-only: absent from Okta's answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<SecretValue>,
}

impl EventHookAuthScheme {
    /// A `HEADER` scheme: Okta sends `key: value` with every call.
    pub fn header(key: impl Into<String>, value: impl Into<SecretValue>) -> Self {
        Self {
            scheme_type: EventHookAuthSchemeType::Header,
            key: key.into(),
            value: Some(value.into()),
        }
    }
}

#[cfg(test)]
#[path = "event_hook_tests.rs"]
mod tests;
