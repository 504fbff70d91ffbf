//! A DPoP-bound service app over HTTP: the token endpoint's nonce dance and the Management
//! API's proof checks, through the real router.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use tower::ServiceExt as _;

use super::*;
use crate::http::{AppState, router};
use crate::scenario::{ScenarioJwks, ScenarioServiceApp};
use crate::store::Store;

const HOST: &str = "127.0.0.1:1";
const TOKEN_URL: &str = "http://127.0.0.1:1/oauth2/v1/token";

fn state() -> AppState {
    let keys = concat!(env!("CARGO_MANIFEST_DIR"), "/../okta-client/testdata/keys/");
    let public: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{keys}ec-public.jwk.json")).unwrap(),
    )
    .unwrap();
    let state = AppState::new(Store::new(), "api-token");
    state
        .oauth
        .load(&[ScenarioServiceApp {
            client_id: "0oa-dpop".into(),
            jwks: Some(ScenarioJwks { keys: vec![public] }),
            scopes: vec!["okta.users.read".into()],
            client_secret: None,
            dpop_required: true,
        }])
        .unwrap();
    state
}

async fn send(state: &AppState, req: Request<Body>) -> (StatusCode, HeaderMap, Value) {
    let response = router(state.clone()).oneshot(req).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn assertion(jti: &str) -> String {
    let claims = json!({"iss": "0oa-dpop", "sub": "0oa-dpop", "aud": TOKEN_URL,
                        "exp": now() + 300, "jti": jti});
    super::super::test_sign::sign_with_file(&claims, "ec-pkcs8.pem")
}

fn token_request(assertion: &str, proof: Option<&str>) -> Request<Body> {
    let form = format!(
        "grant_type=client_credentials&scope=okta.users.read&client_assertion_type=\
         urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={assertion}"
    );
    let mut req = Request::post("/oauth2/v1/token")
        .header("host", HOST)
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(p) = proof {
        req = req.header("dpop", p);
    }
    req.body(Body::from(form)).unwrap()
}

fn token_proof(key: &TestKey, jti: &str, nonce: Option<&str>) -> String {
    let mut c = json!({"htm": "POST", "htu": TOKEN_URL, "iat": now(), "jti": jti});
    if let Some(n) = nonce {
        c["nonce"] = json!(n);
    }
    key.proof(&c)
}

fn api_request(token: &str, proof: &str, scheme: &str) -> Request<Body> {
    Request::get("/api/v1/users?limit=1")
        .header("host", HOST)
        .header("authorization", format!("{scheme} {token}"))
        .header("dpop", proof)
        .body(Body::empty())
        .unwrap()
}

fn api_proof(key: &TestKey, token: &str, jti: &str, nonce: Option<&str>) -> String {
    let mut c = json!({"htm": "GET", "htu": "http://127.0.0.1:1/api/v1/users", "iat": now(),
                       "jti": jti, "ath": ath(token)});
    if let Some(n) = nonce {
        c["nonce"] = json!(n);
    }
    key.proof(&c)
}

/// The nonce dance: returns the DPoP token.
async fn mint(state: &AppState, key: &TestKey) -> String {
    let (status, headers, body) = send(
        state,
        token_request(&assertion("a1"), Some(&token_proof(key, "p1", None))),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "use_dpop_nonce");
    assert_eq!(
        body["error_description"],
        "Authorization server requires nonce in DPoP proof."
    );
    let nonce = headers["dpop-nonce"].to_str().unwrap().to_owned();
    let proof = token_proof(key, "p2", Some(&nonce));
    let (status, _, body) = send(state, token_request(&assertion("a2"), Some(&proof))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "DPoP");
    body["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_dpop_app_needs_a_proof_then_a_nonce_and_gets_a_dpop_token() {
    let state = state();
    let (status, _, body) = send(&state, token_request(&assertion("a0"), None)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_dpop_proof");
    assert_eq!(
        body["error_description"],
        "The DPoP proof JWT header is missing."
    );
    let key = TestKey::generate_ec();
    // The assertion's jti is spent even by a refused proof: the nonce retry needs a new one.
    let (_, headers, _) = send(
        &state,
        token_request(&assertion("same"), Some(&token_proof(&key, "q1", None))),
    )
    .await;
    let nonce = headers["dpop-nonce"].to_str().unwrap().to_owned();
    let proof = token_proof(&key, "q2", Some(&nonce));
    let (status, _, body) = send(&state, token_request(&assertion("same"), Some(&proof))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
    mint(&state, &key).await;
    assert_eq!(state.oauth.tokens_issued(), 1);
}

#[tokio::test]
async fn a_dpop_token_works_only_with_a_fresh_proof_of_its_own_key() {
    let state = state();
    let key = TestKey::generate_ec();
    let token = mint(&state, &key).await;
    let proof = api_proof(&key, &token, "r1", None);
    let (status, _, body) = send(&state, api_request(&token, &proof, "DPoP")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let entry = state
        .journal
        .entries()
        .into_iter()
        .find(|e| e.path == "/api/v1/users")
        .unwrap();
    assert_eq!(entry.credential.as_deref(), Some("DPoP"));

    let (status, headers, body) = send(&state, api_request(&token, &proof, "DPoP")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_dpop_proof");
    let challenge = headers["www-authenticate"].to_str().unwrap();
    assert!(challenge.starts_with("DPoP algs="), "{challenge}");
    assert!(challenge.contains("has already been used"), "{challenge}");

    let stranger = TestKey::generate_ec();
    let (status, _, body) = send(
        &state,
        api_request(&token, &api_proof(&stranger, &token, "r2", None), "DPoP"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("binding")
    );

    let (status, _, body) = send(
        &state,
        api_request(&token, &api_proof(&key, &token, "r3", None), "Bearer"),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["errorCode"], "E0000011");
}

#[tokio::test]
async fn a_resource_nonce_when_required_is_asked_for_with_401_and_then_accepted() {
    let state = state();
    let key = TestKey::generate_ec();
    let token = mint(&state, &key).await;
    state.oauth.require_resource_nonce(true);
    let (status, headers, body) = send(
        &state,
        api_request(&token, &api_proof(&key, &token, "s1", None), "DPoP"),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "use_dpop_nonce");
    let challenge = headers["www-authenticate"].to_str().unwrap();
    assert!(
        challenge.contains("error=\"use_dpop_nonce\""),
        "{challenge}"
    );
    let nonce = headers["dpop-nonce"].to_str().unwrap().to_owned();
    let proof = api_proof(&key, &token, "s2", Some(&nonce));
    let (status, _, body) = send(&state, api_request(&token, &proof, "DPoP")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
