use okta_client::directory::AdInstance;
use serde_json::json;

use super::*;

const ID_A: &str = "yYuRNW0Z6kCXeYidebdT8A==";
const ID_B: &str = "AAECAwQFBgcICQoLDA0ODw==";

fn app_user(id: &str, login: Option<&str>, immutable_id: Option<&str>) -> AppUser {
    let mut value = json!({"id": id, "status": "ACTIVE", "profile": {"immutableId": immutable_id}});
    if let Some(login) = login {
        value["_embedded"] = json!({"user": {"id": id, "status": "ACTIVE",
            "profile": {"login": login, "email": login, "firstName": "F", "lastName": "L"}}});
    }
    serde_json::from_value(value).unwrap()
}

fn claim(outcome: Outcome, value: &str) -> Decision {
    Decision {
        source: Some(AdInstance::new("0oaAD1", "corp.example.com")),
        immutable_id: Some(ImmutableId::parse(value).unwrap()),
        ..Decision::new(outcome, "")
    }
}

struct Run(Vec<(UserId, String, Decision)>);

impl Run {
    fn new(users: &[(&str, Decision)]) -> Self {
        Self(
            users
                .iter()
                .map(|(login, d)| {
                    (
                        UserId::new(format!("00u{login}")),
                        login.to_string(),
                        d.clone(),
                    )
                })
                .collect(),
        )
    }

    fn check(mut self, holders: &Holders) -> Vec<(Outcome, Vec<String>)> {
        refuse_duplicates(
            self.0
                .iter_mut()
                .map(|(id, login, d)| (&*id, login.as_str(), d)),
            holders,
        );
        self.0
            .into_iter()
            .map(|(_, _, d)| (d.outcome, d.shared_with))
            .collect()
    }
}

#[test]
fn two_users_of_the_run_getting_the_same_value_are_both_refused_and_named() {
    let run = Run::new(&[
        ("ann", claim(Outcome::WouldUpdate, ID_A)),
        ("ben", claim(Outcome::WouldUpdate, ID_A)),
        ("cid", claim(Outcome::WouldUpdate, ID_B)),
    ]);
    let checked = run.check(&Holders::default());
    assert_eq!(
        checked,
        vec![
            (Outcome::DuplicateImmutableId, vec!["ben".to_owned()]),
            (Outcome::DuplicateImmutableId, vec!["ann".to_owned()]),
            (Outcome::WouldUpdate, vec![]),
        ]
    );
}

#[test]
fn a_value_held_by_another_app_user_is_refused_and_the_holder_is_named_by_login() {
    let holders = Holders::from_app_users(&[
        app_user("00uzed", Some("zed@example.com"), Some(ID_A)),
        app_user("00uyan", None, Some(ID_B)),
        app_user("00uxia", Some("xia@example.com"), Some("not an id")),
    ]);
    let run = Run::new(&[
        ("ann", claim(Outcome::WouldUpdate, ID_A)),
        ("bob", claim(Outcome::AlreadyCorrect, ID_B)),
    ]);
    let checked = run.check(&holders);
    assert_eq!(
        checked,
        vec![
            (
                Outcome::DuplicateImmutableId,
                vec!["zed@example.com".to_owned()]
            ),
            (Outcome::DuplicateImmutableId, vec!["00uyan".to_owned()]),
        ]
    );
}

#[test]
fn a_user_holding_its_own_value_or_listed_twice_is_no_duplicate() {
    let holders = Holders::from_app_users(&[app_user("00uann", Some("ann"), Some(ID_A))]);
    let mut run = Run::new(&[
        ("ann", claim(Outcome::AlreadyCorrect, ID_A)),
        ("ann", claim(Outcome::AlreadyCorrect, ID_A)),
    ]);
    run.0[1].0 = UserId::new("00uann");
    let checked = run.check(&holders);
    assert!(
        checked.iter().all(|(o, _)| *o == Outcome::AlreadyCorrect),
        "{checked:?}"
    );
}

#[test]
fn only_users_about_to_hold_a_value_are_checked() {
    let holders = Holders::from_app_users(&[app_user("00uzed", Some("zed"), Some(ID_A))]);
    let mut conflict = claim(Outcome::Conflict, ID_A);
    conflict.immutable_id = None;
    let run = Run::new(&[
        ("ann", conflict),
        ("bob", claim(Outcome::InvalidExternalId, ID_A)),
    ]);
    let checked = run.check(&holders);
    assert_eq!(checked[0].0, Outcome::Conflict);
    assert_eq!(checked[1].0, Outcome::InvalidExternalId);
}

#[test]
fn the_message_names_the_value_the_source_and_every_other_user() {
    let holders = Holders::from_app_users(&[app_user("00uzed", Some("zed"), Some(ID_A))]);
    let mut run = Run::new(&[
        ("ann", claim(Outcome::WouldUpdate, ID_A)),
        ("ben", claim(Outcome::WouldUpdate, ID_A)),
    ]);
    refuse_duplicates(
        run.0
            .iter_mut()
            .map(|(id, login, d)| (&*id, login.as_str(), d)),
        &holders,
    );
    let message = &run.0[0].2.message;
    for part in [
        ID_A,
        "corp.example.com",
        "for ann",
        "held in Office 365 by zed",
        "would also go to ben",
    ] {
        assert!(message.contains(part), "{part} in {message}");
    }
    assert_eq!(run.0[0].2.write(), None);
}

#[test]
fn without_the_holders_every_claimed_value_becomes_an_error() {
    let mut decisions = [
        claim(Outcome::WouldUpdate, ID_A),
        Decision::new(Outcome::NoDirectoryUser, ""),
    ];
    no_holders_known(decisions.iter_mut(), "HTTP 503");
    assert_eq!(decisions[0].outcome, Outcome::Error);
    assert!(decisions[0].message.contains("HTTP 503"));
    assert_eq!(decisions[1].outcome, Outcome::NoDirectoryUser);
}

#[test]
fn while_any_user_of_the_run_could_not_be_read_nothing_is_written() {
    let mut decisions = [
        claim(Outcome::WouldUpdate, ID_A),
        claim(Outcome::AlreadyCorrect, ID_B),
        Decision::new(Outcome::Error, "reading the user: HTTP 503"),
        Decision::new(Outcome::NoDirectoryUser, ""),
    ];
    let logins = ["ann", "bob", "walt", "zed"];
    hold_back_while_unknown(logins.into_iter().zip(decisions.iter_mut()));
    assert_eq!(decisions[0].outcome, Outcome::Error);
    assert_eq!(decisions[0].write(), None);
    for part in [ID_A, "walt", "HTTP 503"] {
        assert!(
            decisions[0].message.contains(part),
            "{part} in {}",
            decisions[0].message
        );
    }
    assert_eq!(decisions[1].outcome, Outcome::AlreadyCorrect);
    assert_eq!(decisions[3].outcome, Outcome::NoDirectoryUser);

    let mut healthy = [claim(Outcome::WouldUpdate, ID_A)];
    hold_back_while_unknown(["ann"].into_iter().zip(healthy.iter_mut()));
    assert_eq!(healthy[0].outcome, Outcome::WouldUpdate);
}
