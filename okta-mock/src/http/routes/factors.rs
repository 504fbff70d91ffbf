//! `/api/v1/users/{userId}/factors`: a user's enrolled MFA factors (list, read, unenroll), and
//! the factor JSON with its `_links`.
//!
//! Wire shape, from real orgs recorded in okta/okta-sdk-python's cassettes (Apache-2.0,
//! `tests/integration/cassettes/TestFactorsResource.*.yaml`): the list of a user with no
//! factor is `[]` with no `Link` header (Okta does not page it); a factor is
//! `{"id","factorType","provider","vendorName","status","created","lastUpdated","profile",
//! "_links"}`; a factor that is gone is 404 E0000007 "Not found: Resource not found: <id>
//! (UserFactor)"; an unenrollment answers 204. The links follow the spec's `ListFactorsResults`
//! and `EnrollFactorGoogleResponse` examples: `self` (GET, and DELETE once active), `user`,
//! `questions` for a security question, `verify` for another active factor, `activate` while
//! activation is pending.
//!
//! Enrolling through Okta's `POST /api/v1/users/{userId}/factors` is not served (501, see
//! `okta-mock/UNSERVED.md`); tests enroll with the admin API (`POST /__mock/users/{id}/factors`).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use okta_client::models::{FactorStatus, FactorType, UserFactor};
use serde_json::{Map, Value, json};

use super::{Answer, no_content};
use crate::http::links::{BaseUrl, links, segment};
use crate::http::path::OktaPath;
use crate::http::query::QueryParams;
use crate::http::state::AppState;
use crate::store::Actor;
use crate::store::commit::UnenrollFactor;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/users/{id}/factors", get(list))
        .route(
            "/api/v1/users/{id}/factors/{factor}",
            get(fetch).delete(unenroll),
        )
}

async fn list(State(s): State<AppState>, base: BaseUrl, OktaPath(id): OktaPath<String>) -> Answer {
    let (user, factors) = {
        let store = s.read();
        (store.users().get(&id)?.id, store.factors().list(&id)?)
    };
    let body: Vec<UserFactor> = factors
        .into_iter()
        .map(|f| factor(&base, &user, f))
        .collect();
    Ok(Json(body).into_response())
}

async fn fetch(
    State(s): State<AppState>,
    base: BaseUrl,
    OktaPath((id, factor_id)): OktaPath<(String, String)>,
) -> Answer {
    let (user, found) = {
        let store = s.read();
        (
            store.users().get(&id)?.id,
            store.factors().get(&id, &factor_id)?,
        )
    };
    Ok(Json(factor(&base, &user, found)).into_response())
}

async fn unenroll(
    State(s): State<AppState>,
    actor: Actor,
    q: QueryParams,
    OktaPath((user, factor)): OktaPath<(String, String)>,
) -> Answer {
    // Only used by sms and call factors, whose recovery phone the mock does not model; a
    // value that is not a boolean is still refused.
    q.flag("removeRecoveryEnrollment", false)?;
    // Not a mutation persistence records yet: see `admin_users.rs`.
    s.write().commit(actor, UnenrollFactor { user, factor })?;
    Ok(no_content())
}

/// `{"href": url, "hints": {"allow": methods}}`.
fn allowed(url: String, methods: &[&str]) -> Value {
    json!({ "href": url, "hints": { "allow": methods } })
}

/// A factor with its `_links` on the request's host.
pub(super) fn factor(base: &BaseUrl, user: &str, mut factor: UserFactor) -> UserFactor {
    let user_url = base.url(&format!("/api/v1/users/{}", segment(user)));
    let self_url = format!("{user_url}/factors/{}", segment(&factor.id));
    let active = factor.status == Some(FactorStatus::Active);
    let self_methods: &[&str] = if active { &["GET", "DELETE"] } else { &["GET"] };
    let mut map: Map<String, Value> = links([
        ("self", allowed(self_url.clone(), self_methods)),
        ("user", allowed(user_url.clone(), &["GET"])),
    ]);
    if factor.factor_type == FactorType::Question {
        let questions = allowed(format!("{user_url}/factors/questions"), &["GET"]);
        map.insert("questions".to_owned(), questions);
    } else if active {
        let verify = allowed(format!("{self_url}/verify"), &["POST"]);
        map.insert("verify".to_owned(), verify);
    }
    if factor.status == Some(FactorStatus::PendingActivation) {
        let activate = allowed(format!("{self_url}/lifecycle/activate"), &["POST"]);
        map.insert("activate".to_owned(), activate);
    }
    factor.links = Some(map);
    factor
}
