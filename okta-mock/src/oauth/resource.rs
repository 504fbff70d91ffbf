//! Authentication of resource requests: `SSWS` API tokens, `Bearer` access tokens from the
//! authorization server with the scope each operation needs, and `DPoP` access tokens with a
//! proof of the key they are bound to (RFC 9449 §7, checks in [`super::dpop`]).
//!
//! Okta answers a bad access token with 401 E0000011 and a missing scope with 403 E0000006,
//! each with a `WWW-Authenticate` header; the insufficient-scope header is recorded in
//! okta/okta-sdk-golang#145: `Bearer authorization_uri="…/oauth2/v1/authorize", realm="…",
//! scope="okta.groups.read", error="insufficient_scope", error_description="The access token
//! provided does not contain the required scopes.", resource="/api/v1/groups/12345"`.

use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use okta_client::models::ErrorCode;

use super::dpop::{Expected, ProofError};
use super::scopes::{allows, required_scope};
use crate::http::AppState;
use crate::http::OktaError;
use crate::http::links::BaseUrl;

/// The credential a request was allowed with, for the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// The mock's API token (`SSWS`, or `Bearer` with the same value).
    ApiToken,
    /// An access token of a service app.
    AccessToken {
        /// The app's client id.
        client_id: String,
        /// The token's scopes, space separated.
        scopes: String,
        /// Sent as `Authorization: DPoP` with a valid proof (a DPoP-bound token).
        dpop: bool,
    },
}

impl Credential {
    /// `SSWS`, `Bearer` or `DPoP`, as the journal shows it.
    pub fn kind(&self) -> &'static str {
        match self {
            Credential::ApiToken => "SSWS",
            Credential::AccessToken { dpop: true, .. } => "DPoP",
            Credential::AccessToken { .. } => "Bearer",
        }
    }
}

/// Authenticates a request; the error is the full answer to send.
///
/// # Errors
/// 401 E0000011 for a missing, unknown, revoked or expired token; 403 E0000006 when an access
/// token lacks the operation's scope.
pub fn authenticate(
    state: &AppState,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Result<Credential, Box<Response>> {
    let value = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    let base = BaseUrl::from_host(headers.get("host").and_then(|h| h.to_str().ok()));
    if let Some(rest) = strip_ignore_case(value, "SSWS") {
        return if matches_api_token(rest.trim_start(), &state.token) {
            Ok(Credential::ApiToken)
        } else {
            Err(Box::new(OktaError::invalid_token().into_response()))
        };
    }
    let (token, dpop) = if let Some(t) = strip_ignore_case(value, "Bearer ") {
        (t.trim_start(), false)
    } else if let Some(t) = strip_ignore_case(value, "DPoP ") {
        (t.trim_start(), true)
    } else {
        return Err(Box::new(OktaError::invalid_token().into_response()));
    };
    if !dpop && matches_api_token(token, &state.token) {
        return Ok(Credential::ApiToken);
    }
    let now = state.oauth.now(state.clock.now());
    let Some(issued) = state.oauth.lookup(token) else {
        return Err(Box::new(bearer_401(&base, "The access token is invalid.")));
    };
    if issued.expires_at <= now {
        return Err(Box::new(bearer_401(&base, "The access token is expired.")));
    }
    match (&issued.jkt, dpop) {
        (None, false) => {}
        // RFC 9449 §7.1: a bound token is only accepted with its proof, and the DPoP scheme
        // only with a bound token.
        (Some(_), false) | (None, true) => {
            return Err(Box::new(bearer_401(
                &base,
                "The access token is invalid for this authorization scheme.",
            )));
        }
        (Some(jkt), true) => {
            let url = base.url(path);
            let expected = Expected {
                method: method.as_str(),
                url: &url,
                access_token: Some(token),
                nonce_required: state.oauth.resource_nonce_required(),
            };
            let proof = super::token::dpop_header(headers)
                .and_then(|p| {
                    state
                        .oauth
                        .dpop()
                        .check(p, expected, state.clock.now().unix_timestamp())
                })
                .and_then(|thumbprint| {
                    if &thumbprint == jkt {
                        Ok(())
                    } else {
                        Err(ProofError {
                            error: "invalid_dpop_proof",
                            description: "The DPoP proof JWT key does not match the access \
                                          token's binding."
                                .into(),
                            nonce: None,
                        })
                    }
                });
            if let Err(refused) = proof {
                let scope = required_scope(method, path).unwrap_or_default();
                return Err(Box::new(dpop_refusal(&base, scope, path, refused)));
            }
        }
    }
    if let Some(needed) = required_scope(method, path) {
        if !allows(&issued.scopes, needed) {
            return Err(Box::new(insufficient_scope(&base, needed, path)));
        }
    }
    Ok(Credential::AccessToken {
        client_id: issued.client_id,
        scopes: issued.scopes.join(" "),
        dpop,
    })
}

/// A refused proof at the Management API: 401 with a `DPoP-Nonce` for `use_dpop_nonce` (RFC
/// 9449 §9), otherwise 400 as Okta answers a replayed proof (see [`super::dpop`]); either way a
/// `DPoP` challenge in `WWW-Authenticate` and the OAuth error in the body, which is where
/// okta-sdk-python 3.4 (`request_executor.py`) reads `use_dpop_nonce` from.
fn dpop_refusal(base: &BaseUrl, scope: &str, path: &str, refused: ProofError) -> Response {
    let status = if refused.nonce.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    let challenge = format!(
        "DPoP algs=\"RS256 ES256\", authorization_uri=\"{}\", realm=\"{}\", scope=\"{scope}\", \
         error=\"{}\", error_description=\"{}\", resource=\"{path}\"",
        base.url("/oauth2/v1/authorize"),
        base.0,
        refused.error,
        refused.description,
    );
    let body = serde_json::json!({
        "error": refused.error,
        "error_description": refused.description,
    });
    let mut response = with_challenge((status, axum::Json(body)).into_response(), &challenge);
    if let Some(nonce) = refused.nonce.and_then(|n| HeaderValue::from_str(&n).ok()) {
        response.headers_mut().insert("dpop-nonce", nonce);
    }
    response
}

fn bearer_401(base: &BaseUrl, description: &str) -> Response {
    let header = format!(
        "Bearer authorization_uri=\"{}\", realm=\"{}\", error=\"invalid_token\", \
         error_description=\"{description}\"",
        base.url("/oauth2/v1/authorize"),
        base.0
    );
    with_challenge(OktaError::invalid_token().into_response(), &header)
}

fn insufficient_scope(base: &BaseUrl, scope: &str, path: &str) -> Response {
    let header = format!(
        "Bearer authorization_uri=\"{}\", realm=\"{}\", scope=\"{scope}\", \
         error=\"insufficient_scope\", error_description=\"The access token provided does not \
         contain the required scopes.\", resource=\"{path}\"",
        base.url("/oauth2/v1/authorize"),
        base.0
    );
    let error = OktaError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::AccessDenied,
        "You do not have permission to perform the requested action",
    );
    with_challenge(error.into_response(), &header)
}

fn with_challenge(mut response: Response, header: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(header) {
        response.headers_mut().insert(WWW_AUTHENTICATE, v);
    }
    response
}

fn strip_ignore_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &value[prefix.len()..])
}

/// Compares without an early exit, so response time does not leak how much of a guess matched.
fn matches_api_token(presented: &str, token: &str) -> bool {
    let (a, b) = (presented.as_bytes(), token.as_bytes());
    !token.is_empty()
        && a.len() == b.len()
        && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
