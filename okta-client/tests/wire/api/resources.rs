//! Wire tests of `client.groups()`, `client.apps()` and `client.app_users(app)`.

use futures::TryStreamExt;
use okta_client::api::UnassignAppUser;
use serde_json::{Map, Value, json};

use super::{app, app_user, group, user};
use crate::support::{Double, Reply};
use okta_client::api::{AppUserAssignment, NewApplication};
use okta_client::models::{AppUserCredentials, GroupProfile};

#[tokio::test]
async fn group_calls_send_the_expected_requests() {
    let double = Double::start(|c| match (c.request.method.as_str(), c.request.path()) {
        ("GET", "/api/v1/groups/00g1/users") => Reply::json(json!([user("00u1", "ACTIVE")])),
        ("GET", "/api/v1/groups/nope") => Reply::not_found(),
        ("GET", "/api/v1/groups") => Reply::json(json!([group("00g1", "Eng")])),
        ("GET" | "POST", _) => Reply::json(group("00g1", "Eng")),
        ("PUT", "/api/v1/groups/00g1") => Reply::json(group("00g1", "Engineering")),
        _ => Reply::no_content(),
    })
    .await;
    let groups = double.client().groups();
    let created = groups
        .create(GroupProfile::new("Eng", Some("builders".into())))
        .send()
        .await
        .unwrap();
    assert_eq!(created.id, "00g1");
    assert!(groups.get_opt("nope").await.unwrap().is_none());
    assert_eq!(groups.get("00g1").await.unwrap().profile.name, "Eng");
    let listed: Vec<_> = groups.list().q("En").items().try_collect().await.unwrap();
    assert_eq!(listed.len(), 1);
    let replaced = groups
        .replace("00g1", &GroupProfile::new("Engineering", None))
        .await
        .unwrap();
    assert_eq!(replaced.profile.name, "Engineering");
    groups.add_member("00g1", "00u1").await.unwrap();
    let members: Vec<_> = groups
        .members("00g1")
        .limit(5)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(members[0].id, "00u1");
    groups.remove_member("00g1", "00u1").await.unwrap();
    groups.delete("00g1").await.unwrap();

    assert_eq!(
        double.lines(),
        [
            "POST /api/v1/groups",
            "GET /api/v1/groups/nope",
            "GET /api/v1/groups/00g1",
            "GET /api/v1/groups?q=En",
            "PUT /api/v1/groups/00g1",
            "PUT /api/v1/groups/00g1/users/00u1",
            "GET /api/v1/groups/00g1/users?limit=5",
            "DELETE /api/v1/groups/00g1/users/00u1",
            "DELETE /api/v1/groups/00g1",
        ]
    );
    let requests = double.seen();
    assert_eq!(
        requests[0].json(),
        Some(json!({"profile": {"name": "Eng", "description": "builders"}}))
    );
    assert_eq!(
        requests[4].json(),
        Some(json!({"profile": {"name": "Engineering", "description": null}}))
    );
    assert_eq!(requests[5].json(), None);
}

#[tokio::test]
async fn app_calls_cover_the_whole_lifecycle() {
    let double = Double::start(|c| match (c.request.method.as_str(), c.request.path()) {
        ("GET", "/api/v1/apps") => Reply::json(json!([app("0oa1", "active_directory")])),
        ("GET", "/api/v1/apps/gone") => Reply::not_found(),
        ("GET" | "PUT", _) => Reply::json(app("0oa2", "bookmark")),
        ("POST", "/api/v1/apps") => {
            Reply::json(json!({"id": "0oa2", "name": "bookmark", "label": "B",
            "status": "INACTIVE", "signOnMode": "BOOKMARK"}))
        }
        ("POST", _) => Reply::json(json!({})),
        _ => Reply::no_content(),
    })
    .await;
    let apps = double.client().apps();
    let ads: Vec<_> = apps
        .list()
        .active_directory()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(ads[0].is_active_directory());
    assert_eq!(ads[0].sign_on_mode, None);
    let created = apps
        .create(NewApplication::bookmark("B", "https://b.example"))
        .activate(false)
        .send()
        .await
        .unwrap();
    assert_eq!(created.id, "0oa2");
    let mut fetched = apps.get("0oa2").await.unwrap();
    assert!(apps.get_opt("gone").await.unwrap().is_none());
    fetched.label = "B2".into();
    apps.replace("0oa2", &fetched).await.unwrap();
    apps.activate("0oa2").await.unwrap();
    apps.deactivate("0oa2").await.unwrap();
    apps.delete("0oa2").await.unwrap();

    assert_eq!(
        double.lines(),
        [
            "GET /api/v1/apps?filter=name+eq+%22active_directory%22",
            "POST /api/v1/apps?activate=false",
            "GET /api/v1/apps/0oa2",
            "GET /api/v1/apps/gone",
            "PUT /api/v1/apps/0oa2",
            "POST /api/v1/apps/0oa2/lifecycle/activate",
            "POST /api/v1/apps/0oa2/lifecycle/deactivate",
            "DELETE /api/v1/apps/0oa2",
        ]
    );
    let requests = double.seen();
    assert_eq!(
        requests[1].json(),
        Some(
            json!({"name": "bookmark", "label": "B", "signOnMode": "BOOKMARK",
                    "settings": {"app": {"url": "https://b.example"}}})
        )
    );
    assert_eq!(requests[4].json().unwrap()["label"], "B2");
}

#[tokio::test]
async fn app_user_calls_send_the_expected_requests() {
    let double = Double::start(|c| match (c.request.method.as_str(), c.request.path()) {
        ("GET", "/api/v1/apps/0oa1/users") => Reply::json(json!([app_user("00u1")])),
        ("GET", "/api/v1/apps/0oa1/users/00u9") => Reply::not_found(),
        ("DELETE", _) => Reply::no_content(),
        _ => Reply::json(app_user("00u1")),
    })
    .await;
    let app_users = double.client().app_users("0oa1");
    let listed: Vec<_> = app_users
        .list()
        .expand_user()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed[0].id, "00u1");
    assert_eq!(app_users.get("00u1").await.unwrap().id, "00u1");
    assert!(app_users.get_opt("00u9").await.unwrap().is_none());
    app_users.assign("00u1").await.unwrap();
    app_users
        .assign_with(
            &AppUserAssignment::new("00u1")
                .user_name("ada")
                .attribute("role", "Dev"),
        )
        .await
        .unwrap();
    let profile = Map::from_iter([("immutableId".to_owned(), Value::Null)]);
    app_users.update_profile("00u1", &profile).await.unwrap();
    let creds = AppUserCredentials {
        user_name: Some("ada2".into()),
        password: None,
    };
    app_users.update_credentials("00u1", &creds).await.unwrap();
    app_users
        .unassign("00u1", UnassignAppUser::new())
        .await
        .unwrap();

    assert_eq!(
        double.lines(),
        [
            "GET /api/v1/apps/0oa1/users?expand=user",
            "GET /api/v1/apps/0oa1/users/00u1",
            "GET /api/v1/apps/0oa1/users/00u9",
            "POST /api/v1/apps/0oa1/users",
            "POST /api/v1/apps/0oa1/users",
            "POST /api/v1/apps/0oa1/users/00u1",
            "POST /api/v1/apps/0oa1/users/00u1",
            "DELETE /api/v1/apps/0oa1/users/00u1?sendEmail=false",
        ]
    );
    let bodies: Vec<Option<Value>> = double.seen().iter().map(|r| r.json()).collect();
    assert_eq!(bodies[3], Some(json!({"id": "00u1", "scope": "USER"})));
    assert_eq!(
        bodies[4],
        Some(
            json!({"id": "00u1", "scope": "USER", "credentials": {"userName": "ada"}, "profile": {"role": "Dev"}})
        )
    );
    assert_eq!(bodies[5], Some(json!({"profile": {"immutableId": null}})));
    assert_eq!(
        bodies[6],
        Some(json!({"credentials": {"userName": "ada2"}}))
    );
    assert_eq!(bodies[7], None);
}
