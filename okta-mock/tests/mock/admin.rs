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

async fn start_with_default_scenario() -> MockServer {
    MockServer::start_with(
        okta_mock::MockConfig::default().scenario(okta_mock::scenario::default_scenario()),
    )
    .await
    .expect("the mock starts")
}

#[tokio::test]
async fn the_admin_index_lists_every_admin_route_with_its_method_and_needs_the_token() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let unauthenticated = api.client.get(api.url("/__mock/")).send().await.unwrap();
    assert_eq!(unauthenticated.status(), 401);

    let index: Value = api.get("/__mock/").await.json().await.unwrap();
    assert!(index["auth"].as_str().unwrap().contains("SSWS"), "{index}");
    let routes: Vec<(String, String)> = index["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert!(r["answer"].as_str().is_some_and(|a| !a.is_empty()), "{r}");
            (
                r["method"].as_str().unwrap().to_owned(),
                r["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("GET", "/__mock/"),
        ("POST", "/__mock/reset"),
        ("POST", "/__mock/empty"),
        ("POST", "/__mock/scenario"),
        ("GET", "/__mock/scenario"),
        ("GET", "/__mock/journal"),
        ("DELETE", "/__mock/journal"),
        ("POST", "/__mock/faults"),
        ("GET", "/__mock/faults"),
        ("DELETE", "/__mock/faults"),
        ("GET", "/__mock/health"),
        ("POST", "/__mock/users/{id}/factors"),
        ("POST", "/__mock/users/{id}/lock"),
        ("POST", "/__mock/events"),
        ("GET", "/__mock/events"),
        ("GET", "/__mock/hooks/deliveries"),
        ("DELETE", "/__mock/hooks/deliveries"),
        ("PUT", "/__mock/hooks/faults"),
        ("GET", "/__mock/hooks/faults"),
        ("GET", "/__mock/hooks/in-flight"),
        ("POST", "/__mock/oauth/revoke"),
        ("POST", "/__mock/oauth/clock"),
        ("GET", "/__mock/oauth/tokens"),
        ("GET", "/__mock/storage"),
        ("POST", "/__mock/storage/snapshot"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(routes, expected);
    // Every route listed answers its method: none is a 404 or 405 (a user created just
    // before stands in for `{id}`: reset and empty have run by then).
    for (i, (method, path)) in routes.iter().enumerate() {
        let path = &if path.contains("{id}") {
            let user = api.create_user(&format!("index{i}@example.com")).await;
            path.replace("{id}", &user)
        } else {
            path.clone()
        };
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let res = api
            .request(method.clone(), path)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert!(
            ![404, 405].contains(&res.status().as_u16()),
            "{method} {path}: {}",
            res.status()
        );
    }
}

#[tokio::test]
async fn reset_restores_the_scenario_the_mock_started_with() {
    let server = start_with_default_scenario().await;
    let api = Api::new(&server);
    let before: Value = api.get("/__mock/scenario").await.json().await.unwrap();
    let health_before: Value = api.get("/__mock/health").await.json().await.unwrap();
    api.create_user("newcomer@example.com").await;
    let users: Vec<Value> = api
        .get("/api/v1/users?limit=200")
        .await
        .json()
        .await
        .unwrap();
    let some_id = users[0]["id"].as_str().unwrap().to_owned();
    api.post(
        &format!("/api/v1/users/{some_id}/lifecycle/deactivate"),
        json!({}),
    )
    .await;

    assert_eq!(api.post("/__mock/reset", json!({})).await.status(), 204);
    let health: Value = api.get("/__mock/health").await.json().await.unwrap();
    assert_eq!(health, health_before);
    let after: Value = api.get("/__mock/scenario").await.json().await.unwrap();
    assert_eq!(after, before);
    assert!(server.journal().is_empty(), "reset clears the journal");
    let found = api
        .get("/api/v1/users?search=profile.login%20eq%20%22newcomer%40example.com%22")
        .await;
    assert_eq!(found.json::<Vec<Value>>().await.unwrap().len(), 0);
}

#[tokio::test]
async fn empty_leaves_only_everyone_even_when_the_mock_started_with_a_scenario() {
    let server = start_with_default_scenario().await;
    let api = Api::new(&server);
    let health: Value = api.get("/__mock/health").await.json().await.unwrap();
    assert!(health["users"].as_u64().unwrap() > 0);
    api.get("/api/v1/users").await;

    assert_eq!(api.post("/__mock/empty", json!({})).await.status(), 204);
    let health: Value = api.get("/__mock/health").await.json().await.unwrap();
    assert_eq!(
        (
            health["users"].as_u64(),
            health["groups"].as_u64(),
            health["apps"].as_u64()
        ),
        (Some(0), Some(1), Some(0))
    );
    assert!(server.journal().is_empty());
    // reset still brings the starting scenario back after an empty.
    api.post("/__mock/reset", json!({})).await;
    let health: Value = api.get("/__mock/health").await.json().await.unwrap();
    assert!(health["users"].as_u64().unwrap() > 0);
}
