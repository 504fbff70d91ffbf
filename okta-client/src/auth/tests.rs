//! The service-app provider against a small token endpoint and resource double on
//! 127.0.0.1:0: build-time checks, single-flight minting, renewal on expiry and on a 401.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use super::*;
use crate::config::ConfigError;
use crate::{Error, Method, RawRequest};

const RSA_PKCS8: &str = include_str!("../../testdata/keys/rsa-pkcs8.pem");
const EC_JWK: &str = include_str!("../../testdata/keys/ec-private.jwk.json");

#[derive(Default)]
struct Org {
    minted: u64,
    valid: HashSet<String>,
    expires_in: u64,
    assertions: Vec<serde_json::Value>,
    forms: Vec<std::collections::HashMap<String, String>>,
    /// Answer the next token requests with 503 this many times.
    busy: u32,
    /// Refuse every token at the resource.
    refuse_all: bool,
}

type Shared = Arc<Mutex<Org>>;

async fn token(
    State(org): State<Shared>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Response {
    let mut org = org.lock().unwrap();
    if org.busy > 0 {
        org.busy -= 1;
        return (StatusCode::SERVICE_UNAVAILABLE, "busy").into_response();
    }
    let assertion = form.get("client_assertion").cloned().unwrap_or_default();
    let claims = assertion.split('.').nth(1).unwrap_or_default();
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap_or_default())
            .unwrap_or_default();
    org.assertions.push(claims);
    org.forms.push(form);
    org.minted += 1;
    let token = format!("tok-{}", org.minted);
    org.valid.insert(token.clone());
    let expires_in = org.expires_in;
    axum::Json(json!({
        "token_type": "Bearer", "expires_in": expires_in,
        "access_token": token, "scope": "okta.users.read"
    }))
    .into_response()
}

async fn me(State(org): State<Shared>, headers: HeaderMap) -> Response {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let ok = auth.strip_prefix("Bearer ").is_some_and(|t| {
        let org = org.lock().unwrap();
        !org.refuse_all && org.valid.contains(t)
    });
    if ok {
        axum::Json(json!({"id": "00u1"})).into_response()
    } else {
        let body = json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided",
            "errorLink": "E0000011", "errorId": "oae1", "errorCauses": []});
        (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response()
    }
}

async fn serve(expires_in: u64) -> (String, Shared) {
    let org: Shared = Arc::new(Mutex::new(Org {
        expires_in,
        ..Org::default()
    }));
    let app = Router::new()
        .route("/oauth2/v1/token", post(token))
        .route("/api/v1/users/me", get(me))
        .with_state(org.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), org)
}

fn client(url: &str, key: &str) -> Client {
    Client::builder()
        .org_url(url)
        .retry_policy(
            RetryPolicy::default()
                .with_initial_backoff(std::time::Duration::from_millis(1))
                .with_jitter(std::time::Duration::ZERO),
        )
        .private_key_auth(
            PrivateKeyAuth::new("0oa-service", key)
                .scopes(["okta.users.read"])
                .key_id("k1"),
        )
        .build()
        .unwrap()
}

async fn get_me(c: &Client) -> Result<(), Error> {
    c.raw(RawRequest::new(Method::GET, "/api/v1/users/me"))
        .await
        .map(|_| ())
}

fn config_error(auth: PrivateKeyAuth) -> ConfigError {
    match Client::builder()
        .org_url("https://acme.okta.com")
        .private_key_auth(auth)
        .build()
    {
        Err(Error::Config(e)) => e,
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[test]
fn a_missing_client_id_empty_scopes_or_a_bad_key_fail_at_build_time() {
    let e = config_error(PrivateKeyAuth::new(" ", RSA_PKCS8).scopes(["okta.users.read"]));
    assert_eq!(e, ConfigError::MissingClientId);
    assert!(e.to_string().contains("OKTA_CLIENT_CLIENTID"), "{e}");
    let e = config_error(PrivateKeyAuth::new("0oa1", RSA_PKCS8).scopes([" , "]));
    assert_eq!(e, ConfigError::MissingScopes);
    assert!(e.to_string().contains("OKTA_CLIENT_SCOPES"), "{e}");
    let bad = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleQ==\n-----END PRIVATE KEY-----";
    let e = config_error(PrivateKeyAuth::new("0oa1", bad).scopes(["okta.users.read"]));
    assert!(matches!(e, ConfigError::InvalidPrivateKey(_)), "{e}");
    assert!(e.to_string().contains("PKCS#8"), "{e}");
    assert!(!e.to_string().contains("c2VjcmV0"), "{e}");
}

#[test]
fn debug_output_never_shows_the_key() {
    let auth = PrivateKeyAuth::new("0oa1", RSA_PKCS8).scopes(["okta.users.read"]);
    let builder = Client::builder()
        .org_url("https://acme.okta.com")
        .private_key_auth(auth.clone());
    let shown = format!("{auth:?} {builder:?}");
    assert!(
        !shown.contains("PRIVATE KEY") && !shown.contains("MII"),
        "{shown}"
    );
    let client = builder.build().unwrap();
    assert!(!format!("{client:?}").contains("MII"));
}

#[tokio::test]
async fn concurrent_requests_share_one_minted_token() {
    let (url, org) = serve(3600).await;
    let c = client(&url, RSA_PKCS8);
    let calls = (0..40).map(|_| get_me(&c));
    for r in futures::future::join_all(calls).await {
        r.unwrap();
    }
    assert_eq!(c.tokens_minted(), 1);
    let org = org.lock().unwrap();
    assert_eq!(org.minted, 1);
    let form = &org.forms[0];
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["scope"], "okta.users.read");
    assert_eq!(
        form["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    let claims = &org.assertions[0];
    assert_eq!(claims["iss"], "0oa-service");
    assert_eq!(claims["sub"], "0oa-service");
    assert_eq!(claims["aud"], format!("{url}/oauth2/v1/token"));
}

#[tokio::test]
async fn a_revoked_token_is_renewed_once_and_the_request_succeeds() {
    let (url, org) = serve(3600).await;
    let c = client(&url, EC_JWK);
    get_me(&c).await.unwrap();
    org.lock().unwrap().valid.clear();
    get_me(&c).await.unwrap();
    get_me(&c).await.unwrap();
    assert_eq!(c.tokens_minted(), 2);
}

#[tokio::test]
async fn a_token_rejected_even_after_renewal_gives_the_401_to_the_caller() {
    let (url, org) = serve(3600).await;
    org.lock().unwrap().refuse_all = true;
    let c = client(&url, RSA_PKCS8);
    let e = get_me(&c).await.unwrap_err();
    assert_eq!(e.status(), Some(401));
    assert_eq!(
        c.tokens_minted(),
        2,
        "the first token and exactly one renewal"
    );
}

#[tokio::test]
async fn a_fixed_access_token_is_never_renewed() {
    let (url, _org) = serve(3600).await;
    let fixed = Client::builder()
        .org_url(url.as_str())
        .access_token("not-a-token")
        .build()
        .unwrap();
    let e = get_me(&fixed).await.unwrap_err();
    assert_eq!(e.status(), Some(401));
    assert_eq!(fixed.tokens_minted(), 0);
}

#[tokio::test]
async fn a_token_past_its_renewal_time_is_replaced_before_use() {
    // expires_in 0: the token is due for renewal as soon as it is minted.
    let (url, org) = serve(0).await;
    let c = client(&url, RSA_PKCS8);
    get_me(&c).await.unwrap();
    get_me(&c).await.unwrap();
    assert_eq!(org.lock().unwrap().minted, 2);
    let jtis: HashSet<String> = org
        .lock()
        .unwrap()
        .assertions
        .iter()
        .map(|a| a["jti"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(jtis.len(), 2, "each assertion has its own jti");
}

#[tokio::test]
async fn a_busy_token_endpoint_is_retried_with_a_new_assertion() {
    let (url, org) = serve(3600).await;
    org.lock().unwrap().busy = 2;
    let c = client(&url, RSA_PKCS8);
    get_me(&c).await.unwrap();
    assert_eq!(c.tokens_minted(), 1);
    assert_eq!(org.lock().unwrap().busy, 0);
}

#[tokio::test]
async fn a_refusal_names_the_oauth_error_but_not_the_assertion() {
    let app = Router::new().route(
        "/oauth2/v1/token",
        post(|| async {
            let body = json!({"error": "invalid_client",
                "error_description": "The client_assertion signature is invalid."});
            (StatusCode::UNAUTHORIZED, axum::Json(body))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let c = client(&format!("http://{addr}"), RSA_PKCS8);
    let e = get_me(&c).await.unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert!(
        text.contains("invalid_client") && text.contains("signature"),
        "{text}"
    );
    assert!(!text.contains("eyJ"), "{text}");
}

#[tokio::test]
async fn the_token_endpoints_rate_limit_is_paced_by_the_clients_throttle() {
    // A token endpoint that says its bucket is empty until a minute from now.
    let app = Router::new().route(
        "/oauth2/v1/token",
        post(|| async {
            let now = time::OffsetDateTime::now_utc();
            let date = now
                .format(time::macros::format_description!(
                    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
                ))
                .unwrap();
            let reset = (now.unix_timestamp() + 60).to_string();
            let headers = [
                ("date", date),
                ("x-rate-limit-limit", "600".to_owned()),
                ("x-rate-limit-remaining", "0".to_owned()),
                ("x-rate-limit-reset", reset),
            ];
            let body = json!({"token_type": "Bearer", "expires_in": 3600,
                              "access_token": "tok", "scope": "okta.users.read"});
            (headers, axum::Json(body))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let c = Client::builder()
        .org_url(format!("http://{addr}"))
        .throttle(true)
        .private_key_auth(PrivateKeyAuth::new("0oa-service", RSA_PKCS8).scopes(["okta.users.read"]))
        .build()
        .unwrap();
    // The request itself fails (no resource here); the token was minted first.
    let _ = get_me(&c).await;
    assert_eq!(c.tokens_minted(), 1);
    let throttle = c.inner().throttle.as_ref().unwrap();
    let url = url::Url::parse(&format!("http://{addr}/oauth2/v1/token")).unwrap();
    let key = crate::transport::bucket_key(&Method::POST, &url);
    assert_eq!(
        key, "POST /oauth2/v1/token",
        "its own bucket, outside the API families"
    );
    let wait = throttle
        .wait_for(&key)
        .expect("the next token request must wait");
    assert!(wait > std::time::Duration::from_secs(30), "{wait:?}");
    let api = url::Url::parse(&format!("http://{addr}/api/v1/users/me")).unwrap();
    assert!(
        throttle
            .wait_for(&crate::transport::bucket_key(&Method::GET, &api))
            .is_none(),
        "the API's buckets are not affected"
    );
}
