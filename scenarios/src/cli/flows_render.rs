//! How runs are printed: one readable line per target (or per run without targets), or one
//! JSON object per run.

use std::io::{self, Write};

use crate::runtime::{Action, RunRecord, RunStatus, TargetStatus};

/// Writes a run: JSON (every field) or readable lines.
///
/// # Errors
/// When the stream cannot be written.
pub(crate) fn run(out: &mut dyn Write, record: &RunRecord, json: bool) -> io::Result<()> {
    if json {
        let line = serde_json::to_string(record).map_err(io::Error::other)?;
        return writeln!(out, "{line}");
    }
    let head = format!(
        "#{} {} {} {}",
        record.id,
        record.started.to_string().get(11..19).unwrap_or(""),
        record.flow,
        record.trigger,
    );
    if record.status == RunStatus::OwnWrite {
        return writeln!(out, "{head}: own write coming back, not run (loop guard)");
    }
    if let Some(error) = &record.error {
        return writeln!(
            out,
            "{head}: FAILED after {} attempt(s): {error}",
            record.attempts
        );
    }
    if record.outcomes.is_empty() {
        return writeln!(out, "{head}: nothing to do");
    }
    for outcome in &record.outcomes {
        let who = outcome.display.as_deref().unwrap_or(&outcome.target);
        let actions: Vec<String> = outcome.actions.iter().map(describe).collect();
        let status = status(&outcome.status);
        if actions.is_empty() {
            writeln!(out, "{head} {who}: {status}")?;
        } else {
            writeln!(out, "{head} {who}: {status}: {}", actions.join(", "))?;
        }
    }
    Ok(())
}

/// A status for people.
pub(crate) fn status(status: &TargetStatus) -> String {
    match status {
        TargetStatus::Done => "done".to_owned(),
        TargetStatus::WouldDo => "would do".to_owned(),
        TargetStatus::NoChange => "no change".to_owned(),
        TargetStatus::Skipped(why) => format!("skipped ({why})"),
        TargetStatus::Failed(why) => format!("FAILED ({why})"),
    }
}

/// An action for people.
pub(crate) fn describe(action: &Action) -> String {
    match action {
        Action::SetProfileAttribute { name, value } => format!("set {name} = {value}"),
        Action::AddToGroup { group_name, .. } => format!("add to {group_name}"),
        Action::RemoveFromGroup { group_name, .. } => format!("remove from {group_name}"),
        Action::UnassignApp { app_label, .. } => format!("unassign {app_label}"),
        Action::ClearSessions => "clear sessions".to_owned(),
        Action::Notify { recipient, subject } => format!("notify {recipient}: {subject}"),
        Action::RecordRow { table, key } => format!("record {table}/{key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::TargetOutcome;
    use okta_client::models::Timestamp;
    use serde_json::json;

    #[test]
    fn a_run_prints_one_line_per_target_with_its_actions() {
        let mut outcome = TargetOutcome::new("00u1", TargetStatus::WouldDo).display("bob@x");
        outcome.actions.push(Action::SetProfileAttribute {
            name: "isMemberOfGroup".into(),
            value: json!(true),
        });
        let record = RunRecord {
            id: 7,
            flow: "group-flag".into(),
            trigger: "group.user_membership.add".into(),
            trigger_key: Some("u".into()),
            started: Timestamp::parse("2026-01-31T08:09:10.000Z").unwrap(),
            finished: None,
            applied: false,
            status: RunStatus::Ok,
            attempts: 1,
            outcomes: vec![outcome],
            error: None,
            detail: None,
        };
        let mut out = Vec::new();
        run(&mut out, &record, false).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "#7 08:09:10 group-flag group.user_membership.add bob@x: would do: set \
             isMemberOfGroup = true\n"
        );
        let mut out = Vec::new();
        run(&mut out, &record, true).unwrap();
        let line: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(line["outcomes"][0]["status"], "would_do");
    }
}
