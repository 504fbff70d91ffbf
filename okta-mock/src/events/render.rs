//! One committed [`Event`] into Okta `LogEvent` JSON: the catalog gives the type and wording,
//! the store (read right after the commit, under the same lock) the names of the actor and the
//! targets, the request context the transaction and debug data.
//!
//! Shape: Okta's `LogEvent` schema (management spec 2026.06.3) and the recorded event in
//! okta-sdk-dotnet's `LogsClientShould.cs` (`tests/fixtures/okta-sdk-dotnet-log-event.json`):
//! every top-level key of that recording is present here. Values an API call in a real org
//! carries but a loopback mock cannot know (geography, ISP) are null, as Okta writes them when
//! unknown.

use serde_json::{Value, json};

use okta_client::models::Timestamp;

use super::catalog::EventType;
use super::context::RequestContext;
use crate::store::{Actor, Event, Store, Target, TargetKind, TargetNames};

/// The API token's own id in `transaction.detail.requestApiTokenId` (Okta logs the token's
/// id, never its value; the mock has one token).
pub const API_TOKEN_ID: &str = "00Tmock0api0token000";

/// The synthetic admin that acts for the API token when the scenario names no `me` user, and
/// for the admin API.
pub const ADMIN_ID: &str = "00u0okta0mock0admin0";

/// Everything one log event is made from.
pub struct Parts<'a> {
    /// The committed event.
    pub event: &'a Event,
    /// Which of its log events this is.
    pub event_type: &'a EventType,
    /// The org right after the commit.
    pub store: &'a Store,
    /// The request the change was made in, if any.
    pub request: Option<&'a RequestContext>,
    /// The new event's `uuid`.
    pub uuid: String,
}

/// The `LogEvent` JSON.
pub fn log_event(p: &Parts<'_>) -> Value {
    let published = format_millis(p.event.published);
    let actor = actor_json(&p.event.actor, p.store);
    let request_id = p
        .request
        .map(|r| r.request_id.clone())
        .unwrap_or_else(|| format!("mock-{}", p.event.seq));
    let detail = match p.event.actor {
        Actor::ApiToken => json!({ "requestApiTokenId": API_TOKEN_ID }),
        _ => json!({}),
    };
    let debug = match p.request {
        Some(r) => json!({
            "requestId": r.request_id,
            "requestUri": r.path,
            "url": format!("{}?{}", r.path, r.query.as_deref().unwrap_or("")),
        }),
        None => json!({ "requestId": request_id }),
    };
    let client_id = match &p.event.actor {
        Actor::Credential { id, .. } => Value::String(id.clone()),
        _ => Value::Null,
    };
    json!({
        "uuid": p.uuid,
        "published": published,
        "eventType": p.event_type.name,
        "version": "0",
        "severity": p.event_type.severity.as_str(),
        "legacyEventType": p.event_type.legacy,
        "displayMessage": p.event_type.display_message,
        "actor": actor,
        "client": client_json(p.request.and_then(|r| r.user_agent.as_deref()), client_id),
        "device": null,
        "authenticationContext": authentication_context(),
        "outcome": { "result": "SUCCESS", "reason": null },
        "securityContext": security_context(),
        "debugContext": { "debugData": debug },
        "transaction": { "type": "WEB", "id": request_id, "detail": detail },
        "request": request_json(),
        "target": targets_json(p.event_type.name, &p.event.targets, p.store),
    })
}

/// Unix milliseconds as Okta writes timestamps (`2024-01-09T15:36:04.123Z`).
pub fn format_millis(ms: i64) -> String {
    Timestamp::from_unix_millis(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// `{id, type, alternateId, displayName, detailEntry}`.
pub fn party(id: &str, kind: &str, names: &TargetNames) -> Value {
    json!({
        "id": id,
        "type": kind,
        "alternateId": names.alternate_id,
        "displayName": names.display_name,
        "detailEntry": null,
    })
}

/// The synthetic admin's names.
pub fn admin_names() -> TargetNames {
    TargetNames {
        alternate_id: "admin@okta-mock.invalid".to_owned(),
        display_name: "Okta Mock Admin".to_owned(),
    }
}

fn actor_json(actor: &Actor, store: &Store) -> Value {
    match actor {
        Actor::Credential { id, .. } => {
            // A service app acts as itself: type `PublicClientApp`, its client id as id and
            // alternate id, as in the System Log fixture of Airbyte's Okta source connector
            // tests (`logs_instance`, an event made by an OAuth service app).
            let names = TargetNames {
                alternate_id: id.clone(),
                display_name: id.clone(),
            };
            party(id, "PublicClientApp", &names)
        }
        _ => {
            // The API token acts as the user it belongs to: the scenario's `me`.
            match store.users().get("me") {
                Ok(me) => {
                    let names = user_names(store, me.id.as_str()).unwrap_or_else(admin_names);
                    party(me.id.as_str(), "User", &names)
                }
                Err(_) => party(ADMIN_ID, "User", &admin_names()),
            }
        }
    }
}

fn client_json(user_agent: Option<&str>, id: Value) -> Value {
    json!({
        "userAgent": {
            "rawUserAgent": user_agent.unwrap_or("UNKNOWN"),
            "os": "Unknown",
            "browser": "UNKNOWN",
        },
        "zone": "null",
        "device": "Unknown",
        "id": id,
        "ipAddress": "127.0.0.1",
        "geographicalContext": null,
    })
}

fn authentication_context() -> Value {
    json!({
        "authenticationProvider": null,
        "credentialProvider": null,
        "credentialType": null,
        "issuer": null,
        "interface": null,
        "authenticationStep": 0,
        "externalSessionId": "unknown",
    })
}

fn security_context() -> Value {
    json!({ "asNumber": null, "asOrg": null, "isp": null, "domain": null, "isProxy": null })
}

fn request_json() -> Value {
    json!({ "ipChain": [
        { "ip": "127.0.0.1", "geographicalContext": null, "version": "V4", "source": null }
    ] })
}

/// The log event's targets. The store's event lists the primary object first (the group of
/// a membership, the app of an assignment); Okta's order is inferred from the Workflows cards'
/// outputs: the user first for memberships, `AppUser`, `AppInstance`, `User` for app
/// assignments.
fn targets_json(event_type: &str, targets: &[Target], store: &Store) -> Vec<Value> {
    let find = |kind: TargetKind| targets.iter().find(|t| t.kind == kind);
    let user = find(TargetKind::User).map(|t| target_json(t, store));
    let group = find(TargetKind::Group).map(|t| target_json(t, store));
    let app = find(TargetKind::App).map(|t| target_json(t, store));
    let out: Vec<Option<Value>> = if event_type.starts_with("application.user_membership") {
        let app_user = match (find(TargetKind::App), find(TargetKind::User)) {
            (Some(a), Some(u)) => Some(app_user_json(&a.id, u, store)),
            _ => None,
        };
        vec![app_user, app, user]
    } else if event_type.starts_with("group.application_assignment") {
        vec![app, group]
    } else {
        vec![user, group, app]
    };
    out.into_iter().flatten().collect()
}

fn target_json(target: &Target, store: &Store) -> Value {
    let (kind, names) = match target.kind {
        TargetKind::User => ("User", user_names(store, &target.id)),
        TargetKind::Group => ("UserGroup", group_names(store, &target.id)),
        TargetKind::App => ("AppInstance", app_names(store, &target.id)),
    };
    let names = target
        .names
        .clone()
        .or(names)
        .unwrap_or_else(|| TargetNames {
            alternate_id: "unknown".to_owned(),
            display_name: "unknown".to_owned(),
        });
    party(&target.id, kind, &names)
}

/// An app user: its user name in the app, and the user's display name. Once unassigned its
/// user name is gone; the user's login stands in (the default app user name).
fn app_user_json(app: &str, user: &Target, store: &Store) -> Value {
    let user_names = user
        .names
        .clone()
        .or_else(|| user_names(store, &user.id))
        .unwrap_or_else(|| TargetNames {
            alternate_id: "unknown".to_owned(),
            display_name: "unknown".to_owned(),
        });
    let user_name = store
        .app_users()
        .get(app, &user.id, false)
        .ok()
        .and_then(|au| au.credentials.and_then(|c| c.user_name))
        .unwrap_or_else(|| user_names.alternate_id.clone());
    let names = TargetNames {
        alternate_id: user_name,
        display_name: user_names.display_name,
    };
    party(&user.id, "AppUser", &names)
}

/// A user's login and "first last" name.
pub fn user_names(store: &Store, id: &str) -> Option<TargetNames> {
    let user = store.users().get(id).ok()?;
    let display = [
        user.profile.first_name.as_deref(),
        user.profile.last_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    Some(TargetNames {
        alternate_id: user.profile.login.clone().unwrap_or_else(|| id.to_owned()),
        display_name: display,
    })
}

fn group_names(store: &Store, id: &str) -> Option<TargetNames> {
    let group = store.groups().get(id).ok()?;
    Some(TargetNames {
        alternate_id: group.profile.name.clone(),
        display_name: group.profile.name,
    })
}

fn app_names(store: &Store, id: &str) -> Option<TargetNames> {
    let app = store.apps().get(id).ok()?;
    Some(TargetNames {
        alternate_id: app.label.clone(),
        display_name: app.label,
    })
}
