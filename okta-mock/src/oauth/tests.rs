//! The assertion checks, exhaustively at the edges and by property.

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
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

fn sign(claims: &Value, key: &str, alg: Algorithm) -> String {
    let pem = key_file(key);
    let key = match alg {
        Algorithm::ES256 => EncodingKey::from_ec_pem(pem.as_bytes()).unwrap(),
        _ => EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
    };
    encode(&Header::new(alg), claims, &key).unwrap()
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
    check(&sign(&c, "ec-pkcs8.pem", Algorithm::ES256)).unwrap();
    check(&sign(&c, "rsa-pkcs8.pem", Algorithm::RS256)).unwrap();
}

#[test]
fn each_broken_claim_is_refused_as_invalid_client() {
    let ec = |c: &Value| check(&sign(c, "ec-pkcs8.pem", Algorithm::ES256));
    let wrong_key = check(&sign(
        &claims(300, 0, AUD),
        "other-rsa.pem",
        Algorithm::RS256,
    ));
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
        let good = sign(&claims(300, 0, AUD), "ec-pkcs8.pem", Algorithm::ES256);
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
            },
        );
    }
    assert_eq!(server.revoke(Some("app1")), 1);
    assert!(server.lookup("a").is_none() && server.lookup("b").is_some());
    assert_eq!(server.tokens_issued(), 2);
    assert_eq!(server.shift_clock(30), 30);
    assert_eq!(server.now(at), at + time::Duration::seconds(30));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn times_are_accepted_exactly_within_the_skew(
        exp_off in -200i64..(MAX_ASSERTION_LIFE_SECS + 200),
        iat_off in -200i64..200,
    ) {
        let jwt = sign(&claims(exp_off, iat_off, AUD), "ec-pkcs8.pem", Algorithm::ES256);
        let expected = exp_off + CLOCK_SKEW_SECS > 0
            && exp_off <= MAX_ASSERTION_LIFE_SECS + CLOCK_SKEW_SECS
            && iat_off <= CLOCK_SKEW_SECS;
        prop_assert_eq!(check(&jwt).is_ok(), expected, "exp {} iat {}", exp_off, iat_off);
    }

    #[test]
    fn only_the_exact_token_url_is_an_accepted_audience(suffix in "[a-z/]{0,6}") {
        let aud = format!("{AUD}{suffix}");
        let jwt = sign(&claims(300, 0, &aud), "ec-pkcs8.pem", Algorithm::ES256);
        prop_assert_eq!(check(&jwt).is_ok(), suffix.is_empty());
    }
}
