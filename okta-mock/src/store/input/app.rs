//! The body of `POST /api/v1/apps` and `PUT /api/v1/apps/{appId}`.

use okta_client::models::{ACTIVE_DIRECTORY_APP_NAME, SignOnMode};
use serde_json::{Map, Value};

use super::{BLANK, Causes, check_bool, object_at, present, string_at, wrong_type};
use crate::store::StoreError;

/// A validated app body. The blocks whose shape depends on the sign-on mode (`settings`,
/// `credentials`) are kept as JSON objects once their typed fields are checked.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct AppInput {
    /// `label`, not blank.
    pub label: String,
    /// `name` (the integration name).
    pub name: Option<String>,
    /// `signOnMode`; `None` when absent (or null on an Active Directory app).
    pub sign_on_mode: Option<SignOnMode>,
    /// `settings`.
    pub settings: Option<Map<String, Value>>,
    /// `credentials`.
    pub credentials: Option<Map<String, Value>>,
    /// `accessibility`.
    pub accessibility: Option<Map<String, Value>>,
    /// `visibility`.
    pub visibility: Option<Map<String, Value>>,
    /// `profile` (an object, as the spec says).
    pub profile: Option<Map<String, Value>>,
    /// `features` (read-only in the spec; kept for scenario files).
    pub features: Option<Vec<String>>,
    /// `orn`, kept across a replace.
    pub orn: Option<String>,
    /// The other keys the spec defines and the mock keeps (`licensing`).
    pub rest: Map<String, Value>,
}

impl AppInput {
    /// Parses and validates an app body. `signOnMode` must be one of the spec's modes; only an
    /// Active Directory app has none (`null`).
    ///
    /// # Errors
    /// 400 E0000001 naming each invalid field. A bad `signOnMode` is answered with Okta's
    /// recorded cause `Invalid signOnMode` (okta/okta-aspnet issue #268, a real create-app
    /// response).
    pub fn parse(body: Value) -> Result<Self, StoreError> {
        let body = super::body_object(body)?;
        let mut causes = Causes::default();
        let label = match present(&body, "label") {
            Some(Value::String(l)) if !l.trim().is_empty() => l.clone(),
            Some(Value::String(_)) | None => {
                causes.push("label", BLANK);
                String::new()
            }
            Some(_) => {
                causes.push("label", &wrong_type("a string"));
                String::new()
            }
        };
        let name = string_at(&body, "name", "name", &mut causes).filter(|n| !n.is_empty());
        let is_ad = name.as_deref() == Some(ACTIVE_DIRECTORY_APP_NAME);
        let sign_on_mode = match body.get("signOnMode") {
            None => None,
            Some(Value::Null) if is_ad => None,
            Some(Value::String(m)) if !SignOnMode::from_wire(m).is_unknown() => {
                Some(SignOnMode::from_wire(m))
            }
            Some(_) => {
                causes.push_raw("Invalid signOnMode");
                None
            }
        };
        let settings = object_at(&body, "settings", "settings", &mut causes);
        if let Some(s) = &settings {
            check_settings(s, &mut causes);
        }
        let accessibility = object_at(&body, "accessibility", "accessibility", &mut causes);
        if let Some(a) = &accessibility {
            check_bool(a, "selfService", "accessibility.selfService", &mut causes);
            for key in ["errorRedirectUrl", "loginRedirectUrl"] {
                string_at(a, key, &format!("accessibility.{key}"), &mut causes);
            }
        }
        let visibility = object_at(&body, "visibility", "visibility", &mut causes);
        if let Some(v) = &visibility {
            check_visibility(v, &mut causes);
        }
        let credentials = object_at(&body, "credentials", "credentials", &mut causes);
        let profile = object_at(&body, "profile", "profile", &mut causes);
        let features = match present(&body, "features") {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .filter_map(|f| f.as_str().map(str::to_owned))
                    .collect(),
            ),
            Some(_) => {
                causes.push("features", &wrong_type("an array of strings"));
                None
            }
        };
        let orn = string_at(&body, "orn", "orn", &mut causes);
        let licensing = object_at(&body, "licensing", "licensing", &mut causes);
        if let Some(l) = &licensing
            && present(l, "seatCount").is_some_and(|c| !c.is_i64())
        {
            causes.push("licensing.seatCount", &wrong_type("a whole number"));
        }
        causes.finish(causes_summary(&body))?;
        // A null boolean or object is taken as absent (the spec's default), never stored as null: the
        // spec types these as plain booleans, so a null would be returned against it.
        let mut visibility = visibility;
        if let Some(v) = visibility.as_mut() {
            drop_nulls(v, &["autoLaunch", "autoSubmitToolbar", "hide", "appLinks"]);
            if let Some(Value::Object(hide)) = v.get_mut("hide") {
                drop_nulls(hide, &["iOS", "web"]);
            }
            if let Some(Value::Object(links)) = v.get_mut("appLinks") {
                links.retain(|_, v| !v.is_null());
            }
        }
        let mut accessibility = accessibility;
        if let Some(a) = accessibility.as_mut() {
            drop_nulls(a, &["selfService"]);
        }
        let mut settings = settings;
        if let Some(s) = settings.as_mut() {
            drop_nulls(
                s,
                &[
                    "implicitAssignment",
                    "notes",
                    "notifications",
                    "signOn",
                    "app",
                ],
            );
        }
        // Keys the spec does not define for an app, and read-only ones, are dropped as Okta
        // drops them; only `licensing` is kept from the rest.
        let mut rest = Map::new();
        if let Some(mut l) = licensing {
            l.retain(|_, v| !v.is_null());
            rest.insert("licensing".to_owned(), Value::Object(l));
        }
        Ok(AppInput {
            label,
            name,
            sign_on_mode,
            settings,
            credentials,
            accessibility,
            visibility,
            profile,
            features,
            orn,
            rest,
        })
    }
}

/// Removes the keys whose value is null.
fn drop_nulls(map: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if map.get(*key).is_some_and(Value::is_null) {
            map.remove(*key);
        }
    }
}

/// The summary field of an invalid app body: `signOnMode` when it is the culprit.
fn causes_summary(body: &Map<String, Value>) -> Option<&'static str> {
    match body.get("signOnMode") {
        Some(Value::String(m)) if !SignOnMode::from_wire(m).is_unknown() => None,
        None => None,
        Some(_) => Some("signOnMode"),
    }
}

/// `settings`: the spec's typed fields, and the booleans of the per-mode `settings.app` blocks.
fn check_settings(s: &Map<String, Value>, causes: &mut Causes) {
    check_bool(
        s,
        "implicitAssignment",
        "settings.implicitAssignment",
        causes,
    );
    for key in ["identityStoreId", "inlineHookId"] {
        string_at(s, key, &format!("settings.{key}"), causes);
    }
    if let Some(notes) = object_at(s, "notes", "settings.notes", causes) {
        for key in ["admin", "enduser"] {
            string_at(&notes, key, &format!("settings.notes.{key}"), causes);
        }
    }
    object_at(s, "notifications", "settings.notifications", causes);
    object_at(s, "signOn", "settings.signOn", causes);
    if let Some(app) = object_at(s, "app", "settings.app", causes) {
        // Booleans of the bookmark, SWA, WS-Federation and SAML settings in the spec.
        for key in [
            "requestIntegration",
            "wReplyOverride",
            "honorForceAuthn",
            "assertionSigned",
            "allowMultipleAcsEndpoints",
        ] {
            check_bool(&app, key, &format!("settings.app.{key}"), causes);
        }
    }
}

fn check_visibility(v: &Map<String, Value>, causes: &mut Causes) {
    check_bool(v, "autoLaunch", "visibility.autoLaunch", causes);
    check_bool(
        v,
        "autoSubmitToolbar",
        "visibility.autoSubmitToolbar",
        causes,
    );
    if let Some(hide) = object_at(v, "hide", "visibility.hide", causes) {
        check_bool(&hide, "iOS", "visibility.hide.iOS", causes);
        check_bool(&hide, "web", "visibility.hide.web", causes);
    }
    if let Some(links) = object_at(v, "appLinks", "visibility.appLinks", causes) {
        for (k, value) in &links {
            if !value.is_boolean() {
                causes.push(
                    &format!("visibility.appLinks.{k}"),
                    &wrong_type("a boolean"),
                );
            }
        }
    }
}

#[cfg(test)]
impl super::IntoInput<AppInput> for Value {
    fn into_input(self) -> Result<AppInput, StoreError> {
        AppInput::parse(self)
    }
}
