//! The manager notification flow end to end: a user locked out in the mock (a real state
//! change through the admin route), the real `user.account.lock` event read back from the
//! System Log, and the flow run on it.

use std::sync::Arc;

use okta_client::Client;
use okta_mock::MockServer;
use okta_scenarios::flows::manager_notification::{self, Config, NAME, TABLE};
use okta_scenarios::runtime::{
    Action, Engine, Flow, FlowError, FlowEvent, RunStatus, Selection, TargetOutcome, TargetStatus,
    Trigger,
};

use crate::flow_support::{Collected, context, flow_mock, lock_out, logged_event, state, writes};

/// The mock with the scenario, its client, and `login` locked out: the event as logged.
async fn locked_out(login: &str) -> (MockServer, Client, FlowEvent) {
    let (server, client) = flow_mock("manager_notification").await;
    let user = client.users().get_by_login(login).await.unwrap();
    lock_out(&client, user.id.as_str()).await;
    let event = logged_event(&client, manager_notification::TRIGGER, user.id.as_str()).await;
    server.clear_journal();
    (server, client, event)
}

fn trigger(event: &FlowEvent) -> Trigger {
    Trigger::Event(Box::new(event.clone()))
}

#[tokio::test]
async fn the_manager_named_by_manager_id_is_told_once_per_lockout() {
    let (server, client, event) = locked_out("ada@example.com").await;
    let flow = manager_notification::flow(Config::default());
    let (state, notes) = (state(), Collected::new());

    let dry = context(NAME, &client, false, event.uuid(), &state, &notes);
    let outcomes = flow.run(&dry, &trigger(&event)).await.unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::WouldDo, "{outcomes:?}");
    let recipient = |o: &TargetOutcome| match &o.actions[0] {
        Action::Notify { recipient, .. } => recipient.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(recipient(&outcomes[0]), "bob.manager@example.com");
    assert!(notes.sent().is_empty());
    assert!(state.rows(NAME, TABLE).unwrap().is_empty());

    let ctx = context(NAME, &client, true, event.uuid(), &state, &notes);
    let outcomes = flow.run(&ctx, &trigger(&event)).await.unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::Done);
    let sent = notes.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].recipient, "bob.manager@example.com");
    assert_eq!(sent[0].subject, "ada@example.com is locked out of Okta");
    assert!(
        sent[0]
            .body
            .starts_with("Ada Lovelace (ada@example.com, id "),
        "{}",
        sent[0].body
    );
    assert!(sent[0].body.contains("title: Engineer"), "{}", sent[0].body);
    assert!(sent[0].body.contains("(managerId)"), "{}", sent[0].body);

    // Redelivered, then by hand over every locked-out user: nobody is told twice.
    let outcomes = flow.run(&ctx, &trigger(&event)).await.unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::NoChange);
    let by_hand = context(NAME, &client, true, "manual-1", &state, &notes);
    let outcomes = flow
        .run(&by_hand, &Trigger::Manual(Selection::All))
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 1, "only ada is locked out: {outcomes:?}");
    assert_eq!(outcomes[0].status, TargetStatus::NoChange);
    assert_eq!(notes.sent().len(), 1);
    assert!(writes(&server).is_empty(), "the flow never writes to Okta");

    // Unlocked and locked again (within the same second of `statusChanged`, most likely): a
    // new lockout, told again.
    let ada = client
        .users()
        .get_by_login("ada@example.com")
        .await
        .unwrap();
    client.users().unlock(&ada.id).await.unwrap();
    lock_out(&client, ada.id.as_str()).await;
    let again = logged_event(&client, manager_notification::TRIGGER, ada.id.as_str()).await;
    assert_ne!(again.uuid(), event.uuid());
    let outcomes = flow.run(&ctx, &trigger(&again)).await.unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::Done);
    assert_eq!(notes.sent().len(), 2);
    for redelivered in [&event, &again] {
        let outcomes = flow.run(&ctx, &trigger(redelivered)).await.unwrap();
        assert_eq!(outcomes[0].status, TargetStatus::NoChange);
    }
    assert_eq!(notes.sent().len(), 2);
}

#[tokio::test]
async fn a_manager_held_as_a_display_name_is_found_by_name() {
    let (_server, client, event) = locked_out("eve@example.com").await;
    let flow = manager_notification::flow(Config::default());
    let (state, notes) = (state(), Collected::new());
    let ctx = context(NAME, &client, true, event.uuid(), &state, &notes);
    let outcomes = flow.run(&ctx, &trigger(&event)).await.unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::Done, "{outcomes:?}");
    assert_eq!(notes.sent()[0].recipient, "carol@example.com");
    assert!(notes.sent()[0].body.contains("(manager)"));
}

#[tokio::test]
async fn without_a_usable_manager_the_user_is_skipped_and_it_is_told_why() {
    for (login, why) in [
        (
            "frank@example.com",
            "managerId \"gone@example.com\" names no user",
        ),
        (
            "gina@example.com",
            "the manager dave@example.com (managerId) is deactivated",
        ),
    ] {
        let (_server, client, event) = locked_out(login).await;
        let flow = manager_notification::flow(Config {
            fallback_recipient: "helpdesk@example.com".into(),
            ..Config::default()
        });
        let (state, notes) = (state(), Collected::new());
        let ctx = context(NAME, &client, true, event.uuid(), &state, &notes);
        let outcomes = flow.run(&ctx, &trigger(&event)).await.unwrap();
        match &outcomes[0].status {
            TargetStatus::Skipped(reason) => assert!(reason.contains(why), "{login}: {reason}"),
            other => panic!("{login}: {other:?}"),
        }
        let sent = notes.sent();
        assert_eq!(sent.len(), 1, "{login}");
        assert_eq!(sent[0].recipient, "helpdesk@example.com");
        assert!(sent[0].body.contains(why), "{}", sent[0].body);
        // Told once: a second run is quiet.
        let outcomes = flow.run(&ctx, &trigger(&event)).await.unwrap();
        assert_eq!(outcomes[0].status, TargetStatus::NoChange, "{login}");
        assert_eq!(notes.sent().len(), 1, "{login}");
    }
}

#[tokio::test]
async fn a_notifier_that_fails_fails_the_run_retryably_and_the_retry_tells_the_manager_once() {
    let (_server, client, event) = locked_out("ada@example.com").await;
    let flow = manager_notification::flow(Config::default());
    let (state, notes) = (state(), Collected::new());
    let ctx = context(NAME, &client, true, event.uuid(), &state, &notes);
    notes.set_failing(true);
    let error = flow.run(&ctx, &trigger(&event)).await.unwrap_err();
    assert!(
        matches!(error, FlowError::Notify(_)) && error.is_retryable(),
        "{error}"
    );
    assert!(
        state.rows(NAME, TABLE).unwrap().is_empty(),
        "nothing recorded as told"
    );
    notes.set_failing(false);
    let outcomes = flow.run(&ctx, &trigger(&event)).await.unwrap();
    assert_eq!(outcomes[0].status, TargetStatus::Done);
    assert_eq!(notes.sent().len(), 1);
}

#[tokio::test]
async fn through_the_engine_a_redelivered_lock_event_tells_the_manager_once() {
    let (_server, client, event) = locked_out("ada@example.com").await;
    let notes = Collected::new();
    let engine = Engine::new(client, state(), notes.clone())
        .flow(Arc::new(manager_notification::flow(Config::default())))
        .apply(true);
    let first = engine.handle_event(&event, None).await.unwrap();
    assert_eq!(first.runs[0].status, RunStatus::Ok, "{:?}", first.runs[0]);
    assert_eq!(first.runs[0].outcomes[0].status, TargetStatus::Done);
    let again = engine.handle_event(&event, None).await.unwrap();
    assert_eq!(again.already_done, [NAME]);
    let sent = notes.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].recipient, "bob.manager@example.com");
    assert_eq!(
        sent[0].id,
        format!("{NAME}:{}:bob.manager@example.com", event.uuid())
    );
}
