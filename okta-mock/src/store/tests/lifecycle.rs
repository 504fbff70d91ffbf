use okta_client::models::{ErrorCode, UserStatus};
use serde_json::json;

use super::{active_user, profile, store};
use crate::store::{CreateUserOptions, LifecycleOp, LifecycleOutcome, PageRequest, UserQuery};

fn status(s: &crate::store::Org, id: &str) -> UserStatus {
    s.get_user(id).unwrap().status
}

#[test]
fn activating_a_staged_user_answers_a_token_and_activating_again_is_refused() {
    let mut s = store();
    let opts = CreateUserOptions {
        activate: false,
        ..CreateUserOptions::default()
    };
    let body =
        json!({"profile": profile("A", "B"), "credentials": {"password": {"value": "pw12345!"}}});
    let u = s.create_user(body, opts).unwrap();
    let out = s
        .user_lifecycle(&u.id, LifecycleOp::Activate, false)
        .unwrap();
    let LifecycleOutcome::Token(token) = out else {
        panic!("expected a token, got {out:?}")
    };
    assert!(token.activation_token.is_some());
    assert!(
        !format!("{token:?}").contains("mock"),
        "the token never reaches Debug output"
    );
    assert_eq!(status(&s, &u.id), UserStatus::Active);
    let err = s
        .user_lifecycle(&u.id, LifecycleOp::Activate, true)
        .unwrap_err();
    assert_eq!(
        (err.status, err.code.clone()),
        (403, ErrorCode::from_wire("E0000016"))
    );
    assert_eq!(
        err.summary,
        "Activation failed because the user is already active"
    );
}

#[test]
fn activating_with_an_email_answers_an_empty_object() {
    let mut s = store();
    let opts = CreateUserOptions {
        activate: false,
        ..CreateUserOptions::default()
    };
    let u = s
        .create_user(json!({"profile": profile("A", "B")}), opts)
        .unwrap();
    let out = s
        .user_lifecycle(&u.id, LifecycleOp::Activate, true)
        .unwrap();
    assert_eq!(out, LifecycleOutcome::Empty);
    assert_eq!(status(&s, &u.id), UserStatus::Provisioned);
}

#[test]
fn suspend_and_unsuspend_follow_okta_transitions() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    assert_eq!(
        s.user_lifecycle(&u.id, LifecycleOp::Suspend, false)
            .unwrap(),
        LifecycleOutcome::Empty
    );
    assert_eq!(status(&s, &u.id), UserStatus::Suspended);
    // Recorded: reedship/simpleokta spec/cassettes/users/suspend_user_active.yml.
    let err = s
        .user_lifecycle(&u.id, LifecycleOp::Suspend, false)
        .unwrap_err();
    assert_eq!(
        (err.status, err.code.clone()),
        (400, ErrorCode::ApiValidationFailed)
    );
    assert_eq!(err.summary, "Api validation failed: suspendUser");
    assert_eq!(err.causes, ["Cannot suspend a user that is not active"]);
    s.user_lifecycle(&u.id, LifecycleOp::Unsuspend, false)
        .unwrap();
    assert_eq!(status(&s, &u.id), UserStatus::Active);
    let err = s
        .user_lifecycle(&u.id, LifecycleOp::Unsuspend, false)
        .unwrap_err();
    assert_eq!(
        (err.status, err.code),
        (400, ErrorCode::ApiValidationFailed)
    );
    assert_eq!(
        err.causes,
        ["Cannot unsuspend a user that is not suspended"]
    );
}

#[test]
fn reactivate_is_only_allowed_from_provisioned_or_recovery() {
    let mut s = store();
    let active = active_user(&mut s, "A", "B");
    let err = s
        .user_lifecycle(&active.id, LifecycleOp::Reactivate, false)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::OperationNotAllowedInStatus);
    let p = s
        .create_user(
            json!({"profile": profile("C", "D")}),
            CreateUserOptions::default(),
        )
        .unwrap();
    let out = s
        .user_lifecycle(&p.id, LifecycleOp::Reactivate, false)
        .unwrap();
    assert!(matches!(out, LifecycleOutcome::Token(_)));
    assert_eq!(status(&s, &p.id), UserStatus::Provisioned);
}

#[test]
fn unlocking_a_user_that_is_not_locked_out_is_refused() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let err = s
        .user_lifecycle(&u.id, LifecycleOp::Unlock, false)
        .unwrap_err();
    assert_eq!(
        (err.status, err.code.clone()),
        (403, ErrorCode::UnlockNotAllowed)
    );
    assert_eq!(err.summary, "Unlock is not allowed for this user.");
}

#[test]
fn expiring_a_password_answers_the_user_in_password_expired() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let LifecycleOutcome::User(user) = s
        .user_lifecycle(&u.id, LifecycleOp::ExpirePassword, false)
        .unwrap()
    else {
        panic!("expected the user")
    };
    assert_eq!(user.status, UserStatus::PasswordExpired);
    let staged = s
        .create_user(
            json!({"profile": profile("C", "D")}),
            CreateUserOptions {
                activate: false,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(
        s.user_lifecycle(&staged.id, LifecycleOp::ExpirePassword, false)
            .is_err()
    );
}

#[test]
fn deleting_a_user_first_deactivates_then_removes_it_with_its_memberships() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let g = s
        .create_group(json!({"profile": {"name": "Staff"}}))
        .unwrap();
    s.add_group_member(&g.id, &u.id).unwrap();
    s.delete_user(&u.id).unwrap();
    assert_eq!(status(&s, &u.id), UserStatus::Deprovisioned);
    assert_eq!(
        s.list_group_members(&g.id, &PageRequest::default())
            .unwrap()
            .items
            .len(),
        1
    );
    s.delete_user(&u.id).unwrap();
    assert_eq!(s.get_user(&u.id).unwrap_err().status, 404);
    assert!(
        s.list_group_members(&g.id, &PageRequest::default())
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(s.counts().users, 0);
    assert!(
        s.list_users(&UserQuery::default(), &PageRequest::default())
            .unwrap()
            .items
            .is_empty()
    );
}

#[test]
fn deactivation_removes_app_assignments_but_suspension_keeps_them() {
    let mut s = store();
    let kept = active_user(&mut s, "Kept", "User");
    let lost = active_user(&mut s, "Lost", "User");
    let app = super::app(&mut s, json!({"name": "bookmark", "label": "Wiki"}));
    s.assign_app_user(&app, json!({"id": kept.id})).unwrap();
    s.assign_app_user(&app, json!({"id": lost.id})).unwrap();
    s.user_lifecycle(&kept.id, LifecycleOp::Suspend, false)
        .unwrap();
    s.user_lifecycle(&lost.id, LifecycleOp::Deactivate, false)
        .unwrap();
    assert!(s.get_app_user(&app, &kept.id, false).is_ok());
    let err = s.get_app_user(&app, &lost.id, false).unwrap_err();
    assert_eq!((err.status, err.code), (404, ErrorCode::NotFound));
    assert_eq!(s.counts().app_users, 1);
    let err = s
        .user_lifecycle(&lost.id, LifecycleOp::Deactivate, false)
        .unwrap_err();
    // okta/okta-sdk-java issue #721: 404 E0000007 for a DEPROVISIONED user.
    assert_eq!((err.status, err.code), (404, ErrorCode::NotFound));
    s.user_lifecycle(&lost.id, LifecycleOp::Activate, true)
        .unwrap();
    assert_eq!(status(&s, &lost.id), UserStatus::Active);
}

#[test]
fn a_locked_out_user_can_be_unlocked_once() {
    let mut s = store();
    let text =
        json!({"users": [{"status": "LOCKED_OUT", "profile": profile("L", "O")}]}).to_string();
    let scenario = crate::scenario::Scenario::from_json_str(&text).unwrap();
    s.load_scenario(&scenario).unwrap();
    let u = s.get_user("l.o@example.com").unwrap();
    assert_eq!(u.status, UserStatus::LockedOut);
    assert_eq!(
        s.user_lifecycle(&u.id, LifecycleOp::Unlock, false).unwrap(),
        LifecycleOutcome::Empty
    );
    assert_eq!(status(&s, &u.id), UserStatus::Active);
    let err = s
        .user_lifecycle(&u.id, LifecycleOp::Unlock, false)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::UnlockNotAllowed);
}
