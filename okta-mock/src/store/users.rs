//! Users: create, read, update, two-step delete, and what hangs off a user (groups, app links).

use std::ops::Bound;
use std::sync::Arc;

use okta_client::models::{User, UserStatus};
use serde_json::{Map, Value};

use super::profile::Profile;
use super::record::{Id, UserRec};
use super::{Store, StoreError, render};

/// Query parameters of `POST /api/v1/users`.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// The profile attributes Okta requires on every user.
pub(crate) const REQUIRED: [&str; 4] = ["login", "email", "firstName", "lastName"];

const TAKEN: &str = "An object with this field already exists in the current organization";

/// The causes for a profile missing required attributes.
pub(crate) fn missing_required(profile: &Map<String, Value>) -> Vec<String> {
    REQUIRED
        .iter()
        .filter(|f| !matches!(profile.get(**f), Some(Value::String(s)) if !s.trim().is_empty()))
        .map(|f| format!("{f}: The field cannot be left blank"))
        .collect()
}

/// The `profile` object of a request body.
fn body_profile(body: &Value) -> Result<Map<String, Value>, StoreError> {
    match body.get("profile") {
        Some(Value::Object(p)) => Ok(p.clone()),
        None | Some(Value::Null) => Err(StoreError::validation(
            REQUIRED
                .iter()
                .map(|f| format!("{f}: The field cannot be left blank"))
                .collect(),
        )),
        Some(_) => Err(StoreError::invalid_field(
            "profile",
            "The field must be an object",
        )),
    }
}

/// Password and recovery question in a body's `credentials`: (has password, question).
fn body_credentials(body: &Value) -> Result<(bool, Option<Box<str>>), StoreError> {
    let creds = body.get("credentials");
    let password = creds
        .and_then(|c| c.get("password"))
        .and_then(|p| p.get("value"));
    let has_password = match password {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) if !s.is_empty() => true,
        Some(_) => {
            return Err(StoreError::invalid_field(
                "password",
                "The field cannot be left blank",
            ));
        }
    };
    let question = creds
        .and_then(|c| c.get("recovery_question"))
        .and_then(|q| q.get("question"))
        .and_then(Value::as_str)
        .map(Box::from);
    Ok((has_password, question))
}

impl Store {
    /// Creates a user (`POST /api/v1/users`): STAGED without activation, otherwise ACTIVE with a
    /// password or provider and PROVISIONED without; `groupIds` adds memberships.
    ///
    /// # Errors
    /// 400 E0000001 naming each missing required attribute, a login already taken (ignoring
    /// case) or an unknown group id.
    pub fn create_user(
        &mut self,
        body: Value,
        opts: CreateUserOptions,
    ) -> Result<User, StoreError> {
        let profile = body_profile(&body)?;
        let causes = missing_required(&profile);
        if !causes.is_empty() {
            return Err(StoreError::validation(causes));
        }
        let login = profile
            .get("login")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if self.logins.contains_key(login.to_lowercase().as_str()) {
            return Err(StoreError::invalid_field("login", TAKEN));
        }
        let (has_password, recovery_question) = body_credentials(&body)?;
        let group_ids = self.body_group_ids(&body)?;
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

    fn body_group_ids(&self, body: &Value) -> Result<Vec<Id>, StoreError> {
        let Some(ids) = body.get("groupIds").filter(|v| !v.is_null()) else {
            return Ok(Vec::new());
        };
        let Some(ids) = ids.as_array() else {
            return Err(StoreError::invalid_field(
                "groupIds",
                "The field must be an array",
            ));
        };
        ids.iter()
            .map(|g| {
                g.as_str()
                    .and_then(|g| self.groups.get_key_value(g))
                    .map(|(k, _)| Arc::clone(k))
                    .ok_or_else(|| {
                        StoreError::invalid_field("groupIds", &format!("Invalid group id: {g}"))
                    })
            })
            .collect()
    }

    /// The id of a user given by id, login (ignoring case) or unambiguous short login.
    pub(crate) fn find_user_id(&self, id_or_login: &str) -> Option<Id> {
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
    pub fn update_user(
        &mut self,
        id: &str,
        body: Value,
        replace: bool,
    ) -> Result<User, StoreError> {
        let id = self.user_id(id)?;
        let current = self
            .users
            .get(&*id)
            .map(|u| u.profile.to_map())
            .unwrap_or_default();
        let profile = match (body.get("profile"), replace) {
            (Some(Value::Object(p)), true) => p.clone(),
            (Some(Value::Object(p)), false) => {
                let mut merged = current.clone();
                merged.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
                merged
            }
            (None, _) => current.clone(),
            (Some(_), _) => {
                return Err(StoreError::invalid_field(
                    "profile",
                    "The field must be an object",
                ));
            }
        };
        let causes = missing_required(&profile);
        if !causes.is_empty() {
            return Err(StoreError::validation(causes));
        }
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
        let (has_password, question) = body_credentials(&body)?;
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
    pub fn delete_user(&mut self, id: &str) -> Result<(), StoreError> {
        let id = self.user_id(id)?;
        let deprovisioned = self.users.get(&*id).is_some_and(UserRec::is_deprovisioned);
        if !deprovisioned {
            self.deactivate_user(&id);
            return Ok(());
        }
        self.remove_all_assignments(&id);
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
