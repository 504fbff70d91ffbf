//! The journal as a test's record: request headers and bodies with secrets redacted, and the
//! assertion helpers (`requests_to`, `hits`, `assert_hits`, `JournalQuery`).

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::common::{Api, authed, body_json, oneshot};
use okta_mock::{JournalQuery, MockServer, Route};
use serde_json::{Value, json};

const PASSWORD: &str = "Tr0ub4dor&3-correct-horse";

#[tokio::test]
async fn the_journal_keeps_request_bodies_and_headers_with_secrets_redacted() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let id = api.create_user("ada@example.com").await;
    api.request(reqwest::Method::GET, &format!("/api/v1/users/{id}"))
        .header("Cookie", "sid=abc123")
        .header("DPoP", "eyJhbGciOiJFUzI1NiJ9.e30.sig")
        .header("X-Custom", "kept")
        .send()
        .await
        .unwrap();

    let created = server.requests_to(Route::post("/api/v1/users"));
    assert_eq!(created.len(), 1);
    let body: Value = created[0].body_json().expect("a JSON body");
    assert_eq!(body["profile"]["login"], "ada@example.com");
    assert_eq!(body["credentials"]["password"]["value"], "<redacted>");
    assert_eq!(created[0].header("Authorization"), Some("SSWS <redacted>"));
    assert_eq!(created[0].header("content-type"), Some("application/json"));

    let read = &server.requests_to(Route::get("/api/v1/users/{id}"))[0];
    assert_eq!(read.header("cookie"), Some("<redacted>"));
    assert_eq!(read.header("dpop"), Some("<redacted>"));
    assert_eq!(read.header("x-custom"), Some("kept"));
    assert!(read.body.is_empty());

    // Nothing secret leaves through the admin API either.
    let raw = api.get("/__mock/journal").await.text().await.unwrap();
    for secret in [
        PASSWORD,
        server.token(),
        "sid=abc123",
        "eyJhbGciOiJFUzI1NiJ9",
    ] {
        assert!(!raw.contains(secret), "{secret} in {raw}");
    }
    let journal: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(journal[0]["headers"]["authorization"], "SSWS <redacted>");
    assert!(
        journal[0]["body"]
            .as_str()
            .unwrap()
            .contains("ada@example.com")
    );
}

#[tokio::test]
async fn a_client_secret_sent_to_the_token_endpoint_is_redacted() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let res = api
        .client
        .post(api.url("/oauth2/v1/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&client_id=0oa1&client_secret=s3cr3t-value&scope=okta.users.read")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error());

    let token = &server.requests_to(Route::post("/oauth2/v1/token"))[0];
    assert!(!token.body.contains("s3cr3t-value"), "{}", token.body);
    assert!(token.body.contains("client_id=0oa1"), "{}", token.body);
    assert!(
        token.body.contains("client_secret=%3Credacted%3E"),
        "{}",
        token.body
    );
}

#[tokio::test]
async fn queries_filter_by_route_status_header_and_body() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    api.create_user("ada@example.com").await;
    api.create_user("alan@example.com").await;
    let duplicate = json!({"profile": {"firstName": "A", "lastName": "L", "email": "ada@example.com",
                                       "login": "ada@example.com"}});
    assert_eq!(api.post("/api/v1/users", duplicate).await.status(), 400);
    api.request(reqwest::Method::GET, "/api/v1/users")
        .header("X-Okta-User-Agent-Extended", "my-tool/1.0")
        .send()
        .await
        .unwrap();

    let creates = Route::post("/api/v1/users");
    assert_eq!(server.hits(creates.clone()), 3);
    assert_eq!(
        server.hits(JournalQuery::new(creates.clone()).status(200)),
        2
    );
    server.assert_hits(JournalQuery::new(creates.clone()).status(400), 1);
    server.assert_hits(
        JournalQuery::new(creates).body_contains("alan@example.com"),
        1,
    );
    server.assert_hits(
        JournalQuery::new(Route::get("/api/v1/users"))
            .header("x-okta-user-agent-extended", "my-tool/1.0"),
        1,
    );
    assert_eq!(server.received_requests().len(), 4);
    assert_eq!(server.received_requests(), server.journal());
}

#[tokio::test]
async fn a_failed_assert_hits_names_the_query_and_lists_what_was_received() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    api.get("/api/v1/users?limit=2").await;
    api.get("/api/v1/groups").await;

    let failure = catch_unwind(AssertUnwindSafe(|| {
        server.assert_hits(Route::delete("/api/v1/users/{id}"), 1);
    }))
    .expect_err("no DELETE was received");
    let message = failure
        .downcast_ref::<String>()
        .expect("a formatted message");
    assert!(
        message.contains("expected 1 request(s) matching DELETE /api/v1/users/{id}, received 0"),
        "{message}"
    );
    assert!(
        message.contains("the mock received 2 request(s)"),
        "{message}"
    );
    assert!(
        message.contains("GET /api/v1/users?limit=2 → 200"),
        "{message}"
    );
    assert!(message.contains("GET /api/v1/groups → 200"), "{message}");
}

#[tokio::test]
async fn a_body_sent_in_chunks_reaches_the_route_and_the_journal_whole() {
    let state = okta_mock::AppState::new(okta_mock::store::Store::new(), "tok");
    let chunks = ["{\"profile\": ", "{\"name\": \"Chunked", " Group\"}}"]
        .map(|c| Ok::<_, std::io::Error>(axum::body::Bytes::from_static(c.as_bytes())));
    let body = axum::body::Body::from_stream(futures::stream::iter(chunks));
    let response = oneshot(&state, authed(&state, "POST", "/api/v1/groups", body)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        body_json(response).await["profile"]["name"],
        "Chunked Group"
    );

    let journal = state.journal.entries();
    assert_eq!(journal[0].body, r#"{"profile":{"name":"Chunked Group"}}"#);
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_okta_s_413_and_never_reaches_the_route() {
    let state = okta_mock::AppState::new(okta_mock::store::Store::new(), "tok");
    let chunk = axum::body::Bytes::from(vec![b' '; 64 * 1024]);
    let chunks = std::iter::repeat_n(chunk, 17).map(Ok::<_, std::io::Error>);
    let body = axum::body::Body::from_stream(futures::stream::iter(chunks));
    let response = oneshot(&state, authed(&state, "POST", "/api/v1/groups", body)).await;
    assert_eq!(response.status(), 413);
    assert_eq!(state.read().counts().groups, 1, "only Everyone");
    let journal = state.journal.entries();
    assert_eq!(journal[0].status, 413);
    assert!(journal[0].body.is_empty(), "a refused body is not kept");
}
