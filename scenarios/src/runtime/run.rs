//! One run of one flow: the retries, the record, and the error path (steps 3 to 5 of the
//! order of effects documented on [`Engine`]).

use std::sync::Arc;

use okta_client::models::Timestamp;
use serde_json::Value;

use super::context::FlowContext;
use super::engine::{CrashPoint, Engine, EngineError};
use super::error::FlowError;
use super::flow::Flow;
use super::history::{CursorAdvance, NewRun, RunRecord, RunStatus};
use super::notify::Notification;
use super::outcome::TargetOutcome;
use super::trigger::Trigger;

impl Engine {
    /// Runs a flow for a trigger with retries, records the run (with its done record when
    /// `done`, and `cursor`), then reports a failure. Steps 3 to 5 of the order of effects.
    pub(super) async fn execute(
        &self,
        flow: &dyn Flow,
        trigger: &Trigger,
        key: &str,
        detail: Option<&Value>,
        done: bool,
        cursor: CursorAdvance<'_>,
    ) -> Result<RunRecord, EngineError> {
        self.crash_point(CrashPoint::BeforeRun)?;
        let started = Timestamp::now();
        let ctx = FlowContext::new(
            flow.name(),
            self.client.clone(),
            self.apply,
            key,
            Arc::clone(&self.state),
            Arc::clone(&self.notifier),
        );
        let (result, attempts) = self.attempts(flow, &ctx, trigger).await;
        self.crash_point(CrashPoint::AfterRun)?;
        let (outcomes, error): (Vec<TargetOutcome>, Option<String>) = match result {
            Ok(outcomes) => (outcomes, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        let failed = error.is_some() || outcomes.iter().any(TargetOutcome::failed);
        let run = NewRun {
            flow: flow.name(),
            trigger: trigger.label(),
            trigger_key: Some(key),
            started,
            applied: self.apply,
            status: if failed {
                RunStatus::Failed
            } else {
                RunStatus::Ok
            },
            attempts,
            outcomes: &outcomes,
            error: error.as_deref(),
            detail,
        };
        let record = self.state.commit_run(&run, done, cursor)?;
        self.crash_point(CrashPoint::AfterRecord)?;
        if failed && self.apply {
            self.report_failure(&record).await;
        }
        Ok(record)
    }

    async fn attempts(
        &self,
        flow: &dyn Flow,
        ctx: &FlowContext,
        trigger: &Trigger,
    ) -> (Result<Vec<TargetOutcome>, FlowError>, u32) {
        let mut runs = 0;
        loop {
            runs += 1;
            match flow.run(ctx, trigger).await {
                Err(e) if e.is_retryable() && self.retry.allows_another(runs) => {
                    tracing::warn!(flow = flow.name(), attempt = runs, "retrying after: {e}");
                    tokio::time::sleep(self.retry.delay(runs)).await;
                }
                result => return (result, runs),
            }
        }
    }

    /// The error path's report: one notification per failed run, with a stable id.
    async fn report_failure(&self, run: &RunRecord) {
        let failed_targets: Vec<String> = run
            .outcomes
            .iter()
            .filter(|o| o.failed())
            .map(|o| format!("{}: {:?}", o.target, o.status))
            .collect();
        let body = match &run.error {
            Some(error) => format!(
                "run {} failed after {} attempt(s): {error}",
                run.id, run.attempts
            ),
            None => format!("run {} failed for {}", run.id, failed_targets.join("; ")),
        };
        let notification = Notification {
            id: format!(
                "error:{}:{}",
                run.flow,
                run.trigger_key.as_deref().unwrap_or("")
            ),
            flow: run.flow.clone(),
            recipient: self.error_recipient.clone(),
            subject: format!("{} failed on {} (run {})", run.flow, run.trigger, run.id),
            body: format!(
                "{body}. Run it again with: okta-flows run {} --rerun {}",
                run.flow, run.id
            ),
        };
        if let Err(e) = self.notifier.send(&notification).await {
            tracing::warn!(flow = %run.flow, run = run.id, "the failure report was not delivered: {e}");
        }
    }
}
