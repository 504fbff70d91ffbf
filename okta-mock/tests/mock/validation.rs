//! Request validation as Okta does it: 400 E0000001 with one cause per field, in Okta's wording,
//! answered through the router in process; and the lifecycle refusals' wording.

use crate::common::{assert_okta_error, authed, body_json, oneshot};
use axum::body::Body;
use okta_mock::store::Store;
use okta_mock::{AppState, DEFAULT_TOKEN};
use serde_json::{Value, json};

fn state() -> AppState {
    AppState::new(Store::new(), DEFAULT_TOKEN)
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

fn causes(body: &Value) -> Vec<String> {
    body["errorCauses"]
        .as_array()
        .expect("errorCauses is an array")
        .iter()
        .map(|c| c["errorSummary"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn person(login: &str, email: &str) -> Value {
    json!({"profile": {"login": login, "email": email, "firstName": "Ada", "lastName": "L"}})
}

#[tokio::test]
async fn users_whose_login_or_email_break_oktas_rules_are_refused_and_not_stored() {
    let s = state();
    let long = format!("{}@example.com", "a".repeat(95));
    for (body, field) in [
        (person("0000", "a@example.com"), "login"),
        (person(&long, "a@example.com"), "login"),
        (person("ada@example.com", "nope"), "email"),
    ] {
        let (status, err) = call(&s, "POST", "/api/v1/users", body).await;
        assert_eq!(status, 400);
        assert_okta_error(&err, "E0000001");
        assert_eq!(
            err["errorSummary"],
            format!("Api validation failed: {field}")
        );
        assert!(
            causes(&err)
                .iter()
                .all(|c| c.starts_with(&format!("{field}: ")))
        );
    }
    let (_, listed) = call(&s, "GET", "/api/v1/users", Value::Null).await;
    assert_eq!(listed, json!([]));
}

#[tokio::test]
async fn a_replace_without_required_attributes_and_an_update_with_a_bad_email_are_refused() {
    let s = state();
    let (status, user) = call(
        &s,
        "POST",
        "/api/v1/users",
        person("ada@example.com", "ada@example.com"),
    )
    .await;
    assert_eq!(status, 200);
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    let (status, err) = call(
        &s,
        "PUT",
        &path,
        json!({"profile": {"login": "ada@example.com"}}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        causes(&err),
        [
            "firstName: The field cannot be left blank",
            "lastName: The field cannot be left blank",
            "email: The field cannot be left blank",
        ]
    );
    let (status, err) = call(&s, "POST", &path, json!({"profile": {"secondEmail": "x"}})).await;
    assert_eq!(status, 400);
    assert_eq!(
        causes(&err),
        ["secondEmail: Does not match required pattern"]
    );
    let (status, ok) = call(&s, "POST", &path, json!({"profile": {"title": "Eng"}})).await;
    assert_eq!(status, 200);
    assert_eq!(ok["profile"]["title"], "Eng");
}

#[tokio::test]
async fn apps_with_a_bad_profile_sign_on_mode_or_settings_are_refused_and_not_stored() {
    let s = state();
    for body in [
        json!({"label": "A", "signOnMode": "BOOKMARK", "profile": []}),
        json!({"label": "A", "signOnMode": null}),
        json!({"label": "A", "signOnMode": "AAA"}),
        json!({"label": "A", "signOnMode": "BOOKMARK", "settings": {"app": {"requestIntegration": {}}}}),
        json!({"label": "A", "signOnMode": "BOOKMARK", "accessibility": {"selfService": {}}}),
    ] {
        let (status, err) = call(&s, "POST", "/api/v1/apps", body.clone()).await;
        assert_eq!(status, 400, "{body}");
        assert_okta_error(&err, "E0000001");
        assert_eq!(causes(&err).len(), 1, "{err}");
    }
    let (_, listed) = call(&s, "GET", "/api/v1/apps", Value::Null).await;
    assert_eq!(listed, json!([]));
}

#[tokio::test]
async fn groups_and_app_users_are_validated_field_by_field() {
    let s = state();
    let (status, err) = call(
        &s,
        "POST",
        "/api/v1/groups",
        json!({"profile": {"name": 3}}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(causes(&err), ["name: The field must be a string"]);
    let (_, app) = call(
        &s,
        "POST",
        "/api/v1/apps",
        json!({"label": "W", "signOnMode": "BOOKMARK", "settings": {"app": {"url": "https://w"}}}),
    )
    .await;
    let path = format!("/api/v1/apps/{}/users", app["id"].as_str().unwrap());
    let (status, err) = call(&s, "POST", &path, json!({"scope": "ALL"})).await;
    assert_eq!(status, 400);
    assert_eq!(
        causes(&err),
        [
            "id: The field cannot be left blank",
            "scope: Does not match one of the allowed values: USER, GROUP",
        ]
    );
}

#[tokio::test]
async fn app_users_carry_password_changed_as_null_when_unset() {
    let s = state();
    let (_, user) = call(
        &s,
        "POST",
        "/api/v1/users",
        person("ada@example.com", "ada@example.com"),
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
    let (status, au) = call(&s, "POST", &path, json!({"id": user["id"]})).await;
    assert_eq!(status, 200);
    assert!(au.as_object().unwrap().contains_key("passwordChanged"));
    assert_eq!(au["passwordChanged"], Value::Null);
}

#[tokio::test]
async fn a_malformed_app_list_expansion_is_answered_400() {
    let s = state();
    let (status, err) = call(&s, "GET", "/api/v1/apps?q=a&expand=bogus", Value::Null).await;
    assert_eq!(status, 400);
    assert_okta_error(&err, "E0000001");
    let filtered = "/api/v1/apps?filter=user.id+eq+%2200u1%22&expand=user/00u1";
    let (status, _) = call(&s, "GET", filtered, Value::Null).await;
    assert_eq!(status, 200);
}

/// Spec, parameter `queryAppsExpand`: `expand=user/{userId}` "must be used with the
/// `user.id eq "{userId}"` filter query for the same user".
#[tokio::test]
async fn an_app_list_expansion_without_the_same_users_filter_is_refused() {
    let s = state();
    for path in [
        "/api/v1/apps?expand=user/00u1",
        "/api/v1/apps?filter=user.id+eq+%2200u2%22&expand=user/00u1",
        "/api/v1/apps?filter=status+eq+%22ACTIVE%22&expand=user/00u1",
    ] {
        let (status, err) = call(&s, "GET", path, Value::Null).await;
        assert_eq!(status, 400, "{path}");
        assert_okta_error(&err, "E0000001");
    }
}

#[tokio::test]
async fn unlocking_an_unlocked_user_and_reactivating_a_staged_one_use_oktas_wording() {
    let s = state();
    let (_, user) = call(
        &s,
        "POST",
        "/api/v1/users?activate=false",
        person("ada@example.com", "ada@example.com"),
    )
    .await;
    let id = user["id"].as_str().unwrap();
    let (status, err) = call(
        &s,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/unlock"),
        Value::Null,
    )
    .await;
    assert_eq!(status, 403);
    assert_okta_error(&err, "E0000032");
    assert_eq!(causes(&err), ["The user is not locked out."]);
    let (status, err) = call(
        &s,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/reactivate"),
        Value::Null,
    )
    .await;
    assert_eq!(status, 403);
    assert_okta_error(&err, "E0000038");
    assert_eq!(
        err["errorSummary"],
        "This operation is not allowed in the user's current status."
    );
}
