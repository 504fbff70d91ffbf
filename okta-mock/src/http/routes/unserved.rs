//! Operations of Okta's Admin Management API that the mock does not serve. Each answers 501
//! with Okta's error shape (E0000052 "Endpoint not implemented.", the code Okta's error-code
//! reference gives HTTP 501) and an `X-Okta-Mock-Unserved` header naming the operation, so a
//! tool meeting a gap learns which one instead of a misleading 404.
//!
//! The operations come from `okta-mock/spec/management-operations.tsv`, derived from Okta's
//! spec (Apache-2.0). [`SERVED`] lists what the routes serve; the test `unserved` checks it
//! against the router for every operation of the spec and regenerates `okta-mock/UNSERVED.md`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use okta_client::models::ErrorCode;

use crate::http::error::OktaError;
use crate::http::state::AppState;

/// The header naming an unserved operation: `<operationId>; <METHOD> <path template>`.
pub const UNSERVED_HEADER: HeaderName = HeaderName::from_static("x-okta-mock-unserved");

const SPEC: &str = include_str!("../../../spec/management-operations.tsv");

/// One operation of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecOperation {
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// The path template, e.g. `/api/v1/users/{id}`.
    pub path: &'static str,
    /// Okta's operationId.
    pub operation_id: &'static str,
}

/// Every operation the mock serves, as `(method, path template)`; parameters match any
/// parameter of the spec's template at the same place, whatever their names.
pub const SERVED: &[(&str, &str)] = &[
    ("GET", "/api/v1/users"),
    ("POST", "/api/v1/users"),
    ("GET", "/api/v1/users/{id}"),
    ("POST", "/api/v1/users/{id}"),
    ("PUT", "/api/v1/users/{id}"),
    ("DELETE", "/api/v1/users/{id}"),
    ("POST", "/api/v1/users/{id}/lifecycle/activate"),
    ("POST", "/api/v1/users/{id}/lifecycle/deactivate"),
    ("POST", "/api/v1/users/{id}/lifecycle/reactivate"),
    ("POST", "/api/v1/users/{id}/lifecycle/suspend"),
    ("POST", "/api/v1/users/{id}/lifecycle/unsuspend"),
    ("POST", "/api/v1/users/{id}/lifecycle/unlock"),
    ("POST", "/api/v1/users/{id}/lifecycle/expire_password"),
    (
        "POST",
        "/api/v1/users/{id}/lifecycle/expire_password_with_temp_password",
    ),
    ("POST", "/api/v1/users/{id}/lifecycle/reset_password"),
    ("POST", "/api/v1/users/{id}/lifecycle/reset_factors"),
    ("DELETE", "/api/v1/users/{id}/sessions"),
    ("GET", "/api/v1/users/{id}/groups"),
    ("GET", "/api/v1/users/{id}/appLinks"),
    ("GET", "/api/v1/users/{id}/factors"),
    ("POST", "/api/v1/users/{id}/factors"),
    ("GET", "/api/v1/users/{id}/factors/{factor}"),
    ("DELETE", "/api/v1/users/{id}/factors/{factor}"),
    ("GET", "/api/v1/groups"),
    ("POST", "/api/v1/groups"),
    ("GET", "/api/v1/groups/{id}"),
    ("PUT", "/api/v1/groups/{id}"),
    ("DELETE", "/api/v1/groups/{id}"),
    ("GET", "/api/v1/groups/{id}/users"),
    ("PUT", "/api/v1/groups/{id}/users/{user}"),
    ("DELETE", "/api/v1/groups/{id}/users/{user}"),
    ("GET", "/api/v1/groups/{id}/apps"),
    ("GET", "/api/v1/apps"),
    ("POST", "/api/v1/apps"),
    ("GET", "/api/v1/apps/{id}"),
    ("PUT", "/api/v1/apps/{id}"),
    ("DELETE", "/api/v1/apps/{id}"),
    ("POST", "/api/v1/apps/{id}/lifecycle/activate"),
    ("POST", "/api/v1/apps/{id}/lifecycle/deactivate"),
    ("GET", "/api/v1/apps/{id}/groups"),
    ("GET", "/api/v1/apps/{id}/groups/{group}"),
    ("PUT", "/api/v1/apps/{id}/groups/{group}"),
    ("PATCH", "/api/v1/apps/{id}/groups/{group}"),
    ("DELETE", "/api/v1/apps/{id}/groups/{group}"),
    ("GET", "/api/v1/apps/{app}/users"),
    ("POST", "/api/v1/apps/{app}/users"),
    ("GET", "/api/v1/apps/{app}/users/{user}"),
    ("POST", "/api/v1/apps/{app}/users/{user}"),
    ("DELETE", "/api/v1/apps/{app}/users/{user}"),
    ("GET", "/api/v1/logs"),
    ("GET", "/api/v1/eventHooks"),
    ("POST", "/api/v1/eventHooks"),
    ("GET", "/api/v1/eventHooks/{id}"),
    ("PUT", "/api/v1/eventHooks/{id}"),
    ("DELETE", "/api/v1/eventHooks/{id}"),
    ("POST", "/api/v1/eventHooks/{id}/lifecycle/activate"),
    ("POST", "/api/v1/eventHooks/{id}/lifecycle/deactivate"),
    ("POST", "/api/v1/eventHooks/{id}/lifecycle/verify"),
];

/// An unserved operation with its template split once, for the fallbacks' lookups.
struct Unserved {
    op: &'static SpecOperation,
    segments: Vec<&'static str>,
    literals: usize,
}

/// The unserved operations, computed once.
fn unserved_index() -> &'static [Unserved] {
    static INDEX: OnceLock<Vec<Unserved>> = OnceLock::new();
    INDEX.get_or_init(|| {
        spec_operations()
            .iter()
            .filter(|op| !is_served(op))
            .map(|op| {
                let segments: Vec<&'static str> = op.path.split('/').collect();
                let literals = segments.iter().filter(|s| !s.starts_with('{')).count();
                Unserved {
                    op,
                    segments,
                    literals,
                }
            })
            .collect()
    })
}

/// Every operation of the spec, in path then method order.
pub fn spec_operations() -> &'static [SpecOperation] {
    static OPS: OnceLock<Vec<SpecOperation>> = OnceLock::new();
    OPS.get_or_init(|| {
        SPEC.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some(SpecOperation {
                    method: cols.next()?,
                    path: cols.next()?,
                    operation_id: cols.next().unwrap_or(""),
                })
            })
            .collect()
    })
}

/// A template's segments with every parameter as `None`.
fn shape(template: &str) -> Vec<Option<&str>> {
    template
        .split('/')
        .map(|s| (!s.starts_with('{')).then_some(s))
        .collect()
}

/// True when `path` (a request path) fits `template`.
fn fits(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            if t.starts_with('{') {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

/// True when the mock serves the operation.
pub fn is_served(op: &SpecOperation) -> bool {
    let wanted = shape(op.path);
    SERVED
        .iter()
        .any(|(m, t)| *m == op.method && shape(t) == wanted)
}

/// The unserved operation a request is for: the one whose template fits the path with the
/// most literal segments.
pub fn find(method: &Method, path: &str) -> Option<&'static SpecOperation> {
    let parts: Vec<&str> = path.split('/').collect();
    unserved_index()
        .iter()
        .filter(|u| {
            u.op.method == method.as_str()
                && u.segments.len() == parts.len()
                && u.segments.iter().zip(&parts).all(|(t, p)| {
                    if t.starts_with('{') {
                        !p.is_empty()
                    } else {
                        t == p
                    }
                })
        })
        .max_by_key(|u| u.literals)
        .map(|u| u.op)
}

/// Okta's 501 for an unserved operation, with the header naming it.
pub fn not_implemented(op: &SpecOperation) -> Response {
    let named = format!("{}; {} {}", op.operation_id, op.method, op.path);
    let err = OktaError::new(
        StatusCode::NOT_IMPLEMENTED,
        ErrorCode::from_wire("E0000052"),
        "Endpoint not implemented.",
    )
    .with_cause(format!(
        "okta-mock does not serve {named} (see okta-mock/UNSERVED.md)"
    ));
    let mut res = err.into_response();
    if let Ok(v) = HeaderValue::from_str(&named) {
        res.headers_mut().insert(UNSERVED_HEADER, v);
    }
    res
}

/// A request no route took: an unserved operation's 501, or `otherwise`.
pub fn unserved_or(method: &Method, path: &str, otherwise: OktaError) -> Response {
    match find(method, path) {
        Some(op) => not_implemented(op),
        None => otherwise.into_response(),
    }
}

/// True when a served route would take requests for `template` (a literal of the spec where
/// the route has a parameter, like `/api/v1/groups/rules` and `/api/v1/groups/{id}`).
fn captured(template: &str) -> bool {
    SERVED.iter().any(|(_, t)| fits(t, template))
}

/// Routes for the unserved operations that a served route would otherwise take. Every other
/// unserved operation reaches the router's fallbacks (no path, or not this method), which
/// answer through [`unserved_or`]; so the router stays as small as the routes it serves.
pub(super) fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for (path, ops) in captured_operations() {
        let mut methods = None;
        for op in ops {
            let Ok(filter) = op.method.parse::<Method>().map(MethodFilter::try_from) else {
                continue;
            };
            let Ok(filter) = filter else { continue };
            let op: &'static SpecOperation = op;
            let handler = move || async move { not_implemented(op) };
            methods = Some(match methods {
                None => on(filter, handler),
                Some(m) => axum::routing::MethodRouter::on(m, filter, handler),
            });
        }
        if let Some(m) = methods {
            router = router.route(path, m);
        }
    }
    router
}

/// The unserved operations a served route would take, by template (one spelling per shape,
/// so `{id}` and `{userId}` never conflict), computed once: the router is built per test.
fn captured_operations() -> &'static [(&'static str, Vec<&'static SpecOperation>)] {
    static CAPTURED: OnceLock<Vec<(&'static str, Vec<&'static SpecOperation>)>> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let served: Vec<Vec<Option<&str>>> = SERVED.iter().map(|(_, t)| shape(t)).collect();
        let mut by_shape: BTreeMap<Vec<Option<&str>>, (&'static str, Vec<&'static SpecOperation>)> =
            BTreeMap::new();
        for op in spec_operations() {
            let s = shape(op.path);
            if served.contains(&s) || is_served(op) || !captured(op.path) {
                continue;
            }
            by_shape
                .entry(s)
                .or_insert((op.path, Vec::new()))
                .1
                .push(op);
        }
        by_shape.into_values().collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_spec_lists_the_operations_in_scope() {
        let ops = spec_operations();
        assert!(ops.len() > 700, "{}", ops.len());
        assert!(ops.iter().any(|o| o.operation_id == "listUsers"));
    }

    #[test]
    fn templates_match_by_shape_whatever_the_parameter_names() {
        let op = SpecOperation {
            method: "GET",
            path: "/api/v1/users/{userId}/groups",
            operation_id: "listUserGroups",
        };
        assert!(is_served(&op));
        assert!(fits(
            "/api/v1/users/{userId}/factors",
            "/api/v1/users/00u1/factors"
        ));
        assert!(!fits(
            "/api/v1/users/{userId}/factors",
            "/api/v1/users//factors"
        ));
        let found = find(&Method::GET, "/api/v1/users/00u1/factors/catalog").unwrap();
        assert_eq!(found.operation_id, "listSupportedFactors");
    }
}
