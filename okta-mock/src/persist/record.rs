//! What the log records: each committed mutation as it was handed to the commit point, with
//! its actor and the commit time (`{"at": ms, "actor": …, "m": {"CreateUser": {…}}}`).
//! Replaying the records in order through [`Store::commit_at`] on an org built from the same
//! seed gives the same org: ids come from the seeded generator and the order of commits, and
//! every timestamp a mutation writes is its commit time.
//!
//! Besides mutations, the log holds what the mock keeps outside the store: the System Log
//! events each commit (or an injection) produced, as they were answered (`{"log": [[published,
//! event], …]}`), and the event hook registry after each change (`{"hooks": […]}`).
//!
//! A new kind of mutation (System Log events, event hooks, service apps…) becomes durable by
//! deriving serde on it and adding it to the `durable!` list below.

use std::sync::Arc;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::events::LogRecord;
use crate::hooks::stored::StoredHook;
use crate::scenario::{Scenario, ScenarioServiceApp};
use crate::store::Store;
use crate::store::commit::{
    ActivateApp, Actor, AddGroupMember, AssignAppGroup, AssignAppUser, ClearSessions, CreateApp,
    CreateGroup, CreateUser, DeactivateApp, DeleteApp, DeleteGroup, DeleteUser, EnrollFactor,
    LoadScenario, Mutation, PatchAppGroup, RemoveGroupMember, ReplaceApp, ReplaceGroup,
    ReplaceUser, ResetOrg, RunLifecycle, UnassignAppGroup, UnassignAppUser, UnenrollFactor,
    UpdateAppUser, UpdateUser,
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

        fn apply(store: &mut Store, actor: Actor, at: i64, m: Logged) -> Result<Replayed, String> {
            match m {
                $(Logged::$name(m) => store
                    .commit_at(actor, m, at)
                    .map(|_| Replayed::Committed { service_apps: None })
                    .map_err(|e| e.to_string()),)*
                Logged::LoadScenario(s) => store
                    .commit_at(actor, LoadScenario(&s), at)
                    .map(|()| Replayed::Committed { service_apps: Some(s.service_apps) })
                    .map_err(|e| e.to_string()),
            }
        }
    };
}

durable!(
    CreateUser,
    EnrollFactor,
    UnenrollFactor,
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

/// What replaying a record did.
pub(crate) enum Replayed {
    /// A mutation was committed; a scenario load also names the service apps it loaded.
    Committed {
        /// The service apps of a loaded scenario.
        service_apps: Option<Vec<ScenarioServiceApp>>,
    },
    /// System Log events to append, `(published, event)`.
    Log(Vec<(i64, Value)>),
    /// The event hook registry as it became.
    Hooks(Vec<StoredHook>),
}

#[derive(Deserialize)]
struct RecordIn {
    #[serde(default)]
    at: i64,
    actor: Option<Actor>,
    m: Option<Logged>,
    log: Option<Vec<(i64, Value)>>,
    hooks: Option<Vec<StoredHook>>,
}

/// A record of System Log events, as they were stored.
pub(crate) fn encode_log(events: &[Arc<LogRecord>]) -> Vec<u8> {
    #[derive(Serialize)]
    struct LogOut<'a> {
        log: Vec<(i64, &'a Value)>,
    }
    let out = LogOut {
        log: events.iter().map(|e| (e.published, &e.json)).collect(),
    };
    serde_json::to_vec(&out).unwrap_or_default()
}

/// A record of the event hook registry.
pub(crate) fn encode_hooks(hooks: &[StoredHook]) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({ "hooks": hooks })).unwrap_or_default()
}

/// Replays one record's payload on `store` (a mutation), or says what else it holds.
///
/// # Errors
/// When the payload is not a record, or the store refuses the mutation (it was accepted when
/// it was recorded, so that means the log does not belong to this org).
pub(crate) fn replay(store: &mut Store, payload: &[u8]) -> Result<Replayed, String> {
    let record: RecordIn = serde_json::from_slice(payload).map_err(|e| e.to_string())?;
    match record {
        RecordIn {
            m: Some(m),
            actor: Some(actor),
            at,
            ..
        } => apply(store, actor, at, m),
        RecordIn { log: Some(log), .. } => Ok(Replayed::Log(log)),
        RecordIn {
            hooks: Some(hooks), ..
        } => Ok(Replayed::Hooks(hooks)),
        _ => Err("neither a mutation, System Log events nor event hooks".to_owned()),
    }
}
