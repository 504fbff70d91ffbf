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
