//! The faster write path: write the Immutable ID to a custom attribute of the Okta user
//! (`POST /api/v1/users/{id}`, the user-write family: 600 a minute on Enterprise) and let the
//! org's Office 365 profile mapping carry it into the app user's `immutableId`, instead of
//! writing the app user itself (`POST /api/v1/apps/{id}/users/{uid}`, the apps family, which
//! Okta shares with every app-user read: 100 a minute on Enterprise).
//!
//! The org must map the attribute, applied on create and update, for example (Okta Expression
//! Language, Office 365 app → "To App" mapping of `immutableId`):
//!
//! ```text
//! user.msImmutableId != null ? user.msImmutableId
//!     : (hasDirectoryUser() ? findDirectoryUser().externalId : null)
//! ```
//!
//! Nothing is trusted: the first write is read back from the app user before any other is
//! made, and the run stops with an error naming the mapping when the value did not arrive.
//! In per-user mode every write is read back the same way. In batch mode reading back each
//! write would spend the apps family again, one read per write, and undo the gain; the later
//! writes are read back together by one listing of the Office 365 app users at the end
//! (500 a page), and a user whose value is not there is an `error`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use okta_client::Client;
use okta_client::api::UserUpdate;
use okta_client::directory::ImmutableId;
use okta_client::models::UserId;

use super::Outcome;
use super::audit::{AuditEntry, error_result, read_pages};
use super::decision::{Decision, Office365User, Stage};
use super::report::UserReport;
use super::setup::Setup;

/// How long to wait before each read-back: Okta applies a mapping after the user's profile
/// is saved, so the first read may come too early on a real org.
const READ_BACK_DELAYS: [Duration; 4] = [
    Duration::ZERO,
    Duration::from_millis(250),
    Duration::from_millis(500),
    Duration::from_secs(1),
];

/// What is known of the mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mapping {
    /// No write has been read back yet.
    Unverified,
    /// A write arrived in the app user.
    Carries,
    /// A write did not arrive: why, for the error that stops the run.
    Broken(String),
}

/// The write path through a user attribute, shared by every write of one run.
#[derive(Debug, Clone)]
pub struct ViaAttribute {
    attribute: String,
    verify_each: bool,
    // Held by the first writer while it writes and reads back; the others wait on it.
    mapping: Arc<tokio::sync::Mutex<Mapping>>,
    // Writes left to read back at the end (batch mode).
    unverified: Arc<Mutex<Vec<(UserId, String)>>>,
}

impl PartialEq for ViaAttribute {
    fn eq(&self, other: &Self) -> bool {
        self.attribute == other.attribute && self.verify_each == other.verify_each
    }
}

impl Eq for ViaAttribute {}

impl ViaAttribute {
    /// The path through `attribute`; `verify_each` reads every write back (per-user mode).
    ///
    /// # Errors
    /// A name Okta would not accept as a profile attribute: it must start with a letter and
    /// hold only letters, digits and `_`.
    pub fn new(attribute: &str, verify_each: bool) -> Result<Self, String> {
        let valid = attribute.starts_with(|c: char| c.is_ascii_alphabetic())
            && attribute
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(format!(
                "--via-attribute {attribute:?}: a profile attribute name starts with a letter \
                 and holds only letters, digits and _"
            ));
        }
        Ok(Self {
            attribute: attribute.to_owned(),
            verify_each,
            mapping: Arc::new(tokio::sync::Mutex::new(Mapping::Unverified)),
            unverified: Arc::new(Mutex::new(Vec::new())),
        })
    }

    /// The user attribute written.
    pub fn attribute(&self) -> &str {
        &self.attribute
    }

    /// Why the run must stop, once a write did not arrive in the app user.
    pub(crate) fn broken(&self) -> Option<String> {
        match &*self.mapping.try_lock().ok()? {
            Mapping::Broken(why) => Some(why.clone()),
            _ => None,
        }
    }

    fn not_carried(&self, user: &UserId, value: &str, found: Option<&str>) -> String {
        let a = &self.attribute;
        format!(
            "the Office 365 mapping does not carry user.{a} into immutableId: user {user} got \
             user.{a} = \"{value}\" but its Office 365 app user's immutableId is {}. Map it in \
             the Office 365 app (To App, applied on create and update), e.g. immutableId = \
             user.{a} != null ? user.{a} : (hasDirectoryUser() ? \
             findDirectoryUser().externalId : null), or run without --via-attribute",
            found.map_or("null".to_owned(), |f| format!("\"{f}\""))
        )
    }
}

/// Carries out a `would_update` decision through the attribute (apply mode only; the caller
/// checked). See the module documentation for how writes are read back.
pub(crate) async fn carry_out_via(
    client: &Client,
    setup: &Setup,
    via: &ViaAttribute,
    user: &UserId,
    id: ImmutableId,
    mut decision: Decision,
    audit: &mut Vec<AuditEntry>,
) -> Decision {
    let value = id.to_string();
    let write = Write {
        user,
        value: &value,
    };
    let mut mapping = via.mapping.lock().await;
    match &*mapping {
        Mapping::Broken(why) => {
            decision.outcome = Outcome::Error;
            decision.message = format!("not written: {why}");
            decision
        }
        Mapping::Unverified => {
            // The first write: the others wait until it is read back.
            let (decision, carried) = write.run(client, setup, via, true, decision, audit).await;
            match carried {
                Some(true) => *mapping = Mapping::Carries,
                Some(false) => *mapping = Mapping::Broken(decision.message.clone()),
                None => {}
            }
            decision
        }
        Mapping::Carries => {
            // Later writes need not queue behind one another.
            drop(mapping);
            let verify = via.verify_each;
            let (decision, carried) = write.run(client, setup, via, verify, decision, audit).await;
            if carried == Some(false) {
                *via.mapping.lock().await = Mapping::Broken(decision.message.clone());
            }
            decision
        }
    }
}

/// One attribute write.
struct Write<'a> {
    user: &'a UserId,
    value: &'a str,
}

impl Write<'_> {
    /// Writes and, with `verify`, reads back; also says whether the value was seen to arrive
    /// (`None`: not read back, or the read failed).
    async fn run(
        &self,
        client: &Client,
        setup: &Setup,
        via: &ViaAttribute,
        verify: bool,
        mut decision: Decision,
        audit: &mut Vec<AuditEntry>,
    ) -> (Decision, Option<bool>) {
        let (user, value) = (self.user, self.value);
        let url = client.api_url(&["users", user]);
        let update = UserUpdate::new().set(via.attribute.clone(), value.to_owned());
        if let Err(e) = client.users().update(user.clone(), &update).await {
            audit.push(AuditEntry::post(&url, error_result(&e)));
            decision.outcome = Outcome::Error;
            decision.message = format!("writing user.{} \"{value}\" failed: {e}", via.attribute);
            return (decision, None);
        }
        audit.push(AuditEntry::post(&url, "200"));
        let mut carried = None;
        if verify {
            match read_back(client, setup, user, value, audit).await {
                Ok(true) => carried = Some(true),
                Ok(false) => {
                    let found = current(client, setup, user).await;
                    decision.outcome = Outcome::Error;
                    decision.message = via.not_carried(user, value, found.as_deref());
                    return (decision, Some(false));
                }
                Err(e) => {
                    decision.outcome = Outcome::Error;
                    decision.message = format!(
                        "wrote user.{} but could not read it back: {e}",
                        via.attribute
                    );
                    return (decision, None);
                }
            }
        } else if let Ok(mut pending) = via.unverified.lock() {
            pending.push((user.clone(), value.to_owned()));
        }
        decision.outcome = Outcome::Updated;
        decision.message = format!(
            "{} (written to user.{}, mapped to immutableId)",
            decision.change_message(Stage::Done),
            via.attribute
        );
        (decision, carried)
    }
}

/// Reads the app user back until its `immutableId` is `value` or the delays run out.
async fn read_back(
    client: &Client,
    setup: &Setup,
    user: &UserId,
    value: &str,
    audit: &mut Vec<AuditEntry>,
) -> Result<bool, okta_client::Error> {
    let url = client.api_url(&["apps", &setup.office365.id, "users", user]);
    for delay in READ_BACK_DELAYS {
        tokio::time::sleep(delay).await;
        match client
            .app_users(&setup.office365.id)
            .get(user.clone())
            .await
        {
            Ok(app_user) => {
                audit.push(AuditEntry::get(&url, "200"));
                let now = Office365User::from_profile(&app_user.profile).immutable_id;
                if now.as_deref() == Some(value) {
                    return Ok(true);
                }
            }
            Err(e) => {
                audit.push(AuditEntry::get(&url, error_result(&e)));
                return Err(e);
            }
        }
    }
    Ok(false)
}

async fn current(client: &Client, setup: &Setup, user: &UserId) -> Option<String> {
    let app_user = client
        .app_users(&setup.office365.id)
        .get(user.clone())
        .await
        .ok()?;
    Office365User::from_profile(&app_user.profile).immutable_id
}

/// Batch mode's read-back of the writes not read back one by one: one listing of the Office
/// 365 app users; a user whose value is not there becomes an `error`.
pub(crate) async fn verify_listed(
    client: &Client,
    setup: &Setup,
    via: &ViaAttribute,
    users: &mut [UserReport],
    audit: &mut Vec<AuditEntry>,
) {
    let pending = via
        .unverified
        .lock()
        .map(|mut p| std::mem::take(&mut *p))
        .unwrap_or_default();
    if pending.is_empty() {
        return;
    }
    let o365 = &setup.office365.id;
    let pages = client.app_users(o365).list().limit(500).pages();
    let listed = read_pages(pages, audit).await;
    let values: Result<HashMap<UserId, Option<String>>, String> = listed
        .map(|app_users| {
            app_users
                .into_iter()
                .map(|au| {
                    let value = Office365User::from_profile(&au.profile).immutable_id;
                    (au.id, value)
                })
                .collect()
        })
        .map_err(|e| e.to_string());
    let index: HashMap<&UserId, usize> = users
        .iter()
        .enumerate()
        .filter_map(|(i, u)| u.user_id.as_ref().map(|id| (id, i)))
        .collect();
    let mut failed: Vec<(usize, String)> = Vec::new();
    for (user, value) in &pending {
        let Some(&i) = index.get(user) else { continue };
        let why = match &values {
            Ok(by_user) => match by_user.get(user) {
                Some(Some(found)) if found == value => continue,
                found => via.not_carried(user, value, found.and_then(|f| f.as_deref())),
            },
            Err(e) => format!(
                "wrote user.{} but could not read the app users back: {e}",
                via.attribute
            ),
        };
        failed.push((i, why));
    }
    for (i, why) in failed {
        users[i].outcome = Outcome::Error;
        users[i].message = why;
    }
}
