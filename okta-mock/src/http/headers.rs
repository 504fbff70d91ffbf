//! The caching, transport-security and content headers real Okta puts on API responses, and
//! the headers it leaves off its 405s.
//!
//! Decided from recorded real responses: the VCR cassettes of okta/okta-sdk-python
//! (`tests/integration/cassettes/`, about 2,300 `/api/v1` answers from real orgs, 2020–2025).
//! Counted there, by status:
//!
//! - `Strict-Transport-Security: max-age=315360000; includeSubDomains` on every status,
//!   405 and 429 included.
//! - `Cache-Control: no-cache, no-store`, `Expires: 0` and `Pragma: no-cache` on every 2xx,
//!   400, 401, 403 and 404; never on the 405s (`TestSessionsResource.
//!   test_session_error_handling_scenarios`, `TestRealmsResource.test_update_realm_basic`) nor on
//!   the 429s (`TestAgentPoolsResource.test_list_agent_pools_with_multiple_pool_types`).
//! - `Vary: Accept-Encoding` on 200, 403 and 404 only: never on 201, 204, 400, 401, 405, 429.
//! - `X-Content-Type-Options: nosniff` on every answer with a body (not on 204).
//! - A 405 (E0000022) carries none of the `X-Rate-Limit-*` headers: it is refused before
//!   Okta's rate limiter counts it.

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, EXPIRES, PRAGMA, STRICT_TRANSPORT_SECURITY, VARY};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::middleware::{RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET};

/// `X-Content-Type-Options`.
const CONTENT_TYPE_OPTIONS: HeaderName = HeaderName::from_static("x-content-type-options");

/// Okta's `Strict-Transport-Security` value, as recorded.
pub const HSTS: &str = "max-age=315360000; includeSubDomains";

/// Adds Okta's response headers to every Management API answer (`/api/…`, where they were
/// recorded). The admin API under `/__mock/` is the mock's own, and the authorization server's
/// `/oauth2/…` answers keep the caching headers OAuth 2.0 prescribes for tokens (RFC 6749 §5.1:
/// `Cache-Control: no-store`). Runs outside the envelope, so that it also sees the rate-limit
/// headers the envelope stamps, and takes them off a 405.
pub async fn okta_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let management = path.starts_with("/api/");
    let mut response = next.run(req).await;
    if management {
        let status = response.status();
        apply(response.headers_mut(), status);
    }
    response
}

fn apply(headers: &mut HeaderMap, status: StatusCode) {
    headers.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    if status != StatusCode::NO_CONTENT {
        headers.insert(CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    }
    if status == StatusCode::METHOD_NOT_ALLOWED {
        for name in [RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET] {
            headers.remove(name);
        }
        return;
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        return;
    }
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    headers.insert(EXPIRES, HeaderValue::from_static("0"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    if matches!(status.as_u16(), 200 | 403 | 404) {
        headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers_for(status: u16) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RATE_LIMIT_LIMIT, HeaderValue::from(600));
        h.insert(RATE_LIMIT_REMAINING, HeaderValue::from(599));
        h.insert(RATE_LIMIT_RESET, HeaderValue::from(1_700_000_000));
        apply(&mut h, StatusCode::from_u16(status).unwrap());
        h
    }

    #[test]
    fn vary_is_sent_only_where_okta_was_recorded_sending_it() {
        for status in [200, 403, 404] {
            assert_eq!(headers_for(status)[VARY], "Accept-Encoding", "{status}");
        }
        for status in [201, 204, 400, 401, 405, 429] {
            assert!(!headers_for(status).contains_key(VARY), "{status}");
        }
    }

    #[test]
    fn a_204_has_no_nosniff_because_it_has_no_body() {
        assert!(!headers_for(204).contains_key(CONTENT_TYPE_OPTIONS));
        assert_eq!(headers_for(204)[CACHE_CONTROL], "no-cache, no-store");
    }
}
