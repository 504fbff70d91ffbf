//! The data directory's files: `meta.json`, `lock`, the log's segments `log-<first record>`
//! and the snapshots `snapshot-<records covered>` (both numbers 20 digits, so names sort in
//! order), and `snapshot.tmp` while a snapshot is being written.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::PersistError;

/// The snapshot being written, renamed into place once whole and fsync'd.
pub(crate) const SNAPSHOT_TMP: &str = "snapshot.tmp";

/// The log of the first data directories, before segments (read as `log-0`).
pub(crate) const LEGACY_LOG: &str = "log";

/// The path of the segment whose first record is `first`.
pub(crate) fn segment(dir: &Path, first: u64) -> PathBuf {
    dir.join(format!("log-{first:020}"))
}

/// The path of the snapshot covering the first `records` records.
pub(crate) fn snapshot(dir: &Path, records: u64) -> PathBuf {
    dir.join(format!("snapshot-{records:020}"))
}

/// The files named `<prefix><number>`, by number.
fn numbered(dir: &Path, prefix: &str) -> Result<Vec<(u64, PathBuf)>, PersistError> {
    let entries = std::fs::read_dir(dir).map_err(io(dir))?;
    let mut out: Vec<(u64, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name();
            let n = name.to_str()?.strip_prefix(prefix)?.parse().ok()?;
            Some((n, e.path()))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The log's segments, oldest first.
pub(crate) fn segments(dir: &Path) -> Result<Vec<(u64, PathBuf)>, PersistError> {
    numbered(dir, "log-")
}

/// The snapshots, oldest first.
pub(crate) fn snapshots(dir: &Path) -> Result<Vec<(u64, PathBuf)>, PersistError> {
    numbered(dir, "snapshot-")
}

/// Removes a file; one already gone is fine.
pub(crate) fn remove(path: &Path) -> Result<(), PersistError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(path)(e)),
        _ => Ok(()),
    }
}

/// The error of a file operation on `path`.
pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PersistError + '_ {
    move |source| PersistError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Makes a directory's new entries (created, renamed, removed files) durable; a no-op where
/// directories cannot be opened.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), PersistError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Bytes the directory's files use.
pub(crate) fn bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
