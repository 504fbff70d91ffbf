//! The decision for one user, as a pure function of what was read about them.
//!
//! Both modes call [`decide`]: the per-user flow reads one fact at a time and asks `decide`
//! which fact it needs next ([`Needed`]); the batch flow reads everything in bulk first. Because
//! the same function walks the same steps in the same order, the two modes cannot disagree on a
//! user unless they read different facts.

use okta_client::directory::{
    AdInstance, ImmutableId, InstanceLookup, Observation, Policy, Resolution, resolve_immutable_id,
};
use okta_client::models::{UserId, UserStatus};
use serde_json::Value;

use super::Outcome;

/// A fact as read: `Err` holds why the read failed (after the client's retries).
pub type Read<T> = Result<T, String>;

/// What the flow needs to know of the Okta user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    /// The user id.
    pub id: UserId,
    /// The login.
    pub login: String,
    /// The lifecycle status.
    pub status: UserStatus,
}

/// The user's office365 app user, as far as the flow cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office365User {
    /// The current `profile.immutableId`: `None` when absent or null; a non-string value is
    /// kept as its JSON text so that it never compares equal to a real Immutable ID.
    pub immutable_id: Option<String>,
}

impl Office365User {
    /// Reads the current value from an app-user profile.
    pub fn from_profile(profile: &serde_json::Map<String, Value>) -> Self {
        let immutable_id = match profile.get("immutableId") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => Some(other.to_string()),
        };
        Self { immutable_id }
    }
}

/// Everything the flow may read about one user. `None` means "not read (yet)".
#[derive(Debug, Clone, Default)]
pub struct UserFacts {
    /// `GET /api/v1/users/{login}`: `Ok(None)` when no such user exists.
    pub user: Option<Read<Option<UserSummary>>>,
    /// Whether the user is a member of the configured group.
    pub in_group: Option<Read<bool>>,
    /// The office365 app user: `Ok(None)` when the user is not assigned (404 E0000007).
    pub office365: Option<Read<Option<Office365User>>>,
    /// One lookup per AD instance, in preference order.
    pub directories: Option<Read<Vec<(AdInstance, InstanceLookup)>>>,
}

/// The settings that change a decision.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rules {
    /// A group was configured: members only.
    pub group_required: bool,
    /// The resolver's policy: [`Policy::FirstInChosenOrder`] only when a person chose the
    /// order of the AD instances (and did not ask for `strict`).
    pub policy: Policy,
    /// The chosen order as a person should read it in a message, e.g. `--prefer
    /// emea.example.com > corp.example.com`; `None` when no order was chosen.
    pub order: Option<String>,
}

/// The next fact [`decide`] needs before it can conclude.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    /// [`UserFacts::user`].
    User,
    /// [`UserFacts::in_group`].
    GroupMembership,
    /// [`UserFacts::office365`].
    Office365,
    /// [`UserFacts::directories`].
    Directories,
}

/// Whether a change of `immutableId` is still due or has been written, for its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// The change is decided (a dry run, or before the write).
    Due,
    /// The change was written.
    Done,
}

/// What to report, and whether to write, for one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The outcome; [`Outcome::WouldUpdate`] means a write is due.
    pub outcome: Outcome,
    /// The AD instance whose value was used (or, for `invalid_external_id`, holds the value).
    pub source: Option<AdInstance>,
    /// The resolved Immutable ID.
    pub immutable_id: Option<ImmutableId>,
    /// The office365 app user's `immutableId` before the flow.
    pub previous: Option<String>,
    /// A sentence for a human.
    pub message: String,
    /// For a resolved value: what the other AD instances held and, when a chosen order
    /// picked among them, which order; a clause the message ends with (empty when there is
    /// nothing to add).
    pub detail: String,
    /// For [`Outcome::DuplicateImmutableId`]: the other users (logins, or ids when unknown)
    /// that hold or would get the same value.
    pub shared_with: Vec<String>,
}

impl Decision {
    /// A decision with nothing resolved: only an outcome and why.
    pub fn new(outcome: Outcome, message: impl Into<String>) -> Self {
        Self {
            outcome,
            source: None,
            immutable_id: None,
            previous: None,
            message: message.into(),
            detail: String::new(),
            shared_with: Vec::new(),
        }
    }

    /// The sentence for this decision's change of `immutableId`, built from its parts:
    /// `immutableId <previous> → "<new>" from <instance><detail>`, told as done
    /// (`wrote immutableId …`) once written.
    pub(crate) fn change_message(&self, stage: Stage) -> String {
        let from = self
            .previous
            .as_deref()
            .map_or_else(|| "null".to_owned(), |c| format!("{c:?}"));
        let to = self
            .immutable_id
            .map_or_else(|| "?".to_owned(), |id| format!("\"{id}\""));
        let verb = match stage {
            Stage::Due => "",
            Stage::Done => "wrote ",
        };
        format!(
            "{verb}immutableId {from} → {to} from {}{}",
            source_label(self),
            self.detail
        )
    }

    /// The value to write, when the decision is to write.
    pub fn write(&self) -> Option<ImmutableId> {
        match self.outcome {
            Outcome::WouldUpdate => self.immutable_id,
            _ => None,
        }
    }
}

/// Decides the outcome for one user from the facts read so far, in the seed flow's order:
/// the user exists → is not DEPROVISIONED → is in the group (when one is configured) → has an
/// office365 app user → the AD instances resolve to an Immutable ID → it differs from the
/// current one.
///
/// # Errors
/// [`Needed`] names the fact to read next; nothing else is ever needed once `Ok` is returned.
pub fn decide(facts: &UserFacts, rules: &Rules) -> Result<Decision, Needed> {
    let user = match facts.user.as_ref().ok_or(Needed::User)? {
        Err(e) => {
            return Ok(Decision::new(
                Outcome::Error,
                format!("reading the user: {e}"),
            ));
        }
        Ok(None) => {
            return Ok(Decision::new(
                Outcome::UserNotFound,
                "no Okta user has this login",
            ));
        }
        Ok(Some(user)) => user,
    };
    if user.status == UserStatus::Deprovisioned {
        let message = "the user is DEPROVISIONED and has no app assignments left";
        return Ok(Decision::new(Outcome::UserDeactivated, message));
    }
    if rules.group_required {
        match facts.in_group.as_ref().ok_or(Needed::GroupMembership)? {
            Err(e) => {
                let message = format!("reading the group membership: {e}");
                return Ok(Decision::new(Outcome::Error, message));
            }
            Ok(false) => {
                let message = "the user is not a member of the Office 365 group";
                return Ok(Decision::new(Outcome::NotInGroup, message));
            }
            Ok(true) => {}
        }
    }
    let office365 = match facts.office365.as_ref().ok_or(Needed::Office365)? {
        Err(e) => {
            let message = format!("reading the office365 app user: {e}");
            return Ok(Decision::new(Outcome::Error, message));
        }
        Ok(None) => {
            let message = "the user has no office365 app user; assign Office 365 first \
                           (this flow never assigns licences)";
            return Ok(Decision::new(Outcome::NoOffice365Assignment, message));
        }
        Ok(Some(o)) => o,
    };
    let lookups = match facts.directories.as_ref().ok_or(Needed::Directories)? {
        Err(e) => {
            let message = format!("reading the AD assignments: {e}");
            let mut d = Decision::new(Outcome::Error, message);
            d.previous.clone_from(&office365.immutable_id);
            return Ok(d);
        }
        Ok(lookups) => lookups,
    };
    let resolution = resolve_immutable_id(lookups, rules.policy);
    let mut decision = from_resolution(resolution, lookups.len(), rules);
    decision.previous.clone_from(&office365.immutable_id);
    if let Some(id) = decision.immutable_id {
        let current = office365.immutable_id.as_deref();
        if current == Some(id.to_string().as_str()) {
            decision.outcome = Outcome::AlreadyCorrect;
            decision.message = format!("already holds the value from {}", source_label(&decision));
        } else {
            decision.outcome = Outcome::WouldUpdate;
            decision.message = decision.change_message(Stage::Due);
        }
    }
    Ok(decision)
}

fn source_label(decision: &Decision) -> &str {
    decision.source.as_ref().map_or("?", |s| s.label.as_str())
}

/// Turns the resolver's answer into a decision. A resolved value gets a placeholder outcome
/// that [`decide`] replaces after comparing with the current value; its message holds only
/// the note about the other instances (and, when a chosen order picked among several usable
/// instances, which order that was).
fn from_resolution(resolution: Resolution, consulted: usize, rules: &Rules) -> Decision {
    match resolution {
        Resolution::Resolved {
            instance,
            immutable_id,
            others,
        } => {
            let skipped: Vec<String> = others
                .iter()
                .filter(|(_, o)| !matches!(o, Observation::NotAssigned))
                .map(|(i, o)| format!("{} ({})", i.label, describe(o)))
                .collect();
            let mut note = String::new();
            let outvoted = others.iter().any(|(_, o)| o.is_usable());
            if let (true, true, Some(order)) =
                (outvoted, rules.policy.order_decides(), &rules.order)
            {
                note = format!(", first in the chosen order ({order})");
            }
            if !skipped.is_empty() {
                note.push_str(&format!("; also assigned in {}", skipped.join(", ")));
            }
            Decision {
                source: Some(instance),
                immutable_id: Some(immutable_id),
                detail: note.clone(),
                ..Decision::new(Outcome::AlreadyCorrect, note)
            }
        }
        Resolution::NoDirectoryUser => Decision::new(
            Outcome::NoDirectoryUser,
            format!("assigned to none of the {consulted} AD instance(s) consulted"),
        ),
        Resolution::NoUsableExternalId { observations } => {
            let seen: Vec<String> = observations
                .iter()
                .filter(|(_, o)| !matches!(o, Observation::NotAssigned))
                .map(|(i, o)| format!("{} ({})", i.label, describe(o)))
                .collect();
            let message = format!("no usable externalId: {}", seen.join(", "));
            Decision::new(Outcome::NoUsableExternalId, message)
        }
        Resolution::InvalidExternalId {
            instance,
            value,
            reason,
        } => {
            let message = format!(
                "{} holds {value:?}, not an Immutable ID: {reason}",
                instance.label
            );
            let mut d = Decision::new(Outcome::InvalidExternalId, message);
            d.source = Some(instance);
            d
        }
        Resolution::Conflict { values } => {
            let listed: Vec<String> = values
                .iter()
                .map(|(i, v)| format!("{}={v}", i.label))
                .collect();
            let why = match &rules.order {
                Some(order) => format!("strict: even the chosen order ({order}) does not pick"),
                None => "no order was chosen to pick between them (--prefer, or prefer in the \
                         config file)"
                    .to_owned(),
            };
            let message = format!(
                "AD instances hold different Immutable IDs: {}; {why}; nothing written",
                listed.join(", ")
            );
            Decision::new(Outcome::Conflict, message)
        }
        other => Decision::new(Outcome::Error, format!("unexpected resolution {other:?}")),
    }
}

fn describe(observation: &Observation) -> String {
    match observation {
        Observation::Assigned {
            status,
            external_id,
        } => {
            let status = status.as_ref().map_or("no status", |s| s.as_str());
            match external_id {
                Some(v) if !v.trim().is_empty() => format!("{status}, externalId {v}"),
                _ => format!("{status}, no externalId"),
            }
        }
        _ => "not assigned".to_owned(),
    }
}

#[cfg(test)]
#[path = "decision_tests.rs"]
mod tests;
