//! `/api/v1/eventHooks`: create, list, get, replace, activate, deactivate, verify, delete
//! (see [`crate::hooks`]). Errors: 404 E0000007 for an unknown hook, 400 E0000001 naming the
//! field for a bad body, for deleting an ACTIVE hook, and for a failed verification (the
//! spec's `verifyEventHook`: "this operation returns a 400 error").

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use okta_client::models::ErrorCode;

use super::{Answer, no_content};
use crate::events::render::{ADMIN_ID, format_millis};
use crate::hooks::HookError;
use crate::hooks::model::{EventHook, HookInput, HookStatus};
use crate::http::error::OktaError;
use crate::http::json::OktaJson;
use crate::http::links::BaseUrl;
use crate::http::path::OktaPath;
use crate::http::state::AppState;
use crate::store::{Actor, StoreError};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/eventHooks", get(list).post(create))
        .route(
            "/api/v1/eventHooks/{id}",
            get(fetch).put(replace).delete(remove),
        )
        .route("/api/v1/eventHooks/{id}/lifecycle/activate", post(activate))
        .route(
            "/api/v1/eventHooks/{id}/lifecycle/deactivate",
            post(deactivate),
        )
        .route("/api/v1/eventHooks/{id}/lifecycle/verify", post(verify))
}

impl From<HookError> for OktaError {
    fn from(err: HookError) -> Self {
        match err {
            HookError::NotFound(id) => StoreError::not_found("EventHook", &id).into(),
            HookError::Invalid(invalid) => OktaError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::ApiValidationFailed,
                format!("Api validation failed: {}", invalid.field),
            )
            .with_cause(invalid.to_string()),
            other => OktaError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::ApiValidationFailed,
                "Api validation failed: eventHook",
            )
            .with_cause(other.to_string()),
        }
    }
}

fn now(s: &AppState) -> String {
    format_millis((s.clock.now().unix_timestamp_nanos() / 1_000_000) as i64)
}

/// `createdBy`: the user the API token belongs to, the synthetic admin, or the service app.
fn creator(s: &AppState, actor: &Actor) -> String {
    match actor {
        Actor::Credential { id, .. } => id.clone(),
        _ => s
            .read()
            .users()
            .get("me")
            .map(|u| u.id.to_string())
            .unwrap_or_else(|_| ADMIN_ID.to_owned()),
    }
}

/// Logs a change of `hook` in the System Log, through its injection path (hooks live outside
/// the store, so no commit reaches the log): the one place every hook route logs. The target
/// is the hook, type `EventHook` (inferred, as the object's name in the management spec).
fn log_change(s: &AppState, actor: &Actor, event_type: &str, hook: &EventHook) {
    let actor = crate::events::render::actor_json(actor, &s.read());
    let event = serde_json::json!({
        "eventType": event_type,
        "actor": actor,
        "target": [{
            "id": hook.id,
            "type": "EventHook",
            "alternateId": hook.name,
            "displayName": hook.name,
            "detailEntry": null,
        }],
    });
    if let Err(e) = s.inject_events(&[event]) {
        tracing::warn!(error = %e, "an event hook change was not logged");
    }
}

async fn list(State(s): State<AppState>, base: BaseUrl) -> Answer {
    let hooks: Vec<_> = s.hooks.list().iter().map(|h| h.render(&base)).collect();
    Ok(Json(hooks).into_response())
}

async fn create(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaJson(body): OktaJson,
) -> Answer {
    let input = HookInput::parse(&body).map_err(HookError::from)?;
    let created_by = creator(&s, &actor);
    let hook = s.hooks.create(input, &base.0, &created_by, &now(&s))?;
    s.persist_hooks().await?;
    log_change(&s, &actor, "event_hook.created", &hook);
    s.admin_durable().await?;
    Ok(Json(hook.render(&base)).into_response())
}

async fn fetch(State(s): State<AppState>, base: BaseUrl, OktaPath(id): OktaPath<String>) -> Answer {
    Ok(Json(s.hooks.get(&id)?.render(&base)).into_response())
}

async fn replace(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaPath(id): OktaPath<String>,
    OktaJson(body): OktaJson,
) -> Answer {
    s.hooks.get(&id)?;
    let input = HookInput::parse(&body).map_err(HookError::from)?;
    let hook = s.hooks.replace(&id, input, &now(&s))?;
    s.persist_hooks().await?;
    log_change(&s, &actor, "event_hook.updated", &hook);
    s.admin_durable().await?;
    Ok(Json(hook.render(&base)).into_response())
}

async fn remove(State(s): State<AppState>, actor: Actor, OktaPath(id): OktaPath<String>) -> Answer {
    let hook = s.hooks.get(&id)?;
    s.hooks.delete(&id)?;
    s.persist_hooks().await?;
    log_change(&s, &actor, "event_hook.deleted", &hook);
    s.admin_durable().await?;
    Ok(no_content())
}

async fn activate(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaPath(id): OktaPath<String>,
) -> Answer {
    let hook = s.hooks.set_status(&id, HookStatus::Active, &now(&s))?;
    s.persist_hooks().await?;
    log_change(&s, &actor, "event_hook.activated", &hook);
    s.admin_durable().await?;
    Ok(Json(hook.render(&base)).into_response())
}

async fn deactivate(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaPath(id): OktaPath<String>,
) -> Answer {
    let hook = s.hooks.set_status(&id, HookStatus::Inactive, &now(&s))?;
    s.persist_hooks().await?;
    log_change(&s, &actor, "event_hook.deactivated", &hook);
    s.admin_durable().await?;
    Ok(Json(hook.render(&base)).into_response())
}

async fn verify(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaPath(id): OktaPath<String>,
) -> Answer {
    let hook = s.hooks.verify(&id, &now(&s)).await?;
    s.persist_hooks().await?;
    log_change(&s, &actor, "event_hook.verified", &hook);
    s.admin_durable().await?;
    Ok(Json(hook.render(&base)).into_response())
}
