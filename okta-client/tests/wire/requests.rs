//! What every request carries on the wire (auth, user agent, content type) and what every
//! response gives back (request id, rate limit), through the raw request API.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::{Double, http_date, json, respond};
use futures::future::BoxFuture;
use okta_client::AuthHeader;
use okta_client::{Error, RawRequest, TokenProvider};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};

#[tokio::test]
async fn requests_carry_the_api_token_user_agent_and_json_headers() {
    let double = Double::start(|_| json(200, &[], "{}")).await;
    let client = double
        .builder()
        .user_agent_suffix("okta-flows/1.2")
        .build()
        .unwrap();
    client
        .raw(RawRequest::new(Method::GET, "/api/v1/users"))
        .await
        .unwrap();
    let seen = &double.seen()[0];
    assert_eq!(seen.header("authorization"), "SSWS test-token");
    assert_eq!(seen.header("accept"), "application/json");
    assert_eq!(seen.header("content-type"), "application/json");
    assert_eq!(
        seen.header("user-agent"),
        format!("okta-rs/{} okta-flows/1.2", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test]
async fn an_access_token_is_sent_as_a_bearer_token() {
    let double = Double::start(|_| json(200, &[], "{}")).await;
    let client = okta_client::Client::builder()
        .org_url(&double.base)
        .access_token("oauth-at")
        .build()
        .unwrap();
    client
        .raw(RawRequest::new(Method::GET, "/api/v1/users"))
        .await
        .unwrap();
    assert_eq!(double.seen()[0].header("authorization"), "Bearer oauth-at");
}

struct Counting(AtomicUsize);

impl TokenProvider for Counting {
    fn token(&self) -> BoxFuture<'_, Result<AuthHeader, Error>> {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { Ok(AuthHeader::bearer(format!("at-{n}"))) })
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_again_for_every_try() {
    let double = Double::start(|call| {
        if call.index == 0 {
            json(503, &[], "{}")
        } else {
            json(200, &[], "{}")
        }
    })
    .await;
    let provider = Arc::new(Counting(AtomicUsize::new(0)));
    let client = double
        .builder()
        .token_provider(provider.clone())
        .build()
        .unwrap();
    client
        .raw(RawRequest::new(Method::GET, "/api/v1/users"))
        .await
        .unwrap();
    let seen = double.seen();
    assert_eq!(seen[0].header("authorization"), "Bearer at-0");
    assert_eq!(seen[1].header("authorization"), "Bearer at-1");
    assert_eq!(provider.0.load(Ordering::SeqCst), 2);
}

struct Failing;

impl TokenProvider for Failing {
    fn token(&self) -> BoxFuture<'_, Result<AuthHeader, Error>> {
        Box::pin(async { Err(Error::Auth("vault sealed".into())) })
    }
}

#[tokio::test]
async fn a_failing_token_provider_stops_the_request_before_it_is_sent() {
    let double = Double::start(|_| json(200, &[], "{}")).await;
    let client = double
        .builder()
        .token_provider(Arc::new(Failing))
        .build()
        .unwrap();
    let err = client
        .raw(RawRequest::new(Method::GET, "/api/v1/users"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth(_)));
    assert!(double.seen().is_empty());
}

#[tokio::test]
async fn a_raw_request_sends_its_query_headers_and_body_and_reads_the_answer() {
    let double = Double::start(|call| {
        let echo = serde_json::json!({
            "method": call.request.method,
            "uri": call.request.path_and_query,
            "trace": call.request.header("x-trace"),
            "body": serde_json::from_slice::<serde_json::Value>(&call.request.body).ok(),
        });
        let headers = [
            ("x-okta-request-id", "raw-1".to_owned()),
            ("x-rate-limit-limit", "600".to_owned()),
            ("x-rate-limit-remaining", "598".to_owned()),
            ("x-rate-limit-reset", "1700000000".to_owned()),
        ];
        json(200, &headers, &echo.to_string())
    })
    .await;
    let response = double
        .client()
        .raw(
            RawRequest::new(Method::POST, "/api/v1/users?activate=false")
                .query("provider", "true")
                .header(
                    HeaderName::from_static("x-trace"),
                    HeaderValue::from_static("t1"),
                )
                .header(
                    HeaderName::from_static("authorization"),
                    HeaderValue::from_static("SSWS someone-else"),
                )
                .json(serde_json::json!({"profile": {"login": "a@b.c"}})),
        )
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.body["method"], "POST");
    assert_eq!(
        response.body["uri"],
        "/api/v1/users?activate=false&provider=true"
    );
    assert_eq!(response.body["trace"], "t1");
    assert_eq!(response.body["body"]["profile"]["login"], "a@b.c");
    assert_eq!(response.meta.request_id.as_deref(), Some("raw-1"));
    let rl = response.meta.rate_limit.unwrap();
    assert_eq!(
        (rl.limit, rl.remaining, rl.reset),
        (600, 598, 1_700_000_000)
    );
    assert_eq!(double.seen()[0].header("authorization"), "SSWS test-token");
}

#[tokio::test]
async fn an_empty_answer_is_null_and_a_non_json_answer_is_a_string() {
    let double = Double::start(|call| match call.index {
        0 => respond(204, &[], ""),
        _ => respond(200, &[("content-type", "text/plain".into())], "plain text"),
    })
    .await;
    let client = double.client();
    let r = client
        .raw(RawRequest::new(Method::DELETE, "/api/v1/groups/00g1"))
        .await
        .unwrap();
    assert_eq!((r.status, r.body), (204, serde_json::Value::Null));
    let r = client
        .raw(RawRequest::new(Method::GET, "/robots.txt"))
        .await
        .unwrap();
    assert_eq!(r.body, serde_json::Value::String("plain text".into()));
}

#[tokio::test]
async fn a_non_2xx_raw_answer_is_an_api_error_with_causes() {
    let body = r#"{"errorCode":"E0000001","errorSummary":"Api validation failed: login","errorLink":"E0000001","errorId":"oae9","errorCauses":[{"errorSummary":"login: An object with this field already exists in the current organization"}]}"#;
    let double =
        Double::start(move |_| json(400, &[("x-okta-request-id", "bad-1".into())], body)).await;
    let err = double
        .client()
        .raw(RawRequest::new(Method::POST, "/api/v1/users"))
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.status, 400);
    assert_eq!(api.error_id.as_deref(), Some("oae9"));
    assert_eq!(api.request_id.as_deref(), Some("bad-1"));
    assert!(api.error_causes[0].error_summary.starts_with("login:"));
    assert!(!err.to_string().contains("test-token"));
}

#[tokio::test]
async fn the_throttle_waits_for_the_reset_once_a_bucket_is_exhausted() {
    let date = 1_420_070_400;
    let double = Double::start(move |_| {
        let headers = [
            ("date", http_date(date)),
            ("x-rate-limit-limit", "2".into()),
            ("x-rate-limit-remaining", "0".into()),
            ("x-rate-limit-reset", (date + 1).to_string()),
        ];
        json(200, &headers, "{}")
    })
    .await;
    let client = double.builder().throttle(true).build().unwrap();
    client
        .raw(RawRequest::new(Method::GET, "/api/v1/users/00u1"))
        .await
        .unwrap();
    // Another bucket is not held back.
    client
        .raw(RawRequest::new(Method::GET, "/api/v1/groups"))
        .await
        .unwrap();
    // Same bucket (ids collapse): waits Reset − Date + 1 s = 2 s.
    client
        .raw(RawRequest::new(Method::GET, "/api/v1/users/00u2"))
        .await
        .unwrap();
    let seen = double.seen();
    assert!(seen[1].at - seen[0].at < Duration::from_millis(1500));
    let waited = seen[2].at - seen[0].at;
    assert!(
        waited >= Duration::from_millis(1900) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
}
