//! The body of `POST /api/v1/users` (create), `POST /api/v1/users/{id}` (partial update) and
//! `PUT /api/v1/users/{id}` (replace), parsed and validated as Okta does.

use serde_json::{Map, Value};

use super::{BLANK, Causes, object_at, present, string_at, wrong_type};
use crate::store::StoreError;

/// Which operation a user body is for: what must be present differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserInputKind {
    /// `POST /api/v1/users`: `profile` with every required attribute.
    Create,
    /// `POST /api/v1/users/{id}`: any subset; required attributes are checked on the merge.
    Update,
    /// `PUT /api/v1/users/{id}`: the whole profile, like a create.
    Replace,
}

/// A password in a body's `credentials.password`.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordInput(String);

// Persistence (`okta-mock --data-dir`) writes inputs to disk: only the fact that a password was
// given is written, never its value (the store keeps no more than that either).
impl serde::Serialize for PasswordInput {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // `true`, not unit: `Some(unit)` and `None` would both be `null`.
        serializer.serialize_bool(true)
    }
}

impl<'de> serde::Deserialize<'de> for PasswordInput {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        bool::deserialize(deserializer)?;
        Ok(Self(String::new()))
    }
}

impl std::fmt::Debug for PasswordInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets never appear in Debug output.
        f.write_str("PasswordInput(***)")
    }
}

/// A validated user body.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct UserInput {
    /// The profile attributes given (standard ones checked; custom ones kept as sent).
    pub profile: Option<Map<String, Value>>,
    /// `credentials.password.value`.
    pub password: Option<PasswordInput>,
    /// `credentials.recovery_question.question`.
    pub recovery_question: Option<String>,
    /// `groupIds` (create only).
    pub group_ids: Vec<String>,
    /// `type.id`.
    pub type_id: Option<String>,
}

/// The attributes every user must have, in the order Okta reports them blank (recorded in
/// rapid7/insightconnect-plugins PR #315: login, firstName, lastName, email).
pub(crate) const REQUIRED: [&str; 4] = ["login", "firstName", "lastName", "email"];

/// Okta's default login rule: "Username must be in the form of an email address" (the same
/// recording, and Okta's support article "Cannot Confirm or Import Active Directory User in
/// Okta Due to Email Format", which quotes `login … Username must be in the form of an email
/// address` and `email … Does not match required pattern`).
const LOGIN_NOT_EMAIL: &str = "Username must be in the form of an email address";
/// Okta's cause for an email attribute that is not an email address (support article
/// "Trying to Update the secondaryEmail Attribute with a Null Value via API returns API
/// Validation Failed": `secondEmail: Does not match required pattern`).
const NOT_EMAIL: &str = "Does not match required pattern";

/// Lengths from the spec's `UserProfile` schema (minLength, maxLength, in characters).
const LENGTHS: [(&str, usize, usize); 14] = [
    ("login", 5, 100),
    ("email", 5, 100),
    ("secondEmail", 0, 100),
    ("firstName", 1, 50),
    ("lastName", 1, 50),
    ("city", 0, 128),
    ("state", 0, 128),
    ("countryCode", 0, 2),
    ("zipCode", 0, 50),
    ("streetAddress", 0, 1024),
    ("postalAddress", 0, 4096),
    ("mobilePhone", 0, 100),
    ("primaryPhone", 0, 100),
    ("middleName", 0, usize::MAX),
];

/// True for the form of an email address Okta's default login rule accepts: one `@`, a
/// non-empty local part and domain, no whitespace, and no dot at either end of a part.
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let part_ok = |p: &str| !p.is_empty() && !p.starts_with('.') && !p.ends_with('.');
    part_ok(local)
        && part_ok(domain)
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
}

/// The causes for one profile's given values: standard attributes must be strings (`null` only
/// where the spec allows it), within the spec's lengths, in email form where Okta requires it.
pub(crate) fn validate_profile_values(profile: &Map<String, Value>, causes: &mut Causes) {
    for attr in ["login", "email", "secondEmail", "firstName", "lastName"]
        .into_iter()
        .chain(
            okta_client::models::UserProfile::STANDARD_ATTRIBUTES
                .iter()
                .copied()
                .filter(|a| {
                    !matches!(
                        *a,
                        "login" | "email" | "secondEmail" | "firstName" | "lastName"
                    )
                }),
        )
    {
        let value = match profile.get(attr) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => s,
            Some(_) => {
                causes.push(attr, &wrong_type("a string"));
                continue;
            }
        };
        // A blank required attribute is reported once, as blank, by `check_required`.
        if REQUIRED.contains(&attr) && value.trim().is_empty() {
            continue;
        }
        let len = value.chars().count();
        if let Some((_, min, max)) = LENGTHS.iter().find(|(a, _, _)| *a == attr)
            && (len < *min || len > *max)
        {
            // Okta's length wording for profile attributes is not in our sources; this follows
            // the spec's own example for another field ("'client_secret' can't be more than
            // '100' characters long.") and is listed in SPEC-DEPARTURES.md as an inference.
            let reason = if len > *max {
                format!("'{attr}' can't be more than '{max}' characters long.")
            } else {
                format!("'{attr}' must be at least '{min}' characters long.")
            };
            causes.push(attr, &reason);
        }
        match attr {
            "login" if !is_email(value) => causes.push(attr, LOGIN_NOT_EMAIL),
            "email" | "secondEmail" if !is_email(value) => causes.push(attr, NOT_EMAIL),
            _ => {}
        }
    }
}

/// The causes for required attributes missing from a whole profile. As recorded, a blank
/// login also fails the login rule.
pub(crate) fn check_required(profile: &Map<String, Value>, causes: &mut Causes) {
    let mut blank_login = false;
    for attr in REQUIRED {
        if !matches!(profile.get(attr), Some(Value::String(s)) if !s.trim().is_empty()) {
            causes.push(attr, BLANK);
            blank_login |= attr == "login";
        }
    }
    if blank_login {
        causes.push("login", LOGIN_NOT_EMAIL);
    }
}

/// The causes of a whole profile: blanks first, then each attribute's value (Okta's order).
pub(crate) fn whole_profile_causes(profile: &Map<String, Value>) -> Causes {
    let mut causes = Causes::default();
    check_required(profile, &mut causes);
    validate_profile_values(profile, &mut causes);
    causes
}

impl UserInput {
    /// Parses and validates a user body.
    ///
    /// # Errors
    /// 400 E0000001 with one cause per invalid field.
    pub fn parse(body: Value, kind: UserInputKind) -> Result<Self, StoreError> {
        let body = super::body_object(body)?;
        let mut causes = Causes::default();
        let profile = object_at(&body, "profile", "profile", &mut causes);
        match (&profile, kind) {
            (Some(p), UserInputKind::Create | UserInputKind::Replace) => {
                check_required(p, &mut causes);
                validate_profile_values(p, &mut causes);
            }
            (Some(p), UserInputKind::Update) => validate_profile_values(p, &mut causes),
            (None, UserInputKind::Create | UserInputKind::Replace) if causes.is_empty() => {
                check_required(&Map::new(), &mut causes);
            }
            (None, _) => {}
        }
        let mut input = UserInput {
            profile,
            ..Self::default()
        };
        if let Some(creds) = object_at(&body, "credentials", "credentials", &mut causes) {
            if let Some(pw) = object_at(&creds, "password", "password", &mut causes) {
                input.password = match present(&pw, "value") {
                    None => None,
                    Some(Value::String(s)) if !s.is_empty() => Some(PasswordInput(s.clone())),
                    Some(Value::String(_)) => {
                        causes.push("password", BLANK);
                        None
                    }
                    Some(_) => {
                        causes.push("password", &wrong_type("a string"));
                        None
                    }
                };
            }
            if let Some(rq) = object_at(
                &creds,
                "recovery_question",
                "recovery_question",
                &mut causes,
            ) {
                input.recovery_question =
                    string_at(&rq, "question", "recovery_question", &mut causes);
                // The spec bounds question and answer at 1..100 characters.
                for key in ["question", "answer"] {
                    if let Some(Value::String(s)) = rq.get(key)
                        && (s.trim().is_empty() || s.chars().count() > 100)
                    {
                        causes.push(
                            "recovery_question",
                            &format!("'{key}' must be 1 to 100 characters long."),
                        );
                    }
                }
            }
        }
        match present(&body, "groupIds") {
            None => {}
            Some(Value::Array(ids)) => {
                for id in ids {
                    match id.as_str() {
                        Some(s) => input.group_ids.push(s.to_owned()),
                        None => causes.push("groupIds", &wrong_type("an array of strings")),
                    }
                }
            }
            Some(_) => causes.push("groupIds", &wrong_type("an array of strings")),
        }
        if let Some(t) = object_at(&body, "type", "type", &mut causes) {
            input.type_id = string_at(&t, "id", "type", &mut causes);
        }
        causes.finish(None)?;
        Ok(input)
    }

    /// True when the body carries a password.
    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }
}

#[cfg(test)]
impl super::IntoInput<UserInput> for Value {
    /// Parses as a partial update (the store checks required attributes on the result).
    fn into_input(self) -> Result<UserInput, StoreError> {
        UserInput::parse(self, UserInputKind::Update)
    }
}
