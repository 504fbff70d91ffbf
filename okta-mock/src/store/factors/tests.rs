//! The factors part: enrollment, reads, unenrollment and the cross-part rules (reset_factors,
//! deletion for good), all through the commit point.

use okta_client::models::{FactorProvider, FactorStatus, FactorType, UserStatus};
use serde_json::json;

use crate::store::commit::{
    Actor, Change, CreateUser, DeleteUser, EnrollFactor, RunLifecycle, UnenrollFactor,
};
use crate::store::input::{FactorInput, UserInput, UserInputKind};
use crate::store::{CreateUserOptions, LifecycleOp, Store};

/// A store on a fixed clock (2024-01-09T15:36:04.500Z).
fn fixed_store() -> Store {
    let at = okta_client::models::Timestamp::from_unix_millis(1_704_814_564_500).unwrap();
    Store::with_clock(Box::new(move || at))
}

/// Creates an ACTIVE user with a password; answers its id.
fn new_user(store: &mut Store, login: &str) -> String {
    let body = json!({
        "profile": {"login": login, "email": login, "firstName": "Ada", "lastName": "L"},
        "credentials": {"password": {"value": "Abcd1234!"}}
    });
    let create = CreateUser {
        input: UserInput::parse(body, UserInputKind::Create).unwrap(),
        options: CreateUserOptions::default(),
    };
    store
        .commit(Actor::ApiToken, create)
        .unwrap()
        .id
        .to_string()
}

fn enroll(
    store: &mut Store,
    user: &str,
    body: serde_json::Value,
) -> okta_client::models::UserFactor {
    let input = FactorInput::parse(&body).unwrap();
    let enroll = EnrollFactor {
        user: user.to_owned(),
        input,
    };
    store.commit(Actor::MockAdmin, enroll).unwrap()
}

#[test]
fn an_enrolled_factor_is_listed_active_with_its_given_creation_time() {
    let mut store = fixed_store();
    let ada = new_user(&mut store, "ada@example.com");
    assert!(store.factors().list(&ada).unwrap().is_empty());
    let factor = enroll(
        &mut store,
        &ada,
        json!({"factorType": "token:software:totp", "provider": "GOOGLE",
               "created": "2024-01-09T15:36:04.123Z"}),
    );
    assert_eq!(factor.status, Some(FactorStatus::Active));
    assert_eq!(factor.factor_type, FactorType::TokenSoftwareTotp);
    assert_eq!(factor.provider, Some(FactorProvider::Google));
    // Whole seconds, as every timestamp Okta writes; lastUpdated defaults to created.
    let created = factor.created.unwrap().to_string();
    assert_eq!(created, "2024-01-09T15:36:04.000Z");
    assert_eq!(factor.last_updated, factor.created);
    let listed = store.factors().list("ada@example.com").unwrap();
    assert_eq!(listed, vec![factor.clone()]);
    assert_eq!(store.factors().get(&ada, &factor.id).unwrap(), factor);
    let last = store.events().iter().last().unwrap().clone();
    assert_eq!(last.change, Change::FactorEnrolled { active: true });
    assert_eq!(last.targets[0].id, ada);
}

#[test]
fn a_second_factor_of_the_same_type_and_provider_is_refused_and_changes_nothing() {
    let mut store = fixed_store();
    let ada = new_user(&mut store, "ada@example.com");
    let body = json!({"factorType": "sms", "provider": "OKTA", "status": "PENDING_ACTIVATION"});
    let first = enroll(&mut store, &ada, body.clone());
    assert!(first.id.starts_with("mbl"));
    let events = store.events().len();
    let again = EnrollFactor {
        user: ada.clone(),
        input: FactorInput::parse(&body).unwrap(),
    };
    let err = store.commit(Actor::MockAdmin, again).unwrap_err();
    assert_eq!((err.status, err.code.as_str()), (400, "E0000001"));
    assert_eq!(store.events().len(), events);
    assert_eq!(store.factors().list(&ada).unwrap().len(), 1);
}

#[test]
fn unknown_users_and_factors_are_okta_not_found() {
    let mut store = fixed_store();
    let ada = new_user(&mut store, "ada@example.com");
    let err = store.factors().list("nobody").unwrap_err();
    assert_eq!((err.status, err.code.as_str()), (404, "E0000007"));
    let err = store.factors().get(&ada, "ufs404").unwrap_err();
    assert_eq!(
        err.summary,
        "Not found: Resource not found: ufs404 (UserFactor)"
    );
    let gone = UnenrollFactor {
        user: ada,
        factor: "ufs404".into(),
    };
    assert_eq!(store.commit(Actor::ApiToken, gone).unwrap_err().status, 404);
}

#[test]
fn unenrolling_removes_one_factor_and_reset_factors_removes_them_all() {
    let mut store = fixed_store();
    let ada = new_user(&mut store, "ada@example.com");
    let q = enroll(
        &mut store,
        &ada,
        json!({"factorType": "question", "provider": "OKTA"}),
    );
    enroll(
        &mut store,
        &ada,
        json!({"factorType": "sms", "provider": "OKTA"}),
    );
    let unenroll = UnenrollFactor {
        user: ada.clone(),
        factor: q.id.to_string(),
    };
    store.commit(Actor::ApiToken, unenroll).unwrap();
    let left = store.factors().list(&ada).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].factor_type, FactorType::Sms);
    let reset = RunLifecycle {
        id: ada.clone(),
        op: LifecycleOp::ResetFactors,
        send_email: false,
    };
    store.commit(Actor::ApiToken, reset).unwrap();
    assert!(store.factors().list(&ada).unwrap().is_empty());
}

#[test]
fn a_user_deleted_for_good_takes_its_factors_along() {
    let mut store = fixed_store();
    let ada = new_user(&mut store, "ada@example.com");
    enroll(
        &mut store,
        &ada,
        json!({"factorType": "push", "provider": "OKTA"}),
    );
    for _ in 0..2 {
        let delete = DeleteUser { id: ada.clone() };
        store.commit(Actor::ApiToken, delete).unwrap();
    }
    assert_eq!(store.factors().count(), 0);
}

#[test]
fn locking_a_user_makes_it_locked_out_until_unlocked() {
    let mut store = fixed_store();
    let ada = new_user(&mut store, "ada@example.com");
    let lock = |op| RunLifecycle {
        id: ada.clone(),
        op,
        send_email: false,
    };
    store
        .commit(Actor::MockAdmin, lock(LifecycleOp::Lock))
        .unwrap();
    assert_eq!(
        store.users().get(&ada).unwrap().status,
        UserStatus::LockedOut
    );
    let last = store.events().iter().last().unwrap().clone();
    assert_eq!(last.change, Change::UserLifecycle(LifecycleOp::Lock));
    // Locked already: a second lock is refused like any transition from the wrong status.
    let err = store
        .commit(Actor::MockAdmin, lock(LifecycleOp::Lock))
        .unwrap_err();
    assert_eq!((err.status, err.code.as_str()), (403, "E0000038"));
    store
        .commit(Actor::ApiToken, lock(LifecycleOp::Unlock))
        .unwrap();
    assert_eq!(store.users().get(&ada).unwrap().status, UserStatus::Active);
}

#[test]
fn factor_ids_do_not_shift_the_ids_of_users_created_after_them() {
    let mut with = fixed_store();
    let mut without = fixed_store();
    let a = new_user(&mut with, "a@example.com");
    new_user(&mut without, "a@example.com");
    enroll(
        &mut with,
        &a,
        json!({"factorType": "question", "provider": "OKTA"}),
    );
    assert_eq!(
        new_user(&mut with, "b@example.com"),
        new_user(&mut without, "b@example.com")
    );
}
