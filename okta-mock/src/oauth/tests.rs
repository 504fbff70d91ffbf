//! The assertion checks, exhaustively at the edges and by property.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::assertion::{CLOCK_SKEW_SECS, MAX_ASSERTION_LIFE_SECS, verify_assertion};
use super::*;
use crate::scenario::{ScenarioJwks, ScenarioServiceApp};

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../okta-client/testdata/keys/");
const AUD: &str = "http://127.0.0.1:1/oauth2/v1/token";
const NOW: i64 = 1_800_000_000;

fn key_file(name: &str) -> String {
    std::fs::read_to_string(format!("{KEYS}{name}")).unwrap()
}

fn app() -> ServiceApp {
    let public: Value = serde_json::from_str(&key_file("ec-public.jwk.json")).unwrap();
    let rsa: Value = serde_json::from_str(&key_file("rsa-public.jwk.json")).unwrap();
    ServiceApp::from_scenario(
        &ScenarioServiceApp {
            client_id: "0oa-svc".into(),
            jwks: Some(ScenarioJwks {
                keys: vec![public, rsa],
            }),
            scopes: vec!["okta.users.read".into()],
            ..ScenarioServiceApp::default()
        },
        "serviceApps[0]",
    )
    .unwrap()
}

fn sign(claims: &Value, key: &str) -> String {
    super::test_sign::sign_with_file(claims, key)
}

fn claims(exp_off: i64, iat_off: i64, aud: &str) -> Value {
    json!({"iss": "0oa-svc", "sub": "0oa-svc", "aud": aud,
           "exp": NOW + exp_off, "iat": NOW + iat_off, "jti": "j1"})
}

fn check(jwt: &str) -> Result<(), String> {
    verify_assertion(jwt, &app(), AUD, NOW)
        .map(|_| ())
        .map_err(|e| format!("{} {}", e.error, e.description))
}

#[test]
fn a_good_assertion_passes_with_either_key() {
    let c = claims(300, 0, AUD);
    check(&sign(&c, "ec-pkcs8.pem")).unwrap();
    check(&sign(&c, "rsa-pkcs8.pem")).unwrap();
}

#[test]
fn each_broken_claim_is_refused_as_invalid_client() {
    let ec = |c: &Value| check(&sign(c, "ec-pkcs8.pem"));
    let wrong_key = check(&sign(&claims(300, 0, AUD), "other-rsa.pem"));
    assert!(wrong_key.unwrap_err().contains("signature is invalid"));
    assert!(
        ec(&claims(300, 0, "https://other/oauth2/v1/token"))
            .unwrap_err()
            .contains("audience")
    );
    assert!(
        ec(&claims(-CLOCK_SKEW_SECS, -400, AUD))
            .unwrap_err()
            .contains("expired")
    );
    assert!(
        ec(&claims(600, CLOCK_SKEW_SECS + 1, AUD))
            .unwrap_err()
            .contains("not yet valid")
    );
    assert!(
        ec(&claims(
            MAX_ASSERTION_LIFE_SECS + CLOCK_SKEW_SECS + 1,
            0,
            AUD
        ))
        .unwrap_err()
        .contains("too far")
    );
    let mut other_iss = claims(300, 0, AUD);
    other_iss["iss"] = json!("0oa-other");
    assert!(ec(&other_iss).unwrap_err().contains("iss and sub"));
    let tampered = {
        let good = sign(&claims(300, 0, AUD), "ec-pkcs8.pem");
        let parts: Vec<&str> = good.split('.').collect();
        let forged = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            claims(3000, 0, AUD).to_string(),
        );
        format!("{}.{forged}.{}", parts[0], parts[2])
    };
    assert!(check(&tampered).unwrap_err().contains("signature"));
    assert!(
        check("not.a.jwt")
            .unwrap_err()
            .starts_with("invalid_client")
    );
}

#[test]
fn a_jti_is_accepted_once_until_it_expires() {
    let server = AuthServer::new(1.0);
    assert!(server.use_jti("j", NOW + 300, NOW));
    assert!(!server.use_jti("j", NOW + 300, NOW + 10));
    // Long after its exp (and the skew), the id is forgotten.
    assert!(server.use_jti("j", NOW + 2000, NOW + 300 + CLOCK_SKEW_SECS + 1));
}

#[test]
fn a_private_key_in_a_scenario_is_refused() {
    let private: Value = serde_json::from_str(&key_file("ec-private.jwk.json")).unwrap();
    let e = ServiceApp::from_scenario(
        &ScenarioServiceApp {
            client_id: "0oa".into(),
            jwks: Some(ScenarioJwks {
                keys: vec![private],
            }),
            ..ScenarioServiceApp::default()
        },
        "serviceApps[0]",
    )
    .unwrap_err();
    assert_eq!(e.path, "serviceApps[0].jwks.keys[0]");
}

#[test]
fn tokens_expire_after_the_scaled_hour_and_revocation_is_per_app() {
    let server = AuthServer::new(3600.0);
    assert_eq!(server.token_lifetime(), std::time::Duration::from_secs(1));
    let at = time::OffsetDateTime::from_unix_timestamp(NOW).unwrap();
    for (token, client) in [("a", "app1"), ("b", "app2")] {
        server.issue(
            token.into(),
            IssuedToken {
                client_id: client.into(),
                scopes: vec![],
                expires_at: at,
                jkt: None,
            },
        );
    }
    assert_eq!(server.revoke(Some("app1")), 1);
    assert!(server.lookup("a").is_none() && server.lookup("b").is_some());
    assert_eq!(server.tokens_issued(), 2);
    assert_eq!(server.shift_clock(30), 30);
    assert_eq!(server.now(at), at + time::Duration::seconds(30));
    server.reset();
    assert_eq!(server.now(at), at);
    assert!(server.lookup("b").is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn times_are_accepted_exactly_within_the_skew(
        exp_off in -200i64..(MAX_ASSERTION_LIFE_SECS + 200),
        iat_off in -200i64..200,
    ) {
        let jwt = sign(&claims(exp_off, iat_off, AUD), "ec-pkcs8.pem");
        let expected = exp_off + CLOCK_SKEW_SECS > 0
            && exp_off <= MAX_ASSERTION_LIFE_SECS + CLOCK_SKEW_SECS
            && iat_off <= CLOCK_SKEW_SECS;
        prop_assert_eq!(check(&jwt).is_ok(), expected, "exp {} iat {}", exp_off, iat_off);
    }

    #[test]
    fn only_the_exact_token_url_is_an_accepted_audience(suffix in "[a-z/]{0,6}") {
        let aud = format!("{AUD}{suffix}");
        let jwt = sign(&claims(300, 0, &aud), "ec-pkcs8.pem");
        prop_assert_eq!(check(&jwt).is_ok(), suffix.is_empty());
    }
}

mod over_http {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt as _;

    use super::*;
    use crate::http::{AppState, router};
    use crate::store::Store;

    fn state() -> AppState {
        let public: Value = serde_json::from_str(&key_file("ec-public.jwk.json")).unwrap();
        let state = AppState::new(Store::new(), "api-token");
        state
            .oauth
            .load(&[ScenarioServiceApp {
                client_id: "0oa-svc".into(),
                jwks: Some(ScenarioJwks { keys: vec![public] }),
                scopes: vec!["okta.users.read".into(), "okta.groups.read".into()],
                client_secret: Some("s3cret".into()),
                dpop_required: false,
            }])
            .unwrap();
        state
    }

    async fn send(state: &AppState, req: Request<Body>) -> (StatusCode, HeaderMapOwned, Value) {
        let response = router(state.clone()).oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (
            status,
            headers,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    type HeaderMapOwned = axum::http::HeaderMap;

    fn token_request(form: &str) -> Request<Body> {
        Request::post("/oauth2/v1/token")
            .header("host", "127.0.0.1:1")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form.to_owned()))
            .unwrap()
    }

    fn get(path: &str, auth: &str) -> Request<Body> {
        Request::get(path)
            .header("host", "127.0.0.1:1")
            .header("authorization", auth)
            .body(Body::empty())
            .unwrap()
    }

    async fn mint(state: &AppState, scope: &str) -> String {
        let form = format!(
            "grant_type=client_credentials&scope={scope}&client_id=0oa-svc&client_secret=s3cret"
        );
        let (status, _, body) = send(state, token_request(&form)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3600);
        body["access_token"].as_str().unwrap().to_owned()
    }

    #[tokio::test]
    async fn a_client_secret_post_or_basic_gets_a_token_and_a_wrong_secret_does_not() {
        let state = state();
        mint(&state, "okta.users.read").await;
        let mut basic = token_request("grant_type=client_credentials&scope=okta.users.read");
        basic.headers_mut().insert(
            "authorization",
            "Basic MG9hLXN2YzpzM2NyZXQ=".parse().unwrap(), // 0oa-svc:s3cret
        );
        assert_eq!(send(&state, basic).await.0, StatusCode::OK);
        let (status, headers, body) = send(
            &state,
            token_request("grant_type=client_credentials&scope=okta.users.read&client_id=0oa-svc&client_secret=nope"),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"], "invalid_client");
        assert_eq!(headers["cache-control"], "no-store");
        assert_eq!(state.oauth.tokens_issued(), 2);
    }

    #[tokio::test]
    async fn a_scope_not_granted_or_a_replayed_assertion_is_refused() {
        let state = state();
        let form = "grant_type=client_credentials&scope=okta.users.manage&client_id=0oa-svc&client_secret=s3cret";
        let (status, _, body) = send(&state, token_request(form)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error"], "invalid_scope");
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let claims = json!({"iss": "0oa-svc", "sub": "0oa-svc",
            "aud": "http://127.0.0.1:1/oauth2/v1/token", "exp": now + 300, "jti": "once"});
        let jwt = sign(&claims, "ec-pkcs8.pem");
        let form = format!(
            "grant_type=client_credentials&scope=okta.users.read&client_assertion_type=\
             urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={jwt}"
        );
        assert_eq!(send(&state, token_request(&form)).await.0, StatusCode::OK);
        let (status, _, body) = send(&state, token_request(&form)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(
            body["error_description"].as_str().unwrap().contains("jti"),
            "{body}"
        );
    }

    #[tokio::test]
    async fn a_missing_scope_is_403_e0000006_with_an_insufficient_scope_challenge() {
        let state = state();
        let token = mint(&state, "okta.groups.read").await;
        let auth = format!("Bearer {token}");
        assert_eq!(
            send(&state, get("/api/v1/groups", &auth)).await.0,
            StatusCode::OK
        );
        let (status, headers, body) = send(&state, get("/api/v1/users", &auth)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(body["errorCode"], "E0000006");
        let challenge = headers["www-authenticate"].to_str().unwrap();
        assert!(
            challenge.starts_with("Bearer authorization_uri="),
            "{challenge}"
        );
        assert!(
            challenge.contains("scope=\"okta.users.read\""),
            "{challenge}"
        );
        assert!(
            challenge.contains("error=\"insufficient_scope\""),
            "{challenge}"
        );
        assert!(
            challenge.contains("resource=\"/api/v1/users\""),
            "{challenge}"
        );
        let journal = state.journal.entries();
        let ok = journal.iter().find(|e| e.path == "/api/v1/groups").unwrap();
        assert_eq!(ok.credential.as_deref(), Some("Bearer"));
        assert_eq!(ok.scopes.as_deref(), Some("okta.groups.read"));
    }

    #[tokio::test]
    async fn an_expired_or_revoked_token_is_401_e0000011() {
        let state = state();
        let token = mint(&state, "okta.users.read").await;
        let auth = format!("Bearer {token}");
        assert_eq!(
            send(&state, get("/api/v1/users", &auth)).await.0,
            StatusCode::OK
        );
        state.oauth.shift_clock(3600);
        let (status, headers, body) = send(&state, get("/api/v1/users", &auth)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["errorCode"], "E0000011");
        let challenge = headers["www-authenticate"].to_str().unwrap();
        assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
        assert!(challenge.contains("expired"), "{challenge}");
        let fresh = mint(&state, "okta.users.read").await;
        let auth = format!("Bearer {fresh}");
        assert_eq!(
            send(&state, get("/api/v1/users", &auth)).await.0,
            StatusCode::OK
        );
        let revoke = Request::post("/__mock/oauth/revoke")
            .header("authorization", "SSWS api-token")
            .body(Body::from(r#"{"clientId":"0oa-svc"}"#))
            .unwrap();
        let (_, _, body) = send(&state, revoke).await;
        assert_eq!(body["revoked"], 2);
        let (status, _, body) = send(&state, get("/api/v1/users", &auth)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["errorCode"], "E0000011");
        // The API token still works.
        let (status, _, _) = send(&state, get("/api/v1/users", "SSWS api-token")).await;
        assert_eq!(status, StatusCode::OK);
    }
}
