//! Writing the org back out as a scenario that loads to the same org (ids, statuses, profiles,
//! memberships, assignments, mappings and app settings; timestamps are not part of the format).
//! Built on the store's reads only.

use std::collections::{BTreeMap, HashMap};

use okta_client::models::{FactorStatus, GroupType, UserStatus};

use super::{
    Scenario, ScenarioApp, ScenarioAssignment, ScenarioFactor, ScenarioGroup, ScenarioMapping,
    ScenarioUser,
};
use crate::store::{Store, scenario_settings};

impl Scenario {
    /// The org `store` holds, as a scenario.
    pub fn export(store: &Store) -> Scenario {
        let all_groups: Vec<_> = store.groups().all().collect();
        let group_names: HashMap<&str, &str> = all_groups
            .iter()
            .map(|g| (g.id.as_str(), g.profile.name.as_str()))
            .collect();
        let apps = store.apps();
        let app_labels: HashMap<&str, &str> = apps
            .all()
            .map(|a| (a.id.as_str(), a.label.as_str()))
            .collect();
        let groups = all_groups
            .iter()
            .filter(|g| g.group_type != GroupType::BuiltIn)
            .map(|g| ScenarioGroup {
                id: Some(g.id.to_string()),
                name: g.profile.name.clone(),
                description: g.profile.description.clone(),
                group_type: (g.group_type == GroupType::AppGroup)
                    .then(|| g.group_type.as_str().to_owned()),
                source: store
                    .groups()
                    .source(g.id.as_str())
                    .and_then(|app| app_labels.get(app))
                    .map(|label| (*label).to_owned()),
                profile: g.profile.extra.clone(),
            })
            .collect();
        let scenario_apps = apps
            .all()
            .map(|a| ScenarioApp {
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
                groups: store
                    .app_groups()
                    .list(a.id.as_str())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|g| group_names.get(g.id.as_str()))
                    .map(|name| (*name).to_owned())
                    .collect(),
                features: a.features.clone().unwrap_or_default(),
                provisioning_failure: apps.provisioning_failure(a.id.as_str()),
            })
            .collect();
        let users = store
            .users()
            .all()
            .map(|u| ScenarioUser {
                id: Some(u.id.to_string()),
                status: Some(u.status.as_str().to_owned())
                    .filter(|_| u.status != UserStatus::Active),
                profile: store.users().profile(u.id.as_str()).unwrap_or_default(),
                groups: store
                    .users()
                    .groups(u.id.as_str())
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|g| g.group_type != GroupType::BuiltIn)
                    .map(|g| g.profile.name)
                    .collect(),
                apps: store
                    .app_users()
                    .of_user(u.id.as_str())
                    .into_iter()
                    .filter_map(|(app, au)| Some((*app_labels.get(app.as_str())?, au)))
                    .map(|(label, au)| ScenarioAssignment {
                        app: label.to_owned(),
                        external_id: au.external_id.clone(),
                        status: au.status.as_ref().map(|s| s.as_str().to_owned()),
                        scope: au.scope.as_ref().map(|s| s.as_str().to_owned()),
                        profile: au.profile.clone(),
                    })
                    .collect(),
                // Left out so that exports stay comparable across loads; captures write them.
                timestamps: None,
                factors: store
                    .factors()
                    .list(u.id.as_str())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|f| ScenarioFactor {
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
                        // As the user's: left out, so exports stay comparable across loads.
                        created: None,
                        last_updated: None,
                        profile: f.profile,
                    })
                    .collect(),
            })
            .collect();
        Scenario {
            description: None,
            groups,
            apps: scenario_apps,
            users,
            me: store.users().get("me").ok().map(|u| u.login().to_owned()),
            // Service apps live in the authorization server, not in the store.
            service_apps: Vec::new(),
            // The System Log is not part of the org's state.
            system_log: Vec::new(),
            // The org's behaviour in time belongs to the mock that serves it.
            settings: None,
        }
    }
}
