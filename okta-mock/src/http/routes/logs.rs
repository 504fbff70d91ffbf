//! `GET /api/v1/logs`: the System Log ([`crate::events`]), with Okta's parameters and errors.
//! Every page carries the `self` link; a polling request's page always carries `next`, a
//! bounded request's only while events remain.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::response::IntoResponse;
use axum::routing::get;

use super::Answer;
use crate::events::filter::Filter;
use crate::events::inject::parse_published;
use crate::events::query::{Cursor, DEFAULT_LIMIT, LogQuery, MAX_LIMIT};
use crate::http::error::OktaError;
use crate::http::links::{BaseUrl, page_links};
use crate::http::query::QueryParams;
use crate::http::state::AppState;
use crate::store::StoreError;

/// Okta's limits on `q`: at most 10 keywords of at most 40 characters (the spec's parameter
/// description).
const MAX_KEYWORDS: usize = 10;
const MAX_KEYWORD_CHARS: usize = 40;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/logs", get(list))
}

async fn list(State(s): State<AppState>, base: BaseUrl, uri: Uri, q: QueryParams) -> Answer {
    let now = s.clock.now();
    let now_ms = (now.unix_timestamp_nanos() / 1_000_000) as i64;
    let query = parse(&q, now_ms)?;
    // Changes made straight on the store (tests holding `MockServer::store()`) are logged
    // here at the latest.
    s.sync_events();
    let page = s.syslog.query(&query, now_ms);
    let headers = page_links(&base, uri.path(), &q, page.next.as_deref());
    let body: Vec<&serde_json::Value> = page.events.iter().map(|r| &r.json).collect();
    Ok((headers, Json(body)).into_response())
}

/// The request's parameters, or Okta's 400.
fn parse(q: &QueryParams, now: i64) -> Result<LogQuery, OktaError> {
    let time = |name: &str| -> Result<Option<i64>, OktaError> {
        match q.string(name) {
            None => Ok(None),
            Some(raw) => match parse_published(&raw, now).filter(|_| !raw.starts_with('-')) {
                Some(ms) => Ok(Some(ms)),
                None => Err(OktaError::invalid_parameter(
                    name,
                    "must be an ISO 8601 timestamp, like 2024-01-09T15:36:04.000Z",
                )),
            },
        }
    };
    let since = time("since")?;
    let until = time("until")?;
    if let (Some(a), Some(b)) = (since, until) {
        if a > b {
            return Err(OktaError::invalid_parameter(
                "since",
                "must not be later than until",
            ));
        }
    }
    let limit = match q.string("limit") {
        None => DEFAULT_LIMIT,
        Some(raw) => match raw.trim().parse::<usize>() {
            Ok(n) if n <= MAX_LIMIT => n,
            _ => {
                return Err(OktaError::invalid_parameter(
                    "limit",
                    "must be an integer between 0 and 1000",
                ));
            }
        },
    };
    let descending = match q.string("sortOrder").as_deref() {
        None => false,
        Some(s) if s.eq_ignore_ascii_case("ASCENDING") => false,
        Some(s) if s.eq_ignore_ascii_case("DESCENDING") => true,
        Some(_) => {
            return Err(OktaError::invalid_parameter(
                "sortOrder",
                "must be ASCENDING or DESCENDING",
            ));
        }
    };
    let after = match q.string("after") {
        None => None,
        Some(raw) => Some(Cursor::decode(&raw).ok_or_else(StoreError::invalid_cursor)?),
    };
    let filter = match q.string("filter") {
        None => None,
        Some(raw) => {
            Some(Filter::parse(&raw).map_err(|e| StoreError::invalid_search(e.to_string()))?)
        }
    };
    let keywords: Vec<String> = q
        .string("q")
        .map(|raw| raw.split_whitespace().map(str::to_lowercase).collect())
        .unwrap_or_default();
    if keywords.len() > MAX_KEYWORDS
        || keywords
            .iter()
            .any(|k| k.chars().count() > MAX_KEYWORD_CHARS)
    {
        return Err(OktaError::invalid_parameter(
            "q",
            "at most 10 keywords of at most 40 characters",
        ));
    }
    Ok(LogQuery {
        since,
        until,
        after,
        filter,
        keywords,
        limit,
        descending,
    })
}
