//! `/api/v1/apps` and the app lifecycle.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use super::{Answer, empty_object, no_content, paged};
use crate::http::error::OktaError;
use crate::http::json::OktaJson;
use crate::http::links::BaseUrl;
use crate::http::path::OktaPath;
use crate::http::query::QueryParams;
use crate::http::render;
use crate::http::state::AppState;
use crate::store::AppQuery;
use crate::store::input::AppInput;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/apps", get(list).post(create))
        .route("/api/v1/apps/{id}", get(fetch).put(replace).delete(remove))
        .route("/api/v1/apps/{id}/lifecycle/activate", post(activate))
        .route("/api/v1/apps/{id}/lifecycle/deactivate", post(deactivate))
}

/// `expand` on the app list takes one form, `user/{userId}`; real Okta answers anything else
/// with 400 (issue 11, compared with a real org).
fn check_expand(q: &QueryParams) -> Result<(), OktaError> {
    match q.get("expand") {
        None | Some("") => Ok(()),
        Some(e)
            if e.strip_prefix("user/")
                .is_some_and(|u| !u.is_empty() && !u.contains('/')) =>
        {
            Ok(())
        }
        Some(_) => Err(OktaError::invalid_parameter(
            "expand",
            "The expand parameter must be of the form user/{userId}.",
        )),
    }
}

async fn list(State(s): State<AppState>, base: BaseUrl, uri: Uri, q: QueryParams) -> Answer {
    check_expand(&q)?;
    let query = AppQuery {
        q: q.string("q"),
        filter: q.string("filter"),
        expand: q.string("expand"),
    };
    let page = q.page()?;
    let found = s.read().list_apps(&query, &page)?;
    Ok(paged(&base, &uri, &q, found.map(|a| render::app(&base, a))))
}

async fn create(
    State(s): State<AppState>,
    base: BaseUrl,
    q: QueryParams,
    OktaJson(body): OktaJson,
) -> Answer {
    let activate = q.flag("activate", true)?;
    let input = AppInput::parse(body)?;
    let app = s.write().create_app(input, activate)?;
    Ok(Json(render::app(&base, app)).into_response())
}

async fn fetch(State(s): State<AppState>, base: BaseUrl, OktaPath(id): OktaPath<String>) -> Answer {
    let app = s.read().get_app(&id)?;
    Ok(Json(render::app(&base, app)).into_response())
}

async fn replace(
    State(s): State<AppState>,
    base: BaseUrl,
    OktaPath(id): OktaPath<String>,
    OktaJson(body): OktaJson,
) -> Answer {
    let input = AppInput::parse(body)?;
    let app = s.write().replace_app(&id, input)?;
    Ok(Json(render::app(&base, app)).into_response())
}

async fn remove(State(s): State<AppState>, OktaPath(id): OktaPath<String>) -> Answer {
    s.write().delete_app(&id)?;
    Ok(no_content())
}

async fn activate(State(s): State<AppState>, OktaPath(id): OktaPath<String>) -> Answer {
    s.write().activate_app(&id)?;
    Ok(empty_object())
}

async fn deactivate(State(s): State<AppState>, OktaPath(id): OktaPath<String>) -> Answer {
    s.write().deactivate_app(&id)?;
    Ok(empty_object())
}
