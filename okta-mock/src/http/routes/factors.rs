//! `/api/v1/users/{userId}/factors`: a user's enrolled MFA factors (list, read, unenroll), and
//! the factor JSON with its `_links`.
//!
//! Wire shape, from real orgs recorded in okta/okta-sdk-python's cassettes (Apache-2.0,
//! `tests/integration/cassettes/TestFactorsResource.*.yaml`): the list of a user with no
//! factor is `[]` with no `Link` header (Okta does not page it); a factor is
//! `{"id","factorType","provider","vendorName","status","created","lastUpdated","profile",
//! "_links"}`; a factor that is gone is 404 E0000007 `"Not found: Resource not found: <id>
//! (UserFactor)"`; an unenrollment answers 204. The links follow the spec's `ListFactorsResults`
//! and `EnrollFactorGoogleResponse` examples: `self` (GET, and DELETE once active), `user`,
//! `questions` for a security question, `verify` for another active factor, `activate` while
//! activation is pending.
//!
//! Okta's enrollment (`POST /api/v1/users/{userId}/factors`) is served for the two factors a
//! server can enroll without a device: a security question (`ACTIVE` at once, as the spec's
//! `EnrollFactorQuestionResponse`) and a TOTP app from Okta or Google (`PENDING_ACTIVATION`,
//! `profile.credentialId` the user's login and `_embedded.activation` with a base32 shared
//! secret, as `EnrollFactorGoogleResponse`; the activation itself is not served, and the secret
//! is shown in this answer only). Any other factor type answers 501 naming `enrollFactor`;
//! tests enroll those with the admin API (`POST /__mock/users/{id}/factors`).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use okta_client::models::{ErrorCode, FactorStatus, FactorType, UserFactor};
use serde_json::{Map, Value, json};

use super::{Answer, no_content};
use crate::http::error::OktaError;
use crate::http::json::OktaJson;
use crate::http::links::{BaseUrl, links, segment};
use crate::http::path::OktaPath;
use crate::http::query::QueryParams;
use crate::http::state::AppState;
use crate::store::Actor;
use crate::store::commit::{EnrollFactor, UnenrollFactor};
use crate::store::input::{Enrollment, FactorInput};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/users/{id}/factors", get(list).post(enroll))
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

async fn enroll(
    State(s): State<AppState>,
    actor: Actor,
    base: BaseUrl,
    q: QueryParams,
    OktaPath(id): OktaPath<String>,
    OktaJson(body): OktaJson,
) -> Answer {
    // The query parameters only matter to factor types the mock does not enroll (sms, call,
    // email, custom TOTP); their types are still checked.
    q.flag("updatePhone", false)?;
    q.flag("activate", false)?;
    let mut input = match FactorInput::parse_enrollment(&body)? {
        Enrollment::Served(input) => input,
        Enrollment::Unserved(factor_type) => {
            // The unserved operations' 501 (E0000052), with the factor type named.
            return Err(OktaError::new(
                StatusCode::NOT_IMPLEMENTED,
                ErrorCode::from_wire("E0000052"),
                "Endpoint not implemented.",
            )
            .with_cause(format!(
                "okta-mock enrolls question and token:software:totp factors through \
                 enrollFactor, not {factor_type:?}; enroll it with POST \
                 /__mock/users/{{id}}/factors"
            )));
        }
    };
    let user = s.read().users().get(&id)?;
    if input.factor_type == FactorType::TokenSoftwareTotp {
        let login = Value::from(user.login());
        input.profile.insert("credentialId".to_owned(), login);
    }
    let enroll = EnrollFactor {
        user: user.id.to_string(),
        input,
    };
    let factor = s.commit(actor, enroll).await?;
    let user = user.id;
    let pending = factor.status == Some(FactorStatus::PendingActivation);
    let mut answer = self::factor(&base, &user, factor);
    if pending {
        answer.embedded = Some(activation(&answer));
    }
    Ok(Json(answer).into_response())
}

/// `_embedded.activation` of a pending TOTP enrollment, as the spec's Google example: a 16
/// character base32 shared secret (derived from the factor id, so it is stable; the mock never
/// verifies a code), 30-second steps, and the QR code's link.
fn activation(factor: &UserFactor) -> Map<String, Value> {
    const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut x = factor.id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let secret: String = (0..16)
        .map(|_| {
            let c = BASE32[(x % 32) as usize] as char;
            x = x.rotate_right(5) ^ 0x9e37_79b9_7f4a_7c15;
            c
        })
        .collect();
    let self_href = factor
        .links
        .as_ref()
        .and_then(|l| l["self"]["href"].as_str())
        .unwrap_or_default();
    let qr = json!({"href": format!("{self_href}/qr/{}", factor.id), "type": "image/png"});
    let activation = json!({"timeStep": 30, "sharedSecret": secret, "encoding": "base32",
                            "keyLength": 16, "_links": {"qrcode": qr}});
    links([("activation", activation)])
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
    s.commit(actor, UnenrollFactor { user, factor }).await?;
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
