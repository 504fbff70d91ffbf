//! Opening a data directory: take its lock, then rebuild the org from its log (or create it
//! from the scenario, the first time), and start the writer.

use std::fs::{File, OpenOptions as FileOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use okta_client::models::Timestamp;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::writer::{Flushed, Writer};
use super::{PersistError, Persistence, frame, record};
use crate::scenario::Scenario;
use crate::store::commit::{Actor, LoadScenario};
use crate::store::{Clock, Store};

const FORMAT: u32 = 1;

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

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PersistError + '_ {
    move |source| PersistError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Opens `options.dir`: the org it holds (or a new one) and the handle that makes later
/// commits durable.
///
/// # Errors
/// When another mock holds the directory, a file cannot be read or written, `meta.json` is
/// not ours, or the scenario of a new directory does not load.
pub fn open(options: OpenOptions<'_>) -> Result<(Store, Persistence), PersistError> {
    let dir = options.dir;
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let lock = lock(dir)?;
    let meta_path = dir.join("meta.json");
    let log_path = dir.join("log");
    if options.reset {
        for path in [&log_path, &meta_path] {
            match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(path)(e)),
                _ => {}
            }
        }
    }
    let (mut store, replayed) = if meta_path.exists() {
        let meta = read_meta(&meta_path)?;
        let mut store = build(&meta);
        let replayed = replay(&mut store, &log_path)?;
        if options.scenario.is_some() {
            tracing::info!(dir = %dir.display(), records = replayed,
                "okta-mock: the org comes from the data directory (the scenario is only loaded \
                 into a new one; --reset starts over)");
        }
        (store, replayed)
    } else {
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
                    path: meta_path.clone(),
                    reason: format!("the scenario does not load: {e}"),
                })?;
            records.extend(frame::encode(&record::encode(
                at,
                &Actor::MockAdmin,
                &LoadScenario(scenario),
            )));
        }
        write_new(dir, &log_path, &records)?;
        write_meta(dir, &meta_path, &meta)?;
        (store, 0)
    };
    store.set_clock(Arc::clone(&options.clock));
    let file = FileOptions::new()
        .append(true)
        .open(&log_path)
        .map_err(io(&log_path))?;
    let log_bytes = file.metadata().map_err(io(&log_path))?.len();
    let (tx, rx) = std::sync::mpsc::channel();
    let (flushed_tx, flushed_rx) = watch::channel(Flushed::default());
    let log_bytes = Arc::new(AtomicU64::new(log_bytes));
    let writer = Writer {
        file,
        records: rx,
        flushed: flushed_tx,
        log_bytes: Arc::clone(&log_bytes),
        lock,
    };
    let writer = std::thread::Builder::new()
        .name("okta-mock-log".into())
        .spawn(move || writer.run())
        .map_err(io(&log_path))?;
    Ok((
        store,
        Persistence {
            dir: dir.to_owned(),
            records: tx,
            enqueued: AtomicU64::new(0),
            flushed: flushed_rx,
            log_bytes,
            replayed,
            writer: Some(writer),
        },
    ))
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

fn read_meta(path: &Path) -> Result<Meta, PersistError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    let meta: Meta = serde_json::from_slice(&bytes).map_err(|e| PersistError::Meta {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    if meta.format != FORMAT {
        return Err(PersistError::Meta {
            path: path.to_owned(),
            reason: format!("format {} (this okta-mock reads {FORMAT})", meta.format),
        });
    }
    Ok(meta)
}

/// Replays the log on `store`; a torn or garbled tail is dropped (and cut off the file, so
/// new records follow the last whole one).
fn replay(store: &mut Store, path: &Path) -> Result<u64, PersistError> {
    let mut bytes = Vec::new();
    match File::open(path) {
        Ok(mut f) => {
            f.read_to_end(&mut bytes).map_err(io(path))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(path)(e)),
    }
    let decoded = frame::decode(&bytes);
    let mut replayed = 0;
    for (i, payload) in decoded.records.iter().enumerate() {
        match record::replay(store, payload) {
            Ok(()) => replayed += 1,
            // Accepted when it was recorded; refused now means a bug, not a crash: keep going
            // so the rest of the org is there, and say so.
            Err(e) => tracing::error!(record = i, error = %e,
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
    Ok(replayed)
}

/// Creates the log with its first records, durably.
fn write_new(dir: &Path, path: &Path, records: &[u8]) -> Result<(), PersistError> {
    let mut file = File::create(path).map_err(io(path))?;
    file.write_all(records).map_err(io(path))?;
    file.sync_all().map_err(io(path))?;
    sync_dir(dir)
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
    sync_dir(dir)
}

/// Makes a directory's new entries durable (a no-op where directories cannot be opened).
fn sync_dir(dir: &Path) -> Result<(), PersistError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
