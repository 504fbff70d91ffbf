//! The admin API under `/__mock/`.

use crate::common::{Api, assert_okta_error};
use okta_mock::MockServer;
use serde_json::{Value, json};

#[tokio::test]
async fn health_counts_the_org_and_reset_empties_it() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    api.create_user("one@example.com").await;
    api.create_group("Admins").await;
    let health: Value = api.get("/__mock/health").await.json().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["users"], 1);
    assert_eq!(health["groups"], 2, "Everyone plus Admins");

    let res = api.post("/__mock/reset", json!({})).await;
    assert_eq!(res.status(), 204);
    let health: Value = api.get("/__mock/health").await.json().await.unwrap();
    assert_eq!(
        (health["users"].as_u64(), health["groups"].as_u64()),
        (Some(0), Some(1))
    );
    let users: Vec<Value> = api.get("/api/v1/users").await.json().await.unwrap();
    assert!(users.is_empty());
}

#[tokio::test]
async fn the_admin_api_needs_the_token_too() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let res = api
        .client
        .post(api.url("/__mock/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_okta_error(&res.json().await.unwrap(), "E0000011");
}

#[tokio::test]
async fn the_journal_records_api_requests_with_their_request_ids_and_can_be_cleared() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let res = api
        .request(reqwest::Method::GET, "/api/v1/users?limit=3")
        .header("X-Okta-Retry-For", "abc")
        .header("X-Okta-Retry-Count", "1")
        .send()
        .await
        .unwrap();
    let request_id = res.headers()["x-okta-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    api.get("/api/v1/users/00unobody").await;

    let journal: Vec<Value> = api.get("/__mock/journal").await.json().await.unwrap();
    assert_eq!(
        journal.len(),
        2,
        "admin requests are not journaled: {journal:?}"
    );
    assert_eq!(journal[0]["method"], "GET");
    assert_eq!(journal[0]["path"], "/api/v1/users");
    assert_eq!(journal[0]["query"], "limit=3");
    assert_eq!(journal[0]["status"], 200);
    assert_eq!(journal[0]["requestId"], request_id.as_str());
    assert_eq!(journal[0]["retryFor"], "abc");
    assert_eq!(journal[0]["retryCount"], "1");
    assert_eq!(journal[1]["status"], 404);
    assert_eq!(server.journal().len(), 2);

    assert_eq!(api.delete("/__mock/journal").await.status(), 204);
    assert!(server.journal().is_empty());
}

#[tokio::test]
async fn loading_a_bad_scenario_is_a_400_naming_the_problem_and_keeps_the_org() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    api.create_user("kept@example.com").await;
    let res = api
        .request(reqwest::Method::POST, "/__mock/scenario")
        .body(r#"{"users": [{"nonsense": true}]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_okta_error(&body, "E0000001");
    let cause = body["errorCauses"][0]["errorSummary"].as_str().unwrap();
    assert!(
        cause.contains("users"),
        "the cause names where in the file: {cause}"
    );
    let health: Value = api.get("/__mock/health").await.json().await.unwrap();
    assert_eq!(health["users"], 1);
}

#[tokio::test]
async fn an_exported_scenario_loads_back_into_the_same_counts() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let user = api.create_user("round@example.com").await;
    let group = api.create_group("Round Trip").await;
    assert_eq!(
        api.put(&format!("/api/v1/groups/{group}/users/{user}"), json!({}))
            .await
            .status(),
        204
    );
    let exported = api.get("/__mock/scenario").await.text().await.unwrap();
    let before: Value = api.get("/__mock/health").await.json().await.unwrap();

    let other = MockServer::start().await;
    let other_api = Api::new(&other);
    let res = other_api
        .request(reqwest::Method::POST, "/__mock/scenario")
        .body(exported)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let after: Value = other_api.get("/__mock/health").await.json().await.unwrap();
    assert_eq!(before, after);
}
