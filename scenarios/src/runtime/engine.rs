//! The engine: dispatches each trigger to the flows that declared it, skips what is already
//! done and what is a flow's own write coming back, runs the flow with retries, and records
//! the run.
//!
//! The order of effects that makes a crash at any point safe is documented on [`Engine`].

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use okta_client::Client;
use okta_client::models::Timestamp;
use serde_json::json;

use super::error::StateError;
use super::event::FlowEvent;
use super::flow::Flow;
use super::history::{CursorAdvance, NewRun, RunRecord, RunStatus};
use super::notify::Notifier;
use super::retry::RetryPolicy;
use super::state::StateStore;
use super::trigger::{Trigger, TriggerSpec};

/// Why the engine stopped (a flow's failure is not one: it is recorded as a failed run).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// The state store failed: the engine cannot know what is done, so it stops.
    #[error("state: {0}")]
    State(#[from] StateError),
    /// No registered flow has the name.
    #[error("no flow named {0:?} is running")]
    UnknownFlow(String),
    /// A dry run was given a state file that `--apply` runs read.
    #[error(
        "a dry run must not record its runs in a state file that --apply runs read: give it StateStore::in_memory()"
    )]
    DryRunOnFile,
    /// No recorded run has the id.
    #[error("no run {0} in the history")]
    NoSuchRun(i64),
    /// The run cannot be run again (its flow is gone, or its trigger was not recorded).
    #[error("run {0} cannot be run again: {1}")]
    NotRerunnable(i64, String),
    /// A test's crash point was reached (see [`Engine::crash_at`]).
    #[error("crashed at {0:?} (test crash point)")]
    Crashed(CrashPoint),
}

/// A place in the order of effects where a test makes the engine stop as a crash would.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CrashPoint {
    /// After the done and echo checks, before the flow runs.
    BeforeRun,
    /// After the flow ran (its Okta writes made), before the run is recorded.
    AfterRun,
    /// After the run, its done record and the cursor were committed.
    AfterRecord,
}

#[derive(Debug)]
struct CrashPlan {
    point: CrashPoint,
    remaining: AtomicUsize,
}

/// A source's position to save once an event is handled: `source` is its key in the
/// `cursors` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCursor {
    /// The source's key (see [`LogSource::key`](super::LogSource::key)).
    pub source: String,
    /// The cursor's text.
    pub cursor: String,
}

/// What the engine did with one event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dispatched {
    /// The runs recorded (own-write skips included), one per flow that was due.
    pub runs: Vec<RunRecord>,
    /// The flows that had already handled this event (a redelivery or a replay).
    pub already_done: Vec<&'static str>,
}

/// The engine. Built with [`Engine::new`] and the builder methods; cheap to share by `&`.
///
/// # The order of effects for one event (crash safety)
///
/// For each flow whose triggers name the event's type, in registration order:
/// 1. **Done?** `done(flow, uuid)` exists: skip (a redelivery by hook, a replay from the log).
/// 2. **Own write?** One transaction consumes an expected echo of the flow's write
///    ([`StateStore::consume_echo`]) and records an `own_write` run with its done record. No
///    flow code runs.
/// 3. **Run**: the flow reads and writes Okta (each write records its expected echo first).
///    Retryable errors run it again by the [`RetryPolicy`].
/// 4. **Record**: one transaction inserts the run, the done record and, for the event's last
///    matching flow, the source's cursor (past this event). Commit.
/// 5. **Error path** (failed runs, applied only): the failure is reported through the notifier,
///    after it is recorded, so it is never lost; a notifier that fails is logged.
///
/// A crash before 4 leaves no trace but Okta writes and expected echoes: the restarted engine
/// reads the event again from the saved cursor and runs the flow again, which converges (it
/// reads first and writes only what differs), so a write made just before the crash is at
/// most repeated once, with the same value. A crash after 4 leaves the event done: it is
/// skipped on restart. Either way each event ends with exactly one recorded run per flow.
/// An event no flow handles moves the cursor on in its own transaction.
///
/// # Dry runs
/// A dry run writes nothing to Okta, tables or notifiers, but the engine still records done
/// records and runs, so it must be given a store that an `--apply` run never reads: the
/// engine refuses a dry run on a file ([`StateStore::is_persistent`]); use
/// [`StateStore::in_memory`].
pub struct Engine {
    pub(super) flows: Vec<Arc<dyn Flow>>,
    pub(super) client: Client,
    pub(super) state: Arc<StateStore>,
    pub(super) notifier: Arc<dyn Notifier>,
    pub(super) apply: bool,
    pub(super) retry: RetryPolicy,
    pub(super) error_recipient: String,
    crash: Option<CrashPlan>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("flows", &self.flow_names())
            .field("apply", &self.apply)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine with no flows yet, in dry run, with the default retry policy.
    pub fn new(client: Client, state: Arc<StateStore>, notifier: Arc<dyn Notifier>) -> Self {
        Self {
            flows: Vec::new(),
            client,
            state,
            notifier,
            apply: false,
            retry: RetryPolicy::default(),
            error_recipient: "okta-flows-admins".to_owned(),
            crash: None,
        }
    }

    /// Adds a flow. Flows run in the order they are added.
    pub fn flow(mut self, flow: Arc<dyn Flow>) -> Self {
        self.flows.push(flow);
        self
    }

    /// Adds flows.
    pub fn flows(mut self, flows: impl IntoIterator<Item = Arc<dyn Flow>>) -> Self {
        self.flows.extend(flows);
        self
    }

    /// Makes the writes (`--apply`); without it, a dry run.
    pub fn apply(mut self, apply: bool) -> Self {
        self.apply = apply;
        self
    }

    /// The retry policy of failed runs.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Who the error path's notifications are for (default `okta-flows-admins`).
    pub fn error_recipient(mut self, recipient: impl Into<String>) -> Self {
        self.error_recipient = recipient.into();
        self
    }

    /// Test support: stop with [`EngineError::Crashed`] the `nth` time (1-based) `point` is
    /// reached, leaving the state as a crash there would.
    #[doc(hidden)]
    pub fn crash_at(mut self, point: CrashPoint, nth: usize) -> Self {
        self.crash = Some(CrashPlan {
            point,
            remaining: AtomicUsize::new(nth),
        });
        self
    }

    /// The state store.
    pub fn state(&self) -> &Arc<StateStore> {
        &self.state
    }

    /// The Okta client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Whether writes are made.
    pub fn applies(&self) -> bool {
        self.apply
    }

    /// The flows' names, in order.
    pub fn flow_names(&self) -> Vec<&'static str> {
        self.flows.iter().map(|f| f.name()).collect()
    }

    /// Every event type some flow declares, sorted, each once: what the sources ask for.
    pub fn event_types(&self) -> Vec<&'static str> {
        let mut types: Vec<&'static str> = self
            .flows
            .iter()
            .flat_map(|f| f.triggers())
            .filter_map(|t| match t {
                TriggerSpec::Event(name) => Some(name),
                TriggerSpec::Every(_) => None,
            })
            .collect();
        types.sort_unstable();
        types.dedup();
        types
    }

    /// Whether some flow runs on a schedule.
    pub fn has_schedules(&self) -> bool {
        self.flows.iter().any(|f| {
            f.triggers()
                .iter()
                .any(|t| matches!(t, TriggerSpec::Every(_)))
        })
    }

    /// Handles one event: see [`Engine`] for the order of effects. `cursor` is
    /// saved with the event's last record (events from hooks have none).
    ///
    /// # Errors
    /// [`EngineError::State`] when the state store fails (the engine must stop), and
    /// [`EngineError::DryRunOnFile`]. A flow's failure is a recorded failed run, not an error.
    pub async fn handle_event(
        &self,
        event: &FlowEvent,
        cursor: Option<&SourceCursor>,
    ) -> Result<Dispatched, EngineError> {
        self.check_mode()?;
        let uuid = event.uuid();
        let event_type = event.event_type();
        let due: Vec<&Arc<dyn Flow>> = self
            .flows
            .iter()
            .filter(|f| {
                f.triggers()
                    .iter()
                    .any(|t| matches!(t, TriggerSpec::Event(name) if *name == event_type))
            })
            .collect();
        let advance: CursorAdvance<'_> = cursor.map(|c| (c.source.as_str(), c.cursor.as_str()));
        let mut out = Dispatched::default();
        let detail = json!({"source": event.source, "event": event.event});
        let trigger = Trigger::Event(Box::new(event.clone()));
        for (index, flow) in due.iter().enumerate() {
            let last = if index + 1 == due.len() {
                advance
            } else {
                None
            };
            if self.state.is_done(flow.name(), uuid)? {
                out.already_done.push(flow.name());
                if let Some((source, text)) = last {
                    self.state.set_cursor(source, text)?;
                }
                continue;
            }
            let skipped = NewRun {
                flow: flow.name(),
                trigger: event_type,
                trigger_key: Some(uuid),
                started: Timestamp::now(),
                applied: self.apply,
                status: RunStatus::OwnWrite,
                attempts: 0,
                outcomes: &[],
                error: None,
                detail: Some(&detail),
            };
            let now = Timestamp::now().unix_millis() / 1000;
            let targets = event.target_ids();
            if let Some(record) = self
                .state
                .commit_own_write(&skipped, event_type, targets, now, last)?
            {
                out.runs.push(record);
                continue;
            }
            let record = self
                .execute(flow.as_ref(), &trigger, uuid, Some(&detail), true, last)
                .await?;
            out.runs.push(record);
        }
        if due.is_empty()
            && let Some((source, text)) = advance
        {
            self.state.set_cursor(source, text)?;
        }
        Ok(out)
    }

    pub(super) fn check_mode(&self) -> Result<(), EngineError> {
        if !self.apply && self.state.is_persistent() {
            return Err(EngineError::DryRunOnFile);
        }
        Ok(())
    }

    pub(super) fn find(&self, name: &str) -> Result<&Arc<dyn Flow>, EngineError> {
        self.flows
            .iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| EngineError::UnknownFlow(name.to_owned()))
    }

    pub(super) fn crash_point(&self, point: CrashPoint) -> Result<(), EngineError> {
        if let Some(plan) = &self.crash
            && plan.point == point
            && plan.remaining.fetch_sub(1, Ordering::SeqCst) == 1
        {
            return Err(EngineError::Crashed(point));
        }
        Ok(())
    }
}
