use okta_client::models::{ErrorCode, UserStatus};
use serde_json::json;

use crate::store::CreateUserOptions;
use crate::store::test_support::{active_user, profile, store};

#[test]
fn creating_a_user_with_a_password_makes_it_active() {
    let mut s = store();
    let user = active_user(&mut s, "Ada", "Lovelace");
    assert_eq!(user.status, UserStatus::Active);
    assert!(user.activated.is_some());
    assert!(user.credentials.and_then(|c| c.password).is_some());
    assert_eq!(user.id.len(), 20);
    assert!(user.id.starts_with("00u"));
}

#[test]
fn creating_without_a_password_provisions_and_without_activation_stages() {
    let mut s = store();
    let provisioned = s
        .create_user(
            json!({"profile": profile("A", "B")}),
            CreateUserOptions::default(),
        )
        .unwrap();
    assert_eq!(provisioned.status, UserStatus::Provisioned);
    let opts = CreateUserOptions {
        activate: false,
        ..CreateUserOptions::default()
    };
    let staged = s
        .create_user(json!({"profile": profile("C", "D")}), opts)
        .unwrap();
    assert_eq!(staged.status, UserStatus::Staged);
    assert_eq!(staged.activated, None);
}

#[test]
fn each_missing_required_attribute_is_named_in_a_cause() {
    let mut s = store();
    let err = s
        .create_user(
            json!({"profile": {"login": "x@example.com"}}),
            CreateUserOptions::default(),
        )
        .unwrap_err();
    assert_eq!(
        (err.status, err.code.clone()),
        (400, ErrorCode::ApiValidationFailed)
    );
    assert_eq!(
        err.causes,
        // Okta's order, as recorded (rapid7/insightconnect-plugins PR #315).
        vec![
            "firstName: The field cannot be left blank",
            "lastName: The field cannot be left blank",
            "email: The field cannot be left blank"
        ]
    );
}

#[test]
fn logins_are_unique_ignoring_case() {
    let mut s = store();
    active_user(&mut s, "Ada", "Lovelace");
    let mut p = profile("Ada", "Lovelace");
    p["login"] = json!("ADA.LOVELACE@EXAMPLE.COM");
    let err = s
        .create_user(json!({"profile": p}), CreateUserOptions::default())
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ApiValidationFailed);
    assert_eq!(
        err.causes,
        vec!["login: An object with this field already exists in the current organization"]
    );
}

#[test]
fn a_user_is_found_by_id_login_in_any_case_and_unambiguous_short_login() {
    let mut s = store();
    let ada = active_user(&mut s, "Ada", "Lovelace");
    assert_eq!(s.get_user(&ada.id).unwrap().id, ada.id);
    assert_eq!(s.get_user("Ada.Lovelace@Example.com").unwrap().id, ada.id);
    assert_eq!(s.get_user("ada.lovelace").unwrap().id, ada.id);
    let mut other = profile("Ada", "Lovelace");
    other["login"] = json!("ada.lovelace@other.org");
    s.create_user(json!({"profile": other}), CreateUserOptions::default())
        .unwrap();
    let err = s.get_user("ada.lovelace").unwrap_err();
    assert_eq!((err.status, err.code), (404, ErrorCode::NotFound));
    assert_eq!(
        err.summary,
        "Not found: Resource not found: ada.lovelace (User)"
    );
}

#[test]
fn a_partial_update_keeps_absent_attributes_and_a_replace_drops_them() {
    let mut s = store();
    let ada = active_user(&mut s, "Ada", "Lovelace");
    let updated = s
        .update_user(
            &ada.id,
            json!({"profile": {"title": "Countess", "nickName": "A"}}),
            false,
        )
        .unwrap();
    assert_eq!(updated.profile.first_name.as_deref(), Some("Ada"));
    assert_eq!(updated.profile.title.as_deref(), Some("Countess"));
    let cleared = s
        .update_user(&ada.id, json!({"profile": {"nickName": null}}), false)
        .unwrap();
    assert_eq!(cleared.profile.nick_name, None);
    assert_eq!(cleared.profile.title.as_deref(), Some("Countess"));
    let replaced = s
        .update_user(&ada.id, json!({"profile": profile("Ada", "King")}), true)
        .unwrap();
    assert_eq!(replaced.profile.title, None);
    assert_eq!(replaced.profile.last_name.as_deref(), Some("King"));
    assert_eq!(s.get_user("ada.king@example.com").unwrap().id, ada.id);
    assert!(s.get_user("ada.lovelace@example.com").is_err());
    let err = s
        .update_user(&ada.id, json!({"profile": {"login": "x"}}), true)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ApiValidationFailed);
}

#[test]
fn an_update_cannot_take_another_users_login() {
    let mut s = store();
    let ada = active_user(&mut s, "Ada", "Lovelace");
    active_user(&mut s, "Grace", "Hopper");
    let err = s
        .update_user(
            &ada.id,
            json!({"profile": {"login": "Grace.Hopper@example.com"}}),
            false,
        )
        .unwrap_err();
    assert_eq!(err.status, 400);
    assert!(err.causes[0].starts_with("login: An object with this field already exists"));
}

#[test]
fn group_ids_on_create_add_memberships_and_everyone_is_listed_first() {
    let mut s = store();
    let g = s
        .create_group(json!({"profile": {"name": "Staff"}}))
        .unwrap();
    let body = json!({"profile": profile("Ada", "Lovelace"), "groupIds": [g.id]});
    let ada = s.create_user(body, CreateUserOptions::default()).unwrap();
    let names: Vec<String> = s
        .user_groups(&ada.id)
        .unwrap()
        .into_iter()
        .map(|g| g.profile.name)
        .collect();
    assert_eq!(names, vec!["Everyone", "Staff"]);
    let err = s
        .create_user(
            json!({"profile": profile("B", "C"), "groupIds": ["00gnope"]}),
            CreateUserOptions::default(),
        )
        .unwrap_err();
    assert_eq!(err.status, 400);
}

#[test]
fn app_links_list_assignments_to_active_apps() {
    let mut s = store();
    let ada = active_user(&mut s, "Ada", "Lovelace");
    let app = crate::store::test_support::app(&mut s, json!({"name": "bookmark", "label": "Wiki"}));
    s.assign_app_user(&app, json!({"id": ada.id})).unwrap();
    let links = s.user_app_links(&ada.id).unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].label.as_deref(), Some("Wiki"));
    s.deactivate_app(&app).unwrap();
    assert!(s.user_app_links(&ada.id).unwrap().is_empty());
}
