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
