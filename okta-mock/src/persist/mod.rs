//! Persistence for `okta-mock --data-dir DIR`: the org survives restarts, and every write the
//! mock acknowledged is on disk before its response is sent.
//!
//! The directory holds `meta.json` (the format, the id seed and the org's creation time),
//! `log` (every committed mutation, framed with its length and CRC-32, see `frame`) and `lock`
//! (held with an OS lock while a mock uses the directory). At start the org is rebuilt by
//! replaying the log through the commit point with each record's commit time (`record`); a
//! torn last record (a crash mid-write) is dropped with a log line. While the mock runs, the
//! HTTP layer commits under the store's lock, hands the record to the writer thread (`writer`),
//! releases the lock, and awaits the fsync of the batch that carried its record.
//!
//! Without `--data-dir` none of this runs: `AppState` holds `None` and commits as before.

mod frame;
mod open;
mod record;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;

use serde::Serialize;
use tokio::sync::watch;

pub use open::{OpenOptions, open};
pub use record::Durable;

use crate::store::commit::Actor;
use writer::Flushed;

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
    /// The log could not be written; the write was not made durable.
    #[error("the data directory's log could not be written")]
    WriteFailed,
}

/// The mock's side of an open data directory. Dropping it lets the writer finish the records
/// already handed to it, then release the directory's lock.
#[derive(Debug)]
pub struct Persistence {
    dir: PathBuf,
    records: Sender<Vec<u8>>,
    enqueued: AtomicU64,
    flushed: watch::Receiver<Flushed>,
    log_bytes: Arc<AtomicU64>,
    replayed: u64,
    writer: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Persistence {
    fn drop(&mut self) {
        // Closing the channel ends the writer once it wrote what it holds; waiting for it
        // releases the directory's lock before this returns, so the same process can open the
        // directory again right away (a restarted MockServer in a test).
        let (closed, _) = std::sync::mpsc::channel();
        drop(std::mem::replace(&mut self.records, closed));
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
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
    /// Bytes of the log.
    pub log_bytes: u64,
    /// Records replayed at start.
    pub replayed_records: u64,
    /// Records made durable since start.
    pub durable_records: u64,
    /// The last snapshot (none: the log holds the whole history).
    pub last_snapshot: Option<String>,
}

impl Persistence {
    /// Frames `payload` and hands it to the writer. Call it under the store's write lock, right
    /// after the commit it records, so the log's order is the commit order. Answers the
    /// ticket to [`Persistence::durable`].
    pub(crate) fn append(&self, payload: &[u8]) -> u64 {
        let ticket = self.enqueued.fetch_add(1, Ordering::Relaxed) + 1;
        // A writer that stopped has reported `failed`, which `durable` answers.
        let _ = self.records.send(frame::encode(payload));
        ticket
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
        let bytes = std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| e.metadata().ok())
                    .filter(std::fs::Metadata::is_file)
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0);
        StorageStatus {
            data_dir: self.dir.clone(),
            bytes,
            log_bytes: self.log_bytes.load(Ordering::Relaxed),
            replayed_records: self.replayed,
            durable_records: self.flushed.borrow().records,
            last_snapshot: None,
        }
    }
}

#[cfg(test)]
mod tests;
