//! The only write of the flow: `profile.immutableId` on the office365 app user.

use okta_client::Client;
use okta_client::models::UserId;
use serde_json::{Map, Value};

use super::Outcome;
use super::attribute_write::carry_out_via;
use super::audit::{AuditEntry, error_result};
use super::decision::{Decision, Stage};
use super::setup::Setup;

/// Carries out a decision: in apply mode a `would_update` becomes a partial update
/// (`POST /api/v1/apps/{o365}/users/{uid}` with `{"profile":{"immutableId": …}}`) and then
/// `updated`, or `error` when the write fails. Any other decision, and every decision in a
/// dry run, is returned unchanged.
pub async fn carry_out(
    client: &Client,
    setup: &Setup,
    user: Option<&UserId>,
    mut decision: Decision,
    apply: bool,
    audit: &mut Vec<AuditEntry>,
) -> Decision {
    let (Some(id), Some(user), true) = (decision.write(), user, apply) else {
        return decision;
    };
    if let Some(via) = &setup.via_attribute {
        return carry_out_via(client, setup, via, user, id, decision, audit).await;
    }
    let url = client.api_url(&["apps", &setup.office365.id, "users", user]);
    let mut profile = Map::new();
    profile.insert("immutableId".to_owned(), Value::String(id.to_string()));
    match client
        .app_users(&setup.office365.id)
        .update_profile(user, &profile)
        .await
    {
        Ok(_) => {
            audit.push(AuditEntry::post(&url, "200"));
            decision.outcome = Outcome::Updated;
            decision.message = decision.change_message(Stage::Done);
        }
        Err(e) => {
            audit.push(AuditEntry::post(&url, error_result(&e)));
            decision.outcome = Outcome::Error;
            decision.message = format!("writing immutableId \"{id}\" failed: {e}");
        }
    }
    decision
}
