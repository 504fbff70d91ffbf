//! Okta-shaped errors for bad requests, answered in process through the router.

use crate::common::{assert_okta_error, authed, body_json, oneshot};
use axum::body::Body;
use axum::http::Request;
use okta_mock::Store;
use okta_mock::{AppState, DEFAULT_TOKEN};

fn state() -> AppState {
    AppState::new(Store::new(), DEFAULT_TOKEN)
}

fn with_authorization(value: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().uri("/api/v1/groups");
    if let Some(v) = value {
        builder = builder.header("authorization", v);
    }
    builder.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn missing_wrong_or_foreign_credentials_are_answered_401_e0000011() {
    let state = state();
    let wrong = format!("SSWS {DEFAULT_TOKEN}x");
    let basic = format!("Basic {DEFAULT_TOKEN}");
    for value in [
        None,
        Some(wrong.as_str()),
        Some(basic.as_str()),
        Some(DEFAULT_TOKEN),
    ] {
        let res = oneshot(&state, with_authorization(value)).await;
        assert_eq!(res.status(), 401, "{value:?}");
        let body = body_json(res).await;
        assert_okta_error(&body, "E0000011");
        assert_eq!(body["errorSummary"], "Invalid token provided");
        assert!(
            !body.to_string().contains(DEFAULT_TOKEN),
            "the token is never echoed"
        );
    }
}

#[tokio::test]
async fn ssws_with_or_without_a_space_and_bearer_tokens_are_accepted() {
    let state = state();
    let forms = [
        format!("SSWS {DEFAULT_TOKEN}"),
        format!("SSWS{DEFAULT_TOKEN}"),
        format!("Bearer {DEFAULT_TOKEN}"),
    ];
    for value in &forms {
        let res = oneshot(&state, with_authorization(Some(value))).await;
        assert_eq!(res.status(), 200, "{value}");
        assert!(body_json(res).await.is_array());
    }
}

#[tokio::test]
async fn a_malformed_json_body_is_answered_400_e0000003() {
    let state = state();
    let req = authed(
        &state,
        "POST",
        "/api/v1/groups",
        Body::from("{\"profile\": {"),
    );
    let res = oneshot(&state, req).await;
    assert_eq!(res.status(), 400);
    let body = body_json(res).await;
    assert_okta_error(&body, "E0000003");
    assert_eq!(
        body["errorSummary"],
        "The request body was not well-formed."
    );
}

#[tokio::test]
async fn a_json_body_that_is_not_an_object_is_refused_with_a_cause() {
    let state = state();
    for raw in ["[1,2]", "\"text\"", "42", ""] {
        let req = authed(&state, "POST", "/api/v1/users", Body::from(raw));
        let res = oneshot(&state, req).await;
        assert_eq!(res.status(), 400, "{raw:?}");
        assert_okta_error(&body_json(res).await, "E0000003");
    }
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_refused_with_an_okta_shaped_413() {
    let state = state();
    let big = format!(
        "{{\"profile\":{{\"name\":\"{}\"}}}}",
        "x".repeat(1024 * 1024 + 10)
    );
    // Once with a Content-Length (refused before reading) and once streamed without one.
    let mut declared = authed(&state, "POST", "/api/v1/groups", Body::from(big.clone()));
    declared
        .headers_mut()
        .insert("content-length", big.len().into());
    let undeclared = authed(&state, "POST", "/api/v1/groups", Body::from(big));
    for req in [declared, undeclared] {
        let res = oneshot(&state, req).await;
        assert_eq!(res.status(), 413);
        let body = body_json(res).await;
        assert!(
            body["errorCauses"][0]["errorSummary"]
                .as_str()
                .unwrap()
                .contains("1048576")
        );
        assert_eq!(body["errorLink"], body["errorCode"]);
    }
}

#[tokio::test]
async fn a_wrong_method_on_a_known_path_is_answered_405_e0000022() {
    let state = state();
    for (method, uri) in [
        ("PATCH", "/api/v1/users"),
        ("DELETE", "/api/v1/groups"),
        ("POST", "/api/v1/groups/00g1/users"),
    ] {
        let res = oneshot(&state, authed(&state, method, uri, Body::empty())).await;
        assert_eq!(res.status(), 405, "{method} {uri}");
        let body = body_json(res).await;
        assert_okta_error(&body, "E0000022");
        assert_eq!(
            body["errorSummary"],
            "The endpoint does not support the provided HTTP method"
        );
    }
}

#[tokio::test]
async fn an_unknown_path_is_an_okta_shaped_404_naming_the_path() {
    let state = state();
    let res = oneshot(
        &state,
        authed(&state, "GET", "/api/v1/widgets/1", Body::empty()),
    )
    .await;
    assert_eq!(res.status(), 404);
    let body = body_json(res).await;
    assert_okta_error(&body, "E0000007");
    assert!(
        body["errorSummary"]
            .as_str()
            .unwrap()
            .contains("/api/v1/widgets/1")
    );
}

#[tokio::test]
async fn an_unknown_user_lifecycle_operation_is_a_404() {
    let state = state();
    let req = authed(
        &state,
        "POST",
        "/api/v1/users/00u1/lifecycle/explode",
        Body::empty(),
    );
    let res = oneshot(&state, req).await;
    assert_eq!(res.status(), 404);
    assert_okta_error(&body_json(res).await, "E0000007");
}

#[tokio::test]
async fn a_missing_user_is_a_404_naming_the_kind_user() {
    let state = state();
    let res = oneshot(
        &state,
        authed(&state, "GET", "/api/v1/users/00unobody", Body::empty()),
    )
    .await;
    assert_eq!(res.status(), 404);
    let body = body_json(res).await;
    assert_okta_error(&body, "E0000007");
    assert!(
        body["errorSummary"].as_str().unwrap().contains("(User)"),
        "{body}"
    );
}

#[tokio::test]
async fn bad_limits_and_flags_are_400s_never_500s() {
    let state = state();
    for uri in [
        "/api/v1/users?limit=abc",
        "/api/v1/users?limit=0",
        "/api/v1/groups?limit=-5",
        "/api/v1/apps?limit=99999999999999999999999",
    ] {
        let res = oneshot(&state, authed(&state, "GET", uri, Body::empty())).await;
        assert_eq!(res.status(), 400, "{uri}");
        assert_okta_error(&body_json(res).await, "E0000001");
    }
    let req = authed(
        &state,
        "POST",
        "/api/v1/users?activate=maybe",
        Body::from("{}"),
    );
    let res = oneshot(&state, req).await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn a_cursor_the_mock_did_not_issue_is_an_invalid_paging_request() {
    let state = state();
    let res = oneshot(
        &state,
        authed(&state, "GET", "/api/v1/users?after=bogus", Body::empty()),
    )
    .await;
    assert_eq!(res.status(), 400);
    let body = body_json(res).await;
    assert_okta_error(&body, "E0000029");
    assert_eq!(body["errorCauses"][0]["errorSummary"], "Invalid cursor.");
}

#[tokio::test]
async fn every_error_id_is_unique() {
    let state = state();
    let mut ids = std::collections::HashSet::new();
    for _ in 0..20 {
        let res = oneshot(&state, with_authorization(None)).await;
        ids.insert(body_json(res).await["errorId"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 20);
}

#[tokio::test]
async fn a_panicking_handler_is_answered_500_e0000009_with_okta_headers() {
    use axum::routing::get;
    use tower::ServiceExt as _;

    let state = state();
    let app = axum::Router::new()
        .route("/api/v1/boom", get(panicking_handler))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            okta_mock::internals::envelope,
        ))
        .with_state(state.clone());
    let res = app
        .oneshot(authed(&state, "GET", "/api/v1/boom", Body::empty()))
        .await
        .unwrap();
    assert_eq!(res.status(), 500);
    assert!(res.headers().contains_key("x-okta-request-id"));
    assert!(res.headers().contains_key("date"));
    assert_okta_error(&body_json(res).await, "E0000009");
}

async fn panicking_handler() -> &'static str {
    if std::hint::black_box(true) {
        panic!("a bug in a handler");
    }
    "unreachable"
}
