//! End to end, the real client against the mock: pagination (request counts, resuming from a
//! saved next link, bad cursors) and the shape of errors (every field present, no secret in
//! any `Debug` or message).

use okta_client::api::ReactivateUser;
use std::collections::BTreeSet;

use futures::TryStreamExt;
use okta_client::models::{ErrorCode, GroupProfile, User, UserId};
use okta_client::{ApiError, Client, Error, Method, RawRequest};
use okta_mock::MockConfig;
use okta_tests::{
    api_error, client_for, profile, requests_to, start_mock, start_mock_config, start_mock_with,
    within,
};
use serde_json::{Value, json};

fn users(n: usize) -> String {
    let users: Vec<Value> = (0..n)
        .map(|i| {
            let login = format!("user{i:02}@example.com");
            json!({"profile": {"login": login, "email": login, "firstName": "U",
                               "lastName": format!("N{i:02}")}})
        })
        .collect();
    json!({ "users": users }).to_string()
}

fn ids(users: &[User]) -> BTreeSet<UserId> {
    users.iter().map(|u| u.id.clone()).collect()
}

#[tokio::test]
async fn listing_n_users_with_limit_k_yields_n_users_in_ceil_n_over_k_requests() {
    for (n, k) in [(0, 3), (1, 3), (5, 2), (6, 3), (7, 7), (10, 3), (9, 1)] {
        let server = start_mock_with(&users(n)).await;
        let client = client_for(&server);
        let listed = within(client.users().list().limit(k).collect_all())
            .await
            .expect("listed");
        assert_eq!(listed.len(), n, "n={n} k={k}");
        assert_eq!(ids(&listed).len(), n, "no duplicates, n={n} k={k}");
        let requests = requests_to(&server, "GET", "/api/v1/users").len();
        let expected = n.div_ceil(k as usize).max(1);
        assert_eq!(requests, expected, "requests for n={n} k={k}");
    }
}

#[tokio::test]
async fn a_listing_resumes_from_a_saved_next_url_in_another_client() {
    let server = start_mock_with(&users(7)).await;
    let client = client_for(&server);
    let first = within(client.users().list().limit(3).send())
        .await
        .expect("first page");
    assert_eq!(first.items.len(), 3);
    let next = first.next.clone().expect("a next link");
    assert!(next.as_str().starts_with(&server.base_url()), "{next}");
    assert!(
        next.query()
            .is_some_and(|q| q.contains("limit=3") && q.contains("after="))
    );
    // Saved as text, resumed later by another client.
    let saved = next.to_string();
    let other = client_for(&server);
    let rest = within(
        other
            .resume::<User>(saved.parse().expect("a URL"))
            .collect_all(),
    )
    .await
    .expect("resumed");
    assert_eq!(rest.len(), 4);
    let all = within(client.users().list().collect_all())
        .await
        .expect("all");
    let mut together = ids(&first.items);
    together.extend(ids(&rest));
    assert_eq!(together, ids(&all));
    assert_eq!(together.len(), 7);
}

#[tokio::test]
async fn a_resume_url_on_another_origin_is_refused() {
    let server = start_mock_with(&users(1)).await;
    let client = client_for(&server);
    let foreign = "http://127.0.0.2:9/api/v1/users?after=x"
        .parse()
        .expect("a URL");
    let err = within(client.resume::<User>(foreign).collect_all())
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Pagination(_)), "{err:?}");
    assert!(server.journal().is_empty());
}

#[tokio::test]
async fn a_made_up_cursor_is_an_invalid_paging_request() {
    let server = start_mock_with(&users(3)).await;
    let client = client_for(&server);
    let err = within(client.users().list().after("not-a-cursor").send())
        .await
        .expect_err("refused");
    let api = api_error(&err);
    assert_eq!(
        (api.status, api.error_code.clone()),
        (400, ErrorCode::InvalidPaging)
    );
    assert_eq!(api.error_summary, "Invalid paging request.");
    assert_eq!(
        api.cause_summaries().collect::<Vec<_>>(),
        vec!["Invalid cursor."]
    );
}

/// Checks every field of an API error against the raw body and the mock's journal.
fn assert_complete(api: &ApiError, status: u16, code: &str, journal: &[okta_mock::JournalEntry]) {
    assert_eq!(api.status, status, "{api:?}");
    assert_eq!(api.error_code.as_str(), code, "{api:?}");
    assert!(!api.error_summary.is_empty(), "{api:?}");
    assert_eq!(api.error_link.as_deref(), Some(code), "{api:?}");
    assert!(
        api.error_id.as_deref().is_some_and(|id| !id.is_empty()),
        "{api:?}"
    );
    let request_id = api.request_id.as_deref().expect("a request id");
    assert!(
        journal
            .iter()
            .any(|e| e.request_id == request_id && e.status == status),
        "the request id {request_id} is the mock's"
    );
    let raw: Value = serde_json::from_str(api.raw_body.as_deref().expect("the body is kept"))
        .expect("an Okta error body is JSON");
    for key in [
        "errorCode",
        "errorSummary",
        "errorLink",
        "errorId",
        "errorCauses",
    ] {
        assert!(raw.get(key).is_some(), "{key} is present in {raw}");
    }
    let causes = raw["errorCauses"]
        .as_array()
        .expect("errorCauses is an array");
    let summaries: Vec<&str> = causes
        .iter()
        .filter_map(|c| c["errorSummary"].as_str())
        .collect();
    assert_eq!(api.cause_summaries().collect::<Vec<_>>(), summaries);
}

#[tokio::test]
async fn every_api_error_carries_status_code_summary_id_causes_and_request_id() {
    let server = start_mock().await;
    let client = client_for(&server);
    let staged = within(client.users().create(profile("st")).activate(false).send())
        .await
        .expect("created");
    within(
        client
            .groups()
            .create(GroupProfile::new("Dup", None))
            .send(),
    )
    .await
    .expect("group");

    let cases: Vec<(Result<(), Error>, u16, &str)> = vec![
        (
            within(client.users().get("00unosuchuser0000000"))
                .await
                .map(drop),
            404,
            "E0000007",
        ),
        (
            within(client.users().list().filter("nonsense ~~").send())
                .await
                .map(drop),
            400,
            "E0000031",
        ),
        (
            within(
                client
                    .groups()
                    .create(GroupProfile::new("Dup", None))
                    .send(),
            )
            .await
            .map(drop),
            409,
            "E0000055",
        ),
        (
            within(client.users().reactivate(&staged.id, ReactivateUser::new()))
                .await
                .map(drop),
            403,
            "E0000038",
        ),
        (
            within(client.users().create(profile("st")).send())
                .await
                .map(drop),
            400,
            "E0000001",
        ),
        (
            within(client.raw(RawRequest::new(Method::PATCH, "/api/v1/users")))
                .await
                .map(drop),
            405,
            "E0000022",
        ),
    ];
    let journal = server.journal();
    for (result, status, code) in cases {
        let err = result.expect_err(code);
        assert_complete(api_error(&err), status, code, &journal);
        assert_eq!(err.status(), Some(status));
        assert!(err.request_id().is_some());
    }
    let validation = within(client.users().create(profile("st")).send())
        .await
        .expect_err("taken");
    assert!(!api_error(&validation).error_causes.is_empty());
}

#[tokio::test]
async fn a_wrong_token_is_a_complete_401_e0000011() {
    let server = start_mock().await;
    let client = Client::builder()
        .org_url(server.base_url())
        .api_token("not-the-token")
        .build()
        .expect("client");
    let err = within(client.users().list().send())
        .await
        .expect_err("refused");
    assert_complete(api_error(&err), 401, "E0000011", &server.journal());
    assert_eq!(api_error(&err).error_summary, "Invalid token provided");
}

#[tokio::test]
async fn the_token_never_appears_in_debug_or_messages_of_the_client_or_its_errors() {
    const TOKEN: &str = "00SeCrEt-token-do-not-print-7c1f";
    let server = start_mock_config(MockConfig::default().token(TOKEN)).await;
    let builder = Client::builder()
        .org_url(server.base_url())
        .api_token(TOKEN);
    let client = builder.clone().build().expect("client");
    let mut shown = vec![format!("{builder:?}"), format!("{client:?}")];
    shown.push(format!("{:?}", client.users()));

    let not_found = within(client.users().get_by_login("nobody"))
        .await
        .expect_err("404");
    let wrong = Client::builder()
        .org_url(server.base_url())
        .api_token(format!("{TOKEN}x"))
        .build()
        .expect("client");
    let unauthorized = within(wrong.users().get_by_login("nobody"))
        .await
        .expect_err("401");
    assert_eq!(unauthorized.status(), Some(401));
    let refused = within(client.raw(RawRequest::new(Method::GET, "http://example.com/x")))
        .await
        .expect_err("foreign");
    for err in [&not_found, &unauthorized, &refused] {
        shown.push(format!("{err:?}"));
        shown.push(err.to_string());
    }
    for text in &shown {
        assert!(!text.contains(TOKEN), "the token leaked into: {text}");
        assert!(
            !text.contains("SeCrEt"),
            "part of the token leaked into: {text}"
        );
    }
    // The secret really was in use: the right client got through.
    let listed = within(client.users().list().collect_all())
        .await
        .expect("listed");
    assert!(listed.is_empty());
}

#[tokio::test]
async fn a_page_stream_yields_its_error_once_and_ends() {
    let server = start_mock_with(&users(3)).await;
    let client = client_for(&server);
    let mut stream = client.users().list().after("bad").items();
    let first = within(stream.try_next()).await;
    assert!(first.is_err());
    let after = within(futures::StreamExt::next(&mut stream)).await;
    assert!(after.is_none(), "the stream ends after its error");
}

#[tokio::test]
async fn an_unknown_path_is_a_complete_404() {
    let server = start_mock().await;
    let client = client_for(&server);
    let err = within(client.raw(RawRequest::new(Method::GET, "/api/v1/nothing-here")))
        .await
        .expect_err("unknown");
    assert_complete(api_error(&err), 404, "E0000007", &server.journal());
}
