//! Request bodies parsed into typed inputs, validated as Okta validates them, in one place per
//! resource. A body that fails answers 400 E0000001 with one `errorCauses` entry per field, in
//! Okta's wording; the sources of that wording are named where each message is written.
//!
//! Unknown and read-only top-level keys (`id`, `status`, `_links`, …) are ignored, as Okta
//! ignores them: the official SDKs' update methods send back the whole object they read
//! (the Node SDK's `user.update()` posts `id`, `status` and `_links`), and those calls succeed
//! against real orgs.

mod app;
mod app_group;
mod app_user;
mod factor;
mod group;
mod questions;
pub(crate) mod user;

use serde_json::{Map, Value};

use super::StoreError;

pub use app::AppInput;
pub use app_group::{AppGroupInput, AppGroupPatch};
pub use app_user::{AppUserAssignInput, AppUserUpdateInput};
pub use factor::{Enrollment, FactorInput};
pub use group::GroupInput;
pub use user::{UserInput, UserInputKind};

/// Okta's cause for a required field that is absent, null or blank. Source: recorded
/// responses, e.g. `login: The field cannot be left blank` (rapid7/insightconnect-plugins
/// PR #315, a create-user call against a real org) and the spec's own examples
/// (`level: The field cannot be left blank`).
pub(crate) const BLANK: &str = "The field cannot be left blank";

/// The causes of one body, collected in order; empty means valid.
#[derive(Debug, Default)]
pub(crate) struct Causes(Vec<String>);

impl Causes {
    /// Adds `field: reason`.
    pub fn push(&mut self, field: &str, reason: &str) {
        self.0.push(format!("{field}: {reason}"));
    }

    /// Adds a cause written whole (Okta's app causes carry no `field:` prefix).
    pub fn push_raw(&mut self, cause: impl Into<String>) {
        self.0.push(cause.into());
    }

    /// Ok when no cause was collected, else Okta's 400 E0000001 naming `summary_field`
    /// (or the first cause's field).
    pub fn finish(self, summary_field: Option<&str>) -> Result<(), StoreError> {
        if self.0.is_empty() {
            return Ok(());
        }
        let mut err = StoreError::validation(self.0);
        if let Some(field) = summary_field {
            err.summary = format!("Api validation failed: {field}");
        }
        Err(err)
    }

    /// The causes, in order.
    pub fn into_vec(self) -> Vec<String> {
        self.0
    }

    /// True when nothing was collected.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The cause for a value of the wrong JSON type. Okta's exact wording for type mismatches is
/// not recorded in the sources we have; this names the field and the expected type, and is
/// listed as an inference in `okta-mock/SPEC-DEPARTURES.md`.
pub(crate) fn wrong_type(expected: &str) -> String {
    format!("The field must be {expected}")
}

/// A JSON object body's key: absent, `null`, or a value.
pub(crate) fn present<'a>(body: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    body.get(key).filter(|v| !v.is_null())
}

/// Reads an optional object at `key`; anything else but null is a cause.
pub(crate) fn object_at(
    body: &Map<String, Value>,
    key: &str,
    field: &str,
    causes: &mut Causes,
) -> Option<Map<String, Value>> {
    match present(body, key) {
        None => None,
        Some(Value::Object(m)) => Some(m.clone()),
        Some(_) => {
            causes.push(field, &wrong_type("an object"));
            None
        }
    }
}

/// Reads an optional string at `key`; anything else but null is a cause.
pub(crate) fn string_at(
    body: &Map<String, Value>,
    key: &str,
    field: &str,
    causes: &mut Causes,
) -> Option<String> {
    match present(body, key) {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            causes.push(field, &wrong_type("a string"));
            None
        }
    }
}

/// Checks an optional boolean at `key`.
pub(crate) fn check_bool(body: &Map<String, Value>, key: &str, field: &str, causes: &mut Causes) {
    if present(body, key).is_some_and(|v| !v.is_boolean()) {
        causes.push(field, &wrong_type("a boolean"));
    }
}

/// The body as an object (the JSON extractor only builds objects; anything else is refused).
pub fn body_object(body: Value) -> Result<Map<String, Value>, StoreError> {
    match body {
        Value::Object(m) => Ok(m),
        _ => Err(StoreError::new(
            400,
            okta_client::models::ErrorCode::MalformedBody,
            "The request body was not well-formed.",
        )),
    }
}

/// Turns a request body into a typed input. Implemented for the input itself and, in unit
/// tests only, for `serde_json::Value` (the parsing and validation of the resource), so the
/// store's own tests may pass JSON while no JSON reaches the store otherwise: the HTTP layer
/// parses at the edge and hands typed inputs to the commit point.
pub trait IntoInput<T> {
    /// The typed, validated input.
    ///
    /// # Errors
    /// 400 E0000001 with Okta's causes when the body is invalid.
    fn into_input(self) -> Result<T, StoreError>;
}

impl<T> IntoInput<T> for T {
    fn into_input(self) -> Result<T, StoreError> {
        Ok(self)
    }
}

#[cfg(test)]
mod tests;
