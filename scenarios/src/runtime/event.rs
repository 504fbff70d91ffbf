//! The one shape every trigger event takes, whether it came from polling the System Log or
//! from an event hook delivery.

use okta_client::models::{LogEvent, LogTarget, Timestamp};
use okta_client::receiver::HookEvent;
use serde::{Deserialize, Serialize};

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventSource {
    /// Read from `GET /api/v1/logs` by a resumable poll.
    SystemLog,
    /// Delivered to the event hook receiver.
    EventHook,
}

/// A System Log event as a flow sees it. Okta's `uuid` identifies it across both sources, so
/// an event delivered by a hook and read again from the log is recognized as the same one.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowEvent {
    /// How the runtime received it.
    pub source: EventSource,
    /// The event itself, as Okta sent it.
    pub event: LogEvent,
}

impl FlowEvent {
    /// An event read from the System Log.
    pub fn from_log(event: LogEvent) -> Self {
        Self {
            source: EventSource::SystemLog,
            event,
        }
    }

    /// An event from an event hook delivery.
    pub fn from_hook(delivered: HookEvent) -> Self {
        Self {
            source: EventSource::EventHook,
            event: delivered.event,
        }
    }

    /// Okta's id of the event (`uuid`), the key of "already done" records.
    pub fn uuid(&self) -> &str {
        &self.event.uuid
    }

    /// The event type, e.g. `group.user_membership.add`.
    pub fn event_type(&self) -> &str {
        &self.event.event_type
    }

    /// When Okta stored it.
    pub fn published(&self) -> Timestamp {
        self.event.published
    }

    /// The first target of a type (`User`, `UserGroup`, `AppInstance`, `AppUser`).
    pub fn target(&self, target_type: &str) -> Option<&LogTarget> {
        self.event.target(target_type)
    }

    /// The id of the user the event is about (its `User` target), if any.
    pub fn user_id(&self) -> Option<&str> {
        self.target("User").map(|t| t.id.as_str())
    }

    /// The id of the group the event is about (its `UserGroup` target), if any.
    pub fn group_id(&self) -> Option<&str> {
        self.target("UserGroup").map(|t| t.id.as_str())
    }

    /// The id of the application the event is about (its `AppInstance` target), if any.
    pub fn app_id(&self) -> Option<&str> {
        self.target("AppInstance").map(|t| t.id.as_str())
    }

    /// The ids of every target, in the event's order: what the loop guard matches a flow's
    /// own writes against.
    pub fn target_ids(&self) -> impl Iterator<Item = &str> {
        self.event.target.iter().map(|t| t.id.as_str())
    }
}
