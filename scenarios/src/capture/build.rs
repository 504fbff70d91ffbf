//! Turning what was read into a scenario in okta-mock's format (see `okta-mock/scenarios/README.md`).

use std::collections::HashSet;

use okta_client::models::{AppUser, Application, UserStatus};
use okta_mock::scenario::{
    Scenario, ScenarioApp, ScenarioAssignment, ScenarioGroup, ScenarioTimestamps, ScenarioUser,
};
use serde_json::{Map, Value};

use super::Skipped;
use super::read::Org;
use super::secrets::scrub_settings;

/// The scenario and what had to be left out of it.
pub(super) fn scenario(org: Org) -> (Scenario, Vec<Skipped>) {
    let Org {
        apps,
        groups,
        group_apps,
        users,
        mut app_users,
        mut skipped,
        requests: _,
    } = org;
    let mut labels: HashSet<String> = HashSet::new();
    let mut scenario_apps = Vec::with_capacity(apps.len());
    for app in &apps {
        let label = unique_label(app, &mut labels, &mut skipped);
        let mut captured = scenario_app(app, label, &mut skipped);
        // The captured groups assigned to this app, in the order they were named.
        captured.groups = groups
            .iter()
            .zip(&group_apps)
            .filter(|(_, assigned)| assigned.contains(&app.id))
            .map(|((g, _), _)| g.profile.name.clone())
            .collect();
        scenario_apps.push(captured);
    }
    let scenario_users = users
        .iter()
        .map(|user| {
            let profile = match serde_json::to_value(&user.profile) {
                Ok(Value::Object(map)) => map,
                _ => Map::new(),
            };
            let groups = groups
                .iter()
                .filter(|(_, members)| members.contains(&user.id))
                .map(|(g, _)| g.profile.name.clone())
                .collect();
            let mut assignments: Vec<ScenarioAssignment> = apps
                .iter()
                .zip(&scenario_apps)
                .filter_map(|(app, captured)| {
                    let au = app_users.get_mut(&app.id)?.remove(&user.id)?;
                    Some(assignment(&captured.label, au))
                })
                .collect();
            let deprovisioned = user.status == UserStatus::Deprovisioned;
            if deprovisioned && !assignments.is_empty() {
                skipped.push(Skipped {
                    what: format!("{} app assignment(s) of the user {}", assignments.len(), user.id),
                    why: "the user is DEPROVISIONED, and okta-mock (like Okta) gives such a user none"
                        .to_owned(),
                });
                assignments.clear();
            }
            ScenarioUser {
                id: Some(user.id.to_string()),
                status: (user.status != UserStatus::Active).then(|| user.status.as_str().to_owned()),
                profile,
                groups,
                apps: assignments,
                timestamps: Some(ScenarioTimestamps {
                    created: user.created,
                    activated: user.activated,
                    status_changed: user.status_changed,
                    last_login: user.last_login,
                    last_updated: user.last_updated,
                    password_changed: user.password_changed,
                }),
                ..ScenarioUser::default()
            }
        })
        .collect();
    let scenario_groups = groups
        .iter()
        .map(|(g, _)| ScenarioGroup {
            id: Some(g.id.to_string()),
            name: g.profile.name.clone(),
            description: g.profile.description.clone(),
            ..ScenarioGroup::default()
        })
        .collect();
    skipped.push(Skipped {
        what: "profile mappings and the apps' variable names".to_owned(),
        why: "not readable through the Apps API; okta-mock gives office365 Okta's default \
              mapping and names AD instances in listing order (active_directory first)"
            .to_owned(),
    });
    skipped.push(Skipped {
        what: "app-group assignments of groups not named with --group, and their priority and \
               profile"
            .to_owned(),
        why: "only the named groups' assignments are read (one listing per group); each app \
              user's scope (USER or GROUP) is kept"
            .to_owned(),
    });
    skipped.push(Skipped {
        what: "credentials, app users' timestamps and memberships in groups not named with --group"
            .to_owned(),
        why: "the scenario format has no credentials and keeps only users' timestamps; groups are \
             read only when named"
            .to_owned(),
    });
    let scenario = Scenario {
        description: Some(format!(
            "Captured by okta-flows capture: {} user(s), {} group(s), {} app(s).",
            users.len(),
            groups.len(),
            apps.len()
        )),
        groups: scenario_groups,
        apps: scenario_apps,
        users: scenario_users,
        me: None,
        service_apps: Vec::new(),
        system_log: Vec::new(),
        settings: None,
    };
    (scenario, skipped)
}

/// The app's label, made unique (okta-mock refers to apps by label; Okta allows repeats).
fn unique_label(
    app: &Application,
    taken: &mut HashSet<String>,
    skipped: &mut Vec<Skipped>,
) -> String {
    let mut label = app.label.clone();
    let mut n = 2;
    while !taken.insert(label.clone()) {
        label = format!("{} ({n})", app.label);
        n += 1;
    }
    if label != app.label {
        skipped.push(Skipped {
            what: format!("the label of the app {}", app.id),
            why: format!("{:?} is used twice; written as {label:?}", app.label),
        });
    }
    label
}

fn scenario_app(app: &Application, label: String, skipped: &mut Vec<Skipped>) -> ScenarioApp {
    let mut settings = app.settings.clone().filter(Value::is_object);
    if let Some(settings) = &mut settings {
        for path in scrub_settings(settings) {
            skipped.push(Skipped {
                what: format!("the setting {path} of {}", app.label),
                why: "secret settings are never written".to_owned(),
            });
        }
    }
    ScenarioApp {
        id: Some(app.id.to_string()),
        name: app.name.clone(),
        label,
        variable_name: None,
        status: Some(app.status.as_str().to_owned()),
        sign_on_mode: app.sign_on_mode.as_ref().map(|m| m.as_str().to_owned()),
        mappings: None,
        settings,
        groups: Vec::new(),
        features: Vec::new(),
        provisioning_failure: None,
        ..ScenarioApp::default()
    }
}

fn assignment(label: &str, au: AppUser) -> ScenarioAssignment {
    ScenarioAssignment {
        app: label.to_owned(),
        external_id: au.external_id,
        status: au.status.map(|s| s.as_str().to_owned()),
        scope: au.scope.map(|s| s.as_str().to_owned()),
        profile: au.profile,
        ..ScenarioAssignment::default()
    }
}
