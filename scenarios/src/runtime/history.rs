//! The run history: every run the engine makes is one row of the `runs` table, written in the
//! same SQLite transaction as the trigger's "already done" record and the source's cursor, so
//! the three never disagree after a crash.

use okta_client::models::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::StateError;
use super::outcome::TargetOutcome;
use super::state::{StateStore, consume_echo_on};

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// The run finished and no target failed.
    Ok,
    /// The run failed (an error after the retries, or a target that failed): it went to the
    /// error path (recorded here, reported through the notifier) and can be run again by hand.
    Failed,
    /// Not run: the event was the flow's own write coming back (the loop guard).
    OwnWrite,
}

impl RunStatus {
    /// The name stored in the `runs` table and printed by `okta-flows history`.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Ok => "ok",
            RunStatus::Failed => "failed",
            RunStatus::OwnWrite => "own_write",
        }
    }

    fn parse(text: &str) -> Result<Self, StateError> {
        match text {
            "ok" => Ok(RunStatus::Ok),
            "failed" => Ok(RunStatus::Failed),
            "own_write" => Ok(RunStatus::OwnWrite),
            other => Err(StateError::new(format!("unknown run status {other:?}"))),
        }
    }
}

/// One recorded run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRecord {
    /// The run's id (increasing).
    pub id: i64,
    /// The flow's name.
    pub flow: String,
    /// The trigger's label: the event type, `schedule` or `manual`.
    pub trigger: String,
    /// The trigger's key: the event's uuid, the schedule slot (`schedule:<unix ms>`), or the
    /// manual run's key.
    pub trigger_key: Option<String>,
    /// When the run started.
    pub started: Timestamp,
    /// When it was recorded.
    pub finished: Option<Timestamp>,
    /// Whether it applied its writes (`--apply`) or was a dry run.
    pub applied: bool,
    /// How it ended.
    pub status: RunStatus,
    /// How many times the flow was run (1 without retries; 0 when not run).
    pub attempts: u32,
    /// What it did per target.
    pub outcomes: Vec<TargetOutcome>,
    /// The error, for failed runs.
    pub error: Option<String>,
    /// What is needed to run it again (the event, the schedule slot or the selection).
    #[serde(skip)]
    pub detail: Option<Value>,
}

/// Which runs [`StateStore::runs`] lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunQuery {
    /// Only this flow's runs.
    pub flow: Option<String>,
    /// Only failed runs.
    pub failed_only: bool,
    /// At most this many, the most recent first.
    pub limit: usize,
}

impl Default for RunQuery {
    fn default() -> Self {
        Self {
            flow: None,
            failed_only: false,
            limit: 50,
        }
    }
}

/// A run about to be recorded.
#[derive(Debug)]
pub(crate) struct NewRun<'a> {
    pub flow: &'a str,
    pub trigger: &'a str,
    pub trigger_key: Option<&'a str>,
    pub started: Timestamp,
    pub applied: bool,
    pub status: RunStatus,
    pub attempts: u32,
    pub outcomes: &'a [TargetOutcome],
    pub error: Option<&'a str>,
    pub detail: Option<&'a Value>,
}

/// A source's position to save with a run: `(source key, cursor text)`.
pub(crate) type CursorAdvance<'a> = Option<(&'a str, &'a str)>;

const RUN_COLUMNS: &str = "id, flow, trigger, trigger_key, started, finished, applied, status, \
                           attempts, outcomes, error, detail";

impl StateStore {
    /// Records a run, and in the same transaction its "already done" record (when `done`; it
    /// replaces an earlier one, for a run made again by hand) and a source's new cursor.
    pub(crate) fn commit_run(
        &self,
        run: &NewRun<'_>,
        done: bool,
        cursor: CursorAdvance<'_>,
    ) -> Result<RunRecord, StateError> {
        let mut db = self.lock();
        let tx = db.transaction()?;
        let record = insert_run(&tx, run)?;
        if let (true, Some(key)) = (done, run.trigger_key) {
            tx.execute(
                "INSERT INTO done (flow, trigger_key, run_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (flow, trigger_key) DO UPDATE SET run_id = excluded.run_id",
                params![run.flow, key, record.id],
            )?;
        }
        if let Some((source, text)) = cursor {
            save_cursor(&tx, source, text)?;
        }
        tx.commit()?;
        Ok(record)
    }

    /// The loop guard and its record in one transaction: when the event is an expected echo of
    /// the flow's own write, consumes it and records an `own_write` run, the done record and
    /// the cursor; otherwise changes nothing and returns `None`.
    pub(crate) fn commit_own_write<'t>(
        &self,
        run: &NewRun<'_>,
        event_type: &str,
        targets: impl IntoIterator<Item = &'t str>,
        now_unix: i64,
        cursor: CursorAdvance<'_>,
    ) -> Result<Option<RunRecord>, StateError> {
        let mut db = self.lock();
        let tx = db.transaction()?;
        if !consume_echo_on(&tx, run.flow, event_type, targets, now_unix)? {
            return Ok(None); // dropping the transaction rolls back the expiry sweep: harmless
        }
        let record = insert_run(&tx, run)?;
        if let Some(key) = run.trigger_key {
            tx.execute(
                "INSERT OR REPLACE INTO done (flow, trigger_key, run_id) VALUES (?1, ?2, ?3)",
                params![run.flow, key, record.id],
            )?;
        }
        if let Some((source, text)) = cursor {
            save_cursor(&tx, source, text)?;
        }
        tx.commit()?;
        Ok(Some(record))
    }

    /// The recorded runs the query selects, the most recent first.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub fn runs(&self, query: &RunQuery) -> Result<Vec<RunRecord>, StateError> {
        let db = self.lock();
        let sql = format!(
            "SELECT {RUN_COLUMNS} FROM runs WHERE (?1 IS NULL OR flow = ?1)
             AND (?2 = 0 OR status = 'failed') ORDER BY id DESC LIMIT ?3"
        );
        let mut statement = db.prepare(&sql)?;
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![query.flow, query.failed_only, limit], raw_run)?;
        rows.map(|row| row?.decode()).collect()
    }

    /// One recorded run.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub fn run(&self, id: i64) -> Result<Option<RunRecord>, StateError> {
        let db = self.lock();
        let sql = format!("SELECT {RUN_COLUMNS} FROM runs WHERE id = ?1");
        let raw = db.query_row(&sql, [id], raw_run).optional()?;
        raw.map(RawRun::decode).transpose()
    }

    /// How many runs are recorded for a flow and a trigger key (tests check "exactly once").
    ///
    /// # Errors
    /// When the database cannot be read.
    pub fn run_count(&self, flow: &str, trigger_key: &str) -> Result<u64, StateError> {
        let count: i64 = self.lock().query_row(
            "SELECT COUNT(*) FROM runs WHERE flow = ?1 AND trigger_key = ?2",
            [flow, trigger_key],
            |r| r.get(0),
        )?;
        Ok(count.unsigned_abs())
    }
}

fn save_cursor(db: &rusqlite::Connection, source: &str, text: &str) -> Result<(), StateError> {
    db.execute(
        "INSERT INTO cursors (source, cursor) VALUES (?1, ?2)
         ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor",
        params![source, text],
    )?;
    Ok(())
}

fn insert_run(db: &rusqlite::Connection, run: &NewRun<'_>) -> Result<RunRecord, StateError> {
    let finished = Timestamp::now();
    let outcomes = serde_json::to_string(run.outcomes)?;
    let detail = run.detail.map(Value::to_string);
    db.execute(
        "INSERT INTO runs (flow, trigger, trigger_key, started, finished, applied, status,
                           attempts, outcomes, error, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            run.flow,
            run.trigger,
            run.trigger_key,
            run.started.to_string(),
            finished.to_string(),
            run.applied,
            run.status.as_str(),
            run.attempts,
            outcomes,
            run.error,
            detail,
        ],
    )?;
    Ok(RunRecord {
        id: db.last_insert_rowid(),
        flow: run.flow.to_owned(),
        trigger: run.trigger.to_owned(),
        trigger_key: run.trigger_key.map(str::to_owned),
        started: run.started,
        finished: Some(finished),
        applied: run.applied,
        status: run.status,
        attempts: run.attempts,
        outcomes: run.outcomes.to_vec(),
        error: run.error.map(str::to_owned),
        detail: run.detail.cloned(),
    })
}

/// A row as SQLite gives it, decoded outside the row callback (so JSON errors are ours).
struct RawRun {
    id: i64,
    flow: String,
    trigger: String,
    trigger_key: Option<String>,
    started: String,
    finished: Option<String>,
    applied: bool,
    status: String,
    attempts: u32,
    outcomes: String,
    error: Option<String>,
    detail: Option<String>,
}

fn raw_run(r: &Row<'_>) -> rusqlite::Result<RawRun> {
    Ok(RawRun {
        id: r.get(0)?,
        flow: r.get(1)?,
        trigger: r.get(2)?,
        trigger_key: r.get(3)?,
        started: r.get(4)?,
        finished: r.get(5)?,
        applied: r.get(6)?,
        status: r.get(7)?,
        attempts: r.get(8)?,
        outcomes: r.get(9)?,
        error: r.get(10)?,
        detail: r.get(11)?,
    })
}

impl RawRun {
    fn decode(self) -> Result<RunRecord, StateError> {
        let time = |text: &str| {
            Timestamp::parse(text).map_err(|e| StateError::new(format!("run time {text}: {e}")))
        };
        Ok(RunRecord {
            id: self.id,
            flow: self.flow,
            trigger: self.trigger,
            trigger_key: self.trigger_key,
            started: time(&self.started)?,
            finished: self.finished.as_deref().map(time).transpose()?,
            applied: self.applied,
            status: RunStatus::parse(&self.status)?,
            attempts: self.attempts,
            outcomes: serde_json::from_str(&self.outcomes)?,
            error: self.error,
            detail: self
                .detail
                .as_deref()
                .map(serde_json::from_str)
                .transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::TargetStatus;

    fn run<'a>(key: &'a str, status: RunStatus, outcomes: &'a [TargetOutcome]) -> NewRun<'a> {
        NewRun {
            flow: "group-flag",
            trigger: "group.user_membership.add",
            trigger_key: Some(key),
            started: Timestamp::now(),
            applied: true,
            status,
            attempts: 1,
            outcomes,
            error: None,
            detail: None,
        }
    }

    #[test]
    fn a_run_its_done_record_and_the_cursor_are_saved_together() {
        let state = StateStore::in_memory().unwrap();
        let outcomes = [TargetOutcome::new("00u1", TargetStatus::Done)];
        let record = state
            .commit_run(
                &run("e1", RunStatus::Ok, &outcomes),
                true,
                Some(("log", "c1")),
            )
            .unwrap();
        assert!(state.is_done("group-flag", "e1").unwrap());
        assert_eq!(state.cursor("log").unwrap().as_deref(), Some("c1"));
        let listed = state.runs(&RunQuery::default()).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, record.id);
        assert_eq!(listed[0].outcomes, outcomes);
        assert_eq!(state.run(record.id).unwrap().unwrap().status, RunStatus::Ok);
    }

    #[test]
    fn failed_runs_are_listed_alone_when_asked() {
        let state = StateStore::in_memory().unwrap();
        state
            .commit_run(&run("e1", RunStatus::Ok, &[]), true, None)
            .unwrap();
        state
            .commit_run(&run("e2", RunStatus::Failed, &[]), true, None)
            .unwrap();
        let failed = RunQuery {
            failed_only: true,
            ..RunQuery::default()
        };
        let listed = state.runs(&failed).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].trigger_key.as_deref(), Some("e2"));
    }

    #[test]
    fn an_event_without_an_expected_echo_records_nothing() {
        let state = StateStore::in_memory().unwrap();
        let none = state
            .commit_own_write(
                &run("e1", RunStatus::OwnWrite, &[]),
                "user.account.update_profile",
                ["00u1"],
                0,
                Some(("log", "c")),
            )
            .unwrap();
        assert!(none.is_none());
        assert!(!state.is_done("group-flag", "e1").unwrap());
        assert_eq!(state.cursor("log").unwrap(), None);
        state
            .expect_echo("group-flag", "user.account.update_profile", "00u1", 10)
            .unwrap();
        let skipped = state
            .commit_own_write(
                &run("e1", RunStatus::OwnWrite, &[]),
                "user.account.update_profile",
                ["00u1"],
                0,
                Some(("log", "c")),
            )
            .unwrap()
            .expect("the echo is consumed");
        assert_eq!(skipped.status, RunStatus::OwnWrite);
        assert!(state.is_done("group-flag", "e1").unwrap());
    }
}
