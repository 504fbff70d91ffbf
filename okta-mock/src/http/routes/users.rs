//! `/api/v1/users` and its sub-resources.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{Method, Uri};
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use serde_json::json;

use super::{Answer, JSON, empty_object, listed, no_content, paged_body};
use crate::http::error::OktaError;
use crate::http::json::OktaJson;
use crate::http::links::BaseUrl;
use crate::http::path::OktaPath;
use crate::http::query::{Fields, QueryParams};
use crate::http::render::{self, UserSelfLinks};
use crate::http::state::AppState;
use crate::store::Actor;
use crate::store::commit::{
    ClearSessions, CreateUser, DeleteUser, ReplaceUser, RunLifecycle, UpdateUser,
};
use crate::store::input::{UserInput, UserInputKind};
use crate::store::{CreateUserOptions, LifecycleOp, LifecycleOutcome, UserQuery};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/users", get(list).post(create))
        .route(
            "/api/v1/users/{id}",
            get(fetch).post(update).put(replace).delete(remove),
        )
        .route("/api/v1/users/{id}/lifecycle/{op}", post(lifecycle))
        .route("/api/v1/users/{id}/sessions", delete(clear_sessions))
        .route("/api/v1/users/{id}/groups", get(groups))
        .route("/api/v1/users/{id}/appLinks", get(app_links))
}

async fn list(State(s): State<AppState>, base: BaseUrl, uri: Uri, q: QueryParams) -> Answer {
    let query = UserQuery {
        q: q.string("q"),
        filter: q.string("filter"),
        search: q.string("search"),
        sort_by: q.string("sortBy"),
        sort_order: q.string("sortOrder"),
    };
    let page = q.page()?;
    let fields = Fields::parse(q.get("fields"))?;
    // Written under the read lock, straight from the records: other readers are not blocked,
    // and no `User` is built for each of the 200 users.
    let store = s.read();
    let found = store.users().list_records(&query, &page)?;
    let links = UserSelfLinks::new(&base);
    let mut body = Vec::with_capacity(found.items.len() * USER_JSON_SIZE + 2);
    body.push(b'[');
    for (i, user) in found.items.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        match &fields {
            None => user.write_json(&mut body, |out| links.write(out, &user.id)),
            Some(fields) => {
                // Rare and not on the hot path: render, then keep the projection.
                let mut full = Vec::new();
                user.write_json(&mut full, |out| out.extend_from_slice(b"{}"));
                let value = serde_json::from_slice(&full).unwrap_or_default();
                let projected = serde_json::to_vec(&fields.project(&value)).unwrap_or_default();
                body.extend_from_slice(&projected);
            }
        }
    }
    body.push(b']');
    Ok(paged_body(&base, &uri, &q, &found, body))
}

/// About the size of one user's JSON in a listing, so a page's buffer is allocated once.
const USER_JSON_SIZE: usize = 640;

async fn create(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    q: QueryParams,
    OktaJson(body): OktaJson,
) -> Answer {
    let opts = CreateUserOptions {
        activate: q.flag("activate", true)?,
        provider: q.flag("provider", false)?,
        next_login: q.string("nextLogin"),
    };
    let input = UserInput::parse(body, UserInputKind::Create)?;
    let user = s
        .commit(
            actor,
            CreateUser {
                input,
                options: opts,
            },
        )
        .await?;
    Ok(Json(render::user(&base, user, true)).into_response())
}

async fn fetch(State(s): State<AppState>, base: BaseUrl, OktaPath(id): OktaPath<String>) -> Answer {
    let store = s.read();
    let rec = store.users().record(&id)?;
    let mut body = Vec::with_capacity(2 * USER_JSON_SIZE + 1024);
    rec.write_json(&mut body, |out| {
        render::write_user_links(out, &base, &rec.id, &rec.status, Some(rec.type_id()));
    });
    Ok(([(CONTENT_TYPE, JSON)], body).into_response())
}

async fn update(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaPath(id): OktaPath<String>,
    OktaJson(body): OktaJson,
) -> Answer {
    let input = UserInput::parse(body, UserInputKind::Update)?;
    let user = s.commit(actor, UpdateUser { id, input }).await?;
    Ok(Json(render::user(&base, user, true)).into_response())
}

async fn replace(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaPath(id): OktaPath<String>,
    OktaJson(body): OktaJson,
) -> Answer {
    let input = UserInput::parse(body, UserInputKind::Replace)?;
    let user = s.commit(actor, ReplaceUser { id, input }).await?;
    Ok(Json(render::user(&base, user, true)).into_response())
}

async fn remove(
    State(s): State<AppState>,
    actor: Actor,
    q: QueryParams,
    OktaPath(id): OktaPath<String>,
) -> Answer {
    // `sendEmail` (default false) mails the admin about the deactivation; the mock sends no
    // mail, but a value that is not a boolean is refused as Okta refuses it.
    q.flag("sendEmail", false)?;
    s.commit(actor, DeleteUser { id }).await?;
    Ok(no_content())
}

async fn lifecycle(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    uri: Uri,
    q: QueryParams,
    OktaPath((id, op)): OktaPath<(String, String)>,
) -> Answer {
    let op = match op.as_str() {
        "activate" => LifecycleOp::Activate,
        "deactivate" => LifecycleOp::Deactivate,
        "reactivate" => LifecycleOp::Reactivate,
        "suspend" => LifecycleOp::Suspend,
        "unsuspend" => LifecycleOp::Unsuspend,
        "unlock" => LifecycleOp::Unlock,
        "expire_password" => LifecycleOp::ExpirePassword,
        "expire_password_with_temp_password" => LifecycleOp::ExpirePasswordWithTempPassword,
        "reset_password" => LifecycleOp::ResetPassword,
        "reset_factors" => LifecycleOp::ResetFactors,
        _ => {
            let unknown = OktaError::unknown_path(uri.path());
            return Ok(super::unserved::unserved_or(
                &Method::POST,
                uri.path(),
                unknown,
            ));
        }
    };
    // The spec marks `sendEmail` required on reset_password; older clients leave it out and
    // get an email, as with activate, so it defaults to true here too.
    let send_email = q.flag("sendEmail", true)?;
    // Sessions are not modelled; the flag is still checked for its type.
    q.flag("revokeSessions", false)?;
    let outcome = s.commit(actor, RunLifecycle { id, op, send_email }).await?;
    Ok(match outcome {
        LifecycleOutcome::Empty => empty_object(),
        LifecycleOutcome::Token(token) => Json(token).into_response(),
        LifecycleOutcome::User(user) => Json(render::user(&base, user, true)).into_response(),
        LifecycleOutcome::ResetToken(token) => {
            let url = base.url(&format!("/reset_password/{token}"));
            Json(json!({ "resetPasswordUrl": url })).into_response()
        }
        LifecycleOutcome::TempPassword(temp) => {
            Json(json!({ "tempPassword": temp.expose_secret() })).into_response()
        }
    })
}

async fn clear_sessions(
    State(s): State<AppState>,
    actor: Actor,
    q: QueryParams,
    OktaPath(id): OktaPath<String>,
) -> Answer {
    let oauth_tokens = q.flag("oauthTokens", false)?;
    s.commit(actor, ClearSessions { id, oauth_tokens }).await?;
    Ok(no_content())
}

async fn groups(
    State(s): State<AppState>,
    base: BaseUrl,
    uri: Uri,
    OktaPath(id): OktaPath<String>,
) -> Answer {
    let groups = s.read().users().groups(&id)?;
    let groups = groups
        .into_iter()
        .map(|g| render::group(&base, g))
        .collect();
    Ok(listed(&base, &uri, groups))
}

async fn app_links(
    State(s): State<AppState>,
    base: BaseUrl,
    uri: Uri,
    OktaPath(id): OktaPath<String>,
) -> Answer {
    let links = s.read().users().app_links(&id)?;
    Ok(listed(&base, &uri, links))
}
