//! Retries on the wire: which failures are retried, how long the client waits and which
//! headers the retries carry.

use std::time::Duration;

use crate::support::{Double, RATE_LIMITED, http_date, json, respond};
use okta_client::models::ErrorCode;
use okta_client::{Error, RawRequest};
use reqwest::Method;

const HTML_502: &str =
    "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

async fn get(client: &okta_client::Client) -> Result<okta_client::RawResponse, Error> {
    client
        .raw(RawRequest::new(Method::GET, "/api/v1/users/00u1"))
        .await
}

#[tokio::test]
async fn an_html_502_is_retried_for_get_and_then_returned_as_an_api_error_with_its_text() {
    let double =
        Double::start(|_| respond(502, &[("content-type", "text/html".into())], HTML_502)).await;
    let err = get(&double.client()).await.unwrap_err();
    assert_eq!(double.seen().len(), 4, "one try and three retries");
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status, 502);
    assert_eq!(api.error_code, ErrorCode::Unknown(String::new()));
    assert_eq!(api.raw_body.as_deref(), Some(HTML_502));
    assert!(err.is_transient());
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn retries_carry_the_first_request_id_and_their_count() {
    let double = Double::start(|call| {
        let id = ("x-okta-request-id", format!("req-{}", call.index + 1));
        if call.index < 2 {
            json(503, &[id], "{}")
        } else {
            json(200, &[id], r#"{"ok":true}"#)
        }
    })
    .await;
    let response = get(&double.client()).await.unwrap();
    assert_eq!(response.body["ok"], true);
    assert_eq!(response.meta.request_id.as_deref(), Some("req-3"));
    let seen = double.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].header("x-okta-retry-for"), "");
    assert_eq!(seen[0].header("x-okta-retry-count"), "");
    assert_eq!(seen[1].header("x-okta-retry-for"), "req-1");
    assert_eq!(seen[1].header("x-okta-retry-count"), "1");
    assert_eq!(seen[2].header("x-okta-retry-for"), "req-1");
    assert_eq!(seen[2].header("x-okta-retry-count"), "2");
}

#[tokio::test]
async fn a_post_is_not_retried_on_503() {
    let double = Double::start(|_| json(503, &[], "{}")).await;
    let err = double
        .client()
        .raw(
            RawRequest::new(Method::POST, "/api/v1/users").json(serde_json::json!({"profile": {}})),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(double.seen().len(), 1);
}

#[tokio::test]
async fn a_404_is_not_retried_and_is_recognised_as_not_found() {
    let body = r#"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 00u1 (User)","errorLink":"E0000007","errorId":"oae1","errorCauses":[]}"#;
    let double =
        Double::start(move |_| json(404, &[("x-okta-request-id", "r404".into())], body)).await;
    let err = get(&double.client()).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.request_id(), Some("r404"));
    assert_eq!(double.seen().len(), 1);
}

/// A 429 whose server clock is `date`, resetting one second later: the client must wait
/// `Reset − Date + 1 s` = 2 s whatever its own clock says.
async fn waits_two_seconds_after_a_429_dated(date: i64) {
    let double = Double::start(move |call| {
        let headers = [
            ("date", http_date(date)),
            ("x-rate-limit-limit", "600".into()),
            ("x-rate-limit-remaining", "0".into()),
            ("x-rate-limit-reset", (date + 1).to_string()),
        ];
        if call.index == 0 {
            json(429, &headers, RATE_LIMITED)
        } else {
            json(200, &[], "[]")
        }
    })
    .await;
    get(&double.client()).await.unwrap();
    let seen = double.seen();
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(
        waited >= Duration::from_millis(1900),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
}

#[tokio::test]
async fn a_429_wait_is_measured_on_the_server_clock_even_when_it_is_far_in_the_past() {
    waits_two_seconds_after_a_429_dated(978_307_200).await; // 2001-01-01
}

#[tokio::test]
async fn a_429_wait_is_measured_on_the_server_clock_even_when_it_is_far_in_the_future() {
    waits_two_seconds_after_a_429_dated(4_102_444_800).await; // 2100-01-01
}

#[tokio::test]
async fn with_two_reset_headers_the_smallest_wins() {
    let date = 1_420_070_400;
    let double = Double::start(move |call| {
        let headers = [
            ("date", http_date(date)),
            ("x-rate-limit-limit", "600".into()),
            ("x-rate-limit-remaining", "0".into()),
            ("x-rate-limit-reset", (date + 30).to_string()),
            ("x-rate-limit-reset", (date + 1).to_string()),
        ];
        if call.index == 0 {
            json(429, &headers, RATE_LIMITED)
        } else {
            json(200, &[], "{}")
        }
    })
    .await;
    // max_wait is 5 s: had the larger reset been used (31 s) the 429 would come straight back.
    get(&double.client()).await.unwrap();
    let seen = double.seen();
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(
        waited >= Duration::from_millis(1900) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
}

#[tokio::test]
async fn a_429_that_asks_for_more_than_max_wait_is_returned_at_once_with_its_rate_limit() {
    let date = 1_420_070_400;
    let double = Double::start(move |_| {
        let headers = [
            ("date", http_date(date)),
            ("x-rate-limit-limit", "100".into()),
            ("x-rate-limit-remaining", "0".into()),
            ("x-rate-limit-reset", (date + 60).to_string()),
        ];
        json(429, &headers, RATE_LIMITED)
    })
    .await;
    let err = get(&double.client()).await.unwrap_err();
    assert!(err.is_rate_limited());
    let api = err.api_error().unwrap();
    assert_eq!(api.error_code, ErrorCode::RateLimited);
    let rl = api.rate_limit.expect("rate limit on the error");
    assert_eq!((rl.limit, rl.remaining, rl.reset), (100, 0, date + 60));
    assert_eq!(double.seen().len(), 1);
}

#[tokio::test]
async fn a_429_without_rate_limit_headers_is_retried_after_a_short_backoff() {
    let double = Double::start(|call| {
        if call.index == 0 {
            json(429, &[], RATE_LIMITED)
        } else {
            json(200, &[], "{}")
        }
    })
    .await;
    get(&double.client()).await.unwrap();
    let seen = double.seen();
    assert_eq!(seen.len(), 2);
    assert!(seen[1].at - seen[0].at < Duration::from_secs(1));
}

#[tokio::test]
async fn a_post_is_retried_after_a_429_because_okta_did_not_process_it() {
    let double = Double::start(|call| {
        if call.index == 0 {
            json(429, &[], RATE_LIMITED)
        } else {
            json(200, &[], "{}")
        }
    })
    .await;
    double
        .client()
        .raw(RawRequest::new(Method::POST, "/api/v1/groups"))
        .await
        .unwrap();
    assert_eq!(double.seen().len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_get_and_reported_as_transient() {
    // A port that was just free: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = okta_client::Client::builder()
        .org_url(base)
        .api_token("t")
        .retry_policy(crate::support::fast_retries().with_max_retries(1))
        .build()
        .unwrap();
    let err = get(&client).await.unwrap_err();
    assert!(matches!(err, Error::Http { .. }), "{err:?}");
    assert!(err.is_transient());
    assert!(!err.to_string().contains("test-token"));
}

#[tokio::test]
async fn no_retry_policy_means_exactly_one_try() {
    let double = Double::start(|_| json(503, &[], "{}")).await;
    let client = double
        .builder()
        .retry_policy(okta_client::RetryPolicy::none())
        .build()
        .unwrap();
    assert_eq!(get(&client).await.unwrap_err().status(), Some(503));
    assert_eq!(double.seen().len(), 1);
}

#[tokio::test]
async fn a_timed_out_get_is_retried_and_then_reported_as_a_timeout() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().fallback(move || {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(2)).await;
            "{}"
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = okta_client::Client::builder()
        .org_url(base)
        .api_token("t")
        .request_timeout(Duration::from_millis(200))
        .retry_policy(crate::support::fast_retries().with_max_retries(1))
        .build()
        .unwrap();
    let err = get(&client).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Http {
                kind: okta_client::error::TransportErrorKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_transient());
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}
