//! The shared state every part works on: the records, their indexes, the id generator, the
//! interned profile keys and the clock. Each part (`users/`, `groups/`, `apps/`, `app_users/`,
//! `app_groups/`) adds its operations to [`Org`] in its own module; cross-part rules (a deleted
//! user leaves its groups and apps) are method calls on this one state, not imports between
//! parts.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use okta_client::models::GroupType;

use super::ids::IdGen;
use super::profile::{Keys, Profile};
use super::record::{AppRec, AppUserRec, GroupRec, Id, UserRec};
use super::{Clock, StoreCounts, app_groups, consistency, factors, name_index, provisioning};

/// The in-memory org's state, shared by the parts. Its fields are visible to the store's
/// modules only; outside the store it is reached through [`Store`](super::Store).
pub struct Org {
    pub(super) clock: Clock,
    pub(super) seed: u64,
    pub(super) ids: IdGen,
    pub(super) keys: Keys,
    pub(super) users: BTreeMap<Id, UserRec>,
    /// Lower-cased login → user id.
    pub(super) logins: BTreeMap<Box<str>, Id>,
    /// Lower-cased email, firstName and lastName → user ids, for searches and `q`.
    pub(super) names: name_index::NameIndex,
    pub(super) groups: BTreeMap<Id, GroupRec>,
    /// Lower-cased name of each OKTA_GROUP → group id.
    pub(super) group_names: HashMap<Box<str>, Id>,
    /// (group, user) for explicit memberships; "Everyone" is implicit and not stored.
    pub(super) members: BTreeSet<(Id, Id)>,
    /// (user, group), the same memberships seen from the user.
    pub(super) user_groups: BTreeSet<(Id, Id)>,
    pub(super) everyone: Id,
    pub(super) apps: BTreeMap<Id, AppRec>,
    /// (app, user) → assignment.
    pub(super) app_users: BTreeMap<(Id, Id), AppUserRec>,
    /// (user, app), the same assignments seen from the user.
    pub(super) user_apps: BTreeSet<(Id, Id)>,
    /// (app, group) → group assignment.
    pub(super) app_groups: BTreeMap<(Id, Id), app_groups::assign::AppGroupRec>,
    /// (group, app), the same assignments seen from the group.
    pub(super) group_apps: BTreeSet<(Id, Id)>,
    /// The user the API token belongs to (`/api/v1/users/me`), when a scenario names one.
    pub(super) me: Option<Id>,
    /// Which recent writes `search` does not see yet.
    pub(super) search_lag: consistency::SearchLag,
    /// Provisioning to apps that push users: the delay, failures, what is queued.
    pub(super) provisioning: provisioning::Provisioning,
    /// The users' enrolled MFA factors.
    pub(super) factors: factors::FactorBook,
}

impl Org {
    /// An empty org with the BUILT_IN "Everyone" group.
    pub(super) fn build(clock: Clock, seed: u64) -> Self {
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
            search_lag: consistency::SearchLag::default(),
            provisioning: provisioning::Provisioning::default(),
            factors: factors::FactorBook::new(seed),
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

    /// Empties the org (keeping the clock, seed, search lag and provisioning delay), as if just
    /// created.
    pub(super) fn reset(&mut self) {
        let search_lag = self.search_lag.cleared();
        let provisioning = self.provisioning.cleared();
        *self = Self::build(Arc::clone(&self.clock), self.seed);
        self.search_lag = search_lag;
        self.provisioning = provisioning;
    }

    /// How many objects the org holds.
    pub(super) fn counts(&self) -> StoreCounts {
        StoreCounts {
            users: self.users.len(),
            groups: self.groups.len(),
            apps: self.apps.len(),
            app_users: self.app_users.len(),
        }
    }

    /// The id of the BUILT_IN "Everyone" group.
    pub(super) fn everyone_group_id(&self) -> &str {
        &self.everyone
    }

    /// Now, in Unix milliseconds, cut to the whole second: the time every object's timestamps
    /// take. Okta writes whole seconds (`…:26.000Z`) in every user, group, app and app user it
    /// answers: the spec's examples (`2024-01-09T15:36:04.000Z`, `2022-05-13T20:05:41.000Z`)
    /// and the recorded bodies in okta/okta-sdk-python's cassettes. So two changes within one
    /// second carry the same `lastUpdated`, and `filter=lastUpdated gt "<last seen>"` loses the
    /// second one, as against Okta; the order of changes within a second is the event log's
    /// `seq`.
    pub(super) fn now(&self) -> i64 {
        whole_second(self.now_millis())
    }

    /// Now, in Unix milliseconds, as the clock gives it: for the event log (an event's
    /// `published`) and one-time tokens, which are not object timestamps.
    pub(super) fn now_millis(&self) -> i64 {
        (self.clock)().unix_millis()
    }
}

/// `millis` cut to the start of its second.
pub(crate) fn whole_second(millis: i64) -> i64 {
    millis - millis.rem_euclid(1000)
}

/// The second halves of the pairs whose first half is `first`.
pub(crate) fn pairs<'a>(set: &'a BTreeSet<(Id, Id)>, first: &Id) -> impl Iterator<Item = Id> + 'a {
    let first = first.clone();
    set.range((first.clone(), Arc::from(""))..)
        .take_while(move |(a, _)| *a == first)
        .map(|(_, b)| b.clone())
}
