//! What the log records: each committed mutation as it was handed to the commit point, with
//! its actor and the commit time (`{"at": ms, "actor": …, "m": {"CreateUser": {…}}}`).
//! Replaying the records in order through [`Store::commit_at`] on an org built from the same
//! seed gives the same org: ids come from the seeded generator and the order of commits, and
//! every timestamp a mutation writes is its commit time.
//!
//! A new kind of mutation (System Log events, event hooks, service apps…) becomes durable by
//! deriving serde on it and adding it to the `durable!` list below.

use serde::{Deserialize, Serialize, Serializer};

use crate::scenario::Scenario;
use crate::store::Store;
use crate::store::commit::{
    ActivateApp, Actor, AddGroupMember, AssignAppGroup, AssignAppUser, ClearSessions, CreateApp,
    CreateGroup, CreateUser, DeactivateApp, DeleteApp, DeleteGroup, DeleteUser, LoadScenario,
    Mutation, PatchAppGroup, RemoveGroupMember, ReplaceApp, ReplaceGroup, ReplaceUser, ResetOrg,
    RunLifecycle, UnassignAppGroup, UnassignAppUser, UpdateAppUser, UpdateUser,
};

/// A mutation the log can record and replay: every mutation of the commit point.
pub trait Durable: Mutation + Serialize {
    /// Its name in the log.
    #[doc(hidden)]
    const KIND: &'static str;
}

/// The mutation under its kind, as an externally tagged enum writes it.
struct Tagged<'a, M>(&'a M);

impl<M: Durable> Serialize for Tagged<'_, M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(M::KIND, self.0)?;
        map.end()
    }
}

#[derive(Serialize)]
struct RecordOut<'a, M: Durable> {
    at: i64,
    actor: &'a Actor,
    m: Tagged<'a, M>,
}

/// A record's payload (JSON) for `mutation` committed at `at` by `actor`.
pub(crate) fn encode<M: Durable>(at: i64, actor: &Actor, mutation: &M) -> Vec<u8> {
    let record = RecordOut {
        at,
        actor,
        m: Tagged(mutation),
    };
    // The mutation types are plain data (strings, maps, numbers): they always serialize.
    serde_json::to_vec(&record).unwrap_or_default()
}

macro_rules! durable {
    ($($name:ident),* $(,)?) => {
        $(impl Durable for $name {
            const KIND: &'static str = stringify!($name);
        })*

        /// A recorded mutation, read back.
        #[derive(Deserialize)]
        enum Logged {
            $($name($name),)*
            LoadScenario(Scenario),
        }

        fn apply(store: &mut Store, actor: Actor, at: i64, m: Logged) -> Result<(), String> {
            match m {
                $(Logged::$name(m) => store
                    .commit_at(actor, m, at)
                    .map(drop)
                    .map_err(|e| e.to_string()),)*
                Logged::LoadScenario(s) => store
                    .commit_at(actor, LoadScenario(&s), at)
                    .map_err(|e| e.to_string()),
            }
        }
    };
}

durable!(
    CreateUser,
    UpdateUser,
    ReplaceUser,
    DeleteUser,
    RunLifecycle,
    ClearSessions,
    CreateGroup,
    ReplaceGroup,
    DeleteGroup,
    AddGroupMember,
    RemoveGroupMember,
    CreateApp,
    ReplaceApp,
    ActivateApp,
    DeactivateApp,
    DeleteApp,
    AssignAppUser,
    UpdateAppUser,
    UnassignAppUser,
    AssignAppGroup,
    PatchAppGroup,
    UnassignAppGroup,
    ResetOrg,
);

impl Durable for LoadScenario<'_, Scenario> {
    const KIND: &'static str = "LoadScenario";
}

#[derive(Deserialize)]
struct RecordIn {
    at: i64,
    actor: Actor,
    m: Logged,
}

/// Replays one record's payload on `store`.
///
/// # Errors
/// When the payload is not a record, or the store refuses the mutation (it was accepted when
/// it was recorded, so that means the log does not belong to this org).
pub(crate) fn replay(store: &mut Store, payload: &[u8]) -> Result<(), String> {
    let record: RecordIn = serde_json::from_slice(payload).map_err(|e| e.to_string())?;
    apply(store, record.actor, record.at, record.m)
}
