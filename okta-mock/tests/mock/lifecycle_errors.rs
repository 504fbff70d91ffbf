//! Lifecycle refusals whose answer is recorded from a real org, each naming its recording.
//! (The others are listed as unrecorded in SPEC-DEPARTURES.md.)

use crate::common::{assert_okta_error, authed, body_json, oneshot};
use axum::body::Body;
use okta_mock::store::Store;
use okta_mock::{AppState, DEFAULT_TOKEN};
use serde_json::{Value, json};

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

/// okta/okta-sdk-java issue #721 (a real org): `deactivate` on a DEPROVISIONED user answered
/// "HTTP 404, Okta E0000007 (Not found: Resource not found: 00u3cw9vpy6nBOz771d7 (User))".
#[tokio::test]
async fn deactivating_a_deprovisioned_user_is_not_found() {
    let s = AppState::new(Store::new(), DEFAULT_TOKEN);
    let body = json!({"profile": {"login": "ada@example.com", "email": "ada@example.com",
                                  "firstName": "Ada", "lastName": "L"}});
    let (_, user) = call(&s, "POST", "/api/v1/users", body).await;
    let id = user["id"].as_str().unwrap();
    let path = format!("/api/v1/users/{id}/lifecycle/deactivate");
    let (status, _) = call(&s, "POST", &path, Value::Null).await;
    assert_eq!(status, 200);
    let (status, err) = call(&s, "POST", &path, Value::Null).await;
    assert_eq!(status, 404);
    assert_okta_error(&err, "E0000007");
    assert_eq!(
        err["errorSummary"],
        format!("Not found: Resource not found: {id} (User)")
    );
    // The user is still there, DEPROVISIONED, for a read by id.
    let (status, user) = call(&s, "GET", &format!("/api/v1/users/{id}"), Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(user["status"], "DEPROVISIONED");
}
