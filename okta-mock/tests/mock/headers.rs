//! Every response, success or error, carries Okta's headers.

use std::collections::HashSet;

use crate::common::Api;
use okta_mock::MockServer;
use serde_json::json;

fn assert_okta_headers(res: &reqwest::Response, what: &str) -> String {
    let h = res.headers();
    assert_eq!(
        h.get_all("date").iter().count(),
        1,
        "{what}: exactly one Date"
    );
    let date = h["date"].to_str().expect("ascii date");
    assert!(
        date.ends_with(" GMT") && date.len() == 29,
        "{what}: Date {date:?} is IMF-fixdate"
    );
    let rate_limit = [
        "x-rate-limit-limit",
        "x-rate-limit-remaining",
        "x-rate-limit-reset",
    ];
    if res.status() == reqwest::StatusCode::METHOD_NOT_ALLOWED {
        // Recorded 405s carry no rate-limit headers (see okta_headers.rs).
        assert!(rate_limit.iter().all(|n| h.get(*n).is_none()), "{what}");
        return h["x-okta-request-id"].to_str().expect("ascii").to_owned();
    }
    for name in rate_limit {
        let value = h.get(name).unwrap_or_else(|| panic!("{what}: no {name}"));
        value
            .to_str()
            .expect("ascii")
            .parse::<i64>()
            .unwrap_or_else(|_| panic!("{what}: {name}"));
    }
    let reset: i64 = h["x-rate-limit-reset"].to_str().unwrap().parse().unwrap();
    assert!(
        reset > 1_600_000_000,
        "{what}: Reset is UTC epoch seconds, got {reset}"
    );
    if res.status() == reqwest::StatusCode::NO_CONTENT {
        // Okta sends no Content-Type without a body; the Python SDK would parse "" as JSON.
        assert!(
            h.get("content-type").is_none(),
            "{what}: no Content-Type on a 204"
        );
    } else {
        let content_type = h["content-type"].to_str().expect("ascii");
        assert!(
            content_type.starts_with("application/json"),
            "{what}: {content_type}"
        );
    }
    let id = h
        .get("x-okta-request-id")
        .unwrap_or_else(|| panic!("{what}: no request id"));
    id.to_str().expect("ascii").to_owned()
}

#[tokio::test]
async fn every_response_carries_date_request_id_rate_limit_and_content_type_headers_except_204_content_type()
 {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let user = api.create_user("headers@example.com").await;
    let mut ids = HashSet::new();

    let cases = vec![
        ("list users (200)", api.get("/api/v1/users").await, 200),
        (
            "get user (200)",
            api.get(&format!("/api/v1/users/{user}")).await,
            200,
        ),
        (
            "no token (401)",
            api.client
                .get(api.url("/api/v1/users"))
                .send()
                .await
                .unwrap(),
            401,
        ),
        (
            "missing user (404)",
            api.get("/api/v1/users/00unope").await,
            404,
        ),
        (
            "unknown path (404)",
            api.get("/api/v1/nothing/here").await,
            404,
        ),
        (
            "wrong method (405)",
            api.request(reqwest::Method::PATCH, "/api/v1/users")
                .send()
                .await
                .unwrap(),
            405,
        ),
        (
            "malformed body (400)",
            api.request(reqwest::Method::POST, "/api/v1/groups")
                .body("{")
                .send()
                .await
                .unwrap(),
            400,
        ),
        (
            "delete (204)",
            api.delete(&format!("/api/v1/users/{user}")).await,
            204,
        ),
    ];
    for (what, res, status) in cases {
        assert_eq!(res.status().as_u16(), status, "{what}");
        ids.insert(assert_okta_headers(&res, what));
    }
    assert_eq!(ids.len(), 8, "request ids are unique");
}

#[tokio::test]
async fn rate_limit_headers_count_down_even_when_limits_are_off() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let user = api.create_user("countdown@example.com").await;
    let remaining = |res: &reqwest::Response| -> (u32, u32) {
        let get = |n: &str| res.headers()[n].to_str().unwrap().parse::<u32>().unwrap();
        (get("x-rate-limit-limit"), get("x-rate-limit-remaining"))
    };
    let first = api.get(&format!("/api/v1/users/{user}")).await;
    let second = api.get(&format!("/api/v1/users/{user}")).await;
    // Okta's Enterprise limit for GET /api/v1/users/{id} is 1,000 per minute.
    assert_eq!(remaining(&first).0, 1000);
    assert_eq!(remaining(&second).0, 1000);
    let (a, b) = (remaining(&first).1, remaining(&second).1);
    // Unless the minute turned between the two requests, the second has one fewer left.
    assert!(b == a - 1 || b == 999, "remaining went {a} → {b}");
    let res = api
        .post("/api/v1/groups", json!({"profile": {"name": "g"}}))
        .await;
    assert_eq!(remaining(&res).0, 600);
}
