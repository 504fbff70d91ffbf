//! Many clients changing one group at once: no lost writes, no deadlock.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use crate::common::{Api, next_link};
use okta_mock::MockServer;
use serde_json::{Value, json};

const TASKS: usize = 50;
const OPS: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_membership_changes_on_one_group_lose_no_writes() {
    let server = MockServer::start().await;
    let api = Arc::new(Api::new(&server));
    let group = api.create_group("Hammered").await;
    let mut users = Vec::with_capacity(TASKS);
    for i in 0..TASKS {
        users.push(api.create_user(&format!("hammer{i}@example.com")).await);
    }

    // Task i alternates add/remove of its own user 20 times; even tasks end on an add, odd
    // tasks on a remove, so exactly the even tasks' users must remain.
    let work = users.iter().enumerate().map(|(i, user)| {
        let (api, group, user) = (Arc::clone(&api), group.clone(), user.clone());
        tokio::spawn(async move {
            for k in 0..OPS {
                let add = (k % 2 == 1) == (i % 2 == 0);
                let path = format!("/api/v1/groups/{group}/users/{user}");
                let res = if add {
                    api.put(&path, json!({})).await
                } else {
                    api.delete(&path).await
                };
                assert_eq!(res.status(), 204, "task {i} op {k}");
            }
        })
    });
    let all = futures::future::join_all(work);
    let results = tokio::time::timeout(Duration::from_secs(120), all)
        .await
        .expect("no deadlock");
    for r in results {
        r.expect("task completed");
    }

    let expected: BTreeSet<String> = users
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, u)| u.clone())
        .collect();
    let mut members = BTreeSet::new();
    let mut url = format!("/api/v1/groups/{group}/users?limit=7");
    loop {
        let res = api.get(&url).await;
        let next = next_link(res.headers());
        let page: Vec<Value> = res.json().await.unwrap();
        members.extend(page.iter().map(|u| u["id"].as_str().unwrap().to_owned()));
        match next {
            Some(n) => url = n,
            None => break,
        }
    }
    assert_eq!(members, expected);
}
