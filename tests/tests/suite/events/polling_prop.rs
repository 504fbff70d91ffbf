//! Property (issue 14, item 9a): polling the System Log through okta-client from a real
//! okta-mock, with any page size and any interleaving of writes, polls and restarts from any
//! cursor handed out so far, yields every event exactly once, in the order the log stored
//! them.

use std::time::Duration;

use okta_client::Client;
use okta_client::api::logs::{LogPoll, PollStart, PolledEvent};
use okta_client::models::GroupProfile;
use okta_tests::{client_for, start_mock, within};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};

use super::polling::take;
use super::{since_ever, stored_uuids};

#[derive(Debug, Clone)]
enum Step {
    /// Creates this many groups (one `group.lifecycle.create` event each).
    Write(usize),
    /// Takes up to this many events (no more than were written and not yet taken).
    Poll(usize),
    /// Drops the poll and starts another from the cursor of an event taken earlier (the
    /// index is taken modulo the events taken so far): the events after it come again.
    Restart(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1usize..4).prop_map(Step::Write),
        (1usize..6).prop_map(Step::Poll),
        (0usize..64).prop_map(Step::Restart),
    ]
}

fn poll_from(client: &Client, start: PollStart, limit: u32) -> LogPoll {
    // A cursor's link carries the limit of the poll that handed it out.
    let resumed = matches!(start, PollStart::Cursor(_));
    let poll = client.logs().poll(start).interval(Duration::from_millis(2));
    if resumed {
        poll.stream()
    } else {
        poll.limit(limit).stream()
    }
}

async fn run(limit: u32, steps: Vec<Step>) -> Result<(), TestCaseError> {
    let server = start_mock().await;
    let client = client_for(&server);
    let mut poll = poll_from(&client, PollStart::Since(since_ever()), limit);
    let mut taken: Vec<PolledEvent> = Vec::new();
    let mut written = 0usize;
    let check = |taken: &[PolledEvent], stored: &[String]| -> Result<(), TestCaseError> {
        let got: Vec<&str> = taken.iter().map(|p| p.event.uuid.as_str()).collect();
        let want: Vec<&str> = stored.iter().take(got.len()).map(String::as_str).collect();
        prop_assert_eq!(got, want);
        Ok(())
    };
    for step in steps {
        match step {
            Step::Write(n) => {
                for _ in 0..n {
                    let name = format!("group-{written}");
                    within(client.groups().create(GroupProfile::new(name, None)).send())
                        .await
                        .map_err(|e| TestCaseError::fail(e.to_string()))?;
                    written += 1;
                }
            }
            Step::Poll(n) => {
                let n = n.min(written - taken.len());
                taken.extend(take(&mut poll, n).await);
                check(&taken, &stored_uuids(&client).await)?;
            }
            Step::Restart(i) if !taken.is_empty() => {
                let from = i % taken.len();
                taken.truncate(from + 1);
                let cursor = taken[from].cursor.clone();
                poll = poll_from(&client, PollStart::Cursor(cursor), limit);
            }
            Step::Restart(_) => {}
        }
    }
    taken.extend(take(&mut poll, written - taken.len()).await);
    let stored = stored_uuids(&client).await;
    prop_assert_eq!(stored.len(), written);
    check(&taken, &stored)?;
    prop_assert_eq!(taken.len(), written);
    server.shutdown().await;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 100,
        // Relative to the package root, where cargo runs the test.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/events_polling.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn polling_from_any_cursor_under_any_interleaving_yields_every_event_once_in_order(
        limit in 1u32..4,
        steps in prop::collection::vec(step(), 1..16),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        runtime.block_on(run(limit, steps))?;
    }
}
