//! The admin API under `/__mock/` (documented in [`crate::http`]).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use okta_client::models::ErrorCode;
use serde_json::json;

use super::{Answer, no_content};
use crate::http::error::OktaError;
use crate::http::json::RawBody;
use crate::http::state::AppState;
use crate::scenario::Scenario;
use crate::store::StoreCounts;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/__mock/reset", post(reset))
        .route("/__mock/scenario", get(export).post(load))
        .route("/__mock/journal", get(journal).delete(clear_journal))
        .route("/__mock/health", get(health))
}

fn counts_json(counts: StoreCounts) -> serde_json::Value {
    json!({
        "status": "ok",
        "users": counts.users,
        "groups": counts.groups,
        "apps": counts.apps,
        "appUsers": counts.app_users,
    })
}

fn scenario_error(message: String) -> OktaError {
    OktaError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::ApiValidationFailed,
        "Api validation failed: scenario",
    )
    .with_cause(message)
}

async fn reset(State(s): State<AppState>) -> Answer {
    s.write().reset();
    s.journal.clear();
    s.limiter.reset();
    s.oauth.reset();
    Ok(no_content())
}

async fn load(State(s): State<AppState>, RawBody(body): RawBody) -> Answer {
    let text = std::str::from_utf8(&body).map_err(|_| OktaError::malformed_body())?;
    let scenario = Scenario::from_json_str(text).map_err(|e| scenario_error(e.to_string()))?;
    let counts = {
        let mut store = s.write();
        store
            .load_scenario(&scenario)
            .map_err(|e| scenario_error(e.to_string()))?;
        store.counts()
    };
    s.oauth
        .load(&scenario.service_apps)
        .map_err(|e| scenario_error(e.to_string()))?;
    Ok(Json(counts_json(counts)).into_response())
}

async fn export(State(s): State<AppState>) -> Answer {
    let scenario = s.read().export_scenario();
    Ok(Json(scenario).into_response())
}

async fn journal(State(s): State<AppState>) -> Answer {
    Ok(Json(s.journal.entries()).into_response())
}

async fn clear_journal(State(s): State<AppState>) -> Answer {
    s.journal.clear();
    Ok(no_content())
}

async fn health(State(s): State<AppState>) -> Answer {
    let counts = s.read().counts();
    Ok(Json(counts_json(counts)).into_response())
}
