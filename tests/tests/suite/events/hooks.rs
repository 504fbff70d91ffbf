//! Items 6–8 of issue 14 from the tool's side: a tool registers an event hook through
//! `client.event_hooks()`, serves okta-client's `HookReceiver` on loopback, and the mock
//! verifies the hook, delivers a change made through the client, and a redelivery is acted on
//! once.

use std::time::Duration;

use okta_client::models::{EventHookVerificationStatus, GroupProfile, NewEventHook};
use okta_client::receiver::{HookEvent, HookReceiver, ReceiverAuth};
use okta_client::{Client, Method, RawRequest};
use okta_tests::{client_for, start_mock, within};
use serde_json::json;
use tokio::sync::mpsc;

const SECRET: &str = "hook-shared-secret";

/// The receiver helper on a loopback port: its URL and the events it hands out.
async fn serve_receiver() -> (String, mpsc::Receiver<HookEvent>) {
    let (router, events) = HookReceiver::builder()
        .auth(ReceiverAuth::header("Authorization", SECRET))
        .path("/okta/events")
        .channel(64)
        .expect("a receiver");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{addr}/okta/events"), events)
}

/// A verified hook on `group.lifecycle.create`, registered through the client.
async fn verified_hook(client: &Client, uri: &str) {
    let new = NewEventHook::new("Group sync", uri)
        .event_type("group.lifecycle.create")
        .auth_header("Authorization", SECRET);
    let hook = within(client.event_hooks().create(&new))
        .await
        .expect("created");
    let hook = within(client.event_hooks().verify(hook.id.clone()))
        .await
        .expect("the receiver answers the challenge");
    assert_eq!(
        hook.verification_status,
        Some(EventHookVerificationStatus::Verified)
    );
}

async fn create_group(client: &Client, name: &str) -> String {
    let group = within(client.groups().create(GroupProfile::new(name, None)).send())
        .await
        .expect("a group");
    group.id.as_str().to_owned()
}

async fn next_event(events: &mut mpsc::Receiver<HookEvent>) -> HookEvent {
    tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .expect("a delivery within 10 s")
        .expect("the receiver is running")
}

/// Waits (bounded) until the mock has no delivery in flight.
async fn deliveries_settled(client: &Client) {
    for _ in 0..200 {
        let answer = within(client.raw(RawRequest::new(Method::GET, "/__mock/hooks/in-flight")))
            .await
            .expect("in-flight");
        if answer.body["inFlight"] == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("deliveries still in flight after 5 s");
}

#[tokio::test]
async fn a_hook_registered_through_the_client_delivers_a_change_to_the_receiver_helper() {
    let server = start_mock().await;
    let client = client_for(&server);
    let (uri, mut events) = serve_receiver().await;
    verified_hook(&client, &uri).await;

    let group = create_group(&client, "Hooked").await;
    let delivered = next_event(&mut events).await;
    assert_eq!(delivered.event.event_type, "group.lifecycle.create");
    let target = delivered.event.target("UserGroup").expect("the group");
    assert_eq!(target.id, group);
    assert!(!delivered.event_id.is_empty(), "the delivery's eventId");
    assert_eq!(delivered.event.uuid.len(), 36);
}

#[tokio::test]
async fn a_redelivered_event_reaches_the_tool_once() {
    let server = start_mock().await;
    let client = client_for(&server);
    let (uri, mut events) = serve_receiver().await;
    verified_hook(&client, &uri).await;
    // The mock sends the next delivery twice, as Okta may (at-least-once delivery).
    within(client.raw(
        RawRequest::new(Method::PUT, "/__mock/hooks/faults").json(json!({"duplicateNext": 1})),
    ))
    .await
    .expect("delivery faults set");

    let first = create_group(&client, "Once").await;
    let got = next_event(&mut events).await;
    assert_eq!(got.event.target("UserGroup").expect("group").id, first);
    deliveries_settled(&client).await;

    let journal = within(client.raw(RawRequest::new(Method::GET, "/__mock/hooks/deliveries")))
        .await
        .expect("the delivery journal");
    let sent_twice = journal
        .body
        .as_array()
        .expect("records")
        .iter()
        .filter(|r| r["kind"] == "delivery" && r["status"] == 200)
        .count();
    assert_eq!(
        sent_twice, 2,
        "the fault repeated the delivery: {}",
        journal.body
    );
    assert!(
        events.try_recv().is_err(),
        "the repeated delivery was handed to the tool again"
    );

    let second = create_group(&client, "Twice").await;
    let got = next_event(&mut events).await;
    assert_eq!(got.event.target("UserGroup").expect("group").id, second);
}
