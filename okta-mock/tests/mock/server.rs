//! `MockServer`: start, configuration and shutdown.

use std::time::{Duration, Instant};

use crate::common::Api;
use okta_mock::scenario::default_scenario;
use okta_mock::{MockConfig, MockServer};
use serde_json::Value;

#[tokio::test]
async fn a_started_server_answers_on_loopback_with_its_token() {
    let server = MockServer::start().await;
    assert!(server.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(server.uri(), server.base_url());
    assert_eq!(server.token(), okta_mock::DEFAULT_TOKEN);
    let api = Api::new(&server);
    let groups: Vec<Value> = api.get("/api/v1/groups").await.json().await.unwrap();
    assert_eq!(groups.len(), 1, "an empty org has only Everyone");
    assert_eq!(groups[0]["profile"]["name"], "Everyone");
    assert_eq!(server.store().read().unwrap().counts().groups, 1);
}

#[tokio::test]
async fn a_custom_token_and_scenario_are_used() {
    let config = MockConfig::default()
        .token("custom-token-1")
        .scenario(default_scenario());
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    assert_eq!(api.token, "custom-token-1");
    let health: Value = api.get("/__mock/health").await.json().await.unwrap();
    assert!(health["users"].as_u64().unwrap() > 0);
    let res = api
        .client
        .get(api.url("/api/v1/users"))
        .header(
            "Authorization",
            format!("SSWS {}", okta_mock::DEFAULT_TOKEN),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        401,
        "the default token is not accepted any more"
    );
}

#[tokio::test]
async fn shutting_down_closes_the_port() {
    let server = MockServer::start().await;
    let addr = server.addr();
    server.shutdown().await;
    let connect = tokio::net::TcpStream::connect(addr).await;
    assert!(connect.is_err(), "nothing listens after shutdown");
}

#[tokio::test]
async fn dropping_the_server_stops_it_without_blocking() {
    let server = MockServer::start().await;
    let addr = server.addr();
    let started = Instant::now();
    drop(server);
    assert!(started.elapsed() < Duration::from_millis(500));
    // The accept loop ends shortly after; poll with a bound.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            break;
        }
        assert!(Instant::now() < deadline, "still listening 5 s after drop");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_port_in_use_is_a_start_error_not_a_panic() {
    let first = MockServer::start().await;
    let taken = MockServer::start_with(MockConfig::default().addr(first.addr())).await;
    let err = taken.expect_err("the port is taken");
    assert!(err.to_string().contains(&first.addr().to_string()), "{err}");
}
