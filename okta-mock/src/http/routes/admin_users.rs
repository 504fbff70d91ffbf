//! The admin API's user routes, for what no Management API call does:
//!
//! - `POST /__mock/users/{id}/factors` with a factor (`{"factorType": "token:software:totp",
//!   "provider": "GOOGLE", "status": "ACTIVE", "created": "…", "profile": {…}}`; only
//!   `factorType` and `provider` are required, `status` defaults to `ACTIVE`, the timestamps to
//!   now) enrolls it for the user, as a user enrolling at sign-in would; answers 200 with the
//!   factor as `GET /api/v1/users/{id}/factors/{factorId}` shows it. An `ACTIVE` factor logs
//!   `user.mfa.factor.activate`.
//! - `POST /__mock/users/{id}/lock` locks the user out (status `LOCKED_OUT`), as too many
//!   failed sign-ins would, and logs `user.account.lock` with the user as target; answers 200
//!   with the user. `POST /api/v1/users/{id}/lifecycle/unlock` unlocks it. Only an `ACTIVE`,
//!   `PASSWORD_EXPIRED` or `RECOVERY` user can be locked (403 E0000038 otherwise).
//!
//! Both go through the commit point, acting as the mock's admin, and are kept by `--data-dir`
//! like every other mutation (factor ids included: their generator's position is part of a
//! snapshot).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::post;

use super::Answer;
use crate::http::json::OktaJson;
use crate::http::links::BaseUrl;
use crate::http::path::OktaPath;
use crate::http::render;
use crate::http::state::AppState;
use crate::store::commit::{EnrollFactor, RunLifecycle};
use crate::store::input::FactorInput;
use crate::store::{Actor, LifecycleOp};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/__mock/users/{id}/factors", post(enroll_factor))
        .route("/__mock/users/{id}/lock", post(lock))
}

async fn enroll_factor(
    State(s): State<AppState>,
    base: BaseUrl,
    OktaPath(id): OktaPath<String>,
    OktaJson(body): OktaJson,
) -> Answer {
    let input = FactorInput::parse(&body)?;
    let user = s.read().users().get(&id)?.id;
    let enroll = EnrollFactor {
        user: user.to_string(),
        input,
    };
    let factor = s.commit(Actor::MockAdmin, enroll).await?;
    Ok(Json(super::factors::factor(&base, &user, factor)).into_response())
}

async fn lock(State(s): State<AppState>, base: BaseUrl, OktaPath(id): OktaPath<String>) -> Answer {
    let op = LifecycleOp::Lock;
    let run = RunLifecycle {
        id: id.clone(),
        op,
        send_email: false,
    };
    s.commit(Actor::MockAdmin, run).await?;
    let user = s.read().users().get(&id)?;
    Ok(Json(render::user(&base, user, true)).into_response())
}
