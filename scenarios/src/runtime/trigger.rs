//! What starts a flow: an event type, a schedule, or a manual run over a selection.

use std::time::Duration;

use okta_client::models::Timestamp;
use serde::{Deserialize, Serialize};

use super::event::FlowEvent;

/// One kind of trigger a flow declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriggerSpec {
    /// A System Log event type, e.g. `user.lifecycle.deactivate` (Okta's event type catalog:
    /// <https://developer.okta.com/docs/reference/api/event-types/>).
    Event(&'static str),
    /// A schedule: the flow runs once per period (the first run when the runtime starts, if
    /// the last recorded one is older than a period).
    Every(Duration),
}

/// The trigger of one run.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// An event of a declared type.
    Event(Box<FlowEvent>),
    /// A scheduled run, due at `at`.
    Scheduled {
        /// When the run was due.
        at: Timestamp,
    },
    /// A run by hand over a selection of users.
    Manual(Selection),
}

impl Trigger {
    /// The event, for event-triggered runs.
    pub fn event(&self) -> Option<&FlowEvent> {
        match self {
            Trigger::Event(event) => Some(event),
            _ => None,
        }
    }

    /// A short label for history and output: the event type, `schedule` or `manual`.
    pub fn label(&self) -> &str {
        match self {
            Trigger::Event(event) => event.event_type(),
            Trigger::Scheduled { .. } => "schedule",
            Trigger::Manual(_) => "manual",
        }
    }
}

/// The users a manual run covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    /// Users by login or id.
    Users(Vec<String>),
    /// Every member of a group (by id).
    GroupMembers(String),
    /// Every user the flow would consider on its schedule (for scheduled flows) or every user
    /// of the org (for event flows).
    All,
}
