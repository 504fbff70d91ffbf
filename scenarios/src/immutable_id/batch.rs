//! Batch mode: reads the whole org in bulk (the group's members, the office365 app users, then
//! every AD app's users, 500 a page), decides every user with the same [`decide`] as the
//! per-user mode, and writes only the differences with bounded concurrency.
//!
//! The users are the group's members plus, when a group is given, the office365 app users
//! outside it (reported `not_in_group`: licensed but not in the group is worth knowing, and
//! costs no extra request); without a group, the office365 app users.
//!
//! Before any write, every value about to be held is checked against the office365 listing
//! (which names who holds what) and the rest of the run: see [`super::duplicates`].
//!
//! Requests: the sum of the listings' page counts plus one per write, instead of about five
//! per user.

use std::collections::{HashMap, HashSet};

use futures::StreamExt as _;
use okta_client::Client;
use okta_client::directory::{DirectoryAssignment, lookups_from_assignments};
use okta_client::models::{AppUser, User, UserId};

use super::audit::{AuditEntry, read_pages};
use super::decision::{
    Decision, Needed, Office365User, Read, Rules, UserFacts, UserSummary, decide,
};
use super::duplicates::{Holders, hold_back_while_unknown, refuse_duplicates};
use super::report::UserReport;
use super::setup::Setup;
use super::write::carry_out;
use super::{FlowError, Outcome, Progress};

/// The largest page Okta serves for app users.
const APP_USERS_PAGE: u32 = 500;
/// Okta's default (and usual maximum) page of group members.
const GROUP_MEMBERS_PAGE: u32 = 1000;

/// One user found by the bulk reads.
struct Listed {
    /// Id, login and status.
    summary: UserSummary,
    /// False when the listing did not embed the user, so its status is unknown.
    embedded: bool,
    /// Whether the user is in the group (true when no group is configured).
    in_group: bool,
}

/// What the bulk reads found.
struct Bulk {
    /// The users to process, in listing order.
    users: Vec<Listed>,
    /// The office365 app users by user id; `Err` when that listing failed.
    office365: Read<HashMap<UserId, Office365User>>,
    /// Who holds which Immutable ID, from the same listing (empty when it failed: then every
    /// user is an `error` and nothing is written).
    holders: Holders,
    /// Each AD instance's app users by user id, in preference order; `Err` when any AD listing
    /// failed (then no user may be told "not assigned").
    directories: Read<Vec<HashMap<UserId, AppUser>>>,
}

/// Runs batch mode, telling `progress` how many users there are and when each is done.
///
/// # Errors
/// [`FlowError::Read`] when the listing that defines the users fails (the group's members,
/// or the office365 app users without a group). Other failed listings become `error`
/// outcomes for the users they concern.
pub async fn run_batch(
    client: &Client,
    setup: &Setup,
    rules: &Rules,
    apply: bool,
    concurrency: usize,
    bulk_audit: &mut Vec<AuditEntry>,
    progress: &dyn Progress,
) -> Result<Vec<UserReport>, FlowError> {
    let bulk = read_bulk(client, setup, bulk_audit).await?;
    let mut decided: Vec<(UserSummary, Decision)> = bulk
        .users
        .iter()
        .map(|listed| {
            let facts = facts_of(&bulk, setup, listed);
            // Every fact is present in batch mode, so `Needed` is never returned; it is
            // reported rather than trusted.
            let decision = decide(&facts, rules).unwrap_or_else(internal_error);
            (listed.summary.clone(), decision)
        })
        .collect();
    refuse_duplicates(
        decided
            .iter_mut()
            .map(|(user, decision)| (&user.id, user.login.as_str(), decision)),
        &bulk.holders,
    );
    hold_back_while_unknown(
        decided
            .iter_mut()
            .map(|(user, decision)| (user.login.as_str(), decision)),
    );
    progress.start(decided.len());
    let work = decided
        .into_iter()
        .enumerate()
        .map(|(index, (user, decision))| async move {
            let mut audit = Vec::new();
            let login = user.login.clone();
            let decision =
                carry_out(client, setup, Some(&user.id), decision, apply, &mut audit).await;
            let report = UserReport::from_decision(login, Some(user.id), decision, audit);
            progress.done(&report);
            (index, report)
        });
    // At most `concurrency` writes in flight; the report keeps the listing order.
    let mut reports: Vec<(usize, UserReport)> = futures::stream::iter(work)
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    reports.sort_by_key(|(index, _)| *index);
    let reports = reports.into_iter().map(|(_, report)| report).collect();
    Ok(reports)
}

fn internal_error(needed: Needed) -> Decision {
    Decision::new(
        Outcome::Error,
        format!("internal: the batch reads did not provide {needed:?}"),
    )
}

fn facts_of(bulk: &Bulk, setup: &Setup, listed: &Listed) -> UserFacts {
    let user = &listed.summary;
    let office365 = bulk
        .office365
        .as_ref()
        .map(|by_user| by_user.get(&user.id).cloned())
        .map_err(Clone::clone);
    let directories = bulk
        .directories
        .as_ref()
        .map_err(Clone::clone)
        .map(|per_app| {
            let assignments: Vec<DirectoryAssignment> = setup
                .instances
                .iter()
                .zip(per_app)
                .filter_map(|(instance, by_user)| {
                    by_user.get(&user.id).map(|app_user| DirectoryAssignment {
                        instance: instance.clone(),
                        app_user: app_user.clone(),
                    })
                })
                .collect();
            // Sound because each listing was read to its last page.
            lookups_from_assignments(&setup.instances, &assignments)
        });
    UserFacts {
        user: Some(if listed.embedded {
            Ok(Some(user.clone()))
        } else {
            Err("the office365 listing did not embed this user (expand=user)".to_owned())
        }),
        in_group: setup.group.as_ref().map(|_| Ok(listed.in_group)),
        office365: Some(office365),
        directories: Some(directories),
    }
}

fn summary(user: &User) -> UserSummary {
    UserSummary {
        id: user.id.clone(),
        login: user.login().to_owned(),
        status: user.status.clone(),
    }
}

async fn read_bulk(
    client: &Client,
    setup: &Setup,
    audit: &mut Vec<AuditEntry>,
) -> Result<Bulk, FlowError> {
    let o365 = &setup.office365.id;
    let mut users: Vec<Listed> = Vec::new();
    if let Some(group) = &setup.group {
        let pages = client
            .groups()
            .members(&group.id)
            .limit(GROUP_MEMBERS_PAGE)
            .pages();
        let members = read_pages(pages, audit)
            .await
            .map_err(|source| FlowError::read("listing the group's members", source))?;
        users.extend(members.iter().map(|u| Listed {
            summary: summary(u),
            embedded: true,
            in_group: true,
        }));
    }
    // `expand=user` brings each app user's login and status in the same pages.
    let pages = client
        .app_users(o365)
        .list()
        .limit(APP_USERS_PAGE)
        .expand_user()
        .pages();
    let mut holders = Holders::default();
    let office365 = match read_pages(pages, audit).await {
        Ok(app_users) => {
            holders = Holders::from_app_users(&app_users);
            let grouped = setup.group.is_some();
            let members: HashSet<&UserId> = users.iter().map(|l| &l.summary.id).collect();
            let outside = app_users
                .iter()
                .filter(|au| !members.contains(&au.id))
                .map(|au| listed_app_user(au, !grouped))
                .collect::<Vec<_>>();
            users.extend(outside);
            Ok(index_office365(&app_users))
        }
        // Without a group the office365 app users are the users: nothing to go on.
        Err(source) if setup.group.is_none() => {
            return Err(FlowError::read("listing the office365 app users", source));
        }
        Err(e) => Err(format!("listing the office365 app users: {e}")),
    };
    let mut directories = Ok(Vec::with_capacity(setup.instances.len()));
    for instance in &setup.instances {
        let id = &instance.app_id;
        let pages = client.app_users(id).list().limit(APP_USERS_PAGE).pages();
        match read_pages(pages, audit).await {
            Ok(app_users) => {
                if let Ok(per_app) = directories.as_mut() {
                    per_app.push(
                        app_users
                            .into_iter()
                            .map(|au| (au.id.clone(), au))
                            .collect(),
                    );
                }
            }
            Err(e) => {
                // Stop reading: no user can be decided without this instance.
                directories = Err(format!("listing the users of {}: {e}", instance.label));
                break;
            }
        }
    }
    Ok(Bulk {
        users,
        office365,
        holders,
        directories,
    })
}

fn listed_app_user(app_user: &AppUser, in_group: bool) -> Listed {
    match app_user.embedded_user() {
        Some(user) => Listed {
            summary: summary(user),
            embedded: true,
            in_group,
        },
        None => Listed {
            summary: UserSummary {
                id: app_user.id.clone(),
                login: app_user.id.to_string(),
                status: okta_client::models::UserStatus::Unknown(String::new()),
            },
            embedded: false,
            in_group,
        },
    }
}

fn index_office365(app_users: &[AppUser]) -> HashMap<UserId, Office365User> {
    app_users
        .iter()
        .map(|au| (au.id.clone(), Office365User::from_profile(&au.profile)))
        .collect()
}
