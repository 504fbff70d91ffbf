//! The official SDKs in `PrivateKey` mode (OAuth 2.0 service app, `private_key_jwt`) against the
//! mock's authorization server: list users, update an app user, and a 403 E0000006 where the
//! token lacks `okta.groups.read`. The Node SDK sends a `DPoP` header on its token request even
//! without DPoP; the mock, like an org that does not require DPoP, ignores it.

use serde_json::{Value, json};

use super::{MockConfig, MockServer, Sdk, run_script_with};

const CLIENT_ID: &str = "0oa-sdk-private-key";
const APP_LABEL: &str = "PK Compat App";
const SCOPES: &str = "okta.users.read okta.apps.read okta.apps.manage";
/// Checks the PrivateKey script makes.
const CHECKS: usize = 3;

fn key_path(name: &str) -> String {
    format!(
        "{}/../okta-client/testdata/keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Three users, one of them assigned to a bookmark app, and a service app granted every scope
/// the script needs except `okta.groups.read`.
fn scenario() -> okta_mock::scenario::Scenario {
    let public: Value = serde_json::from_str(
        &std::fs::read_to_string(key_path("rsa-public.jwk.json")).expect("test key"),
    )
    .expect("a JWK");
    let users: Vec<Value> = (0..3)
        .map(|i| {
            let login = format!("pk{i}@example.com");
            let apps = if i == 0 {
                json!([{"app": APP_LABEL}])
            } else {
                json!([])
            };
            json!({"profile": {"login": login, "email": login, "firstName": "P", "lastName": "K"},
                   "apps": apps})
        })
        .collect();
    let text = json!({
        "apps": [{"name": "bookmark", "label": APP_LABEL,
                  "settings": {"app": {"requestIntegration": false, "url": "https://example.com/pk"}}}],
        "users": users,
        "serviceApps": [{"clientId": CLIENT_ID, "jwks": {"keys": [public]},
                         "scopes": SCOPES.split(' ').collect::<Vec<_>>()}],
    })
    .to_string();
    okta_mock::scenario::Scenario::from_json_str(&text).expect("the scenario loads")
}

async fn private_key_run(sdk: Sdk, script: &str) {
    let server = MockServer::start_with(MockConfig::default().scenario(scenario()))
        .await
        .expect("the mock starts");
    let (program, dir) = (sdk.program.clone(), sdk.dir.clone());
    let script = sdk.dir.join(script);
    let org_url = server.base_url();
    let extra = vec![
        ("CLIENT_ID", CLIENT_ID.to_owned()),
        ("PRIVATE_KEY", key_path("rsa-pkcs1.pem")),
        ("SCOPES", SCOPES.to_owned()),
        ("APP_LABEL", APP_LABEL.to_owned()),
    ];
    let run = tokio::task::spawn_blocking(move || {
        run_script_with(&program, &script, &dir, &org_url, "unused", &extra)
    })
    .await
    .expect("the script runner thread panicked");
    run.assert_passed(&sdk, CHECKS);
    let journal = server.journal();
    assert!(
        journal
            .iter()
            .any(|e| e.path == "/oauth2/v1/token" && e.status == 200),
        "the SDK minted no token"
    );
    assert!(
        journal
            .iter()
            .filter(|e| e.path.starts_with("/api/v1/"))
            .all(|e| e.credential.as_deref() == Some("Bearer") || e.status == 403),
        "every API request used the access token"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn the_official_python_sdk_in_private_key_mode_lists_updates_and_meets_a_missing_scope() {
    private_key_run(Sdk::python(), "compat_private_key.py").await;
}

#[tokio::test]
async fn the_official_node_sdk_in_private_key_mode_lists_updates_and_meets_a_missing_scope() {
    private_key_run(Sdk::node(), "compat_private_key.js").await;
}
