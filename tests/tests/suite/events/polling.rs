//! `client.logs().poll(…)` against okta-mock's polling requests: events as they are written,
//! an empty page that keeps its place, and a restart from a saved cursor.

use std::time::Duration;

use futures::StreamExt;
use okta_client::api::logs::{LogPoll, PollStart, PolledEvent};
use okta_client::models::GroupProfile;
use okta_client::{Client, Error};
use okta_tests::{client_for, start_mock, within};

use super::{since_ever, stored_uuids};

async fn create_groups(client: &Client, names: &[&str]) {
    for name in names {
        within(
            client
                .groups()
                .create(GroupProfile::new(*name, None))
                .send(),
        )
        .await
        .expect("group created");
    }
}

/// The next `n` events of a poll.
pub(crate) async fn take(poll: &mut LogPoll, n: usize) -> Vec<PolledEvent> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let next: Option<Result<PolledEvent, Error>> = within(poll.next()).await;
        out.push(next.expect("a poll never ends").expect("an event"));
    }
    out
}

fn uuids(polled: &[PolledEvent]) -> Vec<String> {
    polled.iter().map(|p| p.event.uuid.clone()).collect()
}

#[tokio::test]
async fn a_poll_hands_out_each_write_once_in_stored_order_as_it_happens() {
    let server = start_mock().await;
    let client = client_for(&server);
    let mut poll = client
        .logs()
        .poll(since_ever())
        .limit(2)
        .interval(Duration::from_millis(5))
        .stream();
    create_groups(&client, &["a", "b", "c"]).await;
    let first = take(&mut poll, 3).await;
    // The log is caught up: the poll waits on empty pages until the next write.
    create_groups(&client, &["d"]).await;
    let second = take(&mut poll, 1).await;
    let mut got = uuids(&first);
    got.extend(uuids(&second));
    assert_eq!(got, stored_uuids(&client).await);
    assert!(
        first
            .iter()
            .all(|p| p.event.event_type == "group.lifecycle.create")
    );
    // The mock answered the empty pages with their next link, which the poll followed.
    let polls = server
        .journal()
        .into_iter()
        .filter(|e| e.path.starts_with("/api/v1/logs"))
        .count();
    assert!(polls >= 3, "{polls} System Log requests");
    server.shutdown().await;
}

#[tokio::test]
async fn a_poll_restarted_from_a_saved_cursor_neither_loses_nor_repeats_an_event() {
    let server = start_mock().await;
    let client = client_for(&server);
    create_groups(&client, &["a", "b", "c", "d", "e"]).await;
    let start = || {
        client
            .logs()
            .poll(since_ever())
            .limit(2)
            .interval(Duration::from_millis(5))
    };
    // The first run acts on three events (the third in the middle of a page) and stops.
    let mut first_run = start().stream();
    let acted = take(&mut first_run, 3).await;
    drop(first_run);
    let saved = acted[2].cursor.to_string();
    create_groups(&client, &["f"]).await;
    // The second run resumes from the saved text.
    let mut second_run = client
        .logs()
        .poll(PollStart::Cursor(saved.parse().expect("a cursor")))
        .interval(Duration::from_millis(5))
        .stream();
    let rest = take(&mut second_run, 3).await;
    let mut got = uuids(&acted);
    got.extend(uuids(&rest));
    assert_eq!(got, stored_uuids(&client).await);
    server.shutdown().await;
}
