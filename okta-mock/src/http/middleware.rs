//! The envelope every request passes through: request id, `Date`, rate-limit headers,
//! `Content-Type`, the journal, the body-size guard and the last-resort panic catcher; inside
//! it, authentication, the rate-limit simulation and fault injection.

use std::cell::RefCell;
use std::panic::AssertUnwindSafe;

use axum::body::{Body, Bytes, HttpBody as _};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, DATE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::{FutureExt as _, StreamExt as _};
use okta_client::models::Timestamp;

use super::error::OktaError;
use super::ids::request_id;
use super::journal::JournalRecord;
use super::json::MAX_BODY_BYTES;
use super::state::AppState;
use crate::oauth::{Credential, TOKEN_PATH, authenticate};
use crate::sim::clock::http_date;
use crate::sim::faults::HANG_LIMIT;
use crate::sim::{Admission, Bucket, Fault, RateLimitStatus};
use crate::store::Actor;

/// `X-Okta-Request-Id`.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-okta-request-id");
/// `X-Rate-Limit-Limit`.
pub const RATE_LIMIT_LIMIT: HeaderName = HeaderName::from_static("x-rate-limit-limit");
/// `X-Rate-Limit-Remaining`.
pub const RATE_LIMIT_REMAINING: HeaderName = HeaderName::from_static("x-rate-limit-remaining");
/// `X-Rate-Limit-Reset`.
pub const RATE_LIMIT_RESET: HeaderName = HeaderName::from_static("x-rate-limit-reset");

/// The path prefix of the admin API, which is never rate-limited, faulted or journaled.
pub const ADMIN_PREFIX: &str = "/__mock/";

/// Marks a response whose connection is dropped, so the journal records status 0 (no answer).
#[derive(Debug, Clone, Copy)]
struct ConnectionReset;

/// The outermost layer. See the module documentation.
pub async fn envelope(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let now = state.clock.now();
    let id = request_id();
    let method = req.method().clone();
    // Cheap clones (shared bytes): the journal copies from them into a recycled entry.
    let uri = req.uri().clone();
    let path = uri.path();
    let retry_for = req.headers().get("x-okta-retry-for").cloned();
    let retry_count = req.headers().get("x-okta-retry-count").cloned();
    // For the journal, which copies them into a recycled slot after the route ran (the map is
    // copied; its names and values are shared bytes).
    let headers = req.headers().clone();
    let mut body = Bytes::new();

    let (mut response, status) = if declared_length(req.headers()) > Some(MAX_BODY_BYTES) {
        (
            OktaError::body_too_large(MAX_BODY_BYTES).into_response(),
            None,
        )
    } else {
        // The System Log reads the request a change was made in from this context.
        let context = crate::events::context::RequestContext {
            request_id: id.to_string(),
            path: path.to_owned(),
            query: uri.query().map(str::to_owned),
            user_agent: req
                .headers()
                .get(axum::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        };
        match read_body(req).await {
            Err(refused) => (refused.into_response(), None),
            Ok((req, bytes)) => {
                body = bytes;
                AssertUnwindSafe(crate::events::context::scope(
                    context,
                    guarded(&state, req, next),
                ))
                .catch_unwind()
                .await
                .unwrap_or_else(|_| (OktaError::internal().into_response(), None))
            }
        }
    };

    let bucket = Bucket::classify(&method, path).unwrap_or(Bucket::Other);
    let status = status.unwrap_or_else(|| state.limiter.peek(bucket, now));
    let code = response.status();
    stamp(response.headers_mut(), code, &id, now, status);

    tracing::debug!(
        request_id = %id,
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        "request"
    );
    let credential = response.extensions_mut().remove::<Credential>();
    if !path.starts_with(ADMIN_PREFIX) {
        state.journal.record_borrowed(JournalRecord {
            at: Timestamp::new(now),
            method: method.as_str(),
            path,
            query: uri.query(),
            status: if response.extensions().get::<ConnectionReset>().is_some() {
                0
            } else {
                response.status().as_u16()
            },
            request_id: &id,
            retry_for: header_text(retry_for.as_ref()),
            retry_count: header_text(retry_count.as_ref()),
            credential: credential.as_ref().map(Credential::kind),
            scopes: match &credential {
                Some(Credential::AccessToken { scopes, .. }) => Some(scopes.as_str()),
                _ => None,
            },
            headers: &headers,
            body: &body,
        });
    }
    response
}

/// Reads the whole body (up to [`MAX_BODY_BYTES`]) so that the journal can keep it, and puts
/// it back for the route, whose extractors then take it without copying. A body that arrives
/// in one chunk (the usual case) is not copied here either.
///
/// # Errors
/// Okta's 413 for a body over the limit, 400 E0000003 for one that fails midway.
async fn read_body(req: Request) -> Result<(Request, Bytes), OktaError> {
    if req.body().size_hint().exact() == Some(0) {
        return Ok((req, Bytes::new()));
    }
    let (parts, body) = req.into_parts();
    let mut stream = body.into_data_stream();
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| OktaError::malformed_body())?;
        let total = first.as_ref().map_or(0, Bytes::len) + joined.len() + chunk.len();
        if total > MAX_BODY_BYTES {
            return Err(OktaError::body_too_large(MAX_BODY_BYTES));
        }
        match first.take() {
            None if joined.is_empty() => first = Some(chunk),
            Some(earlier) => {
                joined.extend_from_slice(&earlier);
                joined.extend_from_slice(&chunk);
            }
            None => joined.extend_from_slice(&chunk),
        }
    }
    let bytes = first.unwrap_or_else(|| Bytes::from(joined));
    Ok((Request::from_parts(parts, Body::from(bytes.clone())), bytes))
}

/// Authentication (API token or access token with the operation's scope; none for the token
/// endpoint, where the client authenticates itself), then [`admitted`]. The credential rides
/// on the response's extensions to the journal.
async fn guarded(
    state: &AppState,
    req: Request,
    next: Next,
) -> (Response, Option<RateLimitStatus>) {
    let credential = if req.uri().path() == TOKEN_PATH {
        None
    } else {
        match authenticate(state, req.method(), req.uri().path(), req.headers()) {
            Ok(c) => Some(c),
            Err(refused) => return (*refused, None),
        }
    };
    let mut req = req;
    if let Some(Credential::AccessToken { client_id, .. }) = &credential {
        // The store's commit point records who made each change: a service app by its client id.
        req.extensions_mut().insert(Actor::Credential {
            kind: "oauth_client".to_owned(),
            id: client_id.clone(),
        });
    }
    let (mut response, status) = admitted(state, req, next).await;
    if let Some(c) = credential {
        response.extensions_mut().insert(c);
    }
    (response, status)
}

/// Outside the admin API, the rate limiter and faults (a scheduled one first, else a drawn
/// one), then the route. Returns the rate-limit status when the limiter counted the request.
async fn admitted(
    state: &AppState,
    req: Request,
    next: Next,
) -> (Response, Option<RateLimitStatus>) {
    let path = req.uri().path();
    if path.starts_with(ADMIN_PREFIX) {
        return (next.run(req).await, None);
    }
    let bucket = Bucket::classify(req.method(), path);
    let (status, slot) = match bucket.map(|b| state.limiter.admit(b, state.clock.now())) {
        None => (None, None),
        Some(Admission::Admitted(status, slot)) => (Some(status), Some(slot)),
        Some(Admission::Refused(status)) => {
            return (OktaError::rate_limited().into_response(), Some(status));
        }
    };
    // The seeded injector draws for every counted request, even one a scheduled fault takes
    // over, so that setting a rule never shifts which later requests meet the drawn faults.
    let drawn = match (&state.faults, bucket) {
        (Some(faults), Some(_)) => Some(faults.next_plan()),
        _ => None,
    };
    let plan = state
        .schedule
        .take_for_request(req.method().as_str(), path)
        .or(drawn);
    let Some(plan) = plan else {
        let response = next.run(req).await;
        drop(slot);
        return (response, status);
    };
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    match plan.fault {
        None => {}
        Some(Fault::Truncate) => {
            let response = next.run(req).await;
            drop(slot);
            return (truncate(response).await, status);
        }
        Some(Fault::Hang) => {
            // A hung request must not hold a concurrency slot while nobody waits for it.
            drop(slot);
            tokio::time::sleep(HANG_LIMIT).await;
            return (fault_response(Fault::Reset), status);
        }
        Some(fault) => {
            let status = match fault {
                // Okta's 429 says the bucket is empty, whichever bucket the path is in.
                Fault::Status(429) => Some(RateLimitStatus {
                    remaining: 0,
                    ..status.unwrap_or_else(|| state.limiter.peek(Bucket::Other, state.clock.now()))
                }),
                _ => status,
            };
            return (fault_response(fault), status);
        }
    }
    let response = next.run(req).await;
    drop(slot);
    (response, status)
}

fn fault_response(fault: Fault) -> Response {
    match fault {
        Fault::Status(429) => OktaError::rate_limited().into_response(),
        Fault::Status(503) => OktaError::unavailable().into_response(),
        Fault::Status(code @ (502 | 504)) => {
            let mut err = OktaError::internal();
            err.status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_GATEWAY);
            err.into_response()
        }
        Fault::Status(_) => OktaError::internal().into_response(),
        Fault::Html => (
            StatusCode::BAD_GATEWAY,
            [(CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
             <center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
        )
            .into_response(),
        // Handled by the caller (they need the route's response or a long wait).
        Fault::Reset | Fault::Truncate | Fault::Hang => {
            // A body that fails before its first byte makes hyper abort the connection, which
            // the client sees as a reset or an incomplete message.
            let failing = futures::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "okta-mock: injected connection reset",
                ))
            });
            let mut response = Response::new(Body::from_stream(failing));
            response.extensions_mut().insert(ConnectionReset);
            response
        }
    }
}

/// The route's response with its full `Content-Length` but only the first half of its body,
/// then a dropped connection. A response without a body cannot be cut: it is dropped whole.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return fault_response(Fault::Reset);
    };
    if bytes.is_empty() {
        return fault_response(Fault::Reset);
    }
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    parts.headers.remove(axum::http::header::TRANSFER_ENCODING);
    let half = bytes.slice(..bytes.len() / 2);
    let chunks = futures::stream::iter([Ok::<Bytes, std::io::Error>(half)]).chain(
        futures::stream::once(async {
            // Let hyper flush the half before the error makes it drop the connection.
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "okta-mock: injected truncated body",
            ))
        }),
    );
    Response::from_parts(parts, Body::from_stream(chunks))
}

fn stamp(
    headers: &mut HeaderMap,
    status_code: StatusCode,
    id: &str,
    now: time::OffsetDateTime,
    status: RateLimitStatus,
) {
    headers.insert(DATE, date_header(now));
    if let Ok(v) = HeaderValue::from_str(id) {
        headers.insert(REQUEST_ID, v);
    }
    headers.insert(RATE_LIMIT_LIMIT, HeaderValue::from(status.limit));
    headers.insert(RATE_LIMIT_REMAINING, HeaderValue::from(status.remaining));
    headers.insert(RATE_LIMIT_RESET, HeaderValue::from(status.reset));
    // Okta sends no Content-Type on a 204, and the Python SDK parses the (empty) body as JSON
    // whenever one is present.
    if status_code != StatusCode::NO_CONTENT && !headers.contains_key(CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
}

/// The `Date` header for `now`, formatted once per second per thread (every response has one,
/// and thousands are answered in a second).
fn date_header(now: time::OffsetDateTime) -> HeaderValue {
    thread_local! {
        static LAST: RefCell<Option<(i64, HeaderValue)>> = const { RefCell::new(None) };
    }
    let second = now.unix_timestamp();
    LAST.with_borrow_mut(|last| match last {
        Some((at, value)) if *at == second => value.clone(),
        _ => {
            let value = HeaderValue::from_str(&http_date(now))
                .unwrap_or_else(|_| HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"));
            *last = Some((second, value.clone()));
            value
        }
    })
}

fn header_text(value: Option<&HeaderValue>) -> Option<&str> {
    value.and_then(|v| v.to_str().ok())
}

fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_header_follows_the_clock_second_by_second() {
        let t0 = time::macros::datetime!(2024-01-09 15:36:04.100 UTC);
        let later_same_second = t0 + time::Duration::milliseconds(800);
        let next_second = t0 + time::Duration::seconds(1);
        assert_eq!(date_header(t0), "Tue, 09 Jan 2024 15:36:04 GMT");
        assert_eq!(
            date_header(later_same_second),
            "Tue, 09 Jan 2024 15:36:04 GMT"
        );
        assert_eq!(date_header(next_second), http_date(next_second).as_str());
        assert_eq!(date_header(t0), "Tue, 09 Jan 2024 15:36:04 GMT");
    }

    #[test]
    fn every_okta_auth_form_is_accepted_and_others_are_not() {
        let state = AppState::new(crate::store::Store::new(), "tok");
        let check = |value: Option<&str>| {
            let mut h = HeaderMap::new();
            if let Some(v) = value {
                h.insert(
                    axum::http::header::AUTHORIZATION,
                    HeaderValue::from_str(v).unwrap(),
                );
            }
            authenticate(&state, &axum::http::Method::GET, "/api/v1/users", &h).is_ok()
        };
        for ok in ["SSWS tok", "SSWStok", "Bearer tok", "ssws  tok"] {
            assert!(check(Some(ok)), "{ok}");
        }
        for bad in ["SSWS nope", "Basic tok", "tok", "Bearertok", "SSWS "] {
            assert!(!check(Some(bad)), "{bad}");
        }
        assert!(!check(None));
    }
}
