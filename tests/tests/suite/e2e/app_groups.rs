//! End to end, the real client against the mock: assigning groups to apps and the app users
//! their members get.

use futures::TryStreamExt;
use okta_client::api::{AppGroupAssignment, NewApplication};
use okta_client::models::{AppUserScope, GroupProfile};
use okta_tests::{client_for, profile, start_mock, within};

#[tokio::test]
async fn a_group_assigned_through_the_client_gives_members_the_app_until_unassigned() {
    let server = start_mock().await;
    let client = client_for(&server);
    let app = within(
        client
            .apps()
            .create(NewApplication::bookmark(
                "Wiki",
                "https://wiki.example.com/",
            ))
            .send(),
    )
    .await
    .expect("app");
    let group = within(
        client
            .groups()
            .create(GroupProfile::new("Engineering", None))
            .send(),
    )
    .await
    .expect("group");
    let ada = within(client.users().create(profile("ada")).send())
        .await
        .expect("user");
    within(client.groups().add_member(&group.id, &ada.id))
        .await
        .expect("member");

    let assignment = AppGroupAssignment::default()
        .priority(0)
        .attribute("role", "dev");
    let assigned = within(client.app_groups(&app.id).assign(&group.id, &assignment))
        .await
        .expect("assigned");
    assert_eq!(assigned.id, group.id);
    assert_eq!(assigned.priority, Some(0));

    let listed: Vec<_> = within(client.app_groups(&app.id).list().items().try_collect())
        .await
        .expect("listed");
    assert_eq!(listed.len(), 1);
    let apps: Vec<_> = within(client.group_apps(&group.id).items().try_collect())
        .await
        .expect("group apps");
    assert_eq!(apps[0].id, app.id);
    let app_user = within(client.app_users(&app.id).get(&ada.id))
        .await
        .expect("app user");
    assert_eq!(app_user.scope, Some(AppUserScope::Group));
    assert_eq!(app_user.profile["role"], "dev");

    within(client.app_groups(&app.id).unassign(&group.id))
        .await
        .expect("unassigned");
    assert!(
        within(client.app_groups(&app.id).get_opt(&group.id))
            .await
            .expect("get")
            .is_none()
    );
    assert!(
        within(client.app_users(&app.id).get_opt(&ada.id))
            .await
            .expect("get")
            .is_none()
    );
}
