//! Choosing a multi-AD user's Immutable ID from an ordered list of AD instances.

use serde::Serialize;

use super::assignment::{
    AdInstance, DirectoryAssignment, directory_external_id, is_unlinked_status,
};
use super::immutable_id::{ImmutableId, InvalidImmutableId};
use crate::models::{AppUser, AppUserStatus};

/// What a lookup of the user in one AD instance found.
///
/// The I/O layer builds this from `GET /api/v1/apps/{appId}/users/{userId}`: a 200 is
/// [`Assigned`](Self::Assigned), and ONLY a 404 with error code E0000007 is
/// [`NotAssigned`](Self::NotAssigned). Any other failure (429, 5xx, timeouts, 401/403) says
/// nothing about the assignment and must never reach the resolver: the I/O layer retries it or
/// reports it. Treating such an error as "not assigned" is exactly the bug that makes a rate
/// limit silently pick the wrong directory.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
// One value per AD instance and short-lived: boxing would only make every caller write
// `Box::new`.
#[allow(clippy::large_enum_variant)]
pub enum InstanceLookup {
    /// The user has an app user in this instance (any status).
    Assigned(AppUser),
    /// The instance answered 404 E0000007: the user is not assigned to it.
    NotAssigned,
}

/// How the resolver treats instances after the one that decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Policy {
    /// When true, another usable instance holding a different valid Immutable ID is a
    /// [`Resolution::Conflict`] instead of being outvoted by preference order.
    pub strict: bool,
}

/// What the resolver saw in one AD instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Observation {
    /// The user is not assigned to this instance.
    NotAssigned,
    /// The user has an app user here.
    Assigned {
        /// The app user's status.
        status: Option<AppUserStatus>,
        /// Its `externalId` as found (top level, else the profile attribute), unvalidated.
        external_id: Option<String>,
    },
}

impl Observation {
    /// Records an instance lookup.
    pub fn of(lookup: &InstanceLookup) -> Self {
        match lookup {
            InstanceLookup::NotAssigned => Observation::NotAssigned,
            InstanceLookup::Assigned(app_user) => Observation::Assigned {
                status: app_user.status.clone(),
                // A blank value is kept as seen, for the report; it is never usable.
                external_id: directory_external_id(app_user)
                    .map(str::to_owned)
                    .or_else(|| app_user.external_id.clone()),
            },
        }
    }

    /// True when this assignment may decide: linked (not DEPROVISIONED or STAGED) and holding a
    /// non-blank `externalId`.
    pub fn is_usable(&self) -> bool {
        self.usable_value().is_some()
    }

    fn usable_value(&self) -> Option<&str> {
        match self {
            Observation::NotAssigned => None,
            Observation::Assigned {
                status,
                external_id,
            } => {
                if is_unlinked_status(status.as_ref()) {
                    return None;
                }
                external_id.as_deref().filter(|v| !v.trim().is_empty())
            }
        }
    }
}

/// The outcome of [`resolve_immutable_id`]. Every variant that is not `Resolved` means: push
/// nothing to Office 365 and tell a human.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "outcome",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Resolution {
    /// The first usable instance in preference order holds a valid Immutable ID.
    Resolved {
        /// The instance that decided.
        instance: AdInstance,
        /// Its Immutable ID.
        immutable_id: ImmutableId,
        /// Every other instance with what was seen there, in preference order.
        others: Vec<(AdInstance, Observation)>,
    },
    /// The user is assigned to none of the instances.
    NoDirectoryUser,
    /// The user is assigned, but every assignment is DEPROVISIONED, STAGED, or has no
    /// `externalId`.
    NoUsableExternalId {
        /// Every instance with what was seen there, in preference order.
        observations: Vec<(AdInstance, Observation)>,
    },
    /// The first usable instance holds something that is not an Immutable ID. There is no
    /// fallback to the next instance: the preferred directory holding garbage needs a human.
    InvalidExternalId {
        /// The instance that holds the value.
        instance: AdInstance,
        /// The value as found.
        value: String,
        /// Why it is not an Immutable ID.
        reason: InvalidImmutableId,
    },
    /// Strict policy only: usable instances hold different valid Immutable IDs.
    Conflict {
        /// Every usable instance with a valid value, in preference order.
        values: Vec<(AdInstance, ImmutableId)>,
    },
}

impl Resolution {
    /// The chosen Immutable ID, when resolved.
    pub fn immutable_id(&self) -> Option<&ImmutableId> {
        match self {
            Resolution::Resolved { immutable_id, .. } => Some(immutable_id),
            _ => None,
        }
    }

    /// The instance that decided, when resolved.
    pub fn instance(&self) -> Option<&AdInstance> {
        match self {
            Resolution::Resolved { instance, .. } => Some(instance),
            _ => None,
        }
    }
}

/// Chooses the Immutable ID of a user from AD instances listed in order of preference.
///
/// Walks the list in order and skips instances where the user is not assigned or the assignment
/// is not usable (DEPROVISIONED, STAGED, or a null/blank `externalId`). The first instance with a
/// non-blank `externalId` decides: a valid Immutable ID gives [`Resolution::Resolved`], anything
/// else [`Resolution::InvalidExternalId`] without trying further instances. With
/// [`Policy::strict`], a different valid value in any other usable instance gives
/// [`Resolution::Conflict`].
///
/// Pure: the lookups are done by the caller, see [`InstanceLookup`] for which HTTP outcomes may
/// become which variant.
pub fn resolve_immutable_id(
    lookups: &[(AdInstance, InstanceLookup)],
    policy: Policy,
) -> Resolution {
    let observations: Vec<(AdInstance, Observation)> = lookups
        .iter()
        .map(|(instance, lookup)| (instance.clone(), Observation::of(lookup)))
        .collect();
    let Some(first) = observations.iter().position(|(_, o)| o.is_usable()) else {
        let any_assigned = observations
            .iter()
            .any(|(_, o)| matches!(o, Observation::Assigned { .. }));
        return if any_assigned {
            Resolution::NoUsableExternalId { observations }
        } else {
            Resolution::NoDirectoryUser
        };
    };
    let (instance, observation) = &observations[first];
    let value = observation.usable_value().unwrap_or_default();
    let immutable_id = match ImmutableId::parse(value) {
        Ok(id) => id,
        Err(reason) => {
            return Resolution::InvalidExternalId {
                instance: instance.clone(),
                value: value.to_owned(),
                reason,
            };
        }
    };
    if policy.strict {
        let values: Vec<(AdInstance, ImmutableId)> = observations
            .iter()
            .filter_map(|(instance, o)| {
                let id = ImmutableId::parse(o.usable_value()?).ok()?;
                Some((instance.clone(), id))
            })
            .collect();
        if values.iter().any(|(_, id)| *id != immutable_id) {
            return Resolution::Conflict { values };
        }
    }
    let instance = instance.clone();
    let mut others = observations;
    others.remove(first);
    Resolution::Resolved {
        instance,
        immutable_id,
        others,
    }
}

/// Builds the resolver's input from a user's AD assignments (for example from listing each AD
/// app's users): each preferred instance is [`InstanceLookup::Assigned`] when an assignment for
/// its app id is present, else [`InstanceLookup::NotAssigned`]. Only sound when the listing was
/// complete; a partial or failed listing must not be turned into "not assigned".
pub fn lookups_from_assignments(
    preference: &[AdInstance],
    assignments: &[DirectoryAssignment],
) -> Vec<(AdInstance, InstanceLookup)> {
    preference
        .iter()
        .map(|instance| {
            let found = assignments
                .iter()
                .find(|a| a.instance.app_id == instance.app_id);
            let lookup = match found {
                Some(a) => InstanceLookup::Assigned(a.app_user.clone()),
                None => InstanceLookup::NotAssigned,
            };
            (instance.clone(), lookup)
        })
        .collect()
}

#[cfg(test)]
#[path = "resolver_tests.rs"]
mod tests;
