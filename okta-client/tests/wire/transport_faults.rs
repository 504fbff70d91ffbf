//! Transport faults below HTTP: which are retried for which requests, and what the error says
//! when the budget runs out (the cause and the number of attempts, never the token).

use std::time::Duration;

use crate::broken_wire::{Act, BrokenWire};
use crate::support::fast_retries;
use okta_client::error::TransportErrorKind;
use okta_client::{Client, Error, RawRequest, RetryPolicy};
use reqwest::Method;
use serde_json::json;

const USER: &str = r#"{"id":"00u1","n":1}"#;
const TOKEN: &str = "wire-secret-token-123";

fn client(base: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .org_url(base)
        .api_token(TOKEN)
        .retry_policy(retry)
        .request_timeout(Duration::from_millis(300))
        .build()
        .expect("client")
}

async fn get(client: &Client) -> Result<okta_client::RawResponse, Error> {
    client
        .raw(RawRequest::new(Method::GET, "/api/v1/users/00u1"))
        .await
}

async fn post(client: &Client) -> Result<okta_client::RawResponse, Error> {
    client
        .raw(RawRequest::new(Method::POST, "/api/v1/users").json(json!({"profile": {}})))
        .await
}

fn kind(err: &Error) -> TransportErrorKind {
    match err {
        Error::Http { kind, .. } => *kind,
        other => panic!("not a transport error: {other:?}"),
    }
}

#[tokio::test]
async fn a_get_survives_one_of_each_transport_fault_in_a_row() {
    let wire = BrokenWire::start(|i| match i {
        0 => Act::Reset,
        1 => Act::Close,
        2 => Act::Truncate(USER),
        3 => Act::Hang,
        _ => Act::Answer(200, USER),
    })
    .await;
    let retry = fast_retries().with_max_retries(4);
    let response = get(&client(&wire.base, retry))
        .await
        .expect("the fifth try answers");
    assert_eq!(response.body["id"], "00u1");
    assert_eq!(wire.requests().len(), 5);
    let last = &wire.requests()[4];
    assert!(last.contains("x-okta-retry-count: 4"), "{last}");
}

#[tokio::test]
async fn each_fault_is_named_in_the_error_with_the_number_of_attempts() {
    let cases = [
        (
            Act::Reset,
            &[TransportErrorKind::Reset, TransportErrorKind::Closed][..],
        ),
        (
            Act::Close,
            &[TransportErrorKind::Closed, TransportErrorKind::Reset][..],
        ),
        (Act::Truncate(USER), &[TransportErrorKind::Truncated][..]),
        (Act::Hang, &[TransportErrorKind::Timeout][..]),
    ];
    for (act, expected) in cases {
        let label = format!("{act:?}");
        let wire = BrokenWire::start(move |_| act.clone()).await;
        let err = get(&client(&wire.base, fast_retries().with_max_retries(2)))
            .await
            .unwrap_err();
        assert!(expected.contains(&kind(&err)), "{label}: {err:?}");
        assert_eq!(err.attempts(), 3, "{label}");
        assert_eq!(wire.requests().len(), 3, "{label}");
        let shown = err.to_string();
        assert!(shown.contains("after 3 attempts"), "{label}: {shown}");
        assert!(shown.contains(&kind(&err).to_string()), "{label}: {shown}");
        assert!(!shown.contains(TOKEN) && !format!("{err:?}").contains(TOKEN));
    }
}

#[tokio::test]
async fn a_post_that_may_have_reached_the_server_is_not_retried() {
    for act in [Act::Reset, Act::Close, Act::Truncate(USER), Act::Hang] {
        let label = format!("{act:?}");
        let wire = BrokenWire::start(move |_| act.clone()).await;
        let err = post(&client(&wire.base, fast_retries())).await.unwrap_err();
        assert_eq!(wire.requests().len(), 1, "{label}: {err}");
        assert_eq!(err.attempts(), 1);
        assert!(!err.to_string().contains("attempts"), "{err}");
    }
}

#[tokio::test]
async fn a_500_is_retried_for_get_and_for_an_app_user_profile_write_but_not_for_a_create() {
    let flaky = || {
        BrokenWire::start(|i| {
            if i < 2 {
                Act::Answer(
                    500,
                    r#"{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorLink":"E0000009","errorId":"x","errorCauses":[]}"#,
                )
            } else {
                Act::Answer(
                    200,
                    r#"{"id":"00u1","status":"ACTIVE","scope":"USER","profile":{}}"#,
                )
            }
        })
    };
    let wire = flaky().await;
    get(&client(&wire.base, fast_retries()))
        .await
        .expect("retried");
    assert_eq!(wire.requests().len(), 3);

    // Setting an app user's profile is a full write of the attributes it names: repeatable.
    let wire = flaky().await;
    let mut profile = serde_json::Map::new();
    profile.insert("immutableId".into(), json!("abc"));
    client(&wire.base, fast_retries())
        .app_users("0oa1")
        .update_profile("00u1", &profile)
        .await
        .expect("retried");
    assert_eq!(wire.requests().len(), 3);
    assert!(wire.requests()[0].starts_with("POST /api/v1/apps/0oa1/users/00u1 "));

    let wire = flaky().await;
    let err = post(&client(&wire.base, fast_retries())).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(wire.requests().len(), 1);
}

#[tokio::test]
async fn when_the_budget_runs_out_on_5xx_the_error_says_how_many_attempts_and_the_last_status() {
    let wire = BrokenWire::start(|i| {
        if i < 2 {
            Act::Answer(500, "{}")
        } else {
            Act::Answer(503, r#"{"errorCode":"E0000010","errorSummary":"Service is temporarily unavailable","errorLink":"E0000010","errorId":"x","errorCauses":[]}"#)
        }
    })
    .await;
    let err = get(&client(&wire.base, fast_retries())).await.unwrap_err();
    assert_eq!(err.attempts(), 4);
    assert_eq!(err.status(), Some(503));
    let shown = err.to_string();
    assert!(
        shown.contains("HTTP 503") && shown.contains("after 4 attempts"),
        "{shown}"
    );
    assert!(shown.contains("temporarily unavailable"), "{shown}");
}

#[tokio::test]
async fn a_post_to_a_port_nobody_listens_on_is_retried_because_it_never_left() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = post(&client(&base, fast_retries().with_max_retries(2)))
        .await
        .unwrap_err();
    assert_eq!(kind(&err), TransportErrorKind::Refused);
    assert!(kind(&err).never_sent());
    assert_eq!(err.attempts(), 3);
    let shown = err.to_string();
    assert!(
        shown.starts_with("HTTP connection refused after 3 attempts"),
        "{shown}"
    );
    assert!(!shown.contains(TOKEN));
}

#[tokio::test]
async fn a_host_that_does_not_resolve_is_named_a_dns_failure() {
    // `.invalid` is reserved (RFC 2606): no resolver answers it, with or without a network.
    let client = Client::builder()
        .org_url("https://okta-rs-test.invalid")
        .api_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let err = get(&client).await.unwrap_err();
    assert_eq!(kind(&err), TransportErrorKind::Dns, "{err:?}");
    assert!(err.to_string().contains("DNS lookup failed"), "{err}");
    assert!(!err.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_tls_handshake_with_a_server_that_is_not_tls_is_a_tls_failure_and_not_retried() {
    // A plain-text server that answers a ClientHello with an HTTP error, as a port that is
    // not TLS would.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let https = format!("https://{}", listener.local_addr().unwrap());
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = std::sync::Arc::clone(&accepted);
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt as _;
        while let Ok((mut stream, _)) = listener.accept().await {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
            let _ = stream.shutdown().await;
        }
    });
    let client = Client::builder()
        .org_url(https)
        .api_token(TOKEN)
        .retry_policy(fast_retries())
        .build()
        .expect("client");
    let err = get(&client).await.unwrap_err();
    assert_eq!(kind(&err), TransportErrorKind::Tls, "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
    let shown = err.to_string();
    assert!(shown.starts_with("HTTP TLS handshake failed"), "{shown}");
    assert!(!shown.contains(TOKEN));
}
