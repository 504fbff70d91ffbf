//! The runtime's engine handling one event for one flow (it drops the flow's own echoes, runs
//! the flow and records the run) over an in-memory state store, fed with the System Log
//! events that are new since the last look.

use std::collections::HashSet;
use std::sync::Arc;

use okta_client::Client;
use okta_client::models::User;
use okta_mock::MockServer;
use okta_scenarios::runtime::{
    Action, Engine, Flow, FlowContext, FlowError, FlowEvent, RunStatus, StateStore, TargetOutcome,
    Trigger,
};

use super::notify::Collected;
use super::org::{flow_mock, writes};
use super::state::{context, state};

/// One mock org from a flow's scenario, its client, a state store and a notifier.
pub struct Harness {
    pub server: MockServer,
    pub client: Client,
    pub state: Arc<StateStore>,
    pub notes: Arc<Collected>,
    seen: HashSet<String>,
}

impl Harness {
    /// A fresh mock (port 0) loaded from `cases/flows/<name>.json`; the events of loading it
    /// (none are logged for a scenario) count as seen.
    pub async fn start(name: &str) -> Self {
        let (server, client) = flow_mock(name).await;
        let mut harness = Self {
            server,
            client,
            state: state(),
            notes: Collected::new(),
            seen: HashSet::new(),
        };
        harness.new_events().await;
        harness
    }

    /// The user signed in as `login`, read through the client.
    pub async fn user(&self, login: &str) -> User {
        self.client.users().get_by_login(login).await.unwrap()
    }

    /// A context for one run of `flow`.
    pub fn ctx(&self, flow: &'static str, apply: bool, key: &str) -> FlowContext {
        context(flow, &self.client, apply, key, &self.state, &self.notes)
    }

    /// The System Log events not handed out before, in the log's order.
    pub async fn new_events(&mut self) -> Vec<FlowEvent> {
        let events = self.client.logs().list().collect_all().await.unwrap();
        events
            .into_iter()
            .filter(|e| self.seen.insert(e.uuid.clone()))
            .map(FlowEvent::from_log)
            .collect()
    }

    /// The one new event of `event_type` about `user` (other new events are dropped).
    pub async fn event(&mut self, event_type: &str, user: &str) -> FlowEvent {
        let mut found: Vec<FlowEvent> = self
            .new_events()
            .await
            .into_iter()
            .filter(|e| e.event_type() == event_type && e.user_id() == Some(user))
            .collect();
        assert_eq!(found.len(), 1, "one {event_type} event about {user}");
        found.remove(0)
    }

    /// Requests that changed the org so far.
    pub fn writes(&self) -> usize {
        writes(&self.server).len()
    }

    /// The engine handles one event for one flow: `None` when the flow does not subscribe
    /// to it, already handled it, or it is the flow's own write coming back (the loop guard
    /// drops it), else the
    /// recorded run's outcomes, or its error. An applying engine shares the harness's state
    /// store; a dry run gets a store of its own, as the engine requires (a dry run's "done"
    /// records must never hide an event from an applying run).
    pub async fn dispatch(
        &self,
        flow: &Arc<dyn Flow>,
        event: &FlowEvent,
        apply: bool,
    ) -> Option<Result<Vec<TargetOutcome>, String>> {
        let state = if apply { self.state.clone() } else { state() };
        let engine = Engine::new(self.client.clone(), state, self.notes.clone())
            .flow(flow.clone())
            .apply(apply);
        let dispatched = engine.handle_event(event, None).await.unwrap();
        let run = dispatched.runs.into_iter().next()?;
        match (run.status, run.error) {
            (RunStatus::OwnWrite, _) => None,
            (_, Some(error)) => Some(Err(error)),
            (_, None) => Some(Ok(run.outcomes)),
        }
    }

    /// Runs a flow on an event directly, outside the engine (no echo check, no "done"
    /// record): a redelivery that the engine would skip, to show the flow converges, and
    /// the flow's typed errors.
    pub async fn run(
        &self,
        flow: &Arc<dyn Flow>,
        event: &FlowEvent,
        apply: bool,
    ) -> Result<Vec<TargetOutcome>, FlowError> {
        let ctx = self.ctx(flow.name(), apply, event.uuid());
        flow.run(&ctx, &Trigger::Event(Box::new(event.clone())))
            .await
    }
}

/// A flow as the engine holds it.
pub fn shared(flow: impl Flow + 'static) -> Arc<dyn Flow> {
    Arc::new(flow)
}

/// The Okta writes among outcomes' actions (memberships and profile attributes).
pub fn okta_writes(outcomes: &[TargetOutcome]) -> usize {
    outcomes
        .iter()
        .flat_map(|o| &o.actions)
        .filter(|a| {
            matches!(
                a,
                Action::AddToGroup { .. }
                    | Action::RemoveFromGroup { .. }
                    | Action::SetProfileAttribute { .. }
            )
        })
        .count()
}
