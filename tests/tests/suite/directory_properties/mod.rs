//! Property tests of the pure multi-AD logic in `okta_client::directory`: the ordered resolver
//! against a small independent reference model, Okta's `findDirectoryUser()` semantics, the
//! objectGUID ↔ Immutable ID conversion, and the mock's Expression Language against both.
//!
//! The generators live in `directory_properties/scenario.rs`, meant to be reused by the
//! fault-injection and batch properties that will sit next to these.

mod el;
mod reference;
mod scenario;

use okta_client::directory::{
    AdInstance, DirectoryAssignment, ImmutableId, Observation, OrderChosen, Policy, Resolution,
    Strictness, find_directory_user, has_directory_user, lookups_from_assignments,
    resolve_immutable_id,
};
use okta_mock::internals::Expr;
use proptest::prelude::*;
use serde_json::{Value, json};

use el::{ElUser, okta_chain};
use reference::{actual, guid_text, index_of, reference};
use scenario::{AppUserSpec, External, INVALID, lookups, scenario};

proptest! {
    #[test]
    fn the_default_office365_mapping_is_find_directory_users_external_id(
        (instances, _order) in scenario(),
    ) {
        let mapping = Expr::parse("hasDirectoryUser()?findDirectoryUser().externalId:null")
            .expect("Okta's default mapping parses");
        let assigned: Vec<&AppUserSpec> = instances.iter().filter_map(|(_, s)| s.as_ref()).collect();
        let expected = match assigned.as_slice() {
            [only] if only.is_linked() => only.value(),
            _ => Value::Null,
        };
        let user = ElUser::new(&instances);
        prop_assert_eq!(mapping.eval(&user), expected.clone());
        let find = Expr::parse("findDirectoryUser().externalId").expect("parses");
        prop_assert_eq!(find.eval(&user), expected);
        let has = Expr::parse("hasDirectoryUser()").expect("parses");
        prop_assert_eq!(has.eval(&user), json!(assigned.len() == 1));
    }

    #[test]
    fn oktas_ordered_chain_matches_the_resolver_when_no_value_is_blank_or_invalid(
        (instances, order) in scenario(),
    ) {
        // Where they differ is the point of the resolver: the chain takes a blank or garbage
        // value as found, the resolver skips the blank and refuses the garbage.
        let clean = instances.iter().filter_map(|(_, s)| s.as_ref()).all(|s| {
            !s.is_linked() || matches!(s.external, External::Null | External::Valid(_))
        });
        prop_assume!(clean);
        // The admin who writes the chain chose its order.
        let chain = okta_chain(&instances, &order).eval(&ElUser::new(&instances));
        let resolution =
            resolve_immutable_id(&lookups(&instances, &order), Policy::FirstInChosenOrder);
        let resolved = resolution.immutable_id().map_or(Value::Null, |id| json!(id.to_string()));
        prop_assert_eq!(chain, resolved);
    }

    #[test]
    fn the_resolver_agrees_with_the_reference_model(
        (instances, order) in scenario(),
        chosen in any::<bool>(),
        strict in any::<bool>(),
    ) {
        let policy = Policy::for_order(order_chosen(chosen), strictness(strict));
        let resolution = resolve_immutable_id(&lookups(&instances, &order), policy);
        prop_assert_eq!(
            actual(&instances, &resolution),
            reference(&instances, &order, chosen && !strict)
        );
    }

    #[test]
    fn without_a_chosen_order_disagreeing_valid_values_are_never_resolved(
        (instances, order) in scenario(),
        strict in any::<bool>(),
    ) {
        let resolution =
            resolve_immutable_id(&lookups(&instances, &order), Policy::for_order(OrderChosen::No, strictness(strict)));
        let mut distinct: Vec<[u8; 16]> = instances
            .iter()
            .filter_map(|(_, s)| s.as_ref())
            .filter(|s| s.is_usable())
            .filter_map(|s| match s.external { External::Valid(b) => Some(b), _ => None })
            .collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() > 1 {
            prop_assert!(resolution.immutable_id().is_none(), "{:?}", resolution);
        }
    }

    #[test]
    fn without_a_chosen_order_the_order_changes_nothing_but_the_named_source(
        (instances, order) in scenario(),
    ) {
        let forward = resolve_immutable_id(&lookups(&instances, &order), Policy::default());
        let reversed: Vec<usize> = order.iter().rev().copied().collect();
        let backward = resolve_immutable_id(&lookups(&instances, &reversed), Policy::default());
        prop_assert_eq!(forward.immutable_id(), backward.immutable_id());
        prop_assert_eq!(
            std::mem::discriminant(&forward),
            std::mem::discriminant(&backward)
        );
    }

    #[test]
    fn the_result_is_find_directory_users_value_for_a_single_usable_valid_assignment(
        (instances, order) in scenario(),
        chosen in any::<bool>(),
    ) {
        let assignments: Vec<DirectoryAssignment> = instances
            .iter()
            .filter_map(|(instance, spec)| {
                let app_user = spec.as_ref()?.app_user();
                Some(DirectoryAssignment { instance: instance.clone(), app_user })
            })
            .collect();
        prop_assert_eq!(has_directory_user(&assignments), assignments.len() == 1);
        let found = find_directory_user(&assignments);
        prop_assert_eq!(found.is_some(), assignments.len() == 1);

        let policy = Policy::for_order(order_chosen(chosen), Strictness::Lenient);
        let resolution = resolve_immutable_id(&lookups(&instances, &order), policy);
        let single = instances.iter().filter_map(|(_, s)| s.as_ref()).collect::<Vec<_>>();
        let decisive = match (single.as_slice(), found) {
            ([spec], Some(found)) if spec.is_usable() => match spec.external {
                External::Valid(bytes) => Some((found, bytes)),
                _ => None,
            },
            _ => None,
        };
        if let Some((found, bytes)) = decisive {
            prop_assert_eq!(resolution.instance(), Some(&found.instance));
            prop_assert_eq!(resolution.immutable_id(), Some(&ImmutableId::from_bytes(bytes)));
        }
    }

    #[test]
    fn unlinked_or_blank_app_users_never_decide(
        (instances, order) in scenario(),
        chosen in any::<bool>(),
    ) {
        let policy = Policy::for_order(order_chosen(chosen), Strictness::Lenient);
        let resolution = resolve_immutable_id(&lookups(&instances, &order), policy);
        let decider = match &resolution {
            Resolution::Resolved { instance, .. } => Some(instance),
            Resolution::InvalidExternalId { instance, .. } => Some(instance),
            _ => None,
        };
        if let Some(instance) = decider {
            let spec = instances[index_of(&instances, instance)].1.as_ref();
            prop_assert!(spec.is_some_and(AppUserSpec::is_usable), "{:?}", spec);
        }
        if let Resolution::Conflict { values } = &resolution {
            for (instance, _) in values {
                let spec = instances[index_of(&instances, instance)].1.as_ref();
                prop_assert!(spec.is_some_and(AppUserSpec::is_usable));
            }
        }
    }

    #[test]
    fn conflicts_come_exactly_from_disagreeing_valid_values_without_a_chosen_order(
        (instances, order) in scenario(),
    ) {
        let input = lookups(&instances, &order);
        let agree = resolve_immutable_id(&input, Policy::RequireAgreement);
        let chosen = resolve_immutable_id(&input, Policy::FirstInChosenOrder);
        let usable: Vec<&AppUserSpec> = order
            .iter()
            .filter_map(|&i| instances[i].1.as_ref())
            .filter(|s| s.is_usable())
            .collect();
        let all_valid = usable.iter().all(|s| matches!(s.external, External::Valid(_)));
        let mut distinct: Vec<[u8; 16]> = usable
            .iter()
            .filter_map(|s| match s.external { External::Valid(b) => Some(b), _ => None })
            .collect();
        distinct.sort();
        distinct.dedup();
        let is_conflict = matches!(agree, Resolution::Conflict { .. });
        prop_assert_eq!(is_conflict, all_valid && distinct.len() > 1);
        // A chosen order never conflicts, and when every usable value is the same valid one,
        // the policy changes nothing.
        let chosen_conflicts = matches!(chosen, Resolution::Conflict { .. });
        prop_assert!(!chosen_conflicts, "{:?}", chosen);
        if all_valid && distinct.len() <= 1 {
            prop_assert_eq!(&agree, &chosen);
        }
    }

    #[test]
    fn every_instance_is_reported_once_in_preference_order(
        (instances, order) in scenario(),
    ) {
        let input = lookups(&instances, &order);
        let expected: Vec<AdInstance> = input.iter().map(|(i, _)| i.clone()).collect();
        match resolve_immutable_id(&input, Policy::default()) {
            Resolution::Resolved { instance, others, .. } => {
                let mut seen: Vec<AdInstance> = others.iter().map(|(i, _)| i.clone()).collect();
                let at = expected.iter().position(|i| *i == instance).unwrap_or(usize::MAX);
                prop_assert!(at <= seen.len());
                seen.insert(at, instance);
                prop_assert_eq!(seen, expected);
            }
            Resolution::NoUsableExternalId { observations } => {
                let seen: Vec<AdInstance> = observations.iter().map(|(i, _)| i.clone()).collect();
                prop_assert_eq!(seen, expected);
                prop_assert!(observations.iter().all(|(_, o)| !o.is_usable()));
                prop_assert!(observations.iter().any(|(_, o)| *o != Observation::NotAssigned));
            }
            _ => {}
        }
    }

    #[test]
    fn instances_left_out_of_the_preference_are_never_chosen(
        (instances, order) in scenario(),
        keep in 0usize..=4,
    ) {
        let preferred = &order[..keep.min(order.len())];
        let resolution =
            resolve_immutable_id(&lookups(&instances, preferred), Policy::FirstInChosenOrder);
        if let Some(instance) = resolution.instance() {
            prop_assert!(preferred.contains(&index_of(&instances, instance)));
        }
        prop_assert_eq!(
            actual(&instances, &resolution),
            reference(&instances, preferred, true)
        );
    }

    #[test]
    fn lookups_built_from_a_complete_listing_resolve_the_same(
        (instances, order) in scenario(),
    ) {
        let assignments: Vec<DirectoryAssignment> = instances
            .iter()
            .filter_map(|(instance, spec)| {
                let app_user = spec.as_ref()?.app_user();
                Some(DirectoryAssignment { instance: instance.clone(), app_user })
            })
            .collect();
        let preference: Vec<AdInstance> = order.iter().map(|&i| instances[i].0.clone()).collect();
        let built = lookups_from_assignments(&preference, &assignments);
        prop_assert_eq!(&built, &lookups(&instances, &order));
    }

    #[test]
    fn guid_and_immutable_id_round_trip(bytes in any::<[u8; 16]>()) {
        let id = ImmutableId::from_bytes(bytes);
        let guid = guid_text(&bytes);
        prop_assert_eq!(id.to_object_guid(), guid.clone());
        prop_assert_eq!(ImmutableId::from_object_guid(&guid).ok(), Some(id));
        let shouted = format!("{{{}}}", guid.to_uppercase());
        prop_assert_eq!(ImmutableId::from_object_guid(&shouted).ok(), Some(id));
        prop_assert_eq!(ImmutableId::parse(&id.to_string()).ok(), Some(id));
        // The GUID text itself is never accepted as an Immutable ID.
        prop_assert!(ImmutableId::parse(&guid).is_err());
    }
}

#[test]
fn the_wire_vector_anchors_the_byte_order() {
    let bytes = [
        0xC9, 0x8B, 0x91, 0x35, 0x6D, 0x19, 0xEA, 0x40, 0x97, 0x79, 0x88, 0x9D, 0x79, 0xB7, 0x53,
        0xF0,
    ];
    assert_eq!(guid_text(&bytes), "35918bc9-196d-40ea-9779-889d79b753f0");
    assert_eq!(
        ImmutableId::from_bytes(bytes).to_string(),
        "yYuRNW0Z6kCXeYidebdT8A=="
    );
}

#[test]
fn every_invalid_sample_is_rejected() {
    for value in INVALID {
        assert!(ImmutableId::parse(value).is_err(), "{value}");
    }
}

/// The resolver's order argument for a generated "did a person choose the order" flag.
fn order_chosen(chosen: bool) -> OrderChosen {
    if chosen {
        OrderChosen::Yes
    } else {
        OrderChosen::No
    }
}

/// The resolver's strictness argument for a generated "--strict" flag.
fn strictness(strict: bool) -> Strictness {
    if strict {
        Strictness::Strict
    } else {
        Strictness::Lenient
    }
}
