//! The admin API of the System Log and event hooks, under `/__mock/`:
//!
//! - `POST /__mock/events` with one event or an array of them injects log events no management
//!   call makes (`user.account.report_suspicious_activity_by_enduser`, `user.account.lock`, …);
//!   only `eventType` is required, `"user": "<id or login>"` names the user it is about, and
//!   `published` may be relative (`"-2h"`); see [`crate::events::inject`]. Answers 200 with
//!   the events as stored; they are delivered to event hooks like any other. 400 E0000001
//!   names the refused field.
//! - `GET /__mock/events` answers every log event kept, in stored order.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use okta_client::models::ErrorCode;
use serde_json::Value;

use super::Answer;
use crate::http::error::OktaError;
use crate::http::json::RawBody;
use crate::http::state::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/__mock/events", get(list).post(inject_events))
}

fn refused(cause: String) -> OktaError {
    OktaError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::ApiValidationFailed,
        "Api validation failed: events",
    )
    .with_cause(cause)
}

async fn inject_events(State(s): State<AppState>, RawBody(body): RawBody) -> Answer {
    let value: Value = serde_json::from_slice(&body).map_err(|_| OktaError::malformed_body())?;
    let inputs = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    let stored = s
        .inject_events(&inputs)
        .map_err(|e| refused(e.to_string()))?;
    let body: Vec<&Value> = stored.iter().map(|r| &r.json).collect();
    Ok(Json(body).into_response())
}

async fn list(State(s): State<AppState>) -> Answer {
    s.sync_events();
    let records = s.syslog.records();
    let body: Vec<&Value> = records.iter().map(|r| &r.json).collect();
    Ok(Json(body).into_response())
}
