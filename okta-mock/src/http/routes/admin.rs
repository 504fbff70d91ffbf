//! The admin API under `/__mock/` (documented in [`crate::http`], listed by `GET /__mock/`).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use okta_client::models::ErrorCode;
use serde::Deserialize;
use serde_json::json;

use super::{Answer, no_content};
use crate::http::error::OktaError;
use crate::http::json::RawBody;
use crate::http::state::AppState;
use crate::scenario::Scenario;
use crate::sim::{Fault, FaultPlan, FaultTarget, Route, ScheduledFault};
use crate::store::StoreCounts;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/__mock/", get(index))
        .route("/__mock/reset", post(reset))
        .route("/__mock/empty", post(empty))
        .route("/__mock/scenario", get(export).post(load))
        .route("/__mock/journal", get(journal).delete(clear_journal))
        .route(
            "/__mock/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__mock/health", get(health))
        .route("/__mock/storage", get(storage))
        .route("/__mock/storage/snapshot", post(snapshot))
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
        answer: "restores the org the mock started with (its scenario and service apps, or an \
                 empty org), and clears the journal, the rate-limit counts, the access tokens \
                 and the scheduled faults; 204",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/empty",
        body: None,
        answer: "empties the org (only the Everyone group is left), and clears the journal, \
                 the rate-limit counts, the access tokens and the scheduled faults; 204",
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
        answer: "the requests received (admin API excluded), oldest first, with their \
                 headers and bodies (secrets redacted)",
    },
    RouteDoc {
        method: "DELETE",
        path: "/__mock/journal",
        body: None,
        answer: "forgets the requests received; 204",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/faults",
        body: Some(
            "{\"method\": \"GET\", \"path\": \"/api/v1/users/{id}\", \"times\": 2, \
             \"fault\": \"503\", \"delayMs\": 0}: method (default any), path pattern \
             ({name} is one segment, a final ** the rest), times (default 1), fault (429, 500, \
             502, 503, 504, html, reset, truncate or hang) and/or delayMs",
        ),
        answer: "the next `times` matching requests meet the fault, after the rules already \
                 pending; 200 with the pending rules, or 400 E0000001 naming the bad field",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/faults",
        body: None,
        answer: "the pending scheduled faults, in the order they apply: \
                 [{\"method\",\"path\",\"fault\",\"delayMs\",\"remaining\"}]",
    },
    RouteDoc {
        method: "DELETE",
        path: "/__mock/faults",
        body: None,
        answer: "drops the pending scheduled faults (the --faults probabilities stay); 204",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/health",
        body: None,
        answer: "{\"status\":\"ok\",\"users\":…,\"groups\":…,\"apps\":…,\"appUsers\":…}",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/users/{id}/factors",
        body: Some(
            "a factor: {\"factorType\": \"token:software:totp\", \"provider\": \"GOOGLE\", \
             \"status\": \"ACTIVE\", \"created\": \"2024-01-09T15:36:04.000Z\", \
             \"profile\": {}}; only factorType and provider are required (status defaults to \
             ACTIVE, the timestamps to now)",
        ),
        answer: "enrolls the factor for the user (an ACTIVE one logs user.mfa.factor.activate); \
                 200 with the factor as GET /api/v1/users/{id}/factors/{factorId} shows it, 404 \
                 E0000007 for an unknown user, 400 E0000001 naming the refused field or a type \
                 and provider already enrolled",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/users/{id}/lock",
        body: None,
        answer: "locks the user out as failed sign-ins would: status LOCKED_OUT, \
                 user.account.lock logged with the user as target (unlock with \
                 /api/v1/users/{id}/lifecycle/unlock); 200 with the user, 403 E0000038 unless \
                 ACTIVE, PASSWORD_EXPIRED or RECOVERY",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/events",
        body: Some(
            "one System Log event or an array of them: only eventType is required; \
             \"user\": \"<id or login>\" names the user it is about; published may be \
             relative (\"-2h\")",
        ),
        answer: "logs events no management call makes (a suspicious-activity report, a \
                 lockout) and delivers them to event hooks; 200 with the events as stored, or \
                 400 E0000001 naming the refused field",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/events",
        body: None,
        answer: "every System Log event kept, in stored order",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/hooks/deliveries",
        body: None,
        answer: "every call made to an event hook receiver (deliveries and verifications, each \
                 attempt, repeats and drops): what was sent (header names only), when, and the \
                 receiver's answer",
    },
    RouteDoc {
        method: "DELETE",
        path: "/__mock/hooks/deliveries",
        body: None,
        answer: "forgets the delivery journal; 204",
    },
    RouteDoc {
        method: "PUT",
        path: "/__mock/hooks/faults",
        body: Some(
            "{\"delayMs\": 0, \"dropNext\": 0, \"duplicateNext\": 0, \"dropRate\": 0.0, \
             \"duplicateRate\": 0.0, \"seed\": 0}, every field optional",
        ),
        answer: "sets the faults of event hook deliveries (delayed, dropped or repeated on \
                 purpose); 200 with them",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/hooks/faults",
        body: None,
        answer: "the delivery faults as they stand",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/hooks/in-flight",
        body: None,
        answer: "{\"inFlight\": n}: the deliveries not finished yet",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/oauth/revoke",
        body: Some("{\"clientId\": \"0oa…\"} (no body: every token)"),
        answer: "revokes that service app's access tokens; {\"revoked\": n}",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/oauth/clock",
        body: Some("{\"advanceSeconds\": n}"),
        answer: "moves the authorization server's clock (token expiry, assertion times); \
                 {\"shiftSeconds\": total}",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/oauth/tokens",
        body: None,
        answer: "{\"issued\": n}: access tokens minted since start",
    },
    RouteDoc {
        method: "GET",
        path: "/__mock/storage",
        body: None,
        answer: "where the org is kept: {\"dataDir\": null} in memory; with --data-dir \
                 {\"dataDir\",\"bytes\",\"logBytes\",\"logRecords\",\"replayedRecords\",\
                 \"durableRecords\",\"lastSnapshot\": {\"file\",\"taken\",\"bytes\",\"records\",\
                 \"recordsCompacted\",\"lockHeldMs\"}}",
    },
    RouteDoc {
        method: "POST",
        path: "/__mock/storage/snapshot",
        body: None,
        answer: "with --data-dir: takes a snapshot now and drops the log it covers, then \
                 answers as GET /__mock/storage; 400 without a data directory",
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
        "notes": "admin requests are never rate-limited, faulted or journaled; the journal \
                  redacts Authorization, Proxy-Authorization, DPoP, Cookie and Set-Cookie \
                  values, and in bodies password, secret, assertion, token and answer values",
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
    s.reset_all().map_err(scenario_error)?;
    s.admin_durable().await?;
    Ok(no_content())
}

async fn empty(State(s): State<AppState>) -> Answer {
    s.empty_all();
    s.admin_durable().await?;
    Ok(no_content())
}

async fn load(State(s): State<AppState>, RawBody(body): RawBody) -> Answer {
    let text = std::str::from_utf8(&body).map_err(|_| OktaError::malformed_body())?;
    let scenario = Scenario::from_json_str(text).map_err(|e| scenario_error(e.to_string()))?;
    let counts = s.load_org(&scenario).map_err(scenario_error)?;
    s.admin_durable().await?;
    Ok(Json(counts_json(counts)).into_response())
}

/// The body of `POST /__mock/faults`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FaultRequest {
    #[serde(default)]
    method: Option<String>,
    path: String,
    #[serde(default = "one")]
    times: u32,
    #[serde(default)]
    fault: Option<String>,
    #[serde(default)]
    delay_ms: u64,
}

fn one() -> u32 {
    1
}

fn fault_error(cause: String) -> OktaError {
    OktaError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::ApiValidationFailed,
        "Api validation failed: fault",
    )
    .with_cause(cause)
}

fn rule_json(rule: &ScheduledFault) -> serde_json::Value {
    match &rule.target {
        FaultTarget::Request(route) => json!({
            "method": route.method().unwrap_or("*"),
            "path": route.pattern(),
            "fault": rule.plan.fault.map(|f| f.key()),
            "delayMs": u64::try_from(rule.plan.latency.as_millis()).unwrap_or(u64::MAX),
            "remaining": rule.remaining,
        }),
    }
}

fn pending_json(s: &AppState) -> serde_json::Value {
    s.schedule.pending().iter().map(rule_json).collect()
}

async fn list_faults(State(s): State<AppState>) -> Answer {
    Ok(Json(pending_json(&s)).into_response())
}

async fn add_fault(State(s): State<AppState>, RawBody(body): RawBody) -> Answer {
    let request: FaultRequest = serde_json::from_slice(&body).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            OktaError::malformed_body()
        } else {
            fault_error(e.to_string())
        }
    })?;
    let fault = match request.fault.as_deref() {
        None => None,
        Some(key) => Some(Fault::from_key(key).ok_or_else(|| {
            fault_error(format!(
                "fault: {key:?} is not one of 429, 500, 502, 503, 504, html, reset, truncate \
                 or hang"
            ))
        })?),
    };
    let plan = FaultPlan {
        latency: std::time::Duration::from_millis(request.delay_ms),
        fault,
    };
    let route = Route::new(request.method.as_deref().unwrap_or("*"), &request.path);
    s.schedule
        .push(route, request.times, plan)
        .map_err(|e| fault_error(e.to_string()))?;
    Ok(Json(pending_json(&s)).into_response())
}

async fn clear_faults(State(s): State<AppState>) -> Answer {
    s.schedule.clear();
    Ok(no_content())
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

async fn snapshot(State(s): State<AppState>) -> Answer {
    let Some(persist) = s.persist.clone() else {
        return Err(OktaError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::ApiValidationFailed,
            "Api validation failed: dataDir",
        )
        .with_cause("the mock keeps its org in memory (no --data-dir): nothing to snapshot"));
    };
    let taken = {
        let persist = std::sync::Arc::clone(&persist);
        tokio::task::spawn_blocking(move || persist.snapshot_now()).await
    };
    match taken {
        Ok(Ok(())) => Ok(Json(json!(persist.status())).into_response()),
        _ => Err(OktaError::internal()),
    }
}

async fn storage(State(s): State<AppState>) -> Answer {
    let body = match &s.persist {
        Some(persist) => json!(persist.status()),
        None => json!({ "dataDir": null }),
    };
    Ok(Json(body).into_response())
}
