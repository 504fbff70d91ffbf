//! The runtime's durable state, in one SQLite file: System Log cursors, "already done"
//! records, the flows' own tables, the loop guard's expected echoes, and the run history.
//!
//! SQLite (through rusqlite, built from source) because the state is small, must survive a
//! crash at any point, and wants transactions across its parts: marking an event done and
//! recording its run happen together or not at all. WAL mode with `synchronous=NORMAL` keeps
//! every committed transaction across a process crash (a power loss may lose the last ones,
//! which the runtime then handles again: flows converge, so that is safe).

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::error::StateError;

/// The schema, created when missing. Bump [`SCHEMA_VERSION`] with any change.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS cursors (source TEXT PRIMARY KEY, cursor TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS done (
    flow TEXT NOT NULL, trigger_key TEXT NOT NULL, run_id INTEGER NOT NULL,
    PRIMARY KEY (flow, trigger_key));
CREATE TABLE IF NOT EXISTS rows (
    flow TEXT NOT NULL, tbl TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (flow, tbl, key));
CREATE TABLE IF NOT EXISTS echoes (
    id INTEGER PRIMARY KEY, flow TEXT NOT NULL, event_type TEXT NOT NULL,
    target_id TEXT NOT NULL, expires_unix INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS echoes_by_target ON echoes (flow, event_type, target_id);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, flow TEXT NOT NULL, trigger TEXT NOT NULL, trigger_key TEXT,
    started TEXT NOT NULL, finished TEXT, applied INTEGER NOT NULL, status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, outcomes TEXT NOT NULL DEFAULT '[]', error TEXT,
    detail TEXT);
CREATE INDEX IF NOT EXISTS runs_by_flow ON runs (flow, id);
";

/// The version [`SCHEMA`] is at, kept in SQLite's `user_version`.
const SCHEMA_VERSION: i64 = 1;

/// The state store. Cheap calls under a mutex: each is one short SQLite statement or
/// transaction, so holding it from async code does not stall the runtime.
#[derive(Debug)]
pub struct StateStore {
    db: Mutex<Connection>,
    persistent: bool,
}

impl StateStore {
    /// Opens (or creates) the state file.
    ///
    /// # Errors
    /// When the file cannot be opened or is not a state file of this version.
    pub fn open(path: &Path) -> Result<Self, StateError> {
        let db = Connection::open(path)
            .map_err(|e| StateError::new(format!("opening {}: {e}", path.display())))?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "NORMAL")?;
        db.busy_timeout(std::time::Duration::from_secs(5))?;
        Self::init(db, true)
    }

    /// A store that lives in memory only: for dry runs that should leave nothing behind.
    ///
    /// # Errors
    /// Only if SQLite cannot allocate.
    pub fn in_memory() -> Result<Self, StateError> {
        Self::init(Connection::open_in_memory()?, false)
    }

    /// Whether the store is a file (and outlives the process), not [`StateStore::in_memory`].
    pub fn is_persistent(&self) -> bool {
        self.persistent
    }

    fn init(db: Connection, persistent: bool) -> Result<Self, StateError> {
        let version: i64 = db.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StateError::new(format!(
                "the state file is at schema version {version}, newer than this okta-flows \
                 ({SCHEMA_VERSION}): use a newer okta-flows or another --state file"
            )));
        }
        db.execute_batch(SCHEMA)?;
        db.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(Self {
            db: Mutex::new(db),
            persistent,
        })
    }

    /// The connection, for the runtime's own transactions.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding it left no half transaction (rusqlite rolls back on drop).
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cursor saved for a source (e.g. `system_log`), as its text.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub fn cursor(&self, source: &str) -> Result<Option<String>, StateError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT cursor FROM cursors WHERE source = ?1",
                [source],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Saves the cursor of a source.
    ///
    /// # Errors
    /// When the database cannot be written.
    pub fn set_cursor(&self, source: &str, cursor: &str) -> Result<(), StateError> {
        self.lock().execute(
            "INSERT INTO cursors (source, cursor) VALUES (?1, ?2)
             ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor",
            params![source, cursor],
        )?;
        Ok(())
    }

    /// Whether a flow already handled a trigger (an event's uuid, a schedule slot, …).
    ///
    /// # Errors
    /// When the database cannot be read.
    pub fn is_done(&self, flow: &str, trigger_key: &str) -> Result<bool, StateError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT 1 FROM done WHERE flow = ?1 AND trigger_key = ?2",
                [flow, trigger_key],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// A row of one of a flow's tables.
    ///
    /// # Errors
    /// When the database cannot be read or the row is not JSON.
    pub fn row(&self, flow: &str, table: &str, key: &str) -> Result<Option<Value>, StateError> {
        let text: Option<String> = self
            .lock()
            .query_row(
                "SELECT value FROM rows WHERE flow = ?1 AND tbl = ?2 AND key = ?3",
                [flow, table, key],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
    }

    /// Writes (inserts or replaces) a row of one of a flow's tables.
    ///
    /// # Errors
    /// When the database cannot be written.
    pub fn put_row(
        &self,
        flow: &str,
        table: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), StateError> {
        self.lock().execute(
            "INSERT INTO rows (flow, tbl, key, value) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (flow, tbl, key) DO UPDATE SET value = excluded.value",
            params![flow, table, key, value.to_string()],
        )?;
        Ok(())
    }

    /// Deletes a row; deleting a missing row is not an error.
    ///
    /// # Errors
    /// When the database cannot be written.
    pub fn delete_row(&self, flow: &str, table: &str, key: &str) -> Result<(), StateError> {
        self.lock().execute(
            "DELETE FROM rows WHERE flow = ?1 AND tbl = ?2 AND key = ?3",
            [flow, table, key],
        )?;
        Ok(())
    }

    /// Every row of a flow's table, by key.
    ///
    /// # Errors
    /// When the database cannot be read or a row is not JSON.
    pub fn rows(&self, flow: &str, table: &str) -> Result<Vec<(String, Value)>, StateError> {
        let db = self.lock();
        let mut statement =
            db.prepare("SELECT key, value FROM rows WHERE flow = ?1 AND tbl = ?2 ORDER BY key")?;
        let rows = statement.query_map([flow, table], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (key, text) = row?;
            Ok((key, serde_json::from_str(&text)?))
        })
        .collect()
    }

    /// Records that a write the flow is about to make will come back as an event of
    /// `event_type` on `target_id`, which that flow must then not act on (the loop guard).
    /// Kept until `expires_unix` (seconds), in case Okta logs no event for it.
    ///
    /// # Errors
    /// When the database cannot be written.
    pub fn expect_echo(
        &self,
        flow: &str,
        event_type: &str,
        target_id: &str,
        expires_unix: i64,
    ) -> Result<(), StateError> {
        self.lock().execute(
            "INSERT INTO echoes (flow, event_type, target_id, expires_unix)
             VALUES (?1, ?2, ?3, ?4)",
            params![flow, event_type, target_id, expires_unix],
        )?;
        Ok(())
    }

    /// Consumes one unexpired expected echo matching an event, if there is one: `true` means
    /// the event is the flow's own write coming back and must not trigger it.
    ///
    /// # Errors
    /// When the database cannot be written.
    pub fn consume_echo<'t>(
        &self,
        flow: &str,
        event_type: &str,
        target_ids: impl IntoIterator<Item = &'t str>,
        now_unix: i64,
    ) -> Result<bool, StateError> {
        consume_echo_on(&self.lock(), flow, event_type, target_ids, now_unix)
    }

    /// Forgets the expected echoes of a write that failed (so a later, real event is not
    /// mistaken for it).
    ///
    /// # Errors
    /// When the database cannot be written.
    pub fn forget_echo(
        &self,
        flow: &str,
        event_type: &str,
        target_id: &str,
    ) -> Result<(), StateError> {
        self.lock().execute(
            "DELETE FROM echoes WHERE id = (SELECT id FROM echoes
             WHERE flow = ?1 AND event_type = ?2 AND target_id = ?3 ORDER BY id DESC LIMIT 1)",
            [flow, event_type, target_id],
        )?;
        Ok(())
    }
}

/// [`StateStore::consume_echo`] on a connection (or a transaction: the runtime consumes an
/// echo and records the skipped run in one transaction).
pub(crate) fn consume_echo_on<'t>(
    db: &Connection,
    flow: &str,
    event_type: &str,
    target_ids: impl IntoIterator<Item = &'t str>,
    now_unix: i64,
) -> Result<bool, StateError> {
    db.execute("DELETE FROM echoes WHERE expires_unix < ?1", [now_unix])?;
    for target in target_ids {
        let removed = db.execute(
            "DELETE FROM echoes WHERE id = (SELECT id FROM echoes
             WHERE flow = ?1 AND event_type = ?2 AND target_id = ?3 ORDER BY id LIMIT 1)",
            [flow, event_type, target],
        )?;
        if removed > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_cursors_and_echoes_survive_reopening_the_file() {
        let dir = std::env::temp_dir().join(format!("okta-flows-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.db");
        let _ = std::fs::remove_file(&path);
        {
            let state = StateStore::open(&path).unwrap();
            state
                .set_cursor("system_log", "https://x/api/v1/logs?after=1")
                .unwrap();
            state
                .put_row("offboarding", "audit", "00u1", &json!({"at": 1}))
                .unwrap();
            state
                .expect_echo("title", "user.account.update_profile", "00u1", 100)
                .unwrap();
        }
        let state = StateStore::open(&path).unwrap();
        assert_eq!(
            state.cursor("system_log").unwrap().as_deref(),
            Some("https://x/api/v1/logs?after=1")
        );
        assert_eq!(
            state.row("offboarding", "audit", "00u1").unwrap(),
            Some(json!({"at": 1}))
        );
        assert!(
            state
                .consume_echo("title", "user.account.update_profile", ["00u1"], 50)
                .unwrap()
        );
        assert!(
            !state
                .consume_echo("title", "user.account.update_profile", ["00u1"], 50)
                .unwrap()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_expired_echo_no_longer_hides_an_event() {
        let state = StateStore::in_memory().unwrap();
        state
            .expect_echo("f", "group.user_membership.add", "00u1", 10)
            .unwrap();
        assert!(
            !state
                .consume_echo("f", "group.user_membership.add", ["00u1"], 11)
                .unwrap()
        );
    }

    #[test]
    fn an_echo_belongs_to_the_flow_that_wrote() {
        let state = StateStore::in_memory().unwrap();
        state
            .expect_echo("a", "group.user_membership.add", "00u1", 10)
            .unwrap();
        assert!(
            !state
                .consume_echo("b", "group.user_membership.add", ["00u1"], 1)
                .unwrap()
        );
        assert!(
            state
                .consume_echo("a", "group.user_membership.add", ["00u9", "00u1"], 1)
                .unwrap()
        );
    }
}
