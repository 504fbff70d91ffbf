//! What happened to one user: the typed outcome of the Immutable ID flow.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The outcome of the flow for one user, written in snake_case in JSON (`would_update`).
///
/// Which outcomes count as a failure (and make `okta-flows` exit non-zero) is decided by
/// [`Outcome::is_failure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The office365 app user's `immutableId` was written (apply mode).
    Updated,
    /// The office365 app user's `immutableId` differs and would be written (dry run).
    WouldUpdate,
    /// The office365 app user already holds the resolved Immutable ID: nothing to write.
    AlreadyCorrect,
    /// The user is assigned to none of the AD instances consulted.
    NoDirectoryUser,
    /// The user's AD assignments are all DEPROVISIONED, STAGED or without an `externalId`.
    NoUsableExternalId,
    /// The preferred usable AD instance holds something that is not an Immutable ID.
    InvalidExternalId,
    /// Usable AD instances hold different Immutable IDs and no order was chosen to pick between
    /// them (or `strict` was asked for): nothing is written.
    Conflict,
    /// The resolved Immutable ID is already held by another office365 app user, or would also
    /// go to another user of the run: Azure AD would match both accounts as one person (a
    /// soft-match takeover), so nothing is written for either; the others are named.
    DuplicateImmutableId,
    /// A group was given and the user is not a member.
    NotInGroup,
    /// The Okta user is DEPROVISIONED (and so has no app assignments left).
    UserDeactivated,
    /// No Okta user has this login.
    UserNotFound,
    /// The user has no office365 app user: the flow never assigns a licence on its own, so
    /// there is nothing to write. Not a failure.
    NoOffice365Assignment,
    /// A read or the write failed (after the client's retries); nothing was concluded.
    Error,
}

impl Outcome {
    /// Every outcome, in declaration order.
    pub const ALL: [Outcome; 13] = [
        Outcome::Updated,
        Outcome::WouldUpdate,
        Outcome::AlreadyCorrect,
        Outcome::NoDirectoryUser,
        Outcome::NoUsableExternalId,
        Outcome::InvalidExternalId,
        Outcome::Conflict,
        Outcome::DuplicateImmutableId,
        Outcome::NotInGroup,
        Outcome::UserDeactivated,
        Outcome::UserNotFound,
        Outcome::NoOffice365Assignment,
        Outcome::Error,
    ];

    /// The snake_case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Updated => "updated",
            Outcome::WouldUpdate => "would_update",
            Outcome::AlreadyCorrect => "already_correct",
            Outcome::NoDirectoryUser => "no_directory_user",
            Outcome::NoUsableExternalId => "no_usable_external_id",
            Outcome::InvalidExternalId => "invalid_external_id",
            Outcome::Conflict => "conflict",
            Outcome::DuplicateImmutableId => "duplicate_immutable_id",
            Outcome::NotInGroup => "not_in_group",
            Outcome::UserDeactivated => "user_deactivated",
            Outcome::UserNotFound => "user_not_found",
            Outcome::NoOffice365Assignment => "no_office365_assignment",
            Outcome::Error => "error",
        }
    }

    /// True for the outcomes that need a human and fail a run: `error` (nothing could be
    /// concluded), `user_not_found` (the login asked for does not exist), `invalid_external_id`
    /// (a directory holds garbage), `conflict` (directories disagree and no order was chosen,
    /// or strict) and `duplicate_immutable_id` (another user holds or would get the value).
    ///
    /// Not failures: `no_directory_user`, `no_usable_external_id` (cloud-only or unlinked users
    /// legitimately have no Immutable ID), `not_in_group`, `user_deactivated` and
    /// `no_office365_assignment` (out of scope for the flow), and the three success outcomes.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            Outcome::Error
                | Outcome::UserNotFound
                | Outcome::InvalidExternalId
                | Outcome::Conflict
                | Outcome::DuplicateImmutableId
        )
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_serializes_as_its_snake_case_name() {
        for outcome in Outcome::ALL {
            let json = serde_json::to_value(outcome).unwrap();
            assert_eq!(json, serde_json::json!(outcome.as_str()));
            let back: Outcome = serde_json::from_value(json).unwrap();
            assert_eq!(back, outcome);
        }
    }

    #[test]
    fn only_errors_missing_users_garbage_conflicts_and_duplicates_fail_a_run() {
        let failing: Vec<Outcome> = Outcome::ALL
            .into_iter()
            .filter(|o| o.is_failure())
            .collect();
        assert_eq!(
            failing,
            vec![
                Outcome::InvalidExternalId,
                Outcome::Conflict,
                Outcome::DuplicateImmutableId,
                Outcome::UserNotFound,
                Outcome::Error
            ]
        );
    }
}
