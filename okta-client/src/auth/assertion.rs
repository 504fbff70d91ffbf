//! The client assertion (RFC 7523 §3, Okta's `private_key_jwt`): a JWT the service app signs
//! with its private key to authenticate at the org's token endpoint.
//!
//! Claims as Okta's "Build a JWT for client authentication" guide
//! (developer.okta.com/docs/guides/build-self-signed-jwt) and the Python SDK (`okta/jwt.py`)
//! set them: `iss` = `sub` = the client id, `aud` = `{orgUrl}/oauth2/v1/token`, `iat`, `exp`
//! and a unique `jti`. Okta refuses an `exp` more than an hour ahead; five minutes is plenty
//! for one token request.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::{SecureRandom, SystemRandom};
use serde_json::json;

use super::key::SigningKey;

/// How long an assertion is valid.
pub(crate) const ASSERTION_LIFETIME_SECS: i64 = 300;

/// A fresh unique JWT id: 128 random bits, base64url.
pub(crate) fn new_jti() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| "the system random generator failed".to_owned())?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Signs a compact JWS over `header` and `claims` (both JSON objects).
///
/// # Errors
/// When the random generator or the signature fails (no key material in the message).
pub(crate) fn sign_jws(
    key: &SigningKey,
    header: &serde_json::Value,
    claims: &serde_json::Value,
) -> Result<String, String> {
    let mut input = URL_SAFE_NO_PAD.encode(header.to_string());
    input.push('.');
    input.push_str(&URL_SAFE_NO_PAD.encode(claims.to_string()));
    let signature = key.sign(input.as_bytes())?;
    input.push('.');
    input.push_str(&URL_SAFE_NO_PAD.encode(signature));
    Ok(input)
}

/// A client assertion for `client_id` at `token_url`, issued at `now` (Unix seconds).
///
/// # Errors
/// When signing fails.
pub(crate) fn client_assertion(
    key: &SigningKey,
    kid: Option<&str>,
    client_id: &str,
    token_url: &str,
    now: i64,
) -> Result<String, String> {
    let mut header = json!({ "alg": key.alg(), "typ": "JWT" });
    if let Some(kid) = kid {
        header["kid"] = json!(kid);
    }
    let claims = json!({
        "iss": client_id,
        "sub": client_id,
        "aud": token_url,
        "iat": now,
        "exp": now + ASSERTION_LIFETIME_SECS,
        "jti": new_jti()?,
    });
    sign_jws(key, &header, &claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(jwt: &str, i: usize) -> serde_json::Value {
        let seg = jwt.split('.').nth(i).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(seg).unwrap()).unwrap()
    }

    #[test]
    fn an_assertion_names_the_client_the_token_url_and_a_short_life() {
        let key = SigningKey::parse(include_str!("../../testdata/keys/rsa-pkcs1.pem"))
            .unwrap()
            .key;
        let url = "https://acme.okta.com/oauth2/v1/token";
        let jwt = client_assertion(&key, Some("kid-1"), "0oa123", url, 1_700_000_000).unwrap();
        let header = part(&jwt, 0);
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["kid"], "kid-1");
        let claims = part(&jwt, 1);
        assert_eq!(claims["iss"], "0oa123");
        assert_eq!(claims["sub"], "0oa123");
        assert_eq!(claims["aud"], url);
        assert_eq!(claims["iat"], 1_700_000_000);
        assert_eq!(claims["exp"], 1_700_000_300);
        let again = client_assertion(&key, None, "0oa123", url, 1_700_000_000).unwrap();
        assert_ne!(part(&again, 1)["jti"], claims["jti"], "each jti is unique");
        assert!(part(&again, 0).get("kid").is_none());
    }
}

#[cfg(test)]
#[path = "assertion_props.rs"]
mod props;
