//! `/api/v1/groups` and group membership.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::response::IntoResponse;
use axum::routing::{get, put};

use super::{Answer, listed, no_content, paged};
use crate::http::json::OktaJson;
use crate::http::links::BaseUrl;
use crate::http::path::OktaPath;
use crate::http::query::QueryParams;
use crate::http::render;
use crate::http::state::AppState;
use crate::store::Actor;
use crate::store::GroupQuery;
use crate::store::commit::{
    AddGroupMember, CreateGroup, DeleteGroup, RemoveGroupMember, ReplaceGroup,
};
use crate::store::input::GroupInput;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/groups", get(list).post(create))
        .route(
            "/api/v1/groups/{id}",
            get(fetch).put(replace).delete(remove),
        )
        .route("/api/v1/groups/{id}/users", get(members))
        .route("/api/v1/groups/{id}/apps", get(apps))
        .route(
            "/api/v1/groups/{id}/users/{user}",
            put(add_member).delete(remove_member),
        )
}

async fn list(State(s): State<AppState>, base: BaseUrl, uri: Uri, q: QueryParams) -> Answer {
    let query = GroupQuery {
        q: q.string("q"),
        filter: q.string("filter"),
        search: q.string("search"),
        sort_by: q.string("sortBy"),
        sort_order: q.string("sortOrder"),
        expand: q.string("expand"),
    };
    let page = q.page()?;
    let found = s.read().groups().list(&query, &page)?;
    Ok(paged(
        &base,
        &uri,
        &q,
        found.map(|g| render::group(&base, g)),
    ))
}

async fn create(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaJson(body): OktaJson,
) -> Answer {
    let input = GroupInput::parse(body)?;
    let group = s.commit(actor, CreateGroup { input }).await?;
    Ok(Json(render::group(&base, group)).into_response())
}

async fn fetch(State(s): State<AppState>, base: BaseUrl, OktaPath(id): OktaPath<String>) -> Answer {
    let group = s.read().groups().get(&id)?;
    Ok(Json(render::group(&base, group)).into_response())
}

async fn replace(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    OktaPath(id): OktaPath<String>,
    OktaJson(body): OktaJson,
) -> Answer {
    let input = GroupInput::parse(body)?;
    let group = s.commit(actor, ReplaceGroup { id, input }).await?;
    Ok(Json(render::group(&base, group)).into_response())
}

async fn remove(State(s): State<AppState>, actor: Actor, OktaPath(id): OktaPath<String>) -> Answer {
    s.commit(actor, DeleteGroup { id }).await?;
    Ok(no_content())
}

async fn members(
    State(s): State<AppState>,
    base: BaseUrl,
    uri: Uri,
    q: QueryParams,
    OktaPath(id): OktaPath<String>,
) -> Answer {
    let page = q.page()?;
    let found = s.read().groups().members(&id, &page)?;
    Ok(paged(
        &base,
        &uri,
        &q,
        found.map(|u| render::user(&base, u, false)),
    ))
}

async fn add_member(
    State(s): State<AppState>,
    actor: Actor,
    OktaPath((group, user)): OktaPath<(String, String)>,
) -> Answer {
    s.commit(actor, AddGroupMember { group, user }).await?;
    Ok(no_content())
}

async fn remove_member(
    State(s): State<AppState>,
    actor: Actor,
    OktaPath((group, user)): OktaPath<(String, String)>,
) -> Answer {
    s.commit(actor, RemoveGroupMember { group, user }).await?;
    Ok(no_content())
}

async fn apps(
    State(s): State<AppState>,
    base: BaseUrl,
    uri: Uri,
    OktaPath(id): OktaPath<String>,
) -> Answer {
    let found = s.read().groups().apps(&id)?;
    let items = found.into_iter().map(|a| render::app(&base, a)).collect();
    Ok(listed(&base, &uri, items))
}
