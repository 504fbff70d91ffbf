//! The client error type.
//!
//! One [`Error`] for everything a call can run into; an [`ApiError`] for every non-2xx answer,
//! decoded from Okta's error body when there is one and kept raw when there is not (an HTML 502
//! page from a load balancer is still an [`ApiError`]). No variant ever carries a token.

use std::fmt;

mod http;
mod transport;

pub use http::HttpError;
pub use transport::TransportErrorKind;
use transport::{attempts_text, root_cause_text};

use crate::config::ConfigError;
use crate::models::{ErrorCause, ErrorCode, OktaErrorBody};
use crate::transport::RateLimit;

/// The longest raw body kept on an [`ApiError`]; an error page is not worth more memory.
const MAX_RAW_BODY: usize = 16 * 1024;

/// Everything that can go wrong when talking to Okta.
///
/// # Examples
///
/// ```no_run
/// # async fn demo(client: okta_client::Client) -> Result<(), okta_client::Error> {
/// match client.users().get_by_login("ghost@example.com").await {
///     Ok(user) => println!("found {}", user.id),
///     Err(e) if e.is_not_found() => println!("no such user"),
///     Err(e) if e.is_transient() => {
///         // Already retried as the RetryPolicy says; worth trying again later.
///         eprintln!("Okta is busy or unreachable: {e}");
///     }
///     Err(e) => {
///         // Display for people (never `{:?}`), then each underlying cause.
///         eprintln!("error: {e}");
///         let mut cause = std::error::Error::source(&e);
///         while let Some(c) = cause {
///             eprintln!("  because: {c}");
///             cause = c.source();
///         }
///         if let Some(api) = e.api_error() {
///             eprintln!("  Okta errorId {:?} (quote it to Okta support)", api.error_id);
///         }
///         return Err(e);
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Okta (or something in front of it) answered with a non-2xx status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request did not get a complete answer: connection refused, DNS failure, TLS
    /// certificate, timeout, reset, closed, truncated body. The message names the cause (read
    /// from the error's source chain) and, after retries, how many attempts were made.
    #[error(
        "HTTP {kind}{}: {}{}",
        attempts_text(*.attempts),
        .source.library_message(),
        root_cause_text(.source.library_error())
    )]
    Http {
        /// What kind of transport failure this was (the cause of the last attempt).
        kind: TransportErrorKind,
        /// How many attempts were made, the first one included (1 when it was not retried).
        attempts: u32,
        /// The underlying error, with queries such as [`HttpError::is_timeout`]; its
        /// [`source`](std::error::Error::source) chain goes down to the OS or TLS error. Its
        /// text never holds a header value, so never a token.
        #[source]
        source: HttpError,
    },
    /// A 2xx body did not match the expected shape.
    #[error("could not decode the response (HTTP {status}) at `{path}`: {message}")]
    Decode {
        /// The JSON path of the offending value, e.g. `[3].profile.login` (`.` for the root).
        path: String,
        /// What serde reported.
        message: String,
        /// The HTTP status of the response.
        status: u16,
        /// Okta's request id, for support tickets.
        request_id: Option<String>,
    },
    /// The client is configured wrongly; the message says what to fix.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Pagination could not continue safely (e.g. a next link to another host).
    #[error("pagination stopped: {0}")]
    Pagination(String),
    /// The request could not be built (e.g. a body that does not serialize, a foreign URL).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A [`TokenProvider`](crate::transport::TokenProvider) could not supply a token.
    #[error("could not obtain an access token: {0}")]
    Auth(String),
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl Error {
    /// The API error, when Okta answered with a non-2xx status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Http { source, .. } => source.status(),
            _ => None,
        }
    }

    /// True only for Okta's "not found" answer: HTTP 404 with error code `E0000007`. Anything
    /// else (a 429, a 5xx, a timeout, a 404 from a proxy without Okta's body) says nothing about
    /// whether the resource exists, so it is not taken as "absent" (the flows rely on this: a
    /// user is "not assigned" to an AD instance only on Okta's own answer).
    pub fn is_not_found(&self) -> bool {
        self.api_error()
            .is_some_and(|e| e.status == 404 && e.error_code == ErrorCode::NotFound)
    }

    /// True for a 429 (rate limited).
    pub fn is_rate_limited(&self) -> bool {
        self.api_error().is_some_and(|e| e.status == 429)
    }

    /// True when trying again later may succeed: 429, 500, 502, 503, 504, and every transport
    /// failure except a TLS certificate (refused, DNS, timeouts, reset, closed, truncated).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Api(e) => matches!(e.status, 429 | 500 | 502 | 503 | 504),
            Error::Http { kind, .. } => kind.is_transient(),
            _ => false,
        }
    }

    /// How many attempts were made before this error was returned, the first one included:
    /// 1 when it was not retried. Only API and transport errors are retried.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(e) => e.attempts,
            Error::Http { attempts, .. } => *attempts,
            _ => 1,
        }
    }

    /// A transport error, classified from its source chain; `reading_body` is true once the
    /// response's head had arrived.
    pub(crate) fn transport(source: reqwest::Error, reading_body: bool) -> Self {
        let source = HttpError::new(source, reading_body);
        Error::Http {
            kind: source.kind(),
            attempts: 1,
            source,
        }
    }

    /// Records how many attempts the retry loop made.
    pub(crate) fn with_attempts(mut self, n: u32) -> Self {
        match &mut self {
            Error::Api(e) => e.attempts = n,
            Error::Http { attempts, .. } => *attempts = n,
            _ => {}
        }
        self
    }

    /// Okta's request id of the failed response, when known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

/// A non-2xx answer, with Okta's error body when there was one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Okta's `errorCode`; for an OAuth error body its `error`; `Unknown("")` when the body
    /// was neither.
    pub error_code: ErrorCode,
    /// Okta's `errorSummary` (an OAuth body's `error_description`; empty for other bodies).
    pub error_summary: String,
    /// Okta's `errorLink`.
    pub error_link: Option<String>,
    /// Okta's `errorId`, unique per occurrence.
    pub error_id: Option<String>,
    /// Okta's `errorCauses`.
    pub error_causes: Vec<ErrorCause>,
    /// The `X-Okta-Request-Id` header.
    pub request_id: Option<String>,
    /// The rate-limit headers of the failed response.
    pub rate_limit: Option<RateLimit>,
    /// The body as received (cut at 16 KiB), for bodies that are not Okta errors.
    pub raw_body: Option<String>,
    /// How many attempts were made, the first one included (1 when it was not retried).
    pub attempts: u32,
}

impl ApiError {
    /// Builds the error for a non-2xx response from its status, body and headers' facts.
    /// Never fails: a body that is not Okta's error shape is kept as raw text.
    pub fn from_response(
        status: u16,
        body: &[u8],
        request_id: Option<String>,
        rate_limit: Option<RateLimit>,
    ) -> Self {
        let raw = String::from_utf8_lossy(body);
        let raw_body = (!raw.trim().is_empty()).then(|| truncate(&raw, MAX_RAW_BODY));
        match serde_json::from_slice::<OktaErrorBody>(body) {
            Ok(b) => ApiError {
                status,
                error_code: b.error_code,
                error_summary: b.error_summary,
                error_link: non_empty(b.error_link),
                error_id: non_empty(b.error_id),
                error_causes: b.error_causes,
                request_id,
                rate_limit,
                raw_body,
                attempts: 1,
            },
            Err(_) => {
                // OAuth endpoints answer `{"error": "...", "error_description": "..."}`.
                let oauth = serde_json::from_slice::<OAuthErrorBody>(body).ok();
                let (code, summary) = oauth
                    .map(|o| (o.error, o.error_description.unwrap_or_default()))
                    .unwrap_or_default();
                ApiError {
                    status,
                    error_code: ErrorCode::Unknown(code),
                    error_summary: summary,
                    error_link: None,
                    error_id: None,
                    error_causes: Vec::new(),
                    request_id,
                    rate_limit,
                    raw_body,
                    attempts: 1,
                }
            }
        }
    }

    /// The summaries of all causes, in order.
    pub fn cause_summaries(&self) -> impl Iterator<Item = &str> {
        self.error_causes.iter().map(|c| c.error_summary.as_str())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Okta API error: HTTP {}", self.status)?;
        if self.error_summary.is_empty() {
            if let Some(raw) = &self.raw_body {
                // A short, single-line taste of a non-Okta body (an HTML error page).
                let taste: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
                write!(f, " (non-Okta body: {})", truncate(&taste, 120))?;
            }
        } else {
            write!(f, " {}: {}", self.error_code, self.error_summary)?;
            let causes: Vec<&str> = self.cause_summaries().collect();
            if !causes.is_empty() {
                write!(f, " [{}]", causes.join("; "))?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        f.write_str(&attempts_text(self.attempts))
    }
}

impl std::error::Error for ApiError {}

/// The error shape of Okta's OAuth 2.0 endpoints.
#[derive(serde::Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Cuts `s` to at most `max` bytes on a character boundary.
fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_okta_json_error_body_is_decoded_with_its_causes() {
        let body = br#"{"errorCode":"E0000001","errorSummary":"Api validation failed: login","errorLink":"E0000001","errorId":"oae123","errorCauses":[{"errorSummary":"login: An object with this field already exists in the current organization"}]}"#;
        let e = ApiError::from_response(400, body, Some("req-1".into()), None);
        assert_eq!(e.error_code, ErrorCode::ApiValidationFailed);
        assert_eq!(e.error_summary, "Api validation failed: login");
        assert_eq!(e.error_id.as_deref(), Some("oae123"));
        assert_eq!(e.error_link.as_deref(), Some("E0000001"));
        assert_eq!(e.error_causes.len(), 1);
        assert!(
            e.error_causes[0]
                .error_summary
                .starts_with("login: An object")
        );
        let shown = e.to_string();
        assert!(shown.contains("E0000001"), "{shown}");
        assert!(shown.contains("login: An object"), "{shown}");
        assert!(shown.contains("req-1"), "{shown}");
    }

    #[test]
    fn an_html_error_page_becomes_an_api_error_with_the_raw_text() {
        let body = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
        let e = ApiError::from_response(502, body, None, None);
        assert_eq!(e.status, 502);
        assert_eq!(e.error_code, ErrorCode::Unknown(String::new()));
        assert_eq!(
            e.raw_body.as_deref(),
            Some(std::str::from_utf8(body).unwrap())
        );
        assert!(e.to_string().contains("502 Bad Gateway"));
        let err = Error::from(e);
        assert!(err.is_transient());
        assert!(!err.is_not_found());
        assert_eq!(err.status(), Some(502));
    }

    #[test]
    fn only_okta_s_404_with_e0000007_is_not_found() {
        let body = br#"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 00u1 (User)","errorLink":"E0000007","errorId":"x","errorCauses":[]}"#;
        let err = Error::from(ApiError::from_response(404, body, None, None));
        assert!(err.is_not_found());
        assert!(!err.is_rate_limited());
        assert!(!err.is_transient());
        // A 404 without Okta's body (a proxy, a wrong base path) says nothing about the resource.
        let err = Error::from(ApiError::from_response(404, b"", None, None));
        assert!(!err.is_not_found());
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.api_error().and_then(|e| e.raw_body.clone()), None);
    }

    #[test]
    fn a_rate_limit_error_is_transient() {
        let body = br#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests.","errorLink":"E0000047","errorId":"x","errorCauses":[]}"#;
        let err = Error::from(ApiError::from_response(429, body, None, None));
        assert!(err.is_rate_limited());
        assert!(err.is_transient());
    }

    #[test]
    fn an_oauth_error_body_gives_its_code_and_description() {
        let body =
            br#"{"error":"invalid_client","error_description":"Client authentication failed."}"#;
        let e = ApiError::from_response(401, body, None, None);
        assert_eq!(e.error_code, ErrorCode::Unknown("invalid_client".into()));
        assert_eq!(e.error_summary, "Client authentication failed.");
        assert!(
            e.to_string().contains("Client authentication failed."),
            "{e}"
        );
    }

    #[test]
    fn an_error_returned_after_retries_says_how_many_attempts_were_made() {
        let body = br#"{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorLink":"E0000009","errorId":"x","errorCauses":[]}"#;
        let once = Error::from(ApiError::from_response(500, body, Some("r1".into()), None));
        assert_eq!(once.attempts(), 1);
        assert!(!once.to_string().contains("attempts"), "{once}");
        let err = once.with_attempts(5);
        assert_eq!(err.attempts(), 5);
        assert!(err.is_transient());
        let shown = err.to_string();
        assert!(shown.contains("HTTP 500 E0000009"), "{shown}");
        assert!(
            shown.ends_with("(request id r1) after 5 attempts"),
            "{shown}"
        );
        assert_eq!(Error::Pagination("x".into()).with_attempts(3).attempts(), 1);
    }

    #[test]
    fn errors_can_cross_threads_and_be_boxed() {
        fn assert_traits<T: Send + Sync + std::error::Error + 'static>() {}
        assert_traits::<Error>();
        assert_traits::<ApiError>();
    }

    #[test]
    fn long_raw_bodies_are_cut() {
        let body = "é".repeat(MAX_RAW_BODY);
        let e = ApiError::from_response(500, body.as_bytes(), None, None);
        let raw = e.raw_body.unwrap();
        assert!(raw.len() <= MAX_RAW_BODY + '…'.len_utf8());
        assert!(raw.ends_with('…'));
    }
}
