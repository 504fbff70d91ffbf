//! The System Log on the wire: a bounded listing's paging, and a poll that follows Okta's
//! `next` links, waits after pages with nothing new, and resumes from a cursor without losing
//! or repeating an event. Events are the spec's `ListLogs` example (spec/events-examples.json,
//! see spec/NOTICE) with their `uuid` changed; the request types are Okta's System Log
//! reference's (developer.okta.com/docs/reference/api/system-log/, "Request types").

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use okta_client::Error;
use okta_client::api::logs::{LogCursor, PollStart, PolledEvent};
use okta_client::models::Timestamp;
use serde_json::Value;

use crate::support::{Double, RATE_LIMITED, http_date, json};

/// The spec's example event, with another `uuid`.
fn event(uuid: &str) -> Value {
    let examples: Value =
        serde_json::from_str(include_str!("../../spec/events-examples.json")).unwrap();
    let mut event = examples["ListLogs"][0].clone();
    event["uuid"] = Value::from(uuid);
    event
}

fn page(uuids: &[&str]) -> String {
    Value::Array(uuids.iter().map(|u| event(u)).collect()).to_string()
}

/// `self` and (when given) `next` Link headers, on the double's host.
fn links(base: &str, me: &str, next: Option<&str>) -> Vec<(&'static str, String)> {
    let mut headers = vec![("link", format!("<{base}{me}>; rel=\"self\""))];
    if let Some(next) = next {
        headers.push(("link", format!("<{base}{next}>; rel=\"next\"")));
    }
    headers
}

fn uuids(polled: &[PolledEvent]) -> Vec<&str> {
    polled.iter().map(|p| p.event.uuid.as_str()).collect()
}

const SINCE: &str = "2024-08-13T00:00:00.000Z";
/// The first request of a poll since [`SINCE`].
const FIRST: &str = "/api/v1/logs?since=2024-08-13T00%3A00%3A00.000Z&sortOrder=ASCENDING";

fn since() -> Timestamp {
    Timestamp::parse(SINCE).unwrap()
}

#[tokio::test]
async fn a_bounded_listing_follows_next_links_until_a_page_without_one() {
    let double = Double::start(|call| {
        let path = call.request.path_and_query.as_str();
        if path.contains("after=p2") {
            json(200, &links(call.base, path, None), &page(&["c"]))
        } else {
            let next = "/api/v1/logs?after=p2&since=x&until=y&limit=2";
            json(200, &links(call.base, path, Some(next)), &page(&["a", "b"]))
        }
    })
    .await;
    let until = Timestamp::parse("2024-08-14T00:00:00.000Z").unwrap();
    let events = double
        .client()
        .logs()
        .list()
        .since(since())
        .until(until)
        .limit(2)
        .collect_all()
        .await
        .unwrap();
    let got: Vec<_> = events.iter().map(|e| e.uuid.as_str()).collect();
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(events[0].event_type, "user.session.start");
    let seen = double.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].path_and_query,
        "/api/v1/logs?since=2024-08-13T00%3A00%3A00.000Z&until=2024-08-14T00%3A00%3A00.000Z&limit=2"
    );
    assert_eq!(
        seen[1].path_and_query,
        "/api/v1/logs?after=p2&since=x&until=y&limit=2"
    );
}

#[tokio::test]
async fn a_poll_follows_next_links_and_waits_only_after_a_page_with_nothing_new() {
    let interval = Duration::from_millis(150);
    let double = Double::start(|call| {
        let path = call.request.path_and_query.as_str();
        match (call.index, path) {
            (0, FIRST) => json(
                200,
                &links(call.base, path, Some("/api/v1/logs?after=A")),
                &page(&["e1", "e2"]),
            ),
            // Nothing new yet: an empty page whose next link stays where it is.
            (1, "/api/v1/logs?after=A") => json(
                200,
                &links(call.base, path, Some("/api/v1/logs?after=A")),
                "[]",
            ),
            (2, "/api/v1/logs?after=A") => json(
                200,
                &links(call.base, path, Some("/api/v1/logs?after=B")),
                &page(&["e3"]),
            ),
            (_, "/api/v1/logs?after=B") => json(
                200,
                &links(call.base, path, Some("/api/v1/logs?after=B")),
                "[]",
            ),
            (i, other) => json(400, &[], &format!("{{\"unexpected\":\"{i} {other}\"}}")),
        }
    })
    .await;
    let poll = double
        .client()
        .logs()
        .poll(since())
        .interval(interval)
        .stream();
    let polled: Vec<PolledEvent> = poll.take(3).try_collect().await.unwrap();
    assert_eq!(uuids(&polled), ["e1", "e2", "e3"]);
    let seen = double.seen();
    let paths: Vec<_> = seen.iter().map(|s| s.path_and_query.as_str()).collect();
    assert_eq!(
        paths,
        [FIRST, "/api/v1/logs?after=A", "/api/v1/logs?after=A"]
    );
    // The page with events was followed at once; the empty one was waited out.
    assert!(seen[2].at - seen[1].at >= interval);
    // The last event of a page hands out the page's next link as its cursor.
    assert_eq!(
        polled[2].cursor.to_string(),
        format!("{}/api/v1/logs?after=B", double.base)
    );
    assert_eq!(polled[0].cursor.skip(), 1);
    assert_eq!(polled[0].cursor.last_uuid(), Some("e1"));
}

#[tokio::test]
async fn an_empty_polling_page_keeps_its_next_link() {
    let double = Double::start(|call| {
        let path = call.request.path_and_query.as_str();
        match path {
            FIRST => json(
                200,
                &links(call.base, path, Some("/api/v1/logs?after=E1")),
                "[]",
            ),
            "/api/v1/logs?after=E1" => json(
                200,
                &links(call.base, path, Some("/api/v1/logs?after=E2")),
                &page(&["x"]),
            ),
            _ => json(200, &links(call.base, path, Some(path)), "[]"),
        }
    })
    .await;
    let poll = double
        .client()
        .logs()
        .poll(since())
        .interval(Duration::from_millis(10))
        .stream();
    let polled: Vec<PolledEvent> = poll.take(1).try_collect().await.unwrap();
    assert_eq!(uuids(&polled), ["x"]);
    let seen = double.seen();
    assert_eq!(seen[1].path_and_query, "/api/v1/logs?after=E1");
    assert_eq!(
        polled[0].cursor.url().as_str(),
        format!("{}/api/v1/logs?after=E2", double.base)
    );
}

#[tokio::test]
async fn a_poll_resumed_from_a_cursor_continues_with_the_next_event_once() {
    let serve = |call: &crate::support::Call<'_>| {
        let path = call.request.path_and_query.as_str();
        match path {
            FIRST => json(
                200,
                &links(call.base, path, Some("/api/v1/logs?after=N")),
                &page(&["a", "b", "c"]),
            ),
            "/api/v1/logs?after=N" => json(
                200,
                &links(call.base, path, Some("/api/v1/logs?after=M")),
                &page(&["d"]),
            ),
            _ => json(200, &links(call.base, path, Some(path)), "[]"),
        }
    };
    let double = Double::start(serve).await;
    // One request at a time, so that the requests below are exactly the runs' own (a page
    // requested ahead by the first run would otherwise race its end).
    let client = double.builder().prefetch_pages(false).build().unwrap();
    // A first run acts on two events, saves the second one's cursor, and stops.
    let first_run: Vec<PolledEvent> = client
        .logs()
        .poll(since())
        .stream()
        .take(2)
        .try_collect()
        .await
        .unwrap();
    let saved = first_run[1].cursor.to_string();
    // The next run starts from the saved text.
    let cursor: LogCursor = saved.parse().unwrap();
    let second_run: Vec<PolledEvent> = client
        .logs()
        .poll(PollStart::Cursor(cursor))
        .interval(Duration::from_millis(10))
        .stream()
        .take(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(uuids(&first_run), ["a", "b"]);
    assert_eq!(uuids(&second_run), ["c", "d"]);
    let seen = double.seen();
    assert_eq!(seen[1].path_and_query, FIRST, "the page is asked for again");
    assert_eq!(seen[2].path_and_query, "/api/v1/logs?after=N");

    // A cursor at a page's end resumes at the next page itself.
    let at_end = second_run[0].cursor.clone();
    assert_eq!(at_end.skip(), 0);
    let third: Vec<PolledEvent> = client
        .logs()
        .poll(at_end)
        .stream()
        .take(1)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(uuids(&third), ["d"]);
}

#[tokio::test]
async fn the_next_polling_page_is_requested_while_a_full_page_is_consumed() {
    let double = Double::start(|call| {
        let path = call.request.path_and_query.as_str();
        match path {
            FIRST => json(
                200,
                &links(call.base, path, Some("/api/v1/logs?after=P")),
                &page(&["a", "b"]),
            ),
            _ => json(200, &links(call.base, path, Some(path)), "[]"),
        }
    })
    .await;
    let mut poll = double.client().logs().poll(since()).stream();
    let first = poll.next().await.unwrap().unwrap();
    assert_eq!(first.event.uuid, "a");
    // The consumer holds the first event; the next page is already on its way.
    for _ in 0..200 {
        if double.seen().len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let seen = double.seen();
    assert_eq!(seen.len(), 2, "the next page was not requested ahead");
    assert_eq!(seen[1].path_and_query, "/api/v1/logs?after=P");
}

#[tokio::test]
async fn a_failed_poll_page_is_reported_and_asked_for_again() {
    let double = Double::start(|call| {
        let path = call.request.path_and_query.as_str();
        if call.index == 0 {
            let body = r#"{"errorCode":"E0000001","errorSummary":"Api validation failed: since","errorLink":"E0000001","errorId":"oae1","errorCauses":[]}"#;
            return json(400, &[], body);
        }
        json(200, &links(call.base, path, Some("/api/v1/logs?after=Z")), &page(&["ok"]))
    })
    .await;
    let mut poll = double
        .client()
        .logs()
        .poll(since())
        .interval(Duration::from_millis(10))
        .stream();
    let first = poll.next().await.unwrap();
    assert!(matches!(first, Err(Error::Api(_))), "{first:?}");
    let second = poll.next().await.unwrap().unwrap();
    assert_eq!(second.event.uuid, "ok");
    let seen = double.seen();
    assert_eq!(seen[0].path_and_query, seen[1].path_and_query);
}

#[tokio::test]
async fn a_rate_limited_poll_page_is_waited_out_by_the_transport_not_reported() {
    let date = 1_700_000_000;
    let double = Double::start(move |call| {
        let path = call.request.path_and_query.as_str();
        if call.index == 0 {
            // Okta's 429 on the System Log's own bucket: wait until Reset on the server's
            // clock (here one second after its Date).
            let headers = [
                ("date", http_date(date)),
                ("x-rate-limit-limit", "120".into()),
                ("x-rate-limit-remaining", "0".into()),
                ("x-rate-limit-reset", date.to_string()),
            ];
            return json(429, &headers, RATE_LIMITED);
        }
        json(
            200,
            &links(call.base, path, Some("/api/v1/logs?after=R")),
            &page(&["r"]),
        )
    })
    .await;
    let mut poll = double.client().logs().poll(since()).stream();
    let first = poll.next().await.unwrap().unwrap();
    assert_eq!(first.event.uuid, "r");
    let seen = double.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].header("x-okta-retry-count"), "1");
    assert!(seen[1].at - seen[0].at >= Duration::from_millis(900));
}
