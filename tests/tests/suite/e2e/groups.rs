//! End to end, the real client against the mock: groups and their members.

use std::collections::BTreeSet;

use futures::TryStreamExt;
use okta_client::models::{ErrorCode, GroupProfile, GroupType, UserId};
use okta_tests::{api_error, client_for, profile, requests_to, start_mock, within};

#[tokio::test]
async fn a_created_group_can_be_read_listed_by_name_and_replaced() {
    let server = start_mock().await;
    let client = client_for(&server);
    let groups = client.groups();
    let created = within(
        groups
            .create(GroupProfile::new(
                "Engineering",
                Some("Builders".to_owned()),
            ))
            .send(),
    )
    .await
    .expect("created");
    assert_eq!(created.group_type, GroupType::OktaGroup);
    assert_eq!(created.profile.description.as_deref(), Some("Builders"));
    let create = requests_to(&server, "POST", "/api/v1/groups");
    assert_eq!(create[0].status, 200);

    let read = within(groups.get(&created.id)).await.expect("read");
    assert_eq!(read.profile.name, "Engineering");
    let by_q = within(groups.list().q("Eng").collect_all())
        .await
        .expect("listed");
    assert_eq!(
        by_q.iter().map(|g| &g.id).collect::<Vec<_>>(),
        vec![&created.id]
    );

    // No partial update for groups: a replacement without a description clears it.
    let replaced = within(groups.replace(&created.id, &GroupProfile::new("Eng", None)))
        .await
        .expect("replaced");
    assert_eq!(replaced.profile.name, "Eng");
    let read = within(groups.get(&created.id)).await.expect("read");
    assert_eq!(read.profile.name, "Eng");
    assert_eq!(read.profile.description, None);
}

#[tokio::test]
async fn creating_a_group_with_a_taken_name_is_a_typed_409_e0000055() {
    let server = start_mock().await;
    let client = client_for(&server);
    within(
        client
            .groups()
            .create(GroupProfile::new("Sales", None))
            .send(),
    )
    .await
    .expect("first");
    let err = within(
        client
            .groups()
            .create(GroupProfile::new("Sales", None))
            .send(),
    )
    .await
    .expect_err("a second group with the same name");
    let api = api_error(&err);
    assert_eq!(api.status, 409);
    assert_eq!(api.error_code, ErrorCode::DuplicateGroupName);
    assert_eq!(api.error_code.as_str(), "E0000055");
}

#[tokio::test]
async fn a_deleted_group_is_gone_and_its_members_stay_users() {
    let server = start_mock().await;
    let client = client_for(&server);
    let group = within(
        client
            .groups()
            .create(GroupProfile::new("Temp", None))
            .send(),
    )
    .await
    .expect("created");
    let user = within(client.users().create(profile("member")).send())
        .await
        .expect("user");
    within(client.groups().add_member(&group.id, &user.id))
        .await
        .expect("added");
    within(client.groups().delete(&group.id))
        .await
        .expect("deleted");
    let deletes = requests_to(&server, "DELETE", &format!("/api/v1/groups/{}", group.id));
    assert_eq!(deletes[0].status, 204);
    assert!(
        within(client.groups().get_opt(&group.id))
            .await
            .expect("lookup")
            .is_none()
    );
    let err = within(client.groups().get(&group.id))
        .await
        .expect_err("gone");
    assert_eq!(api_error(&err).error_code, ErrorCode::NotFound);
    assert!(
        within(client.users().get_opt(&user.id))
            .await
            .expect("lookup")
            .is_some()
    );
}

#[tokio::test]
async fn the_built_in_everyone_group_cannot_be_deleted() {
    let server = start_mock().await;
    let client = client_for(&server);
    let everyone = within(client.groups().list().q("Everyone").collect_all())
        .await
        .expect("listed");
    assert_eq!(everyone.len(), 1);
    assert_eq!(everyone[0].group_type, GroupType::BuiltIn);
    let err = within(client.groups().delete(&everyone[0].id))
        .await
        .expect_err("refused");
    assert_eq!(api_error(&err).status, 403);
}

#[tokio::test]
async fn members_are_added_removed_and_listed_across_pages() {
    let server = start_mock().await;
    let client = client_for(&server);
    let group = within(
        client
            .groups()
            .create(GroupProfile::new("Team", None))
            .send(),
    )
    .await
    .expect("created");
    let mut ids: Vec<UserId> = Vec::new();
    for n in 0..5 {
        let user = within(client.users().create(profile(&format!("m{n}"))).send())
            .await
            .expect("user");
        within(client.groups().add_member(&group.id, &user.id))
            .await
            .expect("added");
        ids.push(user.id);
    }
    // Adding twice is not an error.
    within(client.groups().add_member(&group.id, &ids[0]))
        .await
        .expect("added again");
    let adds = requests_to(
        &server,
        "PUT",
        &format!("/api/v1/groups/{}/users/{}", group.id, ids[0]),
    );
    assert!(adds.iter().all(|e| e.status == 204));

    server.clear_journal();
    let pages: Vec<_> = within(
        client
            .groups()
            .members(&group.id)
            .limit(2)
            .pages()
            .try_collect::<Vec<_>>(),
    )
    .await
    .expect("members");
    assert_eq!(
        pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(),
        vec![2, 2, 1]
    );
    let listed: BTreeSet<UserId> = pages
        .into_iter()
        .flat_map(|p| p.items)
        .map(|u| u.id)
        .collect();
    assert_eq!(listed, ids.iter().cloned().collect());
    assert_eq!(
        requests_to(
            &server,
            "GET",
            &format!("/api/v1/groups/{}/users", group.id)
        )
        .len(),
        3
    );

    within(client.groups().remove_member(&group.id, &ids[1]))
        .await
        .expect("removed");
    let after: BTreeSet<UserId> = within(client.groups().members(&group.id).collect_all())
        .await
        .expect("members")
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(after.len(), 4);
    assert!(!after.contains(&ids[1]));
    let names: Vec<String> = within(client.users().groups(&ids[1]).collect_all())
        .await
        .expect("groups")
        .into_iter()
        .map(|g| g.profile.name)
        .collect();
    assert_eq!(names, vec!["Everyone".to_owned()]);
}

#[tokio::test]
async fn adding_an_unknown_user_to_a_group_is_not_found() {
    let server = start_mock().await;
    let client = client_for(&server);
    let group = within(client.groups().create(GroupProfile::new("G", None)).send())
        .await
        .expect("created");
    let err = within(
        client
            .groups()
            .add_member(&group.id, "00unosuchuser0000000"),
    )
    .await
    .expect_err("unknown user");
    assert!(err.is_not_found());
}

#[tokio::test]
async fn a_type_filter_leaves_out_everyone_and_a_search_matches_name_prefixes() {
    let server = start_mock().await;
    let client = client_for(&server);
    for name in ["Eng Backend", "Eng Frontend", "Sales"] {
        within(client.groups().create(GroupProfile::new(name, None)).send())
            .await
            .expect("created");
    }
    let okta_groups = within(
        client
            .groups()
            .list()
            .filter("type eq \"OKTA_GROUP\"")
            .collect_all(),
    )
    .await
    .expect("filtered");
    let names: BTreeSet<String> = okta_groups.into_iter().map(|g| g.profile.name).collect();
    assert_eq!(
        names,
        BTreeSet::from(["Eng Backend".into(), "Eng Frontend".into(), "Sales".into()])
    );
    let eng = within(
        client
            .groups()
            .list()
            .search("profile.name sw \"Eng\"")
            .collect_all(),
    )
    .await
    .expect("searched");
    assert_eq!(eng.len(), 2);
    let all = within(client.groups().list().collect_all())
        .await
        .expect("listed");
    assert_eq!(all.len(), 4, "three groups and Everyone");
}

#[tokio::test]
async fn a_missing_group_is_not_found_as_a_user_group() {
    let server = start_mock().await;
    let client = client_for(&server);
    let err = within(client.groups().get("00gnosuchgroup000000"))
        .await
        .expect_err("missing");
    assert!(api_error(&err).error_summary.ends_with("(UserGroup)"));
}
