//! Loading a scenario file into the store: a fresh org is built and swapped in only when the
//! whole file is valid, so a bad file leaves the current org untouched.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use okta_client::models::{AppUserStatus, ApplicationStatus, SignOnMode, UserStatus};
use serde_json::{Map, Value, json};

use crate::scenario::{Scenario, ScenarioApp, ScenarioError, ScenarioUser};

use super::apps::build::{default_mode, scenario_settings};
use super::mapping::{ApplyOn, Mapping};
use super::profile::Profile;
use super::record::{Id, UserRec};
use super::users::crud::missing_required;
use super::{Org, StoreError};

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

impl Org {
    /// Replaces the org with a scenario. Timestamps are now; mappings are not evaluated (the
    /// file is a snapshot, so app-user profiles are taken as written).
    ///
    /// # Errors
    /// A [`ScenarioError`] naming the path of the first problem: a dangling group or app
    /// reference, a duplicate id, login, group name or app label, a missing required profile
    /// attribute, an unknown status, or a mapping that does not parse.
    pub(super) fn load_scenario(&mut self, scenario: &Scenario) -> Result<(), ScenarioError> {
        let mut fresh = Org::build(Arc::clone(&self.clock), self.seed);
        // The org's behaviour in time is the mock's, not the org's: it survives a load.
        fresh.search_lag = self.search_lag.cleared();
        fresh.provisioning = self.provisioning.cleared();
        fresh.apply_scenario(scenario)?;
        *self = fresh;
        Ok(())
    }

    fn apply_scenario(&mut self, s: &Scenario) -> Result<(), ScenarioError> {
        let mut group_ids: HashMap<&str, Id> = HashMap::new();
        for (i, g) in s.groups.iter().enumerate() {
            if let Some(id) = &g.id {
                self.check_free_id(id, &format!("groups[{i}].id"))?;
            }
            let desc = g.description.clone();
            let group = self
                .insert_group(g.id.as_deref(), &g.name, desc, &g.profile)
                .map_err(|e| {
                    ScenarioError::new(
                        format!("groups[{i}].name"),
                        format!("{} (\"{}\")", e.summary, g.name),
                    )
                })?;
            group_ids.insert(&g.name, Arc::from(group.id.as_str()));
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
            let Some(id) = self.find_user_id(login) else {
                return Err(ScenarioError::new(
                    "me",
                    format!("no user with login \"{login}\""),
                ));
            };
            self.me = Some(id);
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
                let input = super::AppGroupInput {
                    priority: i64::try_from(p).ok(),
                    profile: Map::new(),
                };
                self.assign_app_group(&app, &group, input)
                    .map_err(at(path))?;
            }
            self.fill_group_granted_ad_profiles(&app, &a.label);
        }
        Ok(())
    }

    fn check_free_id(&self, id: &str, path: &str) -> Result<(), ScenarioError> {
        let taken = self.users.contains_key(id)
            || self.groups.contains_key(id)
            || self.apps.contains_key(id);
        if id.is_empty() || taken {
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
        let app = super::input::AppInput::parse(body)
            .and_then(|input| self.build_app(a.id.as_deref(), input, status))
            .map_err(at(format!("apps[{i}]")))?;
        let variable = match &a.variable_name {
            Some(v) if self.apps.values().any(|x| &x.variable_name == v) => {
                return Err(ScenarioError::new(
                    format!("apps[{i}].variableName"),
                    format!("variable name \"{v}\" is already used"),
                ));
            }
            Some(v) => v.clone(),
            None => self.next_variable_name(&a.name),
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
        let id: Id = Arc::from(app.id.as_str());
        self.insert_app(app, variable, mappings);
        self.set_provisioning_failure(&id, a.provisioning_failure);
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
                self.mark_imported(group, source);
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
        let id: Id = match &u.id {
            Some(id) => Arc::from(id.as_str()),
            None => Arc::from(self.ids.next("00u", |id| self.users.contains_key(id))),
        };
        let now = self.now();
        let never_activated = matches!(status, UserStatus::Staged);
        let given = u.timestamps.clone().unwrap_or_default();
        // Whole seconds, as every other timestamp (see `Store::now`).
        let ms = |t: Option<okta_client::models::Timestamp>| {
            t.map(|t| super::org::whole_second(t.unix_millis()))
        };
        let mut rec = UserRec {
            id: Arc::clone(&id),
            has_password: !matches!(status, UserStatus::Staged | UserStatus::Provisioned),
            locked: status == UserStatus::LockedOut,
            status,
            created: now,
            activated: (!never_activated).then_some(now),
            status_changed: (!never_activated).then_some(now),
            last_login: None,
            last_updated: now,
            password_changed: None,
            profile: Profile::from_map(&u.profile, &mut self.keys),
            recovery_question: None,
            federated: false,
        };
        rec.created = ms(given.created).unwrap_or(rec.created);
        rec.last_updated = ms(given.last_updated).unwrap_or(rec.last_updated);
        rec.activated = ms(given.activated).or(rec.activated);
        rec.status_changed = ms(given.status_changed).or(rec.status_changed);
        rec.last_login = ms(given.last_login);
        rec.password_changed = ms(given.password_changed);
        self.insert_user(rec);
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
            self.add_member_ids(g, &id);
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
            let is_ad = self
                .apps
                .get(&**app)
                .is_some_and(|r| r.app.is_active_directory());
            let mut profile = a.profile.clone();
            if is_ad {
                self.fill_ad_profile(&mut profile, &id, &a.app, a.external_id.as_deref());
            }
            let body = json!({"id": &*id, "scope": a.scope, "externalId": a.external_id, "profile": profile});
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
            let au = super::input::AppUserAssignInput::parse(body)
                .and_then(|input| self.new_app_user(app, &id, &input, status))
                .map_err(at(path))?;
            self.put_app_user(app, &id, au);
        }
        Ok(())
    }

    /// Fills the base AD attributes a scenario left out, from the Okta user and the domain.
    /// An AD app user a group gave gets the base AD profile an explicit assignment gets, so
    /// findDirectoryUser() and the mappings treat it like any other AD app user.
    fn fill_group_granted_ad_profiles(&mut self, app: &Id, domain: &str) {
        if !self
            .apps
            .get(&**app)
            .is_some_and(|a| a.app.is_active_directory())
        {
            return;
        }
        let granted: Vec<Id> = self
            .users_of_app(app)
            .filter(|u| {
                self.app_users
                    .get(&(app.clone(), u.clone()))
                    .is_some_and(|au| au.scope == Some(okta_client::models::AppUserScope::Group))
            })
            .collect();
        for user in granted {
            let Some(mut au) = self.app_users.get(&(app.clone(), user.clone())).cloned() else {
                continue;
            };
            let external_id = au.external_id.clone();
            self.fill_ad_profile(&mut au.profile, &user, domain, external_id.as_deref());
            self.put_app_user(app, &user, au);
            self.refresh_user_mappings(&user);
        }
    }

    fn fill_ad_profile(
        &self,
        profile: &mut Map<String, Value>,
        user: &Id,
        domain: &str,
        external_id: Option<&str>,
    ) {
        let Some(rec) = self.users.get(&**user) else {
            return;
        };
        let get = |a: &str| rec.profile.get_str(a).unwrap_or_default().to_owned();
        let login = get("login");
        let sam = login.split('@').next().unwrap_or_default().to_owned();
        let dc = domain
            .split('.')
            .map(|p| format!("DC={p}"))
            .collect::<Vec<_>>()
            .join(",");
        let rid = 1000 + self.users.len();
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

impl ApplyOn {
    /// The wire name (`create`, `create_and_update`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApplyOn::Create => "create",
            ApplyOn::CreateAndUpdate => "create_and_update",
        }
    }
}
