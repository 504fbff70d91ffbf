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
}
