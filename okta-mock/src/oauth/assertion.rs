//! Checks of a `private_key_jwt` client assertion (RFC 7523 §3), as Okta documents them in
//! "Implement OAuth for Okta with a service app" (developer.okta.com/docs/guides/
//! implement-oauth-for-okta-serviceapp/main/#create-and-sign-the-jwt): `iss` and `sub` are the
//! client id, `aud` is the token endpoint's full URL, `exp` at most an hour ahead, `jti`
//! (optional) prevents replay, `iat` optional. The signature is checked with ring (`jws.rs`)
//! against the app's registered keys.

use serde_json::Value;

use super::error::OAuthError;
use super::jws::Jws;
use super::registry::ServiceApp;

/// How far the assertion's times may be off the server's clock. Okta does not publish a
/// tolerance for client assertions: neither "Build a JWT for client authentication"
/// (developer.okta.com/docs/guides/build-self-signed-jwt), "Implement OAuth for Okta with a
/// service app" nor "Client authentication methods" (developer.okta.com/docs/api/openapi/
/// okta-oauth/guides/client-auth) names one, and the only skew Okta documents is okta-auth-js's
/// `maxClockSkew` for ID tokens it validates itself (300 s; support.okta.com, "The Effect of
/// System Clock Skew on Authentication Flows"), a client-side setting. A minute is therefore the
/// mock's own choice, pinned at the edges by the property tests.
pub const CLOCK_SKEW_SECS: i64 = 60;

/// The longest an assertion may be valid ahead of now ("a maximum of only an hour").
pub const MAX_ASSERTION_LIFE_SECS: i64 = 3600;

/// What a verified assertion says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedAssertion {
    /// `jti`, when present.
    pub jti: Option<String>,
    /// `exp`.
    pub exp: i64,
}

/// Verifies `jwt` for `app` at the token URL `aud`, at server time `now` (Unix seconds).
/// Replay of the `jti` is checked by the caller (it needs the shared store of seen ids).
///
/// # Errors
/// `invalid_client` with a description of the first check that failed.
pub fn verify_assertion(
    jwt: &str,
    app: &ServiceApp,
    aud: &str,
    now: i64,
) -> Result<VerifiedAssertion, OAuthError> {
    let jws = Jws::parse(jwt)
        .map_err(|_| OAuthError::invalid_client("The client_assertion is not a valid JWT."))?;
    let kid = jws.header_str("kid");
    let candidates: Vec<_> = app
        .keys
        .iter()
        .filter(|k| Some(k.key.alg()) == jws.alg)
        .filter(|k| kid.is_none() || k.kid.is_none() || k.kid.as_deref() == kid)
        .collect();
    if candidates.is_empty() {
        return Err(OAuthError::invalid_client(
            "The client_assertion signature is invalid (no registered key matches its kid and alg).",
        ));
    }
    if !candidates.iter().any(|k| jws.verified_by(&k.key)) {
        return Err(OAuthError::invalid_client(
            "The client_assertion signature is invalid.",
        ));
    }
    let claims = Value::Object(jws.claims);
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    if text("iss") != Some(app.client_id.as_str()) || text("sub") != Some(app.client_id.as_str()) {
        return Err(OAuthError::invalid_client(
            "The iss and sub claims of the client_assertion must be the client_id.",
        ));
    }
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => a == aud,
        Some(Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(aud)),
        _ => false,
    };
    if !aud_ok {
        return Err(OAuthError::invalid_client(
            "The audience claim for client_assertion must be the endpoint invoked for the request.",
        ));
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or_else(|| OAuthError::invalid_client("The client_assertion has no exp claim."))?;
    if exp + CLOCK_SKEW_SECS <= now {
        return Err(OAuthError::invalid_client(
            "The client_assertion token is expired.",
        ));
    }
    if exp > now + MAX_ASSERTION_LIFE_SECS + CLOCK_SKEW_SECS {
        return Err(OAuthError::invalid_client(
            "The client_assertion token has an expiration too far in the future.",
        ));
    }
    if let Some(iat) = claims.get("iat") {
        let iat = iat.as_i64().ok_or_else(|| {
            OAuthError::invalid_client("The iat claim of the client_assertion must be a number.")
        })?;
        if iat > now + CLOCK_SKEW_SECS {
            return Err(OAuthError::invalid_client(
                "The client_assertion token is not yet valid (iat is in the future).",
            ));
        }
    }
    if let Some(nbf) = claims.get("nbf").and_then(Value::as_i64) {
        if nbf > now + CLOCK_SKEW_SECS {
            return Err(OAuthError::invalid_client(
                "The client_assertion token is not yet valid (nbf).",
            ));
        }
    }
    Ok(VerifiedAssertion {
        jti: text("jti").map(str::to_owned),
        exp,
    })
}
