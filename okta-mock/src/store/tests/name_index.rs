//! Searches answered from the name index agree with reading every user: same users, same
//! order, across pages, after updates and deletes, whatever the case of the text.

use proptest::prelude::*;
use serde_json::json;

use super::store;
use crate::store::query::Query;
use crate::store::users::list::{USER_FILTER, USER_SEARCH, user_attribute};
use crate::store::{CreateUserOptions, Org, PageRequest, UserQuery};

const NAMES: [&str; 6] = ["Ada", "adam", "ADELE", "Bob", "Böb", "Zoë"];
const PREFIXES: [&str; 8] = ["a", "AD", "ada", "b", "BÖ", "zo", "", "x"];

/// Every page of a listing, `per_page` users a page, as ids.
fn listed(store: &Org, query: &UserQuery, per_page: usize) -> Vec<String> {
    let mut ids = Vec::new();
    let mut page = PageRequest::first(per_page);
    for _ in 0..1000 {
        let found = store.list_users(query, &page).expect("listed");
        ids.extend(found.items.iter().map(|u| u.id.to_string()));
        match found.next_cursor {
            Some(cursor) => page = PageRequest::after(cursor, Some(per_page)),
            None => return ids,
        }
    }
    panic!("the listing did not end");
}

/// The users matching `expr` by reading them all, in id order.
fn scanned(store: &Org, expr: &str, search: bool) -> Vec<String> {
    let dialect = if search { &USER_SEARCH } else { &USER_FILTER };
    let query = Query::compile(expr, dialect).expect("compiles");
    store
        .users
        .values()
        .filter(|u| query.matches(&|a| user_attribute(u, a)))
        .map(|u| u.id.to_string())
        .collect()
}

fn build(users: &[(usize, usize)], renames: &[(usize, usize)], deletes: &[usize]) -> Org {
    let mut store = store();
    let mut ids = Vec::new();
    for (i, (first, last)) in users.iter().enumerate() {
        let email = format!("{}.{i}@Example.com", NAMES[*last]);
        let body = json!({"profile": {"login": format!("u{i}.{}@example.com", NAMES[*first]),
            "email": email, "firstName": NAMES[*first], "lastName": NAMES[*last]}});
        ids.push(
            store
                .create_user(body, CreateUserOptions::default())
                .expect("created")
                .id,
        );
    }
    for (who, last) in renames {
        if let Some(id) = ids.get(*who % ids.len().max(1)) {
            let body = json!({"profile": {"lastName": NAMES[*last]}});
            store.update_user(id, body, false).expect("updated");
        }
    }
    for who in deletes {
        if let Some(id) = ids.get(*who % ids.len().max(1)) {
            // Twice: deactivate, then delete.
            let _ = store.delete_user(id);
            let _ = store.delete_user(id);
        }
    }
    store
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn indexed_searches_list_what_a_full_read_finds(
        users in proptest::collection::vec((0..NAMES.len(), 0..NAMES.len()), 0..20),
        renames in proptest::collection::vec((0usize..20, 0..NAMES.len()), 0..5),
        deletes in proptest::collection::vec(0usize..20, 0..4),
        prefix in 0..PREFIXES.len(),
        name in 0..NAMES.len(),
    ) {
        let store = build(&users, &renames, &deletes);
        let p = PREFIXES[prefix];
        let searches = [
            format!(r#"profile.lastName sw "{p}""#),
            format!(r#"profile.firstName eq "{}""#, NAMES[name].to_uppercase()),
            format!(r#"profile.email sw "{p}""#),
            format!(r#"profile.login sw "U1{p}""#),
            format!(r#"status eq "ACTIVE" and profile.lastName sw "{p}""#),
        ];
        for search in searches {
            let query = UserQuery { search: Some(search.clone()), ..UserQuery::default() };
            prop_assert_eq!(listed(&store, &query, 3), scanned(&store, &search, true), "{}", search);
        }
        let q = UserQuery { q: Some(p.to_owned()), ..UserQuery::default() };
        let by_q: Vec<String> = store
            .list_users(&q, &PageRequest::first(200))
            .expect("listed")
            .items
            .iter()
            .map(|u| u.id.to_string())
            .collect();
        let lower = p.to_lowercase();
        let q_scanned: Vec<String> = store
            .users
            .values()
            .filter(|u| !u.is_deprovisioned())
            .filter(|u| {
                ["firstName", "lastName", "email"].iter().any(|a| {
                    u.profile.get_str(a).is_some_and(|v| v.to_lowercase().starts_with(&lower))
                })
            })
            .map(|u| u.id.to_string())
            .collect();
        prop_assert_eq!(by_q, q_scanned, "q={}", p);
        let filter = format!(r#"profile.email eq "{}.0@Example.com""#, NAMES[name]);
        let query = UserQuery { filter: Some(filter.clone()), ..UserQuery::default() };
        prop_assert_eq!(listed(&store, &query, 3), scanned(&store, &filter, false), "{}", filter);
    }
}

#[test]
fn a_search_matching_more_users_than_the_index_hands_out_reads_the_org_and_agrees() {
    let mut store = store();
    let many = crate::store::name_index::CANDIDATE_CAP + 50;
    for i in 0..many {
        let login = format!("user{i}@example.com");
        let body = json!({"profile": {"login": login, "email": login,
            "firstName": "Ada", "lastName": format!("Lovelace{i}")}});
        store
            .create_user(body, CreateUserOptions::default())
            .expect("created");
    }
    let search = r#"profile.lastName sw "LOVE""#;
    let query = UserQuery {
        search: Some(search.into()),
        ..UserQuery::default()
    };
    let found = listed(&store, &query, 200);
    assert_eq!(found.len(), many);
    assert_eq!(found, scanned(&store, search, true));
    let q = UserQuery {
        q: Some("love".into()),
        ..UserQuery::default()
    };
    let page = store
        .list_users(&q, &PageRequest::default())
        .expect("listed");
    let first_ten: Vec<String> = found.into_iter().take(10).collect();
    let ids: Vec<String> = page.items.iter().map(|u| u.id.to_string()).collect();
    assert_eq!(ids, first_ten);
}
