use okta_client::models::ErrorCode;
use serde_json::json;

use super::{active_user, store};
use crate::store::{LifecycleOp, Org, PageRequest, UserQuery};

fn logins(s: &Org, q: UserQuery) -> Vec<String> {
    s.list_users(&q, &PageRequest::default())
        .unwrap()
        .items
        .into_iter()
        .filter_map(|u| u.profile.login)
        .collect()
}

fn org() -> Org {
    let mut s = store();
    for (f, l) in [
        ("Ada", "Lovelace"),
        ("Alan", "Turing"),
        ("Grace", "Hopper"),
        ("Gone", "Away"),
    ] {
        active_user(&mut s, f, l);
    }
    let gone = s.get_user("gone.away@example.com").unwrap();
    s.user_lifecycle(&gone.id, LifecycleOp::Deactivate, false)
        .unwrap();
    s
}

fn q(f: impl FnOnce(&mut UserQuery)) -> UserQuery {
    let mut q = UserQuery::default();
    f(&mut q);
    q
}

#[test]
fn deprovisioned_users_are_hidden_without_a_query_and_with_q_but_not_with_filter_or_search() {
    let s = org();
    assert_eq!(logins(&s, UserQuery::default()).len(), 3);
    assert!(logins(&s, q(|q| q.q = Some("go".into()))).is_empty());
    assert_eq!(
        logins(
            &s,
            q(|q| q.filter = Some("status eq \"DEPROVISIONED\"".into()))
        ),
        ["gone.away@example.com"]
    );
    assert_eq!(
        logins(
            &s,
            q(|q| q.search = Some("profile.firstName sw \"go\"".into()))
        )
        .len(),
        1
    );
}

#[test]
fn q_matches_the_start_of_names_and_email_and_is_not_paged() {
    let s = org();
    assert_eq!(
        logins(&s, q(|q| q.q = Some("al".into()))),
        ["alan.turing@example.com"]
    );
    assert_eq!(
        logins(&s, q(|q| q.q = Some("HOP".into()))),
        ["grace.hopper@example.com"]
    );
    let page = s
        .list_users(&q(|q| q.q = Some("a".into())), &PageRequest::first(1))
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.next_cursor, None);
}

#[test]
fn filter_values_are_case_sensitive_and_use_and_or_with_parentheses() {
    let s = org();
    let f = |f: &str| logins(&s, q(|q| q.filter = Some(f.to_owned())));
    assert_eq!(
        f("profile.login eq \"ada.lovelace@example.com\""),
        ["ada.lovelace@example.com"]
    );
    assert!(f("profile.login eq \"ADA.LOVELACE@example.com\"").is_empty());
    assert_eq!(
        f("status eq \"ACTIVE\" AND (profile.firstName eq \"Ada\" OR profile.lastName eq \"Hopper\")").len(),
        2
    );
    assert_eq!(f("lastUpdated gt \"2000-01-01T00:00:00.000Z\"").len(), 4);
    assert!(f("lastUpdated lt \"2000-01-01T00:00:00Z\"").is_empty());
    let ada = s.get_user("ada.lovelace").unwrap();
    assert_eq!(
        f(&format!("id eq \"{}\"", ada.id)),
        ["ada.lovelace@example.com"]
    );
}

#[test]
fn unsupported_filters_are_invalid_search_criteria() {
    let s = org();
    for bad in [
        "profile.title eq \"x\"",
        "profile.login sw \"a\"",
        "status eq",
        "not status eq \"ACTIVE\"",
        "status eq \"ACTIVE\" and",
        "(status eq \"ACTIVE\"",
        "lastUpdated gt \"yesterday\"",
    ] {
        let err = s
            .list_users(&q(|q| q.filter = Some(bad.into())), &PageRequest::default())
            .unwrap_err();
        assert_eq!(
            (err.status, err.code.clone()),
            (400, ErrorCode::InvalidSearch),
            "{bad}"
        );
        assert_eq!(err.summary, "Invalid search criteria.");
        assert_eq!(err.causes.len(), 1, "{bad}");
    }
}

#[test]
fn search_and_filter_together_are_refused() {
    let s = org();
    let both = q(|q| {
        q.filter = Some("status eq \"ACTIVE\"".into());
        q.search = Some("status eq \"ACTIVE\"".into());
    });
    let err = s.list_users(&both, &PageRequest::default()).unwrap_err();
    assert_eq!((err.status, err.code), (400, ErrorCode::SearchWithFilter));
}

#[test]
fn search_ignores_case_reaches_custom_attributes_and_sorts_with_ties_by_id() {
    let mut s = org();
    let ada = s.get_user("ada.lovelace").unwrap();
    s.update_user(&ada.id, json!({"profile": {"department": "Math"}}), false)
        .unwrap();
    let search = |e: &str| logins(&s, q(|q| q.search = Some(e.to_owned())));
    assert_eq!(
        search("profile.department eq \"math\""),
        ["ada.lovelace@example.com"]
    );
    assert_eq!(search("profile.email co \"TURING\"").len(), 1);
    assert_eq!(
        search("profile.department pr"),
        ["ada.lovelace@example.com"]
    );
    let err = s
        .list_users(
            &q(|q| q.search = Some("profile.department co \"a\"".into())),
            &PageRequest::default(),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidSearch);
    let sorted = |order: &str| {
        logins(
            &s,
            q(|q| {
                q.search = Some("status eq \"active\"".into());
                q.sort_by = Some("profile.lastName".into());
                q.sort_order = Some(order.into());
            }),
        )
    };
    assert_eq!(
        sorted("asc"),
        [
            "grace.hopper@example.com",
            "ada.lovelace@example.com",
            "alan.turing@example.com"
        ]
    );
    assert_eq!(
        sorted("desc"),
        [
            "alan.turing@example.com",
            "ada.lovelace@example.com",
            "grace.hopper@example.com"
        ]
    );
}

#[test]
fn a_sorted_search_pages_with_its_own_cursor() {
    let s = org();
    let query = q(|q| {
        q.search = Some("profile.login sw \"\"".into());
        q.sort_by = Some("profile.firstName".into());
    });
    let mut seen = Vec::new();
    let mut page = PageRequest::first(1);
    loop {
        let p = s.list_users(&query, &page).unwrap();
        seen.extend(p.items.into_iter().filter_map(|u| u.profile.first_name));
        match p.next_cursor {
            Some(c) => page = PageRequest::after(c, Some(1)),
            None => break,
        }
    }
    assert_eq!(seen, ["Ada", "Alan", "Gone", "Grace"]);
}
