//! What the flow tests share: a mock started from a flow's scenario file, the System Log read
//! through okta-client, and a dispatcher doing for one event what the runtime does (drop the
//! flow's own echoes, then run the flow in a context over an in-memory state store).

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use okta_client::Client;
use okta_mock::MockServer;
use okta_mock::scenario::Scenario;
use okta_scenarios::runtime::{
    Action, Flow, FlowContext, FlowError, FlowEvent, Notification, Notifier, NotifyFuture,
    StateStore, TargetOutcome, Trigger, TriggerSpec,
};

use super::support;

/// The scenario file `cases/flows/<name>.json`.
pub fn flow_scenario(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("cases/flows")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    Scenario::from_json_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// The notifier test double: keeps every notification sent.
#[derive(Debug, Default)]
pub struct Collected(Mutex<Vec<Notification>>);

impl Collected {
    /// What was sent so far.
    pub fn sent(&self) -> Vec<Notification> {
        self.0.lock().unwrap().clone()
    }
}

impl Notifier for Collected {
    fn send<'a>(&'a self, n: &'a Notification) -> NotifyFuture<'a> {
        self.0.lock().unwrap().push(n.clone());
        Box::pin(async { Ok(()) })
    }
}

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
        let server = support::start(flow_scenario(name)).await;
        let client = support::client(&server);
        let mut harness = Self {
            server,
            client,
            state: Arc::new(StateStore::in_memory().unwrap()),
            notes: Arc::new(Collected::default()),
            seen: HashSet::new(),
        };
        harness.new_events().await;
        harness
    }

    /// A context for one run of `flow`.
    pub fn ctx(&self, flow: &'static str, apply: bool, key: &str) -> FlowContext {
        FlowContext::new(
            flow,
            self.client.clone(),
            apply,
            key,
            self.state.clone(),
            self.notes.clone(),
        )
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
        support::writes(&self.server).len()
    }

    /// What the runtime does with one event for one flow: `None` when the flow does not
    /// subscribe to it or it is the flow's own write coming back (the loop guard drops it),
    /// else the flow's run.
    pub async fn dispatch(
        &self,
        flow: &dyn Flow,
        event: &FlowEvent,
        apply: bool,
    ) -> Option<Result<Vec<TargetOutcome>, FlowError>> {
        let subscribed = flow
            .triggers()
            .iter()
            .any(|t| matches!(t, TriggerSpec::Event(ty) if *ty == event.event_type()));
        if !subscribed {
            return None;
        }
        let now = okta_client::models::Timestamp::now().unix_millis() / 1000;
        let echo = self
            .state
            .consume_echo(flow.name(), event.event_type(), event.target_ids(), now)
            .unwrap();
        if echo {
            return None;
        }
        let ctx = self.ctx(flow.name(), apply, event.uuid());
        let trigger = Trigger::Event(Box::new(event.clone()));
        Some(flow.run(&ctx, &trigger).await)
    }

    /// Runs a flow on an event directly (no echo check): what a test of one flow needs.
    pub async fn run(
        &self,
        flow: &dyn Flow,
        event: &FlowEvent,
        apply: bool,
    ) -> Result<Vec<TargetOutcome>, FlowError> {
        let ctx = self.ctx(flow.name(), apply, event.uuid());
        flow.run(&ctx, &Trigger::Event(Box::new(event.clone())))
            .await
    }
}

/// The names of the groups a user belongs to, sorted.
pub async fn group_names(client: &Client, user: &str) -> Vec<String> {
    let groups = client.users().groups(user).collect_all().await.unwrap();
    let mut names: Vec<String> = groups.into_iter().map(|g| g.profile.name).collect();
    names.sort();
    names
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
