//! Unit tests of the store, no HTTP involved.

mod apps;
mod groups;
mod lifecycle;
mod listing;
mod name_index;
mod paging;
mod users;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use okta_client::models::{Timestamp, User};
use serde_json::{Value, json};

use super::{CreateUserOptions, DEFAULT_SEED, Org};

/// 2024-01-09T15:36:04.000Z
const T0: i64 = 1_704_814_564_000;

/// A store whose clock starts at T0 and advances one second per reading, so timestamps are
/// deterministic and distinct.
pub(super) fn store() -> Org {
    let tick = Arc::new(AtomicI64::new(T0));
    let clock = Arc::new(move || {
        let ms = tick.fetch_add(1000, Ordering::SeqCst);
        Timestamp::from_unix_millis(ms).unwrap_or_else(|_| Timestamp::now())
    });
    Org::build(clock, DEFAULT_SEED)
}

pub(super) fn profile(first: &str, last: &str) -> Value {
    let login = format!(
        "{}.{}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    json!({"login": login, "email": login, "firstName": first, "lastName": last})
}

/// Creates an ACTIVE user (with a password).
pub(super) fn active_user(store: &mut Org, first: &str, last: &str) -> User {
    let body = json!({"profile": profile(first, last), "credentials": {"password": {"value": "Abcd1234!"}}});
    store
        .create_user(body, CreateUserOptions::default())
        .expect("user is created")
}

/// Creates an app from a body.
pub(super) fn app(store: &mut Org, body: Value) -> String {
    store
        .create_app(body, true)
        .expect("app is created")
        .id
        .into_inner()
}
