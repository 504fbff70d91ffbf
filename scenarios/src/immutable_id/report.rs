//! What a run reports: one line per user, the requests made, a summary.

use std::collections::BTreeMap;

use okta_client::models::{AppId, UserId};
use serde::Serialize;

use super::Outcome;
use super::audit::AuditEntry;
use super::decision::Decision;
use super::setup::Setup;

/// The result for one user: the JSON line `okta-flows immutable-id --json` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserReport {
    /// The login (as asked for in per-user mode, as listed in batch mode).
    pub login: String,
    /// The Okta user id, when the user was found.
    pub user_id: Option<UserId>,
    /// What happened.
    pub outcome: Outcome,
    /// The label of the AD instance whose value was used, or null.
    pub source: Option<String>,
    /// The id of that AD instance, or null.
    pub source_app_id: Option<AppId>,
    /// The resolved Immutable ID, or null.
    pub immutable_id: Option<String>,
    /// The office365 app user's `immutableId` before the run, or null.
    pub previous: Option<String>,
    /// A sentence for a human.
    pub message: String,
    /// For `duplicate_immutable_id`: the other users (logins) holding or getting the same
    /// value. Left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shared_with: Vec<String>,
    /// The requests made for this user alone (in batch mode only its write; the bulk reads
    /// are in [`Report::bulk_audit`]).
    pub audit: Vec<AuditEntry>,
}

impl UserReport {
    /// The report for a decision.
    pub fn from_decision(
        login: String,
        user_id: Option<UserId>,
        decision: Decision,
        audit: Vec<AuditEntry>,
    ) -> Self {
        Self {
            login,
            user_id,
            outcome: decision.outcome,
            source: decision.source.as_ref().map(|s| s.label.clone()),
            source_app_id: decision.source.map(|s| s.app_id),
            immutable_id: decision.immutable_id.map(|id| id.to_string()),
            previous: decision.previous,
            message: decision.message,
            shared_with: decision.shared_with,
            audit,
        }
    }
}

/// How many requests a run made (each counted once, whatever the client's retries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestCount {
    /// Finding the apps and the group.
    pub setup: usize,
    /// Reading users, memberships and app users (pages in batch mode).
    pub reads: usize,
    /// Writing Immutable IDs.
    pub writes: usize,
}

impl RequestCount {
    /// All requests.
    pub fn total(&self) -> usize {
        self.setup + self.reads + self.writes
    }
}

/// The whole run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// `batch` or `per_user`.
    pub mode: &'static str,
    /// True when nothing was written on purpose.
    pub dry_run: bool,
    /// The apps and group worked on.
    pub setup: Setup,
    /// The requests that found them.
    pub setup_audit: Vec<AuditEntry>,
    /// The bulk reads, one entry per page: batch mode's listings; in per-user mode the listing
    /// of the office365 app users that checks who already holds a value (when any user would
    /// hold one).
    pub bulk_audit: Vec<AuditEntry>,
    /// One entry per user, in listing or argument order.
    pub users: Vec<UserReport>,
}

impl Report {
    /// The requests made, from the audit trail.
    pub fn requests(&self) -> RequestCount {
        let per_user = self.users.iter().flat_map(|u| u.audit.iter());
        let (writes, user_reads) =
            per_user.fold(
                (0, 0),
                |(w, r), e| {
                    if e.is_write() { (w + 1, r) } else { (w, r + 1) }
                },
            );
        RequestCount {
            setup: self.setup_audit.len(),
            reads: self.bulk_audit.len() + user_reads,
            writes,
        }
    }

    /// How many users got each outcome.
    pub fn counts(&self) -> BTreeMap<Outcome, usize> {
        let mut counts = BTreeMap::new();
        for user in &self.users {
            *counts.entry(user.outcome).or_insert(0) += 1;
        }
        counts
    }

    /// True when any user's outcome is a failure ([`Outcome::is_failure`]).
    pub fn has_failures(&self) -> bool {
        self.users.iter().any(|u| u.outcome.is_failure())
    }

    /// One line: `12 users: 3 updated, 1 error, … — 9 requests (2 setup, 4 reads, 3 writes)`.
    pub fn summary(&self) -> String {
        let counts: Vec<String> = self
            .counts()
            .into_iter()
            .map(|(outcome, n)| format!("{n} {outcome}"))
            .collect();
        let r = self.requests();
        let counts = if counts.is_empty() {
            "none".to_owned()
        } else {
            counts.join(", ")
        };
        format!(
            "{} user(s), {}: {counts} — {} request(s) ({} setup, {} read(s), {} write(s))",
            self.users.len(),
            if self.dry_run { "dry run" } else { "applied" },
            r.total(),
            r.setup,
            r.reads,
            r.writes
        )
    }
}
