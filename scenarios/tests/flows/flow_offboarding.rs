//! The offboarding flow end to end: a user deactivated through okta-client, the real
//! `user.lifecycle.deactivate` event read back from the mock's System Log, and the flow run on
//! it (dry run, apply, again by event and by hand, and after failures part way).

use std::sync::{Arc, Mutex};

use okta_client::Client;
use okta_client::api::DeactivateUser;
use okta_client::models::User;
use okta_mock::{Fault, MockServer, Route};
use okta_scenarios::flows::offboarding::{self, AUDIT_TABLE, Config, NAME};
use okta_scenarios::runtime::{
    Action, Engine, Flow, FlowError, FlowEvent, Notification, RunStatus, Selection, StateStore,
    TargetStatus, Trigger, WebhookNotifier,
};
use serde_json::Value;

use crate::flow_support::{Collected, context, flow_mock, logged_event, state, writes};

/// The mock with the offboarding scenario, its client, and ada deactivated: the event read
/// back from the System Log.
async fn ada_deactivated() -> (MockServer, Client, User, FlowEvent) {
    let (server, client) = flow_mock("offboarding").await;
    let ada = client
        .users()
        .get_by_login("ada@example.com")
        .await
        .unwrap();
    client
        .users()
        .deactivate(&ada.id, DeactivateUser::new())
        .await
        .unwrap();
    let event = logged_event(&client, offboarding::TRIGGER, ada.id.as_str()).await;
    (server, client, ada, event)
}

async fn group_names(client: &Client, user: &User) -> Vec<String> {
    let groups = client.users().groups(&user.id).collect_all().await.unwrap();
    groups.into_iter().map(|g| g.profile.name).collect()
}

fn audit_row(state: &StateStore, user: &User, event: &FlowEvent) -> Value {
    let key = format!("{}:{}", user.id, event.uuid());
    state
        .row(NAME, AUDIT_TABLE, &key)
        .unwrap()
        .expect("an audit row")
}

#[tokio::test]
async fn a_deactivated_user_is_offboarded_once_and_later_runs_write_and_notify_nothing() {
    let (server, client, ada, event) = ada_deactivated().await;
    let flow = offboarding::flow(Config::default());
    let (state, notes) = (state(), Collected::new());
    let trigger = Trigger::Event(Box::new(event.clone()));

    // Dry run: the plan, and nothing written anywhere.
    server.clear_journal();
    let ctx = context(NAME, &client, false, event.uuid(), &state, &notes);
    let outcomes = flow.run(&ctx, &trigger).await.unwrap();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].status, TargetStatus::WouldDo);
    let removed: Vec<&str> = outcomes[0]
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::RemoveFromGroup { group_name, .. } => Some(group_name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(removed, ["Engineering", "GitHub Users"]);
    assert_eq!(outcomes[0].actions[0], Action::ClearSessions);
    assert!(writes(&server).is_empty(), "{:?}", writes(&server));
    assert!(notes.sent().is_empty());
    assert!(state.rows(NAME, AUDIT_TABLE).unwrap().is_empty());

    // Apply: sessions cleared, Okta groups left, the AD group and Everyone kept, IT told.
    let ctx = context(NAME, &client, true, event.uuid(), &state, &notes);
    let outcomes = flow.run(&ctx, &trigger).await.unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::Done, "{outcomes:?}");
    let made = writes(&server);
    assert!(
        made.contains(&format!("DELETE /api/v1/users/{}/sessions", ada.id)),
        "{made:?}"
    );
    assert_eq!(made.len(), 3, "sessions and two groups: {made:?}");
    assert_eq!(
        group_names(&client, &ada).await,
        ["Everyone", "corp-engineers"]
    );
    let apps = client
        .apps()
        .list()
        .assigned_to(&ada.id)
        .collect_all()
        .await
        .unwrap();
    assert!(apps.is_empty(), "{apps:?}");
    let sent = notes.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].recipient, "it@example.com");
    assert_eq!(sent[0].subject, "Offboarded ada@example.com");
    assert!(
        sent[0]
            .body
            .contains("Removed from groups: Engineering, GitHub Users"),
        "{}",
        sent[0].body
    );
    assert!(
        sent[0].body.contains("corp-engineers (APP_GROUP"),
        "{}",
        sent[0].body
    );
    let row = audit_row(&state, &ada, &event);
    assert_eq!(row["sessionsCleared"], true);
    assert_eq!(row["notified"], "it@example.com");
    assert_eq!(row["groupsRemoved"].as_array().unwrap().len(), 2);

    // grace, in the same groups and app, is untouched.
    let grace = client
        .users()
        .get_by_login("grace@example.com")
        .await
        .unwrap();
    assert_eq!(
        group_names(&client, &grace).await,
        ["Everyone", "Engineering", "GitHub Users"]
    );

    // The same event again (a redelivery the runtime did not catch): no write, no notification.
    server.clear_journal();
    let outcomes = flow.run(&ctx, &trigger).await.unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::NoChange, "{outcomes:?}");
    assert!(writes(&server).is_empty(), "{:?}", writes(&server));
    assert_eq!(notes.sent().len(), 1);

    // By hand over ada and grace: ada is done already, grace is not deactivated.
    let by_hand = Trigger::Manual(Selection::Users(vec![
        "ada@example.com".into(),
        "grace@example.com".into(),
    ]));
    let ctx = context(NAME, &client, true, "manual-1", &state, &notes);
    let outcomes = flow.run(&ctx, &by_hand).await.unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::NoChange, "{outcomes:?}");
    assert!(matches!(&outcomes[1].status, TargetStatus::Skipped(r) if r.contains("ACTIVE")));
    assert!(writes(&server).is_empty(), "{:?}", writes(&server));
    assert_eq!(notes.sent().len(), 1);
}

#[tokio::test]
async fn a_run_stopped_by_failures_records_how_far_it_got_and_the_next_one_finishes_without_repeats()
 {
    let (server, client, ada, event) = ada_deactivated().await;
    let flow = offboarding::flow(Config::default());
    let (state, notes) = (state(), Collected::new());
    let trigger = Trigger::Event(Box::new(event.clone()));
    let ctx = context(NAME, &client, true, event.uuid(), &state, &notes);

    // Group removals answer 503 beyond the client's retries: a retryable failure of the run.
    let removals = Route::delete("/api/v1/groups/{group}/users/{user}");
    server.fail_next(removals, 100, Fault::Status(503));
    let error = flow.run(&ctx, &trigger).await.unwrap_err();
    assert!(
        matches!(error, FlowError::Okta(_)) && error.is_retryable(),
        "{error}"
    );
    let row = audit_row(&state, &ada, &event);
    assert_eq!(row["sessionsCleared"], true);
    assert!(row["error"].as_str().unwrap().contains("503"), "{row}");
    assert!(notes.sent().is_empty());
    server.clear_faults();

    // The notifier is down: the groups are left, the failure is the notifier's.
    notes.set_failing(true);
    let error = flow.run(&ctx, &trigger).await.unwrap_err();
    assert!(
        matches!(error, FlowError::Notify(_)) && error.is_retryable(),
        "{error}"
    );
    assert_eq!(
        group_names(&client, &ada).await,
        ["Everyone", "corp-engineers"]
    );
    assert!(audit_row(&state, &ada, &event)["notified"].is_null());

    // Back up: only the notification is left to do; sessions are not cleared twice.
    notes.set_failing(false);
    server.clear_journal();
    let outcomes = flow.run(&ctx, &trigger).await.unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::Done);
    assert!(
        matches!(outcomes[0].actions[0], Action::Notify { .. }),
        "{outcomes:?}"
    );
    assert!(writes(&server).is_empty(), "{:?}", writes(&server));
    assert_eq!(notes.sent().len(), 1);
    let row = audit_row(&state, &ada, &event);
    assert!(row["error"].is_null(), "{row}");
    assert_eq!(row["groupsRemoved"].as_array().unwrap().len(), 2);
}

/// A receiver of webhook notifications on loopback, keeping the JSON bodies it got.
async fn webhook_receiver() -> (okta_client::Url, Arc<Mutex<Vec<Value>>>) {
    use axum::{Json, Router, extract::State, routing::post};
    let got = Arc::new(Mutex::new(Vec::new()));
    let app = Router::new()
        .route(
            "/notify",
            post(
                |State(got): State<Arc<Mutex<Vec<Value>>>>, Json(body): Json<Value>| async move {
                    got.lock().unwrap().push(body);
                },
            ),
        )
        .with_state(Arc::clone(&got));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/notify", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url.parse().unwrap(), got)
}

#[tokio::test]
async fn the_webhook_notifier_posts_the_offboarding_notification_as_json() {
    let (_server, client, _ada, event) = ada_deactivated().await;
    let (url, got) = webhook_receiver().await;
    let notifier = Arc::new(WebhookNotifier::new(url).unwrap());
    let ctx = okta_scenarios::runtime::FlowContext::new(
        NAME,
        client,
        true,
        event.uuid(),
        state(),
        notifier,
    );
    let flow = offboarding::flow(Config {
        recipient: "it-oncall@example.com".into(),
        ..Config::default()
    });
    let outcomes = flow
        .run(&ctx, &Trigger::Event(Box::new(event.clone())))
        .await
        .unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::Done);
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let posted: Notification = serde_json::from_value(got[0].clone()).unwrap();
    assert_eq!(
        posted.id,
        format!("{NAME}:{}:it-oncall@example.com", event.uuid())
    );
    assert_eq!(posted.flow, NAME);
    assert_eq!(posted.recipient, "it-oncall@example.com");
    assert_eq!(posted.subject, "Offboarded ada@example.com");
    assert_eq!(got[0]["subject"], "Offboarded ada@example.com");
    assert!(
        posted.body.starts_with("Ada Lovelace (ada@example.com"),
        "{}",
        posted.body
    );
}

#[tokio::test]
async fn through_the_engine_a_redelivered_deactivation_is_offboarded_once() {
    let (server, client, ada, event) = ada_deactivated().await;
    let notes = Collected::new();
    let engine = Engine::new(client.clone(), state(), notes.clone())
        .flow(Arc::new(offboarding::flow(Config::default())))
        .apply(true);
    let first = engine.handle_event(&event, None).await.unwrap();
    assert_eq!(first.runs.len(), 1);
    assert_eq!(first.runs[0].status, RunStatus::Ok, "{:?}", first.runs[0]);
    assert_eq!(first.runs[0].outcomes[0].status, TargetStatus::Done);
    assert_eq!(
        group_names(&client, &ada).await,
        ["Everyone", "corp-engineers"]
    );

    // Redelivered (by a hook after the log, or replayed): the engine's done record stops it.
    server.clear_journal();
    let again = engine.handle_event(&event, None).await.unwrap();
    assert_eq!(again.already_done, [NAME]);
    assert!(again.runs.is_empty());
    assert!(writes(&server).is_empty(), "{:?}", writes(&server));
    assert_eq!(notes.sent().len(), 1);

    // Run by hand over ada through the engine: recorded, converged, silent.
    let by_hand = Selection::Users(vec!["ada@example.com".into()]);
    let run = engine.run_manual(NAME, by_hand).await.unwrap();
    assert_eq!(run.status, RunStatus::Ok);
    assert_eq!(run.outcomes[0].status, TargetStatus::NoChange);
    assert!(writes(&server).is_empty(), "{:?}", writes(&server));
    assert_eq!(notes.sent().len(), 1);
}
