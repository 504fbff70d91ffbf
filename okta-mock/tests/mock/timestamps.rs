//! Whole-second timestamps, as Okta writes them (`…:26.000Z` in every recorded body and in the
//! spec's examples), and the incremental-sync pitfall they bring: a change later in the same
//! second is lost by `lastUpdated gt`, kept by `lastUpdated ge` plus de-duplication by id.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::common::{authed, body_json, oneshot};
use axum::body::Body;
use okta_client::models::Timestamp;
use okta_mock::store::Store;
use okta_mock::{AppState, DEFAULT_TOKEN};
use serde_json::{Value, json};

/// 2024-01-09T15:36:04.000Z, the spec's example time.
const T0: i64 = 1_704_814_564_000;

/// A mock whose clock reads `millis` (the test moves it).
fn state(millis: &Arc<AtomicI64>) -> AppState {
    let clock = Arc::clone(millis);
    let store = Store::with_clock(Box::new(move || {
        Timestamp::from_unix_millis(clock.load(Ordering::SeqCst)).expect("a valid time")
    }));
    AppState::new(store, DEFAULT_TOKEN)
}

async fn call(state: &AppState, method: &str, uri: &str, body: Value) -> (u16, Value) {
    let body = if body.is_null() {
        Body::empty()
    } else {
        Body::from(body.to_string())
    };
    let res = oneshot(state, authed(state, method, uri, body)).await;
    let status = res.status().as_u16();
    (status, body_json(res).await)
}

fn person(login: &str) -> Value {
    json!({"profile": {"login": login, "email": login, "firstName": "A", "lastName": "B"}})
}

async fn changed_since(state: &AppState, op: &str, since: &str) -> Vec<String> {
    let filter = format!("lastUpdated {op} \"{since}\"");
    let q: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    let (status, body) = call(
        state,
        "GET",
        &format!("/api/v1/users?filter={q}"),
        Value::Null,
    )
    .await;
    assert_eq!(status, 200);
    body.as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn every_timestamp_is_written_in_whole_seconds() {
    let millis = Arc::new(AtomicI64::new(T0 + 437));
    let s = state(&millis);
    let (_, user) = call(&s, "POST", "/api/v1/users", person("ada@example.com")).await;
    let (_, group) = call(
        &s,
        "POST",
        "/api/v1/groups",
        json!({"profile": {"name": "G"}}),
    )
    .await;
    let (_, app) = call(
        &s,
        "POST",
        "/api/v1/apps",
        json!({"label": "W", "signOnMode": "BOOKMARK"}),
    )
    .await;
    let path = format!("/api/v1/apps/{}/users", app["id"].as_str().unwrap());
    let (_, app_user) = call(&s, "POST", &path, json!({"id": user["id"]})).await;
    for (what, body) in [
        ("user", &user),
        ("group", &group),
        ("app", &app),
        ("app user", &app_user),
    ] {
        let stamps: Vec<&str> = [
            "created",
            "lastUpdated",
            "activated",
            "statusChanged",
            "lastMembershipUpdated",
        ]
        .iter()
        .filter_map(|k| body[*k].as_str())
        .collect();
        assert!(!stamps.is_empty(), "{what}: {body}");
        for t in stamps {
            assert_eq!(t, "2024-01-09T15:36:04.000Z", "{what}");
        }
    }
}

#[tokio::test]
async fn a_same_second_update_is_lost_by_gt_and_kept_by_ge_with_deduplication() {
    let millis = Arc::new(AtomicI64::new(T0 + 100));
    let s = state(&millis);
    let (_, ada) = call(&s, "POST", "/api/v1/users", person("ada@example.com")).await;
    let ada = ada["id"].as_str().unwrap().to_owned();
    // A sync at .300 sees Ada, last updated at 15:36:04, and keeps that as its mark.
    millis.store(T0 + 300, Ordering::SeqCst);
    let first = changed_since(&s, "ge", "2024-01-09T15:36:00.000Z").await;
    assert_eq!(first, vec![ada.clone()]);
    let mark = "2024-01-09T15:36:04.000Z";
    let handled_at_mark: BTreeSet<String> = first.into_iter().collect();
    // Later in the same second, Bob is created.
    millis.store(T0 + 800, Ordering::SeqCst);
    let (_, bob) = call(&s, "POST", "/api/v1/users", person("bob@example.com")).await;
    let bob = bob["id"].as_str().unwrap().to_owned();
    assert_eq!(bob_updated(&s, &bob).await, mark);
    millis.store(T0 + 5_000, Ordering::SeqCst);
    // `gt` the mark: Bob's change is lost, as it is against Okta.
    assert!(changed_since(&s, "gt", mark).await.is_empty());
    // `ge` the mark, without what was handled there: Bob, and only Bob.
    let fresh: Vec<String> = changed_since(&s, "ge", mark)
        .await
        .into_iter()
        .filter(|id| !handled_at_mark.contains(id))
        .collect();
    assert_eq!(fresh, vec![bob]);
}

async fn bob_updated(s: &AppState, id: &str) -> String {
    let (_, user) = call(s, "GET", &format!("/api/v1/users/{id}"), Value::Null).await;
    user["lastUpdated"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn changes_within_one_second_keep_their_order_in_the_event_log() {
    let millis = Arc::new(AtomicI64::new(T0));
    let s = state(&millis);
    for (i, login) in ["a@example.com", "b@example.com", "c@example.com"]
        .iter()
        .enumerate()
    {
        millis.store(T0 + 10 * i as i64, Ordering::SeqCst);
        call(&s, "POST", "/api/v1/users", person(login)).await;
    }
    let store = s.read();
    let seqs: Vec<u64> = store.events().since(0).map(|e| e.seq).collect();
    assert_eq!(seqs.len(), 3);
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
}
