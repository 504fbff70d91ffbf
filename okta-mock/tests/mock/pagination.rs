//! `Link` headers: one per line, self first, next last, absolute on the request's host.

use std::collections::BTreeSet;

use crate::common::{Api, link_lines, next_link};
use okta_mock::MockServer;
use serde_json::Value;

async fn users_with_lastname(api: &Api, n: usize) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for i in 0..n {
        ids.insert(api.create_user(&format!("page{i}@example.com")).await);
    }
    ids
}

#[tokio::test]
async fn following_next_links_visits_every_user_once_and_the_last_page_has_only_self() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let expected = users_with_lastname(&api, 5).await;

    let mut url = format!("{}/api/v1/users?limit=2", api.base);
    let mut seen = BTreeSet::new();
    let mut pages = 0;
    loop {
        let res = api.get(&url).await;
        assert_eq!(res.status(), 200);
        let lines = link_lines(res.headers());
        assert!(
            lines[0].ends_with("rel=\"self\""),
            "self comes first: {lines:?}"
        );
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with(&format!("<{}/", api.base))),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .all(|l| !l.contains("after=>") && !l.contains("after=&"))
        );
        let next = next_link(res.headers());
        if let Some(n) = &next {
            assert_eq!(lines.len(), 2);
            assert!(
                lines[1].ends_with("rel=\"next\""),
                "next comes last: {lines:?}"
            );
            assert!(n.contains("limit=2"), "{n}");
        } else {
            assert_eq!(lines.len(), 1, "the last page has only self: {lines:?}");
        }
        let page: Vec<Value> = res.json().await.unwrap();
        assert!(page.len() <= 2);
        for user in page {
            assert!(
                seen.insert(user["id"].as_str().unwrap().to_owned()),
                "no user twice"
            );
        }
        pages += 1;
        match next {
            Some(n) => url = n,
            None => break,
        }
        assert!(pages < 10, "paging terminates");
    }
    assert_eq!(seen, expected);
    assert_eq!(pages, 3);
}

#[tokio::test]
async fn the_next_link_keeps_the_search_and_sort_of_the_first_request() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    users_with_lastname(&api, 3).await;
    let res = api
        .request(reqwest::Method::GET, "/api/v1/users")
        .query(&[
            ("search", "profile.lastName eq \"Test\""),
            ("sortBy", "id"),
            ("sortOrder", "asc"),
            ("limit", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let next = next_link(res.headers()).expect("a next link");
    let parsed = url::Url::parse(&next).unwrap();
    let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("search"), Some("profile.lastName eq \"Test\""));
    assert_eq!(get("sortBy"), Some("id"));
    assert_eq!(get("sortOrder"), Some("asc"));
    assert_eq!(get("limit"), Some("1"));
    assert!(get("after").is_some_and(|a| !a.is_empty()));
    // Following it works and yields the next user.
    let second: Vec<Value> = api.get(&next).await.json().await.unwrap();
    assert_eq!(second.len(), 1);
}

#[tokio::test]
async fn links_use_the_host_the_request_came_to() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let port = server.addr().port();
    // The same server reached as "localhost" answers with localhost links.
    let res = api
        .client
        .get(format!("http://localhost:{port}/api/v1/groups"))
        .header("Authorization", format!("SSWS {}", api.token))
        .send()
        .await
        .unwrap();
    let lines = link_lines(res.headers());
    assert_eq!(
        lines,
        vec![format!(
            "<http://localhost:{port}/api/v1/groups>; rel=\"self\""
        )]
    );
    let groups: Vec<Value> = res.json().await.unwrap();
    let href = groups[0]["_links"]["self"]["href"].as_str().unwrap();
    assert!(
        href.starts_with(&format!("http://localhost:{port}/api/v1/groups/")),
        "{href}"
    );
}
