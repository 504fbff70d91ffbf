//! reset_password, reset_factors, expire_password_with_temp_password, `sendEmail` on delete,
//! `/users/me`, and user `_links` that name only operations the mock serves.

use crate::common::{assert_okta_error, authed, oneshot};
use axum::body::Body;
use okta_mock::Store;
use okta_mock::internals::commit::{Actor, LoadScenario};
use okta_mock::scenario::Scenario;
use okta_mock::{AppState, DEFAULT_TOKEN};
use serde_json::{Value, json};

fn state() -> AppState {
    AppState::new(Store::new(), DEFAULT_TOKEN)
}

async fn call(state: &AppState, method: &str, uri: &str, body: Option<Value>) -> (u16, Value) {
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let res = oneshot(state, authed(state, method, uri, body)).await;
    let status = res.status().as_u16();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn active_user(s: &AppState) -> String {
    let body = json!({
        "profile": {"login": "ada@example.com", "email": "ada@example.com", "firstName": "Ada", "lastName": "L"},
        "credentials": {"password": {"value": "Tr0ub4dor&3-horse"}}
    });
    let (status, u) = call(s, "POST", "/api/v1/users", Some(body)).await;
    assert_eq!(status, 200, "{u}");
    u["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn reset_password_without_email_returns_a_one_time_link_and_puts_the_user_in_recovery() {
    let s = state();
    let id = active_user(&s).await;
    let (status, body) = call(
        &s,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/reset_password?sendEmail=false"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let url = body["resetPasswordUrl"].as_str().expect("a reset link");
    assert!(url.contains("/reset_password/"), "{url}");
    let (_, user) = call(&s, "GET", &format!("/api/v1/users/{id}"), None).await;
    assert_eq!(user["status"], "RECOVERY");
    let (status, body) = call(
        &s,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/reset_password?sendEmail=true"),
        None,
    )
    .await;
    assert_eq!((status, body), (200, json!({})));
}

#[tokio::test]
async fn reset_factors_keeps_the_status_and_a_staged_user_cannot_reset_its_password() {
    let s = state();
    let id = active_user(&s).await;
    let (status, body) = call(
        &s,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/reset_factors"),
        None,
    )
    .await;
    assert_eq!((status, body), (200, json!({})));
    let (_, user) = call(&s, "GET", &format!("/api/v1/users/{id}"), None).await;
    assert_eq!(user["status"], "ACTIVE");
    let staged = json!({"profile": {"login": "bo@example.com", "email": "bo@example.com", "firstName": "B", "lastName": "O"}});
    let (_, bo) = call(&s, "POST", "/api/v1/users?activate=false", Some(staged)).await;
    let (status, err) = call(
        &s,
        "POST",
        &format!(
            "/api/v1/users/{}/lifecycle/reset_password?sendEmail=false",
            bo["id"].as_str().unwrap()
        ),
        None,
    )
    .await;
    assert_eq!(status, 403);
    assert_okta_error(&err, "E0000038");
}

#[tokio::test]
async fn expiring_with_a_temporary_password_returns_it_and_expires_the_password() {
    let s = state();
    let id = active_user(&s).await;
    let (status, body) = call(
        &s,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/expire_password_with_temp_password"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["tempPassword"].as_str().map(str::len), Some(8));
    let (_, user) = call(&s, "GET", &format!("/api/v1/users/{id}"), None).await;
    assert_eq!(user["status"], "PASSWORD_EXPIRED");
}

#[tokio::test]
async fn delete_takes_send_email_and_refuses_a_non_boolean() {
    let s = state();
    let id = active_user(&s).await;
    let (status, err) = call(
        &s,
        "DELETE",
        &format!("/api/v1/users/{id}?sendEmail=maybe"),
        None,
    )
    .await;
    assert_eq!(status, 400);
    assert_okta_error(&err, "E0000001");
    let (status, _) = call(
        &s,
        "DELETE",
        &format!("/api/v1/users/{id}?sendEmail=true"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (_, user) = call(&s, "GET", &format!("/api/v1/users/{id}"), None).await;
    assert_eq!(user["status"], "DEPROVISIONED");
}

#[tokio::test]
async fn users_me_is_the_user_the_scenario_gives_the_token() {
    let scenario = Scenario::from_json_str(
        &json!({
            "me": "ada@example.com",
            "users": [{"profile": {"login": "ada@example.com", "email": "ada@example.com", "firstName": "Ada", "lastName": "L"}}]
        })
        .to_string(),
    )
    .unwrap();
    let mut store = Store::new();
    store
        .commit(Actor::MockAdmin, LoadScenario(&scenario))
        .unwrap();
    let s = AppState::new(store, DEFAULT_TOKEN);
    let (status, me) = call(&s, "GET", "/api/v1/users/me", None).await;
    assert_eq!(status, 200);
    assert_eq!(me["profile"]["login"], "ada@example.com");
    let (status, groups) = call(&s, "GET", "/api/v1/users/me/groups", None).await;
    assert_eq!(
        (status, groups[0]["profile"]["name"].as_str()),
        (200, Some("Everyone"))
    );
    let (status, err) = call(&state(), "GET", "/api/v1/users/me", None).await;
    assert_eq!(status, 404);
    assert_okta_error(&err, "E0000007");
}

#[tokio::test]
async fn every_link_on_a_user_leads_to_an_operation_the_mock_serves() {
    let s = state();
    let id = active_user(&s).await;
    let (_, user) = call(&s, "GET", &format!("/api/v1/users/{id}"), None).await;
    let links = user["_links"].as_object().unwrap();
    assert!(links.contains_key("resetPassword") && links.contains_key("expirePassword"));
    for (name, link) in links {
        let href = link["href"].as_str().unwrap();
        let path = href
            .split_once("/api/")
            .map(|(_, p)| format!("/api/{p}"))
            .unwrap();
        let method = link["hints"]["allow"][0].as_str().unwrap_or("GET");
        let query = if name == "resetPassword" {
            "?sendEmail=false"
        } else {
            ""
        };
        let (status, body) = call(&s, method, &format!("{path}{query}"), None).await;
        // A refusal in the user's current status (403, or Okta's 400 E0000001 for a suspend)
        // still shows the operation is served; a 404 or 501 would not.
        let refused_in_status = status == 403
            || (status == 400 && name == "suspend" && body["errorCode"] == "E0000001");
        assert!(status < 400 || refused_in_status, "{name}: {status} {body}");
    }
}
