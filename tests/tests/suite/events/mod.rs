//! Events end to end (issue 14): the System Log read through okta-client's `client.logs()`
//! from a real okta-mock — the Workflows connector's event cards with their outputs, and
//! polling from any cursor under any interleaving of writes and polls.

mod cards;
mod hooks;
mod polling;
mod polling_prop;

use futures::TryStreamExt;
use okta_client::models::{LogEvent, Timestamp};
use okta_client::{Client, Method, RawRequest};
use okta_tests::within;

/// Far enough back and ahead to bound every event a test makes.
pub(crate) fn since_ever() -> Timestamp {
    Timestamp::parse("2000-01-01T00:00:00.000Z").expect("timestamp")
}

pub(crate) fn until_ever() -> Timestamp {
    Timestamp::parse("2999-01-01T00:00:00.000Z").expect("timestamp")
}

/// The `uuid`s of every event the mock's System Log keeps, in stored order (its admin API).
pub(crate) async fn stored_uuids(client: &Client) -> Vec<String> {
    let all = within(client.raw(RawRequest::new(Method::GET, "/__mock/events")))
        .await
        .expect("the mock's events");
    all.body
        .as_array()
        .expect("an array of events")
        .iter()
        .map(|e| e["uuid"].as_str().expect("a uuid").to_owned())
        .collect()
}

/// The one event of `event_type` about `target`, through a bounded `client.logs()` listing.
pub(crate) async fn event_about(client: &Client, event_type: &str, target: &str) -> LogEvent {
    let filter = format!(r#"eventType eq "{event_type}" and target.id eq "{target}""#);
    let listing = client
        .logs()
        .list()
        .since(since_ever())
        .until(until_ever())
        .filter(filter)
        .items();
    let events: Vec<LogEvent> = within(listing.try_collect()).await.expect("listed");
    assert_eq!(events.len(), 1, "{event_type} about {target}: {events:#?}");
    events.into_iter().next().expect("one event")
}
