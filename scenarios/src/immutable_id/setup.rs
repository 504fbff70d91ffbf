//! What a run works on: the office365 app, the AD instances in preference order, the group.

use okta_client::Client;
use okta_client::directory::AdInstance;
use okta_client::models::{AppId, Application, GroupId, OFFICE365_APP_NAME};
use serde::Serialize;

use super::FlowError;
use super::audit::{AuditEntry, read_pages};

/// How a run is configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowConfig {
    /// Which users: given logins (per-user mode) or everyone (batch mode).
    pub selection: Selection,
    /// AD instances by label or id, in an order of preference a person chose; only these
    /// instances are consulted, and the first usable one wins over later ones that hold other
    /// values (unless [`strict`](Self::strict)). Empty: every AD instance is consulted, in the
    /// order the API lists them, which nobody chose, so instances holding different valid
    /// values are a `conflict` and nothing is written for that user.
    pub prefer: Vec<String>,
    /// Where [`prefer`](Self::prefer) came from, for the messages that say which order
    /// decided (the CLI sets `--prefer` or `prefer in FILE`); `None`: `FlowConfig::prefer`.
    pub prefer_origin: Option<String>,
    /// The Office 365 group by name: only its members are processed.
    pub group: Option<String>,
    /// The office365 app by label or id; `None`: the only office365 app of the org.
    pub app: Option<String>,
    /// Directories holding different valid values are a conflict even with a chosen order
    /// ([`prefer`](Self::prefer)); without one they are a conflict anyway.
    pub strict: bool,
    /// Write (otherwise a dry run).
    pub apply: bool,
    /// How many writes (batch) or users (per-user mode) are in flight at once.
    pub concurrency: usize,
    /// Write the Immutable ID to this custom Okta user attribute, which the org's Office 365
    /// mapping carries into `immutableId`, instead of writing the app user (see
    /// [`ViaAttribute`](super::ViaAttribute)).
    pub via_attribute: Option<String>,
}

impl Default for FlowConfig {
    fn default() -> Self {
        Self {
            selection: Selection::All,
            prefer: Vec::new(),
            prefer_origin: None,
            group: None,
            app: None,
            strict: false,
            apply: false,
            concurrency: 8,
            via_attribute: None,
        }
    }
}

/// Which users a run processes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// These logins, one at a time (about five reads per user).
    Users(Vec<String>),
    /// Every member of the group, or every office365 app user when no group is given, read in
    /// bulk.
    All,
}

/// The office365 app the flow writes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetApp {
    /// Its id.
    pub id: AppId,
    /// Its label.
    pub label: String,
}

/// The group whose members are processed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroup {
    /// Its id.
    pub id: GroupId,
    /// Its name.
    pub name: String,
}

/// The apps and group a run works on, resolved from the [`FlowConfig`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Setup {
    /// The office365 app.
    pub office365: TargetApp,
    /// The AD instances, in preference order.
    pub instances: Vec<AdInstance>,
    /// The group, when one was given.
    pub group: Option<TargetGroup>,
    /// The write path through a user attribute, when one was asked for.
    #[serde(skip)]
    pub via_attribute: Option<super::ViaAttribute>,
}

/// Lists the apps (and finds the group) to build the [`Setup`].
///
/// # Errors
/// [`FlowError::Read`] when a listing fails; [`FlowError::Config`] when the office365 app,
/// a preferred AD instance or the group cannot be found, or the office365 app is ambiguous.
pub async fn resolve_setup(
    client: &Client,
    config: &FlowConfig,
    audit: &mut Vec<AuditEntry>,
) -> Result<Setup, FlowError> {
    let verify_each = matches!(config.selection, Selection::Users(_));
    let via_attribute = config
        .via_attribute
        .as_deref()
        .map(|a| super::ViaAttribute::new(a, verify_each))
        .transpose()
        .map_err(FlowError::Config)?;
    let pages = client.apps().list().limit(200).pages();
    let apps = read_pages(pages, audit)
        .await
        .map_err(|source| FlowError::read("listing the apps", source))?;
    let office365 = pick_office365(&apps, config.app.as_deref())?;
    let instances = pick_instances(&apps, &config.prefer)?;
    let group = match &config.group {
        Some(name) => Some(find_group(client, name, audit).await?),
        None => None,
    };
    Ok(Setup {
        office365,
        instances,
        group,
        via_attribute,
    })
}

fn matches(app: &Application, label_or_id: &str) -> bool {
    app.id.as_str() == label_or_id || app.label.eq_ignore_ascii_case(label_or_id)
}

fn pick_office365(apps: &[Application], wanted: Option<&str>) -> Result<TargetApp, FlowError> {
    let target = |app: &Application| TargetApp {
        id: app.id.clone(),
        label: app.label.clone(),
    };
    if let Some(wanted) = wanted {
        let app = apps
            .iter()
            .find(|a| matches(a, wanted))
            .ok_or_else(|| FlowError::Config(format!("no app has the label or id {wanted:?}")))?;
        if app.name != OFFICE365_APP_NAME {
            return Err(FlowError::Config(format!(
                "the app {wanted:?} is a {:?} app, not office365",
                app.name
            )));
        }
        return Ok(target(app));
    }
    let candidates: Vec<&Application> = apps
        .iter()
        .filter(|a| a.name == OFFICE365_APP_NAME)
        .collect();
    match candidates.as_slice() {
        [only] => Ok(target(only)),
        [] => Err(FlowError::Config("the org has no office365 app".to_owned())),
        several => {
            let listed: Vec<String> = several
                .iter()
                .map(|a| format!("{:?} ({})", a.label, a.id))
                .collect();
            Err(FlowError::Config(format!(
                "the org has {} office365 apps; choose one with --app: {}",
                several.len(),
                listed.join(", ")
            )))
        }
    }
}

fn pick_instances(apps: &[Application], prefer: &[String]) -> Result<Vec<AdInstance>, FlowError> {
    let ads: Vec<&Application> = apps.iter().filter(|a| a.is_active_directory()).collect();
    let instance = |app: &Application| AdInstance::new(app.id.clone(), app.label.clone());
    if prefer.is_empty() {
        return Ok(ads.into_iter().map(instance).collect());
    }
    let mut chosen: Vec<AdInstance> = Vec::with_capacity(prefer.len());
    for wanted in prefer {
        let app = ads.iter().find(|a| matches(a, wanted)).ok_or_else(|| {
            let known: Vec<&str> = ads.iter().map(|a| a.label.as_str()).collect();
            FlowError::Config(format!(
                "no Active Directory app has the label or id {wanted:?} (known: {})",
                known.join(", ")
            ))
        })?;
        if chosen.iter().any(|c| c.app_id == app.id) {
            return Err(FlowError::Config(format!(
                "the AD instance {wanted:?} is preferred twice"
            )));
        }
        chosen.push(instance(app));
    }
    Ok(chosen)
}

async fn find_group(
    client: &Client,
    name: &str,
    audit: &mut Vec<AuditEntry>,
) -> Result<TargetGroup, FlowError> {
    // `q` is a starts-with match: the exact name is picked from what it returns.
    let pages = client.groups().list().q(name).pages();
    let groups = read_pages(pages, audit)
        .await
        .map_err(|source| FlowError::read("looking up the group", source))?;
    let exact = groups.iter().find(|g| g.profile.name == name);
    let found = exact.or_else(|| {
        groups
            .iter()
            .find(|g| g.profile.name.eq_ignore_ascii_case(name))
    });
    found
        .map(|g| TargetGroup {
            id: g.id.clone(),
            name: g.profile.name.clone(),
        })
        .ok_or_else(|| FlowError::Config(format!("no group is named {name:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn app(id: &str, name: &str, label: &str) -> Application {
        serde_json::from_value(json!({"id": id, "name": name, "label": label, "status": "ACTIVE"}))
            .unwrap()
    }

    fn org() -> Vec<Application> {
        vec![
            app("0oa1", "active_directory", "corp.example.com"),
            app("0oa2", "office365", "Microsoft Office 365"),
            app("0oa3", "active_directory", "emea.example.com"),
        ]
    }

    #[test]
    fn without_a_preference_every_ad_instance_is_consulted_in_api_order() {
        let labels: Vec<String> = pick_instances(&org(), &[])
            .unwrap()
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert_eq!(labels, ["corp.example.com", "emea.example.com"]);
    }

    #[test]
    fn a_preference_by_label_or_id_sets_the_order_and_unknown_names_are_refused() {
        let prefer = ["EMEA.example.com".to_owned(), "0oa1".to_owned()];
        let ids: Vec<String> = pick_instances(&org(), &prefer)
            .unwrap()
            .into_iter()
            .map(|i| i.app_id.into_inner())
            .collect();
        assert_eq!(ids, ["0oa3", "0oa1"]);
        let err = pick_instances(&org(), &["nope".to_owned()]).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
        let twice = ["0oa1".to_owned(), "corp.example.com".to_owned()];
        assert!(pick_instances(&org(), &twice).is_err());
    }

    #[test]
    fn the_only_office365_app_is_the_default_and_several_need_a_choice() {
        assert_eq!(pick_office365(&org(), None).unwrap().id, "0oa2");
        let mut two = org();
        two.push(app("0oa4", "office365", "O365 test tenant"));
        let err = pick_office365(&two, None).unwrap_err().to_string();
        assert!(
            err.contains("--app") && err.contains("O365 test tenant"),
            "{err}"
        );
        assert_eq!(
            pick_office365(&two, Some("o365 TEST tenant")).unwrap().id,
            "0oa4"
        );
        assert!(pick_office365(&two, Some("corp.example.com")).is_err());
        assert!(pick_office365(&[], None).is_err());
    }
}
