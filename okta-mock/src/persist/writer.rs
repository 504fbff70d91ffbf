//! Group commit: one thread appends records to the log and fsyncs them. Records that arrive
//! while an fsync runs wait in the channel and go out together in the next write, under one
//! fsync, so N concurrent writers pay for about one fsync each round, not N.
//!
//! The same thread starts a new segment when a snapshot asks it to (a [`Msg::Rotate`] queued
//! in commit order, right after the last record the snapshot covers), and asks for a snapshot
//! when the segment grew past the [`SnapshotPolicy`].

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};

use tokio::sync::watch;

use super::{dir, frame, record};
use crate::events::LogRecord;

/// When to take a snapshot: after this many records or bytes in the current segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotPolicy {
    /// Records in the log since the last snapshot (0: never by count).
    pub records: u64,
    /// Bytes of log since the last snapshot (0: never by size); a quarter of the last
    /// snapshot's size when that is more, so a large org is not rewritten for a small log.
    pub bytes: u64,
    /// Also at a clean shutdown ([`MockServer::shutdown`](crate::MockServer::shutdown), the
    /// binary's Ctrl-C or SIGTERM), when the log holds records since the last snapshot, so
    /// the next start loads it rather than replaying them.
    pub at_shutdown: bool,
}

impl Default for SnapshotPolicy {
    /// 100,000 records or 64 MiB, and at shutdown.
    fn default() -> Self {
        Self {
            records: 100_000,
            bytes: 64 << 20,
            at_shutdown: true,
        }
    }
}

/// What the writer is handed.
pub(crate) enum Msg {
    /// A framed record.
    Frame(Vec<u8>),
    /// System Log events to record (serialized here, off the store's lock).
    Log(Vec<Arc<LogRecord>>),
    /// Start a new segment at this record (a snapshot covers everything before it).
    Rotate(u64),
}

/// How far the log is durable.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Flushed {
    /// Records appended and fsync'd since the mock started.
    pub records: u64,
    /// A write or fsync failed: no later record is durable.
    pub failed: bool,
    /// The first record of the segment being written, once the writer rotated.
    pub rotated: Option<u64>,
}

/// The writer's end: the log file, the records to append, where to announce progress.
pub(crate) struct Writer {
    pub dir: PathBuf,
    pub file: File,
    pub records: Receiver<Msg>,
    pub flushed: watch::Sender<Flushed>,
    /// Bytes and records of the current segment.
    pub log_bytes: Arc<AtomicU64>,
    pub log_records: Arc<AtomicU64>,
    pub policy: SnapshotPolicy,
    pub last_snapshot_bytes: Arc<AtomicU64>,
    /// Set while a snapshot is asked for or running.
    pub snapshot_pending: Arc<AtomicBool>,
    pub trigger: Option<SyncSender<()>>,
}

impl Writer {
    /// Appends records until every sender is gone.
    pub fn run(mut self) {
        let mut done = 0u64;
        let mut batch = Vec::new();
        while let Ok(first) = self.records.recv() {
            batch.clear();
            let mut n = 0;
            let mut rotate = add(first, &mut batch, &mut n);
            while rotate.is_none() {
                match self.records.try_recv() {
                    Ok(more) => rotate = add(more, &mut batch, &mut n),
                    Err(_) => break,
                }
            }
            if !batch.is_empty() {
                let written = self
                    .file
                    .write_all(&batch)
                    .and_then(|()| self.file.sync_data());
                if let Err(e) = written {
                    return self.fail(&e);
                }
                done += n;
                self.log_bytes
                    .fetch_add(batch.len() as u64, Ordering::Relaxed);
                self.log_records.fetch_add(n, Ordering::Relaxed);
                self.flushed.send_modify(|f| f.records = done);
            }
            match rotate {
                Some(at) => {
                    if let Err(e) = self.rotate(at) {
                        return self.fail(&e);
                    }
                }
                None => self.maybe_ask_for_snapshot(),
            }
        }
    }

    fn fail(&self, e: &dyn std::fmt::Display) {
        tracing::error!(error = %e, "okta-mock: cannot write the data directory's log; \
                                     later writes are refused (500)");
        self.flushed.send_modify(|f| f.failed = true);
    }

    /// Closes the segment (everything in it is fsync'd already) and starts `log-<at>`.
    fn rotate(&mut self, at: u64) -> Result<(), super::PersistError> {
        let path = dir::segment(&self.dir, at);
        self.file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(dir::io(&path))?;
        dir::sync_dir(&self.dir)?;
        self.log_bytes.store(0, Ordering::Relaxed);
        self.log_records.store(0, Ordering::Relaxed);
        self.flushed.send_modify(|f| f.rotated = Some(at));
        Ok(())
    }

    fn maybe_ask_for_snapshot(&self) {
        let Some(trigger) = &self.trigger else {
            return;
        };
        let bytes = self.log_bytes.load(Ordering::Relaxed);
        let records = self.log_records.load(Ordering::Relaxed);
        let by_size = self.policy.bytes > 0
            && bytes
                >= self
                    .policy
                    .bytes
                    .max(self.last_snapshot_bytes.load(Ordering::Relaxed) / 4);
        let by_count = self.policy.records > 0 && records >= self.policy.records;
        if (by_size || by_count) && !self.snapshot_pending.swap(true, Ordering::AcqRel) {
            let _ = trigger.try_send(());
        }
    }
}

/// Adds a message to the batch; answers a rotation, which ends the batch.
fn add(msg: Msg, batch: &mut Vec<u8>, n: &mut u64) -> Option<u64> {
    match msg {
        Msg::Frame(bytes) => {
            batch.extend_from_slice(&bytes);
            *n += 1;
            None
        }
        Msg::Log(events) => {
            batch.extend_from_slice(&frame::encode(&record::encode_log(&events)));
            *n += 1;
            None
        }
        Msg::Rotate(at) => Some(at),
    }
}
