//! In-process restarts of a mock on a data directory: the whole org comes back the same
//! (users with their credentials state and statuses, groups, memberships, apps with settings,
//! app users, group assignments, `/users/me`, the event log's position); `reset_data` starts
//! over; a second mock cannot open a directory in use; `GET /__mock/storage` reports it.

use okta_mock::scenario::default_scenario;
use okta_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

use super::TempDir;
use crate::common::Api;

fn config(dir: &std::path::Path) -> MockConfig {
    let mut scenario = default_scenario();
    scenario.me = Some(
        scenario.users[0].profile["login"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    MockConfig::default().scenario(scenario).data_dir(dir)
}

async fn json(api: &Api, path: &str) -> Value {
    let res = api.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    res.json().await.expect("JSON")
}

/// Everything the API shows of the org, for comparing two runs.
async fn everything(api: &Api) -> Value {
    let users = json(api, "/api/v1/users?limit=200").await;
    let mut memberships = Vec::new();
    for u in users.as_array().unwrap() {
        let id = u["id"].as_str().unwrap();
        memberships.push(json(api, &format!("/api/v1/users/{id}/groups")).await);
    }
    let apps = json(api, "/api/v1/apps").await;
    let mut assignments = Vec::new();
    for a in apps.as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        assignments.push(json(api, &format!("/api/v1/apps/{id}/users?limit=200")).await);
        assignments.push(json(api, &format!("/api/v1/apps/{id}/groups")).await);
    }
    let all = json!({
        "users": users,
        "memberships": memberships,
        "groups": json(api, "/api/v1/groups").await,
        "apps": apps,
        "assignments": assignments,
        "me": json(api, "/api/v1/users/me").await,
    });
    // `_links` name the mock's address, which changes with each start.
    serde_json::from_str(&all.to_string().replace(&api.base, "http://mock")).unwrap()
}

/// Writes touching every kind of record.
async fn change_everything(api: &Api) {
    let created = api
        .post(
            "/api/v1/users?activate=true",
            json!({"profile": {"login": "new@example.com", "email": "new@example.com",
                               "firstName": "New", "lastName": "User", "department": "R&D"},
                   "credentials": {"password": {"value": "Sup3r-secret!"},
                                   "recovery_question": {"question": "Who?", "answer": "Me, myself"}}}),
        )
        .await;
    assert_eq!(created.status(), 200);
    let user: Value = created.json().await.unwrap();
    let user = user["id"].as_str().unwrap().to_owned();
    let staged = api.create_user("staged@example.com").await;
    let res = api
        .post(
            &format!("/api/v1/users/{staged}/lifecycle/deactivate"),
            json!({}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let group = api.create_group("Restarted").await;
    let res = api
        .put(&format!("/api/v1/groups/{group}/users/{user}"), json!({}))
        .await;
    assert_eq!(res.status(), 204);
    let apps = json(api, "/api/v1/apps?q=Intranet").await;
    let app = apps[0]["id"].as_str().unwrap().to_owned();
    let res = api
        .post(
            &format!("/api/v1/apps/{app}/users"),
            json!({"id": user, "profile": {"x": 1}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = api
        .put(
            &format!("/api/v1/apps/{app}/groups/{group}"),
            json!({"priority": 0}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let mut intranet = apps[0].clone();
    intranet["label"] = json!("Intranet (renamed)");
    let res = api.put(&format!("/api/v1/apps/{app}"), intranet).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
}

#[tokio::test]
async fn an_org_in_a_data_directory_comes_back_the_same_after_a_restart() {
    let dir = TempDir::new("restart");
    let mock = MockServer::start_with(config(&dir.0)).await.unwrap();
    let api = Api::new(&mock);
    change_everything(&api).await;
    let before = everything(&api).await;
    let seq = mock.store().read().unwrap().events().last_seq();
    drop(api);
    mock.shutdown().await;

    let mock = MockServer::start_with(config(&dir.0)).await.unwrap();
    let api = Api::new(&mock);
    assert_eq!(everything(&api).await, before);
    assert_eq!(mock.store().read().unwrap().events().last_seq(), seq);
    assert!(before["users"].to_string().contains("new@example.com"));
}

#[tokio::test]
async fn reset_data_starts_over_from_the_scenario() {
    let dir = TempDir::new("reset");
    let mock = MockServer::start_with(config(&dir.0)).await.unwrap();
    let api = Api::new(&mock);
    let fresh = everything(&api).await;
    change_everything(&api).await;
    drop(api);
    mock.shutdown().await;

    let mock = MockServer::start_with(config(&dir.0).reset_data(true))
        .await
        .unwrap();
    let api = Api::new(&mock);
    let res = api.get("/api/v1/users/new@example.com").await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        everything(&api).await["users"].as_array().map(Vec::len),
        fresh["users"].as_array().map(Vec::len)
    );
}

#[tokio::test]
async fn a_second_mock_cannot_open_a_data_directory_in_use() {
    let dir = TempDir::new("lock");
    let first = MockServer::start_with(config(&dir.0)).await.unwrap();
    let err = MockServer::start_with(config(&dir.0))
        .await
        .expect_err("the directory is locked");
    let message = err.to_string();
    assert!(message.contains(&dir.0.display().to_string()), "{message}");
    assert!(message.contains("in use by another okta-mock"), "{message}");
    assert!(message.contains("--data-dir"), "{message}");
    first.shutdown().await;
    // Released with the first mock.
    let again = MockServer::start_with(config(&dir.0)).await;
    assert!(again.is_ok(), "{:?}", again.err());
}

#[tokio::test]
async fn the_storage_route_reports_the_data_directory_and_its_size() {
    let dir = TempDir::new("storage");
    let mock = MockServer::start_with(config(&dir.0)).await.unwrap();
    let api = Api::new(&mock);
    api.create_user("counted@example.com").await;
    let storage = json(&api, "/__mock/storage").await;
    assert_eq!(
        storage["dataDir"],
        json!(dir.0.join("").display().to_string().trim_end_matches('/'))
    );
    assert!(storage["bytes"].as_u64().unwrap() > 0, "{storage}");
    // The creation, and the System Log events it produced.
    assert_eq!(storage["durableRecords"], json!(2));
    let index = json(&api, "/__mock/").await;
    assert!(index.to_string().contains("/__mock/storage"));

    let memory = MockServer::start().await;
    let storage = json(&Api::new(&memory), "/__mock/storage").await;
    assert_eq!(storage, json!({"dataDir": null}));
}

#[tokio::test]
async fn a_mock_shut_down_while_a_client_keeps_its_connection_releases_the_data_directory() {
    let dir = TempDir::new("release");
    let first = MockServer::start_with(config(&dir.0)).await.unwrap();
    let api = Api::new(&first);
    api.create_user("kept-alive@example.com").await;
    // `api` keeps its keep-alive connection open across the shutdown.
    first.shutdown().await;
    let again = MockServer::start_with(config(&dir.0))
        .await
        .expect("the directory is free once shut down");
    let res = Api::new(&again)
        .get("/api/v1/users/kept-alive@example.com")
        .await;
    assert_eq!(res.status(), 200);
    drop(api);
    again.shutdown().await;
}
