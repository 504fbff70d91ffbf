//! Synthetic users, loaded straight into a mock store (no HTTP), so a million users load in
//! seconds rather than the minutes a million `POST /api/v1/users` would take.

use std::ops::Range;

use okta_mock::store::commit::{Actor, CreateUser};
use okta_mock::store::input::{UserInput, UserInputKind};
use okta_mock::store::{CreateUserOptions, Store, StoreError};
use serde_json::{Value, json};

/// The login of synthetic user `i`: `user0000042@example.com`.
pub fn login(i: usize) -> String {
    format!("user{i:07}@example.com")
}

/// The last name of synthetic user `i`: `Last0000042`. Zero-padded so that a prefix such as
/// `Last00099` matches the same 100 users in every org of at least 10,000 users.
pub fn last_name(i: usize) -> String {
    format!("Last{i:07}")
}

/// The `POST /api/v1/users` body of synthetic user `i`: the four required attributes and a
/// password, the same shape as okta-mock's own memory test.
pub fn user_body(i: usize) -> Value {
    let login = login(i);
    json!({
        "profile": {
            "login": login,
            "email": login,
            "firstName": format!("First{i}"),
            "lastName": last_name(i),
        },
        "credentials": { "password": { "value": "Bench-Pa55word!" } }
    })
}

/// Creates synthetic users `range` (ACTIVE) in `store`, through its commit point as the
/// mock's admin would.
///
/// # Errors
/// When the store refuses a user, e.g. because its login is already taken.
pub fn load_users(store: &mut Store, range: Range<usize>) -> Result<(), StoreError> {
    for i in range {
        let input = UserInput::parse(user_body(i), UserInputKind::Create)?;
        let options = CreateUserOptions::default();
        store.commit(Actor::MockAdmin, CreateUser { input, options })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use okta_mock::store::{PageRequest, UserQuery};

    use super::*;

    #[test]
    fn loaded_users_are_listed_in_full_and_findable_by_login() {
        let mut store = Store::new();
        load_users(&mut store, 0..250).expect("loaded");
        assert_eq!(store.counts().users, 250);
        let first = store
            .users()
            .list(&UserQuery::default(), &PageRequest::first(200))
            .expect("listed");
        assert_eq!(first.items.len(), 200);
        let cursor = first.next_cursor.expect("a second page");
        let second = store
            .users()
            .list(
                &UserQuery::default(),
                &PageRequest::after(cursor, Some(200)),
            )
            .expect("listed");
        assert_eq!(second.items.len(), 50);
        assert!(second.next_cursor.is_none());
        assert!(store.users().get(&login(249)).is_ok());
    }

    #[test]
    fn loading_the_same_range_twice_is_refused() {
        let mut store = Store::new();
        load_users(&mut store, 0..3).expect("loaded");
        assert!(load_users(&mut store, 2..4).is_err());
    }

    #[test]
    fn a_last_name_prefix_selects_the_same_hundred_users_at_any_size_from_ten_thousand() {
        let matching = |n: usize| {
            (0..n)
                .filter(|i| last_name(*i).starts_with("Last00099"))
                .count()
        };
        assert_eq!(matching(10_000), 100);
        assert_eq!(matching(50_000), 100);
    }
}
