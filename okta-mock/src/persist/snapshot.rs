//! Snapshots: the whole org at one point of the log, so the log before that point can be
//! dropped. A snapshot is one file, `[b"OKMSNAP1"][length: u64 LE][CRC-32: u32 LE][payload]`,
//! whose payload is JSON: the org as a scenario export (the format that loads an org, with
//! every timestamp and the credentials state), the id generator's and the event log's
//! positions, the System Log's events with their uuids and storage positions, the event
//! hooks (with their secrets) and the service apps.
//!
//! Taken in steps: [`capture`] copies the org's records under the store's read lock (readers
//! go on, writers wait), [`finish`] serializes them with the System Log and the hooks, and
//! [`write`] puts it on disk, both with no lock held: `snapshot.tmp`, fsync,
//! rename to `snapshot-<records>`, fsync the directory. A crash before the rename leaves a
//! `snapshot.tmp` that the next start removes; after it, a snapshot that is whole.

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use super::dir::{self, io};
use super::{PersistError, SnapshotInfo};
use crate::events::{LogRecord, SystemLog};
use crate::hooks::EventHooks;
use crate::hooks::stored::StoredHook;
use crate::oauth::AuthServer;
use crate::scenario::export::{Exporter, Names, UserParts};
use crate::scenario::{Scenario, ScenarioUser};
use crate::store::Store;

const MAGIC: &[u8; 8] = b"OKMSNAP1";
const HEADER: usize = 8 + 8 + 4;
const FORMAT: u32 = 1;

/// The users, turned into their scenario form one by one as the serializer asks for them.
struct UsersOut<'a>(&'a Names, std::cell::RefCell<Vec<UserParts>>);

impl Serialize for UsersOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let parts = std::mem::take(&mut *self.1.borrow_mut());
        serializer.collect_seq(parts.into_iter().map(|p| self.0.user(p)))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogOut<'a> {
    last_pos: u64,
    events: Vec<(u64, i64, &'a Value)>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotOut<'a> {
    format: u32,
    records: u64,
    taken: i64,
    compacted: u64,
    positions: [u64; 5],
    org: &'a Scenario,
    users: UsersOut<'a>,
    system_log: LogOut<'a>,
    hooks: &'a [StoredHook],
}

/// System Log events as a snapshot keeps them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LogIn {
    /// The storage position of the last event stored.
    pub last_pos: u64,
    /// `(pos, published, event)`, oldest first.
    pub events: Vec<(u64, i64, Value)>,
}

/// A snapshot, read back.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SnapshotIn {
    format: u32,
    /// The log records it covers: the log goes on at this record.
    pub records: u64,
    /// When it was taken (Unix ms).
    pub taken: i64,
    /// How many records it compacted.
    pub compacted: u64,
    /// The store's id generator and event log positions.
    pub positions: [u64; 5],
    /// The org without its users, with the service apps.
    pub org: Scenario,
    /// The users.
    pub users: Vec<ScenarioUser>,
    /// The System Log.
    pub system_log: LogIn,
    /// The event hooks.
    pub hooks: Vec<StoredHook>,
}

/// What a snapshot covers, taken together under the store's read lock.
pub(crate) struct Sources<'a> {
    /// The org.
    pub store: &'a Store,
    /// Its System Log.
    pub syslog: &'a SystemLog,
    /// Its event hooks.
    pub hooks: &'a EventHooks,
    /// Its service apps.
    pub oauth: &'a AuthServer,
}

/// What a snapshot holds, copied under the store's lock and serialized by [`finish`] after
/// it is released: the org without its users, each user's parts, the System Log's events
/// (immutable, shared rather than copied) and the hooks.
pub(crate) struct Partial {
    records: u64,
    compacted: u64,
    taken: i64,
    positions: [u64; 5],
    org: Scenario,
    names: Names,
    users: Vec<UserParts>,
    events: Vec<Arc<LogRecord>>,
    last_pos: u64,
    hooks: Vec<StoredHook>,
}

/// Copies what a snapshot covering the first `records` log records holds (`compacted` of them
/// in the log it replaces). Call it under the store's read lock: the store cannot be shared
/// with later writes, so its users are copied there (records, memberships, app users), and
/// turned into JSON only by [`finish`].
pub(crate) fn capture(sources: &Sources<'_>, records: u64, compacted: u64, taken: i64) -> Partial {
    let exporter = Exporter::new(sources.store);
    let mut org = exporter.without_users();
    org.service_apps = sources.oauth.service_apps();
    let users = sources
        .store
        .users()
        .records()
        .map(|u| exporter.parts(u))
        .collect();
    let (events, last_pos) = sources.syslog.snapshot();
    Partial {
        records,
        compacted,
        taken,
        positions: sources.store.positions(),
        org,
        names: exporter.names().clone(),
        users,
        events,
        last_pos,
        hooks: sources.hooks.stored(),
    }
}

/// The snapshot's bytes (header space, then the JSON payload), with no lock held.
pub(crate) fn finish(partial: Partial) -> Vec<u8> {
    let out = SnapshotOut {
        format: FORMAT,
        records: partial.records,
        taken: partial.taken,
        compacted: partial.compacted,
        positions: partial.positions,
        org: &partial.org,
        users: UsersOut(&partial.names, std::cell::RefCell::new(partial.users)),
        system_log: LogOut {
            last_pos: partial.last_pos,
            events: partial
                .events
                .iter()
                .map(|e| (e.pos, e.published, &e.json))
                .collect(),
        },
        hooks: &partial.hooks,
    };
    let mut bytes = vec![0; HEADER];
    // Plain data (strings, maps, numbers): it always serializes.
    let _ = serde_json::to_writer(&mut bytes, &out);
    bytes
}

/// Writes a captured snapshot into `dir` atomically; answers what it is.
///
/// # Errors
/// When a file cannot be written.
pub(crate) fn write(
    dir: &Path,
    mut bytes: Vec<u8>,
    records: u64,
    compacted: u64,
    taken: i64,
) -> Result<SnapshotInfo, PersistError> {
    let len = (bytes.len() - HEADER) as u64;
    let crc = crc32fast::hash(&bytes[HEADER..]);
    bytes[..8].copy_from_slice(MAGIC);
    bytes[8..16].copy_from_slice(&len.to_le_bytes());
    bytes[16..20].copy_from_slice(&crc.to_le_bytes());
    let tmp = dir.join(dir::SNAPSHOT_TMP);
    let mut file = File::create(&tmp).map_err(io(&tmp))?;
    file.write_all(&bytes).map_err(io(&tmp))?;
    file.sync_all().map_err(io(&tmp))?;
    drop(file);
    let path = dir::snapshot(dir, records);
    std::fs::rename(&tmp, &path).map_err(io(&path))?;
    dir::sync_dir(dir)?;
    Ok(SnapshotInfo {
        file: path,
        taken,
        bytes: bytes.len() as u64,
        records,
        compacted,
        lock_held_ms: None,
    })
}

/// Reads a snapshot, checking its checksum.
///
/// # Errors
/// Why it cannot be used: unreadable, cut short, a checksum that does not match, not JSON
/// of this format.
pub(crate) fn read(path: &Path) -> Result<(SnapshotIn, u64), String> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    let size = bytes.len() as u64;
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return Err("not an okta-mock snapshot".to_owned());
    }
    let mut len = [0; 8];
    len.copy_from_slice(&bytes[8..16]);
    let mut crc = [0; 4];
    crc.copy_from_slice(&bytes[16..20]);
    let payload = &bytes[HEADER..];
    if payload.len() as u64 != u64::from_le_bytes(len) {
        return Err(format!(
            "cut short: {} of {} bytes",
            payload.len(),
            u64::from_le_bytes(len)
        ));
    }
    if crc32fast::hash(payload) != u32::from_le_bytes(crc) {
        return Err("its checksum does not match (damaged)".to_owned());
    }
    let snapshot: SnapshotIn = serde_json::from_slice(payload).map_err(|e| e.to_string())?;
    if snapshot.format != FORMAT {
        return Err(format!(
            "format {} (this okta-mock reads {FORMAT})",
            snapshot.format
        ));
    }
    Ok((snapshot, size))
}
