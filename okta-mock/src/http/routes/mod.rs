//! Thin handlers: parse the request, call the store under its lock, render the answer.

mod admin;
mod admin_events;
mod admin_oauth;
mod admin_users;
mod app_users;
mod apps;
mod event_hooks;
mod factors;
mod groups;
mod logs;
pub mod unserved;
mod users;

use axum::Json;
use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use super::error::OktaError;
use super::links::{BaseUrl, page_links};
use super::query::QueryParams;
use super::state::AppState;
use crate::store::Page;

/// Every route: the Management API in scope and the admin API under `/__mock/`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(users::routes())
        .merge(factors::routes())
        .merge(admin_users::routes())
        .merge(groups::routes())
        .merge(apps::routes())
        .merge(app_users::routes())
        .merge(admin::routes())
        .merge(unserved::routes())
        .merge(admin_oauth::routes())
        .merge(logs::routes())
        .merge(admin_events::routes())
        .merge(event_hooks::routes())
}

/// The result type of every handler.
pub(crate) type Answer = Result<Response, OktaError>;

/// A page of items with its `Link` headers.
pub(crate) fn paged<T: Serialize>(
    base: &BaseUrl,
    uri: &Uri,
    query: &QueryParams,
    page: Page<T>,
) -> Response {
    let headers = page_links(base, uri.path(), query, page.next_cursor.as_deref());
    (headers, Json(page.items)).into_response()
}

/// A page whose JSON body is already written, with its `Link` headers.
pub(crate) fn paged_body<T>(
    base: &BaseUrl,
    uri: &Uri,
    query: &QueryParams,
    page: &Page<T>,
    body: Vec<u8>,
) -> Response {
    let headers = page_links(base, uri.path(), query, page.next_cursor.as_deref());
    (headers, [(CONTENT_TYPE, JSON)], body).into_response()
}

/// `Content-Type: application/json`, as axum's `Json` sets it.
pub(crate) const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// A list that Okta does not page, with its `self` link only.
pub(crate) fn listed<T: Serialize>(base: &BaseUrl, uri: &Uri, items: Vec<T>) -> Response {
    let headers = page_links(base, uri.path(), &QueryParams::default(), None);
    (headers, Json(items)).into_response()
}

/// 200 with `{}`, Okta's answer to most lifecycle operations.
pub(crate) fn empty_object() -> Response {
    Json(json!({})).into_response()
}

/// 204 with no body.
pub(crate) fn no_content() -> Response {
    axum::http::StatusCode::NO_CONTENT.into_response()
}
