//! Adds the HAL `_links` the store leaves out, as absolute URLs on the request's host.

use okta_client::models::{AppUser, Application, ApplicationStatus, Group, User, UserStatus};
use serde_json::{Value, json};

use super::links::{BaseUrl, action, href, links, segment};

/// A user with `_links`: only `self` in a collection (`full == false`), as Okta does, and the
/// lifecycle and credential operations the user's status allows for a single user.
pub fn user(base: &BaseUrl, mut user: User, full: bool) -> User {
    let me = base.url(&format!("/api/v1/users/{}", segment(&user.id)));
    let mut map = links([("self", href(me.clone()))]);
    if full {
        let lifecycle = |op: &str| action(format!("{me}/lifecycle/{op}"), "POST");
        let credentials = |op: &str| action(format!("{me}/credentials/{op}"), "POST");
        let mut add = |name: &str, value: Value| {
            map.insert(name.to_owned(), value);
        };
        match user.status {
            UserStatus::Staged => {
                add("activate", lifecycle("activate"));
                add("deactivate", lifecycle("deactivate"));
            }
            UserStatus::Provisioned => {
                add("reactivate", lifecycle("reactivate"));
                add("deactivate", lifecycle("deactivate"));
            }
            UserStatus::Active | UserStatus::PasswordExpired | UserStatus::Recovery => {
                add("suspend", lifecycle("suspend"));
                add("deactivate", lifecycle("deactivate"));
                add("resetPassword", lifecycle("reset_password"));
                add("expirePassword", lifecycle("expire_password"));
                add("resetFactors", lifecycle("reset_factors"));
                add("forgotPassword", credentials("forgot_password"));
                add("changePassword", credentials("change_password"));
                add(
                    "changeRecoveryQuestion",
                    credentials("change_recovery_question"),
                );
            }
            UserStatus::LockedOut => {
                add("unlock", lifecycle("unlock"));
                add("deactivate", lifecycle("deactivate"));
                add("resetPassword", lifecycle("reset_password"));
            }
            UserStatus::Suspended => {
                add("unsuspend", lifecycle("unsuspend"));
                add("deactivate", lifecycle("deactivate"));
            }
            UserStatus::Deprovisioned => add("activate", lifecycle("activate")),
            _ => {}
        }
        if let Some(type_id) = user.user_type.as_ref().and_then(|t| t.id.as_deref()) {
            add(
                "type",
                href(base.url(&format!("/api/v1/meta/types/user/{}", segment(type_id)))),
            );
        }
    }
    user.links = Some(map);
    user
}

/// A group with `self`, `users`, `apps` and `logo` links.
pub fn group(base: &BaseUrl, mut group: Group) -> Group {
    let me = base.url(&format!("/api/v1/groups/{}", segment(&group.id)));
    let logo = |size: &str| {
        json!({
            "name": size,
            "href": base.url(&format!("/assets/img/logos/groups/okta-{size}.png")),
            "type": "image/png",
        })
    };
    group.links = Some(links([
        ("logo", json!([logo("medium"), logo("large")])),
        ("users", href(format!("{me}/users"))),
        ("apps", href(format!("{me}/apps"))),
        ("self", href(me)),
    ]));
    group
}

/// An application with `self`, `users`, `groups` and the lifecycle link its status allows.
pub fn app(base: &BaseUrl, mut app: Application) -> Application {
    let me = base.url(&format!("/api/v1/apps/{}", segment(&app.id)));
    let mut map = links([
        ("users", href(format!("{me}/users"))),
        ("groups", href(format!("{me}/groups"))),
        ("self", href(me.clone())),
    ]);
    match app.status {
        ApplicationStatus::Active => {
            map.insert(
                "deactivate".into(),
                href(format!("{me}/lifecycle/deactivate")),
            );
        }
        ApplicationStatus::Inactive => {
            map.insert("activate".into(), href(format!("{me}/lifecycle/activate")));
        }
        _ => {}
    }
    app.links = Some(map);
    app
}

/// An app user with `app` and `user` links; an embedded user gets its own `self` link.
pub fn app_user(base: &BaseUrl, app_id: &str, mut app_user: AppUser) -> AppUser {
    app_user.links = Some(links([
        (
            "app",
            href(base.url(&format!("/api/v1/apps/{}", segment(app_id)))),
        ),
        (
            "user",
            href(base.url(&format!("/api/v1/users/{}", segment(&app_user.id)))),
        ),
    ]));
    if let Some(embedded) = app_user.embedded.as_mut() {
        if let Some(user_box) = embedded.user.take() {
            embedded.user = Some(Box::new(user(base, *user_box, false)));
        }
    }
    app_user
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_user(status: &str) -> User {
        serde_json::from_value(json!({"id": "00u1", "status": status, "profile": {}})).unwrap()
    }

    #[test]
    fn a_suspended_user_links_to_unsuspend_on_the_requests_host() {
        let base = BaseUrl::from_host(Some("127.0.0.1:9999"));
        let rendered = user(&base, sample_user("SUSPENDED"), true);
        let links = rendered.links.unwrap();
        assert_eq!(
            links["self"]["href"],
            "http://127.0.0.1:9999/api/v1/users/00u1"
        );
        assert_eq!(
            links["unsuspend"]["href"],
            "http://127.0.0.1:9999/api/v1/users/00u1/lifecycle/unsuspend"
        );
        assert!(!links.contains_key("suspend"));
    }

    #[test]
    fn users_in_a_collection_only_link_to_themselves() {
        let base = BaseUrl::from_host(Some("h"));
        let links = user(&base, sample_user("ACTIVE"), false).links.unwrap();
        assert_eq!(links.keys().collect::<Vec<_>>(), vec!["self"]);
    }
}
