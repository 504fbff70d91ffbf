//! `okta-flows immutable-id` as an OAuth 2.0 service app (--client-id, --private-key): the same
//! report as with an API token, every API request with one access token, and a clear failure
//! for a key that is not one.

use okta_mock::scenario::{ScenarioJwks, ScenarioServiceApp, default_scenario};
use okta_mock::{MockConfig, MockServer};
use serde_json::Value;

use crate::support::run_cli;

const CLIENT_ID: &str = "0oa-flows-service";

fn key(name: &str) -> String {
    format!(
        "{}/../okta-client/testdata/keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

async fn org_with_service_app(scopes: &[&str]) -> MockServer {
    let public: Value =
        serde_json::from_str(&std::fs::read_to_string(key("ec-public.jwk.json")).unwrap()).unwrap();
    let mut scenario = default_scenario();
    scenario.service_apps.push(ScenarioServiceApp {
        client_id: CLIENT_ID.into(),
        jwks: Some(ScenarioJwks { keys: vec![public] }),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        ..ScenarioServiceApp::default()
    });
    MockServer::start_with(MockConfig::default().scenario(scenario))
        .await
        .expect("the mock starts")
}

#[tokio::test]
async fn a_service_app_run_reports_what_an_api_token_run_reports_using_one_access_token() {
    let read = ["okta.users.read", "okta.groups.read", "okta.apps.read"];
    let with_key = org_with_service_app(&read).await;
    let base = with_key.base_url();
    let private_key = key("ec-pkcs8.pem");
    let oauth_run = run_cli(
        None,
        &[
            "--org-url",
            &base,
            "--client-id",
            CLIENT_ID,
            "--private-key",
            &private_key,
            "--all",
            "--json",
        ],
    )
    .await;
    let with_token = org_with_service_app(&read).await;
    let token_run = run_cli(Some(&with_token), &["--all", "--json"]).await;
    assert_eq!(oauth_run.out, token_run.out, "stderr: {}", oauth_run.err);
    assert_eq!(oauth_run.status, token_run.status);
    assert_eq!(with_key.state().oauth.tokens_issued(), 1);
    let api: Vec<_> = with_key
        .journal()
        .into_iter()
        .filter(|e| e.path.starts_with("/api/v1/"))
        .collect();
    assert!(!api.is_empty());
    assert!(
        api.iter()
            .all(|e| e.credential.as_deref() == Some("Bearer"))
    );
    assert!(
        api.iter()
            .all(|e| e.scopes.as_deref() == Some("okta.users.read okta.groups.read okta.apps.read"))
    );
}

#[tokio::test]
async fn a_private_key_file_that_holds_no_key_fails_before_any_request_saying_what_to_give() {
    let server = org_with_service_app(&["okta.users.read"]).await;
    let not_a_key = key("README.md");
    let run = run_cli(
        None,
        &[
            "--org-url",
            &server.base_url(),
            "--client-id",
            CLIENT_ID,
            "--private-key",
            &not_a_key,
            "--all",
        ],
    )
    .await;
    assert_eq!(run.status, 2, "{}", run.err);
    assert!(run.err.contains("private key"), "{}", run.err);
    assert!(server.journal().is_empty(), "no request was sent");
}
