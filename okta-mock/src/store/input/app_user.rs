//! The bodies of `POST /api/v1/apps/{appId}/users` (assign) and
//! `POST /api/v1/apps/{appId}/users/{userId}` (update).

use okta_client::models::{AppUserScope, AppUserStatus};
use serde_json::{Map, Value};

use super::{BLANK, Causes, object_at, present, string_at, wrong_type};
use crate::store::StoreError;

/// A validated assignment: `{id, scope?, credentials?: {userName?}, profile?}`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct AppUserAssignInput {
    /// The Okta user's id (or login).
    pub id: String,
    /// `scope` (USER or GROUP).
    pub scope: Option<AppUserScope>,
    /// `credentials.userName`.
    pub user_name: Option<String>,
    /// The app-specific profile (its attributes depend on the app).
    pub profile: Map<String, Value>,
    /// `externalId` (read-only in the spec; kept for scenario files, which set it).
    pub external_id: Option<String>,
    /// `status` (read-only in the spec; kept for scenario files).
    pub status: Option<AppUserStatus>,
}

/// A validated app-user update: `{profile?}` and/or `{credentials?: {userName?}}`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct AppUserUpdateInput {
    /// Profile attributes to merge in.
    pub profile: Option<Map<String, Value>>,
    /// `credentials.userName`.
    pub user_name: Option<String>,
    /// `scope`.
    pub scope: Option<AppUserScope>,
}

/// `scope` must be one of the spec's values (USER, GROUP).
fn scope(body: &Map<String, Value>, causes: &mut Causes) -> Option<AppUserScope> {
    let raw = string_at(body, "scope", "scope", causes)?;
    let scope = AppUserScope::from_wire(&raw);
    if scope.is_unknown() {
        causes.push(
            "scope",
            "Does not match one of the allowed values: USER, GROUP",
        );
        return None;
    }
    Some(scope)
}

fn user_name(body: &Map<String, Value>, causes: &mut Causes) -> Option<String> {
    let creds = object_at(body, "credentials", "credentials", causes)?;
    if let Some(pw) = present(&creds, "password")
        && !pw.is_object()
    {
        causes.push("credentials.password", &wrong_type("an object"));
    }
    string_at(&creds, "userName", "credentials.userName", causes)
}

impl AppUserAssignInput {
    /// Parses and validates an assignment body.
    ///
    /// # Errors
    /// 400 E0000001 naming each invalid field (`id: The field cannot be left blank`, …).
    pub fn parse(body: Value) -> Result<Self, StoreError> {
        let body = super::body_object(body)?;
        let mut causes = Causes::default();
        let id = match present(&body, "id") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            Some(Value::String(_)) | None => {
                causes.push("id", BLANK);
                String::new()
            }
            Some(_) => {
                causes.push("id", &wrong_type("a string"));
                String::new()
            }
        };
        let input = AppUserAssignInput {
            id,
            scope: scope(&body, &mut causes),
            user_name: user_name(&body, &mut causes),
            profile: object_at(&body, "profile", "profile", &mut causes).unwrap_or_default(),
            external_id: string_at(&body, "externalId", "externalId", &mut causes),
            status: string_at(&body, "status", "status", &mut causes)
                .map(|s| AppUserStatus::from_wire(&s)),
        };
        causes.finish(None)?;
        Ok(input)
    }
}

impl AppUserUpdateInput {
    /// Parses and validates an update body.
    ///
    /// # Errors
    /// 400 E0000001 naming each invalid field.
    pub fn parse(body: Value) -> Result<Self, StoreError> {
        let body = super::body_object(body)?;
        let mut causes = Causes::default();
        let input = AppUserUpdateInput {
            profile: object_at(&body, "profile", "profile", &mut causes),
            user_name: user_name(&body, &mut causes),
            scope: scope(&body, &mut causes),
        };
        causes.finish(None)?;
        Ok(input)
    }
}

#[cfg(test)]
impl super::IntoInput<AppUserAssignInput> for Value {
    fn into_input(self) -> Result<AppUserAssignInput, StoreError> {
        AppUserAssignInput::parse(self)
    }
}

#[cfg(test)]
impl super::IntoInput<AppUserUpdateInput> for Value {
    fn into_input(self) -> Result<AppUserUpdateInput, StoreError> {
        AppUserUpdateInput::parse(self)
    }
}
