//! Wire tests of `client.users()`.

use futures::TryStreamExt;
use okta_client::api::{ActivateUser, ClearSessions, DeactivateUser, ExpirePassword};
use serde_json::{Value, json};

use super::{group, user};
use crate::support::{Double, Reply};
use okta_client::api::{UserReplacement, UserUpdate};
use okta_client::models::{UserProfile, UserStatus};

#[tokio::test]
async fn user_calls_send_the_expected_methods_paths_queries_and_bodies() {
    let double = Double::start(|c| match (c.request.method.as_str(), c.request.path()) {
        ("POST", "/api/v1/users") => Reply::json(user("00u1", "STAGED")),
        ("GET", "/api/v1/users/missing") => Reply::not_found(),
        ("GET", _) | ("POST", "/api/v1/users/00u1") | ("PUT", _) => {
            Reply::json(user("00u1", "ACTIVE"))
        }
        ("POST", "/api/v1/users/00u1/lifecycle/activate") => {
            Reply::json(json!({"activationUrl": "https://x/a", "activationToken": "tok"}))
        }
        ("POST", "/api/v1/users/00u1/lifecycle/expire_password") => {
            Reply::json(user("00u1", "PASSWORD_EXPIRED"))
        }
        ("POST", "/api/v1/users/00u1/lifecycle/expire_password_with_temp_password") => {
            Reply::json(json!({"tempPassword": "F46gy7X4"}))
        }
        ("POST", _) => Reply::json(json!({})),
        _ => Reply::no_content(),
    })
    .await;
    let users = double.client().users();
    let profile = UserProfile::new("a@x.io", "a@x.io", "Ada", "Lovelace");

    let created = users
        .create(profile.clone())
        .activate(false)
        .password("pw-123")
        .send()
        .await
        .unwrap();
    assert_eq!(created.status, UserStatus::Staged);
    let got = users.get_by_login("ada/lovelace@x.io").await.unwrap();
    assert_eq!(got.id, "00u1");
    assert!(users.get_opt_by_login("missing").await.unwrap().is_none());
    users
        .update("00u1", &UserUpdate::new().clear("mobilePhone"))
        .await
        .unwrap();
    users
        .replace("00u1", &UserReplacement::new(profile))
        .await
        .unwrap();
    let token = users
        .activate("00u1", ActivateUser::new().send_email(false))
        .await
        .unwrap();
    assert_eq!(token.activation_token.unwrap().expose_secret(), "tok");
    users.suspend("00u1").await.unwrap();
    users.unsuspend("00u1").await.unwrap();
    users.unlock("00u1").await.unwrap();
    users
        .deactivate("00u1", DeactivateUser::new().send_email(true))
        .await
        .unwrap();
    assert_eq!(
        users.expire_password("00u1").await.unwrap().status,
        UserStatus::PasswordExpired
    );
    let temp = users
        .expire_password_with_temp_password("00u1", ExpirePassword::new().revoke_sessions(true))
        .await
        .unwrap();
    assert_eq!(temp.expose_secret(), "F46gy7X4");
    users
        .clear_sessions("00u1", ClearSessions::new().oauth_tokens(true))
        .await
        .unwrap();

    assert_eq!(
        double.lines(),
        [
            "POST /api/v1/users?activate=false",
            "GET /api/v1/users/ada%2Flovelace@x.io",
            "GET /api/v1/users/missing",
            "POST /api/v1/users/00u1",
            "PUT /api/v1/users/00u1",
            "POST /api/v1/users/00u1/lifecycle/activate?sendEmail=false",
            "POST /api/v1/users/00u1/lifecycle/suspend",
            "POST /api/v1/users/00u1/lifecycle/unsuspend",
            "POST /api/v1/users/00u1/lifecycle/unlock",
            "POST /api/v1/users/00u1/lifecycle/deactivate?sendEmail=true",
            "POST /api/v1/users/00u1/lifecycle/expire_password",
            "POST /api/v1/users/00u1/lifecycle/expire_password_with_temp_password?revokeSessions=true",
            "DELETE /api/v1/users/00u1/sessions?oauthTokens=true",
        ]
    );
    let bodies: Vec<Option<Value>> = double.seen().iter().map(|r| r.json()).collect();
    assert_eq!(
        bodies[0],
        Some(
            json!({"profile": {"login": "a@x.io", "email": "a@x.io", "firstName": "Ada", "lastName": "Lovelace"},
                    "credentials": {"password": {"value": "pw-123"}}})
        )
    );
    assert_eq!(bodies[3], Some(json!({"profile": {"mobilePhone": null}})));
    assert_eq!(bodies[4].as_ref().unwrap()["profile"]["firstName"], "Ada");
}

#[tokio::test]
async fn deactivate_and_delete_sends_two_deletes_to_the_same_user() {
    let double = Double::start(|_| Reply::no_content()).await;
    double
        .client()
        .users()
        .deactivate_and_delete("00u1")
        .await
        .unwrap();
    assert_eq!(
        double.lines(),
        ["DELETE /api/v1/users/00u1", "DELETE /api/v1/users/00u1"]
    );
}

#[tokio::test]
async fn deleting_an_already_deprovisioned_user_succeeds_when_the_second_delete_finds_nothing() {
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    let double =
        Double::start(
            move |_| match seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
                0 => Reply::no_content(),
                _ => Reply::not_found(),
            },
        )
        .await;
    double
        .client()
        .users()
        .deactivate_and_delete("00u1")
        .await
        .unwrap();
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 2);
    // A user missing from the start is still an error.
    let missing = Double::start(|_| Reply::not_found()).await;
    assert!(
        missing
            .client()
            .users()
            .deactivate_and_delete("00u9")
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn a_user_list_follows_next_links_and_keeps_the_query() {
    let double = Double::start(|c| match c.request.query() {
        Some(q) if q.contains("after=cursor2") => Reply::json(json!([user("00u3", "ACTIVE")]))
            .header(
                "link",
                format!(
                    "<{}/api/v1/users?after=cursor2&limit=2>; rel=\"self\"",
                    c.base
                ),
            ),
        _ => Reply::json(json!([user("00u1", "ACTIVE"), user("00u2", "ACTIVE")]))
            .header(
                "link",
                format!("<{}/api/v1/users?limit=2>; rel=\"self\"", c.base),
            )
            .header(
                "link",
                format!(
                    "<{}/api/v1/users?search=status&after=cursor2&limit=2>; rel=\"next\"",
                    c.base
                ),
            ),
    })
    .await;
    let users: Vec<_> = double
        .client()
        .users()
        .list()
        .search(r#"status eq "ACTIVE""#)
        .limit(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["00u1", "00u2", "00u3"]);
    let lines = double.lines();
    assert_eq!(
        lines[0],
        "GET /api/v1/users?search=status+eq+%22ACTIVE%22&limit=2"
    );
    assert_eq!(
        lines[1],
        "GET /api/v1/users?search=status&after=cursor2&limit=2"
    );

    let first = double
        .client()
        .users()
        .list()
        .limit(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first.items.len(), 2);
    assert!(first.next.is_some());
}

#[tokio::test]
async fn user_groups_and_app_links_are_read_from_their_paths() {
    let double = Double::start(|c| match c.request.path() {
        "/api/v1/users/00u1/groups" => Reply::json(json!([group("00g0", "Everyone")])),
        _ => Reply::json(
            json!([{"label": "Office 365", "appName": "office365", "appInstanceId": "0oa1"}]),
        ),
    })
    .await;
    let groups: Vec<_> = double
        .client()
        .users()
        .groups("00u1")
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(groups[0].profile.name, "Everyone");
    let links = double.client().users().app_links("00u1").await.unwrap();
    assert_eq!(links[0].app_name.as_deref(), Some("office365"));
    assert_eq!(
        double.lines(),
        [
            "GET /api/v1/users/00u1/groups",
            "GET /api/v1/users/00u1/appLinks"
        ]
    );
}

#[tokio::test]
async fn get_opt_turns_only_not_found_into_none() {
    let double = Double::start(|c| match c.request.path() {
        "/api/v1/users/gone" => Reply::not_found(),
        _ => {
            let body = json!({"errorCode": "E0000006", "errorSummary": "You do not have permission",
                "errorLink": "E0000006", "errorId": "oae2", "errorCauses": []});
            Reply::status(403, body)
        }
    })
    .await;
    let users = double.client().users();
    assert!(users.get_opt_by_login("gone").await.unwrap().is_none());
    let err = users.get_opt_by_login("forbidden").await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert!(!err.is_not_found());
}
