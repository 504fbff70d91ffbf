//! The Management API routes answer with Okta's status codes and absolute `_links`.

use crate::common::{Api, assert_okta_error};
use okta_mock::MockServer;
use serde_json::{Value, json};

#[tokio::test]
async fn creating_a_user_answers_200_with_links_on_the_requests_host() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let body = json!({
        "profile": {
            "firstName": "Ada", "lastName": "Lovelace",
            "email": "ada@example.com", "login": "ada@example.com"
        },
        "credentials": {"password": {"value": "Analytical-Engine-1843"}},
    });
    let res = api.post("/api/v1/users?activate=true", body).await;
    assert_eq!(res.status(), 200);
    let user: Value = res.json().await.unwrap();
    let id = user["id"].as_str().unwrap();
    assert_eq!(
        user["_links"]["self"]["href"],
        format!("{}/api/v1/users/{id}", api.base)
    );
    assert_eq!(user["status"], "ACTIVE");
    assert!(
        user["_links"]["deactivate"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/lifecycle/deactivate")
    );

    // By login, too; logins with `@` survive the path.
    let by_login: Value = api
        .get("/api/v1/users/ada@example.com")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_login["id"], id);
}

#[tokio::test]
async fn lifecycle_operations_answer_okta_bodies_and_deletes_answer_204() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let id = api.create_user("life@example.com").await;
    let base = format!("/api/v1/users/{id}");

    let res = api
        .post(&format!("{base}/lifecycle/suspend"), json!({}))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({}));
    let res = api
        .post(&format!("{base}/lifecycle/unsuspend"), json!({}))
        .await;
    assert_eq!(res.status(), 200);
    let res = api
        .post(&format!("{base}/lifecycle/unlock"), json!({}))
        .await;
    assert_eq!(res.status(), 403);
    assert_okta_error(&res.json().await.unwrap(), "E0000032");

    assert_eq!(
        api.delete(&format!("{base}/sessions?oauthTokens=true"))
            .await
            .status(),
        204
    );
    // The first delete deactivates, the second removes.
    assert_eq!(api.delete(&base).await.status(), 204);
    let user: Value = api.get(&base).await.json().await.unwrap();
    assert_eq!(user["status"], "DEPROVISIONED");
    assert_eq!(api.delete(&base).await.status(), 204);
    assert_eq!(api.get(&base).await.status(), 404);
}

#[tokio::test]
async fn group_membership_changes_answer_204_and_show_in_the_users_groups() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let user = api.create_user("member@example.com").await;
    let group = api.create_group("Engineers").await;
    let member = format!("/api/v1/groups/{group}/users/{user}");
    assert_eq!(api.put(&member, json!({})).await.status(), 204);

    let res = api.get(&format!("/api/v1/users/{user}/groups")).await;
    assert_eq!(res.status(), 200);
    let groups: Vec<Value> = res.json().await.unwrap();
    let names: Vec<&str> = groups
        .iter()
        .filter_map(|g| g["profile"]["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Everyone") && names.contains(&"Engineers"),
        "{names:?}"
    );
    assert!(groups.iter().all(|g| {
        g["_links"]["users"]["href"]
            .as_str()
            .unwrap()
            .starts_with(&api.base)
    }));

    assert_eq!(api.delete(&member).await.status(), 204);
    let members: Vec<Value> = api
        .get(&format!("/api/v1/groups/{group}/users"))
        .await
        .json()
        .await
        .unwrap();
    assert!(members.is_empty());
    assert_eq!(
        api.delete(&format!("/api/v1/groups/{group}"))
            .await
            .status(),
        204
    );
}

#[tokio::test]
async fn an_app_is_assigned_deactivated_and_deleted_with_okta_status_codes() {
    let server = MockServer::start().await;
    let api = Api::new(&server);
    let user = api.create_user("apps@example.com").await;
    let res = api
        .post(
            "/api/v1/apps",
            json!({"name": "bookmark", "label": "Wiki", "signOnMode": "BOOKMARK",
                   "settings": {"app": {"url": "https://wiki.example.com"}}}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let app: Value = res.json().await.unwrap();
    let app_id = app["id"].as_str().unwrap().to_owned();
    assert_eq!(app["status"], "ACTIVE");

    let res = api
        .post(
            &format!("/api/v1/apps/{app_id}/users"),
            json!({"id": user, "scope": "USER"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let app_user: Value = res.json().await.unwrap();
    assert_eq!(
        app_user["_links"]["app"]["href"],
        format!("{}/api/v1/apps/{app_id}", api.base)
    );
    assert_eq!(
        app_user["_links"]["user"]["href"],
        format!("{}/api/v1/users/{user}", api.base)
    );

    let fetched: Value = api
        .get(&format!("/api/v1/apps/{app_id}/users/{user}?expand=user"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["_embedded"]["user"]["id"], user.as_str());

    let res = api.delete(&format!("/api/v1/apps/{app_id}")).await;
    assert_eq!(res.status(), 403, "an ACTIVE app cannot be deleted");
    assert_okta_error(&res.json().await.unwrap(), "E0000056");
    let res = api
        .post(
            &format!("/api/v1/apps/{app_id}/lifecycle/deactivate"),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({}));
    assert_eq!(
        api.delete(&format!("/api/v1/apps/{app_id}")).await.status(),
        204
    );
    assert_eq!(
        api.get(&format!("/api/v1/apps/{app_id}")).await.status(),
        404
    );
}
