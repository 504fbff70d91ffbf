use std::collections::BTreeSet;

use okta_client::models::ErrorCode;
use proptest::prelude::*;

use super::{active_user, store};
use crate::store::{Org, PageRequest, UserQuery};

fn page(s: &Org, req: &PageRequest) -> (Vec<String>, Option<String>) {
    let p = s.list_users(&UserQuery::default(), req).unwrap();
    (
        p.items.into_iter().map(|u| u.id.into_inner()).collect(),
        p.next_cursor,
    )
}

#[test]
fn a_cursor_stays_valid_while_users_are_added_and_deleted_between_pages() {
    let mut s = store();
    let ids: Vec<String> = (0..6)
        .map(|i| active_user(&mut s, &format!("U{i}"), "X").id.into_inner())
        .collect();
    let (first, cursor) = page(&s, &PageRequest::first(2));
    assert_eq!(first, ids[..2]);
    let cursor = cursor.expect("more pages");
    assert!(
        !cursor.contains(&ids[1]),
        "the cursor is not the raw last id"
    );
    // The last user returned and one not yet returned disappear; a new one appears.
    s.delete_user(&ids[1]).unwrap();
    s.delete_user(&ids[1]).unwrap();
    s.delete_user(&ids[2]).unwrap();
    s.delete_user(&ids[2]).unwrap();
    let added = active_user(&mut s, "New", "Y").id.into_inner();
    let (second, cursor) = page(&s, &PageRequest::after(cursor, Some(2)));
    assert_eq!(second, ids[3..5]);
    let (third, cursor) = page(&s, &PageRequest::after(cursor.expect("more"), Some(2)));
    assert_eq!(third, vec![ids[5].clone(), added]);
    assert_eq!(cursor, None);
}

#[test]
fn a_cursor_this_store_did_not_make_is_an_invalid_paging_request() {
    let s = store();
    for bad in ["garbage", "00u1234567890abcdefg", "c1%%%"] {
        let err = s
            .list_users(&UserQuery::default(), &PageRequest::after(bad, None))
            .unwrap_err();
        assert_eq!(
            (err.status, err.code.clone()),
            (400, ErrorCode::InvalidPaging)
        );
        assert_eq!(err.summary, "Invalid paging request.");
        assert_eq!(err.causes, vec!["Invalid cursor."]);
    }
}

#[test]
fn limits_are_clamped_to_the_endpoint_maximum() {
    let mut s = store();
    for i in 0..3 {
        active_user(&mut s, &format!("U{i}"), "X");
    }
    assert_eq!(page(&s, &PageRequest::first(0)).0.len(), 1);
    assert_eq!(page(&s, &PageRequest::first(100_000)).0.len(), 3);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn paging_returns_every_user_exactly_once_while_users_are_added(
        initial in 0usize..40,
        limit in 1usize..12,
        added_per_page in 0usize..4,
    ) {
        let mut s = store();
        let mut n = 0;
        let mut add = |s: &mut Org| {
            n += 1;
            active_user(s, &format!("User{n}"), "P").id.into_inner()
        };
        let before: BTreeSet<String> = (0..initial).map(|_| add(&mut s)).collect();
        let mut seen = Vec::new();
        let mut req = PageRequest::first(limit);
        for pages in 0.. {
            let (items, next) = page(&s, &req);
            prop_assert!(items.len() <= limit);
            seen.extend(items);
            // Writers stop after a while, so that a small limit can catch up with them.
            for _ in 0..added_per_page * usize::from(pages < 5) {
                add(&mut s);
            }
            match next {
                Some(c) => req = PageRequest::after(c, Some(limit)),
                None => break,
            }
            prop_assert!(seen.len() < 10_000, "paging must end");
        }
        let unique: BTreeSet<String> = seen.iter().cloned().collect();
        prop_assert_eq!(unique.len(), seen.len(), "no user is returned twice");
        prop_assert!(before.is_subset(&unique), "every user present at the start is returned");
    }
}
