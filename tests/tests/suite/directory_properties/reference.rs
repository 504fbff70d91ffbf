//! An independent reference model of the resolver's rules, and the GUID text written by hand.

use okta_client::directory::{AdInstance, Resolution};

use super::scenario::{AppUserSpec, External};

/// The reference model's verdict, by instance index.
#[derive(Debug, PartialEq)]
pub(crate) enum Expected {
    Resolved(usize, [u8; 16]),
    NoDirectoryUser,
    NoUsableExternalId,
    InvalidExternalId(usize),
    Conflict(Vec<(usize, [u8; 16])>),
}

/// The rules, written independently: skip unassigned and unusable instances; with a chosen
/// order the first usable one decides; without one, every usable value must be a valid
/// Immutable ID and all must be the same.
pub(crate) fn reference(
    instances: &[(AdInstance, Option<AppUserSpec>)],
    order: &[usize],
    order_chosen: bool,
) -> Expected {
    let usable: Vec<(usize, &AppUserSpec)> = order
        .iter()
        .filter_map(|&i| instances[i].1.as_ref().map(|s| (i, s)))
        .filter(|(_, s)| s.is_usable())
        .collect();
    let Some(&(first, spec)) = usable.first() else {
        let any_assigned = order.iter().any(|&i| instances[i].1.is_some());
        return if any_assigned {
            Expected::NoUsableExternalId
        } else {
            Expected::NoDirectoryUser
        };
    };
    if order_chosen {
        return match spec.external {
            External::Valid(bytes) => Expected::Resolved(first, bytes),
            _ => Expected::InvalidExternalId(first),
        };
    }
    if let Some((garbage, _)) = usable
        .iter()
        .find(|(_, s)| !matches!(s.external, External::Valid(_)))
    {
        return Expected::InvalidExternalId(*garbage);
    }
    let valid: Vec<(usize, [u8; 16])> = usable
        .iter()
        .filter_map(|(i, s)| match s.external {
            External::Valid(bytes) => Some((*i, bytes)),
            _ => None,
        })
        .collect();
    let chosen = valid[0].1;
    if valid.iter().any(|(_, bytes)| *bytes != chosen) {
        return Expected::Conflict(valid);
    }
    Expected::Resolved(first, chosen)
}

pub(crate) fn index_of(
    instances: &[(AdInstance, Option<AppUserSpec>)],
    instance: &AdInstance,
) -> usize {
    instances
        .iter()
        .position(|(i, _)| i == instance)
        .expect("the resolver only returns instances it was given")
}

pub(crate) fn actual(
    instances: &[(AdInstance, Option<AppUserSpec>)],
    resolution: &Resolution,
) -> Expected {
    match resolution {
        Resolution::Resolved {
            instance,
            immutable_id,
            ..
        } => Expected::Resolved(index_of(instances, instance), *immutable_id.as_bytes()),
        Resolution::NoDirectoryUser => Expected::NoDirectoryUser,
        Resolution::NoUsableExternalId { .. } => Expected::NoUsableExternalId,
        Resolution::InvalidExternalId { instance, .. } => {
            Expected::InvalidExternalId(index_of(instances, instance))
        }
        Resolution::Conflict { values } => Expected::Conflict(
            values
                .iter()
                .map(|(i, id)| (index_of(instances, i), *id.as_bytes()))
                .collect(),
        ),
        other => panic!("an outcome the reference model does not know: {other:?}"),
    }
}

/// The GUID text of Microsoft-order bytes, written independently of the code under test.
pub(crate) fn guid_text(b: &[u8; 16]) -> String {
    let hex = |bytes: &[u8]| bytes.iter().map(|x| format!("{x:02x}")).collect::<String>();
    format!(
        "{}-{}-{}-{}-{}",
        hex(&[b[3], b[2], b[1], b[0]]),
        hex(&[b[5], b[4]]),
        hex(&[b[7], b[6]]),
        hex(&b[8..10]),
        hex(&b[10..16])
    )
}
