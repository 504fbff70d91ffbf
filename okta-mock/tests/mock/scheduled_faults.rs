//! Deterministic faults by route and count, set while the mock runs: through `MockServer`
//! and through the admin API.

use std::time::Duration;

use crate::common::{Api, assert_okta_error};
use okta_mock::sim::FaultConfig;
use okta_mock::{Fault, FaultPlan, MockConfig, MockServer, Route};
use serde_json::{Value, json};

#[tokio::test]
async fn the_next_two_requests_to_a_route_answer_503_and_then_it_answers_normally() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    server.fail_next(Route::get("/api/v1/users"), 2, Fault::Status(503));

    let groups = api.get("/api/v1/groups").await;
    assert_eq!(groups.status(), 200, "another route is not affected");
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let res = api.get("/api/v1/users?limit=5").await;
        statuses.push(res.status().as_u16());
        if res.status() == 503 {
            assert!(res.headers().contains_key("x-okta-request-id"));
            assert!(res.headers().contains_key("x-rate-limit-remaining"));
            assert!(res.headers().contains_key("strict-transport-security"));
            assert_okta_error(&res.json().await.unwrap(), "E0000010");
        }
    }
    assert_eq!(statuses, [503, 503, 200]);
    assert!(server.pending_faults().is_empty());
    let journaled: Vec<u16> = server
        .requests_to(Route::get("/api/v1/users"))
        .iter()
        .map(|e| e.status)
        .collect();
    assert_eq!(journaled, [503, 503, 200]);
}

#[tokio::test]
async fn a_scheduled_429_on_an_app_user_carries_okta_s_body_and_an_empty_bucket() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    server.fail_next(
        Route::get("/api/v1/apps/{appId}/users/{userId}"),
        1,
        Fault::Status(429),
    );

    let res = api.get("/api/v1/apps/0oa1/users/00u1").await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["x-rate-limit-remaining"], "0");
    assert!(res.headers().contains_key("x-rate-limit-reset"));
    assert!(
        !res.headers().contains_key("cache-control"),
        "Okta's 429s have no caching headers"
    );
    assert_okta_error(&res.json().await.unwrap(), "E0000047");
    let again = api.get("/api/v1/apps/0oa1/users/00u1").await;
    assert_eq!(again.status(), 404, "once only; then the route answers");
}

#[tokio::test]
async fn rules_on_one_route_apply_in_the_order_they_were_set() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let user = api.create_user("ada@example.com").await;
    let route = Route::get("/api/v1/users/{id}");
    server.fail_next(route.clone(), 1, Fault::Status(500));
    server.fail_next(route.clone(), 1, Fault::Reset);
    server.fail_next(route, 1, FaultPlan::delay(Duration::from_millis(1)));
    assert_eq!(server.pending_faults().len(), 3);

    let first = api.get(&format!("/api/v1/users/{user}")).await;
    assert_eq!(first.status(), 500);
    assert_okta_error(&first.json().await.unwrap(), "E0000009");
    let dropped = api
        .request(reqwest::Method::GET, &format!("/api/v1/users/{user}"))
        .send()
        .await;
    assert!(dropped.is_err(), "the connection was dropped: {dropped:?}");
    let delayed = api.get(&format!("/api/v1/users/{user}")).await;
    assert_eq!(delayed.status(), 200, "a delay alone answers normally");

    let statuses: Vec<u16> = server
        .requests_to(Route::get("/api/v1/users/{id}"))
        .iter()
        .map(|e| e.status)
        .collect();
    assert_eq!(statuses, [500, 0, 200]);
}

#[tokio::test]
async fn the_client_preset_retries_through_scheduled_503s() {
    let server = MockServer::start().await;
    server.fail_next(Route::get("/api/v1/groups"), 2, Fault::Status(503));
    let client = server.client().expect("a client for the mock");

    let page = client.groups().list().send().await.expect("retried twice");
    assert_eq!(page.items.len(), 1, "Everyone");

    server.assert_hits(Route::get("/api/v1/groups"), 3);
    let retries = server.requests_to(Route::get("/api/v1/groups"));
    assert_eq!(retries[2].retry_count.as_deref(), Some("2"));
    assert_eq!(
        retries[2].retry_for.as_deref(),
        Some(retries[0].request_id.as_str())
    );
}

#[tokio::test]
async fn a_scheduled_fault_replaces_the_drawn_one_without_shifting_the_seeded_sequence() {
    // With 503=1 every counted request is drawn a 503; the scheduled 429 takes the first.
    let config = MockConfig::default()
        .faults(FaultConfig::parse("503=1").unwrap())
        .seed(3);
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    server.fail_next(Route::any("/api/v1/**"), 1, Fault::Status(429));
    assert_eq!(api.get("/api/v1/users").await.status(), 429);
    assert_eq!(api.get("/api/v1/users").await.status(), 503);
}

#[tokio::test]
#[should_panic(expected = "status 418 cannot be injected")]
async fn a_status_without_an_okta_body_is_refused_with_a_message() {
    let server = MockServer::start().await;
    server.fail_next(Route::any("/**"), 1, Fault::Status(418));
}

#[tokio::test]
async fn faults_set_through_the_admin_api_are_listed_applied_and_cleared() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let res = api
        .post(
            "/__mock/faults",
            json!({"method": "get", "path": "/api/v1/groups/{id}", "times": 2, "fault": "502"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = api
        .post(
            "/__mock/faults",
            json!({"path": "/api/v1/users/**", "delayMs": 5}),
        )
        .await;
    let pending: Value = res.json().await.unwrap();
    assert_eq!(
        pending,
        json!([
            {"method": "GET", "path": "/api/v1/groups/{id}", "fault": "502", "delayMs": 0,
             "remaining": 2},
            {"method": "*", "path": "/api/v1/users/**", "fault": null, "delayMs": 5,
             "remaining": 1},
        ])
    );

    assert_eq!(api.get("/api/v1/groups/00gnone").await.status(), 502);
    let listed: Value = api.get("/__mock/faults").await.json().await.unwrap();
    assert_eq!(listed[0]["remaining"], 1);
    assert_eq!(
        api.get("/__mock/faults").await.status(),
        200,
        "admin is never faulted"
    );

    assert_eq!(api.delete("/__mock/faults").await.status(), 204);
    assert_eq!(api.get("/api/v1/groups/00gnone").await.status(), 404);
    let listed: Value = api.get("/__mock/faults").await.json().await.unwrap();
    assert_eq!(listed, json!([]));
}

#[tokio::test]
async fn a_bad_fault_request_gets_okta_s_400_naming_what_is_wrong() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let cases = [
        (
            json!({"path": "/x", "fault": "418"}),
            "\"418\" is not one of",
        ),
        (
            json!({"path": "/x", "fault": "reset", "times": 0}),
            "count of at least 1",
        ),
        (json!({"path": "/x"}), "a fault, a delay or both"),
        (
            json!({"path": "/x", "fault": "reset", "colour": 1}),
            "colour",
        ),
        (json!({"fault": "reset"}), "path"),
    ];
    for (body, cause) in cases {
        let res = api.post("/__mock/faults", body.clone()).await;
        assert_eq!(res.status(), 400, "{body}");
        let error: Value = res.json().await.unwrap();
        assert_okta_error(&error, "E0000001");
        let text = error["errorCauses"][0]["errorSummary"].as_str().unwrap();
        assert!(text.contains(cause), "{body}: {text}");
    }
    let res = api
        .request(reqwest::Method::POST, "/__mock/faults")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_okta_error(&res.json().await.unwrap(), "E0000003");
    assert!(server.pending_faults().is_empty());
}

#[tokio::test]
async fn assert_faults_consumed_names_a_fault_the_code_never_met() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    server.fail_next(Route::get("/api/v1/groups"), 1, Fault::Status(502));
    server.fail_next(
        Route::delete("/api/v1/users/{id}"),
        2,
        FaultPlan::delay(Duration::from_millis(20)).then(Fault::Reset),
    );
    assert_eq!(api.get("/api/v1/groups").await.status(), 502);

    let failure = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        server.assert_faults_consumed();
    }))
    .expect_err("the DELETE fault is pending");
    let message = failure
        .downcast_ref::<String>()
        .expect("a formatted message");
    assert!(
        message.contains("1 scheduled fault(s) never met"),
        "{message}"
    );
    assert!(
        message.contains("DELETE /api/v1/users/{id}: 2 more (reset after 20ms)"),
        "{message}"
    );
    assert!(message.contains("GET /api/v1/groups → 502"), "{message}");

    server.clear_faults();
    server.assert_faults_consumed();
}
