//! What kind of transport failure an [`Error::Http`](super::Error::Http) is, read from the
//! error's source chain, and which of them a retry may cure.
//!
//! reqwest reports most failures as "error sending request for url (…)"; the real reason (a
//! refused connection, a failed DNS lookup, a certificate, a reset) sits further down the
//! chain, in an [`std::io::Error`] kind or in the text of hyper's and rustls's errors. Both are
//! read here, so that a message can say what happened and the retry loop can tell a request
//! that never left the machine from one the server may have processed.

use std::error::Error as StdError;
use std::fmt;
use std::io::ErrorKind;

/// The kind of a transport failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The server refused the connection (nothing listens on the port).
    Refused,
    /// The org's host name could not be resolved.
    Dns,
    /// The TLS handshake failed, for instance on a certificate that is not trusted.
    Tls,
    /// Could not connect, for another reason.
    Connect,
    /// The connect timeout elapsed before a connection was made.
    ConnectTimeout,
    /// The request timeout elapsed: no complete answer in time.
    Timeout,
    /// The connection was reset (or aborted) by the other side.
    Reset,
    /// The connection closed before the response's head arrived.
    Closed,
    /// The body ended before it was complete (fewer bytes than its `Content-Length`, or a
    /// chunked body cut off).
    Truncated,
    /// The connection broke while reading or writing a body, for another reason.
    Body,
    /// Anything else reqwest reports.
    Other,
}

impl TransportErrorKind {
    /// True when the request provably never reached the server: no connection was made. Such a
    /// request may be repeated even when it is not idempotent (a POST that creates).
    pub fn never_sent(self) -> bool {
        matches!(
            self,
            Self::Refused | Self::Dns | Self::Tls | Self::Connect | Self::ConnectTimeout
        )
    }

    /// True when trying again may succeed. A TLS failure is not: a certificate the client
    /// rejects stays rejected (Okta's Java SDK does not retry `SSLException` either).
    pub fn is_transient(self) -> bool {
        !matches!(self, Self::Tls | Self::Other)
    }

    /// Classifies a reqwest error. `reading_body` says whether the response's head had
    /// already arrived, which turns an early end of the connection into a truncated body.
    pub(crate) fn classify(source: &reqwest::Error, reading_body: bool) -> Self {
        let chain = || chain(source as &(dyn StdError + 'static));
        // The innermost io::Error is the most specific (rustls wraps its error in InvalidData,
        // inside hyper-util's Other).
        let io_kinds: Vec<ErrorKind> = chain()
            .filter_map(|e| e.downcast_ref::<std::io::Error>().map(std::io::Error::kind))
            .collect();
        let io_kind = io_kinds
            .iter()
            .rev()
            .copied()
            .find(|k| *k != ErrorKind::Other);
        // hyper and rustls errors are matched by their text (neither crate is a dependency of
        // ours); the texts are hyper's and hyper-util's Display strings.
        let text = chain()
            .map(|e| e.to_string().to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(" | ");
        let cut_short = || {
            if reading_body {
                Self::Truncated
            } else {
                Self::Closed
            }
        };
        if source.is_timeout() || io_kind == Some(ErrorKind::TimedOut) {
            return if source.is_connect() {
                Self::ConnectTimeout
            } else {
                Self::Timeout
            };
        }
        if source.is_connect() {
            return if io_kind == Some(ErrorKind::ConnectionRefused) {
                Self::Refused
            } else if text.contains("dns error")
                || text.contains("failed to lookup address")
                || text.contains("name or service not known")
                || text.contains("no such host")
            {
                Self::Dns
            } else if io_kind == Some(ErrorKind::InvalidData)
                || text.contains("certificate")
                || text.contains("tls")
                || text.contains("handshake")
                || text.contains("corrupt message")
                || text.contains("alert")
            {
                Self::Tls
            } else {
                Self::Connect
            };
        }
        match io_kind {
            Some(
                ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe,
            ) => {
                return Self::Reset;
            }
            Some(ErrorKind::UnexpectedEof) => return cut_short(),
            _ => {}
        }
        if text.contains("connection closed before message completed")
            || text.contains("end of file before message length reached")
            || text.contains("incomplete")
        {
            return cut_short();
        }
        if text.contains("connection reset") {
            return Self::Reset;
        }
        if reading_body || source.is_body() || source.is_decode() {
            Self::Body
        } else {
            Self::Other
        }
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Refused => "connection refused",
            Self::Dns => "DNS lookup failed",
            Self::Tls => "TLS handshake failed (certificate)",
            Self::Connect => "connection error",
            Self::ConnectTimeout => "connect timeout",
            Self::Timeout => "timeout",
            Self::Reset => "connection reset",
            Self::Closed => "connection closed before the response",
            Self::Truncated => "truncated body",
            Self::Body => "body error",
            Self::Other => "transport error",
        })
    }
}

/// The error and its sources, outermost first.
fn chain<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(error), |&e| e.source())
}

/// ` after N attempts` when the request was retried, else nothing.
pub(super) fn attempts_text(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

/// `: <innermost cause>` when the chain goes deeper than reqwest's own message (which names
/// only the URL), else nothing. The innermost cause is an OS, hyper or rustls message: it never
/// holds a header value, so never a token.
pub(super) fn root_cause_text(source: &reqwest::Error) -> String {
    let Some(root) = chain(source as &(dyn StdError + 'static)).skip(1).last() else {
        return String::new();
    };
    let text = root.to_string();
    if text.is_empty() || source.to_string().contains(&text) {
        String::new()
    } else {
        format!(": {text}")
    }
}
