//! Properties of the flow runtime, on the real mock with the group flag flow:
//! (b) an event delivered again (by hook and from the log, or twice) acts at most once;
//! (c) after a crash at any point of the engine's order of effects and a restart on the same
//! state file, every event is handled exactly once, and the flags end as the memberships are.

use std::sync::Arc;

use okta_client::Client;
use okta_client::models::LogEvent;
use okta_scenarios::flows::group_flag::{self, Config};
use okta_scenarios::runtime::{
    CrashPoint, Engine, EngineError, EventSource, Flow, FlowEvent, RunQuery, log_filter,
};
use proptest::prelude::*;
use serde_json::Value;

use crate::flow_support::{Collected, StateFile, before_now, engine, flow_mock, state, try_drive};

const USERS: [&str; 3] = ["bob@example.com", "cyd@example.com", "eve@example.com"];
const GROUPS: [&str; 2] = ["Contractors", "Employees"];

/// One membership change: (user, group, add or remove).
type Op = (usize, usize, bool);

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec((0..USERS.len(), 0..GROUPS.len(), any::<bool>()), 1..6)
}

fn the_flow() -> Vec<Arc<dyn Flow>> {
    vec![Arc::new(group_flag::flow(Config::default()))]
}

async fn group_ids(client: &Client) -> Vec<String> {
    let groups = client.groups().list().collect_all().await.unwrap();
    GROUPS
        .iter()
        .map(|name| {
            let group = groups.iter().find(|g| g.profile.name == *name).unwrap();
            group.id.as_str().to_owned()
        })
        .collect()
}

/// Makes the changes through the client and returns the events they logged that the flow
/// listens to, in the log's order. First, the scenario's stale and missing flags are set right
/// by a manual run (its own engine and memory), so that every flag follows the membership
/// before the events.
async fn make_changes(client: &Client, ops: &[Op]) -> Vec<LogEvent> {
    let state = state();
    Engine::new(client.clone(), state, Collected::new())
        .flows(the_flow())
        .apply(true)
        .run_manual(group_flag::NAME, okta_scenarios::runtime::Selection::All)
        .await
        .unwrap();
    let since = before_now();
    let groups = group_ids(client).await;
    for &(user, group, add) in ops {
        let user = client.users().get_by_login(USERS[user]).await.unwrap().id;
        let group = groups[group].as_str();
        if add {
            client.groups().add_member(group, user).await.unwrap();
        } else {
            client.groups().remove_member(group, user).await.unwrap();
        }
    }
    let filter = log_filter(&[group_flag::ADDED, group_flag::REMOVED]);
    client
        .logs()
        .list()
        .since(since)
        .filter(filter)
        .collect_all()
        .await
        .unwrap()
}

/// Every user's flag is what their Contractors membership says (absent counts as false).
async fn assert_flags_follow_membership(client: &Client) -> Result<(), TestCaseError> {
    let contractors = group_ids(client).await.remove(0);
    let members = client
        .groups()
        .members(contractors.as_str())
        .collect_all()
        .await
        .unwrap();
    for user in client.users().list().collect_all().await.unwrap() {
        let member = members.iter().any(|m| m.id == user.id);
        let flag = user.profile.get("isMemberOfGroup") == Some(Value::Bool(true));
        prop_assert_eq!(flag, member, "{:?}", user.profile.login);
    }
    Ok(())
}

/// Profile writes the mock received (`POST /api/v1/users/{id}`).
fn profile_writes(server: &okta_mock::MockServer) -> usize {
    server
        .journal()
        .iter()
        .filter(|e| e.method == "POST" && e.path.starts_with("/api/v1/users/"))
        .count()
}

async fn redelivered_events_act_once(
    ops: Vec<Op>,
    copies: Vec<(usize, bool)>,
) -> Result<(), TestCaseError> {
    let (server, client) = flow_mock("group_flag").await;
    let file = StateFile::new("prop-redelivery");
    let engine = engine(&client, file.open(), Arc::default(), the_flow());
    let events = make_changes(&client, &ops).await;
    let writes_before = profile_writes(&server);
    // Each event once in order, then the extra deliveries the strategy chose, by hook or log.
    let mut deliveries: Vec<FlowEvent> = events.iter().cloned().map(FlowEvent::from_log).collect();
    for &(index, by_hook) in &copies {
        if events.is_empty() {
            break;
        }
        let event = events[index % events.len()].clone();
        let source = if by_hook {
            EventSource::EventHook
        } else {
            EventSource::SystemLog
        };
        deliveries.push(FlowEvent { source, event });
    }
    for delivery in &deliveries {
        engine.handle_event(delivery, None).await.unwrap();
    }
    for event in &events {
        prop_assert_eq!(
            engine
                .state()
                .run_count(group_flag::NAME, &event.uuid)
                .unwrap(),
            1
        );
    }
    prop_assert!(profile_writes(&server) - writes_before <= events.len());
    assert_flags_follow_membership(&client).await
}

async fn a_crash_and_restart_handle_each_event_once(
    ops: Vec<Op>,
    point: CrashPoint,
    nth: usize,
) -> Result<(), TestCaseError> {
    let (_server, client) = flow_mock("group_flag").await;
    let file = StateFile::new("prop-crash");
    let since = before_now();
    let events = make_changes(&client, &ops).await;
    let total = events.len() as u64;
    let notes = Collected::new();

    let first = engine(&client, file.open(), notes.clone(), the_flow()).crash_at(point, nth);
    let crashed = try_drive(&first, since, None, total).await;
    prop_assert!(
        matches!(crashed, Ok(_) | Err(EngineError::Crashed(_))),
        "{:?}",
        crashed
    );
    drop(first);

    // Restart: a new engine on the same file resumes from the saved cursor.
    let second = engine(&client, file.open(), notes.clone(), the_flow());
    let done = second
        .state()
        .runs(&RunQuery {
            limit: 1000,
            ..RunQuery::default()
        })
        .unwrap();
    let remaining = total - done.len() as u64;
    if remaining > 0 {
        let summary = try_drive(&second, since, None, remaining).await.unwrap();
        prop_assert_eq!(
            summary.events,
            remaining,
            "no event is read twice after the restart"
        );
    }
    for event in &events {
        prop_assert_eq!(
            second
                .state()
                .run_count(group_flag::NAME, &event.uuid)
                .unwrap(),
            1,
            "event {} {}",
            event.event_type,
            event.uuid
        );
    }
    prop_assert!(notes.sent().is_empty(), "no run failed");
    assert_flags_follow_membership(&client).await
}

fn crash_point() -> impl Strategy<Value = CrashPoint> {
    prop::sample::select(vec![
        CrashPoint::BeforeRun,
        CrashPoint::AfterRun,
        CrashPoint::AfterRecord,
    ])
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_redelivered_or_replayed_event_acts_at_most_once(
        ops in ops(),
        copies in prop::collection::vec((0usize..8, any::<bool>()), 0..8),
    ) {
        block_on(redelivered_events_act_once(ops, copies))?;
    }

    #[test]
    fn after_a_crash_at_any_point_and_a_restart_each_event_is_handled_once(
        ops in ops(),
        point in crash_point(),
        nth in 1usize..6,
    ) {
        block_on(a_crash_and_restart_handle_each_event_once(ops, point, nth))?;
    }
}
