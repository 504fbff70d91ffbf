//! Runs by the clock and by hand: scheduled flows when their period has passed, one flow over a
//! selection, and a recorded run made again.

use std::sync::atomic::{AtomicU64, Ordering};

use okta_client::models::{LogEvent, Timestamp};
use serde_json::{Value, json};

use super::engine::{Engine, EngineError};
use super::event::{EventSource, FlowEvent};
use super::history::RunRecord;
use super::trigger::{Selection, Trigger, TriggerSpec};

/// The `cursors` key holding a flow's last schedule slot (unix milliseconds).
fn slot_source(flow: &str) -> String {
    format!("schedule/{flow}")
}

/// Distinguishes manual runs started in the same millisecond.
static MANUAL_RUNS: AtomicU64 = AtomicU64::new(0);

impl Engine {
    /// Runs every scheduled flow whose last recorded scheduled run is at least a period older
    /// than `now` (or that never ran). The slot (`schedule:<unix ms of now>`) is done-recorded
    /// with the run and the flow's last slot, in one transaction, as events are.
    ///
    /// # Errors
    /// As [`Engine::handle_event`].
    pub async fn run_due(&self, now: Timestamp) -> Result<Vec<RunRecord>, EngineError> {
        self.check_mode()?;
        let mut records = Vec::new();
        for flow in &self.flows {
            let periods = flow.triggers().into_iter().filter_map(|t| match t {
                TriggerSpec::Every(period) => Some(period),
                TriggerSpec::Event(_) => None,
            });
            let Some(period) = periods.min() else {
                continue;
            };
            let source = slot_source(flow.name());
            let last: Option<i64> = self
                .state
                .cursor(&source)?
                .and_then(|text| text.parse().ok());
            let now_ms = now.unix_millis();
            let period_ms = i64::try_from(period.as_millis()).unwrap_or(i64::MAX);
            if last.is_some_and(|last| now_ms.saturating_sub(last) < period_ms) {
                continue;
            }
            let key = format!("schedule:{now_ms}");
            if self.state.is_done(flow.name(), &key)? {
                continue;
            }
            let detail = json!({"at": now});
            let slot = now_ms.to_string();
            let record = self
                .execute(
                    flow.as_ref(),
                    &Trigger::Scheduled { at: now },
                    &key,
                    Some(&detail),
                    true,
                    Some((&source, &slot)),
                )
                .await?;
            records.push(record);
        }
        Ok(records)
    }

    /// Runs one flow by hand over a selection of users. Recorded in the history (trigger
    /// `manual`), never done-recorded: a manual run can always be made again.
    ///
    /// # Errors
    /// [`EngineError::UnknownFlow`], and as [`Engine::handle_event`].
    pub async fn run_manual(
        &self,
        flow: &str,
        selection: Selection,
    ) -> Result<RunRecord, EngineError> {
        self.check_mode()?;
        let flow = self.find(flow)?;
        let n = MANUAL_RUNS.fetch_add(1, Ordering::Relaxed);
        let key = format!("manual:{}:{n}", Timestamp::now().unix_millis());
        let detail = json!({ "selection": selection });
        self.execute(
            flow.as_ref(),
            &Trigger::Manual(selection),
            &key,
            Some(&detail),
            false,
            None,
        )
        .await
    }

    /// Runs a recorded run again by hand (a failed one, usually), with its original trigger:
    /// the same event, schedule slot or selection. The new run replaces the old one as the
    /// trigger's done record.
    ///
    /// # Errors
    /// [`EngineError::NoSuchRun`], [`EngineError::NotRerunnable`] (its flow is not running,
    /// or its trigger was not recorded), and as [`Engine::handle_event`].
    pub async fn rerun(&self, run_id: i64) -> Result<RunRecord, EngineError> {
        self.check_mode()?;
        let old = self
            .state
            .run(run_id)?
            .ok_or(EngineError::NoSuchRun(run_id))?;
        let flow = self
            .find(&old.flow)
            .map_err(|e| EngineError::NotRerunnable(run_id, e.to_string()))?;
        let detail = old.detail.clone().unwrap_or(Value::Null);
        let trigger = trigger_of(&old.trigger, &detail)
            .ok_or_else(|| EngineError::NotRerunnable(run_id, "no trigger recorded".into()))?;
        let key = old.trigger_key.clone().unwrap_or_default();
        let done = !matches!(trigger, Trigger::Manual(_));
        self.execute(flow.as_ref(), &trigger, &key, Some(&detail), done, None)
            .await
    }
}

/// The trigger a run's recorded detail describes.
fn trigger_of(label: &str, detail: &Value) -> Option<Trigger> {
    match label {
        "manual" => serde_json::from_value(detail.get("selection")?.clone())
            .ok()
            .map(Trigger::Manual),
        "schedule" => serde_json::from_value(detail.get("at")?.clone())
            .ok()
            .map(|at| Trigger::Scheduled { at }),
        _ => {
            let event: LogEvent = serde_json::from_value(detail.get("event")?.clone()).ok()?;
            let source = serde_json::from_value(detail.get("source")?.clone())
                .unwrap_or(EventSource::SystemLog);
            Some(Trigger::Event(Box::new(FlowEvent { source, event })))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::AtomicU32;
    use std::time::Duration;

    use super::*;
    use crate::runtime::{
        Flow, FlowContext, FlowError, FlowFuture, LogNotifier, RunStatus, StateStore, TargetOutcome,
    };

    /// A scheduled flow that makes no request: it counts its runs, and fails with a
    /// configuration error when told to.
    struct Hourly {
        runs: AtomicU32,
        fail: bool,
    }

    impl Flow for Hourly {
        fn name(&self) -> &'static str {
            "hourly"
        }
        fn triggers(&self) -> Vec<TriggerSpec> {
            vec![TriggerSpec::Every(Duration::from_secs(3600))]
        }
        fn run<'a>(&'a self, _: &'a FlowContext, _: &'a Trigger) -> FlowFuture<'a> {
            Box::pin(async move {
                self.runs.fetch_add(1, Ordering::SeqCst);
                if self.fail {
                    return Err(FlowError::Config("no mapping".into()));
                }
                Ok(vec![TargetOutcome::no_change("all")])
            })
        }
    }

    fn engine(flow: Arc<Hourly>) -> Engine {
        let client = okta_client::Client::builder()
            .org_url("https://example.okta.com")
            .api_token("never-sent")
            .build()
            .unwrap();
        let state = Arc::new(StateStore::in_memory().unwrap());
        Engine::new(client, state, Arc::new(LogNotifier))
            .flow(flow)
            .apply(true)
    }

    fn at(minutes: i64) -> Timestamp {
        Timestamp::from_unix_millis(1_800_000_000_000 + minutes * 60_000).unwrap()
    }

    #[test]
    fn the_engine_and_its_futures_can_move_between_threads() {
        fn send_sync<T: Send + Sync>(_: &T) {}
        fn send<T: Send>(_: &T) {}
        let engine = engine(Arc::new(Hourly {
            runs: AtomicU32::new(0),
            fail: false,
        }));
        send_sync(&engine);
        let event: LogEvent = serde_json::from_value(json!({
            "uuid": "u1", "eventType": "group.user_membership.add",
            "published": "2026-01-01T00:00:00.000Z"
        }))
        .unwrap();
        let event = FlowEvent::from_log(event);
        send(&engine.handle_event(&event, None));
        send(&engine.run_due(at(0)));
        send(&engine.run_manual("hourly", Selection::All));
        send(&engine.rerun(1));
    }

    #[tokio::test]
    async fn a_scheduled_flow_runs_once_per_period() {
        let flow = Arc::new(Hourly {
            runs: AtomicU32::new(0),
            fail: false,
        });
        let engine = engine(flow.clone());
        assert_eq!(engine.run_due(at(0)).await.unwrap().len(), 1);
        assert!(engine.run_due(at(0)).await.unwrap().is_empty());
        assert!(engine.run_due(at(59)).await.unwrap().is_empty());
        let later = engine.run_due(at(60)).await.unwrap();
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].trigger, "schedule");
        assert_eq!(flow.runs.load(Ordering::SeqCst), 2);
        let key = later[0].trigger_key.as_deref().unwrap();
        assert!(engine.state().is_done("hourly", key).unwrap());
    }

    #[tokio::test]
    async fn a_configuration_error_is_not_retried_and_the_run_is_recorded_failed() {
        let flow = Arc::new(Hourly {
            runs: AtomicU32::new(0),
            fail: true,
        });
        let engine = engine(flow.clone());
        let runs = engine.run_due(at(0)).await.unwrap();
        assert_eq!(runs[0].status, RunStatus::Failed);
        assert_eq!(runs[0].attempts, 1);
        assert_eq!(flow.runs.load(Ordering::SeqCst), 1);
        assert!(runs[0].error.as_deref().unwrap().contains("no mapping"));
        let again = engine.rerun(runs[0].id).await.unwrap();
        assert_eq!((again.trigger.as_str(), again.attempts), ("schedule", 1));
    }
}
