//! Property tests of the DPoP proofs this client builds (RFC 9449 §4.2), for any method, URL,
//! access token, nonce and time. Every expected value is computed here independently of
//! `dpop.rs` (the `htu` from the URL's parts, `ath` with ring's SHA-256), and signatures are
//! checked with ring against the public key the proof's own `jwk` header carries.

use std::collections::HashSet;
use std::sync::Mutex;

use proptest::prelude::*;
use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};

use super::*;

/// Every `jti` seen by the properties in this run, to check uniqueness across many proofs.
static JTIS: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fn fresh_jti(jti: &str) -> bool {
    let mut seen = JTIS.lock().unwrap_or_else(|e| e.into_inner());
    seen.get_or_insert_with(HashSet::new).insert(jti.to_owned())
}

fn segment(jwt: &str, i: usize) -> serde_json::Value {
    let seg = jwt.split('.').nth(i).expect("three segments");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(seg).expect("base64url")).expect("JSON")
}

/// The uncompressed P-256 point (`0x04 || x || y`) of a public JWK.
fn point_of(jwk: &serde_json::Value) -> Vec<u8> {
    let coord = |n: &str| {
        let c = URL_SAFE_NO_PAD
            .decode(jwk[n].as_str().expect("coordinate is a string"))
            .expect("coordinate is base64url");
        assert_eq!(c.len(), 32, "a P-256 coordinate is 32 bytes");
        c
    };
    let mut point = vec![0x04];
    point.extend(coord("x"));
    point.extend(coord("y"));
    point
}

/// Whether `jwt`'s signature verifies with the key in its own `jwk` header (ring).
fn verifies(jwt: &str) -> bool {
    let point = point_of(&segment(jwt, 0)["jwk"]);
    let (input, sig) = jwt.rsplit_once('.').expect("a signature segment");
    let Ok(sig) = URL_SAFE_NO_PAD.decode(sig) else {
        return false;
    };
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
        .verify(input.as_bytes(), &sig)
        .is_ok()
}

/// A URL made of parts, and the `htu` those parts give without query and fragment.
#[derive(Debug, Clone)]
struct UrlCase {
    url: String,
    htu: String,
}

fn url_case() -> impl Strategy<Value = UrlCase> {
    // Segments start with a letter so that none is `.`/`..` (or `%2e`), which URL parsing
    // resolves away; the rest mixes unreserved characters, dots and percent escapes.
    let segment = "[a-z]([a-zA-Z0-9_~.-]|%[0-9A-F]{2}){0,8}";
    (
        prop::sample::select(vec!["http", "https"]),
        "[a-z][a-z0-9]{0,8}(\\.[a-z][a-z0-9]{0,6}){0,2}",
        prop::option::of(1u16..=65535),
        prop::collection::vec(segment, 0..4),
        any::<bool>(),
        prop::option::of("[a-zA-Z0-9=&%._/?-]{0,16}"),
        prop::option::of("[a-zA-Z0-9=&%._/?#-]{0,16}"),
    )
        .prop_map(
            |(scheme, host, port, segments, trailing_slash, query, fragment)| {
                let default_port = if scheme == "https" { 443 } else { 80 };
                let authority = match port {
                    Some(p) if p != default_port => format!("{host}:{p}"),
                    _ => host.clone(),
                };
                let mut path = String::new();
                for s in &segments {
                    path.push('/');
                    path.push_str(s);
                }
                if trailing_slash || path.is_empty() {
                    path.push('/');
                }
                // The URL as written may spell out the default port; the htu never does
                // (WHATWG URL serialization, which RFC 9449 §4.3 compares after normalizing).
                let written_port = port.map(|p| format!(":{p}")).unwrap_or_default();
                let mut url = format!("{scheme}://{host}{written_port}{path}");
                if let Some(q) = &query {
                    url.push('?');
                    url.push_str(q);
                }
                if let Some(f) = &fragment {
                    url.push('#');
                    url.push_str(f);
                }
                UrlCase {
                    url,
                    htu: format!("{scheme}://{authority}{path}"),
                }
            },
        )
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"
        ])
        .prop_map(str::to_owned),
        // Any other token (RFC 9110 §9.1: methods are case-sensitive tokens).
        "[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,11}",
    ]
}

proptest! {
    /// Any proof carries exactly RFC 9449's header and claims for its request, and verifies
    /// with the public key of the client's own DPoP key pair.
    #[test]
    fn every_proof_names_its_request_and_verifies_with_the_clients_public_key(
        method in method(),
        case in url_case(),
        token in prop::option::of(any::<String>()),
        nonce in prop::option::of(any::<String>()),
        now in any::<i64>(),
    ) {
        let key = DpopKey::generate().unwrap();
        let url = url::Url::parse(&case.url).unwrap();
        let proof = key
            .proof(&method, &url, token.as_deref(), nonce.as_deref(), now)
            .unwrap();

        let header = segment(&proof, 0);
        let mut members: Vec<_> = header.as_object().unwrap().keys().cloned().collect();
        members.sort();
        prop_assert_eq!(members, ["alg", "jwk", "typ"]);
        prop_assert_eq!(&header["typ"], "dpop+jwt");
        prop_assert_eq!(&header["alg"], "ES256");
        let jwk = &header["jwk"];
        let mut jwk_members: Vec<_> = jwk.as_object().unwrap().keys().cloned().collect();
        jwk_members.sort();
        prop_assert_eq!(jwk_members, ["crv", "kty", "x", "y"], "public members only, no d");
        prop_assert_eq!(&jwk["kty"], "EC");
        prop_assert_eq!(&jwk["crv"], "P-256");
        // The jwk is the public half of the key that signs, not merely self-consistent.
        let SigningKey::Ec(pair) = &key.key else {
            panic!("the DPoP key is P-256");
        };
        prop_assert_eq!(point_of(jwk), pair.public_key().as_ref().to_vec());

        let claims = segment(&proof, 1);
        let mut expected_members = vec!["htm", "htu", "iat", "jti"];
        if token.is_some() {
            expected_members.push("ath");
        }
        if nonce.is_some() {
            expected_members.push("nonce");
        }
        expected_members.sort_unstable();
        let mut claim_members: Vec<_> = claims.as_object().unwrap().keys().cloned().collect();
        claim_members.sort();
        prop_assert_eq!(claim_members, expected_members);
        prop_assert_eq!(claims["htm"].as_str(), Some(method.as_str()));
        prop_assert_eq!(claims["htu"].as_str(), Some(case.htu.as_str()), "from {}", case.url);
        prop_assert_eq!(claims["iat"].as_i64(), Some(now));
        if let Some(token) = &token {
            let digest = ring::digest::digest(&ring::digest::SHA256, token.as_bytes());
            let expected = URL_SAFE_NO_PAD.encode(digest);
            prop_assert_eq!(claims["ath"].as_str(), Some(expected.as_str()));
        }
        if let Some(nonce) = &nonce {
            prop_assert_eq!(claims["nonce"].as_str(), Some(nonce.as_str()));
        }
        let jti = claims["jti"].as_str().unwrap();
        prop_assert!(jti.len() >= 22, "128 bits of randomness: {}", jti);
        prop_assert!(fresh_jti(jti), "jti {} was used before", jti);

        prop_assert!(verifies(&proof));
        // The check above can fail: the same proof with any claim changed does not verify.
        let mut parts: Vec<&str> = proof.split('.').collect();
        let mut other = claims.clone();
        other["iat"] = serde_json::json!(now.wrapping_add(1));
        let forged = URL_SAFE_NO_PAD.encode(other.to_string());
        parts[1] = &forged;
        prop_assert!(!verifies(&parts.join(".")));
    }

    /// Many proofs for the same request from the same key never repeat a `jti`.
    #[test]
    fn proofs_for_one_request_never_repeat_a_jti(case in url_case(), count in 2usize..40) {
        let key = DpopKey::generate().unwrap();
        let url = url::Url::parse(&case.url).unwrap();
        for _ in 0..count {
            let proof = key.proof("GET", &url, Some("at"), None, 1_700_000_000).unwrap();
            let claims = segment(&proof, 1);
            let jti = claims["jti"].as_str().unwrap();
            prop_assert!(fresh_jti(jti), "jti {} was used before", jti);
        }
    }
}
