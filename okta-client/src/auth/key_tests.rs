use super::*;

const RSA_PKCS1: &str = include_str!("../../testdata/keys/rsa-pkcs1.pem");
const RSA_PKCS8: &str = include_str!("../../testdata/keys/rsa-pkcs8.pem");
const EC_SEC1: &str = include_str!("../../testdata/keys/ec-sec1.pem");
const EC_PKCS8: &str = include_str!("../../testdata/keys/ec-pkcs8.pem");
const RSA_JWK: &str = include_str!("../../testdata/keys/rsa-private.jwk.json");
const EC_JWK: &str = include_str!("../../testdata/keys/ec-private.jwk.json");

fn alg_of(input: &str) -> &'static str {
    SigningKey::parse(input).unwrap().key.alg()
}

#[test]
fn every_accepted_form_parses_to_its_algorithm() {
    assert_eq!(alg_of(RSA_PKCS1), "RS256");
    assert_eq!(alg_of(RSA_PKCS8), "RS256");
    assert_eq!(alg_of(RSA_JWK), "RS256");
    assert_eq!(alg_of(EC_SEC1), "ES256");
    assert_eq!(alg_of(EC_PKCS8), "ES256");
    assert_eq!(alg_of(EC_JWK), "ES256");
}

#[test]
fn a_jwk_brings_its_own_key_id() {
    assert_eq!(
        SigningKey::parse(RSA_JWK).unwrap().kid.as_deref(),
        Some("rsa-test-key")
    );
    assert_eq!(SigningKey::parse(RSA_PKCS1).unwrap().kid, None);
}

#[test]
fn a_key_file_path_is_read() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/keys/ec-pkcs8.pem");
    assert_eq!(alg_of(path), "ES256");
}

#[test]
fn signatures_have_the_jws_length_of_their_algorithm() {
    let rsa = SigningKey::parse(RSA_PKCS8).unwrap().key;
    assert_eq!(rsa.sign(b"x").unwrap().len(), 256);
    let ec = SigningKey::parse(EC_JWK).unwrap().key;
    assert_eq!(ec.sign(b"x").unwrap().len(), 64);
}

#[test]
fn bad_keys_say_what_is_wrong_without_quoting_the_key() {
    let cases = [
        ("", "empty"),
        (
            "/nonexistent/key.pem",
            "neither PEM, a JWK, nor a readable file",
        ),
        (
            "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----",
            "malformed",
        ),
        (
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
            "not a private key",
        ),
        (r#"{"kty":"oct","k":"c2VjcmV0LXZhbHVl"}"#, "RSA or EC"),
        (r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#, "no `d`"),
        (
            r#"{"kty":"EC","crv":"P-384","d":"c2VjcmV0LXZhbHVl"}"#,
            "P-256",
        ),
        (r#"{"kty": "RSA", "d": "secret-value""#, "not valid JSON"),
    ];
    for (input, expected) in cases {
        let e = SigningKey::parse(input).unwrap_err();
        assert!(e.contains(expected), "{input:?} gave {e}");
        assert!(
            !e.contains("c2VjcmV0LXZhbHVl") && !e.contains("secret-value"),
            "{e}"
        );
    }
    let truncated = &RSA_JWK.replace("\"qi\"", "\"zz\"");
    assert!(SigningKey::parse(truncated).unwrap_err().contains("`qi`"));
}

#[test]
fn debug_shows_the_algorithm_only() {
    let shown = format!("{:?}", SigningKey::parse(EC_SEC1).unwrap().key);
    assert_eq!(shown, "SigningKey(ES256, ***)");
}
