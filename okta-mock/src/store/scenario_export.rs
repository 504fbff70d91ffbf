//! Writing the org back out as a scenario that loads to the same org (ids, statuses, profiles,
//! memberships, assignments, mappings and app settings; timestamps are not part of the format).

use std::collections::BTreeMap;

use okta_client::models::{GroupType, UserStatus};

use crate::scenario::{
    Scenario, ScenarioApp, ScenarioAssignment, ScenarioGroup, ScenarioMapping, ScenarioUser,
};

use super::Org;
use super::apps::build::scenario_settings;

impl Org {
    /// The org as a scenario.
    pub fn export_scenario(&self) -> Scenario {
        let groups = self
            .groups
            .values()
            .filter(|g| g.group_type != GroupType::BuiltIn)
            .map(|g| ScenarioGroup {
                id: Some(g.id.to_string()),
                name: g.name.to_string(),
                description: g.description.as_deref().map(str::to_owned),
                group_type: (g.group_type == GroupType::AppGroup)
                    .then(|| g.group_type.as_str().to_owned()),
                source: g
                    .source
                    .as_deref()
                    .and_then(|a| self.apps.get(a))
                    .map(|a| a.app.label.clone()),
                profile: g.extra.to_map(),
            })
            .collect();
        let apps = self
            .apps
            .values()
            .map(|a| ScenarioApp {
                id: Some(a.app.id.to_string()),
                name: a.app.name.clone(),
                label: a.app.label.clone(),
                variable_name: Some(a.variable_name.clone()),
                status: Some(a.app.status.as_str().to_owned()),
                sign_on_mode: a.app.sign_on_mode.as_ref().map(|m| m.as_str().to_owned()),
                mappings: Some(
                    a.mappings
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
                    .app
                    .settings
                    .clone()
                    .filter(|s| *s != scenario_settings(a.app.sign_on_mode.as_ref())),
                groups: self
                    .list_app_groups(a.app.id.as_str())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|g| self.groups.get(g.id.as_str()))
                    .map(|g| g.name.to_string())
                    .collect(),
                features: a.app.features.clone().unwrap_or_default(),
                provisioning_failure: self.provisioning_failure(a.app.id.as_str()),
            })
            .collect();
        let users = self
            .users
            .values()
            .map(|u| ScenarioUser {
                id: Some(u.id.to_string()),
                status: Some(u.status.as_str().to_owned())
                    .filter(|_| u.status != UserStatus::Active),
                profile: u.profile.to_map(),
                groups: self
                    .groups_of(&u.id)
                    .filter_map(|g| self.groups.get(&*g))
                    .map(|g| g.name.to_string())
                    .collect(),
                apps: self
                    .apps_of(&u.id)
                    .filter_map(|a| {
                        Some((
                            self.apps.get(&*a)?,
                            self.app_users.get(&(a.clone(), u.id.clone()))?,
                        ))
                    })
                    .map(|(app, au)| ScenarioAssignment {
                        app: app.app.label.clone(),
                        external_id: au.external_id.clone(),
                        status: au.status.as_ref().map(|s| s.as_str().to_owned()),
                        scope: au.scope.as_ref().map(|s| s.as_str().to_owned()),
                        profile: au.profile.clone(),
                    })
                    .collect(),
                // Left out so that exports stay comparable across loads; captures write them.
                timestamps: None,
            })
            .collect();
        Scenario {
            description: None,
            groups,
            apps,
            users,
            me: self
                .me
                .as_ref()
                .and_then(|id| self.users.get(&**id))
                .and_then(|u| u.profile.get_str("login"))
                .map(str::to_owned),
            // Service apps live in the authorization server, not in the store.
            service_apps: Vec::new(),
            // The System Log is not part of the org's state.
            system_log: Vec::new(),
            settings: None,
        }
    }
}
