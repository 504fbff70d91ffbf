//! The body of `POST /api/v1/groups` and `PUT /api/v1/groups/{id}`.

use serde_json::{Map, Value};

use super::{BLANK, Causes, object_at, present, wrong_type};
use crate::store::StoreError;

/// A validated group body: `{profile: {name, description?, …}}`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct GroupInput {
    /// `profile.name`, not blank.
    pub name: String,
    /// `profile.description`.
    pub description: Option<String>,
    /// Every other profile attribute, kept as sent.
    pub extra: Map<String, Value>,
}

impl GroupInput {
    /// Parses and validates a group body.
    ///
    /// # Errors
    /// 400 E0000001: `name: The field cannot be left blank` for a missing or blank name (the
    /// blank wording of Okta's recorded user causes), or a wrong type.
    pub fn parse(body: Value) -> Result<Self, StoreError> {
        let body = super::body_object(body)?;
        let mut causes = Causes::default();
        let profile = object_at(&body, "profile", "profile", &mut causes);
        let mut input = GroupInput::default();
        match profile {
            None if causes.is_empty() => causes.push("name", BLANK),
            None => {}
            Some(mut p) => {
                match present(&p, "name") {
                    Some(Value::String(n)) if !n.trim().is_empty() => input.name = n.clone(),
                    Some(Value::String(_)) | None => causes.push("name", BLANK),
                    Some(_) => causes.push("name", &wrong_type("a string")),
                }
                match present(&p, "description") {
                    None => {}
                    Some(Value::String(d)) => input.description = Some(d.clone()),
                    Some(_) => causes.push("description", &wrong_type("a string")),
                }
                p.remove("name");
                p.remove("description");
                input.extra = p;
            }
        }
        causes.finish(None)?;
        Ok(input)
    }
}

#[cfg(test)]
impl super::IntoInput<GroupInput> for Value {
    fn into_input(self) -> Result<GroupInput, StoreError> {
        GroupInput::parse(self)
    }
}
