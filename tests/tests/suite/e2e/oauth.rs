//! End to end, the real client in `PrivateKey` mode against the mock's authorization server:
//! a long listing survives a revocation and an expiry, minting exactly one token for each, and
//! a missing scope is the caller's 403.

use std::collections::HashSet;

use futures::StreamExt;
use okta_client::auth::PrivateKeyAuth;
use okta_client::models::ErrorCode;
use okta_client::{Client, Error};
use okta_mock::MockConfig;
use okta_mock::scenario::{Scenario, ScenarioJwks, ScenarioServiceApp, ScenarioUser};
use okta_tests::{api_error, fast_retry, start_mock_config, within};
use serde_json::{Value, json};

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../okta-client/testdata/keys/");

fn key_file(name: &str) -> String {
    std::fs::read_to_string(format!("{KEYS}{name}")).expect("test key")
}

fn org(users: usize, scopes: &[&str]) -> Scenario {
    let public: Value = serde_json::from_str(&key_file("ec-public.jwk.json")).unwrap();
    let user = |i: usize| {
        let login = format!("svc{i:05}@example.com");
        let profile = json!({"login": login, "email": login, "firstName": "S", "lastName": "U"});
        ScenarioUser {
            profile: profile.as_object().cloned().unwrap_or_default(),
            ..ScenarioUser::default()
        }
    };
    Scenario {
        users: (0..users).map(user).collect(),
        service_apps: vec![ScenarioServiceApp {
            client_id: "0oa-e2e-service".into(),
            jwks: Some(ScenarioJwks { keys: vec![public] }),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            ..ScenarioServiceApp::default()
        }],
        ..Scenario::default()
    }
}

fn service_client(base_url: &str, scopes: &[&str]) -> Client {
    Client::builder()
        .org_url(base_url)
        .retry_policy(fast_retry())
        .private_key_auth(
            PrivateKeyAuth::new("0oa-e2e-service", key_file("ec-private.jwk.json")).scopes(scopes),
        )
        .build()
        .expect("a PrivateKey client")
}

#[tokio::test]
async fn a_listing_of_20000_users_survives_a_revocation_and_an_expiry_with_one_new_token_each() {
    const USERS: usize = 20_000;
    let server =
        start_mock_config(MockConfig::default().scenario(org(USERS, &["okta.users.read"]))).await;
    let client = service_client(&server.base_url(), &["okta.users.read"]);
    let oauth = server.state().oauth.clone();
    let mut pages = client.users().list().limit(200).pages();
    let mut seen = HashSet::new();
    let mut page_no = 0;
    let mut minted_at = Vec::new();
    while let Some(page) = within(pages.next()).await {
        let page = page.expect("every page arrives");
        for user in &page.items {
            assert!(
                seen.insert(user.id.clone()),
                "user {} listed twice",
                user.id
            );
        }
        page_no += 1;
        match page_no {
            30 => {
                minted_at.push(oauth.tokens_issued());
                assert_eq!(
                    oauth.revoke(None),
                    1,
                    "one live token before the revocation"
                );
            }
            60 => {
                minted_at.push(oauth.tokens_issued());
                // An hour and a bit later for the authorization server: the token expired.
                oauth.shift_clock(3700);
            }
            _ => {}
        }
    }
    assert_eq!(seen.len(), USERS);
    assert_eq!(page_no, USERS / 200);
    assert_eq!(
        minted_at,
        vec![1, 2],
        "one token before, one after the revocation"
    );
    assert_eq!(oauth.tokens_issued(), 3, "and one after the expiry");
    assert_eq!(client.tokens_minted(), 3);
    let listed = server
        .journal()
        .into_iter()
        .filter(|e| e.path == "/api/v1/users" && e.status == 200)
        .collect::<Vec<_>>();
    assert!(
        listed
            .iter()
            .all(|e| e.credential.as_deref() == Some("Bearer"))
    );
    assert!(
        listed
            .iter()
            .all(|e| e.scopes.as_deref() == Some("okta.users.read"))
    );
}

#[tokio::test]
async fn a_token_without_the_operations_scope_gets_403_e0000006() {
    let server =
        start_mock_config(MockConfig::default().scenario(org(3, &["okta.groups.read"]))).await;
    let client = service_client(&server.base_url(), &["okta.groups.read"]);
    within(client.groups().list().collect_all())
        .await
        .expect("groups are readable");
    let e = within(client.users().list().collect_all())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert_eq!(api_error(&e).error_code, ErrorCode::AccessDenied);
    assert_eq!(client.tokens_minted(), 1, "a 403 is not a reason to renew");
}

#[tokio::test]
async fn a_scope_the_app_was_not_granted_fails_at_the_token_endpoint() {
    let server =
        start_mock_config(MockConfig::default().scenario(org(1, &["okta.users.read"]))).await;
    let client = service_client(&server.base_url(), &["okta.users.manage"]);
    let e = within(client.users().list().collect_all())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert!(e.to_string().contains("invalid_scope"), "{e}");
    assert!(e.to_string().contains("okta.users.manage"), "{e}");
}

#[tokio::test]
async fn a_change_made_with_a_service_app_token_is_recorded_as_that_apps_doing() {
    let scopes = ["okta.groups.manage"];
    let server = start_mock_config(MockConfig::default().scenario(org(1, &scopes))).await;
    let client = service_client(&server.base_url(), &scopes);
    let profile = okta_client::models::GroupProfile {
        name: "Made by a service app".into(),
        ..Default::default()
    };
    let group = within(client.groups().create(profile).send())
        .await
        .expect("the service app may manage groups");
    let store = server.store();
    let store = store.read().expect("store lock");
    let event = store
        .events()
        .iter()
        .last()
        .expect("the create was committed");
    assert_eq!(
        event.actor,
        okta_mock::store::Actor::Credential {
            kind: "oauth_client".into(),
            id: "0oa-e2e-service".into(),
        }
    );
    assert_eq!(event.targets[0].id, group.id.to_string());
}
