//! The event hook receiver (feature `receiver`), called in-process as Okta would call it:
//! the verification challenge, the auth header, the delivery envelope, and redeliveries. The
//! requests follow Okta's event hook documentation (developer.okta.com/docs/concepts/event-hooks/,
//! "One-time verification request", "Ongoing event delivery", "HTTP headers"); events are the
//! spec's `ListLogs` example (spec/events-examples.json, see spec/NOTICE) with their `uuid`
//! changed.

use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use okta_client::models::{EventHookDelivery, LogEvent, Timestamp};
use okta_client::receiver::{HookEvent, HookReceiver, ReceiverAuth};
use serde_json::Value;
use tower::ServiceExt as _;

pub(crate) const SECRET: &str = "my-shared-secret";

/// The spec's example event with another `uuid`.
pub(crate) fn event(uuid: &str) -> LogEvent {
    // Parsed once: the property test builds thousands of events.
    static EXAMPLE: OnceLock<Value> = OnceLock::new();
    let example = EXAMPLE.get_or_init(|| {
        let examples: Value =
            serde_json::from_str(include_str!("../../spec/events-examples.json")).unwrap();
        examples["ListLogs"][0].clone()
    });
    let mut event = example.clone();
    event["uuid"] = Value::from(uuid);
    serde_json::from_value(event).unwrap()
}

/// A delivery of these events, as Okta's documentation shows one.
pub(crate) fn delivery(id: &str, uuids: &[&str]) -> String {
    let at = Timestamp::parse("2019-03-27T16:59:53.032Z").unwrap();
    let events = uuids.iter().map(|u| event(u)).collect();
    let source = "https://acme.okta.com/api/v1/eventHooks/whoql0HfiLGPWc8Jx0g3";
    serde_json::to_string(&EventHookDelivery::new(source, id, at, events)).unwrap()
}

/// A receiver at `/hooks` that records every event it hands out.
pub(crate) fn recording() -> (Router, Arc<Mutex<Vec<HookEvent>>>) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = got.clone();
    let router = HookReceiver::builder()
        .auth(ReceiverAuth::header("Authorization", SECRET))
        .path("/hooks")
        .handler(move |event| sink.lock().unwrap().push(event))
        .unwrap();
    (router, got)
}

/// POSTs a body to `/hooks` with Okta's headers and this auth value.
pub(crate) async fn post(
    router: &Router,
    auth: Option<&str>,
    body: String,
) -> (StatusCode, String) {
    let mut request = Request::post("/hooks")
        .header("accept", "application/json")
        .header("content-type", "application/json");
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    send(router, request.body(Body::from(body)).unwrap()).await
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

fn uuids(got: &Mutex<Vec<HookEvent>>) -> Vec<String> {
    got.lock()
        .unwrap()
        .iter()
        .map(|e| e.event.uuid.clone())
        .collect()
}

#[tokio::test]
async fn the_verification_challenge_is_echoed_back_as_json() {
    let (router, got) = recording();
    let request = Request::get("/hooks")
        .header(
            "x-okta-verification-challenge",
            "Rd2O0lCvPoXBmvABPhIL0GF-V4Cy1JRuPm3kS5Z1",
        )
        .header("authorization", SECRET)
        .body(Body::empty())
        .unwrap();
    let (status, body) = send(&router, request).await;
    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"verification": "Rd2O0lCvPoXBmvABPhIL0GF-V4Cy1JRuPm3kS5Z1"})
    );
    let without = Request::get("/hooks")
        .header("authorization", SECRET)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&router, without).await.0, StatusCode::BAD_REQUEST);
    assert!(uuids(&got).is_empty());
}

#[tokio::test]
async fn a_call_without_the_right_auth_header_is_refused_with_401_and_acts_on_nothing() {
    let (router, got) = recording();
    let body = delivery("d1", &["u1"]);
    assert_eq!(
        post(&router, None, body.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(&router, Some("my-shared-secreT"), body.clone())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let challenge = Request::get("/hooks")
        .header("x-okta-verification-challenge", "c")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&router, challenge).await.0, StatusCode::UNAUTHORIZED);
    assert!(uuids(&got).is_empty());
    // The same delivery with the secret is taken.
    assert_eq!(post(&router, Some(SECRET), body).await.0, StatusCode::OK);
    assert_eq!(uuids(&got), ["u1"]);
}

#[tokio::test]
async fn a_delivery_is_parsed_into_typed_events_in_order_with_the_envelope_facts() {
    let (router, got) = recording();
    let (status, body) = post(&router, Some(SECRET), delivery("b5a188b9", &["u1", "u2"])).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, ""));
    let got = got.lock().unwrap();
    assert_eq!(got.len(), 2);
    let first = &got[0];
    assert_eq!(first.event.uuid, "u1");
    assert_eq!(first.event.event_type, "user.session.start");
    assert_eq!(first.event.actor_id(), Some("00uttidj01jqL21aM1d6"));
    assert_eq!(first.event_id, "b5a188b9");
    assert_eq!(
        first.event_time.unwrap().to_string(),
        "2019-03-27T16:59:53.032Z"
    );
    assert!(
        first
            .source
            .ends_with("/api/v1/eventHooks/whoql0HfiLGPWc8Jx0g3")
    );
    assert_eq!(got[1].event.uuid, "u2");
}

#[tokio::test]
async fn a_redelivered_event_is_acted_on_once() {
    let (router, got) = recording();
    for body in [
        delivery("d1", &["u1", "u2"]),
        // Okta's retry of the same delivery, then a later one that repeats an event.
        delivery("d1", &["u1", "u2"]),
        delivery("d2", &["u2", "u3"]),
    ] {
        assert_eq!(post(&router, Some(SECRET), body).await.0, StatusCode::OK);
    }
    assert_eq!(uuids(&got), ["u1", "u2", "u3"]);
}

#[tokio::test]
async fn a_body_that_is_not_an_okta_delivery_is_a_400() {
    let (router, got) = recording();
    let (status, _) = post(&router, Some(SECRET), "{not json".to_owned()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut foreign: Value = serde_json::from_str(&delivery("d1", &["u1"])).unwrap();
    foreign["eventType"] = Value::from("com.example.other");
    let (status, body) = post(&router, Some(SECRET), foreign.to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("com.example.other"), "{body}");
    assert!(uuids(&got).is_empty());
}

#[tokio::test]
async fn a_full_channel_is_answered_503_and_the_retry_hands_out_only_the_rest() {
    let (router, mut events) = HookReceiver::builder()
        .auth(ReceiverAuth::header("Authorization", SECRET))
        .path("/hooks")
        .channel(1)
        .unwrap();
    let body = delivery("d1", &["u1", "u2"]);
    let (status, _) = post(&router, Some(SECRET), body.clone()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(events.recv().await.unwrap().event.uuid, "u1");
    // Okta retries the delivery: u1 was taken already, u2 now fits.
    assert_eq!(post(&router, Some(SECRET), body).await.0, StatusCode::OK);
    assert_eq!(events.recv().await.unwrap().event.uuid, "u2");
    assert!(events.try_recv().is_err());
}
