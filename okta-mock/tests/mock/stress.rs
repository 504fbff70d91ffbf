//! 64 concurrent writers on the same objects: creates of one login, updates of one profile,
//! adds and removes of one member, deletes during listings, assigns and unassigns of one app
//! user. Exactly one create wins, no write is torn or lost, the indexes agree, and a listing
//! never repeats a user nor skips one that existed throughout. Every test is bounded.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use crate::common::{Api, next_link};
use okta_mock::MockServer;
use serde_json::{Value, json};

const WRITERS: usize = 64;

/// Runs the futures at once on the multi-threaded runtime and fails after 120 s.
async fn all<T: Send + 'static>(
    work: impl IntoIterator<Item = impl Future<Output = T> + Send + 'static>,
) -> Vec<T> {
    let handles: Vec<_> = work.into_iter().map(tokio::spawn).collect();
    let joined = tokio::time::timeout(Duration::from_secs(120), futures::future::join_all(handles))
        .await
        .expect("no deadlock: finished within 120 s");
    joined
        .into_iter()
        .map(|r| r.expect("task completed"))
        .collect()
}

/// Every item of a paged listing, following next links.
async fn list_all(api: &Api, first: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut url = first.to_owned();
    for _ in 0..10_000 {
        let res = api.get(&url).await;
        assert_eq!(res.status(), 200, "{url}");
        let next = next_link(res.headers());
        let page: Vec<Value> = res.json().await.expect("a page");
        items.extend(page);
        match next {
            Some(n) => url = n,
            None => return items,
        }
    }
    panic!("{first}: more than 10,000 pages");
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|v| v["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_64_creates_of_one_login_exactly_one_wins_and_the_others_get_e0000001() {
    let server = MockServer::start().await;
    let api = Arc::new(Api::new(&server));
    let login = "same@example.com";
    let outcomes = all((0..WRITERS).map(|i| {
        let api = Arc::clone(&api);
        async move {
            let body = json!({"profile": {"login": login, "email": login,
                "firstName": format!("W{i}"), "lastName": "Same"}});
            let res = api.post("/api/v1/users?activate=false", body).await;
            let status = res.status().as_u16();
            (i, status, res.json::<Value>().await.expect("json"))
        }
    }))
    .await;
    let winners: Vec<_> = outcomes.iter().filter(|(_, s, _)| *s == 200).collect();
    assert_eq!(winners.len(), 1, "exactly one create wins");
    for (i, status, body) in outcomes.iter().filter(|(_, s, _)| *s != 200) {
        assert_eq!(*status, 400, "writer {i}: {body}");
        crate::common::assert_okta_error(body, "E0000001");
        let cause = body["errorCauses"][0]["errorSummary"]
            .as_str()
            .unwrap_or("");
        assert!(
            cause.starts_with("login: An object with this field already exists"),
            "{cause}"
        );
    }
    let users = list_all(&api, "/api/v1/users?limit=200").await;
    let same: Vec<_> = users
        .iter()
        .filter(|u| u["profile"]["login"] == login)
        .collect();
    assert_eq!(same.len(), 1);
    let (winner, _, created) = winners[0];
    assert_eq!(same[0]["id"], created["id"]);
    assert_eq!(same[0]["profile"]["firstName"], format!("W{winner}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_updates_of_one_profile_are_never_torn_and_the_last_one_stays() {
    let server = MockServer::start().await;
    let api = Arc::new(Api::new(&server));
    let user = api.create_user("profiled@example.com").await;
    // Each write sets three attributes to its own value: a state mixing two writes would be a
    // torn write, which no sequential order produces.
    let answers = all((0..WRITERS).map(|i| {
        let (api, user) = (Arc::clone(&api), user.clone());
        async move {
            let mut seen = Vec::new();
            for k in 0..3 {
                let value = format!("w{i}-{k}");
                let body =
                    json!({"profile": {"nickName": value, "title": value, "department": value}});
                let res = api.post(&format!("/api/v1/users/{user}"), body).await;
                assert_eq!(res.status(), 200, "writer {i}");
                let answer: Value = res.json().await.expect("json");
                seen.push((value, answer["profile"].clone()));
            }
            seen
        }
    }))
    .await;
    let mut written = BTreeSet::new();
    for (value, profile) in answers.into_iter().flatten() {
        // The answer is the user right after this write: its own value, whole.
        for key in ["nickName", "title", "department"] {
            assert_eq!(profile[key], value, "{key} in the answer to {value}");
        }
        written.insert(value);
    }
    let res = api.get(&format!("/api/v1/users/{user}")).await;
    let final_profile: Value = res.json::<Value>().await.expect("json")["profile"].clone();
    let last = final_profile["nickName"].as_str().expect("set").to_owned();
    assert!(written.contains(&last), "{last} was written");
    // In any sequential order the last write is some writer's last (each writer's three are in
    // order), so the final value is a `-2` one.
    assert!(
        last.ends_with("-2"),
        "{last} is not any writer's last write"
    );
    assert_eq!(final_profile["title"], last, "not torn");
    assert_eq!(final_profile["department"], last, "not torn");
    assert_eq!(
        final_profile["login"], "profiled@example.com",
        "untouched attributes kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn adds_and_removes_of_one_member_by_64_writers_lose_nothing_and_both_indexes_agree() {
    let server = MockServer::start().await;
    let api = Arc::new(Api::new(&server));
    let group = api.create_group("Contended").await;
    let shared = api.create_user("shared@example.com").await;
    let mut own = Vec::with_capacity(WRITERS);
    for i in 0..WRITERS {
        own.push(api.create_user(&format!("own{i}@example.com")).await);
    }
    // Writer i toggles the shared member and its own user; its own user ends added for even
    // i, removed for odd i, so those memberships are known whatever the interleaving.
    all(own.iter().cloned().enumerate().map(|(i, mine)| {
        let (api, group, shared) = (Arc::clone(&api), group.clone(), shared.clone());
        async move {
            for k in 0..4 {
                for user in [&shared, &mine] {
                    let add = (k % 2 == 1) == (i % 2 == 0);
                    let path = format!("/api/v1/groups/{group}/users/{user}");
                    let res = if add {
                        api.put(&path, json!({})).await
                    } else {
                        api.delete(&path).await
                    };
                    assert_eq!(res.status(), 204, "writer {i} op {k}");
                }
            }
        }
    }))
    .await;
    let members: BTreeSet<String> =
        ids(&list_all(&api, &format!("/api/v1/groups/{group}/users?limit=7")).await)
            .into_iter()
            .collect();
    for (i, user) in own.iter().enumerate() {
        assert_eq!(members.contains(user), i % 2 == 0, "own user of writer {i}");
    }
    // The shared member may end either way (both orders are possible), but the group's member
    // list and the user's group list must say the same.
    let groups_of_shared: BTreeSet<String> =
        ids(&list_all(&api, &format!("/api/v1/users/{shared}/groups")).await)
            .into_iter()
            .collect();
    assert_eq!(members.contains(&shared), groups_of_shared.contains(&group));
    for (i, user) in own.iter().enumerate().take(8) {
        let theirs: BTreeSet<String> =
            ids(&list_all(&api, &format!("/api/v1/users/{user}/groups")).await)
                .into_iter()
                .collect();
        assert_eq!(
            theirs.contains(&group),
            i % 2 == 0,
            "user index of writer {i}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn listings_during_deletes_and_creates_never_repeat_a_user_nor_skip_a_stable_one() {
    let server = MockServer::start().await;
    let api = Arc::new(Api::new(&server));
    let mut stable = BTreeSet::new();
    let mut doomed = Vec::new();
    for i in 0..256 {
        let id = api.create_user(&format!("l{i:03}@example.com")).await;
        if i % 2 == 0 {
            stable.insert(id);
        } else {
            doomed.push(id);
        }
    }
    let doomed = Arc::new(doomed);
    let writers = (0..WRITERS).map(|i| {
        let (api, doomed) = (Arc::clone(&api), Arc::clone(&doomed));
        Box::pin(async move {
            // Two doomed users each (deactivate, then delete), and one new user.
            for user in doomed.iter().skip(i * 2).take(2) {
                let path = format!("/api/v1/users/{user}");
                assert_eq!(api.delete(&path).await.status(), 204, "deactivate {user}");
                assert_eq!(api.delete(&path).await.status(), 204, "delete {user}");
            }
            api.create_user(&format!("new{i:02}@example.com")).await;
            Vec::new()
        }) as std::pin::Pin<Box<dyn Future<Output = Vec<String>> + Send>>
    });
    let listers = (0..4).map(|_| {
        let api = Arc::clone(&api);
        Box::pin(async move { ids(&list_all(&api, "/api/v1/users?limit=9").await) })
            as std::pin::Pin<Box<dyn Future<Output = Vec<String>> + Send>>
    });
    let results = all(writers.chain(listers)).await;
    for listed in results.iter().filter(|r| !r.is_empty()) {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for id in listed {
            *counts.entry(id.as_str()).or_default() += 1;
        }
        let repeated: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
        assert!(repeated.is_empty(), "listed twice: {repeated:?}");
        let missing: Vec<_> = stable
            .iter()
            .filter(|id| !counts.contains_key(id.as_str()))
            .collect();
        assert!(missing.is_empty(), "stable users skipped: {missing:?}");
    }
    assert_eq!(results.iter().filter(|r| !r.is_empty()).count(), 4);
    let after: BTreeSet<String> = ids(&list_all(&api, "/api/v1/users?limit=200").await)
        .into_iter()
        .collect();
    assert!(
        doomed.iter().all(|d| !after.contains(d)),
        "every doomed user is gone"
    );
    assert_eq!(after.len(), stable.len() + WRITERS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn assigns_and_unassigns_of_one_app_user_by_64_writers_keep_the_app_consistent() {
    let server = MockServer::start().await;
    let api = Arc::new(Api::new(&server));
    let res = api
        .post(
            "/api/v1/apps",
            json!({"name": "bookmark", "label": "Wiki", "signOnMode": "BOOKMARK",
                   "settings": {"app": {"url": "https://wiki.example.com"}}}),
        )
        .await;
    let app = res.json::<Value>().await.expect("app")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let shared = api.create_user("assigned@example.com").await;
    let mut own = Vec::with_capacity(WRITERS);
    for i in 0..WRITERS {
        own.push(api.create_user(&format!("app{i}@example.com")).await);
    }
    // Writer i assigns and unassigns the shared user and its own, starting with an assign; its
    // own user ends assigned for even i (three operations), unassigned for odd i (four).
    all(own.iter().cloned().enumerate().map(|(i, mine)| {
        let (api, app, shared) = (Arc::clone(&api), app.clone(), shared.clone());
        async move {
            for k in 0..(if i % 2 == 0 { 3 } else { 4 }) {
                for user in [&shared, &mine] {
                    let assign = k % 2 == 0;
                    let res = if assign {
                        let body = json!({"id": user, "scope": "USER"});
                        api.post(&format!("/api/v1/apps/{app}/users"), body).await
                    } else {
                        api.delete(&format!("/api/v1/apps/{app}/users/{user}"))
                            .await
                    };
                    let status = res.status().as_u16();
                    // Unassigning the shared user just after another writer did is Okta's 404.
                    let ok = match (assign, user == &shared) {
                        (true, _) => status == 200,
                        (false, false) => status == 204,
                        (false, true) => status == 204 || status == 404,
                    };
                    assert!(ok, "writer {i} op {k} (assign: {assign}): {status}");
                }
            }
        }
    }))
    .await;
    let listed: BTreeSet<String> =
        ids(&list_all(&api, &format!("/api/v1/apps/{app}/users?limit=5")).await)
            .into_iter()
            .collect();
    for (i, user) in own.iter().enumerate() {
        assert_eq!(listed.contains(user), i % 2 == 0, "own user of writer {i}");
    }
    let fetched = api
        .get(&format!("/api/v1/apps/{app}/users/{shared}"))
        .await
        .status();
    assert_eq!(
        listed.contains(&shared),
        fetched == 200,
        "the listing and a fetch agree"
    );
}
