//! Credentials: the `Authorization` header and the providers that supply it.

use std::fmt;

use futures::future::BoxFuture;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use crate::Error;

/// Which `Authorization` scheme a token uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthScheme {
    /// An Okta API token: `Authorization: SSWS <token>`.
    Ssws,
    /// An OAuth 2.0 access token: `Authorization: Bearer <token>`.
    Bearer,
    /// A DPoP-bound access token (RFC 9449): `Authorization: DPoP <token>`, with a `DPoP` proof
    /// header on each request.
    Dpop,
}

/// A token with its scheme. `Debug` never shows the token.
#[derive(Clone)]
pub struct AuthHeader {
    scheme: AuthScheme,
    token: SecretString,
}

impl AuthHeader {
    /// An Okta API token (`SSWS`).
    pub fn ssws(token: impl Into<String>) -> Self {
        Self {
            scheme: AuthScheme::Ssws,
            token: SecretString::from(token.into()),
        }
    }

    /// An OAuth 2.0 access token (`Bearer`).
    pub fn bearer(token: impl Into<String>) -> Self {
        Self {
            scheme: AuthScheme::Bearer,
            token: SecretString::from(token.into()),
        }
    }

    /// A DPoP-bound OAuth 2.0 access token (`DPoP`).
    pub fn dpop(token: impl Into<String>) -> Self {
        Self {
            scheme: AuthScheme::Dpop,
            token: SecretString::from(token.into()),
        }
    }

    /// The token itself, for a DPoP proof's `ath`.
    pub(crate) fn secret(&self) -> &str {
        self.token.expose_secret().trim()
    }

    /// The scheme.
    pub fn scheme(&self) -> AuthScheme {
        self.scheme
    }

    /// True when both carry the same scheme and token (compared without exposing either).
    pub(crate) fn same_token(&self, other: &AuthHeader) -> bool {
        self.scheme == other.scheme && self.token.expose_secret() == other.token.expose_secret()
    }

    /// True when the token is empty or only whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        self.token.expose_secret().trim().is_empty()
    }

    /// The header value, marked sensitive so that no HTTP layer logs it.
    ///
    /// # Errors
    /// [`Error::Auth`] when the token holds characters a header cannot carry (the message does
    /// not repeat the token).
    pub(crate) fn header_value(&self) -> Result<HeaderValue, Error> {
        let prefix = match self.scheme {
            AuthScheme::Ssws => "SSWS",
            AuthScheme::Bearer => "Bearer",
            AuthScheme::Dpop => "DPoP",
        };
        let mut value =
            HeaderValue::from_str(&format!("{prefix} {}", self.token.expose_secret().trim()))
                .map_err(|_| {
                    Error::Auth("the token contains characters not allowed in a header".into())
                })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for AuthHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthHeader")
            .field("scheme", &self.scheme)
            .field("token", &"***")
            .finish()
    }
}

/// Supplies the `Authorization` header for each request (and each retry), so that tokens that
/// expire, such as OAuth 2.0 service-app tokens, can be refreshed behind the client's back.
///
/// ```
/// use futures::future::BoxFuture;
/// use okta_client::{AuthHeader, Error, TokenProvider};
///
/// struct Fixed;
/// impl TokenProvider for Fixed {
///     fn token(&self) -> BoxFuture<'_, Result<AuthHeader, Error>> {
///         Box::pin(async { Ok(AuthHeader::bearer("from-my-vault")) })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync {
    /// The header to send now.
    ///
    /// # Errors
    /// Whatever prevents obtaining a token; it is returned to the caller of the request.
    fn token(&self) -> BoxFuture<'_, Result<AuthHeader, Error>>;

    /// Called when the org answered 401 to a request sent with `rejected` (the token is
    /// invalid, expired or revoked). A provider that can obtain a new token forgets `rejected`
    /// and returns `true`: the request is then sent once more with a fresh [`token`]. The
    /// default (a fixed token) returns `false`, and the 401 goes to the caller.
    ///
    /// [`token`]: TokenProvider::token
    fn invalidate<'a>(&'a self, rejected: &'a AuthHeader) -> BoxFuture<'a, bool> {
        let _ = rejected;
        Box::pin(async { false })
    }

    /// How many tokens this provider has obtained from an authorization server (0 by default).
    fn tokens_minted(&self) -> u64 {
        0
    }

    /// The `DPoP` proof header for one attempt of `method url` sent with `header` (RFC 9449
    /// §7), or `None` when the token is not DPoP-bound (the default). Called for every attempt,
    /// so that a retry never repeats a proof's `jti`.
    ///
    /// # Errors
    /// When the proof cannot be signed.
    fn proof(
        &self,
        header: &AuthHeader,
        method: &reqwest::Method,
        url: &url::Url,
    ) -> Result<Option<HeaderValue>, Error> {
        let _ = (header, method, url);
        Ok(None)
    }

    /// Called with the `DPoP-Nonce` a resource server sent (RFC 9449 §9). Returns `true` when
    /// the provider will put it in its next proofs, so that a `use_dpop_nonce` challenge is
    /// worth one retry; the default ignores it.
    fn dpop_nonce(&self, nonce: &str) -> bool {
        let _ = nonce;
        false
    }
}

/// The nonce of a resource server's `use_dpop_nonce` challenge: a 401 whose `WWW-Authenticate`
/// says `DPoP … error="use_dpop_nonce"`, with the nonce in `DPoP-Nonce` (RFC 9449 §9).
pub(crate) fn dpop_nonce_challenge(
    status: u16,
    headers: &reqwest::header::HeaderMap,
) -> Option<&str> {
    let challenge = headers
        .get_all(reqwest::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("use_dpop_nonce"));
    (status == 401 && challenge)
        .then(|| headers.get("dpop-nonce")?.to_str().ok())
        .flatten()
}

/// A token that never changes (an API token or a fixed access token).
#[derive(Clone, Debug)]
pub struct StaticToken(AuthHeader);

impl StaticToken {
    /// Wraps a fixed header.
    pub fn new(header: AuthHeader) -> Self {
        Self(header)
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AuthHeader, Error>> {
        let header = self.0.clone();
        Box::pin(async move { Ok(header) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_carry_the_scheme_and_are_sensitive() {
        let v = AuthHeader::ssws("abc").header_value().unwrap();
        assert_eq!(v.to_str().unwrap(), "SSWS abc");
        assert!(v.is_sensitive());
        let v = AuthHeader::bearer("xyz").header_value().unwrap();
        assert_eq!(v.to_str().unwrap(), "Bearer xyz");
        let v = AuthHeader::dpop("bound").header_value().unwrap();
        assert_eq!(v.to_str().unwrap(), "DPoP bound");
        assert!(v.is_sensitive());
    }

    #[test]
    fn only_a_401_dpop_challenge_with_a_nonce_is_a_nonce_challenge() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "www-authenticate",
            HeaderValue::from_static(r#"DPoP error="use_dpop_nonce", error_description="x""#),
        );
        assert_eq!(dpop_nonce_challenge(401, &headers), None, "no nonce given");
        headers.insert("dpop-nonce", HeaderValue::from_static("n-1"));
        assert_eq!(dpop_nonce_challenge(401, &headers), Some("n-1"));
        assert_eq!(dpop_nonce_challenge(400, &headers), None);
        headers.insert(
            "www-authenticate",
            HeaderValue::from_static(r#"DPoP error="invalid_dpop_proof""#),
        );
        assert_eq!(dpop_nonce_challenge(401, &headers), None);
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let shown = format!("{:?}", StaticToken::new(AuthHeader::ssws("s3cr3t-token")));
        assert!(!shown.contains("s3cr3t-token"), "{shown}");
    }

    #[test]
    fn a_token_with_a_newline_is_refused_without_echoing_it() {
        let err = AuthHeader::ssws("abc\ndef").header_value().unwrap_err();
        assert!(!err.to_string().contains("abc"), "{err}");
    }
}
