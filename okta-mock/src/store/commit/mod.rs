//! The commit point: every change to the org is a typed [`Mutation`] handed to
//! [`Store::commit`], which applies it and records the [`Event`] it produced (what changed,
//! who did it, the targets) in the store's [`EventLog`]. Consumers of changes (a System Log,
//! event hooks, persistence) read that log instead of hooking into each operation.
//!
//! The operations themselves stay in the parts (`users/`, `groups/`, `apps/`, …, over the
//! shared `Org`) and are visible only inside the store, so nothing outside can change the org
//! without an event.

mod apps;
mod event;
mod factors;
mod groups;
mod names;
mod org;
mod users;

pub use apps::{
    ActivateApp, AssignAppGroup, AssignAppUser, CreateApp, DeactivateApp, DeleteApp, PatchAppGroup,
    ReplaceApp, UnassignAppGroup, UnassignAppUser, UpdateAppUser,
};
pub use event::{
    Actor, Change, EVENT_LOG_CAPACITY, Event, EventLog, Target, TargetKind, TargetNames,
};
pub use factors::{EnrollFactor, UnenrollFactor};
pub use groups::{AddGroupMember, CreateGroup, DeleteGroup, RemoveGroupMember, ReplaceGroup};
pub use org::{LoadScenario, ResetOrg};
pub use users::{ClearSessions, CreateUser, DeleteUser, ReplaceUser, RunLifecycle, UpdateUser};

use super::Store;
use super::org::Org;
pub(crate) use sealed::Applied;

mod sealed {
    use super::{Change, Target};

    /// What applying a mutation produced: the caller's answer and the event's content.
    pub struct Applied<T> {
        pub(crate) output: T,
        pub(crate) change: Change,
        pub(crate) targets: Vec<Target>,
    }

    impl<T> Applied<T> {
        pub fn new(output: T, change: Change, targets: Vec<Target>) -> Self {
            Self {
                output,
                change,
                targets,
            }
        }
    }

    /// How a mutation applies itself; only the store's own mutations implement it, so a
    /// change cannot skip the commit point.
    pub trait Apply {
        /// The answer of a successful mutation.
        type Output;
        /// The error of a refused one.
        type Error;
        /// Applies the mutation (validating before writing: a refused one changes nothing).
        #[doc(hidden)]
        fn apply(self, store: &mut super::Org) -> Result<Applied<Self::Output>, Self::Error>;
    }
}

/// A change to the org, applied by [`Store::commit`]. Implemented by the mutation types of
/// this module only.
pub trait Mutation: sealed::Apply {}

impl<M: sealed::Apply> Mutation for M {}

impl Store {
    /// Applies `mutation` on behalf of `actor` and, when it succeeds, records its event. The
    /// one way the org changes.
    ///
    /// # Errors
    /// The mutation's own refusal (Okta's error for the operation); nothing is changed and no
    /// event is recorded then.
    pub fn commit<M: Mutation>(
        &mut self,
        actor: Actor,
        mutation: M,
    ) -> Result<M::Output, M::Error> {
        // Background provisioning that is due happened before this change.
        self.org.settle_provisioning();
        let Applied {
            output,
            change,
            targets,
        } = mutation.apply(&mut self.org)?;
        let now = self.org.now_millis();
        self.org.note_writes(&targets);
        self.events.push(now, actor, change, targets);
        Ok(output)
    }

    /// Applies `mutation` as [`Store::commit`] does, with the store's clock stopped at `at`
    /// (Unix milliseconds) for the whole mutation: every timestamp it writes, and its event's,
    /// is `at`. Persistence (`okta-mock --data-dir`) commits this way and records `at`, so that
    /// replaying its log gives the same org, timestamps included.
    ///
    /// # Errors
    /// As [`Store::commit`].
    pub fn commit_at<M: Mutation>(
        &mut self,
        actor: Actor,
        mutation: M,
        at: i64,
    ) -> Result<M::Output, M::Error> {
        let fixed = okta_client::models::Timestamp::from_unix_millis(at)
            .unwrap_or_else(|_| (self.org.clock)());
        let clock = std::mem::replace(&mut self.org.clock, std::sync::Arc::new(move || fixed));
        let result = self.commit(actor, mutation);
        self.org.clock = clock;
        result
    }

    /// Now on the store's clock, in Unix milliseconds.
    pub fn now_millis(&self) -> i64 {
        self.org.now_millis()
    }

    /// Replaces the store's clock (persistence rebuilds an org on the clock of its log, then
    /// hands it the live one).
    pub fn set_clock(&mut self, clock: super::Clock) {
        self.org.clock = clock;
    }

    /// Where the id generators and the event log stand (ids handed out, variable-name
    /// suffixes, the last event's `seq`, then the factor ids' generator): what a snapshot of the org needs besides the org
    /// itself, so that the org rebuilt from it hands out the same next ids.
    pub(crate) fn positions(&self) -> [u64; 5] {
        let (counter, suffixes) = self.org.ids.position();
        let (factor_counter, factor_suffixes) = self.org.factors.id_position();
        [
            counter,
            suffixes,
            self.events.last_seq(),
            factor_counter,
            factor_suffixes,
        ]
    }

    /// Puts the id generator and the event log where [`Store::positions`] found them (after
    /// the org was rebuilt from a snapshot).
    pub(crate) fn resume_positions(
        &mut self,
        [counter, suffixes, seq, factor_counter, factor_suffixes]: [u64; 5],
    ) {
        self.org.ids.resume(counter, suffixes);
        self.org.factors.resume_ids(factor_counter, factor_suffixes);
        self.events.resume(seq);
    }

    /// The events committed so far (the most recent [`EVENT_LOG_CAPACITY`] of them).
    pub fn events(&self) -> &EventLog {
        &self.events
    }
}

#[cfg(test)]
mod tests;
