//! Fetching one page ahead: the next page travels while the current one is consumed, never
//! more than one request runs ahead, and a listing with prefetch off sends only what was asked
//! for.

use std::time::Duration;

use crate::support::{Double, json};
use futures::StreamExt;
use serde::Deserialize;
use url::Url;

#[derive(Debug, Deserialize)]
struct Item {
    #[allow(dead_code)] // only decoded
    id: String,
}

/// Ten pages of one item each, `/api/v1/items?page=N`, each linking to the next.
async fn ten_pages() -> Double {
    Double::start(|call| {
        let page: u32 = call
            .request
            .path_and_query
            .rsplit('=')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let mut headers = Vec::new();
        if page < 9 {
            let next = format!(
                "<{}/api/v1/items?page={}>; rel=\"next\"",
                call.base,
                page + 1
            );
            headers.push(("link", next));
        }
        json(200, &headers, &format!(r#"[{{"id":"item{page}"}}]"#))
    })
    .await
}

fn first_page(double: &Double) -> Url {
    Url::parse(&format!("{}/api/v1/items?page=0", double.base)).unwrap()
}

/// Waits (a bounded while) until the double has seen `n` requests; returns how many it saw.
async fn seen_after_waiting_for(double: &Double, n: usize) -> usize {
    for _ in 0..200 {
        if double.seen().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    double.seen().len()
}

#[tokio::test]
async fn the_next_page_is_requested_while_the_current_one_is_consumed_and_only_one_ahead() {
    let double = ten_pages().await;
    let mut pages = double.client().resume::<Item>(first_page(&double)).pages();
    let page = pages.next().await.unwrap().unwrap();
    assert_eq!(page.items.len(), 1);
    // The consumer holds page 0 and has not asked for more: page 1 is already on its way.
    assert_eq!(seen_after_waiting_for(&double, 2).await, 2);
    // ... and nothing beyond it.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(double.seen().len(), 2, "more than one page requested ahead");
    drop(pages);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(double.seen().len(), 2, "a dropped listing kept requesting");
}

#[tokio::test]
async fn a_listing_with_prefetch_off_requests_a_page_only_when_asked_for() {
    let double = ten_pages().await;
    let client = double.builder().prefetch_pages(false).build().unwrap();
    let mut pages = client.resume::<Item>(first_page(&double)).pages();
    pages.next().await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(double.seen().len(), 1);
    pages.next().await.unwrap().unwrap();
    assert_eq!(double.seen().len(), 2);
}

#[tokio::test]
async fn a_prefetched_listing_still_makes_one_request_per_page_in_order() {
    let double = ten_pages().await;
    let items: Vec<Item> = double
        .client()
        .resume(first_page(&double))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(items.len(), 10);
    let paths: Vec<String> = double
        .seen()
        .into_iter()
        .map(|s| s.path_and_query)
        .collect();
    let expected: Vec<String> = (0..10).map(|n| format!("/api/v1/items?page={n}")).collect();
    assert_eq!(paths, expected);
}
