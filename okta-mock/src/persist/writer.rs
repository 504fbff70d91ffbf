//! Group commit: one thread appends records to the log and fsyncs them. Records that arrive
//! while an fsync runs wait in the channel and go out together in the next write, under one
//! fsync, so N concurrent writers pay for about one fsync each round, not N.

use std::fs::File;
use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Receiver;

use tokio::sync::watch;

/// How far the log is durable.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Flushed {
    /// Records appended and fsync'd since the mock started.
    pub records: u64,
    /// A write or fsync failed: no later record is durable.
    pub failed: bool,
}

/// The writer's end: the log file, the records to append, where to announce progress.
pub(crate) struct Writer {
    pub file: File,
    pub records: Receiver<Vec<u8>>,
    pub flushed: watch::Sender<Flushed>,
    pub log_bytes: Arc<AtomicU64>,
    /// The data directory's lock, released when the last record is written.
    pub lock: File,
}

impl Writer {
    /// Appends records until every sender is gone.
    pub fn run(mut self) {
        let mut done = 0u64;
        let mut batch = Vec::new();
        while let Ok(first) = self.records.recv() {
            batch.clear();
            batch.extend_from_slice(&first);
            let mut n = 1;
            while let Ok(more) = self.records.try_recv() {
                batch.extend_from_slice(&more);
                n += 1;
            }
            let written = self
                .file
                .write_all(&batch)
                .and_then(|()| self.file.sync_data());
            if let Err(e) = written {
                tracing::error!(error = %e, "okta-mock: cannot write the data directory's log; \
                                             later writes are refused (500)");
                self.flushed.send_modify(|f| f.failed = true);
                return;
            }
            done += n;
            self.log_bytes
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
            self.flushed.send_replace(Flushed {
                records: done,
                failed: false,
            });
        }
        drop(self.lock);
    }
}
