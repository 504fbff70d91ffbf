//! The admin API under `/__mock/` (documented in [`crate::http`], listed by `GET /__mock/`).

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
use crate::store::commit::{Actor, LoadScenario, ResetOrg};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/__mock/", get(index))
        .route("/__mock/reset", post(reset))
        .route("/__mock/empty", post(empty))
        .route("/__mock/scenario", get(export).post(load))
        .route("/__mock/journal", get(journal).delete(clear_journal))
        .route("/__mock/health", get(health))
}

/// One admin route, as `GET /__mock/` lists it.
struct RouteDoc {
    method: &'static str,
    path: &'static str,
    body: Option<&'static str>,
    answer: &'static str,
}

/// Every admin route. The README's table and the tests read the same list through the index.
const ROUTES: &[RouteDoc] = &[
    RouteDoc {
        method: "GET",
        path: "/__mock/",
        body: None,
        answer: "this index: every admin route",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/reset",
        body: None,
        answer: "restores the org the mock started with (its scenario, or an empty org), and \
                 clears the journal and the rate-limit counts; 204",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/empty",
        body: None,
        answer: "empties the org (only the Everyone group is left), and clears the journal and \
                 the rate-limit counts; 204",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/scenario",
        body: Some("a scenario file (JSON)"),
        answer: "replaces the org with the scenario; 200 with the counts, or 400 E0000001 \
                 whose cause names the path in the file",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/scenario",
        body: None,
        answer: "the org exported as a scenario file",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/journal",
        body: None,
        answer: "the requests received (admin API excluded), oldest first",
    },
    RouteDoc {
        method: "DELETE",
        path: "/__mock/journal",
        body: None,
        answer: "forgets the requests received; 204",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/health",
        body: None,
        answer: "{\"status\":\"ok\",\"users\":…,\"groups\":…,\"apps\":…,\"appUsers\":…}",
    },
];

async fn index() -> Answer {
    let routes: Vec<serde_json::Value> = ROUTES
        .iter()
        .map(|r| {
            json!({
                "method": r.method,
                "path": r.path,
                "body": r.body,
                "answer": r.answer,
            })
        })
        .collect();
    Ok(Json(json!({
        "auth": "the same token as the Management API: Authorization: SSWS <token> (or Bearer)",
        "notes": "admin requests are never rate-limited, faulted or journaled",
        "routes": routes,
    }))
    .into_response())
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
    {
        let mut store = s.write();
        let Ok(()) = store.commit(Actor::MockAdmin, ResetOrg);
        if let Some(scenario) = &s.initial_scenario {
            // It loaded at start into the same empty org, so it loads again.
            store
                .commit(Actor::MockAdmin, LoadScenario(scenario))
                .map_err(|e| scenario_error(e.to_string()))?;
        }
    }
    s.journal.clear();
    s.limiter.reset();
    Ok(no_content())
}

async fn empty(State(s): State<AppState>) -> Answer {
    let Ok(()) = s.write().commit(Actor::MockAdmin, ResetOrg);
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
            .commit(Actor::MockAdmin, LoadScenario(&scenario))
            .map_err(|e| scenario_error(e.to_string()))?;
        store.counts()
    };
    s.oauth
        .load(&scenario.service_apps)
        .map_err(|e| scenario_error(e.to_string()))?;
    Ok(Json(counts_json(counts)).into_response())
}

async fn export(State(s): State<AppState>) -> Answer {
    let scenario = Scenario::export(&s.read());
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
