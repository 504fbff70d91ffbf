//! The admin API of the authorization server, under `/__mock/oauth/`:
//!
//! - `POST /__mock/oauth/revoke` `{"clientId": "0oa…"}` revokes that app's tokens (all tokens
//!   without a body or client id); answers `{"revoked": n}`.
//! - `POST /__mock/oauth/clock` `{"advanceSeconds": n}` moves the authorization server's clock
//!   (token expiry, assertion times) by n seconds; answers `{"shiftSeconds": total}`.
//! - `GET /__mock/oauth/tokens` answers `{"issued": n}`: access tokens minted since start.
//!
//! And the token endpoint itself, `POST /oauth2/v1/token` (see [`crate::oauth`]).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use super::Answer;
use crate::http::error::OktaError;
use crate::http::json::RawBody;
use crate::http::state::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth2/v1/token", post(crate::oauth::token_route))
        .route("/__mock/oauth/revoke", post(revoke))
        .route("/__mock/oauth/clock", post(clock))
        .route("/__mock/oauth/tokens", get(tokens))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RevokeBody {
    client_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockBody {
    advance_seconds: i64,
}

async fn revoke(State(s): State<AppState>, RawBody(body): RawBody) -> Answer {
    let body: RevokeBody = if body.iter().all(u8::is_ascii_whitespace) {
        RevokeBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|_| OktaError::malformed_body())?
    };
    let revoked = s.oauth.revoke(body.client_id.as_deref());
    Ok(Json(json!({ "revoked": revoked })).into_response())
}

async fn clock(State(s): State<AppState>, RawBody(body): RawBody) -> Answer {
    let body: ClockBody = serde_json::from_slice(&body).map_err(|_| OktaError::malformed_body())?;
    let total = s.oauth.shift_clock(body.advance_seconds);
    Ok(Json(json!({ "shiftSeconds": total })).into_response())
}

async fn tokens(State(s): State<AppState>) -> Answer {
    Ok(Json(json!({ "issued": s.oauth.tokens_issued() })).into_response())
}
