//! The bodies of `PUT` (assign) and `PATCH` (JSON Patch) on
//! `/api/v1/apps/{appId}/groups/{groupId}`.

use serde_json::{Map, Value};

use super::{Causes, object_at, wrong_type};
use crate::store::StoreError;

/// A validated body of `PUT /api/v1/apps/{appId}/groups/{groupId}`: `{priority?, profile?}`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct AppGroupInput {
    /// `priority` (0 is the highest); the next free one when absent.
    pub priority: Option<i64>,
    /// App profile attributes for the group's members.
    pub profile: Map<String, Value>,
}

impl AppGroupInput {
    /// Parses and validates an assignment body (an empty body is fine).
    ///
    /// # Errors
    /// 400 E0000001 for a priority that is not a whole number of 0 or more, or a profile that
    /// is not an object.
    pub fn parse(body: Value) -> Result<Self, StoreError> {
        let body = match body {
            Value::Null => Map::new(),
            other => super::body_object(other)?,
        };
        let mut causes = Causes::default();
        let priority = match body.get("priority") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_i64().filter(|p| *p >= 0) {
                Some(p) => Some(p),
                None => {
                    causes.push("priority", &wrong_type("a whole number of 0 or more"));
                    None
                }
            },
        };
        let profile = object_at(&body, "profile", "profile", &mut causes).unwrap_or_default();
        causes.finish(None)?;
        Ok(Self { priority, profile })
    }
}

#[cfg(test)]
impl super::IntoInput<AppGroupInput> for Value {
    fn into_input(self) -> Result<AppGroupInput, StoreError> {
        AppGroupInput::parse(self)
    }
}

/// One operation of `PATCH /api/v1/apps/{appId}/groups/{groupId}`: `replace` or `remove` at
/// `/priority`, `/profile` or `/profile/{attribute}` (the spec's `JsonPatchOperation`, whose
/// example is `{"op": "replace", "path": "/profile/manager", "value": "…"}`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AppGroupPatch {
    /// `replace` (true) or `remove` (false).
    pub replace: bool,
    /// The path split at `/`, without the leading empty part.
    pub path: Vec<String>,
    /// The value (for `replace`).
    pub value: Value,
}

impl AppGroupPatch {
    /// Parses a JSON Patch body (an array of operations).
    ///
    /// # Errors
    /// 400 E0000001 naming the operation that is not a `replace` or `remove` of a patchable
    /// path.
    pub fn parse_all(body: Value) -> Result<Vec<Self>, StoreError> {
        let Value::Array(items) = body else {
            return Err(StoreError::invalid_field(
                "body",
                &wrong_type("an array of patch operations"),
            ));
        };
        let mut causes = Causes::default();
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let field = format!("[{i}]");
            let op = item.get("op").and_then(Value::as_str);
            let path = item.get("path").and_then(Value::as_str).unwrap_or("");
            let parts: Vec<String> = path.split('/').skip(1).map(str::to_owned).collect();
            let path_ok = matches!(
                parts
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice(),
                ["priority"] | ["profile"] | ["profile", _]
            );
            let value = item.get("value").cloned().unwrap_or(Value::Null);
            match (op, path_ok) {
                (Some("replace" | "remove"), true) => out.push(Self {
                    replace: op == Some("replace"),
                    path: parts,
                    value,
                }),
                (Some("replace" | "remove"), false) => {
                    causes.push(&format!("{field}.path"), "Invalid path");
                }
                _ => causes.push(
                    &format!("{field}.op"),
                    "Does not match one of the allowed values: remove, replace",
                ),
            }
        }
        causes.finish(None)?;
        Ok(out)
    }
}
