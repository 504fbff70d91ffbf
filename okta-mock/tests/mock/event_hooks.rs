//! Event hooks end to end: the `/api/v1/eventHooks` lifecycle, the verification challenge,
//! deliveries of every event card's event to a loopback receiver with Okta's envelope and the
//! card's outputs, the retry after a 5xx or a timeout, and delivery faults (drop, repeat,
//! delay) for testing receivers against redelivery.

use std::time::Duration;

use okta_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

use crate::common::{Api, assert_okta_error};
use crate::hook_receiver::Receiver;
use crate::system_log::{ADA, PROVISIONED, assert_card_outputs, cards_scenario, make_card_changes};

/// Every event type of the connector's event cards.
const CARD_EVENTS: &[&str] = &[
    "user.lifecycle.create",
    "user.lifecycle.activate",
    "user.lifecycle.deactivate",
    "user.lifecycle.suspend",
    "user.lifecycle.unsuspend",
    "user.lifecycle.reactivate",
    "user.lifecycle.delete.initiated",
    "group.user_membership.add",
    "group.user_membership.remove",
    "application.user_membership.add",
    "application.user_membership.remove",
    "user.account.report_suspicious_activity_by_enduser",
];

fn hook_body(uri: &str, events: &[&str]) -> Value {
    json!({
        "name": "Cards",
        "events": {"type": "EVENT_TYPE", "items": events},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {
            "uri": uri,
            "headers": [{"key": "X-Other-Header", "value": "my-header-value"}],
            "authScheme": {"type": "HEADER", "key": "Authorization", "value": "my-shared-secret"}
        }}
    })
}

/// Creates and verifies a hook on `receiver` for `events`; returns its id.
async fn verified_hook(api: &Api, receiver: &Receiver, events: &[&str]) -> String {
    let res = api
        .post("/api/v1/eventHooks", hook_body(&receiver.url, events))
        .await;
    assert_eq!(res.status(), 200);
    let hook: Value = res.json().await.unwrap();
    let id = hook["id"].as_str().unwrap().to_owned();
    let verified = api
        .post(
            &format!("/api/v1/eventHooks/{id}/lifecycle/verify"),
            json!({}),
        )
        .await;
    assert_eq!(verified.status(), 200);
    let verified: Value = verified.json().await.unwrap();
    assert_eq!(verified["verificationStatus"], "VERIFIED");
    id
}

async fn journal(api: &Api) -> Vec<Value> {
    api.get("/__mock/hooks/deliveries")
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_event_hook_goes_through_okta_lifecycle_and_never_shows_its_secret() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let receiver = Receiver::start(true).await;
    let res = api
        .post(
            "/api/v1/eventHooks",
            hook_body(&receiver.url, &["user.lifecycle.create"]),
        )
        .await;
    assert_eq!(res.status(), 200);
    let hook: Value = res.json().await.unwrap();
    assert_eq!(hook["status"], "ACTIVE");
    assert_eq!(hook["verificationStatus"], "UNVERIFIED");
    assert_eq!(hook["id"].as_str().unwrap().len(), 20);
    assert!(hook["id"].as_str().unwrap().starts_with("who"));
    assert_eq!(hook["channel"]["config"]["method"], "POST");
    assert_eq!(
        hook["channel"]["config"]["authScheme"],
        json!({"type": "HEADER", "key": "Authorization"})
    );
    assert!(!hook.to_string().contains("my-shared-secret"));
    let id = hook["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/eventHooks/{id}");

    let listed: Value = api.get("/api/v1/eventHooks").await.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let fetched: Value = api.get(&path).await.json().await.unwrap();
    assert_eq!(fetched, hook);

    verified_hook_by_id(&api, &id).await;
    // A new channel must be verified again; the write-only value is kept when left out.
    let mut changed = hook_body(&format!("{}?v=2", receiver.url), &["user.lifecycle.create"]);
    changed["channel"]["config"]["authScheme"] = json!({"type": "HEADER", "key": "Authorization"});
    let replaced: Value = api.put(&path, changed).await.json().await.unwrap();
    assert_eq!(replaced["verificationStatus"], "UNVERIFIED");

    let refused = api.delete(&path).await;
    assert_eq!(refused.status(), 400, "an ACTIVE hook cannot be deleted");
    assert_okta_error(&refused.json().await.unwrap(), "E0000001");
    let inactive: Value = api
        .post(&format!("{path}/lifecycle/deactivate"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(inactive["status"], "INACTIVE");
    assert!(inactive["_links"]["activate"].is_object());
    assert!(inactive["_links"]["delete"].is_object());
    assert_eq!(api.delete(&path).await.status(), 204);
    let gone = api.get(&path).await;
    assert_eq!(gone.status(), 404);
    assert_okta_error(&gone.json().await.unwrap(), "E0000007");

    let outside = api
        .post(
            "/api/v1/eventHooks",
            hook_body("http://example.com/hook", &["user.lifecycle.create"]),
        )
        .await;
    assert_eq!(outside.status(), 400, "only loopback or allowed hosts");
    let body: Value = outside.json().await.unwrap();
    assert_okta_error(&body, "E0000001");
    assert!(
        body["errorSummary"]
            .as_str()
            .unwrap()
            .contains("channel.config.uri")
    );
    let blank = api.post("/api/v1/eventHooks", json!({"name": "x"})).await;
    assert_eq!(blank.status(), 400);
    assert!(!format!("{:?}", server.state().hooks).contains("my-shared-secret"));
    server.shutdown().await;
}

async fn verified_hook_by_id(api: &Api, id: &str) {
    let res = api
        .post(
            &format!("/api/v1/eventHooks/{id}/lifecycle/verify"),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn verification_sends_the_challenge_and_a_receiver_that_does_not_echo_it_fails() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let good = Receiver::start(true).await;
    verified_hook(&api, &good, &["user.lifecycle.create"]).await;
    let call = &good.calls()[0];
    assert_eq!(call.method, "GET");
    assert!(call.headers.contains_key("x-okta-verification-challenge"));
    assert_eq!(call.headers["authorization"], "my-shared-secret");
    assert_eq!(call.headers["x-other-header"], "my-header-value");

    let bad = Receiver::start(false).await;
    let hook: Value = api
        .post(
            "/api/v1/eventHooks",
            hook_body(&bad.url, &["user.lifecycle.create"]),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = api
        .post(
            &format!(
                "/api/v1/eventHooks/{}/lifecycle/verify",
                hook["id"].as_str().unwrap()
            ),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_okta_error(&res.json().await.unwrap(), "E0000001");
    assert_eq!(bad.calls().len(), 2, "one retry after an error answer");
    let attempts: Vec<Value> = journal(&api)
        .await
        .into_iter()
        .filter(|r| r["hookId"] == hook["id"])
        .collect();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[1]["attempt"], 2);
    let text = serde_json::to_string(&journal(&api).await).unwrap();
    assert!(!text.contains("my-shared-secret") && !text.contains("my-header-value"));
    server.shutdown().await;
}

#[tokio::test]
async fn every_event_card_is_delivered_to_a_subscribed_hook_with_okta_envelope() {
    let server = MockServer::start_with(MockConfig::default().scenario(cards_scenario()))
        .await
        .unwrap();
    let api = Api::new(&server);
    let receiver = Receiver::start(true).await;
    let hook = verified_hook(&api, &receiver, CARD_EVENTS).await;
    let client = server.client().unwrap();
    let changes = make_card_changes(&client).await;
    let (id, login) = (changes.ada.clone(), ADA);
    for t in &CARD_EVENTS[..CARD_EVENTS.len() - 2] {
        if *t == "user.lifecycle.reactivate" {
            continue;
        }
        let (envelope, event) = receiver.wait_for_event(t, &id).await;
        assert_card_outputs(&event, t, &id, login);
        assert_eq!(envelope["eventType"], "com.okta.event_hook");
        assert_eq!(envelope["eventTypeVersion"], "1.0");
        assert_eq!(envelope["cloudEventsVersion"], "0.1");
        assert_eq!(envelope["contentType"], "application/json");
        assert!(
            envelope["source"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/api/v1/eventHooks/{hook}"))
        );
        assert!(envelope["eventId"].as_str().is_some_and(|e| e.len() == 36));
        assert!(
            envelope["eventTime"]
                .as_str()
                .is_some_and(|e| e.ends_with('Z'))
        );
    }

    let pid = changes.provisioned.clone();
    let (_, reactivated) = receiver
        .wait_for_event("user.lifecycle.reactivate", &pid)
        .await;
    assert_card_outputs(&reactivated, "user.lifecycle.reactivate", &pid, PROVISIONED);

    api.post(
        "/__mock/events",
        json!({"eventType": "user.account.report_suspicious_activity_by_enduser",
               "user": "mia.admin@example.com"}),
    )
    .await;
    let mia = client.users().get("me").await.unwrap().id.to_string();
    let (_, report) = receiver
        .wait_for_event("user.account.report_suspicious_activity_by_enduser", &mia)
        .await;
    assert_eq!(report["displayMessage"], "User report suspicious activity");

    // The events one change produced travel together: creating Ada logged two.
    let creation = receiver
        .deliveries()
        .into_iter()
        .find(|c| c.body["data"]["events"][0]["eventType"] == "user.lifecycle.create")
        .unwrap();
    assert_eq!(creation.body["data"]["events"].as_array().unwrap().len(), 2);
    assert_eq!(creation.headers["authorization"], "my-shared-secret");
    assert_eq!(creation.headers["x-other-header"], "my-header-value");
    assert_eq!(creation.headers["content-type"], "application/json");
    // Only subscribed types are delivered.
    assert!(
        receiver
            .events()
            .iter()
            .all(|e| CARD_EVENTS.contains(&e["eventType"].as_str().unwrap()))
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_delivery_answered_5xx_or_too_late_is_retried_once_with_the_same_event_id() {
    // Time scale 30: the 3 s timeout becomes 100 ms.
    let server = MockServer::start_with(MockConfig::default().time_scale(30.0))
        .await
        .unwrap();
    let api = Api::new(&server);
    let receiver = Receiver::start(true).await;
    verified_hook(&api, &receiver, &["user.lifecycle.create"]).await;
    receiver.answer_with(&[(503, Duration::ZERO)]);
    api.create_user("retry@example.com").await;
    let got = receiver.wait_for_deliveries(2).await;
    assert_eq!(got[0].body["eventId"], got[1].body["eventId"]);
    let outcomes: Vec<(Value, Value)> = journal(&api)
        .await
        .into_iter()
        .filter(|r| r["kind"] == "delivery")
        .map(|r| (r["attempt"].clone(), r["status"].clone()))
        .collect();
    assert_eq!(outcomes, [(json!(1), json!(503)), (json!(2), json!(200))]);

    receiver.answer_with(&[(200, Duration::from_secs(2))]);
    api.create_user("slow@example.com").await;
    let got = receiver.wait_for_deliveries(4).await;
    assert_eq!(got[2].body["eventId"], got[3].body["eventId"]);
    let last: Vec<Value> = journal(&api).await.into_iter().rev().take(2).collect();
    assert_eq!(last[1]["outcome"], "timedOut");
    assert_eq!(last[0]["outcome"], "delivered");
    assert_eq!(last[0]["attempt"], 2);

    // A 4xx is the receiver's answer, not a failure to deliver: no retry.
    receiver.answer_with(&[(400, Duration::ZERO)]);
    api.create_user("refused@example.com").await;
    receiver.wait_for_deliveries(5).await;
    for _ in 0..200 {
        if server.state().hooks.in_flight() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(receiver.deliveries().len(), 5);
    server.shutdown().await;
}

#[tokio::test]
async fn delivery_faults_drop_and_repeat_deliveries_so_receivers_can_be_tested_for_redelivery() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let receiver = Receiver::start(true).await;
    verified_hook(&api, &receiver, &["user.lifecycle.create"]).await;
    let set = api
        .put(
            "/__mock/hooks/faults",
            json!({"dropNext": 1, "duplicateNext": 1, "delayMs": 20}),
        )
        .await;
    assert_eq!(set.status(), 200);
    api.create_user("dropped@example.com").await;
    api.create_user("twice@example.com").await;
    let got = receiver.wait_for_deliveries(2).await;
    assert_eq!(got[0].body["eventId"], got[1].body["eventId"]);
    let logins: Vec<&str> = got
        .iter()
        .map(|c| {
            c.body["data"]["events"][0]["target"][0]["alternateId"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(logins, ["twice@example.com", "twice@example.com"]);
    let records = journal(&api).await;
    let dropped: Vec<&Value> = records
        .iter()
        .filter(|r| r["outcome"] == "dropped")
        .collect();
    assert_eq!(dropped.len(), 1);
    assert_eq!(
        dropped[0]["body"]["data"]["events"][0]["target"][0]["alternateId"],
        "dropped@example.com"
    );
    assert_eq!(records.iter().filter(|r| r["duplicate"] == true).count(), 1);
    let left: Value = api.get("/__mock/hooks/faults").await.json().await.unwrap();
    assert_eq!(left["dropNext"], 0);
    assert_eq!(left["duplicateNext"], 0);
    let bad = api
        .put("/__mock/hooks/faults", json!({"dropEverything": true}))
        .await;
    assert_eq!(bad.status(), 400);
    server.shutdown().await;
}
