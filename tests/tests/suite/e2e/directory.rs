//! End to end, the real client against the mock: Okta's default Office 365 mapping
//! `hasDirectoryUser()?findDirectoryUser().externalId:null` seen through the API as AD
//! assignments come and go, and a deactivation that takes every assignment away.

use okta_client::api::AppUserAssignment;
use okta_client::api::{DeactivateUser, UnassignAppUser};
use okta_client::models::{AppId, UserId, UserStatus};
use okta_client::{Client, Error};
use okta_tests::{client_for, start_mock_with, within};
use serde_json::{Value, json};

/// GUID 35918bc9-196d-40ea-9779-889d79b753f0 in Microsoft byte order, base64 (WIRE.md).
const CORP_ID: &str = "yYuRNW0Z6kCXeYidebdT8A==";
const EMEA_ID: &str = "AAECAwQFBgcICQoLDA0ODw==";

const ORG: &str = r#"{
  "apps": [
    {"name": "active_directory", "label": "corp.example.com"},
    {"name": "active_directory", "label": "emea.example.com"},
    {"name": "office365", "label": "Microsoft Office 365"}
  ],
  "users": [{
    "profile": {"login": "ada@example.com", "email": "ada@example.com",
                "firstName": "Ada", "lastName": "Lovelace"},
    "apps": [{"app": "corp.example.com", "externalId": "yYuRNW0Z6kCXeYidebdT8A=="}]
  }]
}"#;

struct Org {
    client: Client,
    corp: AppId,
    emea: AppId,
    office: AppId,
    ada: UserId,
}

async fn org(client: Client) -> Org {
    let apps = within(client.apps().list().collect_all())
        .await
        .expect("apps");
    let id = |label: &str| {
        apps.iter()
            .find(|a| a.label == label)
            .map(|a| a.id.clone())
            .expect(label)
    };
    let ada = within(client.users().get_by_login("ada@example.com"))
        .await
        .expect("ada")
        .id;
    Org {
        corp: id("corp.example.com"),
        emea: id("emea.example.com"),
        office: id("Microsoft Office 365"),
        ada,
        client,
    }
}

impl Org {
    /// The Immutable ID on Ada's Office 365 app user.
    async fn immutable_id(&self) -> Result<Value, Error> {
        let app_user = within(self.client.app_users(&self.office).get(&self.ada)).await?;
        Ok(app_user
            .profile
            .get("immutableId")
            .cloned()
            .unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn the_immutable_id_follows_the_users_single_ad_and_is_null_with_two() {
    let server = start_mock_with(ORG).await;
    let org = org(client_for(&server)).await;
    // Mappings are evaluated through the API (not on scenario load): first on assignment.
    within(org.client.app_users(&org.office).assign(&org.ada))
        .await
        .expect("assigned to Office 365");
    assert_eq!(org.immutable_id().await.expect("read"), json!(CORP_ID));

    let second = AppUserAssignment::new(&org.ada).attribute("externalId", EMEA_ID);
    let emea = within(org.client.app_users(&org.emea).assign_with(&second))
        .await
        .expect("assigned to a second AD");
    assert_eq!(emea.external_id.as_deref(), Some(EMEA_ID));
    assert_eq!(
        org.immutable_id().await.expect("read"),
        Value::Null,
        "two ADs: findDirectoryUser() is null"
    );

    within(
        org.client
            .app_users(&org.corp)
            .unassign(&org.ada, UnassignAppUser::new()),
    )
    .await
    .expect("unassigned from the first AD");
    assert_eq!(org.immutable_id().await.expect("read"), json!(EMEA_ID));
}

#[tokio::test]
async fn deactivating_a_user_removes_its_ad_and_office365_assignments_and_suspending_does_not() {
    let server = start_mock_with(ORG).await;
    let org = org(client_for(&server)).await;
    within(org.client.app_users(&org.office).assign(&org.ada))
        .await
        .expect("assigned to Office 365");
    let users = org.client.users();
    within(users.suspend(&org.ada)).await.expect("suspended");
    for app in [&org.corp, &org.office] {
        assert!(
            within(org.client.app_users(app).get_opt(&org.ada))
                .await
                .expect("lookup")
                .is_some(),
            "a suspended user keeps {app}"
        );
    }
    within(users.unsuspend(&org.ada))
        .await
        .expect("unsuspended");
    within(users.deactivate(&org.ada, DeactivateUser::new()))
        .await
        .expect("deactivated");
    assert_eq!(
        within(users.get(&org.ada)).await.expect("read").status,
        UserStatus::Deprovisioned
    );
    for app in [&org.corp, &org.emea, &org.office] {
        assert!(
            within(org.client.app_users(app).get_opt(&org.ada))
                .await
                .expect("lookup")
                .is_none(),
            "a deactivated user keeps nothing in {app}"
        );
    }
    let ads = within(org.client.apps().list().active_directory().collect_all())
        .await
        .expect("ads");
    assert_eq!(ads.len(), 2, "the apps themselves stay");
}
