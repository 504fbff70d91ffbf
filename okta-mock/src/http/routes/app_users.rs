//! `/api/v1/apps/{appId}/users`: assignments and app-user profiles.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::response::IntoResponse;
use axum::routing::get;

use super::{Answer, no_content, paged};
use crate::http::json::OktaJson;
use crate::http::links::BaseUrl;
use crate::http::path::OktaPath;
use crate::http::query::QueryParams;
use crate::http::render;
use crate::http::state::AppState;
use crate::store::Actor;
use crate::store::AppUserQuery;
use crate::store::commit::{AssignAppUser, UnassignAppUser, UpdateAppUser};
use crate::store::input::{AppUserAssignInput, AppUserUpdateInput};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/apps/{app}/users", get(list).post(assign))
        .route(
            "/api/v1/apps/{app}/users/{user}",
            get(fetch).post(update).delete(unassign),
        )
}

/// True for `expand=user` (the only expansion app users have).
fn expands_user(q: &QueryParams) -> bool {
    q.get("expand")
        .is_some_and(|e| e.split(',').any(|part| part.trim() == "user"))
}

async fn list(
    State(s): State<AppState>,
    base: BaseUrl,
    uri: Uri,
    q: QueryParams,
    OktaPath(app): OktaPath<String>,
) -> Answer {
    let query = AppUserQuery {
        q: q.string("q"),
        expand_user: expands_user(&q),
    };
    let page = q.page()?;
    let found = s.read().app_users().list(&app, &query, &page)?;
    Ok(paged(
        &base,
        &uri,
        &q,
        found.map(|u| render::app_user(&base, &app, u)),
    ))
}

async fn fetch(
    State(s): State<AppState>,
    base: BaseUrl,
    q: QueryParams,
    OktaPath((app, user)): OktaPath<(String, String)>,
) -> Answer {
    let found = s.read().app_users().get(&app, &user, expands_user(&q))?;
    Ok(Json(render::app_user(&base, &app, found)).into_response())
}

async fn assign(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaPath(app): OktaPath<String>,
    OktaJson(body): OktaJson,
) -> Answer {
    let input = AppUserAssignInput::parse(body)?;
    let assigned = s
        .commit(
            actor,
            AssignAppUser {
                app: app.clone(),
                input,
            },
        )
        .await?;
    Ok(Json(render::app_user(&base, &app, assigned)).into_response())
}

async fn update(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaPath((app, user)): OktaPath<(String, String)>,
    OktaJson(body): OktaJson,
) -> Answer {
    let input = AppUserUpdateInput::parse(body)?;
    let updated = s
        .commit(
            actor,
            UpdateAppUser {
                app: app.clone(),
                user,
                input,
            },
        )
        .await?;
    Ok(Json(render::app_user(&base, &app, updated)).into_response())
}

async fn unassign(
    State(s): State<AppState>,
    actor: Actor,
    OktaPath((app, user)): OktaPath<(String, String)>,
) -> Answer {
    s.commit(actor, UnassignAppUser { app, user }).await?;
    Ok(no_content())
}
