//! What a flow gets for one run: the client, the mode, its tables, the loop guard and the
//! notifier.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use okta_client::Client;
use okta_client::models::Timestamp;
use serde_json::Value;

use super::error::{FlowError, StateError};
use super::notify::{Notification, Notifier};
use super::outcome::Action;
use super::state::StateStore;

/// How long an expected echo of the flow's own write is kept (Okta logs the event within
/// seconds; a long window only matters if the runtime is stopped in between).
pub const DEFAULT_ECHO_TTL: Duration = Duration::from_secs(3600);

/// The context of one run of one flow.
#[derive(Clone)]
pub struct FlowContext {
    flow: &'static str,
    client: Client,
    apply: bool,
    trigger_key: String,
    state: Arc<StateStore>,
    notifier: Arc<dyn Notifier>,
    echo_ttl: Duration,
}

impl std::fmt::Debug for FlowContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlowContext")
            .field("flow", &self.flow)
            .field("apply", &self.apply)
            .field("trigger_key", &self.trigger_key)
            .finish_non_exhaustive()
    }
}

impl FlowContext {
    /// The context of a run of `flow` for the trigger identified by `trigger_key` (an event's
    /// uuid, a schedule slot, a manual run's id). Built by the runtime; tests build it to run
    /// one flow directly.
    pub fn new(
        flow: &'static str,
        client: Client,
        apply: bool,
        trigger_key: impl Into<String>,
        state: Arc<StateStore>,
        notifier: Arc<dyn Notifier>,
    ) -> Self {
        Self {
            flow,
            client,
            apply,
            trigger_key: trigger_key.into(),
            state,
            notifier,
            echo_ttl: DEFAULT_ECHO_TTL,
        }
    }

    /// The flow's name.
    pub fn flow(&self) -> &'static str {
        self.flow
    }

    /// The Okta client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// `true` when writes are made (`--apply`); `false` in a dry run, where a flow reads,
    /// decides and reports what it would do, and writes nothing to Okta, its tables or
    /// notifiers.
    pub fn applies(&self) -> bool {
        self.apply
    }

    /// The key of this run's trigger.
    pub fn trigger_key(&self) -> &str {
        &self.trigger_key
    }

    /// One of the flow's own tables (Okta Workflows' Tables): rows of JSON by key, durable.
    pub fn table(&self, name: &str) -> FlowTable<'_> {
        FlowTable {
            ctx: self,
            name: name.to_owned(),
        }
    }

    /// Makes one write to Okta under the loop guard: the event of `echo_event_type` that the
    /// write will cause on `target_id` is recorded first, so when it comes back this flow
    /// does not act on it; if the write fails, the record is withdrawn. Dry runs must not
    /// call this (they write nothing).
    ///
    /// # Errors
    /// The write's error, or the state store's.
    pub async fn guarded_write<T, F>(
        &self,
        echo_event_type: &str,
        target_id: &str,
        write: F,
    ) -> Result<T, FlowError>
    where
        F: Future<Output = Result<T, okta_client::Error>>,
    {
        let expires = Timestamp::now().unix_millis() / 1000 + self.echo_ttl.as_secs() as i64;
        self.state
            .expect_echo(self.flow, echo_event_type, target_id, expires)?;
        match write.await {
            Ok(value) => Ok(value),
            Err(error) => {
                self.state
                    .forget_echo(self.flow, echo_event_type, target_id)?;
                Err(error.into())
            }
        }
    }

    /// Notifies `recipient`, or in a dry run only reports it. Returns the action to record.
    ///
    /// # Errors
    /// [`FlowError::Notify`] when the notifier failed.
    pub async fn notify(
        &self,
        recipient: &str,
        subject: impl Into<String>,
        body: impl Into<String>,
    ) -> Result<Action, FlowError> {
        let notification = Notification {
            id: format!("{}:{}:{}", self.flow, self.trigger_key, recipient),
            flow: self.flow.to_owned(),
            recipient: recipient.to_owned(),
            subject: subject.into(),
            body: body.into(),
        };
        if self.apply {
            self.notifier.send(&notification).await?;
        }
        Ok(Action::Notify {
            recipient: notification.recipient,
            subject: notification.subject,
        })
    }
}

/// One of a flow's tables. Writes are refused in a dry run, so a dry run leaves no trace.
#[derive(Debug)]
pub struct FlowTable<'a> {
    ctx: &'a FlowContext,
    name: String,
}

impl FlowTable<'_> {
    /// The row at `key`.
    ///
    /// # Errors
    /// When the state store cannot be read.
    pub fn get(&self, key: &str) -> Result<Option<Value>, StateError> {
        self.ctx.state.row(self.ctx.flow, &self.name, key)
    }

    /// Writes the row at `key` (a no-op in a dry run) and returns the action to record.
    ///
    /// # Errors
    /// When the state store cannot be written.
    pub fn put(&self, key: &str, value: &Value) -> Result<Action, StateError> {
        if self.ctx.apply {
            self.ctx
                .state
                .put_row(self.ctx.flow, &self.name, key, value)?;
        }
        Ok(Action::RecordRow {
            table: self.name.clone(),
            key: key.to_owned(),
        })
    }

    /// Deletes the row at `key` (a no-op in a dry run).
    ///
    /// # Errors
    /// When the state store cannot be written.
    pub fn delete(&self, key: &str) -> Result<(), StateError> {
        if self.ctx.apply {
            self.ctx.state.delete_row(self.ctx.flow, &self.name, key)?;
        }
        Ok(())
    }

    /// Every row, by key.
    ///
    /// # Errors
    /// When the state store cannot be read.
    pub fn rows(&self) -> Result<Vec<(String, Value)>, StateError> {
        self.ctx.state.rows(self.ctx.flow, &self.name)
    }
}
