//! `POST /oauth2/v1/token`: the client credentials grant of the org authorization server.
//!
//! Request as Okta documents it for service apps (developer.okta.com/docs/guides/
//! implement-oauth-for-okta-serviceapp/main/#get-an-access-token): a form with
//! `grant_type=client_credentials`, `scope` (space separated `okta.*` scopes),
//! `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer` and
//! `client_assertion`; or, for an app with a secret, `client_secret_basic` (RFC 6749 §2.3.1,
//! `Authorization: Basic`) or `client_secret_post` (`client_id` + `client_secret` in the form).
//! Answer: `{"token_type":"Bearer","expires_in":3600,"access_token":…,"scope":…}`; for an app
//! that requires DPoP, the request must carry a valid proof with the server's nonce and the
//! answer is a `DPoP` token bound to the proof's key (see [`super::dpop`]).

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::json;

use super::assertion::verify_assertion;
use super::dpop::{Expected, ProofError};
use super::error::OAuthError;
use super::registry::ServiceApp;
use super::{AuthServer, IssuedToken};
use crate::http::AppState;
use crate::http::links::BaseUrl;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The handler.
pub async fn token_route(
    State(state): State<AppState>,
    base: BaseUrl,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match grant(&state, &base, &headers, &body) {
        Ok(answer) => answer,
        Err(e) => e.into_response(),
    }
}

fn grant(
    state: &AppState,
    base: &BaseUrl,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, OAuthError> {
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(body)
        .map_err(|_| OAuthError::invalid_request("The request body is not a valid form."))?;
    let field = |k: &str| form.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let server: &AuthServer = &state.oauth;
    // Assertions are checked on the mock's clock, which the client's clock follows; the admin
    // shift only ages access tokens (see `AuthServer::shift_clock`).
    let app = authenticate_client(
        server,
        base,
        headers,
        &form,
        state.clock.now().unix_timestamp(),
    )?;
    // After client authentication, which has consumed the assertion's jti (see `dpop`).
    let jkt = if app.dpop_required {
        let proof = dpop_header(headers).map_err(OAuthError::dpop)?;
        let url = base.url(super::TOKEN_PATH);
        let expected = Expected {
            method: "POST",
            url: &url,
            access_token: None,
            nonce_required: true,
        };
        let clock = state.clock.now().unix_timestamp();
        Some(
            server
                .dpop()
                .check(proof, expected, clock)
                .map_err(OAuthError::dpop)?,
        )
    } else {
        None
    };
    let now = server.now(state.clock.now());
    match field("grant_type") {
        Some("client_credentials") => {}
        Some(_) => {
            return Err(OAuthError::unsupported_grant_type(
                "The authorization grant type is not supported by the authorization server.",
            ));
        }
        None => {
            return Err(OAuthError::invalid_request(
                "The grant_type parameter is missing.",
            ));
        }
    }
    let requested: Vec<String> = field("scope")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if requested.is_empty() {
        return Err(OAuthError::invalid_scope(
            "The authorization server resource does not have any configured default scopes, \
             'scope' must be provided.",
        ));
    }
    if let Some(missing) = requested.iter().find(|s| !app.scopes.contains(*s)) {
        return Err(OAuthError::invalid_scope(format!(
            "The following scopes are not allowed: {missing}"
        )));
    }
    let lifetime = server.token_lifetime();
    let token = super::random_text("mock-at.");
    let token_type = if jkt.is_some() { "DPoP" } else { "Bearer" };
    server.issue(
        token.clone(),
        IssuedToken {
            client_id: app.client_id.clone(),
            scopes: requested.clone(),
            expires_at: now + time::Duration::try_from(lifetime).unwrap_or_default(),
            jkt,
        },
    );
    Ok((
        [("cache-control", "no-store"), ("pragma", "no-cache")],
        Json(json!({
            "token_type": token_type,
            "expires_in": lifetime.as_secs().max(1),
            "access_token": token,
            "scope": requested.join(" "),
        })),
    )
        .into_response())
}

fn authenticate_client(
    server: &AuthServer,
    base: &BaseUrl,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
    now: i64,
) -> Result<ServiceApp, OAuthError> {
    let field = |k: &str| form.get(k).map(String::as_str).filter(|v| !v.is_empty());
    if let Some(assertion) = field("client_assertion") {
        if field("client_assertion_type") != Some(JWT_BEARER) {
            return Err(OAuthError::invalid_client(
                "The client_assertion_type is invalid.",
            ));
        }
        let client_id = unverified_issuer(assertion)
            .or_else(|| field("client_id").map(str::to_owned))
            .ok_or_else(|| {
                OAuthError::invalid_client("The client_assertion is not a valid JWT.")
            })?;
        let app = server.app(&client_id).ok_or_else(|| {
            OAuthError::invalid_client("Invalid value for 'client_id' parameter.")
        })?;
        let verified = verify_assertion(assertion, &app, &base.url("/oauth2/v1/token"), now)?;
        if let Some(jti) = &verified.jti {
            if !server.use_jti(jti, verified.exp, now) {
                return Err(OAuthError::invalid_client(
                    "The client_assertion token has already been used (jti replay).",
                ));
            }
        }
        return Ok(app);
    }
    let (client_id, secret) = match basic_credentials(headers) {
        Some(pair) => pair,
        None => match (field("client_id"), field("client_secret")) {
            (Some(id), Some(secret)) => (id.to_owned(), secret.to_owned()),
            (Some(_), None) => {
                return Err(OAuthError::invalid_client(
                    "Client authentication failed. Either the client or the client credentials \
                     are invalid.",
                ));
            }
            _ => {
                return Err(OAuthError::invalid_client("No client credentials found."));
            }
        },
    };
    let app = server
        .app(&client_id)
        .ok_or_else(|| OAuthError::invalid_client("Invalid value for 'client_id' parameter."))?;
    match &app.client_secret {
        Some(expected) if expected.as_bytes() == secret.as_bytes() => Ok(app),
        _ => Err(OAuthError::invalid_client(
            "Client authentication failed. Either the client or the client credentials are \
             invalid.",
        )),
    }
}

/// The `iss` of a JWT, read before verification only to find the app whose keys verify it.
fn unverified_issuer(jwt: &str) -> Option<String> {
    let claims = jwt.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(claims.trim_end_matches('=')).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get("iss")?.as_str().map(str::to_owned)
}

/// `Authorization: Basic base64(client_id:client_secret)` (RFC 6749 §2.3.1).
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// The `DPoP` header: none, or exactly one (RFC 9449 §4.3 (1)).
pub(crate) fn dpop_header(headers: &HeaderMap) -> Result<Option<&str>, ProofError> {
    let mut values = headers.get_all("dpop").iter();
    match (values.next(), values.next()) {
        (None, _) => Ok(None),
        (Some(v), None) => v
            .to_str()
            .map(Some)
            .map_err(|_| ProofError::invalid_header()),
        (Some(_), Some(_)) => Err(ProofError::invalid_header()),
    }
}
