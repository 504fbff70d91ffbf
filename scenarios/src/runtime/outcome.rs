//! What one run did to each target: typed, recorded in the history, printed by the CLI.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One action a flow took (or, in a dry run, would have taken).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Set one attribute of the user's Okta profile.
    SetProfileAttribute {
        /// The attribute's name, e.g. `isMemberOfGroup`.
        name: String,
        /// The value written.
        value: Value,
    },
    /// Add the user to a group.
    AddToGroup {
        /// The group's id.
        group_id: String,
        /// The group's name, for people reading the history.
        group_name: String,
    },
    /// Remove the user from a group.
    RemoveFromGroup {
        /// The group's id.
        group_id: String,
        /// The group's name.
        group_name: String,
    },
    /// Unassign the user from an application.
    UnassignApp {
        /// The application's id.
        app_id: String,
        /// The application's label.
        app_label: String,
    },
    /// Clear the user's sessions.
    ClearSessions,
    /// Send a notification.
    Notify {
        /// Who it is for (an email address, a user id, a channel: the notifier decides).
        recipient: String,
        /// Its subject line.
        subject: String,
    },
    /// Write a row to one of the flow's tables (an audit row, a reminder record, …).
    RecordRow {
        /// The table.
        table: String,
        /// The row's key.
        key: String,
    },
}

/// How one target ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", content = "detail", rename_all = "snake_case")]
pub enum TargetStatus {
    /// The actions were applied.
    Done,
    /// A dry run: the actions would have been applied.
    WouldDo,
    /// Already as it should be: no action needed.
    NoChange,
    /// Deliberately not acted on, with the reason (not in scope, suspended, …).
    Skipped(String),
    /// Failed, with the error; the run goes to the flow's error path.
    Failed(String),
}

/// What a run did to one target (a user, usually).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetOutcome {
    /// The target's id (a user id for user flows).
    pub target: String,
    /// A readable name for it (a login), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// How it ended.
    #[serde(flatten)]
    pub status: TargetStatus,
    /// The actions taken (or that a dry run would take), in order.
    #[serde(default)]
    pub actions: Vec<Action>,
}

impl TargetOutcome {
    /// A target with nothing to do.
    pub fn no_change(target: impl Into<String>) -> Self {
        Self::new(target, TargetStatus::NoChange)
    }

    /// A target deliberately left alone, with why.
    pub fn skipped(target: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::new(target, TargetStatus::Skipped(reason.into()))
    }

    /// A target with a status and no actions yet.
    pub fn new(target: impl Into<String>, status: TargetStatus) -> Self {
        Self {
            target: target.into(),
            display: None,
            status,
            actions: Vec::new(),
        }
    }

    /// Names the target for people (a login).
    pub fn display(mut self, display: impl Into<String>) -> Self {
        self.display = Some(display.into());
        self
    }

    /// Whether this target ended in failure.
    pub fn failed(&self) -> bool {
        matches!(self.status, TargetStatus::Failed(_))
    }
}
