//! Property tests of the client assertion (RFC 7523 §3, Okta's `private_key_jwt`) for any
//! client id, token URL, key id and time, with the repository's RSA and EC test keys in every
//! form the client accepts. Signatures are checked with ring against the public halves in
//! `testdata/keys/*-public.jwk.json` (the keys okta-mock registers), not against the signer.

use std::collections::HashSet;
use std::sync::Mutex;

use proptest::prelude::*;
use ring::signature::{
    ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents, UnparsedPublicKey,
};

use super::*;

const RSA_PUBLIC: &str = include_str!("../../testdata/keys/rsa-public.jwk.json");
const EC_PUBLIC: &str = include_str!("../../testdata/keys/ec-public.jwk.json");

/// Every private form of the two test keys, and whether it is the RSA one.
const KEYS: [(&str, bool); 6] = [
    (include_str!("../../testdata/keys/rsa-pkcs1.pem"), true),
    (include_str!("../../testdata/keys/rsa-pkcs8.pem"), true),
    (
        include_str!("../../testdata/keys/rsa-private.jwk.json"),
        true,
    ),
    (include_str!("../../testdata/keys/ec-sec1.pem"), false),
    (include_str!("../../testdata/keys/ec-pkcs8.pem"), false),
    (
        include_str!("../../testdata/keys/ec-private.jwk.json"),
        false,
    ),
];

/// Every `jti` seen in this run, to check uniqueness across many assertions.
static JTIS: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fn fresh_jti(jti: &str) -> bool {
    let mut seen = JTIS.lock().unwrap_or_else(|e| e.into_inner());
    seen.get_or_insert_with(HashSet::new).insert(jti.to_owned())
}

fn part(jwt: &str, i: usize) -> serde_json::Value {
    let seg = jwt.split('.').nth(i).expect("three segments");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(seg).expect("base64url")).expect("JSON")
}

fn member(jwk: &str, name: &str) -> Vec<u8> {
    let jwk: serde_json::Value = serde_json::from_str(jwk).unwrap();
    URL_SAFE_NO_PAD.decode(jwk[name].as_str().unwrap()).unwrap()
}

/// Whether `jwt` verifies with ring against the registered public key of its kind.
fn verifies(jwt: &str, rsa: bool) -> bool {
    let (input, sig) = jwt.rsplit_once('.').expect("a signature segment");
    let Ok(sig) = URL_SAFE_NO_PAD.decode(sig) else {
        return false;
    };
    if rsa {
        let (n, e) = (member(RSA_PUBLIC, "n"), member(RSA_PUBLIC, "e"));
        RsaPublicKeyComponents { n: &n, e: &e }
            .verify(&RSA_PKCS1_2048_8192_SHA256, input.as_bytes(), &sig)
            .is_ok()
    } else {
        let mut point = vec![0x04];
        point.extend(member(EC_PUBLIC, "x"));
        point.extend(member(EC_PUBLIC, "y"));
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
            .verify(input.as_bytes(), &sig)
            .is_ok()
    }
}

fn token_url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["http", "https"]),
        "[a-z][a-z0-9]{0,10}(\\.[a-z][a-z0-9]{0,8}){0,3}",
        prop::option::of(1u16..=65535),
        prop::sample::select(vec!["/oauth2/v1/token", "/oauth2/default/v1/token", ""]),
    )
        .prop_map(|(scheme, host, port, path)| {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            format!("{scheme}://{host}{port}{path}")
        })
}

proptest! {
    /// Any assertion names the client as issuer and subject, the token URL as audience, lives
    /// at most five minutes from its `iat`, has a fresh `jti`, and verifies with the public key
    /// registered for the app.
    #[test]
    fn every_assertion_names_the_client_and_audience_and_verifies_with_the_public_key(
        key_index in 0..KEYS.len(),
        client_id in any::<String>(),
        url in token_url(),
        kid in prop::option::of("[ -~]{1,24}"),
        now in i64::MIN..=i64::MAX - 300,
    ) {
        let (pem, rsa) = KEYS[key_index];
        let key = SigningKey::parse(pem).unwrap().key;
        let jwt = client_assertion(&key, kid.as_deref(), &client_id, &url, now).unwrap();

        let header = part(&jwt, 0);
        prop_assert_eq!(&header["alg"], if rsa { "RS256" } else { "ES256" });
        prop_assert_eq!(&header["typ"], "JWT");
        prop_assert_eq!(header.get("kid").and_then(|k| k.as_str()), kid.as_deref());

        let claims = part(&jwt, 1);
        let mut members: Vec<_> = claims.as_object().unwrap().keys().cloned().collect();
        members.sort();
        prop_assert_eq!(members, ["aud", "exp", "iat", "iss", "jti", "sub"]);
        prop_assert_eq!(claims["iss"].as_str(), Some(client_id.as_str()));
        prop_assert_eq!(claims["sub"].as_str(), Some(client_id.as_str()));
        prop_assert_eq!(claims["aud"].as_str(), Some(url.as_str()));
        prop_assert_eq!(claims["iat"].as_i64(), Some(now));
        let exp = claims["exp"].as_i64().unwrap();
        // Okta refuses an `exp` more than an hour ahead (assertion.rs); the client keeps it
        // within five minutes of `iat`, and after it.
        prop_assert!(exp > now && exp - now <= 5 * 60, "iat {} exp {}", now, exp);
        let jti = claims["jti"].as_str().unwrap();
        prop_assert!(jti.len() >= 22, "128 bits of randomness: {}", jti);
        prop_assert!(fresh_jti(jti), "jti {} was used before", jti);

        prop_assert!(verifies(&jwt, rsa));
        // The check above can fail: the other kind's public key refuses it, and so does the
        // right key once a claim is changed.
        prop_assert!(!verifies(&jwt, !rsa));
        let mut parts: Vec<&str> = jwt.split('.').collect();
        let mut other = claims.clone();
        other["aud"] = serde_json::json!(format!("{url}/"));
        let forged = URL_SAFE_NO_PAD.encode(other.to_string());
        parts[1] = &forged;
        prop_assert!(!verifies(&parts.join("."), rsa));
    }
}

/// An RSA key the app never registered signs assertions the registered key refuses (ring
/// checks the key, not just the format).
#[test]
fn an_assertion_signed_by_another_rsa_key_does_not_verify() {
    let other = SigningKey::parse(include_str!("../../testdata/keys/other-rsa.pem"))
        .unwrap()
        .key;
    let jwt = client_assertion(&other, None, "0oa1", "https://a.example/token", 1).unwrap();
    assert!(!verifies(&jwt, true));
}
