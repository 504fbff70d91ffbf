//! Users: create, read, update, two-step delete, and what hangs off a user (groups, app links).

use std::ops::Bound;
use std::sync::Arc;

use okta_client::models::{User, UserStatus};
use serde_json::{Map, Value};

use crate::store::input::{self, IntoInput, UserInput};
use crate::store::profile::Profile;
use crate::store::record::{Id, UserRec};
use crate::store::{Org, StoreError, render};

/// Query parameters of `POST /api/v1/users`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CreateUserOptions {
    /// `activate` (default true).
    pub activate: bool,
    /// `provider`: the user authenticates with a federated provider and needs no password.
    pub provider: bool,
    /// `nextLogin` (`changePassword` makes an activated user's password expired).
    pub next_login: Option<String>,
}

impl Default for CreateUserOptions {
    fn default() -> Self {
        Self {
            activate: true,
            provider: false,
            next_login: None,
        }
    }
}

/// Query parameters of `GET /api/v1/users`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserQuery {
    /// `q`: starts-with on firstName, lastName, email.
    pub q: Option<String>,
    /// `filter`.
    pub filter: Option<String>,
    /// `search`.
    pub search: Option<String>,
    /// `sortBy` (with `search`).
    pub sort_by: Option<String>,
    /// `sortOrder`: `asc` (default) or `desc`.
    pub sort_order: Option<String>,
}

const TAKEN: &str = "An object with this field already exists in the current organization";

/// The causes for a profile missing required attributes (scenario files are checked for these
/// only: their logins need not follow the default login rule).
pub(crate) fn missing_required(profile: &Map<String, Value>) -> Vec<String> {
    let mut causes = input::Causes::default();
    input::user::check_required(profile, &mut causes);
    causes.into_vec()
}

/// Okta's 400 for a whole profile missing required attributes or holding invalid values.
fn check_profile(profile: &Map<String, Value>) -> Result<(), StoreError> {
    input::user::whole_profile_causes(profile).finish(None)
}

impl Org {
    /// Creates a user (`POST /api/v1/users`): STAGED without activation, otherwise ACTIVE with a
    /// password or provider and PROVISIONED without; `groupIds` adds memberships.
    ///
    /// # Errors
    /// 400 E0000001 naming each missing required attribute, a login already taken (ignoring
    /// case) or an unknown group id.
    pub(in crate::store) fn create_user(
        &mut self,
        body: impl IntoInput<UserInput>,
        opts: CreateUserOptions,
    ) -> Result<User, StoreError> {
        let input = body.into_input()?;
        let profile = input.profile.clone().unwrap_or_default();
        check_profile(&profile)?;
        let login = profile
            .get("login")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if self.logins.contains_key(login.to_lowercase().as_str()) {
            return Err(StoreError::invalid_field("login", TAKEN));
        }
        let has_password = input.has_password();
        let recovery_question = input.recovery_question.as_deref().map(Box::from);
        let group_ids = self.body_group_ids(&input.group_ids)?;
        let now = self.now();
        let status = match (opts.activate, opts.provider || has_password) {
            (false, _) => UserStatus::Staged,
            (true, false) => UserStatus::Provisioned,
            (true, true)
                if has_password && opts.next_login.as_deref() == Some("changePassword") =>
            {
                UserStatus::PasswordExpired
            }
            (true, true) => UserStatus::Active,
        };
        let activated = opts.activate.then_some(now);
        let id: Id = Arc::from(self.ids.next("00u", |id| self.users.contains_key(id)));
        let rec = UserRec {
            id: Arc::clone(&id),
            status,
            created: now,
            activated,
            status_changed: activated,
            last_login: None,
            last_updated: now,
            password_changed: has_password.then_some(now),
            profile: Profile::from_map(&profile, &mut self.keys),
            has_password,
            recovery_question,
            federated: opts.provider,
            locked: false,
        };
        self.insert_user(rec);
        for g in group_ids {
            self.add_member_ids(&g, &id);
        }
        self.render_user(&id)
    }

    /// Adds a record to the user map and the login and name indexes.
    pub(crate) fn insert_user(&mut self, rec: UserRec) {
        if let Some(login) = rec.profile.get_str("login") {
            self.logins
                .insert(login.to_lowercase().into(), Arc::clone(&rec.id));
        }
        self.names.insert(&rec.id, &rec.profile);
        self.users.insert(Arc::clone(&rec.id), rec);
    }

    fn body_group_ids(&self, ids: &[String]) -> Result<Vec<Id>, StoreError> {
        ids.iter()
            .map(|g| {
                self.groups
                    .get_key_value(g.as_str())
                    .map(|(k, _)| Arc::clone(k))
                    .ok_or_else(|| {
                        StoreError::invalid_field("groupIds", &format!("Invalid group id: {g}"))
                    })
            })
            .collect()
    }

    /// The id of a user given by id, login (ignoring case) or unambiguous short login.
    pub(crate) fn find_user_id(&self, id_or_login: &str) -> Option<Id> {
        if id_or_login == "me" {
            return self.me.clone();
        }
        if let Some((k, _)) = self.users.get_key_value(id_or_login) {
            return Some(Arc::clone(k));
        }
        let lower = id_or_login.to_lowercase();
        if let Some(id) = self.logins.get(lower.as_str()) {
            return Some(Arc::clone(id));
        }
        if lower.contains('@') {
            return None;
        }
        // Logins sharing the short name `x` sort together from "x@", so this is a range scan.
        let start = format!("{lower}@");
        let mut hits = self
            .logins
            .range::<str, _>((Bound::Included(start.as_str()), Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(start.as_str()));
        match (hits.next(), hits.next()) {
            (Some((_, id)), None) => Some(Arc::clone(id)),
            _ => None,
        }
    }

    /// The id of an existing user, or 404.
    pub(crate) fn user_id(&self, id_or_login: &str) -> Result<Id, StoreError> {
        self.find_user_id(id_or_login)
            .ok_or_else(|| StoreError::not_found("User", id_or_login))
    }

    pub(crate) fn render_user(&self, id: &str) -> Result<User, StoreError> {
        self.users
            .get(id)
            .map(render::user)
            .ok_or_else(|| StoreError::not_found("User", id))
    }

    /// A user by id, login (ignoring case) or unambiguous short login.
    ///
    /// # Errors
    /// 404 E0000007 when no user matches.
    pub fn get_user(&self, id_or_login: &str) -> Result<User, StoreError> {
        let id = self.user_id(id_or_login)?;
        self.render_user(&id)
    }

    /// Updates a user's profile and credentials: partial (`POST`, absent attributes kept, `null`
    /// clears) or full replacement (`PUT`, absent attributes removed).
    ///
    /// # Errors
    /// 404 for an unknown user; 400 E0000001 for a missing required attribute or a login taken
    /// by another user.
    pub(in crate::store) fn update_user(
        &mut self,
        id: &str,
        body: impl IntoInput<UserInput>,
        replace: bool,
    ) -> Result<User, StoreError> {
        let input = body.into_input()?;
        let id = self.user_id(id)?;
        let current = self
            .users
            .get(&*id)
            .map(|u| u.profile.to_map())
            .unwrap_or_default();
        let profile = match (&input.profile, replace) {
            (Some(p), true) => p.clone(),
            (Some(p), false) => {
                let mut merged = current.clone();
                merged.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
                merged
            }
            (None, _) => current.clone(),
        };
        check_profile(&profile)?;
        let new_login = profile
            .get("login")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_lowercase();
        if self
            .logins
            .get(new_login.as_str())
            .is_some_and(|owner| *owner != id)
        {
            return Err(StoreError::invalid_field("login", TAKEN));
        }
        let has_password = input.has_password();
        let question = input.recovery_question.as_deref().map(Box::from);
        let now = self.now();
        let new_profile = Profile::from_map(&profile, &mut self.keys);
        let Some(rec) = self.users.get_mut(&*id) else {
            return Err(StoreError::not_found("User", &id));
        };
        let old_login = rec.profile.get_str("login").map(str::to_lowercase);
        let profile_changed = current != profile;
        self.names.remove(&id, &rec.profile);
        self.names.insert(&id, &new_profile);
        rec.profile = new_profile;
        if has_password {
            rec.has_password = true;
            rec.password_changed = Some(now);
        }
        if question.is_some() {
            rec.recovery_question = question;
        }
        rec.last_updated = now;
        if let Some(old) = old_login {
            self.logins.remove(old.as_str());
        }
        self.logins.insert(new_login.into(), Arc::clone(&id));
        if profile_changed {
            self.refresh_user_mappings(&id);
        }
        self.render_user(&id)
    }

    /// Deletes a user in Okta's two steps: a user that is not DEPROVISIONED is only deactivated
    /// (losing its app assignments); a DEPROVISIONED one is removed with its memberships.
    ///
    /// # Errors
    /// 404 for an unknown user.
    pub(in crate::store) fn delete_user(&mut self, id: &str) -> Result<(), StoreError> {
        let id = self.user_id(id)?;
        let deprovisioned = self.users.get(&*id).is_some_and(UserRec::is_deprovisioned);
        if !deprovisioned {
            self.deactivate_user(&id);
            return Ok(());
        }
        self.remove_all_assignments(&id);
        self.drop_factors(&id);
        let groups: Vec<Id> = self.groups_of(&id).collect();
        for g in groups {
            self.remove_member_ids(&g, &id);
        }
        if let Some(rec) = self.users.remove(&*id) {
            self.names.remove(&id, &rec.profile);
            if let Some(login) = rec.profile.get_str("login") {
                self.logins.remove(login.to_lowercase().as_str());
            }
        }
        Ok(())
    }
}
