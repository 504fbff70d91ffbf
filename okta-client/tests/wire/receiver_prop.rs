//! Property (issue 14, item 9b): whatever the redelivery pattern — a delivery repeated, events
//! regrouped into other deliveries, copies arriving at the same time — the receiver acts on
//! each event exactly once, and in the order of their first delivery when deliveries arrive
//! one after another.

use std::collections::HashSet;

use futures::future::join_all;
use proptest::prelude::*;

use crate::receiver::{SECRET, delivery, post, recording};

/// A plan: for each round, the deliveries sent at the same time; each delivery, the indexes
/// of the events it carries (of `n` events, repeats allowed).
fn plan() -> impl Strategy<Value = (usize, Vec<Vec<Vec<usize>>>)> {
    (1usize..8).prop_flat_map(|n| {
        let delivery = prop::collection::vec(0..n, 1..5);
        let round = prop::collection::vec(delivery, 1..4);
        (Just(n), prop::collection::vec(round, 1..8))
    })
}

#[test]
fn the_receiver_acts_once_per_event_under_any_redelivery_pattern() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    proptest!(ProptestConfig::with_cases(128), |((n, rounds) in plan())| {
        let (router, got) = recording();
        let names: Vec<String> = (0..n).map(|i| format!("uuid-{i}")).collect();
        let mut first_seen: Vec<String> = Vec::new();
        let sequential = rounds.iter().all(|round| round.len() == 1);
        runtime.block_on(async {
            for (r, round) in rounds.iter().enumerate() {
                let sends = round.iter().enumerate().map(|(d, events)| {
                    let uuids: Vec<&str> = events.iter().map(|&i| names[i].as_str()).collect();
                    for u in &uuids {
                        if !first_seen.iter().any(|s| s == u) {
                            first_seen.push((*u).to_owned());
                        }
                    }
                    let body = delivery(&format!("d{r}-{d}"), &uuids);
                    let router = router.clone();
                    async move { post(&router, Some(SECRET), body).await.0 }
                }).collect::<Vec<_>>();
                for status in join_all(sends).await {
                    assert_eq!(status, axum::http::StatusCode::OK);
                }
            }
        });
        let acted: Vec<String> = got.lock().unwrap().iter().map(|e| e.event.uuid.clone()).collect();
        let distinct: HashSet<&String> = acted.iter().collect();
        prop_assert_eq!(distinct.len(), acted.len(), "an event was acted on twice: {:?}", acted);
        let delivered: HashSet<&String> = first_seen.iter().collect();
        prop_assert_eq!(distinct, delivered);
        if sequential {
            prop_assert_eq!(acted, first_seen);
        }
    });
}
