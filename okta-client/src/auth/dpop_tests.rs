use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};

use super::*;

fn segment(jwt: &str, i: usize) -> serde_json::Value {
    let seg = jwt.split('.').nth(i).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(seg).unwrap()).unwrap()
}

/// Verifies a proof with the public key its own header carries (ring, not this module).
fn verifies(jwt: &str) -> bool {
    let jwk = &segment(jwt, 0)["jwk"];
    let coord = |n: &str| URL_SAFE_NO_PAD.decode(jwk[n].as_str().unwrap()).unwrap();
    let mut point = vec![0x04];
    point.extend(coord("x"));
    point.extend(coord("y"));
    let (input, sig) = jwt.rsplit_once('.').unwrap();
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
        .verify(input.as_bytes(), &URL_SAFE_NO_PAD.decode(sig).unwrap())
        .is_ok()
}

#[test]
fn a_resource_proof_carries_every_rfc_9449_claim_and_verifies_with_its_jwk() {
    let key = DpopKey::generate().unwrap();
    let url = url::Url::parse("https://acme.okta.com/api/v1/users?limit=2&after=x#frag").unwrap();
    let proof = key
        .proof("GET", &url, Some("at-123"), Some("n-1"), 1_700_000_000)
        .unwrap();
    let header = segment(&proof, 0);
    assert_eq!(header["typ"], "dpop+jwt");
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["jwk"]["kty"], "EC");
    assert_eq!(header["jwk"]["crv"], "P-256");
    assert!(header["jwk"].get("d").is_none(), "never the private key");
    let claims = segment(&proof, 1);
    assert_eq!(claims["htm"], "GET");
    assert_eq!(claims["htu"], "https://acme.okta.com/api/v1/users");
    assert_eq!(claims["iat"], 1_700_000_000);
    assert_eq!(claims["nonce"], "n-1");
    // RFC 9449 §4.2: base64url(SHA-256("at-123")), computed independently here.
    let digest = ring::digest::digest(&ring::digest::SHA256, b"at-123");
    assert_eq!(claims["ath"], URL_SAFE_NO_PAD.encode(digest));
    assert!(verifies(&proof));
    let token_proof = key.proof("POST", &url, None, None, 1).unwrap();
    let claims2 = segment(&token_proof, 1);
    assert!(claims2.get("ath").is_none() && claims2.get("nonce").is_none());
    assert_ne!(claims2["jti"], claims["jti"], "each proof has its own jti");
}

#[test]
fn each_client_gets_its_own_key_and_debug_never_shows_it() {
    let (a, b) = (DpopKey::generate().unwrap(), DpopKey::generate().unwrap());
    assert_ne!(a.jwk, b.jwk);
    assert_eq!(format!("{a:?}"), "DpopKey(ES256, ***)");
}
