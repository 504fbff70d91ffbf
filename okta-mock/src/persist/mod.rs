//! Persistence for `okta-mock --data-dir DIR`: the org survives restarts, and every write the
//! mock acknowledged is on disk before its response is sent.
//!
//! The directory (see `dir`) holds `meta.json` (the layout's format, the id seed and the org's
//! creation time), the log in segments `log-<first record>` (every committed mutation, and the
//! System Log events and event hook changes the mock keeps outside the store, framed with
//! their length and CRC-32, see `frame` and `record`), snapshots `snapshot-<records>` that
//! compact the log (`snapshot`), and `lock` (held with an OS lock while a mock uses the
//! directory). At start the org is the newest snapshot that reads whole plus the log after it,
//! replayed through the commit point with each record's commit time; a torn last record (a
//! crash mid-write) is dropped with a log line. While the mock runs, the HTTP layer commits
//! under the store's lock, hands the record to the writer thread (`writer`), releases the
//! lock, and awaits the fsync of the batch that carried its record. A snapshot thread
//! (`compact`) takes a snapshot when the log grew past the [`SnapshotPolicy`].
//!
//! Without `--data-dir` none of this runs: `AppState` holds `None` and commits as before.

mod compact;
mod dir;
mod frame;
mod open;
mod record;
mod snapshot;
mod writer;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio::sync::watch;

pub use open::{OpenOptions, Restored, open};
pub use record::Durable;
pub(crate) use snapshot::Sources;
pub use writer::SnapshotPolicy;

use crate::events::LogRecord;
use crate::hooks::stored::StoredHook;
use crate::store::commit::Actor;
use writer::{Flushed, Msg, Writer};

/// Why a data directory could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    /// Another process holds the directory's lock.
    #[error(
        "the data directory {dir} is in use by another okta-mock (it holds {dir}/lock); stop \
         that one, or start this one with another --data-dir"
    )]
    Locked {
        /// The directory.
        dir: PathBuf,
    },
    /// A file could not be read or written.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// `meta.json` is not one this version wrote.
    #[error(
        "{path} is not an okta-mock data directory's meta.json ({reason}); start with --reset to start over"
    )]
    Meta {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The directory lost part of the org: more than a crash can do (a disk error, a file
    /// removed or edited by hand).
    #[error(
        "the data directory is damaged at {path}: {reason}. Restore the directory from a copy, \
         or start over with --reset (which forgets the org it holds)"
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is missing or wrong.
        reason: String,
    },
    /// The log could not be written; the write was not made durable.
    #[error("the data directory's log could not be written")]
    WriteFailed,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A snapshot on disk.
#[derive(Debug, Clone)]
pub(crate) struct SnapshotInfo {
    pub file: PathBuf,
    /// When it was taken (Unix ms).
    pub taken: i64,
    pub bytes: u64,
    /// The log records it covers.
    pub records: u64,
    /// How many of them were in the log it replaced.
    pub compacted: u64,
    /// How long it held the store's read lock (one taken by this process).
    pub lock_held_ms: Option<u64>,
}

/// What `open` hands to [`Persistence::start`].
pub(crate) struct Start {
    dir: PathBuf,
    file: File,
    lock: File,
    base: u64,
    replayed: u64,
    segment_bytes: u64,
    segment_records: u64,
    snapshot: Option<SnapshotInfo>,
    policy: SnapshotPolicy,
}

/// The mock's side of an open data directory. Dropping it lets the writer finish the records
/// already handed to it and the snapshot thread its snapshot, then releases the directory's
/// lock.
#[derive(Debug)]
pub struct Persistence {
    dir: PathBuf,
    /// To the writer; `None` once closed.
    records: Mutex<Option<Sender<Msg>>>,
    /// Records handed to the writer by this process.
    enqueued: AtomicU64,
    /// Records the directory held at start (from its first, snapshots included).
    base: u64,
    flushed: watch::Receiver<Flushed>,
    log_bytes: Arc<AtomicU64>,
    log_records: Arc<AtomicU64>,
    replayed: u64,
    last_snapshot: Mutex<Option<SnapshotInfo>>,
    last_snapshot_bytes: Arc<AtomicU64>,
    snapshot_pending: Arc<AtomicBool>,
    /// Whether to take a snapshot at a clean shutdown.
    pub(crate) snapshot_at_shutdown: bool,
    compactor: compact::Compactor,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// Released last, once both threads are done with the directory.
    lock: Mutex<Option<File>>,
}

impl Drop for Persistence {
    fn drop(&mut self) {
        self.close();
    }
}

/// What `GET /__mock/storage` reports.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageStatus {
    /// The data directory.
    pub data_dir: PathBuf,
    /// Bytes its files use.
    pub bytes: u64,
    /// Bytes of the log since the last snapshot.
    pub log_bytes: u64,
    /// Records in the log since the last snapshot.
    pub log_records: u64,
    /// Records replayed at start (after the snapshot it started from).
    pub replayed_records: u64,
    /// Records made durable since start.
    pub durable_records: u64,
    /// The last snapshot (none: the log holds the whole history).
    pub last_snapshot: Option<SnapshotStatus>,
}

/// The last snapshot, as `GET /__mock/storage` reports it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotStatus {
    /// Its file.
    pub file: PathBuf,
    /// When it was taken.
    pub taken: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// The log records it covers, from the directory's first.
    pub records: u64,
    /// The records of the log it replaced.
    pub records_compacted: u64,
    /// Milliseconds it held the store's read lock, during which writes waited (for one taken
    /// since this mock started).
    pub lock_held_ms: Option<u64>,
}

impl Persistence {
    fn start(s: Start) -> Result<Self, PersistError> {
        let (tx, rx) = std::sync::mpsc::channel();
        let (flushed_tx, flushed_rx) = watch::channel(Flushed::default());
        let (trigger_tx, trigger_rx): (SyncSender<()>, Receiver<()>) =
            std::sync::mpsc::sync_channel(1);
        let log_bytes = Arc::new(AtomicU64::new(s.segment_bytes));
        let log_records = Arc::new(AtomicU64::new(s.segment_records));
        let last_snapshot_bytes =
            Arc::new(AtomicU64::new(s.snapshot.as_ref().map_or(0, |i| i.bytes)));
        let snapshot_pending = Arc::new(AtomicBool::new(false));
        let writer = Writer {
            dir: s.dir.clone(),
            file: s.file,
            records: rx,
            flushed: flushed_tx,
            log_bytes: Arc::clone(&log_bytes),
            log_records: Arc::clone(&log_records),
            policy: s.policy,
            last_snapshot_bytes: Arc::clone(&last_snapshot_bytes),
            snapshot_pending: Arc::clone(&snapshot_pending),
            trigger: Some(trigger_tx.clone()),
        };
        let writer = std::thread::Builder::new()
            .name("okta-mock-log".into())
            .spawn(move || writer.run())
            .map_err(dir::io(&s.dir))?;
        Ok(Self {
            dir: s.dir,
            records: Mutex::new(Some(tx)),
            enqueued: AtomicU64::new(0),
            base: s.base,
            flushed: flushed_rx,
            log_bytes,
            log_records,
            replayed: s.replayed,
            last_snapshot: Mutex::new(s.snapshot),
            last_snapshot_bytes,
            snapshot_pending,
            snapshot_at_shutdown: s.policy.at_shutdown,
            compactor: compact::Compactor::new(trigger_tx, trigger_rx),
            writer: Mutex::new(Some(writer)),
            lock: Mutex::new(Some(s.lock)),
        })
    }

    fn send(&self, msg: Msg) -> u64 {
        let ticket = self.enqueued.fetch_add(1, Ordering::Relaxed) + 1;
        // A writer that stopped has reported `failed`, which `durable` answers; after
        // `close`, nothing is sent and `durable` answers `WriteFailed`.
        if let Some(records) = lock(&self.records).as_ref() {
            let _ = records.send(msg);
        }
        ticket
    }

    /// Hands the writer a rotation after the records queued so far (under the store's lock).
    pub(crate) fn rotate(&self, at: u64) {
        if let Some(records) = lock(&self.records).as_ref() {
            let _ = records.send(Msg::Rotate(at));
        }
    }

    /// Stops using the directory: the writer finishes the records already handed to it, the
    /// snapshot thread its snapshot, and the directory's lock is released before this returns,
    /// so the same process can open the directory again right away (a restarted
    /// [`MockServer`](crate::MockServer), even while clients still hold connections to the
    /// stopped one). Later writes are answered 500. Dropping the handle closes it too.
    pub(crate) fn close(&self) {
        // Closing the channel ends the writer once it wrote what it holds.
        lock(&self.records).take();
        let writer = lock(&self.writer).take();
        if let Some(writer) = writer {
            let _ = writer.join();
        }
        self.compactor.stop();
        lock(&self.lock).take();
    }

    /// Frames `payload` and hands it to the writer. Call it under the store's write lock, right
    /// after the commit it records, so the log's order is the commit order. Answers the
    /// ticket to [`Persistence::durable`].
    pub(crate) fn append(&self, payload: &[u8]) -> u64 {
        self.send(Msg::Frame(frame::encode(payload)))
    }

    /// Hands new System Log events to the writer (serialized there), under the store's write
    /// lock like [`Persistence::append`]; answers the ticket.
    pub(crate) fn append_log(&self, events: &[Arc<LogRecord>]) -> u64 {
        self.send(Msg::Log(events.to_vec()))
    }

    /// Records the event hook registry as it now is, under the store's write lock; answers
    /// the ticket.
    pub(crate) fn append_hooks(&self, hooks: &[StoredHook]) -> u64 {
        self.append(&record::encode_hooks(hooks))
    }

    /// The record of `mutation`, to be committed at `at` by `actor`: taken before the commit,
    /// which consumes the mutation, and handed to [`Persistence::append`] once it succeeded.
    pub(crate) fn record<M: Durable>(at: i64, actor: &Actor, mutation: &M) -> Vec<u8> {
        record::encode(at, actor, mutation)
    }

    /// The number of records handed over so far: the ticket that covers all of them.
    pub(crate) fn last_ticket(&self) -> u64 {
        self.enqueued.load(Ordering::Relaxed)
    }

    /// Records from the directory's first to the last one handed to the writer: where a
    /// snapshot taken now (under the store's lock) ends.
    pub(crate) fn position(&self) -> u64 {
        self.base + self.last_ticket()
    }

    /// Waits until the record with `ticket` (and every one before it) is fsync'd.
    ///
    /// # Errors
    /// [`PersistError::WriteFailed`] when the log could not be written.
    pub async fn durable(&self, ticket: u64) -> Result<(), PersistError> {
        let mut flushed = self.flushed.clone();
        let state = flushed
            .wait_for(|f| f.failed || f.records >= ticket)
            .await
            .map(|f| *f)
            .map_err(|_| PersistError::WriteFailed)?;
        if state.records >= ticket {
            Ok(())
        } else {
            Err(PersistError::WriteFailed)
        }
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The directory, its size and its last snapshot.
    pub fn status(&self) -> StorageStatus {
        let last = lock(&self.last_snapshot).clone();
        StorageStatus {
            data_dir: self.dir.clone(),
            bytes: dir::bytes(&self.dir),
            log_bytes: self.log_bytes.load(Ordering::Relaxed),
            log_records: self.log_records.load(Ordering::Relaxed),
            replayed_records: self.replayed,
            durable_records: self.flushed.borrow().records,
            last_snapshot: last.map(|s| SnapshotStatus {
                file: s.file,
                taken: crate::events::render::format_millis(s.taken),
                bytes: s.bytes,
                records: s.records,
                records_compacted: s.compacted,
                lock_held_ms: s.lock_held_ms,
            }),
        }
    }
}

#[cfg(test)]
mod tests;
