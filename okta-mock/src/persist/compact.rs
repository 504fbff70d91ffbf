//! Compaction: the thread that takes snapshots when the writer asks (the log grew past the
//! policy), and [`Persistence::snapshot_now`], which it and the admin API share.
//!
//! Order of a snapshot, and what a crash at each point leaves:
//! 1. Under the store's read lock: serialize the org (writers wait, readers go on) and queue a
//!    rotation after the last record it covers (`log-<records>` starts there). A crash: the
//!    old segment is whole and the new one, if started, follows it.
//! 2. No lock held: write `snapshot.tmp`, fsync, rename to `snapshot-<records>`, fsync the
//!    directory. A crash before the rename: the start removes the tmp file and replays the
//!    log as before; after it: the start uses the new snapshot and skips the old segments.
//! 3. Once the writer started the new segment: remove the segments and snapshots it covers.
//!    A crash: the start removes them.

use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex, Weak};
use std::thread::{JoinHandle, ThreadId};
use std::time::{Duration, Instant};

use super::snapshot::{self, Sources};
use super::{PersistError, Persistence, SnapshotInfo, dir, lock};

/// How the mock takes a snapshot's content: under the store's read lock, it calls
/// [`Persistence::capture`] with the parts it holds. Answers `None` when it cannot (the mock
/// is gone).
pub(crate) type Capture = Box<dyn Fn(&Persistence) -> Option<Captured> + Send + Sync>;

/// A serialized snapshot, not yet written.
pub(crate) struct Captured {
    records: u64,
    compacted: u64,
    taken: i64,
    partial: snapshot::Partial,
}

/// The snapshot thread and what it needs.
#[derive(Default)]
pub(crate) struct Compactor {
    trigger: Mutex<Option<SyncSender<()>>>,
    requests: Mutex<Option<Receiver<()>>>,
    capture: Mutex<Option<Arc<Capture>>>,
    thread: Mutex<Option<(JoinHandle<()>, ThreadId)>>,
    /// Held while a snapshot is taken: one at a time.
    running: Mutex<()>,
}

impl std::fmt::Debug for Compactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compactor").finish_non_exhaustive()
    }
}

impl Compactor {
    pub(crate) fn new(trigger: SyncSender<()>, requests: Receiver<()>) -> Self {
        Self {
            trigger: Mutex::new(Some(trigger)),
            requests: Mutex::new(Some(requests)),
            ..Self::default()
        }
    }

    /// Ends the snapshot thread (after the snapshot it is taking) and waits for it, unless
    /// this is that thread.
    pub(crate) fn stop(&self) {
        lock(&self.trigger).take();
        if let Some((thread, id)) = lock(&self.thread).take()
            && id != std::thread::current().id()
        {
            let _ = thread.join();
        }
    }
}

impl Persistence {
    /// Starts taking snapshots with `capture` when the log grows past the policy.
    pub(crate) fn start_snapshots(self: &Arc<Self>, capture: Capture) {
        *lock(&self.compactor.capture) = Some(Arc::new(capture));
        let Some(requests) = lock(&self.compactor.requests).take() else {
            return;
        };
        let weak: Weak<Persistence> = Arc::downgrade(self);
        let spawned = std::thread::Builder::new()
            .name("okta-mock-snapshot".into())
            .spawn(move || {
                while requests.recv().is_ok() {
                    let Some(persist) = weak.upgrade() else {
                        break;
                    };
                    if let Err(e) = persist.snapshot_now() {
                        tracing::error!(error = %e, "okta-mock: a snapshot failed; the log \
                                                     keeps every record, the next one retries");
                    }
                    persist
                        .snapshot_pending
                        .store(false, std::sync::atomic::Ordering::Release);
                }
            });
        match spawned {
            Ok(thread) => {
                let id = thread.thread().id();
                *lock(&self.compactor.thread) = Some((thread, id));
            }
            Err(e) => tracing::error!(error = %e, "okta-mock: no snapshot thread; the log is \
                                                   not compacted"),
        }
    }

    /// Serializes a snapshot of `sources` and queues the writer's rotation after the last
    /// record it covers. Call it under the store's read lock (see [`Capture`]); `taken` is
    /// now, in Unix ms. `None` when the log holds nothing since the last snapshot.
    pub(crate) fn capture(&self, sources: &Sources<'_>, taken: i64) -> Option<Captured> {
        let records = self.position();
        let since = lock(&self.last_snapshot).as_ref().map_or(0, |s| s.records);
        if records == since {
            return None;
        }
        let partial = snapshot::capture(sources, records, records - since, taken);
        // After every record the snapshot covers, before any it does not: under the lock.
        self.rotate(records);
        Some(Captured {
            records,
            compacted: records - since,
            taken,
            partial,
        })
    }

    /// Takes a snapshot now (nothing when the log is empty since the last one) and drops the
    /// log it covers.
    ///
    /// # Errors
    /// When the snapshot cannot be written; the log keeps every record then.
    pub(crate) fn snapshot_now(&self) -> Result<(), PersistError> {
        let _one = lock(&self.compactor.running);
        let Some(capture) = lock(&self.compactor.capture).clone() else {
            return Ok(());
        };
        let started = Instant::now();
        let Some(c) = capture(self) else {
            return Ok(());
        };
        let held = started.elapsed();
        let bytes = snapshot::finish(c.partial);
        let mut info = snapshot::write(&self.dir, bytes, c.records, c.compacted, c.taken)?;
        info.lock_held_ms = Some(u64::try_from(held.as_millis()).unwrap_or(u64::MAX));
        self.wait_rotated(c.records)?;
        self.drop_covered(&info)?;
        self.last_snapshot_bytes
            .store(info.bytes, std::sync::atomic::Ordering::Relaxed);
        tracing::info!(file = %info.file.display(), bytes = info.bytes,
            records_compacted = info.compacted, "okta-mock: snapshot taken");
        *lock(&self.last_snapshot) = Some(info);
        Ok(())
    }

    /// Waits (bounded) until the writer writes to the segment starting at `records`.
    fn wait_rotated(&self, records: u64) -> Result<(), PersistError> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let f = *self.flushed.borrow();
            if f.rotated.is_some_and(|r| r >= records) {
                return Ok(());
            }
            let closed = lock(&self.records).is_none();
            if f.failed || closed || Instant::now() > deadline {
                return Err(PersistError::WriteFailed);
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Removes the segments and snapshots a new snapshot covers.
    fn drop_covered(&self, info: &SnapshotInfo) -> Result<(), PersistError> {
        for (first, path) in dir::segments(&self.dir)? {
            if first < info.records {
                dir::remove(&path)?;
            }
        }
        for (records, path) in dir::snapshots(&self.dir)? {
            if records < info.records {
                dir::remove(&path)?;
            }
        }
        dir::sync_dir(&self.dir)
    }
}
