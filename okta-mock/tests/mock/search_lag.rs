//! Search consistency: with a lag, a write reaches `search` results only after it, as Okta
//! documents ("the `search` parameter results are sourced from an eventually consistent
//! datasource and may not reflect the latest information", spec, `GET /api/v1/users` and
//! `GET /api/v1/groups`), while `filter` and reads by id stay current.

use std::sync::Arc;
use std::time::Duration;

use crate::common::{authed, body_json, oneshot};
use axum::body::Body;
use okta_mock::scenario::Scenario;
use okta_mock::sim::ManualClock;
use okta_mock::{AppState, MockConfig};
use serde_json::{Value, json};
use time::macros::datetime;

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

fn logins(body: &Value) -> Vec<String> {
    body.as_array()
        .unwrap()
        .iter()
        .map(|u| u["profile"]["login"].as_str().unwrap().to_owned())
        .collect()
}

fn person(login: &str) -> Value {
    json!({"profile": {"login": login, "email": login, "firstName": "Ada", "lastName": "L"}})
}

const SEARCH: &str = "/api/v1/users?search=profile.firstName+eq+%22Ada%22";
const FILTER: &str = "/api/v1/users?filter=profile.firstName+eq+%22Ada%22";

#[tokio::test]
async fn a_new_user_reaches_search_only_after_the_lag_while_filter_and_get_see_it_at_once() {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-09 15:36:04 UTC)));
    let config = MockConfig::default()
        .clock(clock.clone())
        .search_lag(Duration::from_secs(2));
    let s = config.build_state().unwrap();
    let (status, ada) = call(&s, "POST", "/api/v1/users", person("ada@example.com")).await;
    assert_eq!(status, 200);
    let (_, found) = call(&s, "GET", SEARCH, Value::Null).await;
    assert!(
        logins(&found).is_empty(),
        "search is not current yet: {found}"
    );
    let (_, found) = call(&s, "GET", FILTER, Value::Null).await;
    assert_eq!(logins(&found), ["ada@example.com"]);
    let (status, _) = call(
        &s,
        "GET",
        &format!("/api/v1/users/{}", ada["id"].as_str().unwrap()),
        Value::Null,
    )
    .await;
    assert_eq!(status, 200);
    clock.advance(Duration::from_millis(1_999));
    let (_, found) = call(&s, "GET", SEARCH, Value::Null).await;
    assert!(logins(&found).is_empty());
    clock.advance(Duration::from_millis(1));
    let (_, found) = call(&s, "GET", SEARCH, Value::Null).await;
    assert_eq!(logins(&found), ["ada@example.com"]);
}

#[tokio::test]
async fn an_updated_user_and_a_new_group_are_missing_from_search_during_the_lag() {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-09 15:36:04 UTC)));
    let scenario = Scenario::from_json_str(
        r#"{"settings": {"searchLagMs": 5000},
            "users": [{"profile": {"login": "ada@example.com", "email": "ada@example.com",
                                   "firstName": "Ada", "lastName": "L"}}]}"#,
    )
    .unwrap();
    let s = MockConfig::default()
        .clock(clock.clone())
        .scenario(scenario)
        .build_state()
        .unwrap();
    // Loaded with the org: already indexed.
    let (_, found) = call(&s, "GET", SEARCH, Value::Null).await;
    assert_eq!(logins(&found), ["ada@example.com"]);
    let (_, ada) = call(&s, "GET", "/api/v1/users/ada@example.com", Value::Null).await;
    let path = format!("/api/v1/users/{}", ada["id"].as_str().unwrap());
    let (status, _) = call(&s, "POST", &path, json!({"profile": {"nickName": "A"}})).await;
    assert_eq!(status, 200);
    let (_, found) = call(&s, "GET", SEARCH, Value::Null).await;
    assert!(logins(&found).is_empty(), "{found}");
    let (status, _) = call(
        &s,
        "POST",
        "/api/v1/groups",
        json!({"profile": {"name": "Sales"}}),
    )
    .await;
    assert_eq!(status, 200);
    let group_search = "/api/v1/groups?search=profile.name+eq+%22Sales%22";
    let (_, found) = call(&s, "GET", group_search, Value::Null).await;
    assert_eq!(found, json!([]));
    let (_, found) = call(&s, "GET", "/api/v1/groups?q=Sal", Value::Null).await;
    assert_eq!(found.as_array().unwrap().len(), 1, "q is current");
    clock.advance(Duration::from_secs(5));
    let (_, found) = call(&s, "GET", SEARCH, Value::Null).await;
    assert_eq!(logins(&found), ["ada@example.com"]);
    let (_, found) = call(&s, "GET", group_search, Value::Null).await;
    assert_eq!(found.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn without_a_lag_search_is_current() {
    let s = MockConfig::default().build_state().unwrap();
    call(&s, "POST", "/api/v1/users", person("ada@example.com")).await;
    let (_, found) = call(&s, "GET", SEARCH, Value::Null).await;
    assert_eq!(logins(&found), ["ada@example.com"]);
}

#[tokio::test]
async fn the_lag_survives_a_reset_of_the_org() {
    let clock = Arc::new(ManualClock::new(datetime!(2024-01-09 15:36:04 UTC)));
    let s = MockConfig::default()
        .clock(clock.clone())
        .scenario(Scenario::default())
        .search_lag(Duration::from_secs(2))
        .build_state()
        .unwrap();
    let reset = oneshot(&s, authed(&s, "POST", "/__mock/reset", Body::empty())).await;
    assert_eq!(reset.status().as_u16(), 204);
    call(&s, "POST", "/api/v1/users", person("ada@example.com")).await;
    let (_, found) = call(&s, "GET", SEARCH, Value::Null).await;
    assert!(logins(&found).is_empty(), "{found}");
}
