//! The pure, synchronous domain of the mock org: users, groups, apps and app users in BTreeMaps
//! with indexes, Okta's lifecycle and query rules, paging, and profile mappings. No HTTP types:
//! the HTTP layer holds a `Store` behind a lock and renders `_links` itself.
//!
//! Reads are methods of [`Store`] (`get_user`, `list_groups`, …). Every change is a typed
//! mutation from [`commit`] (`CreateUser`, `AssignAppGroup`, `LoadScenario`, …) handed to
//! [`Store::commit`], which records the [`Event`] it produced; the operations behind the
//! mutations live in one file per resource (`users.rs`, `groups.rs`, `group_members.rs`,
//! `apps.rs`, `app_users.rs`, `app_groups.rs`, `lifecycle.rs`) and are visible only here.

mod app_build;
mod app_groups;
mod app_users;
mod apps;
pub mod commit;
mod consistency;
mod error;
mod group_members;
mod groups;
mod ids;
pub mod input;
mod lifecycle;
mod mapping;
mod mapping_eval;
mod name_index;
mod paging;
mod profile;
mod provisioning;
pub mod query;
mod record;
mod render;
mod scenario_export;
mod scenario_load;
mod user_links;
mod user_list;
mod users;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use okta_client::models::{GroupType, Timestamp};

pub use app_users::AppUserQuery;
pub use apps::AppQuery;
pub use commit::{Actor, Change, Event, EventLog, Mutation, Target, TargetKind};
pub use error::StoreError;
pub use groups::GroupQuery;
pub use input::{AppGroupInput, AppGroupPatch};
pub use lifecycle::{LifecycleOp, LifecycleOutcome};
pub use mapping::{ApplyOn, Mapping};
pub use paging::{Page, PageRequest};
pub use provisioning::ProvisioningFailure;
pub use users::{CreateUserOptions, UserQuery};

use ids::IdGen;
use profile::{Keys, Profile};
use record::{AppRec, AppUserRec, GroupRec, Id, UserRec};

/// The store's clock; tests pass a fixed one.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// How many objects the org holds (for `/__mock/health`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StoreCounts {
    /// Users, DEPROVISIONED ones included.
    pub users: usize,
    /// Groups, "Everyone" included.
    pub groups: usize,
    /// App instances.
    pub apps: usize,
    /// App assignments.
    pub app_users: usize,
}

/// The seed ids and variable-name suffixes derive from.
const DEFAULT_SEED: u64 = 0x6f6b_7461;

/// The in-memory org.
pub struct Store {
    clock: Clock,
    seed: u64,
    ids: IdGen,
    keys: Keys,
    users: BTreeMap<Id, UserRec>,
    /// Lower-cased login → user id.
    logins: BTreeMap<Box<str>, Id>,
    /// Lower-cased email, firstName and lastName → user ids, for searches and `q`.
    names: name_index::NameIndex,
    groups: BTreeMap<Id, GroupRec>,
    /// Lower-cased name of each OKTA_GROUP → group id.
    group_names: HashMap<Box<str>, Id>,
    /// (group, user) for explicit memberships; "Everyone" is implicit and not stored.
    members: BTreeSet<(Id, Id)>,
    /// (user, group), the same memberships seen from the user.
    user_groups: BTreeSet<(Id, Id)>,
    everyone: Id,
    apps: BTreeMap<Id, AppRec>,
    /// (app, user) → assignment.
    app_users: BTreeMap<(Id, Id), AppUserRec>,
    /// (user, app), the same assignments seen from the user.
    user_apps: BTreeSet<(Id, Id)>,
    /// (app, group) → group assignment.
    app_groups: BTreeMap<(Id, Id), app_groups::AppGroupRec>,
    /// (group, app), the same assignments seen from the group.
    group_apps: BTreeSet<(Id, Id)>,
    /// The user the API token belongs to (`/api/v1/users/me`), when a scenario names one.
    me: Option<Id>,
    /// The events of committed mutations (see [`commit`]).
    events: EventLog,
    /// Which recent writes `search` does not see yet.
    search_lag: consistency::SearchLag,
    /// Provisioning to apps that push users: the delay, failures, what is queued.
    provisioning: provisioning::Provisioning,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("counts", &self.counts())
            .finish_non_exhaustive()
    }
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    /// An empty org with the BUILT_IN "Everyone" group, on the system clock.
    pub fn new() -> Self {
        Self::with_clock(Box::new(Timestamp::now))
    }

    /// An empty org whose timestamps come from `clock` (tests use a fixed time).
    pub fn with_clock(clock: Box<dyn Fn() -> Timestamp + Send + Sync>) -> Self {
        Self::build(Arc::from(clock), DEFAULT_SEED)
    }

    /// An empty org with a given seed for ids and variable-name suffixes.
    pub fn with_clock_and_seed(clock: Clock, seed: u64) -> Self {
        Self::build(clock, seed)
    }

    fn build(clock: Clock, seed: u64) -> Self {
        let mut store = Self {
            clock,
            seed,
            ids: IdGen::new(seed),
            keys: Keys::default(),
            users: BTreeMap::new(),
            logins: BTreeMap::new(),
            names: name_index::NameIndex::default(),
            groups: BTreeMap::new(),
            group_names: HashMap::new(),
            members: BTreeSet::new(),
            user_groups: BTreeSet::new(),
            everyone: Arc::from(""),
            apps: BTreeMap::new(),
            app_users: BTreeMap::new(),
            user_apps: BTreeSet::new(),
            app_groups: BTreeMap::new(),
            group_apps: BTreeSet::new(),
            me: None,
            events: EventLog::default(),
            search_lag: consistency::SearchLag::default(),
            provisioning: provisioning::Provisioning::default(),
        };
        let now = store.now();
        let id: Id = Arc::from(store.ids.next("00g", |_| false));
        store.groups.insert(
            Arc::clone(&id),
            GroupRec {
                id: Arc::clone(&id),
                group_type: GroupType::BuiltIn,
                created: now,
                last_updated: now,
                last_membership_updated: now,
                name: "Everyone".into(),
                description: Some("All users in your organization".into()),
                extra: Profile::default(),
                source: None,
            },
        );
        store.everyone = id;
        store
    }

    /// Empties the org (keeping the clock, seed, search lag, provisioning delay and event
    /// history), as if just created.
    pub(super) fn reset(&mut self) {
        let events = std::mem::take(&mut self.events);
        let search_lag = self.search_lag.cleared();
        let provisioning = self.provisioning.cleared();
        *self = Self::build(Arc::clone(&self.clock), self.seed);
        self.events = events;
        self.search_lag = search_lag;
        self.provisioning = provisioning;
    }

    /// How many objects the org holds.
    pub fn counts(&self) -> StoreCounts {
        StoreCounts {
            users: self.users.len(),
            groups: self.groups.len(),
            apps: self.apps.len(),
            app_users: self.app_users.len(),
        }
    }

    /// The id of the BUILT_IN "Everyone" group.
    pub fn everyone_group_id(&self) -> &str {
        &self.everyone
    }

    /// Now, in Unix milliseconds, cut to the whole second: the time every object's timestamps
    /// take. Okta writes whole seconds (`…:26.000Z`) in every user, group, app and app user it
    /// answers: the spec's examples (`2024-01-09T15:36:04.000Z`, `2022-05-13T20:05:41.000Z`)
    /// and the recorded bodies in okta/okta-sdk-python's cassettes. So two changes within one
    /// second carry the same `lastUpdated`, and `filter=lastUpdated gt "<last seen>"` loses the
    /// second one, as against Okta; the order of changes within a second is the event log's
    /// `seq`.
    fn now(&self) -> i64 {
        whole_second(self.now_millis())
    }

    /// Now, in Unix milliseconds, as the clock gives it: for the event log (an event's
    /// `published`) and one-time tokens, which are not object timestamps.
    fn now_millis(&self) -> i64 {
        (self.clock)().unix_millis()
    }
}

/// `millis` cut to the start of its second.
pub(crate) fn whole_second(millis: i64) -> i64 {
    millis - millis.rem_euclid(1000)
}

#[cfg(test)]
mod tests;
