//! A fresh org under construction for [`LoadScenario`](super::commit::LoadScenario): the narrow
//! set of writes a scenario file needs beyond the Management API (given ids, statuses and
//! timestamps, app users taken as written). The draft replaces the org only when the whole
//! source loaded, in one committed mutation, so these writes never bypass the commit point.

use std::sync::Arc;

use okta_client::models::{
    AppUser, AppUserScope, AppUserStatus, ApplicationStatus, Timestamp, UserStatus,
};
use serde_json::{Map, Value};

use super::StoreError;
use super::input::{AppGroupInput, AppInput, AppUserAssignInput};
use super::mapping::Mapping;
use super::org::Org;
use super::profile::Profile;
use super::provisioning::ProvisioningFailure;
use super::record::{Id, UserRec};

/// What can be loaded into an org (a scenario file): it fills a [`ScenarioDraft`].
pub trait ScenarioSource {
    /// Why the source does not load (naming where in the source the problem is).
    type Error;

    /// Writes the source's objects into `draft`.
    ///
    /// # Errors
    /// The source's own error for the first object that does not load.
    fn load_into(&self, draft: &mut ScenarioDraft) -> Result<(), Self::Error>;
}

/// A shared source loads as itself (the admin API keeps scenarios in an `Arc`).
impl<T: ScenarioSource + ?Sized> ScenarioSource for Arc<T> {
    type Error = T::Error;

    fn load_into(&self, draft: &mut ScenarioDraft) -> Result<(), Self::Error> {
        (**self).load_into(draft)
    }
}

/// A user as a scenario file gives it: its status and timestamps are taken as written.
#[derive(Debug, Clone)]
pub struct LoadedUser<'a> {
    /// A given id, else one is generated.
    pub id: Option<&'a str>,
    /// The status (STAGED and PROVISIONED users have no password).
    pub status: UserStatus,
    /// The profile.
    pub profile: &'a Map<String, Value>,
    /// `created`, else now.
    pub created: Option<Timestamp>,
    /// `activated`, else now unless STAGED.
    pub activated: Option<Timestamp>,
    /// `statusChanged`, else now unless STAGED.
    pub status_changed: Option<Timestamp>,
    /// `lastLogin`.
    pub last_login: Option<Timestamp>,
    /// `lastUpdated`, else now.
    pub last_updated: Option<Timestamp>,
    /// `passwordChanged`.
    pub password_changed: Option<Timestamp>,
    /// Whether the user has a password; `None`: unless STAGED or PROVISIONED.
    pub has_password: Option<bool>,
    /// The recovery question (never its answer).
    pub recovery_question: Option<&'a str>,
    /// Authenticated by a federated provider (`credentials.provider.type` FEDERATION).
    pub federated: bool,
}

/// A fresh org (same clock and seed as the store's) being filled by a [`ScenarioSource`].
pub struct ScenarioDraft {
    pub(super) org: Org,
}

impl ScenarioDraft {
    /// Whether a user, group or app already has this id.
    pub fn id_taken(&self, id: &str) -> bool {
        let org = &self.org;
        org.users.contains_key(id) || org.groups.contains_key(id) || org.apps.contains_key(id)
    }

    /// Adds an OKTA_GROUP with its other profile attributes, with its given id or a generated
    /// one; returns the id.
    ///
    /// # Errors
    /// A duplicate group name.
    pub fn add_group(
        &mut self,
        id: Option<&str>,
        name: &str,
        description: Option<String>,
        profile: &Map<String, Value>,
    ) -> Result<Id, StoreError> {
        let group = self.org.insert_group(id, name, description, profile)?;
        Ok(Arc::from(group.id.as_str()))
    }

    /// Makes a group an APP_GROUP imported from the app `source` (Okta's API cannot create
    /// one; imports from a directory do).
    pub fn mark_imported(&mut self, group: &Id, source: Id) {
        self.org.mark_imported(group, source);
    }

    /// Makes provisioning to `app` fail as `failure` says (none: it succeeds).
    pub fn set_provisioning_failure(&mut self, app: &Id, failure: Option<ProvisioningFailure>) {
        self.org.set_provisioning_failure(app, failure);
    }

    /// Whether an app already uses this variable name.
    pub fn variable_name_taken(&self, variable_name: &str) -> bool {
        self.org
            .apps
            .values()
            .any(|a| a.variable_name == variable_name)
    }

    /// A free variable name for an app of this integration name.
    pub fn next_variable_name(&mut self, name: &str) -> String {
        self.org.next_variable_name(name)
    }

    /// Adds an app instance with its status, variable name and mappings; returns its id.
    ///
    /// # Errors
    /// An app the Management API would refuse.
    pub fn add_app(
        &mut self,
        id: Option<&str>,
        input: AppInput,
        status: ApplicationStatus,
        variable_name: String,
        mappings: Vec<Mapping>,
    ) -> Result<Id, StoreError> {
        let app = self.org.build_app(id, input, status)?;
        let id: Id = Arc::from(app.id.as_str());
        self.org.insert_app(app, variable_name, mappings);
        Ok(id)
    }

    /// Whether the app is an Active Directory instance.
    pub fn is_active_directory(&self, app: &str) -> bool {
        self.org
            .apps
            .get(app)
            .is_some_and(|a| a.app.is_active_directory())
    }

    /// Adds a user as written (no password value, no recovery question); returns its id.
    pub fn add_user(&mut self, user: LoadedUser<'_>) -> Id {
        let org = &mut self.org;
        let id: Id = match user.id {
            Some(id) => Arc::from(id),
            None => Arc::from(org.ids.next("00u", |id| org.users.contains_key(id))),
        };
        let now = org.now();
        let status = user.status;
        let never_activated = matches!(status, UserStatus::Staged);
        // Whole seconds, as every other timestamp (see `Org::now`).
        let ms = |t: Option<Timestamp>| t.map(|t| super::org::whole_second(t.unix_millis()));
        let rec = UserRec {
            id: Arc::clone(&id),
            has_password: user.has_password.unwrap_or(!matches!(
                status,
                UserStatus::Staged | UserStatus::Provisioned
            )),
            locked: status == UserStatus::LockedOut,
            status,
            created: ms(user.created).unwrap_or(now),
            activated: ms(user.activated).or((!never_activated).then_some(now)),
            status_changed: ms(user.status_changed).or((!never_activated).then_some(now)),
            last_login: ms(user.last_login),
            last_updated: ms(user.last_updated).unwrap_or(now),
            password_changed: ms(user.password_changed),
            profile: Profile::from_map(user.profile, &mut org.keys),
            recovery_question: user.recovery_question.map(Into::into),
            federated: user.federated,
        };
        org.insert_user(rec);
        id
    }

    /// Enrolls a factor for `user` as given (status and timestamps default to `ACTIVE` and
    /// now).
    ///
    /// # Errors
    /// A factor the admin API would refuse (a DEPROVISIONED user, a type and provider already
    /// enrolled, an id taken).
    pub fn add_factor(
        &mut self,
        user: &Id,
        input: super::input::FactorInput,
    ) -> Result<(), StoreError> {
        self.org.enroll_factor(user, input).map(drop)
    }

    /// The id of the user with this id or login.
    pub fn find_user(&self, id_or_login: &str) -> Option<Id> {
        self.org.find_user_id(id_or_login)
    }

    /// A profile attribute of a user, as text.
    pub fn user_attribute(&self, user: &str, name: &str) -> Option<&str> {
        self.org.users.get(user)?.profile.get_str(name)
    }

    /// How many users the draft holds.
    pub fn user_count(&self) -> usize {
        self.org.users.len()
    }

    /// Makes `user` the API token's user (`/api/v1/users/me`).
    pub fn set_me(&mut self, user: Id) {
        self.org.me = Some(user);
    }

    /// Adds `user` to `group` ("Everyone" holds every user already).
    pub fn add_member(&mut self, group: &Id, user: &Id) {
        self.org.add_member_ids(group, user);
    }

    /// Assigns `user` to `app` with the given status, its profile taken as written.
    ///
    /// # Errors
    /// An assignment the Management API would refuse.
    pub fn assign_app_user(
        &mut self,
        app: &Id,
        user: &Id,
        input: &AppUserAssignInput,
        status: AppUserStatus,
    ) -> Result<(), StoreError> {
        let au = self.org.new_app_user(app, user, input, status)?;
        self.org.put_app_user(app, user, au);
        Ok(())
    }

    /// Assigns `group` to `app`, which grants the app to the group's members.
    ///
    /// # Errors
    /// An assignment the Management API would refuse.
    pub fn assign_app_group(
        &mut self,
        app: &Id,
        group: &Id,
        input: AppGroupInput,
    ) -> Result<(), StoreError> {
        self.org.assign_app_group(app, group, input).map(drop)
    }

    /// The app users a group assignment gave (scope GROUP), with their user ids.
    pub fn group_granted_app_users(&self, app: &Id) -> Vec<(Id, AppUser)> {
        self.org
            .users_of_app(app)
            .filter_map(|u| {
                let au = self.org.app_users.get(&(app.clone(), u.clone()))?;
                (au.scope == Some(AppUserScope::Group)).then(|| (u, au.clone()))
            })
            .collect()
    }

    /// Replaces an app user (as written) and re-evaluates the user's mappings.
    pub fn replace_app_user(&mut self, app: &Id, user: &Id, app_user: AppUser) {
        self.org.put_app_user(app, user, app_user);
        self.org.refresh_user_mappings(user);
    }

    /// Gives the built-in "Everyone" group this id (an export's), before anything refers to
    /// it; returns its id.
    pub fn set_everyone_id(&mut self, id: &str) -> Id {
        let org = &mut self.org;
        if *org.everyone != *id
            && let Some(mut rec) = org.groups.remove(&*org.everyone)
        {
            let new: Id = Arc::from(id);
            rec.id = Arc::clone(&new);
            org.groups.insert(Arc::clone(&new), rec);
            org.everyone = new;
        }
        Arc::clone(&org.everyone)
    }

    /// Sets a group's timestamps as written (each `None` is left as it is). Call it after
    /// the group's members are added, which would move `lastMembershipUpdated`.
    pub fn set_group_timestamps(
        &mut self,
        group: &str,
        created: Option<Timestamp>,
        last_updated: Option<Timestamp>,
        last_membership_updated: Option<Timestamp>,
    ) {
        let ms = |t: Option<Timestamp>| t.map(|t| super::org::whole_second(t.unix_millis()));
        if let Some(g) = self.org.groups.get_mut(group) {
            g.created = ms(created).unwrap_or(g.created);
            g.last_updated = ms(last_updated).unwrap_or(g.last_updated);
            g.last_membership_updated =
                ms(last_membership_updated).unwrap_or(g.last_membership_updated);
        }
    }

    /// Sets an app's timestamps, and its other fields as the API shows them (`credentials`,
    /// `accessibility`, `visibility`, …) over what the load built.
    pub fn set_app_details(
        &mut self,
        app: &str,
        created: Option<Timestamp>,
        last_updated: Option<Timestamp>,
        details: &Map<String, Value>,
    ) {
        let Some(rec) = self.org.apps.get_mut(app) else {
            return;
        };
        let app = &mut rec.app;
        app.created = created.or(app.created);
        app.last_updated = last_updated.or(app.last_updated);
        for (k, v) in details {
            if k == "credentials" {
                app.credentials = Some(v.clone());
            } else {
                app.extra.insert(k.clone(), v.clone());
            }
        }
    }

    /// Changes an app user in place, as written (no mapping is evaluated).
    pub fn edit_app_user(&mut self, app: &str, user: &str, edit: impl FnOnce(&mut AppUser)) {
        let key = (Arc::from(app), Arc::from(user));
        if let Some(au) = self.org.app_users.get_mut(&key) {
            edit(au);
        }
    }

    /// Sets a group assignment's `lastUpdated`.
    pub fn set_app_group_last_updated(&mut self, app: &str, group: &str, at: Timestamp) {
        let key = (Arc::from(app), Arc::from(group));
        if let Some(rec) = self.org.app_groups.get_mut(&key) {
            rec.last_updated = super::org::whole_second(at.unix_millis());
        }
    }
}
