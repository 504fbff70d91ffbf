//! The body of an event hook delivery: the envelope Okta POSTs to a hook's endpoint, with the
//! System Log events in `data.events[]`.
//!
//! Shape from Okta's event hook documentation (developer.okta.com/docs/concepts/event-hooks/,
//! "Sample event delivery payload" and "Ongoing event delivery"): `eventType`
//! `com.okta.event_hook`, `eventTypeVersion` `1.0`, `cloudEventsVersion` `0.1`, `contentType`
//! `application/json`, `eventId`, `eventTime`, `source` (the hook's URL), and `data.events`, an
//! array because events that happen close together are delivered together.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{LogEvent, Timestamp};

/// The `eventType` of every event hook delivery.
pub const EVENT_HOOK_DELIVERY_TYPE: &str = "com.okta.event_hook";
/// The `eventTypeVersion` Okta sends.
pub const EVENT_HOOK_DELIVERY_VERSION: &str = "1.0";
/// The `cloudEventsVersion` Okta sends.
pub const EVENT_HOOK_CLOUD_EVENTS_VERSION: &str = "0.1";
/// The header of the one-time verification request (a GET), whose value the endpoint echoes
/// as `{"verification": "<value>"}`.
pub const VERIFICATION_CHALLENGE_HEADER: &str = "x-okta-verification-challenge";

/// One delivery of an event hook. Unknown keys are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventHookDelivery {
    /// `com.okta.event_hook`.
    #[serde(default)]
    pub event_type: String,
    /// `1.0`.
    #[serde(default)]
    pub event_type_version: String,
    /// `0.1`.
    #[serde(default)]
    pub cloud_events_version: String,
    /// The URL of the hook that delivers (`https://org/api/v1/eventHooks/who…`).
    #[serde(default)]
    pub source: String,
    /// The id of this delivery (not of an event: see each event's `uuid`).
    #[serde(default)]
    pub event_id: String,
    /// When the delivery was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_time: Option<Timestamp>,
    /// `application/json`.
    #[serde(default)]
    pub content_type: String,
    /// The events.
    pub data: EventHookDeliveryData,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `data` of a delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventHookDeliveryData {
    /// The events, one or more.
    #[serde(default)]
    pub events: Vec<LogEvent>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl EventHookDelivery {
    /// A delivery as Okta makes one: from the hook at `source`, with its id, time and events.
    pub fn new(
        source: impl Into<String>,
        event_id: impl Into<String>,
        event_time: Timestamp,
        events: Vec<LogEvent>,
    ) -> Self {
        Self {
            event_type: EVENT_HOOK_DELIVERY_TYPE.to_owned(),
            event_type_version: EVENT_HOOK_DELIVERY_VERSION.to_owned(),
            cloud_events_version: EVENT_HOOK_CLOUD_EVENTS_VERSION.to_owned(),
            source: source.into(),
            event_id: event_id.into(),
            event_time: Some(event_time),
            content_type: "application/json".to_owned(),
            data: EventHookDeliveryData {
                events,
                extra: Map::new(),
            },
            extra: Map::new(),
        }
    }

    /// True when `eventType` is Okta's `com.okta.event_hook`.
    pub fn is_event_hook(&self) -> bool {
        self.event_type == EVENT_HOOK_DELIVERY_TYPE
    }
}
