//! Queries Okta refuses are refused, with Okta's error, and `fields` projects users as Okta's
//! spec shows. Each test names the spec text it follows.

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

fn person(login: &str, first: &str) -> Value {
    json!({"profile": {"login": login, "email": login, "firstName": first, "lastName": "Lovelace"}})
}

/// Spec, `GET /api/v1/groups` `search`: "You can only use `co` with these select profile
/// attributes: `profile.name` and `profile.description`".
#[tokio::test]
async fn a_group_search_with_co_works_only_on_the_name_and_description() {
    let s = state();
    let (status, _) = call(
        &s,
        "POST",
        "/api/v1/groups",
        json!({"profile": {"name": "Sales EU", "description": "Europe", "region": "emea"}}),
    )
    .await;
    assert_eq!(status, 200);
    for ok in ["profile.name co \"les\"", "profile.description co \"rop\""] {
        let path = format!("/api/v1/groups?search={}", urlencode(ok));
        let (status, body) = call(&s, "GET", &path, Value::Null).await;
        assert_eq!(status, 200, "{ok}");
        assert_eq!(body.as_array().unwrap().len(), 1, "{ok}");
    }
    for refused in [
        "profile.region co \"me\"",
        "type co \"OKTA\"",
        "id co \"00g\"",
    ] {
        let path = format!("/api/v1/groups?search={}", urlencode(refused));
        let (status, err) = call(&s, "GET", &path, Value::Null).await;
        assert_eq!(status, 400, "{refused}");
        assert_okta_error(&err, "E0000031");
    }
}

/// Spec, `GET /api/v1/users` `search`: the top-level properties searched are "`id`, `status`,
/// `created`, `activated`, `statusChanged`, and `lastUpdated`" (and `type.id`); `lastLogin`
/// and `passwordChanged` are not among them.
#[tokio::test]
async fn a_user_search_on_last_login_or_password_changed_is_refused() {
    let s = state();
    call(
        &s,
        "POST",
        "/api/v1/users",
        person("ada@example.com", "Ada"),
    )
    .await;
    for refused in [
        "lastLogin gt \"2020-01-01T00:00:00.000Z\"",
        "passwordChanged gt \"2020-01-01T00:00:00.000Z\"",
        "lastLogin pr",
    ] {
        let path = format!("/api/v1/users?search={}", urlencode(refused));
        let (status, err) = call(&s, "GET", &path, Value::Null).await;
        assert_eq!(status, 400, "{refused}");
        assert_okta_error(&err, "E0000031");
    }
    let path = format!(
        "/api/v1/users?search={}",
        urlencode("statusChanged gt \"2020-01-01T00:00:00.000Z\" or created pr")
    );
    let (status, _) = call(&s, "GET", &path, Value::Null).await;
    assert_eq!(status, 200);
}

/// Spec, parameter `queryAppUserQ`: `q` "is matched against the beginning of the following
/// profile attributes: `userName`, `firstName`, `lastName`, and `email`" of the app user.
#[tokio::test]
async fn an_app_user_q_matches_the_app_users_profile_not_the_okta_login() {
    let s = state();
    let (_, ada) = call(
        &s,
        "POST",
        "/api/v1/users",
        person("ada@example.com", "Ada"),
    )
    .await;
    let (_, bob) = call(
        &s,
        "POST",
        "/api/v1/users",
        person("bob@example.com", "Bob"),
    )
    .await;
    let (_, app) = call(
        &s,
        "POST",
        "/api/v1/apps",
        json!({"label": "W", "signOnMode": "BOOKMARK"}),
    )
    .await;
    let users = format!("/api/v1/apps/{}/users", app["id"].as_str().unwrap());
    // Ada: an SSO assignment, no app profile, an app user name from her login.
    let (status, _) = call(
        &s,
        "POST",
        &users,
        json!({"id": ada["id"], "credentials": {"userName": "ada@example.com"}}),
    )
    .await;
    assert_eq!(status, 200);
    // Bob: an app profile with a different user name.
    let body = json!({"id": bob["id"], "profile": {"userName": "robert.b", "firstName": "Robert"}});
    let (status, _) = call(&s, "POST", &users, body).await;
    assert_eq!(status, 200);
    let ids = |body: &Value| -> Vec<String> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|au| au["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, found) = call(&s, "GET", &format!("{users}?q=ada"), Value::Null).await;
    assert!(
        ids(&found).is_empty(),
        "the Okta login and credentials are not matched: {found}"
    );
    let (_, found) = call(&s, "GET", &format!("{users}?q=bob"), Value::Null).await;
    assert!(
        ids(&found).is_empty(),
        "the Okta user's names are not matched: {found}"
    );
    let (_, found) = call(&s, "GET", &format!("{users}?q=ROB"), Value::Null).await;
    assert_eq!(ids(&found), vec![bob["id"].as_str().unwrap().to_owned()]);
}

/// Spec, `listUsers` parameter `fields` and its example answer `ListUsersFieldsResponse`
/// (`fields=status,profile:(firstName,city)`): `id`, the named properties, the named profile
/// attributes, nothing else.
#[tokio::test]
async fn a_users_listing_with_fields_answers_only_the_projection() {
    let s = state();
    let mut body = person("ada@example.com", "Ada");
    body["profile"]["city"] = json!("Chicago");
    let (_, ada) = call(&s, "POST", "/api/v1/users", body).await;
    let path = format!(
        "/api/v1/users?fields={}",
        urlencode("status,profile:(firstName,city)")
    );
    let (status, found) = call(&s, "GET", &path, Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(
        found,
        json!([{"id": ada["id"], "status": ada["status"],
            "profile": {"firstName": "Ada", "city": "Chicago"}}])
    );
    let (status, err) = call(
        &s,
        "GET",
        "/api/v1/users?fields=profile:(firstName",
        Value::Null,
    )
    .await;
    assert_eq!(status, 400);
    assert_okta_error(&err, "E0000001");
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
