//! A factor as the mock's admin API and scenario files give it (`POST
//! /__mock/users/{id}/factors`, a scenario user's `factors`): the fields of Okta's `UserFactor`
//! (spec: `factorType`, `provider`, `vendorName`, `status`, `created`, `lastUpdated`,
//! `profile`), every one but `factorType` and `provider` optional.

use okta_client::models::{FactorProvider, FactorStatus, FactorType, Timestamp};
use serde_json::{Map, Value};

use super::{BLANK, Causes, object_at, present, string_at, wrong_type};
use crate::store::StoreError;

/// A validated factor to enroll.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FactorInput {
    /// A given id (scenario files); generated when absent.
    pub id: Option<String>,
    /// `factorType`.
    pub factor_type: FactorType,
    /// `provider`.
    pub provider: FactorProvider,
    /// `vendorName`; absent from the answer when not given, as in the spec's Okta Verify
    /// example.
    pub vendor_name: Option<String>,
    /// `status`, default `ACTIVE`.
    pub status: Option<FactorStatus>,
    /// `created`, default now.
    pub created: Option<Timestamp>,
    /// `lastUpdated`, default `created`.
    pub last_updated: Option<Timestamp>,
    /// `profile`, kept as given.
    pub profile: Map<String, Value>,
}

impl FactorInput {
    /// Parses a factor object.
    ///
    /// # Errors
    /// 400 E0000001 with one cause per refused field: `factorType` or `provider` absent or not
    /// a string, a status or timestamp that is not one, a profile that is not an object.
    pub fn parse(body: &Value) -> Result<Self, StoreError> {
        let Some(body) = body.as_object() else {
            return Err(StoreError::validation(vec![format!(
                "factor: {}",
                wrong_type("an object")
            )]));
        };
        let mut causes = Causes::default();
        let factor_type = string_at(body, "factorType", "factorType", &mut causes);
        if present(body, "factorType").is_none() {
            causes.push("factorType", BLANK);
        }
        let provider = string_at(body, "provider", "provider", &mut causes);
        if present(body, "provider").is_none() {
            causes.push("provider", BLANK);
        }
        let status = string_at(body, "status", "status", &mut causes);
        if let Some(s) = &status
            && FactorStatus::from_wire(s).is_unknown()
        {
            causes.push(
                "status",
                "Must be one of ACTIVE, DISABLED, ENROLLED, EXPIRED, INACTIVE, NOT_SETUP or \
                 PENDING_ACTIVATION",
            );
        }
        let mut time = |key: &str| {
            let text = string_at(body, key, key, &mut causes)?;
            match Timestamp::parse(&text) {
                Ok(t) => Some(t),
                Err(_) => {
                    causes.push(
                        key,
                        &wrong_type("a date-time such as 2024-01-09T15:36:04.000Z"),
                    );
                    None
                }
            }
        };
        let created = time("created");
        let last_updated = time("lastUpdated");
        let id = string_at(body, "id", "id", &mut causes);
        let vendor_name = string_at(body, "vendorName", "vendorName", &mut causes);
        let profile = object_at(body, "profile", "profile", &mut causes).unwrap_or_default();
        causes.finish(Some("factor"))?;
        Ok(Self {
            id,
            factor_type: FactorType::from_wire(&factor_type.unwrap_or_default()),
            provider: FactorProvider::from_wire(&provider.unwrap_or_default()),
            vendor_name,
            status: status.as_deref().map(FactorStatus::from_wire),
            created,
            last_updated,
            profile,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_factor_with_only_type_and_provider_parses_with_defaults_left_open() {
        let input =
            FactorInput::parse(&json!({"factorType": "token:software:totp", "provider": "GOOGLE"}))
                .unwrap();
        assert_eq!(input.factor_type, FactorType::TokenSoftwareTotp);
        assert_eq!(input.provider, FactorProvider::Google);
        assert_eq!(input.status, None);
        assert!(input.profile.is_empty());
    }

    #[test]
    fn missing_and_malformed_fields_are_each_named() {
        let err = FactorInput::parse(&json!({"status": "SLEEPY", "created": "yesterday",
            "profile": 3}))
        .unwrap_err();
        let causes = err.causes.join("\n");
        for field in ["factorType", "provider", "status", "created", "profile"] {
            assert!(
                causes.contains(&format!("{field}: ")),
                "{field} in {causes}"
            );
        }
        assert_eq!(err.summary, "Api validation failed: factor");
        assert!(FactorInput::parse(&json!([1])).is_err());
    }
}

/// What `POST /api/v1/users/{userId}/factors` asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Enrollment {
    /// A factor the mock enrolls as Okta does: a security question (`ACTIVE`, its text
    /// filled in, the answer never kept) or a TOTP app from Okta or Google
    /// (`PENDING_ACTIVATION`; the caller adds `credentialId`, the user's login).
    Served(FactorInput),
    /// A factor type the mock does not enroll through the Management API (named).
    Unserved(String),
}

impl FactorInput {
    /// Parses the body of Okta's enrollment (`{"factorType", "provider", "profile"}`; the
    /// read-only keys are ignored, as elsewhere).
    ///
    /// # Errors
    /// 400 E0000001 naming the refused field: `factorType` or `provider` missing, a provider
    /// the type does not support (the spec's subtypes: `question` from `OKTA`,
    /// `token:software:totp` from `OKTA` or `GOOGLE`), a question Okta does not offer, an
    /// answer shorter than 4 characters (the spec's `minLength`). The causes' wording is the
    /// mock's own.
    pub fn parse_enrollment(body: &Value) -> Result<Enrollment, StoreError> {
        let empty = Map::new();
        let map = body.as_object().unwrap_or(&empty);
        let mut causes = Causes::default();
        let factor_type = string_at(map, "factorType", "factorType", &mut causes);
        let provider = string_at(map, "provider", "provider", &mut causes);
        let profile = object_at(map, "profile", "profile", &mut causes).unwrap_or_default();
        for key in ["factorType", "provider"] {
            match present(map, key) {
                None => causes.push(key, BLANK),
                Some(Value::String(s)) if s.trim().is_empty() => causes.push(key, BLANK),
                Some(_) => {}
            }
        }
        causes.finish(Some("factor"))?;
        let factor_type = FactorType::from_wire(&factor_type.unwrap_or_default());
        let provider = FactorProvider::from_wire(&provider.unwrap_or_default());
        let allowed: &[FactorProvider] = match factor_type {
            FactorType::Question => &[FactorProvider::Okta],
            FactorType::TokenSoftwareTotp => &[FactorProvider::Okta, FactorProvider::Google],
            other => return Ok(Enrollment::Unserved(other.as_str().to_owned())),
        };
        if !allowed.contains(&provider) {
            let names: Vec<&str> = allowed.iter().map(FactorProvider::as_str).collect();
            let reason = format!("Must be {} for {factor_type}", names.join(" or "));
            return Err(StoreError::invalid_field("provider", &reason));
        }
        let mut kept = Map::new();
        if factor_type == FactorType::Question {
            let question = profile
                .get("question")
                .and_then(Value::as_str)
                .unwrap_or("");
            let answer = profile.get("answer").and_then(Value::as_str).unwrap_or("");
            let mut causes = Causes::default();
            let text = super::questions::question_text(question);
            if text.is_none() {
                causes.push("question", "Not a security question Okta offers");
            }
            if answer.chars().count() < 4 {
                causes.push("answer", "The answer must have at least 4 characters");
            }
            causes.finish(Some("factor"))?;
            kept.insert("question".into(), Value::from(question));
            kept.insert("questionText".into(), Value::from(text.unwrap_or_default()));
        }
        let status = match factor_type {
            FactorType::Question => FactorStatus::Active,
            _ => FactorStatus::PendingActivation,
        };
        Ok(Enrollment::Served(Self {
            id: None,
            vendor_name: Some(provider.as_str().to_owned()),
            factor_type,
            provider,
            status: Some(status),
            created: None,
            last_updated: None,
            profile: kept,
        }))
    }
}

#[cfg(test)]
mod enrollment_tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_question_enrollment_keeps_the_question_and_its_text_and_never_the_answer() {
        let body = json!({"factorType": "question", "provider": "OKTA",
            "profile": {"question": "disliked_food", "answer": "mayonnaise"}});
        let Enrollment::Served(input) = FactorInput::parse_enrollment(&body).unwrap() else {
            panic!("served")
        };
        assert_eq!(input.status, Some(FactorStatus::Active));
        assert_eq!(
            Value::Object(input.profile.clone()),
            json!({"question": "disliked_food",
                   "questionText": "What is the food you least liked as a child?"})
        );
        assert!(!format!("{input:?}").contains("mayonnaise"));
    }

    #[test]
    fn refused_enrollments_name_the_field_and_other_types_are_unserved() {
        let short = json!({"factorType": "question", "provider": "OKTA",
            "profile": {"question": "pet_name", "answer": "cat"}});
        let err = FactorInput::parse_enrollment(&short).unwrap_err();
        assert_eq!(err.causes.len(), 2, "{:?}", err.causes);
        let wrong = json!({"factorType": "token:software:totp", "provider": "RSA"});
        let err = FactorInput::parse_enrollment(&wrong).unwrap_err();
        assert!(err.causes[0].starts_with("provider: "), "{:?}", err.causes);
        let sms = json!({"factorType": "sms", "provider": "OKTA"});
        assert_eq!(
            FactorInput::parse_enrollment(&sms).unwrap(),
            Enrollment::Unserved("sms".into())
        );
        assert!(FactorInput::parse_enrollment(&json!({})).is_err());
        let totp = json!({"factorType": "token:software:totp", "provider": "GOOGLE"});
        let Enrollment::Served(input) = FactorInput::parse_enrollment(&totp).unwrap() else {
            panic!("served")
        };
        assert_eq!(input.status, Some(FactorStatus::PendingActivation));
        assert_eq!(input.vendor_name.as_deref(), Some("GOOGLE"));
    }
}
