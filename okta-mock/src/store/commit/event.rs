//! Domain events: what each committed mutation changed, who did it, and to which objects.
//! The store records them in a bounded log; the System Log, event hooks and persistence are
//! meant to be consumers of this log, so none of them has to touch an operation.

use std::collections::VecDeque;

use super::super::LifecycleOp;

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Actor {
    /// A caller with the org's API token (`SSWS` or `Bearer`), when no finer credential is
    /// known: the default for every Management API request.
    ApiToken,
    /// A caller the authentication layer identified by a credential, such as an OAuth
    /// service app's client id. The id is an identifier, never a secret.
    Credential {
        /// What kind of credential (`"oauth_client"`, …).
        kind: String,
        /// Its public identifier (a client id, never a secret).
        id: String,
    },
    /// The mock's own admin API (`/__mock/…`): resets and scenario loads.
    MockAdmin,
}

/// What kind of object a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TargetKind {
    /// A user.
    User,
    /// A group.
    Group,
    /// An app instance.
    App,
    /// An app assignment the change removed along with the user it belonged to (a
    /// deactivation or deletion drops every assignment): the id is the app's id, the names
    /// hold the app user's user name (`alternate_id`) and the app's label (`display_name`),
    /// captured at commit time since the store no longer holds them.
    RemovedAppUser,
}

/// One object a change touched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// The object's kind.
    pub kind: TargetKind,
    /// The object's id.
    pub id: String,
    /// How the object was named at commit time, captured by the mutations that remove what
    /// they touch (a deleted user, an unassigned app user), since a consumer reading the
    /// store after the commit can no longer find it there. `None` when the object outlives
    /// the change: read it from the store.
    pub names: Option<TargetNames>,
}

/// An object's names as the System Log shows them (`alternateId`, `displayName`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TargetNames {
    /// The alternate id: a user's login, an app's label, an app user's user name.
    pub alternate_id: String,
    /// The display name: a user's first and last name, a group's or app's name.
    pub display_name: String,
}

impl Target {
    /// The same target with the names it had at commit time.
    pub fn with_names(mut self, names: Option<TargetNames>) -> Self {
        self.names = names;
        self
    }
}

impl Target {
    /// A user target.
    pub fn user(id: impl Into<String>) -> Self {
        Self {
            kind: TargetKind::User,
            id: id.into(),
            names: None,
        }
    }

    /// A group target.
    pub fn group(id: impl Into<String>) -> Self {
        Self {
            kind: TargetKind::Group,
            id: id.into(),
            names: None,
        }
    }

    /// An app assignment removed with its user (see [`TargetKind::RemovedAppUser`]).
    pub fn removed_app_user(app: impl Into<String>, names: TargetNames) -> Self {
        Self {
            kind: TargetKind::RemovedAppUser,
            id: app.into(),
            names: Some(names),
        }
    }

    /// An app target.
    pub fn app(id: impl Into<String>) -> Self {
        Self {
            kind: TargetKind::App,
            id: id.into(),
            names: None,
        }
    }
}

/// What changed. One variant per kind of mutation the store accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Change {
    /// A user was created.
    UserCreated,
    /// A user's profile or credentials were updated (partial update).
    UserUpdated,
    /// A user's profile and credentials were replaced.
    UserReplaced,
    /// A user was deactivated by `DELETE` (first delete of a user that was not DEPROVISIONED).
    UserDeactivated,
    /// A DEPROVISIONED user was deleted.
    UserDeleted,
    /// A lifecycle operation ran on a user.
    UserLifecycle(LifecycleOp),
    /// A user's sessions were cleared.
    UserSessionsCleared,
    /// A factor was enrolled for a user; `active` when it is `ACTIVE` at once.
    FactorEnrolled {
        /// Whether the factor came out `ACTIVE`.
        active: bool,
    },
    /// A user's factor was unenrolled.
    FactorUnenrolled,
    /// A group was created.
    GroupCreated,
    /// A group's profile was replaced.
    GroupReplaced,
    /// A group was deleted.
    GroupDeleted,
    /// A user was added to a group.
    GroupMemberAdded,
    /// A user was removed from a group.
    GroupMemberRemoved,
    /// An app instance was created.
    AppCreated,
    /// An app instance was replaced.
    AppReplaced,
    /// An app instance was activated.
    AppActivated,
    /// An app instance was deactivated.
    AppDeactivated,
    /// An app instance was deleted.
    AppDeleted,
    /// A user was assigned to an app.
    AppUserAssigned,
    /// An app user's profile or credentials were updated.
    AppUserUpdated,
    /// An app user's `credentials.userName` changed (an update with a new user name).
    AppUserRenamed {
        /// Whether the same update also changed the app user's profile or scope.
        profile_updated: bool,
    },
    /// A user was unassigned from an app.
    AppUserUnassigned,
    /// A group was assigned to an app.
    AppGroupAssigned,
    /// A group's assignment to an app was patched.
    AppGroupPatched,
    /// A group was unassigned from an app.
    AppGroupUnassigned,
    /// The org was emptied.
    OrgReset,
    /// A scenario was loaded into the org.
    ScenarioLoaded,
}

/// One committed change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Its position in the store's history, from 1, never reused (not even by a reset).
    pub seq: u64,
    /// When it was committed, in Unix milliseconds of the store's clock.
    pub published: i64,
    /// Who made it.
    pub actor: Actor,
    /// What changed.
    pub change: Change,
    /// The objects touched, the primary one first (for an assignment: the app, then the user
    /// or group).
    pub targets: Vec<Target>,
}

/// How many events the log keeps; older ones are dropped first.
pub const EVENT_LOG_CAPACITY: usize = 4096;

/// The store's recent events, oldest first, bounded by [`EVENT_LOG_CAPACITY`].
#[derive(Debug, Default)]
pub struct EventLog {
    events: VecDeque<Event>,
    next_seq: u64,
}

impl EventLog {
    /// Appends an event, numbering it, and drops the oldest one past the capacity.
    pub(crate) fn push(
        &mut self,
        published: i64,
        actor: Actor,
        change: Change,
        targets: Vec<Target>,
    ) {
        self.next_seq += 1;
        if self.events.len() == EVENT_LOG_CAPACITY {
            self.events.pop_front();
        }
        self.events.push_back(Event {
            seq: self.next_seq,
            published,
            actor,
            change,
            targets,
        });
    }

    /// Numbers the next event after `seq` (never lower than now), forgetting the events kept:
    /// an org rebuilt from a snapshot continues its history's numbering.
    pub(crate) fn resume(&mut self, seq: u64) {
        self.events.clear();
        self.next_seq = self.next_seq.max(seq);
    }

    /// The events kept, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Event> + ExactSizeIterator {
        self.events.iter()
    }

    /// The events after `seq` (all kept ones for 0), oldest first: how a consumer that
    /// remembers the last sequence number it saw catches up.
    pub fn since(&self, seq: u64) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.seq > seq)
    }

    /// The sequence number of the last event committed (0 before any).
    pub fn last_seq(&self) -> u64 {
        self.next_seq
    }

    /// How many events are kept.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// True when no event is kept.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}
