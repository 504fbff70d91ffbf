//! Loading a scenario file into the store: [`LoadScenario`](crate::store::commit::LoadScenario)
//! hands a fresh org (a [`ScenarioDraft`]) to this loader and swaps it in only when the whole
//! file is valid, so a bad file leaves the current org untouched.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use okta_client::models::{
    AppUserScope, AppUserStatus, ApplicationStatus, SignOnMode, SyncState, UserStatus,
};
use serde_json::{Map, Value, json};

use super::{Scenario, ScenarioApp, ScenarioError, ScenarioUser};
use crate::store::input::{AppGroupInput, AppInput, AppUserAssignInput, FactorInput};
use crate::store::{
    LoadedUser, Mapping, ScenarioDraft, ScenarioSource, StoreError, default_mode, missing_required,
    scenario_settings,
};

/// An interned id, as the draft gives them.
type Id = Arc<str>;

/// Base attributes of an AD app user that a scenario may leave out.
const AD_BASE: [&str; 10] = [
    "dn",
    "email",
    "externalId",
    "firstName",
    "lastName",
    "managerUpn",
    "objectSid",
    "primaryGroupID",
    "samAccountName",
    "userName",
];

/// A store error at `path`; a `field: reason` cause becomes `path.field: reason`.
fn at(path: String) -> impl FnOnce(StoreError) -> ScenarioError {
    move |e| match e.causes.first().and_then(|c| c.split_once(": ")) {
        Some((field, reason)) => ScenarioError::new(format!("{path}.{field}"), reason),
        None => ScenarioError::new(path, e.summary),
    }
}

impl ScenarioSource for Scenario {
    type Error = ScenarioError;

    /// Fills the draft with the scenario. Timestamps are now unless given; mappings are not
    /// evaluated (the file is a snapshot, so app-user profiles are taken as written).
    ///
    /// # Errors
    /// A [`ScenarioError`] naming the path of the first problem: a dangling group or app
    /// reference, a duplicate id, login, group name or app label, a missing required profile
    /// attribute, an unknown status, or a mapping that does not parse.
    fn load_into(&self, draft: &mut ScenarioDraft) -> Result<(), ScenarioError> {
        Loader(draft).apply_scenario(self)
    }
}

/// The loader's steps over the draft.
struct Loader<'d>(&'d mut ScenarioDraft);

impl Loader<'_> {
    fn apply_scenario(&mut self, s: &Scenario) -> Result<(), ScenarioError> {
        let mut group_ids: HashMap<&str, Id> = HashMap::new();
        for (i, g) in s.groups.iter().enumerate() {
            if g.group_type.as_deref() == Some("BUILT_IN") {
                // "Everyone", as an export writes it: its id and timestamps.
                if g.name != "Everyone" {
                    return Err(ScenarioError::new(
                        format!("groups[{i}].type"),
                        "BUILT_IN is only the \"Everyone\" group (as an export writes it)",
                    ));
                }
                let id = self.0.set_everyone_id(g.id.as_deref().unwrap_or_default());
                group_ids.insert(&g.name, id);
                continue;
            }
            if let Some(id) = &g.id {
                self.check_free_id(id, &format!("groups[{i}].id"))?;
            }
            let desc = g.description.clone();
            let group = self
                .0
                .add_group(g.id.as_deref(), &g.name, desc, &g.profile)
                .map_err(|e| {
                    ScenarioError::new(
                        format!("groups[{i}].name"),
                        format!("{} (\"{}\")", e.summary, g.name),
                    )
                })?;
            group_ids.insert(&g.name, group);
        }
        let mut app_ids: HashMap<&str, Id> = HashMap::new();
        for (i, a) in s.apps.iter().enumerate() {
            if app_ids.contains_key(a.label.as_str()) {
                return Err(ScenarioError::new(
                    format!("apps[{i}].label"),
                    format!("duplicate label \"{}\"", a.label),
                ));
            }
            let id = self.load_app(i, a)?;
            app_ids.insert(&a.label, id);
        }
        self.mark_imported_groups(s, &group_ids, &app_ids)?;
        let mut logins: HashMap<String, usize> = HashMap::new();
        for (i, u) in s.users.iter().enumerate() {
            let login = u
                .profile
                .get("login")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_lowercase();
            if let Some(j) = logins.insert(login.clone(), i) {
                return Err(ScenarioError::new(
                    format!("users[{i}].profile.login"),
                    format!("login \"{login}\" is already used by users[{j}]"),
                ));
            }
            self.load_user(i, u, &group_ids, &app_ids)?;
        }
        if let Some(login) = &s.me {
            let Some(id) = self.0.find_user(login) else {
                return Err(ScenarioError::new(
                    "me",
                    format!("no user with login \"{login}\""),
                ));
            };
            self.0.set_me(id);
        }
        // After the users, so each group's members get the app through it.
        for (i, a) in s.apps.iter().enumerate() {
            let Some(app) = app_ids.get(a.label.as_str()).cloned() else {
                continue;
            };
            for (p, name) in a.groups.iter().enumerate() {
                let path = format!("apps[{i}].groups[{p}]");
                let Some(group) = group_ids.get(name.as_str()).cloned() else {
                    return Err(ScenarioError::new(
                        path,
                        format!("no group named \"{name}\""),
                    ));
                };
                let details = a.group_assignments.get(name);
                let input = AppGroupInput {
                    priority: details.and_then(|d| d.priority).or(i64::try_from(p).ok()),
                    profile: details.map(|d| d.profile.clone()).unwrap_or_default(),
                };
                self.0
                    .assign_app_group(&app, &group, input)
                    .map_err(at(path))?;
            }
            self.fill_group_granted_ad_profiles(&app, &a.label);
        }
        // Last, so that nothing the load does afterwards moves them.
        self.restore_timestamps(s, &group_ids, &app_ids);
        Ok(())
    }

    /// Sets what an export wrote as it was: app users with timestamps (taken whole), the
    /// group assignments' and groups' timestamps.
    fn restore_timestamps(
        &mut self,
        s: &Scenario,
        group_ids: &HashMap<&str, Id>,
        app_ids: &HashMap<&str, Id>,
    ) {
        for u in &s.users {
            let Some(user) = u.id.as_deref().map(Arc::from).or_else(|| {
                u.profile
                    .get("login")
                    .and_then(Value::as_str)
                    .and_then(|l| self.0.find_user(l))
            }) else {
                continue;
            };
            for a in &u.apps {
                let (Some(times), Some(app)) = (&a.timestamps, app_ids.get(a.app.as_str())) else {
                    continue;
                };
                self.0.edit_app_user(app, &user, |au| {
                    au.created = times.created;
                    au.last_updated = times.last_updated;
                    au.status_changed = times.status_changed;
                    au.last_sync = times.last_sync;
                    au.password_changed = times.password_changed;
                    au.sync_state = a.sync_state.as_deref().map(SyncState::from_wire);
                    au.status = a.status.as_deref().map(AppUserStatus::from_wire);
                    au.scope = a.scope.as_deref().map(AppUserScope::from_wire);
                    au.profile = a.profile.clone();
                    au.external_id = a.external_id.clone();
                    if let Some(name) = &a.user_name
                        && let Some(c) = au.credentials.as_mut()
                    {
                        c.user_name = Some(name.clone());
                    }
                });
            }
        }
        for a in &s.apps {
            let Some(app) = app_ids.get(a.label.as_str()) else {
                continue;
            };
            for (name, details) in &a.group_assignments {
                if let (Some(group), Some(at)) =
                    (group_ids.get(name.as_str()), details.last_updated)
                {
                    self.0.set_app_group_last_updated(app, group, at);
                }
            }
        }
        for g in &s.groups {
            if let (Some(t), Some(group)) = (&g.timestamps, group_ids.get(g.name.as_str())) {
                self.0.set_group_timestamps(
                    group,
                    t.created,
                    t.last_updated,
                    t.last_membership_updated,
                );
            }
        }
    }

    fn check_free_id(&self, id: &str, path: &str) -> Result<(), ScenarioError> {
        if id.is_empty() || self.0.id_taken(id) {
            return Err(ScenarioError::new(
                path,
                format!("id \"{id}\" is empty or already used"),
            ));
        }
        Ok(())
    }

    fn load_app(&mut self, i: usize, a: &ScenarioApp) -> Result<Id, ScenarioError> {
        if let Some(id) = &a.id {
            self.check_free_id(id, &format!("apps[{i}].id"))?;
        }
        let status = match a.status.as_deref() {
            None | Some("ACTIVE") => ApplicationStatus::Active,
            Some("INACTIVE") => ApplicationStatus::Inactive,
            Some(other) => {
                return Err(ScenarioError::new(
                    format!("apps[{i}].status"),
                    format!("unknown status \"{other}\" (ACTIVE or INACTIVE)"),
                ));
            }
        };
        let mut body = json!({"name": a.name, "label": a.label});
        if let Some(mode) = &a.sign_on_mode {
            body["signOnMode"] = json!(mode);
        }
        let mode = match &a.sign_on_mode {
            Some(mode) => Some(SignOnMode::from_wire(mode)),
            None => default_mode(&a.name),
        };
        body["settings"] = match &a.settings {
            Some(settings @ Value::Object(_)) => settings.clone(),
            Some(_) => {
                return Err(ScenarioError::new(
                    format!("apps[{i}].settings"),
                    "settings must be a JSON object".to_owned(),
                ));
            }
            None => scenario_settings(mode.as_ref()),
        };
        if !a.features.is_empty() {
            body["features"] = json!(a.features);
        }
        let input = AppInput::parse(body).map_err(at(format!("apps[{i}]")))?;
        let variable = match &a.variable_name {
            Some(v) if self.0.variable_name_taken(v) => {
                return Err(ScenarioError::new(
                    format!("apps[{i}].variableName"),
                    format!("variable name \"{v}\" is already used"),
                ));
            }
            Some(v) => v.clone(),
            None => self.0.next_variable_name(&a.name),
        };
        let mappings = match &a.mappings {
            None if a.name == okta_client::models::OFFICE365_APP_NAME => {
                vec![Mapping::office365_default()]
            }
            None => Vec::new(),
            Some(m) => m
                .iter()
                .map(|(attr, m)| {
                    Mapping::new(attr.clone(), &m.expression, m.apply_on).map_err(|e| {
                        ScenarioError::new(
                            format!("apps[{i}].mappings.{attr}.expression"),
                            e.to_string(),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        let id = self
            .0
            .add_app(a.id.as_deref(), input, status, variable, mappings)
            .map_err(at(format!("apps[{i}]")))?;
        self.0.set_provisioning_failure(&id, a.provisioning_failure);
        let times = a.timestamps.clone().unwrap_or_default();
        self.0
            .set_app_details(&id, times.created, times.last_updated, &a.details);
        Ok(id)
    }

    /// Makes the file's `APP_GROUP`s imported groups of their `source` app.
    fn mark_imported_groups(
        &mut self,
        s: &Scenario,
        group_ids: &HashMap<&str, Id>,
        app_ids: &HashMap<&str, Id>,
    ) -> Result<(), ScenarioError> {
        for (i, g) in s.groups.iter().enumerate() {
            let imported = match g.group_type.as_deref() {
                None | Some("OKTA_GROUP") => false,
                Some("BUILT_IN") => continue,
                Some("APP_GROUP") => true,
                Some(other) => {
                    return Err(ScenarioError::new(
                        format!("groups[{i}].type"),
                        format!("unknown type \"{other}\" (OKTA_GROUP or APP_GROUP)"),
                    ));
                }
            };
            let source = match (&g.source, imported) {
                (None, false) => continue,
                (Some(label), true) => app_ids.get(label.as_str()).cloned().ok_or_else(|| {
                    ScenarioError::new(
                        format!("groups[{i}].source"),
                        format!("no app labelled \"{label}\""),
                    )
                })?,
                (None, true) => {
                    return Err(ScenarioError::new(
                        format!("groups[{i}].source"),
                        "an APP_GROUP needs the label of the app it was imported from".to_owned(),
                    ));
                }
                (Some(_), false) => {
                    return Err(ScenarioError::new(
                        format!("groups[{i}].source"),
                        "only an APP_GROUP has a source".to_owned(),
                    ));
                }
            };
            if let Some(group) = group_ids.get(g.name.as_str()) {
                self.0.mark_imported(group, source);
            }
        }
        Ok(())
    }

    fn load_user(
        &mut self,
        i: usize,
        u: &ScenarioUser,
        group_ids: &HashMap<&str, Id>,
        app_ids: &HashMap<&str, Id>,
    ) -> Result<(), ScenarioError> {
        if let Some(first) = missing_required(&u.profile).first() {
            let (field, reason) = first.split_once(": ").unwrap_or((first, ""));
            return Err(ScenarioError::new(
                format!("users[{i}].profile.{field}"),
                reason,
            ));
        }
        let status = match u.status.as_deref() {
            None => UserStatus::Active,
            Some(s) => UserStatus::from_wire(s),
        };
        if status.is_unknown() {
            return Err(ScenarioError::new(
                format!("users[{i}].status"),
                format!("unknown status \"{}\"", status),
            ));
        }
        if status == UserStatus::Deprovisioned && !u.apps.is_empty() {
            return Err(ScenarioError::new(
                format!("users[{i}].apps"),
                "a DEPROVISIONED user has no app assignments",
            ));
        }
        if let Some(id) = &u.id {
            self.check_free_id(id, &format!("users[{i}].id"))?;
        }
        let given = u.timestamps.clone().unwrap_or_default();
        let credentials = u.credentials.clone().unwrap_or_default();
        let federated = match credentials.provider.as_deref() {
            None | Some("OKTA") => false,
            Some("FEDERATION") => true,
            Some(other) => {
                return Err(ScenarioError::new(
                    format!("users[{i}].credentials.provider"),
                    format!("unknown provider \"{other}\" (OKTA or FEDERATION)"),
                ));
            }
        };
        let id = self.0.add_user(LoadedUser {
            id: u.id.as_deref(),
            status,
            profile: &u.profile,
            created: given.created,
            activated: given.activated,
            status_changed: given.status_changed,
            last_login: given.last_login,
            last_updated: given.last_updated,
            password_changed: given.password_changed,
            has_password: credentials.password,
            recovery_question: credentials.recovery_question.as_deref(),
            federated,
        });
        for (j, name) in u.groups.iter().enumerate() {
            if name == "Everyone" {
                continue;
            }
            let Some(g) = group_ids.get(name.as_str()) else {
                return Err(ScenarioError::new(
                    format!("users[{i}].groups[{j}]"),
                    format!("no group named \"{name}\""),
                ));
            };
            self.0.add_member(g, &id);
        }
        let mut seen = HashSet::new();
        for (j, a) in u.apps.iter().enumerate() {
            let path = format!("users[{i}].apps[{j}]");
            let Some(app) = app_ids.get(a.app.as_str()) else {
                return Err(ScenarioError::new(
                    format!("{path}.app"),
                    format!("no app labelled \"{}\"", a.app),
                ));
            };
            if !seen.insert(app.clone()) {
                return Err(ScenarioError::new(
                    format!("{path}.app"),
                    format!("already assigned to \"{}\"", a.app),
                ));
            }
            let is_ad = self.0.is_active_directory(app);
            let mut profile = a.profile.clone();
            if is_ad {
                self.fill_ad_profile(&mut profile, &id, &a.app, a.external_id.as_deref());
            }
            let mut body = json!({"id": &*id, "scope": a.scope, "externalId": a.external_id, "profile": profile});
            if let Some(name) = &a.user_name {
                body["credentials"] = json!({ "userName": name });
            }
            let status = a
                .status
                .as_deref()
                .map_or(AppUserStatus::Active, AppUserStatus::from_wire);
            if status.is_unknown() {
                return Err(ScenarioError::new(
                    format!("{path}.status"),
                    format!("unknown app user status \"{status}\""),
                ));
            }
            AppUserAssignInput::parse(body)
                .and_then(|input| self.0.assign_app_user(app, &id, &input, status))
                .map_err(at(path))?;
        }
        for (j, f) in u.factors.iter().enumerate() {
            let path = format!("users[{i}].factors[{j}]");
            // Parsed as the admin API parses a factor, so both refuse the same things.
            let body = serde_json::to_value(f).unwrap_or_default();
            FactorInput::parse(&body)
                .and_then(|input| self.0.add_factor(&id, input))
                .map_err(at(path))?;
        }
        Ok(())
    }

    /// Fills the base AD attributes a scenario left out, from the Okta user and the domain.
    /// An AD app user a group gave gets the base AD profile an explicit assignment gets, so
    /// findDirectoryUser() and the mappings treat it like any other AD app user.
    fn fill_group_granted_ad_profiles(&mut self, app: &Id, domain: &str) {
        if !self.0.is_active_directory(app) {
            return;
        }
        for (user, mut au) in self.0.group_granted_app_users(app) {
            let external_id = au.external_id.clone();
            self.fill_ad_profile(&mut au.profile, &user, domain, external_id.as_deref());
            self.0.replace_app_user(app, &user, au);
        }
    }

    fn fill_ad_profile(
        &self,
        profile: &mut Map<String, Value>,
        user: &Id,
        domain: &str,
        external_id: Option<&str>,
    ) {
        if self.0.find_user(user).is_none() {
            return;
        }
        let get = |a: &str| {
            self.0
                .user_attribute(user, a)
                .unwrap_or_default()
                .to_owned()
        };
        let login = get("login");
        let sam = login.split('@').next().unwrap_or_default().to_owned();
        let dc = domain
            .split('.')
            .map(|p| format!("DC={p}"))
            .collect::<Vec<_>>()
            .join(",");
        let rid = 1000 + self.0.user_count();
        let defaults = [
            (
                "dn",
                json!(format!(
                    "CN={} {},OU=Users,{dc}",
                    get("firstName"),
                    get("lastName")
                )),
            ),
            ("email", json!(get("email"))),
            ("externalId", external_id.map_or(Value::Null, |e| json!(e))),
            ("firstName", json!(get("firstName"))),
            ("lastName", json!(get("lastName"))),
            ("managerUpn", Value::Null),
            (
                "objectSid",
                json!(format!("S-1-5-21-1004336348-1177238915-682003330-{rid}")),
            ),
            ("primaryGroupID", json!("513")),
            ("samAccountName", json!(sam)),
            ("userName", json!(format!("{sam}@{domain}"))),
        ];
        debug_assert_eq!(defaults.len(), AD_BASE.len());
        for (k, v) in defaults {
            profile.entry(k.to_owned()).or_insert(v);
        }
    }
}
