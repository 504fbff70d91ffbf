//! Listing 20,000 users under each fault yields every user exactly once, in order.

use std::sync::OnceLock;

use futures::StreamExt as _;
use okta_mock::MockConfig;
use okta_mock::scenario::Scenario;
use serde_json::{Value, json};

use super::{bounded, matrix_client, retried, spec, start_faulty};

const USERS: usize = 20_000;

/// The 20,000-user org, parsed once for every case.
fn org() -> Scenario {
    static ORG: OnceLock<Scenario> = OnceLock::new();
    ORG.get_or_init(|| {
        let users: Vec<Value> = (0..USERS)
            .map(|i| {
                let login = format!("u{i:05}@example.com");
                json!({"profile": {"login": login, "email": login, "firstName": "F",
                                   "lastName": format!("L{i:05}")}})
            })
            .collect();
        Scenario::from_json_str(&json!({ "users": users }).to_string()).expect("the org parses")
    })
    .clone()
}

/// Lists every user with default options under `name`'s faults and checks the ids against the
/// org's own order (the store's, which is the API's fault-free order).
async fn lists_every_user_once_in_order(name: &str) {
    let spec = spec(name);
    let label = format!("listing under {name} ({spec}, seed {})", super::SEED);
    let server = start_faulty(MockConfig::default().scenario(org()), spec).await;
    let expected: Vec<String> = server
        .store()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .export_scenario()
        .users
        .into_iter()
        .filter_map(|u| u.id)
        .collect();
    assert_eq!(expected.len(), USERS);
    let client = matrix_client(&server);
    let listed: Vec<String> = bounded(&label, async {
        let mut ids = Vec::with_capacity(USERS);
        let mut users = client.users().list().items();
        while let Some(user) = users.next().await {
            match user {
                Ok(user) => ids.push(user.id.to_string()),
                Err(e) => panic!("{label}: the listing failed after {} users: {e}", ids.len()),
            }
        }
        ids
    })
    .await;
    assert_eq!(listed.len(), USERS, "{label}");
    let first_difference = listed.iter().zip(&expected).position(|(a, b)| a != b);
    assert_eq!(
        first_difference, None,
        "{label}: out of order or duplicated"
    );
    if !spec.starts_with("latency") {
        assert!(retried(&server) > 0, "{label}: no request was retried");
    }
    // Dropped, not shut down: a graceful shutdown would wait for hung requests.
    drop(server);
}

#[tokio::test]
async fn a_fault_free_listing_of_20000_users_matches_the_orgs_order() {
    let label = "fault-free listing";
    let server = start_faulty(MockConfig::default().scenario(org()), "").await;
    let client = matrix_client(&server);
    let listed = bounded(label, client.users().list().collect_all())
        .await
        .expect("listed");
    let exported = server
        .store()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .export_scenario();
    let expected: Vec<String> = exported.users.into_iter().filter_map(|u| u.id).collect();
    let listed: Vec<String> = listed.into_iter().map(|u| u.id.to_string()).collect();
    assert_eq!(listed, expected);
}

#[tokio::test]
async fn listing_20000_users_under_429s_yields_each_once_in_order() {
    lists_every_user_once_in_order("429").await;
}

#[tokio::test]
async fn listing_20000_users_under_500s_yields_each_once_in_order() {
    lists_every_user_once_in_order("500").await;
}

#[tokio::test]
async fn listing_20000_users_under_502s_yields_each_once_in_order() {
    lists_every_user_once_in_order("502").await;
}

#[tokio::test]
async fn listing_20000_users_under_503s_yields_each_once_in_order() {
    lists_every_user_once_in_order("503").await;
}

#[tokio::test]
async fn listing_20000_users_under_504s_yields_each_once_in_order() {
    lists_every_user_once_in_order("504").await;
}

#[tokio::test]
async fn listing_20000_users_under_html_pages_yields_each_once_in_order() {
    lists_every_user_once_in_order("html").await;
}

#[tokio::test]
async fn listing_20000_users_under_connection_resets_yields_each_once_in_order() {
    lists_every_user_once_in_order("reset").await;
}

#[tokio::test]
async fn listing_20000_users_under_truncated_bodies_yields_each_once_in_order() {
    lists_every_user_once_in_order("truncate").await;
}

#[tokio::test]
async fn listing_20000_users_under_hangs_yields_each_once_in_order() {
    lists_every_user_once_in_order("hang").await;
}

#[tokio::test]
async fn listing_20000_users_under_latency_yields_each_once_in_order() {
    lists_every_user_once_in_order("latency").await;
}

#[tokio::test]
async fn listing_20000_users_under_all_faults_mixed_yields_each_once_in_order() {
    lists_every_user_once_in_order("mixed").await;
}
