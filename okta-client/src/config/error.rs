//! What can be wrong with a client's configuration, each with what to do about it.

use std::path::PathBuf;

/// A configuration mistake. Every message says what to fix; none ever shows a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No org URL was given.
    #[error(
        "no Okta org URL: call ClientBuilder::org_url(\"https://your-org.okta.com\") or set \
         OKTA_CLIENT_ORGURL (or okta.client.orgUrl in okta.yaml)"
    )]
    MissingOrgUrl,
    /// No token and no token provider was given.
    #[error(
        "no Okta credentials: call ClientBuilder::api_token(..), access_token(..) or \
         token_provider(..), or set OKTA_CLIENT_TOKEN (or okta.client.token in okta.yaml)"
    )]
    MissingToken,
    /// The org URL does not parse.
    #[error(
        "the org URL `{url}` is not a valid URL ({reason}); use e.g. https://your-org.okta.com"
    )]
    MalformedUrl {
        /// The URL as given.
        url: String,
        /// Why it does not parse.
        reason: String,
    },
    /// The org URL has a scheme other than https (or http for loopback).
    #[error("the org URL `{url}` must use https, e.g. https://your-org.okta.com")]
    UnsupportedScheme {
        /// The URL as given.
        url: String,
    },
    /// The org URL carries a path, query, fragment or credentials.
    #[error(
        "the org URL `{url}` must be the bare org address without path, query or credentials; \
         use `{suggestion}`"
    )]
    UrlHasPath {
        /// The URL as given.
        url: String,
        /// The URL with the extra parts removed.
        suggestion: String,
    },
    /// Plain http to a host that is not loopback, without the explicit opt-in.
    #[error(
        "the org URL `{url}` uses plain http to a non-loopback host; use https, or call \
         ClientBuilder::allow_insecure_http(true) if you really mean it (tokens would travel in \
         clear text)"
    )]
    InsecureHttp {
        /// The URL as given.
        url: String,
    },
    /// The admin console URL was given instead of the org URL.
    #[error("`{url}` is the admin console URL; the API lives on the org URL: use `{suggestion}`")]
    AdminUrl {
        /// The URL as given.
        url: String,
        /// The org URL to use instead.
        suggestion: String,
    },
    /// An empty token was given.
    #[error("the Okta token is empty: pass the API token or access token itself")]
    EmptyToken,
    /// `PrivateKey` authorization without a client id.
    #[error(
        "PrivateKey authorization needs the service app's client id: pass it to \
         PrivateKeyAuth::new or set OKTA_CLIENT_CLIENTID (or okta.client.clientId in okta.yaml)"
    )]
    MissingClientId,
    /// `PrivateKey` authorization without any scope.
    #[error(
        "PrivateKey authorization needs at least one scope, e.g. okta.users.read: call \
         PrivateKeyAuth::scopes or set OKTA_CLIENT_SCOPES (or okta.client.scopes in okta.yaml)"
    )]
    MissingScopes,
    /// `PrivateKey` authorization without a private key.
    #[error(
        "PrivateKey authorization needs the service app's private key (PEM, JWK, or a file \
         path): set OKTA_CLIENT_PRIVATEKEY (or okta.client.privateKey in okta.yaml)"
    )]
    MissingPrivateKey,
    /// The private key cannot be used; the message says why (never the key itself).
    #[error(
        "the service app's private key is unusable: {0}; give an RSA (2048+ bits) or EC P-256 \
         key as PEM (PKCS#1, PKCS#8 or SEC1), a private JWK, or the path of a file with one"
    )]
    InvalidPrivateKey(String),
    /// An authorization mode this client does not know.
    #[error(
        "the authorization mode `{0}` is not supported: use SSWS (an API token) or PrivateKey \
         (OKTA_CLIENT_AUTHORIZATIONMODE)"
    )]
    UnknownAuthorizationMode(String),
    /// The proxy URL is not usable.
    #[error("the proxy `{url}` is not usable: {reason}")]
    InvalidProxy {
        /// The proxy URL as given (credentials removed).
        url: String,
        /// Why it is not usable.
        reason: String,
    },
    /// The user agent suffix is not a valid header value.
    #[error("the user agent suffix must be printable ASCII")]
    InvalidUserAgent,
    /// An okta.yaml file could not be read or understood.
    #[error("cannot use {}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong (never the file's values).
        message: String,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    HttpClient(String),
    /// The DPoP setting is neither true, false nor auto.
    #[error(
        "OKTA_CLIENT_DPOPENABLED (okta.client.dpopEnabled) is `{0}`: use true (always DPoP), \
         false (never) or auto (when the org asks for it, the default)"
    )]
    InvalidDpopSetting(String),
}
