//! Pagination on the wire: Link headers as real servers send them, and the guards that keep a
//! listing from looping, stopping early or leaking the token to another host.

use crate::support::{Double, json};
use futures::{StreamExt, TryStreamExt};
use okta_client::{Error, RawRequest};
use reqwest::Method;
use serde::Deserialize;
use url::Url;

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: String,
}

fn items(ids: &[&str]) -> String {
    let items: Vec<_> = ids
        .iter()
        .map(|id| serde_json::json!({ "id": id }))
        .collect();
    serde_json::to_string(&items).unwrap()
}

fn link(url: &str, rel: &str) -> (&'static str, String) {
    ("link", format!("<{url}>; rel=\"{rel}\""))
}

/// Lists `/api/v1/items` through the client's resume entry point (a first page URL is a next
/// link like any other).
fn listing(double: &Double) -> okta_client::Paginator<Item> {
    let first = Url::parse(&format!("{}/api/v1/items?limit=2", double.base)).unwrap();
    double.client().resume(first)
}

#[tokio::test]
async fn a_comma_joined_link_header_is_followed() {
    let double = Double::start(|call| {
        let b = call.base;
        match call.request.path_and_query.as_str() {
            "/api/v1/items?limit=2" => json(
                200,
                &[(
                    "link",
                    format!(
                        "<{b}/api/v1/items?limit=2>; rel=\"self\", <{b}/api/v1/items?after=opaque1&limit=2>; rel=\"next\""
                    ),
                )],
                &items(&["a", "b"]),
            ),
            "/api/v1/items?after=opaque1&limit=2" => json(
                200,
                &[link(&format!("{b}/api/v1/items?after=opaque1&limit=2"), "self")],
                &items(&["c"]),
            ),
            other => json(400, &[], &format!("{{\"unexpected\":\"{other}\"}}")),
        }
    })
    .await;
    let all = listing(&double).collect_all().await.unwrap();
    let ids: Vec<_> = all.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(double.seen().len(), 2);
}

#[tokio::test]
async fn a_next_link_that_repeats_the_current_page_ends_the_stream() {
    let double = Double::start(|call| {
        let me = format!("{}{}", call.base, call.request.path_and_query);
        json(
            200,
            &[link(&me, "self"), link(&me, "next")],
            &items(&["a", "b"]),
        )
    })
    .await;
    let pages: Vec<_> = listing(&double).pages().collect().await;
    assert_eq!(pages.len(), 1);
    let page = pages.into_iter().next().unwrap().unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(
        page.next, None,
        "a next link that does not advance is not offered"
    );
    assert_eq!(double.seen().len(), 1);
}

#[tokio::test]
async fn a_cycle_of_next_links_is_an_error_not_an_endless_loop() {
    let double = Double::start(|call| {
        let b = call.base;
        let next = if call.request.path_and_query.contains("after=x") {
            format!("{b}/api/v1/items?limit=2")
        } else {
            format!("{b}/api/v1/items?after=x&limit=2")
        };
        json(200, &[link(&next, "next")], &items(&["a"]))
    })
    .await;
    let results: Vec<_> = listing(&double).items().collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[0].is_ok() && results[1].is_ok());
    assert!(matches!(results[2], Err(Error::Pagination(_))));
    assert_eq!(double.seen().len(), 2);
}

#[tokio::test]
async fn an_empty_page_ends_the_stream_even_with_a_next_link() {
    let double = Double::start(|call| {
        let next = format!("{}/api/v1/items?after=more", call.base);
        json(200, &[link(&next, "next")], "[]")
    })
    .await;
    let pages: Vec<_> = listing(&double).pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].items.is_empty());
    assert_eq!(pages[0].next, None);
    assert_eq!(double.seen().len(), 1);
}

#[tokio::test]
async fn an_error_on_a_later_page_is_yielded_once_and_ends_the_stream() {
    let double = Double::start(|call| {
        if call.index == 0 {
            let next = format!("{}/api/v1/items?after=c1&limit=2", call.base);
            json(200, &[link(&next, "next")], &items(&["a", "b"]))
        } else {
            json(
                400,
                &[],
                r#"{"errorCode":"E0000029","errorSummary":"Invalid paging request.","errorLink":"E0000029","errorId":"x","errorCauses":[{"errorSummary":"Invalid cursor."}]}"#,
            )
        }
    })
    .await;
    let results: Vec<_> = listing(&double).items().collect().await;
    assert_eq!(results.len(), 3);
    let err = results[2].as_ref().unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.error_causes[0].error_summary, "Invalid cursor.");
    assert_eq!(double.seen().len(), 2, "a 400 is not retried");
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_a_decode_error_naming_the_path() {
    let double = Double::start(|_| json(200, &[], r#"[{"id":"a"},{"id":7}]"#)).await;
    let err = listing(&double).collect_all().await.unwrap_err();
    match err {
        Error::Decode { path, .. } => assert_eq!(path, "[1].id"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused_and_never_requested() {
    let double = Double::start(|call| {
        // Same server, other origin: if the client followed it, the double would see it.
        let foreign = call.base.replace("127.0.0.1", "localhost");
        json(
            200,
            &[link(&format!("{foreign}/api/v1/items?after=x"), "next")],
            &items(&["a"]),
        )
    })
    .await;
    let results: Vec<_> = listing(&double).items().collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, "a");
    assert!(
        matches!(results[1], Err(Error::Pagination(_))),
        "{:?}",
        results[1]
    );
    assert_eq!(double.seen().len(), 1);
    let foreign = Url::parse(&double.base.replace("127.0.0.1", "localhost")).unwrap();
    let results: Vec<_> = double
        .client()
        .resume::<Item>(foreign)
        .items()
        .collect()
        .await;
    assert!(matches!(results[..], [Err(Error::Pagination(_))]));
    assert_eq!(double.seen().len(), 1);
}

#[tokio::test]
async fn a_saved_next_link_resumes_the_listing_where_it_stopped() {
    let double = Double::start(|call| {
        let b = call.base;
        match call.request.path_and_query.as_str() {
            "/api/v1/items?limit=2" => json(
                200,
                &[link(&format!("{b}/api/v1/items?after=k2&limit=2"), "next")],
                &items(&["a", "b"]),
            ),
            _ => json(200, &[], &items(&["c"])),
        }
    })
    .await;
    let mut pages = listing(&double).pages();
    let first = pages.next().await.unwrap().unwrap();
    drop(pages);
    let saved = first.next.clone().expect("a next link");
    assert_eq!(
        saved.as_str(),
        format!("{}/api/v1/items?after=k2&limit=2", double.base)
    );
    let rest = double
        .client()
        .resume::<Item>(saved)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(rest, vec![Item { id: "c".into() }]);
    assert_eq!(
        double.seen()[1].path_and_query,
        "/api/v1/items?after=k2&limit=2"
    );
}

#[tokio::test]
async fn raw_requests_refuse_urls_of_other_hosts_without_sending_anything() {
    let double = Double::start(|_| json(200, &[], "{}")).await;
    let foreign = double.base.replace("127.0.0.1", "localhost");
    let err = double
        .client()
        .raw(RawRequest::new(
            Method::GET,
            format!("{foreign}/api/v1/users"),
        ))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)));
    assert!(double.seen().is_empty());
}

#[tokio::test]
async fn a_page_stream_names_each_request_before_it_and_each_page_says_which_request_it_answers() {
    let double = Double::start(|call| {
        let b = call.base;
        match call.request.path_and_query.as_str() {
            "/api/v1/items?limit=2" => json(
                200,
                &[link(&format!("{b}/api/v1/items?after=k2&limit=2"), "next")],
                &items(&["a", "b"]),
            ),
            // The second page names a foreign next link: refused, but still named.
            _ => json(
                200,
                &[link("https://elsewhere.example/api/v1/items", "next")],
                &items(&["c"]),
            ),
        }
    })
    .await;
    let first = format!("{}/api/v1/items?limit=2", double.base);
    let second = format!("{}/api/v1/items?after=k2&limit=2", double.base);
    // Unpin and nameable: stored in a typed binding and polled without pinning.
    let mut pages: okta_client::PageStream<Item> = listing(&double).prefetch(false).pages();
    assert_eq!(pages.next_url().map(Url::as_str), Some(first.as_str()));
    let page = pages.next().await.unwrap().unwrap();
    assert_eq!(page.meta.method, Method::GET);
    assert_eq!(page.meta.url.as_str(), first);
    assert_eq!(pages.next_url().map(Url::as_str), Some(second.as_str()));
    let page = pages.next().await.unwrap().unwrap();
    assert_eq!(page.meta.url.as_str(), second);
    assert_eq!(
        pages.next_url().map(Url::as_str),
        Some("https://elsewhere.example/api/v1/items")
    );
    assert!(matches!(
        pages.next().await,
        Some(Err(Error::Pagination(_)))
    ));
    assert_eq!(pages.next_url(), None);
    assert!(pages.next().await.is_none());
    assert_eq!(double.seen().len(), 2);
}
