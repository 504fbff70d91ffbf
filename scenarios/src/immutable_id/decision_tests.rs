use okta_client::directory::{OrderChosen, Strictness};
use okta_client::models::AppUser;
use serde_json::json;

use super::*;

const ID_A: &str = "yYuRNW0Z6kCXeYidebdT8A==";
const ID_B: &str = "AAECAwQFBgcICQoLDA0ODw==";

fn ad(n: u8) -> AdInstance {
    AdInstance::new(format!("0oaAD{n}"), format!("ad{n}.example.com"))
}

fn assigned(status: &str, external_id: Option<&str>) -> InstanceLookup {
    let app_user: AppUser = serde_json::from_value(json!({
        "id": "00u1", "externalId": external_id, "status": status, "profile": {}
    }))
    .unwrap();
    InstanceLookup::Assigned(app_user)
}

fn user(status: UserStatus) -> Option<Read<Option<UserSummary>>> {
    Some(Ok(Some(UserSummary {
        id: UserId::new("00u1"),
        login: "rae@example.com".into(),
        status,
    })))
}

fn facts(current: Option<&str>, lookups: Vec<InstanceLookup>) -> UserFacts {
    let directories = lookups
        .into_iter()
        .enumerate()
        .map(|(i, l)| (ad(i as u8 + 1), l))
        .collect();
    UserFacts {
        user: user(UserStatus::Active),
        in_group: None,
        office365: Some(Ok(Some(Office365User {
            immutable_id: current.map(str::to_owned),
        }))),
        directories: Some(Ok(directories)),
    }
}

fn lenient() -> Rules {
    Rules::default()
}

fn chosen_order(strictness: Strictness) -> Rules {
    Rules {
        group_required: false,
        policy: Policy::for_order(OrderChosen::Yes, strictness),
        order: Some("--prefer ad1.example.com > ad2.example.com".into()),
    }
}

#[test]
fn facts_are_asked_for_in_the_seed_flows_order() {
    let rules = Rules {
        group_required: true,
        ..Rules::default()
    };
    let mut f = UserFacts::default();
    assert_eq!(decide(&f, &rules), Err(Needed::User));
    f.user = user(UserStatus::Active);
    assert_eq!(decide(&f, &rules), Err(Needed::GroupMembership));
    f.in_group = Some(Ok(true));
    assert_eq!(decide(&f, &rules), Err(Needed::Office365));
    f.office365 = Some(Ok(Some(Office365User { immutable_id: None })));
    assert_eq!(decide(&f, &rules), Err(Needed::Directories));
    f.directories = Some(Ok(vec![(ad(1), assigned("ACTIVE", Some(ID_A)))]));
    assert_eq!(decide(&f, &rules).unwrap().outcome, Outcome::WouldUpdate);
}

#[test]
fn a_missing_user_and_a_deprovisioned_user_stop_before_anything_else_is_read() {
    let f = UserFacts {
        user: Some(Ok(None)),
        ..UserFacts::default()
    };
    assert_eq!(
        decide(&f, &lenient()).unwrap().outcome,
        Outcome::UserNotFound
    );
    let f = UserFacts {
        user: user(UserStatus::Deprovisioned),
        ..UserFacts::default()
    };
    assert_eq!(
        decide(&f, &lenient()).unwrap().outcome,
        Outcome::UserDeactivated
    );
}

#[test]
fn a_user_outside_the_group_is_not_in_group_and_the_group_is_ignored_when_not_configured() {
    let mut f = facts(None, vec![assigned("ACTIVE", Some(ID_A))]);
    f.in_group = Some(Ok(false));
    let rules = Rules {
        group_required: true,
        ..Rules::default()
    };
    assert_eq!(decide(&f, &rules).unwrap().outcome, Outcome::NotInGroup);
    assert_eq!(
        decide(&f, &lenient()).unwrap().outcome,
        Outcome::WouldUpdate
    );
}

#[test]
fn a_user_without_an_office365_app_user_is_reported_and_nothing_is_written() {
    let mut f = facts(None, vec![assigned("ACTIVE", Some(ID_A))]);
    f.office365 = Some(Ok(None));
    let d = decide(&f, &lenient()).unwrap();
    assert_eq!(d.outcome, Outcome::NoOffice365Assignment);
    assert_eq!(d.write(), None);
}

#[test]
fn a_differing_value_is_written_and_an_equal_one_is_already_correct() {
    let d = decide(
        &facts(Some(ID_B), vec![assigned("ACTIVE", Some(ID_A))]),
        &lenient(),
    )
    .unwrap();
    assert_eq!(d.outcome, Outcome::WouldUpdate);
    assert_eq!(d.write().map(|id| id.to_string()), Some(ID_A.to_owned()));
    assert_eq!(d.previous.as_deref(), Some(ID_B));
    assert_eq!(d.source, Some(ad(1)));

    let d = decide(
        &facts(Some(ID_A), vec![assigned("ACTIVE", Some(ID_A))]),
        &lenient(),
    )
    .unwrap();
    assert_eq!(d.outcome, Outcome::AlreadyCorrect);
    assert_eq!(d.write(), None);
}

#[test]
fn without_a_chosen_order_disagreeing_instances_are_a_conflict_naming_both_values() {
    let lookups = vec![
        assigned("ACTIVE", Some(ID_A)),
        assigned("ACTIVE", Some(ID_B)),
    ];
    let d = decide(&facts(None, lookups), &Rules::default()).unwrap();
    assert_eq!(d.outcome, Outcome::Conflict);
    assert_eq!(d.write(), None);
    for part in [
        &format!("ad1.example.com={ID_A}"),
        &format!("ad2.example.com={ID_B}"),
        "no order was chosen",
    ] {
        assert!(d.message.contains(part), "{part} in {}", d.message);
    }
}

#[test]
fn a_chosen_order_takes_the_first_instance_and_says_which_order_decided() {
    let lookups = vec![
        assigned("ACTIVE", Some(ID_A)),
        assigned("ACTIVE", Some(ID_B)),
    ];
    let d = decide(
        &facts(None, lookups.clone()),
        &chosen_order(Strictness::Lenient),
    )
    .unwrap();
    assert_eq!(d.outcome, Outcome::WouldUpdate);
    assert_eq!(d.source, Some(ad(1)));
    for part in [
        "first in the chosen order (--prefer ad1.example.com > ad2.example.com)",
        "also assigned in ad2.example.com",
    ] {
        assert!(d.message.contains(part), "{part} in {}", d.message);
    }
    let d = decide(&facts(None, lookups), &chosen_order(Strictness::Strict)).unwrap();
    assert_eq!(d.outcome, Outcome::Conflict);
    assert!(d.message.contains("strict"), "{}", d.message);
    assert_eq!(d.write(), None);
}

#[test]
fn agreeing_instances_resolve_with_or_without_an_order() {
    let lookups = vec![
        assigned("ACTIVE", Some(ID_A)),
        assigned("ACTIVE", Some(ID_A)),
    ];
    for rules in [
        Rules::default(),
        chosen_order(Strictness::Lenient),
        chosen_order(Strictness::Strict),
    ] {
        let d = decide(&facts(None, lookups.clone()), &rules).unwrap();
        assert_eq!(d.outcome, Outcome::WouldUpdate, "{rules:?}");
        assert_eq!(d.write().map(|id| id.to_string()), Some(ID_A.to_owned()));
    }
}

#[test]
fn failed_reads_are_errors_and_never_absence() {
    let mut f = facts(None, vec![]);
    f.directories = Some(Err("HTTP 503".into()));
    let d = decide(&f, &lenient()).unwrap();
    assert_eq!(d.outcome, Outcome::Error);
    assert!(d.message.contains("503"));
    f.office365 = Some(Err("HTTP 429".into()));
    assert_eq!(decide(&f, &lenient()).unwrap().outcome, Outcome::Error);
    f.user = Some(Err("timeout".into()));
    assert_eq!(decide(&f, &lenient()).unwrap().outcome, Outcome::Error);
}

#[test]
fn unusable_missing_and_invalid_values_are_reported_without_a_write() {
    let cases = [
        (vec![], Outcome::NoDirectoryUser),
        (vec![InstanceLookup::NotAssigned], Outcome::NoDirectoryUser),
        (
            vec![assigned("DEPROVISIONED", Some(ID_A))],
            Outcome::NoUsableExternalId,
        ),
        (
            vec![assigned(
                "ACTIVE",
                Some("35918bc9-196d-40ea-9779-889d79b753f0"),
            )],
            Outcome::InvalidExternalId,
        ),
    ];
    for (lookups, expected) in cases {
        let d = decide(&facts(None, lookups), &lenient()).unwrap();
        assert_eq!(d.outcome, expected, "{}", d.message);
        assert_eq!(d.write(), None);
    }
}

#[test]
fn a_non_string_current_value_never_equals_an_immutable_id() {
    let profile = json!({"immutableId": 42}).as_object().cloned().unwrap();
    assert_eq!(
        Office365User::from_profile(&profile)
            .immutable_id
            .as_deref(),
        Some("42")
    );
    let profile = json!({"immutableId": null}).as_object().cloned().unwrap();
    assert_eq!(Office365User::from_profile(&profile).immutable_id, None);
}
