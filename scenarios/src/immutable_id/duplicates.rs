//! No soft-match takeover: an Immutable ID is written only when no other user holds it or gets
//! it.
//!
//! Azure AD matches an incoming user to an existing account by its Immutable ID, so two Office
//! 365 app users holding the same one send one person's sign-in to another person's mailbox.
//! Two Okta users whose AD accounts share an objectGUID (a copied or re-linked account), or a
//! value left on an unrelated user, would do exactly that. So after every user is decided and
//! before anything is written, each user about to hold a value (`would_update`, or
//! `already_correct`) is checked against every office365 app user holding that value before the
//! run and every other user of the run that would hold it. Any match turns all of them into
//! [`Outcome::DuplicateImmutableId`], naming the others, and none of them is written.
//!
//! A user of the run whose reads failed might resolve to any value, so while any user of the
//! run is `error` nobody's value is written ([`hold_back_while_unknown`]): otherwise a
//! transient fault on one of two users sharing an objectGUID would hand the value to the other.
//!
//! Batch mode builds [`Holders`] from the office365 listing it reads anyway (no extra request);
//! per-user mode lists the office365 app users once per run ([`read_holders`]), and only when
//! some user would hold a value: Okta has no search on app-user profile attributes.

use std::collections::HashMap;

use okta_client::Client;
use okta_client::directory::ImmutableId;
use okta_client::models::{AppUser, UserId};

use super::Outcome;
use super::audit::{AuditEntry, read_pages};
use super::decision::{Decision, Office365User};
use super::setup::Setup;

/// The largest page Okta serves for app users.
const APP_USERS_PAGE: u32 = 500;

/// Who holds each Immutable ID in the office365 app before the run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holders {
    by_value: HashMap<ImmutableId, Vec<Holder>>,
}

/// An office365 app user holding a value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Holder {
    id: UserId,
    /// The login when the listing embedded the user, else the user id.
    name: String,
}

impl Holders {
    /// Indexes office365 app users (listed with `expand=user`, so that holders are named by
    /// login) by the Immutable ID they hold. Values that are not Immutable IDs are left out:
    /// the flow never writes one, so they cannot collide with a write.
    pub fn from_app_users(app_users: &[AppUser]) -> Self {
        let mut by_value: HashMap<ImmutableId, Vec<Holder>> = HashMap::new();
        for app_user in app_users {
            let current = Office365User::from_profile(&app_user.profile).immutable_id;
            let Some(id) = current.and_then(|v| ImmutableId::parse(&v).ok()) else {
                continue;
            };
            let name = app_user
                .embedded_user()
                .map(|u| u.login())
                .unwrap_or(app_user.id.as_str())
                .to_owned();
            by_value.entry(id).or_default().push(Holder {
                id: app_user.id.clone(),
                name,
            });
        }
        Self { by_value }
    }

    fn of(&self, value: &ImmutableId) -> &[Holder] {
        self.by_value.get(value).map_or(&[], Vec::as_slice)
    }
}

/// True when a decision leaves the user holding its resolved value: these are checked.
pub fn claims_a_value(decision: &Decision) -> bool {
    decision.immutable_id.is_some()
        && matches!(
            decision.outcome,
            Outcome::WouldUpdate | Outcome::AlreadyCorrect
        )
}

/// Lists the office365 app users once (pages of 500, users embedded) to learn who holds what.
///
/// # Errors
/// The listing's error; then no claimed value may be written (see [`no_holders_known`]).
pub async fn read_holders(
    client: &Client,
    setup: &Setup,
    audit: &mut Vec<AuditEntry>,
) -> Result<Holders, okta_client::Error> {
    let o365 = &setup.office365.id;
    let pages = client
        .app_users(o365)
        .list()
        .limit(APP_USERS_PAGE)
        .expand_user()
        .pages();
    let app_users = read_pages(pages, audit).await?;
    Ok(Holders::from_app_users(&app_users))
}

/// When the holders could not be listed: every user claiming a value becomes `error`, since a
/// write might hand somebody else's value over.
pub fn no_holders_known<'a>(run: impl IntoIterator<Item = &'a mut Decision>, why: &str) {
    for decision in run {
        if claims_a_value(decision) {
            decision.outcome = Outcome::Error;
            decision.message = format!(
                "listing the office365 app users, to check that nobody else holds the value: \
                 {why}"
            );
        }
    }
}

/// Turns every user of the run whose value another user holds or would hold into
/// [`Outcome::DuplicateImmutableId`]. `run` is every user of the run with its id, login and
/// decision; the same user listed twice counts once.
pub fn refuse_duplicates<'a>(
    run: impl IntoIterator<Item = (&'a UserId, &'a str, &'a mut Decision)>,
    holders: &Holders,
) {
    let mut run: Vec<(&UserId, &str, &mut Decision)> = run.into_iter().collect();
    let mut claimants: HashMap<ImmutableId, Vec<(&UserId, &str)>> = HashMap::new();
    for (user, login, decision) in &run {
        if let (true, Some(value)) = (claims_a_value(decision), decision.immutable_id) {
            claimants.entry(value).or_default().push((*user, *login));
        }
    }
    for (user, login, decision) in &mut run {
        let Some(value) = decision.immutable_id.filter(|_| claims_a_value(decision)) else {
            continue;
        };
        let mut seen: Vec<&UserId> = vec![*user];
        let mut holding = Vec::new();
        for holder in holders.of(&value) {
            if !seen.contains(&&holder.id) {
                seen.push(&holder.id);
                holding.push(holder.name.clone());
            }
        }
        let mut receiving = Vec::new();
        for (other, other_login) in claimants.get(&value).map_or(&[][..], Vec::as_slice) {
            if !seen.contains(other) {
                seen.push(*other);
                receiving.push((*other_login).to_owned());
            }
        }
        if holding.is_empty() && receiving.is_empty() {
            continue;
        }
        let mut parts = Vec::new();
        if !holding.is_empty() {
            parts.push(format!(
                "already held in Office 365 by {}",
                holding.join(", ")
            ));
        }
        if !receiving.is_empty() {
            parts.push(format!(
                "would also go to {} in this run",
                receiving.join(", ")
            ));
        }
        let from = decision
            .source
            .as_ref()
            .map_or(String::new(), |s| format!(" from {}", s.label));
        decision.message = format!(
            "immutableId \"{value}\"{from} for {login} {}: Azure AD would match these \
             accounts as one person (a soft-match takeover), so nothing is written for any of them",
            parts.join(" and ")
        );
        decision.outcome = Outcome::DuplicateImmutableId;
        decision.shared_with = holding.into_iter().chain(receiving).collect();
    }
}

/// While any user of the run is [`Outcome::Error`] (its reads failed, so its value is unknown
/// and might be the one another user is about to get), every `would_update` of the run becomes
/// `error` too, naming a user that could not be read; nothing is written. Call it after
/// [`refuse_duplicates`], before any write.
pub fn hold_back_while_unknown<'a>(run: impl IntoIterator<Item = (&'a str, &'a mut Decision)>) {
    let mut run: Vec<(&str, &mut Decision)> = run.into_iter().collect();
    let unknown: Vec<(&str, String)> = run
        .iter()
        .filter(|(_, d)| d.outcome == Outcome::Error)
        .map(|(login, d)| (*login, d.message.clone()))
        .collect();
    let Some((first, why)) = unknown.first() else {
        return;
    };
    let others = match unknown.len() {
        1 => String::new(),
        n => format!(" and {} other user(s)", n - 1),
    };
    for (_, decision) in &mut run {
        if decision.outcome == Outcome::WouldUpdate {
            let value = decision
                .immutable_id
                .map(|id| id.to_string())
                .unwrap_or_default();
            decision.outcome = Outcome::Error;
            decision.message = format!(
                "immutableId \"{value}\" not written: {first}{others} could not be read \
                 ({why}), and might hold the same value; run again once the reads succeed"
            );
        }
    }
}

#[cfg(test)]
#[path = "duplicates_tests.rs"]
mod tests;
