//! End to end, the real client against the mock: raw requests, the rate-limit simulation (the
//! client waits on the server's clock and succeeds) and injected faults (idempotent requests
//! are retried, a POST is not).

use std::sync::Arc;
use std::time::{Duration, Instant};

use okta_client::models::ErrorCode;
use okta_client::{Method, RawRequest, RetryPolicy};
use okta_mock::sim::{Bucket, FaultConfig, ManualClock, RateLimitConfig};
use okta_mock::{Fault, JournalEntry, MockConfig, MockServer, Route};
use okta_tests::{
    api_error, client_for, client_with_retry, fast_retry, profile, requests_to, start_mock_config,
    start_mock_with, within,
};
use serde_json::{Value, json};
use time::macros::datetime;

/// `n` users named `user00`…, as a scenario.
fn users(n: usize) -> String {
    let users: Vec<Value> = (0..n)
        .map(|i| {
            let login = format!("user{i:02}@example.com");
            json!({"profile": {"login": login, "email": login, "firstName": "U",
                               "lastName": format!("N{i:02}")}})
        })
        .collect();
    json!({ "users": users }).to_string()
}

fn scenario(n: usize) -> okta_mock::scenario::Scenario {
    okta_mock::scenario::Scenario::from_json_str(&users(n)).expect("the scenario parses")
}

#[tokio::test]
async fn a_raw_get_returns_status_okta_headers_and_the_json_body() {
    let server = start_mock_with(&users(2)).await;
    let client = client_for(&server);
    let response =
        within(client.raw(RawRequest::new(Method::GET, "/api/v1/users").query("limit", "1")))
            .await
            .expect("answered");
    assert_eq!(response.status, 200);
    assert_eq!(response.body.as_array().map(Vec::len), Some(1));
    let headers = &response.headers;
    assert_eq!(
        headers.get_all("date").iter().count(),
        1,
        "exactly one Date"
    );
    let request_id = headers
        .get("x-okta-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("a request id");
    assert_eq!(response.meta.request_id.as_deref(), Some(request_id));
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    for name in [
        "x-rate-limit-limit",
        "x-rate-limit-remaining",
        "x-rate-limit-reset",
    ] {
        assert!(headers.contains_key(name), "{name} is sent");
    }
    assert!(response.meta.rate_limit.is_some());
    let links: Vec<&str> = headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(links[0].ends_with("rel=\"self\""), "self first: {links:?}");
    assert!(links[1].ends_with("rel=\"next\""), "next last: {links:?}");
    assert!(links[1].starts_with(&format!("<{}/api/v1/users?", server.base_url())));
    let journal = requests_to(&server, "GET", "/api/v1/users");
    assert_eq!(journal[0].request_id, request_id);
    assert_eq!(journal[0].query.as_deref(), Some("limit=1"));
}

#[tokio::test]
async fn a_raw_request_to_another_origin_is_refused_before_anything_is_sent() {
    let server = start_mock_with(&users(1)).await;
    let client = client_for(&server);
    let err = within(client.raw(RawRequest::new(
        Method::GET,
        "http://example.com/api/v1/users",
    )))
    .await
    .expect_err("refused");
    assert!(
        matches!(err, okta_client::Error::InvalidRequest(_)),
        "{err:?}"
    );
    assert!(server.journal().is_empty());
}

/// A mock whose `GET /api/v1/users/{id}` bucket allows `per_minute` requests, on a hand-moved
/// clock stopped at `at`.
async fn rate_limited_mock(
    per_minute: u32,
    at: time::OffsetDateTime,
) -> (MockServer, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(at));
    let mut limits = RateLimitConfig::enterprise();
    limits.buckets.insert(Bucket::UserGet, per_minute);
    let config = MockConfig::default()
        .scenario(scenario(1))
        .rate_limits(limits)
        .clock(clock.clone());
    (start_mock_config(config).await, clock)
}

fn get_user() -> RawRequest {
    RawRequest::new(Method::GET, "/api/v1/users/user00@example.com")
}

#[tokio::test]
async fn after_a_429_the_client_waits_for_the_reset_on_the_servers_clock_and_succeeds() {
    // One second before a minute boundary: the wait is Reset − Date + 1 = 2 s.
    let (server, clock) = rate_limited_mock(2, datetime!(2030-01-01 00:00:59 UTC)).await;
    let client = client_for(&server);
    let first = within(client.raw(get_user())).await.expect("first");
    let limit = first.meta.rate_limit.expect("rate limit headers");
    assert_eq!((limit.limit, limit.remaining), (2, 1));
    assert_eq!(
        limit.reset,
        datetime!(2030-01-01 00:01:00 UTC).unix_timestamp()
    );
    let second = within(client.raw(get_user())).await.expect("second");
    assert_eq!(second.meta.rate_limit.map(|r| r.remaining), Some(0));

    let started = Instant::now();
    let third = tokio::spawn({
        let client = client.clone();
        async move { client.raw(get_user()).await }
    });
    // Once the 429 has been answered, the next minute begins on the mock's clock.
    within(async {
        while !server.journal().iter().any(|e| e.status == 429) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    clock.advance(Duration::from_secs(2));
    let third = within(third)
        .await
        .expect("the task ran")
        .expect("succeeds after waiting");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1900),
        "waited only {waited:?}"
    );
    let limit = third.meta.rate_limit.expect("rate limit headers");
    assert_eq!((limit.limit, limit.remaining), (2, 1), "a fresh window");

    let journal: Vec<JournalEntry> = server.journal();
    let statuses: Vec<u16> = journal.iter().map(|e| e.status).collect();
    assert_eq!(statuses, vec![200, 200, 429, 200]);
    assert_eq!(
        journal[3].retry_for.as_deref(),
        Some(journal[2].request_id.as_str())
    );
    assert_eq!(journal[3].retry_count.as_deref(), Some("1"));
}

#[tokio::test]
async fn a_rate_limit_wait_longer_than_max_wait_returns_the_429_with_its_rate_limit() {
    // At the start of a minute the reset is a minute away, far beyond a 5 s max wait.
    let (server, _clock) = rate_limited_mock(1, datetime!(2030-01-01 00:00:00 UTC)).await;
    let client = client_with_retry(&server, fast_retry().with_max_wait(Duration::from_secs(5)));
    within(client.raw(get_user())).await.expect("first");
    let started = Instant::now();
    let err = within(client.raw(get_user()))
        .await
        .expect_err("rate limited");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "it did not wait"
    );
    assert!(err.is_rate_limited());
    let api = api_error(&err);
    assert_eq!(api.error_code, ErrorCode::RateLimited);
    assert_eq!(
        api.error_summary,
        "API call exceeded rate limit due to too many requests."
    );
    let limit = api.rate_limit.expect("the 429 carries its rate limit");
    assert_eq!((limit.limit, limit.remaining), (1, 0));
    assert_eq!(
        limit.reset,
        datetime!(2030-01-01 00:01:00 UTC).unix_timestamp()
    );
    assert_eq!(server.journal().len(), 2, "no retry was sent");
}

fn faulty(spec: &str, seed: u64, n: usize) -> MockConfig {
    MockConfig::default()
        .scenario(scenario(n))
        .faults(FaultConfig::parse(spec).expect("a valid fault spec"))
        .seed(seed)
}

#[tokio::test]
async fn scheduled_503s_on_a_listing_are_retried_until_it_succeeds() {
    let server = start_mock_config(MockConfig::default().scenario(scenario(6))).await;
    server.fail_next(Route::get("/api/v1/users"), 2, Fault::Status(503));
    let client = client_with_retry(&server, fast_retry().with_max_retries(8));
    let users = within(client.users().list().limit(2).collect_all())
        .await
        .expect("listed despite the 503s");
    assert_eq!(users.len(), 6);
    let journal = server.requests_to(Route::get("/api/v1/users"));
    let statuses: Vec<u16> = journal.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [503, 503, 200, 200, 200],
        "two 503s, then three pages"
    );
    let counts: Vec<Option<&str>> = journal.iter().map(|e| e.retry_count.as_deref()).collect();
    assert_eq!(counts, [None, Some("1"), Some("2"), None, None]);
    assert!(
        journal[1..3]
            .iter()
            .all(|e| e.retry_for.as_deref() == Some(journal[0].request_id.as_str())),
        "a retry names the first request: {journal:?}"
    );
}

#[tokio::test]
async fn a_get_that_keeps_failing_is_retried_max_retries_times_then_surfaced() {
    let server = start_mock_config(faulty("503=1", 1, 1)).await;
    let client = client_with_retry(&server, fast_retry().with_max_retries(2));
    let err = within(client.users().get_by_login("user00@example.com"))
        .await
        .expect_err("always 503");
    let api = api_error(&err);
    assert_eq!(api.status, 503);
    assert_eq!(api.error_code, ErrorCode::ServiceUnavailable);
    let journal = requests_to(&server, "GET", "/api/v1/users/user00@example.com");
    assert_eq!(journal.len(), 3);
    let counts: Vec<Option<&str>> = journal.iter().map(|e| e.retry_count.as_deref()).collect();
    assert_eq!(counts, vec![None, Some("1"), Some("2")]);
    assert!(
        journal[1..]
            .iter()
            .all(|e| e.retry_for.as_deref() == Some(journal[0].request_id.as_str()))
    );
}

#[tokio::test]
async fn a_post_under_a_503_is_not_retried_and_the_error_is_surfaced() {
    let server = start_mock_config(faulty("503=1", 3, 0)).await;
    let client = client_with_retry(&server, RetryPolicy::default().with_jitter(Duration::ZERO));
    let err = within(client.users().create(profile("post")).send())
        .await
        .expect_err("503");
    let api = api_error(&err);
    assert_eq!(api.status, 503);
    assert!(err.is_transient());
    assert_eq!(requests_to(&server, "POST", "/api/v1/users").len(), 1);
}

#[tokio::test]
async fn a_concurrency_429_reports_limit_zero_and_remaining_zero() {
    let mut limits = RateLimitConfig::enterprise();
    limits.concurrency = 1;
    // Every admitted request holds the only slot for a second, so two sent together overlap.
    let config = MockConfig::default()
        .scenario(scenario(1))
        .rate_limits(limits)
        .faults(FaultConfig::parse("latency=1s").expect("a valid fault spec"));
    let server = start_mock_config(config).await;
    let client = client_with_retry(&server, RetryPolicy::none());
    let send = || {
        let client = client.clone();
        tokio::spawn(async move { client.raw(get_user()).await })
    };
    let (a, b) = (send(), send());
    let answers = [
        within(a).await.expect("the task ran"),
        within(b).await.expect("the task ran"),
    ];
    assert_eq!(
        answers.iter().filter(|r| r.is_ok()).count(),
        1,
        "{answers:?}"
    );
    let err = answers
        .iter()
        .find_map(|r| r.as_ref().err())
        .expect("one is refused");
    assert!(err.is_rate_limited());
    let limit = api_error(err).rate_limit.expect("rate limit headers");
    assert_eq!((limit.limit, limit.remaining), (0, 0));
}

#[tokio::test]
async fn a_bearer_access_token_is_accepted_like_an_api_token() {
    let server = start_mock_with(&users(1)).await;
    let client = okta_client::Client::builder()
        .org_url(server.base_url())
        .access_token(server.token())
        .build()
        .expect("client");
    let user = within(client.users().get_by_login("user00@example.com"))
        .await
        .expect("authorised");
    assert_eq!(user.login(), "user00@example.com");
}

#[tokio::test]
async fn error_responses_carry_the_request_id_and_rate_limit_headers_too() {
    let server = start_mock_with(&users(1)).await;
    let client = client_for(&server);
    let err = within(client.users().get_by_login("nobody@example.com"))
        .await
        .expect_err("404");
    let api = api_error(&err);
    assert!(api.rate_limit.is_some(), "{api:?}");
    let journal = requests_to(&server, "GET", "/api/v1/users/nobody@example.com");
    assert_eq!(
        api.request_id.as_deref(),
        Some(journal[0].request_id.as_str())
    );
}

#[tokio::test]
async fn a_rate_limited_create_is_retried_after_the_wait_because_okta_did_not_process_it() {
    let clock = Arc::new(ManualClock::new(datetime!(2030-01-01 00:00:59 UTC)));
    let mut limits = RateLimitConfig::enterprise();
    limits.buckets.insert(Bucket::Users, 1);
    let config = MockConfig::default()
        .rate_limits(limits)
        .clock(clock.clone());
    let server = start_mock_config(config).await;
    let client = client_for(&server);
    within(client.users().create(profile("first")).send())
        .await
        .expect("first create");
    let second = tokio::spawn({
        let client = client.clone();
        async move { client.users().create(profile("second")).send().await }
    });
    within(async {
        while !server.journal().iter().any(|e| e.status == 429) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    clock.advance(Duration::from_secs(2));
    let created = within(second)
        .await
        .expect("the task ran")
        .expect("created after the wait");
    assert_eq!(created.login(), "second@example.com");
    let statuses: Vec<u16> = requests_to(&server, "POST", "/api/v1/users")
        .iter()
        .map(|e| e.status)
        .collect();
    assert_eq!(statuses, vec![200, 429, 200]);
}

#[tokio::test]
async fn next_links_point_at_the_host_the_request_came_to() {
    let server = start_mock_with(&users(3)).await;
    let org = format!("http://localhost:{}", server.addr().port());
    let client = okta_client::Client::builder()
        .org_url(org.clone())
        .api_token(server.token())
        .build()
        .expect("client");
    let page = within(client.users().list().limit(2).send())
        .await
        .expect("first page");
    let next = page.next.expect("a next link");
    assert!(next.as_str().starts_with(&org), "{next} is on {org}");
    let all = within(client.users().list().limit(2).collect_all())
        .await
        .expect("every page, following links on localhost");
    assert_eq!(all.len(), 3);
}
