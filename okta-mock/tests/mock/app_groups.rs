//! Application–group assignments: members get group-scoped app users, which go with the group
//! unless the user is also assigned directly.

use crate::common::{assert_okta_error, authed, oneshot};
use axum::body::Body;
use okta_mock::Store;
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
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, json)
}

async fn user(s: &AppState, login: &str) -> String {
    let body =
        json!({"profile": {"login": login, "email": login, "firstName": "A", "lastName": "B"}});
    let (status, u) = call(s, "POST", "/api/v1/users", Some(body)).await;
    assert_eq!(status, 200, "{u}");
    u["id"].as_str().unwrap().to_owned()
}

async fn setup(s: &AppState) -> (String, String, String, String) {
    let (_, app) = call(
        s,
        "POST",
        "/api/v1/apps",
        Some(json!({"label": "Wiki", "signOnMode": "BOOKMARK"})),
    )
    .await;
    let (_, group) = call(
        s,
        "POST",
        "/api/v1/groups",
        Some(json!({"profile": {"name": "Eng"}})),
    )
    .await;
    let (app, group) = (
        app["id"].as_str().unwrap().to_owned(),
        group["id"].as_str().unwrap().to_owned(),
    );
    let ada = user(s, "ada@example.com").await;
    let bob = user(s, "bob@example.com").await;
    for u in [&ada, &bob] {
        let (status, _) = call(s, "PUT", &format!("/api/v1/groups/{group}/users/{u}"), None).await;
        assert_eq!(status, 204);
    }
    (app, group, ada, bob)
}

#[tokio::test]
async fn assigning_a_group_gives_its_members_group_scoped_app_users() {
    let s = state();
    let (app, group, ada, _) = setup(&s).await;
    let (status, a) = call(
        &s,
        "PUT",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        Some(json!({"priority": 2, "profile": {"role": "dev"}})),
    )
    .await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(
        (a["id"].as_str(), a["priority"].as_i64()),
        (Some(group.as_str()), Some(2))
    );
    assert_eq!(a["profile"]["role"], "dev");
    assert!(a["_links"]["app"]["href"].as_str().unwrap().ends_with(&app));
    let (_, au) = call(&s, "GET", &format!("/api/v1/apps/{app}/users/{ada}"), None).await;
    assert_eq!(au["scope"], "GROUP");
    assert_eq!(au["profile"]["role"], "dev");
    let (_, listed) = call(&s, "GET", &format!("/api/v1/apps/{app}/groups"), None).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let (_, fetched) = call(
        &s,
        "GET",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        None,
    )
    .await;
    assert_eq!(fetched["priority"], 2);
    let (_, apps) = call(&s, "GET", &format!("/api/v1/groups/{group}/apps"), None).await;
    assert_eq!(apps[0]["id"], app.as_str());
}

#[tokio::test]
async fn unassigning_the_group_removes_only_the_app_users_it_alone_gave() {
    let s = state();
    let (app, group, ada, bob) = setup(&s).await;
    call(
        &s,
        "PUT",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        None,
    )
    .await;
    let (status, _) = call(
        &s,
        "POST",
        &format!("/api/v1/apps/{app}/users"),
        Some(json!({"id": bob, "scope": "USER"})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &s,
        "DELETE",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, err) = call(&s, "GET", &format!("/api/v1/apps/{app}/users/{ada}"), None).await;
    assert_eq!(status, 404);
    assert_okta_error(&err, "E0000007");
    let (status, au) = call(&s, "GET", &format!("/api/v1/apps/{app}/users/{bob}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(au["scope"], "USER");
    let (status, _) = call(
        &s,
        "GET",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        None,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn joining_or_leaving_an_assigned_group_grants_or_revokes_the_app() {
    let s = state();
    let (app, group, ada, _) = setup(&s).await;
    call(
        &s,
        "PUT",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        Some(json!({})),
    )
    .await;
    let carol = user(&s, "carol@example.com").await;
    call(
        &s,
        "PUT",
        &format!("/api/v1/groups/{group}/users/{carol}"),
        None,
    )
    .await;
    let (status, au) = call(
        &s,
        "GET",
        &format!("/api/v1/apps/{app}/users/{carol}"),
        None,
    )
    .await;
    assert_eq!((status, au["scope"].as_str()), (200, Some("GROUP")));
    call(
        &s,
        "DELETE",
        &format!("/api/v1/groups/{group}/users/{ada}"),
        None,
    )
    .await;
    let (status, _) = call(&s, "GET", &format!("/api/v1/apps/{app}/users/{ada}"), None).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_bad_assignment_body_or_unknown_group_is_refused_in_oktas_shape() {
    let s = state();
    let (app, group, _, _) = setup(&s).await;
    let (status, err) = call(
        &s,
        "PUT",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        Some(json!({"priority": "high"})),
    )
    .await;
    assert_eq!(status, 400);
    assert_okta_error(&err, "E0000001");
    let (status, err) = call(
        &s,
        "PUT",
        &format!("/api/v1/apps/{app}/groups/00gnope"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert_okta_error(&err, "E0000007");
}

#[tokio::test]
async fn a_json_patch_replaces_priority_and_profile_attributes_and_members_follow() {
    let s = state();
    let (app, group, ada, _) = setup(&s).await;
    call(
        &s,
        "PUT",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        None,
    )
    .await;
    let patch = json!([
        {"op": "replace", "path": "/priority", "value": 5},
        {"op": "replace", "path": "/profile/manager", "value": "Carlo Ancelotti"}
    ]);
    let (status, a) = call(
        &s,
        "PATCH",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        Some(patch),
    )
    .await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["priority"], 5);
    assert_eq!(a["profile"]["manager"], "Carlo Ancelotti");
    let (_, au) = call(&s, "GET", &format!("/api/v1/apps/{app}/users/{ada}"), None).await;
    assert_eq!(au["profile"]["manager"], "Carlo Ancelotti");
    let bad = json!([{"op": "add", "path": "/priority", "value": 1}]);
    let (status, err) = call(
        &s,
        "PATCH",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        Some(bad),
    )
    .await;
    assert_eq!(status, 400);
    assert_okta_error(&err, "E0000001");
}

#[tokio::test]
async fn every_api_link_on_apps_groups_and_assignments_leads_to_a_served_operation() {
    let s = state();
    let (app, group, _, _) = setup(&s).await;
    let (_, assignment) = call(
        &s,
        "PUT",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        None,
    )
    .await;
    let (_, app_json) = call(&s, "GET", &format!("/api/v1/apps/{app}"), None).await;
    let (_, group_json) = call(&s, "GET", &format!("/api/v1/groups/{group}"), None).await;
    for owner in [&assignment, &group_json, &app_json] {
        for (name, link) in owner["_links"].as_object().unwrap() {
            // `logo` links are static assets, not operations of the API.
            let Some(href) = link["href"].as_str() else {
                continue;
            };
            let Some((_, path)) = href.split_once("/api/") else {
                continue;
            };
            let method = if matches!(name.as_str(), "activate" | "deactivate") {
                "POST"
            } else {
                "GET"
            };
            let (status, body) = call(&s, method, &format!("/api/{path}"), None).await;
            assert!(status < 400, "{name} {href}: {status} {body}");
        }
    }
}
