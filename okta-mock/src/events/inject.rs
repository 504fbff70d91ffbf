//! Log events that no management call makes, given by a scenario (`systemLog`, events from
//! before the mock started) or posted to the admin API (`POST /__mock/events`): a
//! suspicious-activity report, a lockout, any event type of Okta's catalog.
//!
//! An injected event is a `LogEvent` object with only `eventType` required. What it leaves
//! out is filled in as the mock's own events are: `uuid`, `version`, `severity`,
//! `displayMessage` and `legacyEventType` from the catalog, `outcome` SUCCESS, a WEB
//! transaction. Two shorthands: `"user": "<id or login>"` makes that user the target (and the
//! actor, when `actor` is absent: the events no API call makes are the user's own), and
//! `published` may be relative to now (`"-2h"`, `"-90m"`, `"-3d"`, `"-30s"`).

use serde_json::{Map, Value, json};

use super::SystemLog;
use super::catalog;
use super::render::{self, ADMIN_ID};
use crate::store::{Store, TargetNames};

/// Why an injected event was refused; the text names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InjectError(pub String);

/// Completes one injected event at `now` (Unix ms): its `published` time and its JSON.
///
/// # Errors
/// When it is not an object, has no `eventType`, names an unknown `user`, or has a
/// `published` that is neither a timestamp nor a relative time.
pub fn complete(
    log: &SystemLog,
    store: &Store,
    input: &Value,
    now: i64,
) -> Result<(i64, Value), InjectError> {
    let Some(given) = input.as_object() else {
        return Err(InjectError("an event must be a JSON object".to_owned()));
    };
    let event_type = given
        .get("eventType")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| InjectError("eventType: required".to_owned()))?;
    let published = match given.get("published") {
        None | Some(Value::Null) => now,
        Some(Value::String(s)) => parse_published(s, now)
            .ok_or_else(|| InjectError(format!("published: not a timestamp: {s}")))?,
        Some(_) => return Err(InjectError("published: must be a string".to_owned())),
    };
    let known = catalog::find(event_type);
    let user = match given.get("user") {
        None | Some(Value::Null) => None,
        Some(Value::String(u)) => {
            let found = store
                .users()
                .get(u)
                .map_err(|_| InjectError(format!("user: no user {u}")))?;
            let id = found.id.to_string();
            let names = render::user_names(store, &id).unwrap_or(TargetNames {
                alternate_id: id.clone(),
                display_name: id.clone(),
            });
            Some(render::party(&id, "User", &names))
        }
        Some(_) => return Err(InjectError("user: must be a string".to_owned())),
    };
    let request_id = format!("mock{}", log.new_uuid().replace('-', "")[..16].to_owned());
    let mut event = json!({
        "uuid": log.new_uuid(),
        "published": render::format_millis(published),
        "eventType": event_type,
        "version": "0",
        "severity": known.map_or("INFO", |k| k.severity.as_str()),
        "legacyEventType": known.and_then(|k| k.legacy),
        "displayMessage": known.map_or(event_type, |k| k.display_message),
        "actor": user.clone().unwrap_or_else(|| render::party(ADMIN_ID, "User", &render::admin_names())),
        "client": {
            "userAgent": {"rawUserAgent": "UNKNOWN", "os": "Unknown", "browser": "UNKNOWN"},
            "zone": "null", "device": "Unknown", "id": null, "ipAddress": "127.0.0.1",
            "geographicalContext": null,
        },
        "device": null,
        "authenticationContext": {
            "authenticationProvider": null, "credentialProvider": null, "credentialType": null,
            "issuer": null, "interface": null, "authenticationStep": 0,
            "externalSessionId": "unknown",
        },
        "outcome": {"result": "SUCCESS", "reason": null},
        "securityContext": {"asNumber": null, "asOrg": null, "isp": null, "domain": null, "isProxy": null},
        "debugContext": {"debugData": {"requestId": request_id}},
        "transaction": {"type": "WEB", "id": request_id, "detail": {}},
        "request": {"ipChain": [{"ip": "127.0.0.1", "geographicalContext": null, "version": "V4", "source": null}]},
        "target": user.map(|u| vec![u]).unwrap_or_default(),
    });
    if let Some(obj) = event.as_object_mut() {
        overlay(obj, given);
        // Normalised, whatever form the input gave it in.
        obj.insert(
            "published".to_owned(),
            Value::String(render::format_millis(published)),
        );
    }
    Ok((published, event))
}

/// The given fields win over the defaults, except the shorthands.
fn overlay(event: &mut Map<String, Value>, given: &Map<String, Value>) {
    for (k, v) in given {
        if k != "user" {
            event.insert(k.clone(), v.clone());
        }
    }
}

/// A timestamp, or a time relative to `now` (`-2h`, `-90m`, `-3d`, `-30s`, `-1500ms`).
pub fn parse_published(s: &str, now: i64) -> Option<i64> {
    if let Some(rel) = s.strip_prefix('-') {
        let split = rel.find(|c: char| !c.is_ascii_digit())?;
        let (n, unit) = rel.split_at(split);
        let n: i64 = n.parse().ok()?;
        let ms = match unit {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return None,
        };
        return Some(now - n.checked_mul(ms)?);
    }
    okta_client::models::Timestamp::parse(s)
        .ok()
        .map(|t| t.unix_millis())
}

/// Completes and stores `inputs` (all or none).
///
/// # Errors
/// The first refused event, its index in the message.
pub fn inject(
    log: &SystemLog,
    store: &Store,
    inputs: &[Value],
    now: i64,
) -> Result<Vec<std::sync::Arc<super::LogRecord>>, InjectError> {
    let completed = inputs
        .iter()
        .enumerate()
        .map(|(i, v)| {
            complete(log, store, v, now).map_err(|e| InjectError(format!("events[{i}].{e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(log.append(completed))
}
