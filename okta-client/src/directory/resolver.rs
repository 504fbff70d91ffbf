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

/// Whether the order of the instances may pick between instances that disagree.
///
/// The order of the lookups is only a preference when a person chose it. Without a chosen
/// order (for example every AD app of the org, in whatever order the API lists them, which is
/// the order they happened to be created in), two instances holding different Immutable IDs
/// are a [`Resolution::Conflict`]: an Immutable ID joins an Office 365 account to an
/// on-premises account, and the wrong one joins a person to somebody else's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Policy {
    /// The default, and the only policy for an order nobody chose: every usable instance
    /// (linked, with a non-blank `externalId`) must hold a valid Immutable ID, and all the
    /// same one. Different valid values are a [`Resolution::Conflict`]; a value that is not an
    /// Immutable ID in any of them is [`Resolution::InvalidExternalId`]. The outcome does not
    /// depend on the order of the instances (only which instance is named as the source).
    #[default]
    RequireAgreement,
    /// The lookups are in an order a person chose: the first usable instance decides, and
    /// later instances holding other values are outvoted (reported in
    /// [`Resolution::Resolved::others`]).
    FirstInChosenOrder,
}

/// Whether a person chose the order of the AD instances (for example with `--prefer`), or the
/// order is merely the one the API listed them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderChosen {
    /// A person chose the order: it may be a preference.
    Yes,
    /// Nobody chose the order: it must never pick between disagreeing instances.
    No,
}

/// Whether a run asked that every usable AD instance agree even when the order was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    /// A chosen order may outvote instances holding other values (the default).
    #[default]
    Lenient,
    /// Every usable instance must hold the same Immutable ID, whatever the order.
    Strict,
}

impl Policy {
    /// The policy for a run: [`Policy::FirstInChosenOrder`] only when a person chose the order
    /// and did not ask for strictness; otherwise [`Policy::RequireAgreement`].
    ///
    /// ```
    /// use okta_client::directory::{OrderChosen, Policy, Strictness};
    /// assert_eq!(Policy::for_order(OrderChosen::No, Strictness::Lenient), Policy::RequireAgreement);
    /// assert_eq!(Policy::for_order(OrderChosen::Yes, Strictness::Lenient), Policy::FirstInChosenOrder);
    /// assert_eq!(Policy::for_order(OrderChosen::Yes, Strictness::Strict), Policy::RequireAgreement);
    /// ```
    pub fn for_order(order: OrderChosen, strictness: Strictness) -> Self {
        match (order, strictness) {
            (OrderChosen::Yes, Strictness::Lenient) => Policy::FirstInChosenOrder,
            (OrderChosen::Yes, Strictness::Strict) | (OrderChosen::No, _) => {
                Policy::RequireAgreement
            }
        }
    }

    /// True when the order of the instances may pick between disagreeing values.
    pub fn order_decides(self) -> bool {
        self == Policy::FirstInChosenOrder
    }
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
    /// The first usable instance in preference order holds a valid Immutable ID (and, under
    /// [`Policy::RequireAgreement`], every other usable instance holds the same one).
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
    /// A usable instance holds something that is not an Immutable ID: the first usable one
    /// under [`Policy::FirstInChosenOrder`] (there is no fallback to the next instance: the
    /// preferred directory holding garbage needs a human), any usable one under
    /// [`Policy::RequireAgreement`] (the first such in the list is named).
    InvalidExternalId {
        /// The instance that holds the value.
        instance: AdInstance,
        /// The value as found.
        value: String,
        /// Why it is not an Immutable ID.
        reason: InvalidImmutableId,
    },
    /// [`Policy::RequireAgreement`] only: usable instances hold different valid Immutable IDs.
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
/// Instances where the user is not assigned or the assignment is not usable (DEPROVISIONED,
/// STAGED, or a null/blank `externalId`) are skipped. Then, under the default
/// [`Policy::RequireAgreement`], every usable instance must hold a valid Immutable ID and all
/// the same one: different values give [`Resolution::Conflict`], a value that is not an
/// Immutable ID gives [`Resolution::InvalidExternalId`]. Under [`Policy::FirstInChosenOrder`]
/// the first usable instance decides: a valid Immutable ID gives [`Resolution::Resolved`],
/// anything else [`Resolution::InvalidExternalId`] without trying further instances.
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
    // The instances whose value counts: only the first under a chosen order, all otherwise.
    let deciding: Vec<(&AdInstance, &str)> = observations
        .iter()
        .filter_map(|(instance, o)| Some((instance, o.usable_value()?)))
        .take(if policy.order_decides() {
            1
        } else {
            usize::MAX
        })
        .collect();
    let mut values: Vec<(AdInstance, ImmutableId)> = Vec::with_capacity(deciding.len());
    for (instance, value) in deciding {
        match ImmutableId::parse(value) {
            Ok(id) => values.push((instance.clone(), id)),
            Err(reason) => {
                return Resolution::InvalidExternalId {
                    instance: instance.clone(),
                    value: value.to_owned(),
                    reason,
                };
            }
        }
    }
    let immutable_id = values[0].1;
    if values.iter().any(|(_, id)| *id != immutable_id) {
        return Resolution::Conflict { values };
    }
    let mut others = observations;
    let (instance, _) = others.remove(first);
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
