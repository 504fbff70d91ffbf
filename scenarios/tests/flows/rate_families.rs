//! Under the mock's Enterprise preset (Okta's families: app users in the apps family at 100 a
//! window), okta-client's throttle paces by family, so both modes of the flow and an app-user
//! listing interleaved with writes get through without a single 429. Retries are off: a 429
//! would surface as an error instead of being waited out.
//!
//! Windows are one second (time scale 60), the shortest that `X-Rate-Limit-Reset`, in whole
//! seconds, can describe exactly.

use std::time::Duration;

use futures::StreamExt as _;
use okta_client::directory::ImmutableId;
use okta_client::{Client, RetryPolicy, ThrottleConfig};
use okta_mock::MockConfig;
use okta_mock::MockServer;
use okta_mock::scenario::Scenario;
use okta_mock::sim::RateLimitConfig;
use okta_scenarios::immutable_id::{FlowConfig, Outcome, Selection, run_immutable_id};
use serde_json::{Map, Value, json};

use crate::support::start_with;

const SCALE: f64 = 60.0;
const USERS: usize = 5_000;

fn id(n: usize) -> String {
    let mut bytes = [7u8; 16];
    bytes[..8].copy_from_slice(&(n as u64).to_be_bytes());
    ImmutableId::from_bytes(bytes).to_string()
}

/// `users` users in one AD instance and Office 365; every fifth one has no Immutable ID yet,
/// the others already hold the right one.
fn org(users: usize) -> Scenario {
    let users: Vec<Value> = (0..users)
        .map(|n| {
            let o365 = if n % 5 == 0 {
                json!({"app": "Microsoft Office 365"})
            } else {
                json!({"app": "Microsoft Office 365", "profile": {"immutableId": id(n)}})
            };
            json!({
                "profile": {"login": format!("u{n:05}@example.com"), "email": format!("u{n:05}@example.com"),
                            "firstName": "U", "lastName": format!("{n:05}")},
                "groups": ["Office 365"],
                "apps": [{"app": "corp.example.com", "externalId": id(n)}, o365]
            })
        })
        .collect();
    let scenario = json!({
        "groups": [{"name": "Office 365"}],
        "apps": [
            {"name": "active_directory", "label": "corp.example.com"},
            {"name": "office365", "label": "Microsoft Office 365"}
        ],
        "users": users
    });
    Scenario::from_json_str(&scenario.to_string()).expect("a valid scenario")
}

async fn enterprise_mock(scenario: Scenario) -> MockServer {
    start_with(
        MockConfig::default()
            .scenario(scenario)
            .rate_limits(RateLimitConfig::preset("enterprise").expect("a preset"))
            .time_scale(SCALE),
    )
    .await
}

/// The throttle as the benchmark uses it: nothing held back (`held_back` 0 counts on the
/// throttle counting every request as it is sent), a scaled-down margin after each reset; no
/// retries.
fn paced_client(server: &MockServer, held_back: u32) -> Client {
    Client::builder()
        .org_url(server.base_url())
        .api_token(server.token())
        .retry_policy(RetryPolicy::none())
        .throttle_config(
            ThrottleConfig::default()
                .with_low_watermark(held_back)
                .with_margin(Duration::from_millis(20)),
        )
        .build()
        .expect("a client for the mock")
}

async fn run_mode(selection: Selection) {
    let server = enterprise_mock(org(USERS)).await;
    let client = paced_client(&server, 0);
    let config = FlowConfig {
        selection,
        group: Some("Office 365".into()),
        apply: true,
        concurrency: 8,
        ..FlowConfig::default()
    };
    let report = run_immutable_id(&client, &config, &())
        .await
        .expect("the run is not stopped by a rate limit");
    assert_eq!(report.users.len(), USERS);
    let errors: Vec<_> = report
        .users
        .iter()
        .filter(|u| u.outcome == Outcome::Error)
        .take(3)
        .map(|u| format!("{}: {}", u.login, u.message))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let updated = report
        .users
        .iter()
        .filter(|u| u.outcome == Outcome::Updated)
        .count();
    assert_eq!(updated, USERS / 5);
    let refused = server.journal().iter().filter(|e| e.status == 429).count();
    assert_eq!(refused, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_batch_sync_of_5000_users_under_enterprise_limits_gets_no_429() {
    run_mode(Selection::All).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_per_user_sync_of_5000_users_under_enterprise_limits_gets_no_429() {
    let logins = (0..USERS).map(|n| format!("u{n:05}@example.com")).collect();
    run_mode(Selection::Users(logins)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_app_users_between_writes_to_the_same_app_stays_within_the_apps_family() {
    let server = enterprise_mock(org(400)).await;
    // The throttle must know exactly what is left of the family, which a listing bucket
    // separate from a write bucket does not (each misses the other's requests).
    let client = paced_client(&server, 0);
    let apps = client.apps().list().collect_all().await.expect("apps");
    let o365 = apps
        .iter()
        .find(|a| a.name == "office365")
        .expect("office365")
        .id
        .clone();
    // 80 pages of 5, each followed by a write: 160 requests of one family, beyond the 100 a
    // window that either kind alone would stay under.
    let mut pages = client.app_users(&o365).list().limit(5).pages();
    let mut requests = 0;
    while let Some(page) = pages.next().await {
        let page = page.expect("no page is refused");
        let limit = page.meta.rate_limit.map(|r| r.limit);
        assert_eq!(
            limit,
            Some(100),
            "the listing counts against the apps family"
        );
        let first = page.items.first().expect("a full page").id.clone();
        let mut profile = Map::new();
        profile.insert("immutableId".into(), Value::String(id(requests)));
        client
            .app_users(&o365)
            .update_profile(first, &profile)
            .await
            .expect("no write is refused");
        requests += 2;
    }
    assert_eq!(requests, 160);
    let journal = server.journal();
    assert!(journal.iter().all(|e| e.status != 429));
    assert!(journal.len() > 160);
}
