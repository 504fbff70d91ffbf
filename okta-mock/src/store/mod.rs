//! The pure, synchronous domain of the mock org: users, groups, apps and app users in BTreeMaps
//! with indexes, Okta's lifecycle and query rules, paging, and profile mappings. No HTTP types:
//! the HTTP layer holds a `Store` behind a lock and renders `_links` itself.
//!
//! The org is one shared state (`org.rs`) worked on by per-resource parts, one folder each:
//! `users/`, `groups/` (with memberships), `apps/`, `app_users/`, `app_groups/`, `factors/`. Reads go
//! through a part's view (`store.users().get(id)`, `store.groups().members(id, &page)`, …).
//! Every change is a typed mutation from [`commit`] (`CreateUser`, `AssignAppGroup`,
//! `LoadScenario`, …) handed to [`Store::commit`], which records the [`Event`] it produced;
//! the operations behind the mutations are visible only inside the store. Shared pieces have
//! their own modules: `ids`, `profile` (interned keys), `paging`, `query/`, `mapping`,
//! `mapping_eval`, `name_index`, `record`, `render` (records → wire models), `input/`.
//! `draft` is what `LoadScenario` hands a scenario loader (`crate::scenario`): the store never
//! depends on the scenario format.

mod app_groups;
mod app_users;
mod apps;
pub mod commit;
mod consistency;
mod draft;
mod error;
mod factors;
mod groups;
mod ids;
pub mod input;
mod mapping;
mod mapping_eval;
mod name_index;
mod org;
mod paging;
pub(crate) mod profile;
mod provisioning;
pub mod query;
mod record;
pub(crate) mod render;
mod users;

use std::sync::Arc;

use okta_client::models::Timestamp;

pub use app_groups::AppGroups;
pub use app_users::{AppUserQuery, AppUsers};
pub(crate) use apps::build::{default_mode, scenario_settings};
pub use apps::{AppQuery, Apps};
// All of the commit point's types, for the store's consumers (System Log, persistence).
#[allow(unused_imports)]
pub use commit::{Actor, Change, Event, EventLog, Mutation, Target, TargetKind, TargetNames};
pub use draft::{LoadedUser, ScenarioDraft, ScenarioSource};
pub use error::StoreError;
pub use factors::Factors;
pub use groups::{GroupQuery, Groups};
pub use input::{AppGroupInput, AppGroupPatch};
pub use mapping::{ApplyOn, Mapping};
pub use paging::{Page, PageRequest};
pub use provisioning::ProvisioningFailure;
pub(crate) use record::UserRec;
pub(crate) use users::crud::missing_required;
pub use users::{CreateUserOptions, UserQuery, Users};
pub use users::{LifecycleOp, LifecycleOutcome};

use org::Org;

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

/// The in-memory org: its state, read through the parts' views, changed only through
/// [`Store::commit`], with the log of the events those changes produced.
pub struct Store {
    org: Org,
    /// The events of committed mutations (see [`commit`]).
    events: EventLog,
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
        Self {
            org: Org::build(clock, seed),
            events: EventLog::default(),
        }
    }

    /// How many objects the org holds.
    pub fn counts(&self) -> StoreCounts {
        self.org.counts()
    }

    /// The id of the BUILT_IN "Everyone" group.
    pub fn everyone_group_id(&self) -> &str {
        self.org.everyone_group_id()
    }

    /// The users, with their groups and app links.
    pub fn users(&self) -> Users<'_> {
        Users(&self.org)
    }

    /// The groups and their members.
    pub fn groups(&self) -> Groups<'_> {
        Groups(&self.org)
    }

    /// The app instances.
    pub fn apps(&self) -> Apps<'_> {
        Apps(&self.org)
    }

    /// The users' app assignments.
    pub fn app_users(&self) -> AppUsers<'_> {
        AppUsers(&self.org)
    }

    /// The groups' app assignments.
    pub fn app_groups(&self) -> AppGroups<'_> {
        AppGroups(&self.org)
    }

    /// The users' enrolled MFA factors.
    pub fn factors(&self) -> Factors<'_> {
        Factors(&self.org)
    }
}

#[cfg(test)]
mod name_index_tests;
#[cfg(test)]
mod paging_tests;
#[cfg(test)]
mod test_support;
