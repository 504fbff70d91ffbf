use serde_json::json;

use super::store;
use crate::store::{CreateUserOptions, PageRequest, UserQuery};

fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Run with `cargo test -p okta-mock --release --lib -- --ignored a_million_users`.
#[test]
#[ignore = "slow: creates a million users"]
fn a_million_users_fit_in_about_one_and_a_half_kibibytes_each() {
    const N: u64 = 1_000_000;
    let mut s = store();
    let before = rss_bytes().unwrap_or_default();
    for i in 0..N {
        let login = format!("user{i:07}@example.com");
        let body = json!({"profile": {"login": login, "email": login, "firstName": format!("First{i}"), "lastName": format!("Last{i}")},
                          "credentials": {"password": {"value": "Abcd1234!"}}});
        s.create_user(body, CreateUserOptions::default())
            .expect("created");
    }
    let per_user = (rss_bytes().unwrap_or_default() - before) / N;
    eprintln!("RSS per user: {per_user} bytes");
    assert!(per_user <= 1536, "{per_user} bytes per user");
    let page = s
        .list_users(&UserQuery::default(), &PageRequest::first(200))
        .expect("listed");
    assert_eq!(page.items.len(), 200);
    assert!(s.get_user("user0999999@example.com").is_ok());
}
