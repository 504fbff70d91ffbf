//! Writing the org back out as a scenario that loads to the same org: ids, statuses,
//! profiles, memberships, assignments, mappings, app settings and every timestamp the API
//! shows, with users' credentials state. Built on the store's reads only.
//!
//! A user is exported in two steps: [`Exporter::parts`] copies what the store holds of it
//! (its record, group ids and app users), [`Names::user`] turns that into the scenario's form.
//! A data directory's snapshot takes the first step for every user under the store's lock and
//! the second (with the serialization) after releasing it.

use std::collections::{BTreeMap, HashMap};

use okta_client::models::{AppUser, FactorStatus, GroupType, Timestamp, UserFactor, UserStatus};

use super::{
    Scenario, ScenarioApp, ScenarioAppGroup, ScenarioAppTimestamps, ScenarioAppUserTimestamps,
    ScenarioAssignment, ScenarioCredentials, ScenarioFactor, ScenarioGroup,
    ScenarioGroupTimestamps, ScenarioMapping, ScenarioTimestamps, ScenarioUser,
};
use crate::store::{Store, UserRec, scenario_settings};

impl Scenario {
    /// The org `store` holds, as a scenario.
    pub fn export(store: &Store) -> Scenario {
        let exporter = Exporter::new(store);
        let mut scenario = exporter.without_users();
        scenario.users = store.users().records().map(|u| exporter.user(u)).collect();
        scenario
    }
}

/// Exports an org: everything but its users at once, the users one by one.
pub(crate) struct Exporter<'a> {
    store: &'a Store,
    names: Names,
}

/// The groups' names and the apps' labels by id: what turning a user's parts into its
/// scenario form needs of the rest of the org.
#[derive(Clone)]
pub(crate) struct Names {
    group_names: HashMap<String, String>,
    app_labels: HashMap<String, String>,
}

/// What the store holds of one user, copied: its record, the ids of its groups, its app users.
pub(crate) struct UserParts {
    rec: UserRec,
    groups: Vec<std::sync::Arc<str>>,
    apps: Vec<(String, AppUser)>,
    factors: Vec<UserFactor>,
}

impl<'a> Exporter<'a> {
    /// An exporter of `store`'s org.
    pub(crate) fn new(store: &'a Store) -> Self {
        let group_names = store
            .groups()
            .all()
            .map(|g| (g.id.to_string(), g.profile.name))
            .collect();
        let app_labels = store
            .apps()
            .all()
            .map(|a| (a.id.to_string(), a.label.clone()))
            .collect();
        Self {
            store,
            names: Names {
                group_names,
                app_labels,
            },
        }
    }

    /// The names users' parts refer to.
    pub(crate) fn names(&self) -> &Names {
        &self.names
    }

    /// The scenario without its users (see [`Exporter::user`]).
    pub(crate) fn without_users(&self) -> Scenario {
        let store = self.store;
        let groups = store
            .groups()
            .all()
            .map(|g| ScenarioGroup {
                id: Some(g.id.to_string()),
                name: g.profile.name.clone(),
                description: g.profile.description.clone(),
                group_type: (g.group_type != GroupType::OktaGroup)
                    .then(|| g.group_type.as_str().to_owned()),
                source: store
                    .groups()
                    .source(g.id.as_str())
                    .and_then(|app| self.names.app_labels.get(app))
                    .cloned(),
                profile: g.profile.extra.clone(),
                timestamps: Some(ScenarioGroupTimestamps {
                    created: g.created,
                    last_updated: g.last_updated,
                    last_membership_updated: g.last_membership_updated,
                }),
            })
            .collect();
        let apps = store.apps();
        let scenario_apps = apps.all().map(|a| self.app(a)).collect();
        Scenario {
            description: None,
            groups,
            apps: scenario_apps,
            users: Vec::new(),
            me: store.users().get("me").ok().map(|u| u.login().to_owned()),
            // Service apps live in the authorization server, not in the store.
            service_apps: Vec::new(),
            // The System Log is not part of the org's state.
            system_log: Vec::new(),
            // The org's behaviour in time belongs to the mock that serves it.
            settings: None,
        }
    }

    fn app(&self, a: &okta_client::models::Application) -> ScenarioApp {
        let store = self.store;
        let apps = store.apps();
        let assigned = store.app_groups().list(a.id.as_str()).unwrap_or_default();
        let mut details = a.extra.clone();
        if let Some(credentials) = &a.credentials {
            details.insert("credentials".to_owned(), credentials.clone());
        }
        ScenarioApp {
            id: Some(a.id.to_string()),
            name: a.name.clone(),
            label: a.label.clone(),
            variable_name: apps.variable_name(a.id.as_str()).map(str::to_owned),
            status: Some(a.status.as_str().to_owned()),
            sign_on_mode: a.sign_on_mode.as_ref().map(|m| m.as_str().to_owned()),
            mappings: Some(
                apps.mappings(a.id.as_str())
                    .iter()
                    .map(|m| {
                        let mapping = ScenarioMapping {
                            expression: m.expression().to_owned(),
                            apply_on: m.apply_on,
                        };
                        (m.attribute.clone(), mapping)
                    })
                    .collect::<BTreeMap<_, _>>(),
            ),
            // Left out when a load would recreate them anyway, to keep exports short.
            settings: a
                .settings
                .clone()
                .filter(|s| *s != scenario_settings(a.sign_on_mode.as_ref())),
            groups: assigned
                .iter()
                .filter_map(|g| self.names.group_names.get(g.id.as_str()).cloned())
                .collect(),
            features: a.features.clone().unwrap_or_default(),
            provisioning_failure: apps.provisioning_failure(a.id.as_str()),
            timestamps: Some(ScenarioAppTimestamps {
                created: a.created,
                last_updated: a.last_updated,
            }),
            details,
            group_assignments: assigned
                .iter()
                .filter_map(|g| {
                    let name = self.names.group_names.get(g.id.as_str())?.clone();
                    let details = ScenarioAppGroup {
                        priority: g.priority,
                        profile: g.profile.clone(),
                        last_updated: g.last_updated,
                    };
                    Some((name, details))
                })
                .collect(),
        }
    }

    /// One user, with its memberships and assignments.
    pub(crate) fn user(&self, u: &UserRec) -> ScenarioUser {
        self.names.user(self.parts(u))
    }

    /// What the store holds of one user, copied (see the module's documentation).
    pub(crate) fn parts(&self, u: &UserRec) -> UserParts {
        let users = self.store.users();
        UserParts {
            rec: u.clone(),
            groups: users.group_ids(&u.id),
            apps: self.store.app_users().of_user(&u.id),
            factors: self.store.factors().list(&u.id).unwrap_or_default(),
        }
    }
}

impl Names {
    /// A user in the scenario's form, from its parts (what the API shows of it).
    pub(crate) fn user(&self, parts: UserParts) -> ScenarioUser {
        let UserParts {
            rec: u,
            groups,
            apps,
            factors,
        } = parts;
        let ts = |ms: i64| Timestamp::from_unix_millis(ms).ok();
        ScenarioUser {
            id: Some(u.id.to_string()),
            status: Some(u.status.as_str().to_owned()).filter(|_| u.status != UserStatus::Active),
            profile: u.profile.to_map(),
            groups: groups
                .iter()
                .filter_map(|g| self.group_names.get(&**g).cloned())
                .collect(),
            apps: apps
                .into_iter()
                .filter_map(|(app, au)| Some((self.app_labels.get(app.as_str())?, au)))
                .map(|(label, au)| assignment(label, au))
                .collect(),
            timestamps: Some(ScenarioTimestamps {
                created: ts(u.created),
                activated: u.activated.and_then(ts),
                status_changed: u.status_changed.and_then(ts),
                last_login: u.last_login.and_then(ts),
                last_updated: ts(u.last_updated),
                password_changed: u.password_changed.and_then(ts),
            }),
            credentials: Some(ScenarioCredentials {
                password: Some(u.has_password),
                recovery_question: u.recovery_question.as_deref().map(str::to_owned),
                provider: u.federated.then(|| "FEDERATION".to_owned()),
            }),
            factors: factors.into_iter().map(factor).collect(),
        }
    }
}

fn factor(f: UserFactor) -> ScenarioFactor {
    ScenarioFactor {
        id: Some(f.id.to_string()),
        factor_type: f.factor_type.as_str().to_owned(),
        provider: f
            .provider
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        vendor_name: f.vendor_name,
        status: f
            .status
            .filter(|s| *s != FactorStatus::Active)
            .map(|s| s.as_str().to_owned()),
        created: f.created,
        last_updated: f.last_updated,
        profile: f.profile,
    }
}

fn assignment(label: &str, au: AppUser) -> ScenarioAssignment {
    ScenarioAssignment {
        app: label.to_owned(),
        external_id: au.external_id,
        status: au.status.as_ref().map(|s| s.as_str().to_owned()),
        scope: au.scope.as_ref().map(|s| s.as_str().to_owned()),
        profile: au.profile,
        user_name: au.credentials.and_then(|c| c.user_name),
        sync_state: au.sync_state.as_ref().map(|s| s.as_str().to_owned()),
        timestamps: Some(ScenarioAppUserTimestamps {
            created: au.created,
            last_updated: au.last_updated,
            status_changed: au.status_changed,
            last_sync: au.last_sync,
            password_changed: au.password_changed,
        }),
    }
}
