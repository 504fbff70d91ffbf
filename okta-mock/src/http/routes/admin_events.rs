//! The admin API of the System Log and event hooks, under `/__mock/`:
//!
//! - `POST /__mock/events` with one event or an array of them injects log events no management
//!   call makes (`user.account.report_suspicious_activity_by_enduser`, `user.account.lock`, …);
//!   only `eventType` is required, `"user": "<id or login>"` names the user it is about, and
//!   `published` may be relative (`"-2h"`); see [`crate::events::inject`]. Answers 200 with
//!   the events as stored; they are delivered to event hooks like any other. 400 E0000001
//!   names the refused field. An injected event changes nothing in the org: to lock a user out
//!   for real (status `LOCKED_OUT`, with its `user.account.lock` event), use
//!   `POST /__mock/users/{id}/lock` (`admin_users.rs`).
//! - `GET /__mock/events` answers every log event kept, in stored order.
//! - `GET /__mock/hooks/deliveries` answers the delivery journal: every call made to a hook
//!   receiver (deliveries and verifications, each attempt, repeats and drops), with what was
//!   sent (header names only, never values), when, and the receiver's answer
//!   ([`crate::hooks::journal::DeliveryRecord`]); `DELETE` forgets it (204).
//! - `PUT /__mock/hooks/faults` with [`crate::hooks::faults::DeliveryFaults`]
//!   (`{"delayMs": 0, "dropNext": 0, "duplicateNext": 0, "dropRate": 0.0, "duplicateRate": 0.0,
//!   "seed": 0}`, every field optional) sets the delivery faults; `GET` shows them as they
//!   stand. `GET /__mock/hooks/in-flight` answers `{"inFlight": n}`, the deliveries not
//!   finished yet.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use okta_client::models::ErrorCode;
use serde_json::Value;

use super::Answer;
use crate::hooks::faults::DeliveryFaults;
use crate::http::error::OktaError;
use crate::http::json::RawBody;
use crate::http::state::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/__mock/events", get(list).post(inject_events))
        .route(
            "/__mock/hooks/deliveries",
            get(deliveries).delete(clear_deliveries),
        )
        .route("/__mock/hooks/faults", get(faults).put(set_faults))
        .route("/__mock/hooks/in-flight", get(in_flight))
}

async fn deliveries(State(s): State<AppState>) -> Answer {
    Ok(Json(s.hooks.journal().entries()).into_response())
}

async fn clear_deliveries(State(s): State<AppState>) -> Answer {
    s.hooks.journal().clear();
    Ok(super::no_content())
}

async fn faults(State(s): State<AppState>) -> Answer {
    Ok(Json(s.hooks.faults()).into_response())
}

async fn set_faults(State(s): State<AppState>, RawBody(body): RawBody) -> Answer {
    let faults: DeliveryFaults = serde_json::from_slice(&body).map_err(|e| {
        OktaError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::ApiValidationFailed,
            "Api validation failed: faults",
        )
        .with_cause(e.to_string())
    })?;
    s.hooks.set_faults(faults);
    Ok(Json(s.hooks.faults()).into_response())
}

async fn in_flight(State(s): State<AppState>) -> Answer {
    Ok(Json(serde_json::json!({"inFlight": s.hooks.in_flight()})).into_response())
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
    s.admin_durable().await?;
    let body: Vec<&Value> = stored.iter().map(|r| &r.json).collect();
    Ok(Json(body).into_response())
}

async fn list(State(s): State<AppState>) -> Answer {
    s.sync_events();
    let records = s.syslog.records();
    let body: Vec<&Value> = records.iter().map(|r| &r.json).collect();
    Ok(Json(body).into_response())
}
