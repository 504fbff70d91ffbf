//! Opening a data directory: take its lock, rebuild the org from its newest snapshot and the
//! log after it (or create it from the scenario, the first time), and start the writer.

use std::fs::{File, OpenOptions as FileOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use okta_client::models::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::dir::{self, io};
use super::record::{self, Replayed};
use super::snapshot::{self, SnapshotIn};
use super::writer::SnapshotPolicy;
use super::{PersistError, Persistence, SnapshotInfo, frame};
use crate::hooks::stored::StoredHook;
use crate::scenario::{Scenario, ScenarioServiceApp};
use crate::store::commit::{Actor, LoadScenario};
use crate::store::{Clock, Store};

/// The directory layout this version writes: 2 has log segments and snapshots; 1 (one
/// `log` file) is read and upgraded.
const FORMAT: u32 = 2;

/// How to open a data directory.
pub struct OpenOptions<'a> {
    /// The directory (created when missing).
    pub dir: &'a Path,
    /// Start over: forget what the directory holds and load `scenario`.
    pub reset: bool,
    /// The id seed of a new org (an existing one keeps its own).
    pub seed: Option<u64>,
    /// The org of a new directory (an existing one keeps its own).
    pub scenario: Option<&'a Scenario>,
    /// The live clock.
    pub clock: Clock,
    /// When to take snapshots.
    pub policy: SnapshotPolicy,
}

/// A System Log event as a data directory keeps it: `(pos, published, event)`.
pub(crate) type KeptEvent = (u64, i64, Value);

/// What an existing directory kept besides the org: the mock's parts outside the store.
#[derive(Debug, Default)]
pub struct Restored {
    /// The directory existed (the org comes from it, not from the scenario).
    pub existing: bool,
    /// The System Log's events `(pos, published, event)` and the last storage position.
    pub(crate) system_log: Option<(Vec<KeptEvent>, u64)>,
    /// The event hooks.
    pub(crate) hooks: Option<Vec<StoredHook>>,
    /// The service apps.
    pub(crate) service_apps: Option<Vec<ScenarioServiceApp>>,
}

/// The directory's fixed facts, written once when it is created.
#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    format: u32,
    /// The store's id seed (`None`: the store's default).
    seed: Option<u64>,
    /// When the org was created (the "Everyone" group's timestamps), Unix milliseconds.
    created: i64,
}

/// Opens `options.dir`: the org it holds (or a new one), what else it kept, and the handle
/// that makes later commits durable.
///
/// # Errors
/// When another mock holds the directory, a file cannot be read or written, `meta.json` is
/// not ours, the directory is damaged beyond what a crash leaves (a damaged snapshot whose log
/// was compacted away, a gap between segments), or the scenario of a new directory does not
/// load.
pub fn open(options: OpenOptions<'_>) -> Result<(Store, Persistence, Restored), PersistError> {
    let dir = options.dir;
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let lock = lock(dir)?;
    let meta_path = dir.join("meta.json");
    if options.reset {
        for (_, path) in dir::segments(dir)?.into_iter().chain(dir::snapshots(dir)?) {
            dir::remove(&path)?;
        }
        for name in [dir::LEGACY_LOG, dir::SNAPSHOT_TMP, "meta.json"] {
            dir::remove(&dir.join(name))?;
        }
    }
    let tmp = dir.join(dir::SNAPSHOT_TMP);
    if tmp.exists() {
        tracing::warn!(path = %tmp.display(),
            "okta-mock: removed a snapshot that a crash left half-written (the log still has \
             what it was to cover)");
        dir::remove(&tmp)?;
    }
    let (mut store, state) = if meta_path.exists() {
        let meta = read_meta(dir, &meta_path)?;
        let state = restore(dir, &meta)?;
        if options.scenario.is_some() {
            tracing::info!(dir = %dir.display(), records = state.rest.position,
                "okta-mock: the org comes from the data directory (the scenario is only loaded \
                 into a new one; --reset starts over)");
        }
        (state.store, state.rest)
    } else {
        create(dir, &meta_path, &options)?
    };
    store.set_clock(Arc::clone(&options.clock));
    let (persist, restored) = state.start(dir, lock, options.policy)?;
    Ok((store, persist, restored))
}

/// An org rebuilt or created, before the writer starts.
struct Opened {
    store: Store,
    rest: State,
}

/// Where the log stands after opening, and what was restored.
struct State {
    /// Records from the directory's first to the last one kept.
    position: u64,
    /// Records replayed from the log.
    replayed: u64,
    /// The segment to append to, its size and record count.
    segment: PathBuf,
    segment_bytes: u64,
    segment_records: u64,
    snapshot: Option<SnapshotInfo>,
    restored: Restored,
}

impl State {
    fn start(
        self,
        dir: &Path,
        lock: File,
        policy: SnapshotPolicy,
    ) -> Result<(Persistence, Restored), PersistError> {
        let file = FileOptions::new()
            .create(true)
            .append(true)
            .open(&self.segment)
            .map_err(io(&self.segment))?;
        let persist = Persistence::start(super::Start {
            dir: dir.to_owned(),
            file,
            lock,
            base: self.position,
            replayed: self.replayed,
            segment_bytes: self.segment_bytes,
            segment_records: self.segment_records,
            snapshot: self.snapshot,
            policy,
        })?;
        Ok((persist, self.restored))
    }
}

/// A new directory: the scenario loaded and recorded as the log's first record.
fn create(
    dir: &Path,
    meta_path: &Path,
    options: &OpenOptions<'_>,
) -> Result<(Store, State), PersistError> {
    let meta = Meta {
        format: FORMAT,
        seed: options.seed,
        created: (options.clock)().unix_millis(),
    };
    let mut store = build(&meta);
    let mut records = Vec::new();
    if let Some(scenario) = options.scenario {
        let at = meta.created;
        store
            .commit_at(Actor::MockAdmin, LoadScenario(scenario), at)
            .map_err(|e| PersistError::Meta {
                path: meta_path.to_owned(),
                reason: format!("the scenario does not load: {e}"),
            })?;
        records.extend(frame::encode(&record::encode(
            at,
            &Actor::MockAdmin,
            &LoadScenario(scenario),
        )));
    }
    let segment = dir::segment(dir, 0);
    let mut file = File::create(&segment).map_err(io(&segment))?;
    file.write_all(&records).map_err(io(&segment))?;
    file.sync_all().map_err(io(&segment))?;
    dir::sync_dir(dir)?;
    write_meta(dir, meta_path, &meta)?;
    let n = u64::from(!records.is_empty());
    let state = State {
        position: n,
        replayed: 0,
        segment,
        segment_bytes: records.len() as u64,
        segment_records: n,
        snapshot: None,
        restored: Restored::default(),
    };
    Ok((store, state))
}

/// The newest snapshot that reads whole, and the segments after it replayed.
fn restore(dir: &Path, meta: &Meta) -> Result<Opened, PersistError> {
    let segments = dir::segments(dir)?;
    let mut store = build(meta);
    let mut restored = Restored {
        existing: true,
        ..Restored::default()
    };
    let mut events: Vec<KeptEvent> = Vec::new();
    let mut last_pos = 0;
    let mut start = 0;
    let mut used = None;
    let mut damaged = Vec::new();
    for (records, path) in dir::snapshots(dir)?.into_iter().rev() {
        match snapshot::read(&path) {
            Ok((snap, size)) => {
                start = records;
                used = Some(SnapshotInfo {
                    file: path.clone(),
                    taken: snap.taken,
                    bytes: size,
                    records,
                    compacted: snap.compacted,
                    lock_held_ms: None,
                });
                let (log, pos) = load_snapshot(&mut store, meta, snap)?;
                restored.hooks = Some(log.1);
                restored.service_apps = Some(log.2);
                events = log.0;
                last_pos = pos;
                break;
            }
            Err(reason) => {
                tracing::error!(path = %path.display(), %reason,
                    "okta-mock: a snapshot of the data directory cannot be read; trying an \
                     older one");
                damaged.push((path, reason));
            }
        }
    }
    // The log must go on from where the snapshot (or the directory's start) left off.
    let mut expected = start;
    let after: Vec<_> = segments
        .iter()
        .filter(|(first, _)| *first >= start)
        .collect();
    if let Some((first, path)) = after.first()
        && *first != start
    {
        let reason = match damaged.first() {
            Some((snap, why)) => format!(
                "the snapshot {} cannot be read ({why}) and the log before it was compacted \
                 away",
                snap.display()
            ),
            None => format!("the log is missing records {start} to {}", first - 1),
        };
        return Err(PersistError::Damaged {
            path: path.clone(),
            reason,
        });
    }
    let mut replayed = 0;
    let mut current = None;
    for (i, (first, path)) in after.iter().enumerate() {
        if *first != expected {
            return Err(PersistError::Damaged {
                path: path.clone(),
                reason: format!("the log is missing records {expected} to {}", first - 1),
            });
        }
        let last = i + 1 == after.len();
        let (n, bytes) = replay_segment(&mut store, path, last, &mut |r| match r {
            Replayed::Committed { service_apps } => {
                if service_apps.is_some() {
                    restored.service_apps = service_apps;
                }
            }
            Replayed::Log(new) => {
                for (published, json) in new {
                    last_pos += 1;
                    events.push((last_pos, published, json));
                }
            }
            Replayed::Hooks(hooks) => restored.hooks = Some(hooks),
        })?;
        expected += n;
        replayed += n;
        if last {
            current = Some(((*path).clone(), bytes, n));
        }
    }
    let (segment, segment_bytes, segment_records) = match current {
        Some(c) => c,
        None => {
            let path = dir::segment(dir, expected);
            File::create(&path).map_err(io(&path))?;
            dir::sync_dir(dir)?;
            (path, 0, 0)
        }
    };
    // What a crash left behind once the snapshot was in place: the log it covers, older
    // snapshots; a damaged snapshot is kept aside for inspection.
    for (first, path) in &segments {
        if *first < start {
            dir::remove(path)?;
        }
    }
    for (records, path) in dir::snapshots(dir)? {
        if records < start {
            dir::remove(&path)?;
        }
    }
    for (path, _) in &damaged {
        let aside = path.with_extension("damaged");
        std::fs::rename(path, &aside).map_err(io(path))?;
    }
    dir::sync_dir(dir)?;
    restored.system_log = Some((events, last_pos));
    Ok(Opened {
        store,
        rest: State {
            position: expected,
            replayed,
            segment,
            segment_bytes,
            segment_records,
            snapshot: used,
            restored,
        },
    })
}

type SnapshotRest = (
    Vec<(u64, i64, Value)>,
    Vec<StoredHook>,
    Vec<ScenarioServiceApp>,
);

/// Loads a snapshot's org into `store`; answers the rest it holds and the System Log's last
/// storage position.
fn load_snapshot(
    store: &mut Store,
    meta: &Meta,
    snap: SnapshotIn,
) -> Result<(SnapshotRest, u64), PersistError> {
    let SnapshotIn {
        records,
        positions,
        mut org,
        users,
        system_log,
        hooks,
        ..
    } = snap;
    org.users = users;
    let service_apps = std::mem::take(&mut org.service_apps);
    store
        .commit_at(Actor::MockAdmin, LoadScenario(&org), meta.created)
        .map_err(|e| PersistError::Damaged {
            path: PathBuf::from(format!("snapshot-{records:020}")),
            reason: format!("its org does not load: {e}"),
        })?;
    store.resume_positions(positions);
    Ok((
        (system_log.events, hooks, service_apps),
        system_log.last_pos,
    ))
}

/// Replays one segment; a torn or garbled tail of the last one is dropped (and cut off the
/// file, so new records follow the last whole one). Answers its records and bytes.
fn replay_segment(
    store: &mut Store,
    path: &Path,
    last: bool,
    on: &mut dyn FnMut(Replayed),
) -> Result<(u64, u64), PersistError> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(io(path))?;
    let decoded = frame::decode(&bytes);
    if decoded.valid_len < bytes.len() && !last {
        return Err(PersistError::Damaged {
            path: path.to_owned(),
            reason: format!(
                "a record at byte {} is damaged, and later segments follow it",
                decoded.valid_len
            ),
        });
    }
    for (i, payload) in decoded.records.iter().enumerate() {
        match record::replay(store, payload) {
            Ok(r) => on(r),
            // Accepted when it was recorded; refused now means a bug, not a crash: keep going
            // so the rest of the org is there, and say so.
            Err(e) => tracing::error!(path = %path.display(), record = i, error = %e,
                "okta-mock: a record of the data directory's log does not replay; skipped"),
        }
    }
    if decoded.valid_len < bytes.len() {
        tracing::warn!(
            path = %path.display(),
            offset = decoded.valid_len,
            bytes = bytes.len() - decoded.valid_len,
            "okta-mock: dropped a torn record at the end of the log (a write the mock never \
             acknowledged)"
        );
        let file = FileOptions::new()
            .write(true)
            .open(path)
            .map_err(io(path))?;
        file.set_len(decoded.valid_len as u64).map_err(io(path))?;
        file.sync_all().map_err(io(path))?;
    }
    Ok((decoded.records.len() as u64, decoded.valid_len as u64))
}

/// Takes the directory's lock, or says who holds it.
fn lock(dir: &Path) -> Result<File, PersistError> {
    let path = dir.join("lock");
    let file = FileOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io(&path))?;
    // Called through the trait: std's own `File::try_lock` is newer than our MSRV.
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => Ok(file),
        Err(fs4::TryLockError::WouldBlock) => Err(PersistError::Locked {
            dir: dir.to_owned(),
        }),
        Err(fs4::TryLockError::Error(e)) => Err(io(&path)(e)),
    }
}

/// An empty org as the directory's meta describes it: its seed, and "Everyone" created when
/// the directory was.
fn build(meta: &Meta) -> Store {
    let created = Timestamp::from_unix_millis(meta.created).unwrap_or_else(|_| Timestamp::now());
    let clock: Clock = Arc::new(move || created);
    match meta.seed {
        Some(seed) => Store::with_clock_and_seed(clock, seed),
        None => Store::with_clock(Box::new(move || created)),
    }
}

/// Reads meta.json; a directory of format 1 (one `log` file) is upgraded: its log becomes
/// the first segment.
fn read_meta(dir: &Path, path: &Path) -> Result<Meta, PersistError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    let mut meta: Meta = serde_json::from_slice(&bytes).map_err(|e| PersistError::Meta {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    match meta.format {
        FORMAT => Ok(meta),
        1 => {
            let legacy = dir.join(dir::LEGACY_LOG);
            if legacy.exists() {
                let first = dir::segment(dir, 0);
                std::fs::rename(&legacy, &first).map_err(io(&first))?;
                dir::sync_dir(dir)?;
            }
            meta.format = FORMAT;
            write_meta(dir, path, &meta)?;
            Ok(meta)
        }
        other => Err(PersistError::Meta {
            path: path.to_owned(),
            reason: format!("format {other} (this okta-mock reads 1 and {FORMAT})"),
        }),
    }
}

/// Writes meta.json atomically (a whole file or none): it marks the directory as created, so
/// it goes last.
fn write_meta(dir: &Path, path: &Path, meta: &Meta) -> Result<(), PersistError> {
    let tmp: PathBuf = dir.join("meta.json.tmp");
    let bytes = serde_json::to_vec_pretty(meta).unwrap_or_default();
    let mut file = File::create(&tmp).map_err(io(&tmp))?;
    file.write_all(&bytes).map_err(io(&tmp))?;
    file.sync_all().map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))?;
    dir::sync_dir(dir)
}
