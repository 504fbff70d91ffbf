//! The official SDKs in `PrivateKey` mode (OAuth 2.0 service app, `private_key_jwt`) against the
//! mock's authorization server: list users, update an app user, and a 403 E0000006 where the
//! token lacks `okta.groups.read`; then the same against an app that requires DPoP. The Node SDK
//! sends a `DPoP` header on its token request even without DPoP; the mock, like an org that does
//! not require DPoP, ignores it.
//!
//! DPoP: okta-sdk-python 3.4.6 turns it on with `dpopEnabled: True` (its own RSA proof key);
//! @okta/okta-sdk-nodejs 8.1.0 has no setting: it always sends a proof (signed with the app's
//! private key) and switches to DPoP when the token endpoint answers `use_dpop_nonce`. Its
//! `oauth.js` seems to throw on that 400 first (`.then(Http.errorFilter)`, as
//! caipe-io/ai-platform-engineering#2023 reports), but `Http` there is the module object of
//! `http.js` (`module.exports.Http = Http`), so `Http.errorFilter` is undefined, `.then`
//! passes the 400 through, and the nonce retry runs.

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
fn scenario(dpop_required: bool) -> okta_mock::scenario::Scenario {
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
                         "scopes": SCOPES.split(' ').collect::<Vec<_>>(),
                         "dpopRequired": dpop_required}],
    })
    .to_string();
    okta_mock::scenario::Scenario::from_json_str(&text).expect("the scenario loads")
}

/// Runs `script` against a mock whose service app requires DPoP (or not) and checks the run
/// and what the mock saw.
async fn private_key_run(sdk: Sdk, script: &str, dpop: bool) {
    let server = MockServer::start_with(MockConfig::default().scenario(scenario(dpop)))
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
        ("DPOP", dpop.to_string()),
    ];
    let run = tokio::task::spawn_blocking(move || {
        run_script_with(&program, &script, &dir, &org_url, "unused", &extra)
    })
    .await
    .expect("the script runner thread panicked");
    let journal = server.journal();
    server.shutdown().await;
    run.assert_passed(&sdk, CHECKS);
    let credential = if dpop { "DPoP" } else { "Bearer" };
    assert!(
        journal
            .iter()
            .any(|e| e.path == "/oauth2/v1/token" && e.status == 200),
        "the SDK minted no token"
    );
    if dpop {
        let tokens: Vec<u16> = journal
            .iter()
            .filter(|e| e.path == "/oauth2/v1/token")
            .map(|e| e.status)
            .collect();
        assert_eq!(
            tokens,
            vec![400, 200],
            "the nonce dance: use_dpop_nonce, then the token"
        );
    }
    assert!(
        journal
            .iter()
            .filter(|e| e.path.starts_with("/api/v1/"))
            .all(|e| e.credential.as_deref() == Some(credential) || e.status == 403),
        "every API request used the {credential} access token"
    );
}

#[tokio::test]
async fn the_official_python_sdk_in_private_key_mode_lists_updates_and_meets_a_missing_scope() {
    private_key_run(Sdk::python(), "compat_private_key.py", false).await;
}

#[tokio::test]
async fn the_official_python_sdk_with_dpop_gets_a_dpop_token_and_proves_it_on_every_request() {
    private_key_run(Sdk::python(), "compat_private_key.py", true).await;
}

#[tokio::test]
async fn the_official_node_sdk_in_private_key_mode_lists_updates_and_meets_a_missing_scope() {
    private_key_run(Sdk::node(), "compat_private_key.js", false).await;
}

#[tokio::test]
async fn the_official_node_sdk_turns_dpop_on_at_the_orgs_nonce_and_proves_every_request() {
    private_key_run(Sdk::node(), "compat_private_key.js", true).await;
}
