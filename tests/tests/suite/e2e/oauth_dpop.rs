//! End to end, the real client against a service app that requires DPoP: the client turns DPoP
//! on by itself, does the nonce dances of the token endpoint and of the API, and a listing
//! survives a revocation and an expiry with one new DPoP token each.

use std::collections::HashSet;

use futures::StreamExt;
use okta_client::auth::{DpopMode, PrivateKeyAuth};
use okta_client::{Client, Error};
use okta_mock::MockConfig;
use okta_mock::scenario::{Scenario, ScenarioJwks, ScenarioServiceApp, ScenarioUser};
use okta_tests::{fast_retry, start_mock_config, within};
use serde_json::{Value, json};

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../okta-client/testdata/keys/");
const CLIENT_ID: &str = "0oa-e2e-dpop";

fn key_file(name: &str) -> String {
    std::fs::read_to_string(format!("{KEYS}{name}")).expect("test key")
}

fn org(users: usize, dpop_required: bool) -> Scenario {
    let public: Value = serde_json::from_str(&key_file("rsa-public.jwk.json")).unwrap();
    let user = |i: usize| {
        let login = format!("dpop{i:05}@example.com");
        let profile = json!({"login": login, "email": login, "firstName": "D", "lastName": "P"});
        ScenarioUser {
            profile: profile.as_object().cloned().unwrap_or_default(),
            ..ScenarioUser::default()
        }
    };
    Scenario {
        users: (0..users).map(user).collect(),
        service_apps: vec![ScenarioServiceApp {
            client_id: CLIENT_ID.into(),
            jwks: Some(ScenarioJwks { keys: vec![public] }),
            scopes: vec!["okta.users.read".into()],
            dpop_required,
            ..ScenarioServiceApp::default()
        }],
        ..Scenario::default()
    }
}

fn client(base_url: &str, mode: DpopMode) -> Client {
    Client::builder()
        .org_url(base_url)
        .retry_policy(fast_retry())
        .private_key_auth(
            PrivateKeyAuth::new(CLIENT_ID, key_file("rsa-pkcs1.pem"))
                .scopes(["okta.users.read"])
                .dpop(mode),
        )
        .build()
        .expect("a PrivateKey client")
}

#[tokio::test]
async fn a_client_left_on_auto_meets_a_dpop_app_and_lists_with_dpop_tokens() {
    let server = start_mock_config(MockConfig::default().scenario(org(450, true))).await;
    let client = client(&server.base_url(), DpopMode::Auto);
    let users = within(client.users().list().limit(200).collect_all())
        .await
        .expect("the listing completes");
    assert_eq!(users.len(), 450);
    assert_eq!(client.tokens_minted(), 1);
    let journal = server.journal();
    let token_answers: Vec<u16> = journal
        .iter()
        .filter(|e| e.path == "/oauth2/v1/token")
        .map(|e| e.status)
        .collect();
    // No proof (invalid_dpop_proof), a proof without the nonce (use_dpop_nonce), the token.
    assert_eq!(token_answers, vec![400, 400, 200]);
    let listed: Vec<_> = journal
        .iter()
        .filter(|e| e.path == "/api/v1/users")
        .collect();
    assert_eq!(listed.len(), 3);
    assert!(
        listed
            .iter()
            .all(|e| e.status == 200 && e.credential.as_deref() == Some("DPoP"))
    );
}

#[tokio::test]
async fn a_dpop_listing_survives_a_resource_nonce_a_revocation_and_an_expiry() {
    const USERS: usize = 2_000;
    let server = start_mock_config(MockConfig::default().scenario(org(USERS, true))).await;
    let oauth = server.state().oauth.clone();
    oauth.require_resource_nonce(true);
    let client = client(&server.base_url(), DpopMode::Enabled);
    let mut pages = Box::pin(client.users().list().limit(100).pages());
    let (mut seen, mut page_no) = (HashSet::new(), 0);
    while let Some(page) = within(pages.next()).await {
        for user in &page.expect("every page arrives").items {
            assert!(
                seen.insert(user.id.clone()),
                "user {} listed twice",
                user.id
            );
        }
        page_no += 1;
        match page_no {
            5 => assert_eq!(oauth.revoke(None), 1, "one live token"),
            10 => {
                oauth.shift_clock(3700);
            }
            // The resource nonce rotates: the client meets a second challenge and answers it.
            15 => {
                oauth.dpop().rotate(0);
                oauth.dpop().rotate(0);
            }
            _ => {}
        }
    }
    assert_eq!(seen.len(), USERS);
    assert_eq!(
        oauth.tokens_issued(),
        3,
        "one token, then one after each loss"
    );
    assert_eq!(client.tokens_minted(), 3);
    let journal = server.journal();
    let nonce_challenges = journal
        .iter()
        .filter(|e| e.path == "/api/v1/users" && e.status == 401)
        .count();
    assert!(
        nonce_challenges >= 2,
        "{nonce_challenges} API nonce challenges"
    );
    assert!(
        journal
            .iter()
            .filter(|e| e.path == "/api/v1/users" && e.status == 200)
            .all(|e| e.credential.as_deref() == Some("DPoP"))
    );
}

#[tokio::test]
async fn a_client_with_dpop_disabled_gets_oktas_answer_from_a_dpop_app() {
    let server = start_mock_config(MockConfig::default().scenario(org(1, true))).await;
    let client = client(&server.base_url(), DpopMode::Disabled);
    let e = within(client.users().list().collect_all())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    let text = e.to_string();
    assert!(text.contains("invalid_dpop_proof"), "{text}");
    assert!(
        text.contains("The DPoP proof JWT header is missing."),
        "{text}"
    );
}

#[tokio::test]
async fn a_client_with_dpop_enabled_takes_the_bearer_token_of_an_app_without_dpop() {
    let server = start_mock_config(MockConfig::default().scenario(org(3, false))).await;
    let client = client(&server.base_url(), DpopMode::Enabled);
    let users = within(client.users().list().collect_all()).await.unwrap();
    assert_eq!(users.len(), 3);
    let journal = server.journal();
    assert!(
        journal
            .iter()
            .filter(|e| e.path == "/api/v1/users")
            .all(|e| e.credential.as_deref() == Some("Bearer"))
    );
}
