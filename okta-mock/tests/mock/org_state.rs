//! Putting the org back in a known state from a test: `reset`, `empty`, `load_scenario`.

use crate::common::Api;
use okta_mock::scenario::{Scenario, default_scenario};
use okta_mock::{Fault, MockConfig, MockServer, Route};

fn small_org() -> Scenario {
    Scenario::from_json_str(
        r#"{"groups": [{"name": "Contractors"}],
            "users": [{"profile": {"login": "ada@example.com", "email": "ada@example.com",
                                   "firstName": "Ada", "lastName": "Lovelace"},
                       "groups": ["Contractors"]}]}"#,
    )
    .expect("a valid scenario")
}

#[tokio::test]
async fn reset_restores_the_starting_scenario_and_forgets_the_journal_and_the_faults() {
    let server = MockServer::start_with(MockConfig::default().scenario(small_org()))
        .await
        .unwrap();
    let api = Api::new(&server);
    api.create_user("grace@example.com").await;
    assert_eq!(api.delete("/api/v1/groups/00gnone").await.status(), 404);
    server.fail_next(Route::any("/**"), 5, Fault::Status(503));

    server.reset();

    assert!(server.received_requests().is_empty());
    assert!(server.pending_faults().is_empty());
    let users: Vec<serde_json::Value> = api.get("/api/v1/users").await.json().await.unwrap();
    let logins: Vec<&str> = users
        .iter()
        .map(|u| u["profile"]["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins, ["ada@example.com"]);
}

#[tokio::test]
async fn load_scenario_replaces_the_org_and_reset_still_restores_the_first() {
    let server = MockServer::start_with(MockConfig::default().scenario(small_org()))
        .await
        .unwrap();
    let api = Api::new(&server);

    let counts = server.load_scenario(&default_scenario()).unwrap();
    assert!(counts.users > 1, "{counts:?}");
    assert_eq!(api.get("/api/v1/users/ada@example.com").await.status(), 404);
    assert_eq!(
        api.get("/api/v1/users/alice.anders@example.com")
            .await
            .status(),
        200
    );
    assert_eq!(
        server.hits(Route::get("/api/v1/users/{id}")),
        2,
        "journal kept"
    );

    server.reset();
    assert_eq!(api.get("/api/v1/users/ada@example.com").await.status(), 200);
    assert_eq!(
        api.get("/api/v1/users/alice.anders@example.com")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn a_refused_scenario_names_the_place_and_leaves_the_org_unchanged() {
    let server = MockServer::start_with(MockConfig::default().scenario(small_org()))
        .await
        .unwrap();
    let api = Api::new(&server);
    let bad = Scenario::from_json_str(
        r#"{"users": [{"profile": {"login": "x@example.com", "email": "x@example.com",
                                   "firstName": "X", "lastName": "Y"},
                       "groups": ["No Such Group"]}]}"#,
    )
    .expect("well-formed, refused only when loaded");

    let err = server.load_scenario(&bad).expect_err("an unknown group");
    assert!(err.to_string().contains("users[0]"), "{err}");
    assert_eq!(api.get("/api/v1/users/ada@example.com").await.status(), 200);
}

#[tokio::test]
async fn empty_leaves_only_the_everyone_group() {
    let server = MockServer::start_with(MockConfig::default().scenario(default_scenario()))
        .await
        .unwrap();
    let api = Api::new(&server);
    api.get("/api/v1/users").await;

    server.empty();

    assert!(server.received_requests().is_empty());
    let users: Vec<serde_json::Value> = api.get("/api/v1/users").await.json().await.unwrap();
    assert!(users.is_empty());
    let groups: Vec<serde_json::Value> = api.get("/api/v1/groups").await.json().await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["profile"]["name"], "Everyone");
}
