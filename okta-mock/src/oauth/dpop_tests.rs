//! The DPoP proof checks, at the edges and by property, and the DPoP flow over HTTP.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::dpop::{DpopState, Expected, NONCE_ROTATION_SECS, PROOF_IAT_WINDOW_SECS, ath};
use super::test_sign::TestKey;

const URL: &str = "http://127.0.0.1:1/api/v1/users";
const NOW: i64 = 1_800_000_000;
const TOKEN: &str = "mock-at.token";

fn claims(jti: &str, iat: i64) -> Value {
    json!({"htm": "GET", "htu": URL, "iat": iat, "jti": jti, "ath": ath(TOKEN)})
}

fn expected(nonce_required: bool) -> Expected<'static> {
    Expected {
        method: "GET",
        url: URL,
        access_token: Some(TOKEN),
        nonce_required,
    }
}

fn refusal(state: &DpopState, proof: &str) -> String {
    let e = state
        .check(Some(proof), expected(false), NOW)
        .expect_err("the proof must be refused");
    format!("{} {}", e.error, e.description)
}

#[test]
fn a_good_proof_passes_once_and_yields_its_key_thumbprint() {
    let key = TestKey::generate_ec();
    let state = DpopState::default();
    let proof = key.proof(&claims("a", NOW));
    let jkt = state.check(Some(&proof), expected(false), NOW).unwrap();
    let again = state.check(Some(&proof), expected(false), NOW).unwrap_err();
    assert_eq!(
        again.description,
        "The DPoP proof JWT has already been used."
    );
    let other = key.proof(&claims("b", NOW));
    assert_eq!(
        state.check(Some(&other), expected(false), NOW).unwrap(),
        jkt
    );
}

#[test]
fn each_broken_part_of_a_proof_is_named() {
    let key = TestKey::generate_ec();
    let state = DpopState::default();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut c = claims("x", NOW);
        f(&mut c);
        key.proof(&c)
    };
    let cases: Vec<(String, &str)> = vec![
        (
            with(&|c| c["htu"] = json!("http://127.0.0.1:1/api/v1/groups")),
            "'htu'",
        ),
        (with(&|c| c["htm"] = json!("POST")), "'htm'"),
        (
            with(&|c| drop(c.as_object_mut().unwrap().remove("ath"))),
            "'ath'",
        ),
        (with(&|c| c["ath"] = json!(ath("another token"))), "'ath'"),
        (
            with(&|c| drop(c.as_object_mut().unwrap().remove("jti"))),
            "'jti'",
        ),
        (
            key.sign(
                &json!({"typ": "JWT", "jwk": key.public_jwk()}),
                &claims("y", NOW),
            ),
            "'typ'",
        ),
        (
            key.sign(&json!({"typ": "dpop+jwt"}), &claims("z", NOW)),
            "'jwk'",
        ),
        // Signed by one key, claiming another.
        (
            key.sign(
                &json!({"typ": "dpop+jwt", "jwk": TestKey::generate_ec().public_jwk()}),
                &claims("w", NOW),
            ),
            "signature",
        ),
        ("a.b.c".to_owned(), "malformed"),
    ];
    for (proof, expected) in cases {
        let got = refusal(&state, &proof);
        assert!(got.starts_with("invalid_dpop_proof"), "{got}");
        assert!(got.contains(expected), "{expected}: {got}");
    }
    let missing = state.check(None, expected(false), NOW).unwrap_err();
    assert_eq!(missing.description, "The DPoP proof JWT header is missing.");
}

#[test]
fn the_htu_is_compared_without_its_query() {
    let key = TestKey::generate_ec();
    let state = DpopState::default();
    let mut c = claims("q", NOW);
    c["htu"] = json!(format!("{URL}?limit=2"));
    state
        .check(Some(&key.proof(&c)), expected(false), NOW)
        .unwrap();
}

#[test]
fn a_required_nonce_is_handed_out_rotated_and_the_previous_one_still_accepted() {
    let key = TestKey::generate_ec();
    let state = DpopState::default();
    let first = state
        .check(Some(&key.proof(&claims("n1", NOW))), expected(true), NOW)
        .unwrap_err();
    assert_eq!(first.error, "use_dpop_nonce");
    let nonce = first.nonce.unwrap();
    let with_nonce = |jti: &str, nonce: &str, at: i64| {
        let mut c = claims(jti, at);
        c["nonce"] = json!(nonce);
        state.check(Some(&key.proof(&c)), expected(true), at)
    };
    with_nonce("n2", &nonce, NOW).unwrap();
    // One rotation later the old nonce still works; two rotations later it does not.
    let later = NOW + NONCE_ROTATION_SECS;
    let newer = state.nonce(later);
    assert_ne!(newer, nonce);
    with_nonce("n3", &nonce, later).unwrap();
    let much_later = later + NONCE_ROTATION_SECS;
    let refused = with_nonce("n4", &nonce, much_later).unwrap_err();
    assert_eq!(refused.error, "use_dpop_nonce");
    assert_ne!(refused.nonce.as_deref(), Some(nonce.as_str()));
    with_nonce("n5", "made-up", NOW).unwrap_err();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn iat_is_accepted_exactly_within_the_window(off in -3 * PROOF_IAT_WINDOW_SECS..3 * PROOF_IAT_WINDOW_SECS) {
        let key = TestKey::generate_ec();
        let state = DpopState::default();
        let result = state.check(Some(&key.proof(&claims("t", NOW + off))), expected(false), NOW);
        prop_assert_eq!(result.is_ok(), off.abs() <= PROOF_IAT_WINDOW_SECS, "iat offset {}", off);
    }

    #[test]
    fn only_the_request_method_and_url_are_accepted(
        method in prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "get"]),
        suffix in "[a-z/]{0,4}",
    ) {
        let key = TestKey::generate_ec();
        let state = DpopState::default();
        let mut c = claims("m", NOW);
        c["htm"] = json!(method);
        c["htu"] = json!(format!("{URL}{suffix}"));
        let ok = state.check(Some(&key.proof(&c)), expected(false), NOW).is_ok();
        prop_assert_eq!(ok, method == "GET" && suffix.is_empty());
    }

    #[test]
    fn a_jti_is_accepted_once(jtis in prop::collection::vec("[a-c]{1,2}", 1..8)) {
        let key = TestKey::generate_ec();
        let state = DpopState::default();
        let mut seen = std::collections::HashSet::new();
        for jti in jtis {
            let ok = state.check(Some(&key.proof(&claims(&jti, NOW))), expected(false), NOW).is_ok();
            prop_assert_eq!(ok, seen.insert(jti));
        }
    }
}

#[path = "dpop_http_tests.rs"]
mod over_http;
