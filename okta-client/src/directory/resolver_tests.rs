use serde_json::json;

use super::*;

const ID_A: &str = "yYuRNW0Z6kCXeYidebdT8A==";
const ID_B: &str = "AAECAwQFBgcICQoLDA0ODw==";

fn ad(n: u8) -> AdInstance {
    AdInstance::new(format!("0oaAD{n}"), format!("ad{n}.example.com"))
}

fn assigned(status: &str, external_id: Option<&str>) -> InstanceLookup {
    let app_user: AppUser = serde_json::from_value(json!({
        "id": "00u1",
        "externalId": external_id,
        "status": status,
        "profile": {"externalId": external_id}
    }))
    .unwrap();
    InstanceLookup::Assigned(app_user)
}

fn active(external_id: &str) -> InstanceLookup {
    assigned("ACTIVE", Some(external_id))
}

const CHOSEN: Policy = Policy::FirstInChosenOrder;
const AGREE: Policy = Policy::RequireAgreement;

fn resolve(lookups: Vec<InstanceLookup>, policy: Policy) -> Resolution {
    let input: Vec<(AdInstance, InstanceLookup)> = lookups
        .into_iter()
        .enumerate()
        .map(|(i, l)| (ad(i as u8 + 1), l))
        .collect();
    resolve_immutable_id(&input, policy)
}

fn id(s: &str) -> ImmutableId {
    ImmutableId::parse(s).unwrap()
}

#[test]
fn the_preferred_instance_wins_under_a_chosen_order() {
    let r = resolve(vec![active(ID_A), active(ID_B)], CHOSEN);
    assert_eq!(r.immutable_id(), Some(&id(ID_A)));
    assert_eq!(r.instance(), Some(&ad(1)));
    match r {
        Resolution::Resolved { others, .. } => {
            assert_eq!(others.len(), 1);
            assert_eq!(others[0].0, ad(2));
            assert!(others[0].1.is_usable());
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn without_a_chosen_order_disagreeing_instances_are_a_conflict_naming_both() {
    let r = resolve(vec![active(ID_A), active(ID_B)], Policy::default());
    assert_eq!(
        r,
        Resolution::Conflict {
            values: vec![(ad(1), id(ID_A)), (ad(2), id(ID_B))]
        }
    );
    // The order nobody chose makes no difference to the outcome.
    let reversed = resolve(vec![active(ID_B), active(ID_A)], Policy::default());
    assert!(matches!(reversed, Resolution::Conflict { .. }));
}

#[test]
fn an_unassigned_preferred_instance_falls_through_to_the_next() {
    for policy in [CHOSEN, AGREE] {
        let r = resolve(vec![InstanceLookup::NotAssigned, active(ID_B)], policy);
        assert_eq!(r.immutable_id(), Some(&id(ID_B)));
        assert_eq!(r.instance(), Some(&ad(2)));
    }
}

#[test]
fn deprovisioned_and_staged_assignments_are_never_chosen() {
    for (status, policy) in [("DEPROVISIONED", CHOSEN), ("STAGED", AGREE)] {
        // Even a leftover valid value in an unlinked assignment must not be used, nor make
        // a conflict.
        let r = resolve(vec![assigned(status, Some(ID_A)), active(ID_B)], policy);
        assert_eq!(r.immutable_id(), Some(&id(ID_B)), "{status}");
    }
}

#[test]
fn a_blank_external_id_falls_through_to_the_next_instance() {
    for blank in [None, Some(""), Some("   ")] {
        let r = resolve(vec![assigned("ACTIVE", blank), active(ID_B)], AGREE);
        assert_eq!(r.immutable_id(), Some(&id(ID_B)), "{blank:?}");
    }
}

#[test]
fn garbage_in_the_preferred_instance_stops_without_fallback() {
    let guid = "35918bc9-196d-40ea-9779-889d79b753f0";
    let r = resolve(vec![active(guid), active(ID_B)], CHOSEN);
    match r {
        Resolution::InvalidExternalId {
            instance,
            value,
            reason,
        } => {
            assert_eq!(instance, ad(1));
            assert_eq!(value, guid);
            assert!(matches!(reason, InvalidImmutableId::GuidString { .. }));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn without_a_chosen_order_garbage_in_any_usable_instance_is_reported() {
    let guid = "35918bc9-196d-40ea-9779-889d79b753f0";
    let r = resolve(vec![active(ID_A), active(guid)], AGREE);
    assert!(
        matches!(&r, Resolution::InvalidExternalId { instance, .. } if *instance == ad(2)),
        "{r:?}"
    );
    // A chosen order lets the first instance outvote it.
    let r = resolve(vec![active(ID_A), active(guid)], CHOSEN);
    assert_eq!(r.immutable_id(), Some(&id(ID_A)));
}

#[test]
fn a_user_in_none_of_the_instances_has_no_directory_user() {
    assert_eq!(resolve(vec![], CHOSEN), Resolution::NoDirectoryUser);
    let none = vec![InstanceLookup::NotAssigned, InstanceLookup::NotAssigned];
    assert_eq!(resolve(none, AGREE), Resolution::NoDirectoryUser);
}

#[test]
fn only_unusable_assignments_report_every_observation() {
    let r = resolve(
        vec![
            assigned("DEPROVISIONED", None),
            InstanceLookup::NotAssigned,
            assigned("STAGED", None),
            assigned("ACTIVE", Some(" ")),
        ],
        AGREE,
    );
    match r {
        Resolution::NoUsableExternalId { observations } => {
            assert_eq!(observations.len(), 4);
            assert_eq!(observations[1], (ad(2), Observation::NotAssigned));
            assert_eq!(
                observations[2].1,
                Observation::Assigned {
                    status: Some(AppUserStatus::Staged),
                    external_id: None
                }
            );
            assert!(observations.iter().all(|(_, o)| !o.is_usable()));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn requiring_agreement_reports_disagreeing_instances_even_in_a_chosen_list() {
    let r = resolve(
        vec![active(ID_A), InstanceLookup::NotAssigned, active(ID_B)],
        Policy::for_order(OrderChosen::Yes, Strictness::Strict),
    );
    assert_eq!(
        r,
        Resolution::Conflict {
            values: vec![(ad(1), id(ID_A)), (ad(3), id(ID_B))]
        }
    );
}

#[test]
fn agreeing_instances_resolve_under_either_policy_and_unusable_ones_are_ignored() {
    for policy in [CHOSEN, AGREE] {
        let r = resolve(
            vec![
                active(ID_A),
                active(ID_A),
                assigned("DEPROVISIONED", Some(ID_B)),
                assigned("STAGED", Some("not-an-id")),
                assigned("ACTIVE", Some("")),
            ],
            policy,
        );
        assert_eq!(r.immutable_id(), Some(&id(ID_A)), "{policy:?}");
        assert_eq!(r.instance(), Some(&ad(1)), "{policy:?}");
    }
}

#[test]
fn the_external_id_is_read_from_the_profile_when_the_top_level_is_null() {
    let app_user: AppUser = serde_json::from_value(json!({
        "id": "00u1", "externalId": null, "status": "ACTIVE", "profile": {"externalId": ID_B}
    }))
    .unwrap();
    let r = resolve(vec![InstanceLookup::Assigned(app_user)], AGREE);
    assert_eq!(r.immutable_id(), Some(&id(ID_B)));
}

#[test]
fn a_resolution_serializes_as_tagged_json() {
    let r = resolve(vec![InstanceLookup::NotAssigned, active(ID_A)], AGREE);
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({
            "outcome": "resolved",
            "instance": {"appId": "0oaAD2", "label": "ad2.example.com"},
            "immutableId": ID_A,
            "others": [[{"appId": "0oaAD1", "label": "ad1.example.com"}, {"kind": "notAssigned"}]]
        })
    );
    let invalid = resolve(vec![active("AAAA")], AGREE);
    assert_eq!(
        serde_json::to_value(&invalid).unwrap()["reason"],
        json!({"kind": "wrongLength", "len": 3})
    );
}

#[test]
fn lookups_follow_the_preference_order_and_match_by_app_id() {
    let app_user = match active(ID_A) {
        InstanceLookup::Assigned(u) => u,
        InstanceLookup::NotAssigned => unreachable!(),
    };
    let assignments = [DirectoryAssignment {
        instance: ad(2),
        app_user: app_user.clone(),
    }];
    let lookups = lookups_from_assignments(&[ad(1), ad(2)], &assignments);
    assert_eq!(
        lookups,
        vec![
            (ad(1), InstanceLookup::NotAssigned),
            (ad(2), InstanceLookup::Assigned(app_user))
        ]
    );
}
