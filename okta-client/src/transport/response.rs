//! What a successful call gives back besides its value.

use reqwest::Method;
use reqwest::header::HeaderMap;
use url::Url;

use super::RateLimit;

/// Facts about one HTTP response, and the request it answers.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// The request's method.
    pub method: Method,
    /// The request's URL, query included (Okta's URLs carry no secrets: tokens travel in
    /// headers). For a page of a listing, the next link that led to it.
    pub url: Url,
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
    /// Reads the metadata of the response to `method url`.
    pub(crate) fn from_parts(method: Method, url: Url, status: u16, headers: HeaderMap) -> Self {
        let request_id = headers
            .get("x-okta-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let rate_limit = RateLimit::from_headers(&headers);
        Self {
            method,
            url,
            status,
            request_id,
            rate_limit,
            headers,
        }
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    #[test]
    fn the_metadata_keeps_the_request_and_reads_the_request_id() {
        let url = Url::parse("https://acme.okta.com/api/v1/users/a%2Fb?limit=2").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-okta-request-id", HeaderValue::from_static("req-1"));
        let meta = ResponseMeta::from_parts(Method::GET, url.clone(), 200, headers);
        assert_eq!(meta.method, Method::GET);
        assert_eq!(meta.url, url);
        assert_eq!(meta.request_id.as_deref(), Some("req-1"));
        assert_eq!(meta.rate_limit, None);
    }
}
