//! [`HttpError`]: the cause of an [`Error::Http`](super::Error::Http), without exposing the HTTP
//! library's error type in okta-client's API.
//!
//! The HTTP library (reqwest) is an implementation detail: its error type in a public field would
//! make every reqwest upgrade a breaking change of okta-client. The queries users and the retry
//! logic need are methods here; the library's error is still the next link of the
//! [`source`](std::error::Error::source) chain, so nothing of the cause is lost.

use std::fmt;

use super::TransportErrorKind;

/// Why a request got no complete answer. Its [`source`](std::error::Error::source) is the HTTP
/// library's own error, and below it the OS, TLS or protocol error that caused it.
pub struct HttpError {
    kind: TransportErrorKind,
    inner: reqwest::Error,
}

impl HttpError {
    pub(crate) fn new(inner: reqwest::Error, reading_body: bool) -> Self {
        Self {
            kind: TransportErrorKind::classify(&inner, reading_body),
            inner,
        }
    }

    /// What kind of transport failure this was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// True when a timeout elapsed (the connect timeout or the request timeout).
    pub fn is_timeout(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Timeout | TransportErrorKind::ConnectTimeout
        )
    }

    /// True when no connection was made (refused, DNS, TLS handshake, connect timeout): the
    /// request never reached the server.
    pub fn is_connect(&self) -> bool {
        self.kind.never_sent()
    }

    /// True when the connection broke while a body was being read or written (truncated,
    /// reset, closed).
    pub fn is_body(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Truncated | TransportErrorKind::Body
        ) || self.inner.is_body()
    }

    /// The URL the failed request was for, when known. Its query never holds a secret (tokens
    /// travel in headers only).
    pub fn url(&self) -> Option<&url::Url> {
        self.inner.url()
    }

    /// The HTTP status, when the failure came after a response's head (rare: a status is
    /// normally an [`ApiError`](crate::ApiError)).
    pub fn status(&self) -> Option<u16> {
        self.inner.status().map(|s| s.as_u16())
    }

    /// The HTTP library's message (it names the URL but never a header value).
    pub(crate) fn library_message(&self) -> String {
        self.inner.to_string()
    }

    pub(crate) fn library_error(&self) -> &reqwest::Error {
        &self.inner
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The kind only: the library's own message is the next link of the chain.
        fmt::Display::fmt(&self.kind, f)
    }
}

impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpError")
            .field("kind", &self.kind)
            .field("source", &self.inner)
            .finish()
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.inner)
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use crate::{Client, Error, RetryPolicy};

    #[tokio::test]
    async fn a_refused_connection_answers_the_queries_and_its_chain_reaches_the_library_error() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        let client = Client::builder()
            .org_url(&base)
            .api_token("t0ken")
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let err = client.users().get("00u1").await.unwrap_err();
        let Error::Http { source, .. } = &err else {
            panic!("not a transport error: {err}");
        };
        assert!(source.is_connect());
        assert!(!source.is_timeout());
        assert!(!source.is_body());
        assert_eq!(source.status(), None);
        assert_eq!(source.url().map(|u| u.path()), Some("/api/v1/users/00u1"));
        assert_eq!(source.to_string(), "connection refused");
        // Error -> HttpError -> reqwest::Error -> … -> the OS error.
        let chain: Vec<&(dyn std::error::Error + 'static)> =
            std::iter::successors(err.source(), |&e| e.source()).collect();
        assert!(chain[0].is::<super::HttpError>());
        assert!(chain[1].is::<reqwest::Error>());
        assert!(
            chain
                .iter()
                .any(|e| e.downcast_ref::<std::io::Error>().is_some()),
            "{chain:?}"
        );
    }
}
