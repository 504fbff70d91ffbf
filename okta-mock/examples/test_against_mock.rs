//! Testing a tool against `MockServer`: the org comes from a scenario file, the tool runs
//! against it with a real okta-client, and the test asserts on the org afterwards and on the
//! journal (the requests the mock received, with `assert_hits` and `requests_to`); one test
//! schedules a 503 on one route (`fail_next`) to check that the tool survives it.
//!
//! ```sh
//! cargo test -p okta-mock --example test_against_mock    # the tests below
//! cargo run -p okta-mock --example test_against_mock     # the tool, on the same org
//! ```
//!
//! The tool suspends the active members of a group. In your own crate, `suspend_group_members`
//! is your code and the tests live in `tests/`, with okta-mock as a dev-dependency:
//! `okta-mock = { version = "0.1", default-features = false, features = ["client"] }`.

use futures::TryStreamExt as _;
use okta_client::models::UserStatus;
use okta_client::{Client, Error};

/// The tool under test: suspends every ACTIVE member of the group named `group_name` and
/// returns their logins. A missing group suspends nobody.
///
/// # Errors
/// When a listing or a suspension fails (after the client's retries).
pub async fn suspend_group_members(
    client: &Client,
    group_name: &str,
) -> Result<Vec<String>, Error> {
    let groups: Vec<_> = client
        .groups()
        .list()
        .q(group_name)
        .items()
        .try_collect()
        .await?;
    let Some(group) = groups.into_iter().find(|g| g.profile.name == group_name) else {
        return Ok(Vec::new());
    };
    let members: Vec<_> = client
        .groups()
        .members(group.id)
        .items()
        .try_collect()
        .await?;
    let mut suspended = Vec::new();
    for user in members
        .into_iter()
        .filter(|u| u.status == UserStatus::Active)
    {
        client.users().suspend(user.id.clone()).await?;
        suspended.push(user.login().to_owned());
    }
    Ok(suspended)
}

/// The org the tests and `main` use: three users, two of them in "Contractors".
fn org_file() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/examples/org.json")
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use okta_mock::{MockConfig, MockServer, scenario::Scenario};
    let scenario = Scenario::from_path(org_file())?;
    let mock = MockServer::start_with(MockConfig::default().scenario(scenario)).await?;
    let client = mock.client()?;
    let suspended = suspend_group_members(&client, "Contractors").await?;
    println!("suspended: {}", suspended.join(", "));
    mock.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use okta_client::models::UserStatus;
    use okta_mock::{Fault, JournalQuery, MockConfig, MockServer, Route, scenario::Scenario};

    use super::{org_file, suspend_group_members};

    async fn start() -> MockServer {
        let scenario = Scenario::from_path(org_file()).expect("the example org parses");
        MockServer::start_with(MockConfig::default().scenario(scenario))
            .await
            .expect("the mock starts on a free loopback port")
    }

    #[tokio::test]
    async fn only_the_groups_members_are_suspended() {
        let mock = start().await;
        let client = mock
            .client_builder()
            .build()
            .expect("a client for the mock");

        let mut suspended = suspend_group_members(&client, "Contractors").await.unwrap();
        suspended.sort();

        assert_eq!(suspended, ["ada@example.com", "alan@example.com"]);
        let grace = client
            .users()
            .get_by_login("grace@example.com")
            .await
            .unwrap();
        assert_eq!(grace.status, UserStatus::Active);
        let ada = client
            .users()
            .get_by_login("ada@example.com")
            .await
            .unwrap();
        assert_eq!(ada.status, UserStatus::Suspended);
    }

    #[tokio::test]
    async fn the_tool_lists_once_and_sends_one_suspend_per_member() {
        let mock = start().await;
        let client = mock
            .client_builder()
            .build()
            .expect("a client for the mock");

        suspend_group_members(&client, "Contractors").await.unwrap();

        // Each assertion lists what the mock received when it fails.
        mock.assert_hits(Route::get("/api/v1/groups"), 1);
        mock.assert_hits(Route::get("/api/v1/groups/{id}/users"), 1);
        mock.assert_hits(
            JournalQuery::new(Route::post("/api/v1/users/{id}/lifecycle/suspend")).status(200),
            2,
        );
        // The search was sent as Okta's `q` parameter, with the API token.
        let search = &mock.requests_to(Route::get("/api/v1/groups"))[0];
        assert!(
            search
                .query
                .as_deref()
                .unwrap_or_default()
                .contains("q=Contractors")
        );
        assert_eq!(search.header("authorization"), Some("SSWS <redacted>"));
    }

    #[tokio::test]
    async fn a_503_on_the_member_listing_is_retried_and_nobody_is_suspended_twice() {
        let mock = start().await;
        let client = mock
            .client_builder()
            .build()
            .expect("a client for the mock");
        // Deterministic: exactly the next member listing fails, whatever else the tool sends.
        mock.fail_next(
            Route::get("/api/v1/groups/{id}/users"),
            1,
            Fault::Status(503),
        );

        let suspended = suspend_group_members(&client, "Contractors").await.unwrap();

        assert_eq!(suspended.len(), 2);
        mock.assert_faults_consumed(); // the 503 did meet the tool
        let listings = mock.requests_to(Route::get("/api/v1/groups/{id}/users"));
        let statuses: Vec<u16> = listings.iter().map(|e| e.status).collect();
        assert_eq!(statuses, [503, 200]);
        assert_eq!(listings[1].retry_count.as_deref(), Some("1"));
        mock.assert_hits(Route::post("/api/v1/users/{id}/lifecycle/suspend"), 2);
    }

    #[tokio::test]
    async fn a_group_that_does_not_exist_suspends_nobody_and_writes_nothing() {
        let mock = start().await;
        let client = mock
            .client_builder()
            .build()
            .expect("a client for the mock");

        let suspended = suspend_group_members(&client, "Nobody").await.unwrap();

        assert!(suspended.is_empty());
        mock.assert_hits(Route::get("/**"), mock.received_requests().len());
    }
}
