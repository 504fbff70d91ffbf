//! What a successful call gives back besides its value.

use reqwest::header::HeaderMap;

use super::RateLimit;

/// A decoded response with its metadata.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub value: T,
    /// Status, request id, rate limit and headers.
    pub meta: ResponseMeta,
}

impl<T> Response<T> {
    /// Drops the metadata.
    pub fn into_value(self) -> T {
        self.value
    }

    /// Changes the value, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            meta: self.meta,
        }
    }
}

/// Facts about one HTTP response.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// HTTP status.
    pub status: u16,
    /// `X-Okta-Request-Id`, for support tickets and retry headers.
    pub request_id: Option<String>,
    /// The `X-Rate-Limit-*` headers, when the server sent them.
    pub rate_limit: Option<RateLimit>,
    /// All response headers.
    pub headers: HeaderMap,
}

impl ResponseMeta {
    /// Reads the metadata of a response.
    pub(crate) fn from_parts(status: u16, headers: HeaderMap) -> Self {
        let request_id = headers
            .get("x-okta-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let rate_limit = RateLimit::from_headers(&headers);
        Self {
            status,
            request_id,
            rate_limit,
            headers,
        }
    }
}
