//! Fault injection: seeded and reproducible, and never applied to the admin API.

use crate::common::{Api, assert_okta_error};
use okta_mock::scenario::Scenario;
use okta_mock::sim::FaultConfig;
use okta_mock::{MockConfig, MockServer};

async fn statuses(seed: u64, spec: &str, n: usize) -> Vec<u16> {
    let config = MockConfig::default()
        .faults(FaultConfig::parse(spec).unwrap())
        .seed(seed);
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(api.get("/api/v1/groups").await.status().as_u16());
    }
    out
}

#[tokio::test]
async fn the_same_seed_injects_the_same_faults_in_the_same_order() {
    let spec = "429=0.2,500=0.1,502=0.1,503=0.1";
    let first = statuses(7, spec, 60).await;
    let again = statuses(7, spec, 60).await;
    let other = statuses(8, spec, 60).await;
    assert_eq!(first, again);
    assert_ne!(first, other, "another seed gives another sequence");
    let faulted = first.iter().filter(|s| **s != 200).count();
    assert!(
        (15..=50).contains(&faulted),
        "{faulted} of 60 faulted at p=0.5: {first:?}"
    );
    assert!(
        first.iter().all(|s| [200, 429, 500, 502, 503].contains(s)),
        "{first:?}"
    );
}

#[tokio::test]
async fn injected_status_faults_have_okta_bodies_and_headers() {
    let config = MockConfig::default().faults(FaultConfig::parse("429=1").unwrap());
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    let res = api.get("/api/v1/users").await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["x-rate-limit-remaining"], "0");
    assert!(res.headers().contains_key("x-rate-limit-reset"));
    assert!(res.headers().contains_key("date"));
    assert_okta_error(&res.json().await.unwrap(), "E0000047");
}

#[tokio::test]
async fn an_html_fault_answers_a_502_page_that_is_not_json() {
    let config = MockConfig::default().faults(FaultConfig::parse("html=1").unwrap());
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    let res = api.get("/api/v1/users").await;
    assert_eq!(res.status(), 502);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(res.text().await.unwrap().starts_with("<html>"));
}

#[tokio::test]
async fn a_reset_fault_drops_the_connection_without_a_complete_response() {
    let config = MockConfig::default().faults(FaultConfig::parse("reset=1").unwrap());
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    let outcome = api
        .request(reqwest::Method::GET, "/api/v1/users")
        .send()
        .await;
    let failed = match outcome {
        Err(_) => true,
        // Headers may arrive before the body fails; reading the body must then fail.
        Ok(res) => res.bytes().await.is_err(),
    };
    assert!(failed, "the client must see a broken response");
    // The server itself keeps running, and the journal shows that no answer was given.
    assert_eq!(api.get("/__mock/health").await.status(), 200);
    let journal = server.journal();
    assert!(
        !journal.is_empty() && journal.iter().all(|e| e.status == 0),
        "{journal:?}"
    );
}

#[tokio::test]
async fn injected_latency_delays_answers() {
    let config = MockConfig::default().faults(FaultConfig::parse("latency=150ms").unwrap());
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    let started = std::time::Instant::now();
    assert_eq!(api.get("/api/v1/groups").await.status(), 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));
}

#[tokio::test]
async fn a_truncate_fault_runs_the_route_and_sends_half_the_body_under_the_full_length() {
    let config = MockConfig::default().faults(FaultConfig::parse("truncate=1").unwrap());
    let server = MockServer::start_with(config).await.unwrap();
    let api = Api::new(&server);
    let res = api
        .request(reqwest::Method::POST, "/api/v1/groups")
        .json(&serde_json::json!({"profile": {"name": "Cut"}}))
        .send()
        .await
        .expect("the head arrives");
    assert_eq!(res.status(), 200);
    let declared: usize = res.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(declared > 20, "{declared}");
    assert!(res.bytes().await.is_err(), "the body must end early");
    // The write took effect although its answer was lost.
    let store = server.store();
    let exported = Scenario::export(&store.read().unwrap());
    assert!(
        exported.groups.iter().any(|g| g.name == "Cut"),
        "{:?}",
        exported.groups
    );
}

#[tokio::test]
async fn a_hang_fault_never_answers_until_the_client_gives_up() {
    let config = MockConfig::default().faults(FaultConfig::parse("hang=1").unwrap());
    let server = MockServer::start_with(config).await.unwrap();
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_millis(300))
        .build()
        .unwrap();
    let err = client
        .get(format!("{}/api/v1/users", server.base_url()))
        .header("Authorization", format!("SSWS {}", server.token()))
        .send()
        .await
        .expect_err("no answer");
    assert!(err.is_timeout(), "{err:?}");
    // The admin API is never faulted.
    let api = Api::new(&server);
    assert_eq!(api.get("/__mock/health").await.status(), 200);
}
