//! A mock org from a flow's scenario file, its client, and what the tests read back from it.

use okta_client::{Client, Method, RawRequest};
use okta_mock::MockServer;
use okta_mock::scenario::Scenario;
use okta_scenarios::runtime::FlowEvent;

use crate::support::{cases_dir, client, start};

/// A flow's scenario file, `scenarios/cases/flows/<name>.json`.
pub fn flow_scenario(name: &str) -> Scenario {
    let path = cases_dir().join("flows").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    Scenario::from_json_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// A fresh mock (port 0) loaded with a flow's scenario file, and a client for it.
pub async fn flow_mock(name: &str) -> (MockServer, Client) {
    let server = start(flow_scenario(name)).await;
    let client = client(&server);
    (server, client)
}

/// The requests that changed the org since the journal was last cleared.
pub fn writes(server: &MockServer) -> Vec<String> {
    crate::support::writes(server)
}

/// The last System Log event of `event_type` about the user `user_id`, read through the API.
pub async fn logged_event(client: &Client, event_type: &str, user_id: &str) -> FlowEvent {
    let events = client.logs().list().collect_all().await.expect("the log");
    let event = events
        .into_iter()
        .rev()
        .find(|e| e.event_type == event_type && e.target.iter().any(|t| t.id == user_id))
        .unwrap_or_else(|| panic!("no {event_type} event about {user_id} in the System Log"));
    FlowEvent::from_log(event)
}

/// Locks the user out as too many failed sign-ins would (`POST /__mock/users/{id}/lock`, the
/// mock's admin route: a real state change that logs `user.account.lock`).
pub async fn lock_out(client: &Client, user_id: &str) {
    let path = format!("/__mock/users/{user_id}/lock");
    let request = RawRequest::new(Method::POST, path).json(serde_json::json!({}));
    client.raw(request).await.expect("the mock locks the user");
}

/// The names of the groups a user belongs to, sorted.
pub async fn group_names(client: &Client, user: &str) -> Vec<String> {
    let groups = client.users().groups(user).collect_all().await.unwrap();
    let mut names: Vec<String> = groups.into_iter().map(|g| g.profile.name).collect();
    names.sort();
    names
}
