//! Okta's caching and security headers, the `errorId` form and the bare 405, each as recorded
//! from real orgs in okta/okta-sdk-python's VCR cassettes (`tests/integration/cassettes/`);
//! `okta-mock/src/http/headers.rs` lists what was counted there.

use crate::common::Api;
use okta_mock::MockServer;

/// A 200 (list users), a 404 (missing user) and a 400 (malformed body), from one mock.
async fn answers(api: &Api) -> Vec<reqwest::Response> {
    let bad_body = api
        .request(reqwest::Method::POST, "/api/v1/groups")
        .body("{")
        .send()
        .await
        .unwrap();
    vec![
        api.get("/api/v1/users").await,
        api.get("/api/v1/users/00unope").await,
        bad_body,
    ]
}

fn header<'a>(res: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    res.headers().get(name).map(|v| v.to_str().expect("ascii"))
}

#[tokio::test]
async fn api_answers_say_no_cache_no_store_as_okta_does() {
    // Recorded on every 2xx/400/403/404, e.g. `TestGroupsResource.test_create_get_group`.
    let server = MockServer::start().await;
    let api = Api::new(&server);
    for res in answers(&api).await {
        assert_eq!(
            header(&res, "cache-control"),
            Some("no-cache, no-store"),
            "{}",
            res.status()
        );
    }
}

#[tokio::test]
async fn api_answers_expire_at_once_as_okta_does() {
    // Recorded `expires: '0'` beside the Cache-Control above.
    let server = MockServer::start().await;
    let api = Api::new(&server);
    for res in answers(&api).await {
        assert_eq!(header(&res, "expires"), Some("0"), "{}", res.status());
    }
}

#[tokio::test]
async fn api_answers_carry_pragma_no_cache_as_okta_does() {
    // Recorded `pragma: no-cache` beside the Cache-Control above.
    let server = MockServer::start().await;
    let api = Api::new(&server);
    for res in answers(&api).await {
        assert_eq!(header(&res, "pragma"), Some("no-cache"), "{}", res.status());
    }
}

#[tokio::test]
async fn every_answer_carries_okta_strict_transport_security_even_a_405() {
    // Recorded on every status, 405 and 429 included (`TestRealmsResource.test_update_realm_basic`).
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let mut all = answers(&api).await;
    all.push(
        api.request(reqwest::Method::PATCH, "/api/v1/users")
            .send()
            .await
            .unwrap(),
    );
    for res in all {
        assert_eq!(
            header(&res, "strict-transport-security"),
            Some("max-age=315360000; includeSubDomains"),
            "{}",
            res.status()
        );
        assert_eq!(header(&res, "x-content-type-options"), Some("nosniff"));
    }
}

#[tokio::test]
async fn vary_accept_encoding_is_on_200_and_404_but_not_on_400() {
    // Recorded: `Vary: Accept-Encoding` on 200, 403 and 404 answers, never on a 400.
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let all = answers(&api).await;
    assert_eq!(header(&all[0], "vary"), Some("Accept-Encoding"));
    assert_eq!(header(&all[1], "vary"), Some("Accept-Encoding"));
    assert_eq!(all[2].status(), 400);
    assert_eq!(header(&all[2], "vary"), None);
}

#[tokio::test]
async fn a_405_carries_no_rate_limit_or_cache_headers() {
    // Recorded 405 E0000022 answers (`TestSessionsResource.test_session_error_handling_scenarios`,
    // `TestRealmsResource.test_update_realm_basic`) have only Content-Type,
    // Strict-Transport-Security and X-Content-Type-Options besides the connection headers.
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let res = api
        .request(reqwest::Method::PATCH, "/api/v1/users")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    for name in [
        "x-rate-limit-limit",
        "x-rate-limit-remaining",
        "x-rate-limit-reset",
        "cache-control",
        "expires",
        "pragma",
        "vary",
    ] {
        assert_eq!(header(&res, name), None, "{name}");
    }
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errorCode"], "E0000022");
}

#[tokio::test]
async fn error_ids_have_okta_form_oae_and_25_characters() {
    // Recorded: all 334 real errorIds in the cassettes are 25 characters starting `oae`
    // (e.g. `oae-CxK3pOUQEGBRFKUbjie0Q`, `TestUsersResource.test_reactivate_user`).
    let server = MockServer::start().await;
    let api = Api::new(&server);
    for res in answers(&api).await.into_iter().skip(1) {
        let body: serde_json::Value = res.json().await.unwrap();
        let id = body["errorId"].as_str().expect("errorId");
        assert_eq!(id.len(), 25, "{id}");
        assert!(id.starts_with("oae"), "{id}");
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{id}"
        );
    }
}
