//! Small fixtures: profiles, error access, the mock's journal filtered.

use okta_client::models::UserProfile;
use okta_client::{ApiError, Error};
use okta_mock::{JournalEntry, MockServer};

/// A profile for `name@example.com` with first name `name` (capitalised) and last name `Test`.
pub fn profile(name: &str) -> UserProfile {
    let login = format!("{name}@example.com");
    let mut first = name.to_owned();
    if let Some(c) = first.get_mut(0..1) {
        c.make_ascii_uppercase();
    }
    UserProfile::new(login.clone(), login, first, "Test")
}

/// The API error inside `error`.
///
/// # Panics
/// When `error` is not an [`Error::Api`]: the test expected Okta to answer with an error.
pub fn api_error(error: &Error) -> &ApiError {
    match error.api_error() {
        Some(api) => api,
        None => panic!("expected an API error, got {error:?}"),
    }
}

/// The journaled requests with this method whose path is exactly `path`.
pub fn requests_to(server: &MockServer, method: &str, path: &str) -> Vec<JournalEntry> {
    server
        .journal()
        .into_iter()
        .filter(|e| e.method == method && e.path == path)
        .collect()
}
