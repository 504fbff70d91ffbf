//! Property: listing n items with any page size from a server that pages by `Link` headers
//! yields exactly the n items, each once, in order, with one request per page.

use crate::support::{Call, Double, json};
use okta_client::Paginator;
use proptest::prelude::*;
use serde::Deserialize;
use url::Url;

#[derive(Debug, Deserialize)]
struct Item {
    id: String,
}

/// An opaque cursor, as Okta's are: the client must follow it, never build it.
fn cursor(index: usize) -> String {
    format!("{:x}", (index as u64) ^ 0x5a5a_5a5a_5a5a)
}

fn uncursor(cursor: &str) -> Option<usize> {
    u64::from_str_radix(cursor, 16)
        .ok()
        .map(|v| (v ^ 0x5a5a_5a5a_5a5a) as usize)
}

/// `GET /api/v1/items?n=…&limit=…[&after=…]`: `n` items, `limit` per page.
fn page(call: &Call<'_>) -> axum::response::Response {
    let url = Url::parse(&format!("{}{}", call.base, call.request.path_and_query)).unwrap();
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let n: usize = param("n").and_then(|v| v.parse().ok()).unwrap_or(0);
    let limit: usize = param("limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
        .max(1);
    let start = match param("after") {
        None => 0,
        Some(c) => match uncursor(&c) {
            Some(start) => start,
            None => return json(400, &[], r#"{"errorCode":"E0000029"}"#),
        },
    };
    let end = (start + limit).min(n);
    let items: Vec<_> = (start..end)
        .map(|i| serde_json::json!({ "id": format!("item{i}") }))
        .collect();
    let mut headers = vec![("link", format!("<{url}>; rel=\"self\""))];
    if end < n {
        let next = format!(
            "{}/api/v1/items?n={n}&limit={limit}&after={}",
            call.base,
            cursor(end)
        );
        headers.push(("link", format!("<{next}>; rel=\"next\"")));
    }
    json(200, &headers, &serde_json::to_string(&items).unwrap())
}

#[test]
fn listing_yields_every_item_once_in_one_request_per_page() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let double = runtime.block_on(Double::start(page));
    let client = runtime.block_on(async { double.client() });
    proptest!(ProptestConfig::with_cases(64), |(n in 0usize..300, limit in 1usize..50)| {
        let before = double.seen().len();
        let first = format!("{}/api/v1/items?n={n}&limit={limit}", double.base);
        let first = Url::parse(&first).unwrap();
        let paginator: Paginator<Item> = client.resume(first);
        let items = runtime.block_on(paginator.collect_all()).unwrap();
        let ids: Vec<String> = items.into_iter().map(|i| i.id).collect();
        let expected: Vec<String> = (0..n).map(|i| format!("item{i}")).collect();
        prop_assert_eq!(ids, expected);
        let requests = double.seen().len() - before;
        prop_assert_eq!(requests, n.div_ceil(limit).max(1));
    });
}
