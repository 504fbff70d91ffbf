//! Per-user mode: the seed flow for each login, reading one fact at a time (about five
//! requests per user) and stopping as soon as the outcome is known. Every login is decided
//! first; then, when any user would hold a value, one listing of the office365 app users
//! checks that nobody else holds it (see [`super::duplicates`]); then the writes.

use futures::StreamExt as _;
use okta_client::Client;
use okta_client::directory::{AdInstance, InstanceLookup};
use okta_client::models::UserId;

use super::Progress;
use super::audit::{AuditEntry, error_result, read_pages};
use super::decision::{
    Decision, Needed, Office365User, Read, Rules, UserFacts, UserSummary, decide,
};
use super::duplicates::{
    claims_a_value, hold_back_while_unknown, no_holders_known, read_holders, refuse_duplicates,
};
use super::report::UserReport;
use super::setup::Setup;
use super::write::carry_out;

/// What a run's settings say about writing, for [`run_users`].
#[derive(Debug, Clone, Copy)]
pub struct Writing {
    /// Write (otherwise a dry run).
    pub apply: bool,
    /// How many users are read, or written, at once.
    pub concurrency: usize,
}

/// One login, decided but not carried out yet.
struct Decided {
    login: String,
    user_id: Option<UserId>,
    decision: Decision,
    audit: Vec<AuditEntry>,
}

/// Runs per-user mode over `logins`, reporting in their order. The holder listing, when made,
/// is recorded in `bulk_audit`.
pub async fn run_users(
    client: &Client,
    setup: &Setup,
    rules: &Rules,
    logins: &[String],
    writing: Writing,
    bulk_audit: &mut Vec<AuditEntry>,
    progress: &dyn Progress,
) -> Vec<UserReport> {
    progress.start(logins.len());
    let concurrency = writing.concurrency.max(1);
    // Collected first: a stream over a borrowing closure is a future that is not `Send` for
    // every lifetime (rustc's higher-ranked closure limitation), and flows run as `Send`
    // futures. The futures are lazy, so `buffered` still bounds the concurrency.
    let reads: Vec<_> = logins
        .iter()
        .map(|login| decide_user(client, setup, rules, login))
        .collect();
    let mut decided: Vec<Decided> = futures::stream::iter(reads)
        .buffered(concurrency)
        .collect()
        .await;
    if decided.iter().any(|d| claims_a_value(&d.decision)) {
        match read_holders(client, setup, bulk_audit).await {
            Ok(holders) => refuse_duplicates(
                decided
                    .iter_mut()
                    .filter_map(|d| Some((d.user_id.as_ref()?, d.login.as_str(), &mut d.decision))),
                &holders,
            ),
            Err(e) => no_holders_known(decided.iter_mut().map(|d| &mut d.decision), &e.to_string()),
        }
    }
    hold_back_while_unknown(
        decided
            .iter_mut()
            .map(|d| (d.login.as_str(), &mut d.decision)),
    );
    let writes = decided.into_iter().map(|mut d| async move {
        let decision = carry_out(
            client,
            setup,
            d.user_id.as_ref(),
            d.decision,
            writing.apply,
            &mut d.audit,
        )
        .await;
        let report = UserReport::from_decision(d.login, d.user_id, decision, d.audit);
        progress.done(&report);
        report
    });
    futures::stream::iter(writes)
        .buffered(concurrency)
        .collect()
        .await
}

/// Reads what `decide` asks for, one fact at a time, until it concludes.
async fn decide_user(client: &Client, setup: &Setup, rules: &Rules, login: &str) -> Decided {
    let mut facts = UserFacts::default();
    let mut audit = Vec::new();
    let decision = loop {
        let needed = match decide(&facts, rules) {
            Ok(decision) => break decision,
            Err(needed) => needed,
        };
        let user_id = known_user_id(&facts);
        match (needed, user_id) {
            (Needed::User, _) => facts.user = Some(read_user(client, login, &mut audit).await),
            (Needed::GroupMembership, Some(id)) => {
                facts.in_group = Some(read_membership(client, setup, &id, &mut audit).await);
            }
            (Needed::Office365, Some(id)) => {
                facts.office365 = Some(read_office365(client, setup, &id, &mut audit).await);
            }
            (Needed::Directories, Some(id)) => {
                facts.directories = Some(read_directories(client, setup, &id, &mut audit).await);
            }
            // `decide` only asks for these once the user is known; this arm keeps the loop
            // finite should that ever change.
            (_, None) => facts.user = Some(Err("the user was not read".to_owned())),
        }
    };
    Decided {
        login: login.to_owned(),
        user_id: known_user_id(&facts),
        decision,
        audit,
    }
}

fn known_user_id(facts: &UserFacts) -> Option<UserId> {
    match &facts.user {
        Some(Ok(Some(user))) => Some(user.id.clone()),
        _ => None,
    }
}

async fn read_user(
    client: &Client,
    login: &str,
    audit: &mut Vec<AuditEntry>,
) -> Read<Option<UserSummary>> {
    let url = client.api_url(&["users", login]);
    match client.users().get_by_login(login).await {
        Ok(user) => {
            audit.push(AuditEntry::get(&url, "200"));
            Ok(Some(UserSummary {
                login: user.login().to_owned(),
                id: user.id,
                status: user.status,
            }))
        }
        Err(e) => {
            audit.push(AuditEntry::get(&url, error_result(&e)));
            // A user lookup answers 404 E0000007 for an unknown login; any other failure is
            // not an answer.
            if e.is_not_found() {
                Ok(None)
            } else {
                Err(e.to_string())
            }
        }
    }
}

async fn read_membership(
    client: &Client,
    setup: &Setup,
    user: &UserId,
    audit: &mut Vec<AuditEntry>,
) -> Read<bool> {
    let Some(group) = &setup.group else {
        return Err("no group is configured".to_owned());
    };
    let pages = client.users().groups(user).pages();
    let groups = read_pages(pages, audit).await.map_err(|e| e.to_string())?;
    Ok(groups.iter().any(|g| g.id == group.id))
}

async fn read_office365(
    client: &Client,
    setup: &Setup,
    user: &UserId,
    audit: &mut Vec<AuditEntry>,
) -> Read<Option<Office365User>> {
    let url = client.api_url(&["apps", &setup.office365.id, "users", user]);
    match client.app_users(&setup.office365.id).get(user).await {
        Ok(app_user) => {
            audit.push(AuditEntry::get(&url, "200"));
            Ok(Some(Office365User::from_profile(&app_user.profile)))
        }
        Err(e) => {
            audit.push(AuditEntry::get(&url, error_result(&e)));
            if e.is_not_found() {
                Ok(None)
            } else {
                Err(e.to_string())
            }
        }
    }
}

/// Looks the user up in every AD instance, in preference order. Only a 404 E0000007 means
/// "not assigned"; any other failure makes the whole read fail, because guessing would let a
/// rate limit or an outage silently pick another directory's value.
async fn read_directories(
    client: &Client,
    setup: &Setup,
    user: &UserId,
    audit: &mut Vec<AuditEntry>,
) -> Read<Vec<(AdInstance, InstanceLookup)>> {
    let mut lookups = Vec::with_capacity(setup.instances.len());
    for instance in &setup.instances {
        let url = client.api_url(&["apps", &instance.app_id, "users", user]);
        let lookup = match client.app_users(&instance.app_id).get(user).await {
            Ok(app_user) => {
                audit.push(AuditEntry::get(&url, "200"));
                InstanceLookup::Assigned(app_user)
            }
            Err(e) => {
                audit.push(AuditEntry::get(&url, error_result(&e)));
                if !e.is_not_found() {
                    return Err(format!("{}: {e}", instance.label));
                }
                InstanceLookup::NotAssigned
            }
        };
        lookups.push((instance.clone(), lookup));
    }
    Ok(lookups)
}
