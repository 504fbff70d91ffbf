//! A user's enrolled MFA factors (`/api/v1/users/{userId}/factors`): the `UserFactor` schema of
//! Okta's Management API spec (vendored in `okta-client/spec/management-factors.yaml`).
//!
//! The spec gives `UserFactor` one subtype per `factorType`, each with its own `profile`
//! (`question` and `questionText` for a security question, `credentialId` for a TOTP token,
//! `phoneNumber` for SMS, …). The model keeps `profile` as JSON rather than one struct per
//! subtype: a caller that only needs "is anything enrolled, and since when" (the MFA reminder)
//! reads the common fields, and nothing is lost for a caller that reads the profile.
//!
//! Wire shape, recorded from a real org in okta/okta-sdk-python's
//! `tests/integration/cassettes/TestFactorsResource.test_get_factor.yaml` (Apache-2.0):
//! `{"id","factorType","provider","vendorName","status","created","lastUpdated","profile",
//! "_links"}`, in that order.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::okta_enum::okta_enum;
use super::{FactorId, SecretValue, Timestamp};

okta_enum! {
    /// The kind of factor (`factorType`, the spec's `UserFactorType`).
    pub enum FactorType {
        /// A voice call.
        Call = "call",
        /// An email with a code.
        Email = "email",
        /// Okta Verify push.
        Push = "push",
        /// A security question.
        Question = "question",
        /// Okta FastPass.
        SignedNonce = "signed_nonce",
        /// An SMS with a code.
        Sms = "sms",
        /// A hardware or software token (RSA, Symantec).
        Token = "token",
        /// A hardware token (YubiKey OTP).
        TokenHardware = "token:hardware",
        /// A custom HOTP token.
        TokenHotp = "token:hotp",
        /// A software TOTP app (Okta Verify, Google Authenticator).
        TokenSoftwareTotp = "token:software:totp",
        /// A U2F security key.
        U2f = "u2f",
        /// Duo.
        Web = "web",
        /// A WebAuthn authenticator (passkey).
        Webauthn = "webauthn",
    }
}

okta_enum! {
    /// Who provides the factor (`provider`, the spec's `UserFactorProvider`).
    pub enum FactorProvider {
        /// A custom provider (custom TOTP, custom IdP).
        Custom = "CUSTOM",
        /// Duo.
        Duo = "DUO",
        /// FIDO (WebAuthn, U2F).
        Fido = "FIDO",
        /// Google (Google Authenticator).
        Google = "GOOGLE",
        /// Okta itself.
        Okta = "OKTA",
        /// RSA SecurID.
        Rsa = "RSA",
        /// Symantec VIP.
        Symantec = "SYMANTEC",
        /// Yubico.
        Yubico = "YUBICO",
    }
}

okta_enum! {
    /// A factor's status (`status`, the spec's `UserFactorStatus`).
    pub enum FactorStatus {
        /// Enrolled and usable.
        Active = "ACTIVE",
        /// Disabled.
        Disabled = "DISABLED",
        /// Enrolled.
        Enrolled = "ENROLLED",
        /// Expired.
        Expired = "EXPIRED",
        /// Inactive.
        Inactive = "INACTIVE",
        /// Not set up.
        NotSetup = "NOT_SETUP",
        /// Enrollment started, activation not completed.
        PendingActivation = "PENDING_ACTIVATION",
    }
}

/// A factor a user enrolled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserFactor {
    /// The factor's id.
    pub id: FactorId,
    /// The kind of factor.
    pub factor_type: FactorType,
    /// Who provides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<FactorProvider>,
    /// The vendor's name: usually the provider's (absent from some of Okta's answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_name: Option<String>,
    /// The status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FactorStatus>,
    /// When the factor was enrolled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Timestamp>,
    /// The factor-specific attributes, kept as JSON (their names depend on `factorType`);
    /// empty when Okta sends none (an Okta Verify push factor), and then not written.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub profile: Map<String, Value>,
    /// HAL links (`self`, `user`, `verify`, `activate`, …).
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Map<String, Value>>,
    /// Embedded resources (`activation` while a TOTP enrollment is pending).
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Map<String, Value>>,
    /// Any other top-level key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UserFactor {
    /// True when the factor is `ACTIVE`: enrolled and activated, so it counts as MFA.
    pub fn is_active(&self) -> bool {
        self.status == Some(FactorStatus::Active)
    }
}

/// The body of an enrollment (`POST /api/v1/users/{userId}/factors`): type, provider and the
/// profile the type asks for. `Debug` never shows a security answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewUserFactor {
    /// The kind of factor.
    pub factor_type: FactorType,
    /// Who provides it.
    pub provider: FactorProvider,
    /// The factor-specific attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<NewFactorProfile>,
}

/// The profile of an enrollment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum NewFactorProfile {
    /// A security question (`question` is one of Okta's question keys, such as
    /// `disliked_food`; the answer has at least 4 characters).
    Question {
        /// The question's key.
        question: String,
        /// The answer (a secret: `Debug` prints `***`).
        answer: SecretValue,
    },
    /// Any other profile, as JSON.
    Other(Map<String, Value>),
}

impl NewUserFactor {
    /// A software TOTP app (`token:software:totp`) from `provider` (`OKTA` for Okta Verify,
    /// `GOOGLE` for Google Authenticator). Okta answers it `PENDING_ACTIVATION`.
    pub fn totp(provider: FactorProvider) -> Self {
        Self {
            factor_type: FactorType::TokenSoftwareTotp,
            provider,
            profile: None,
        }
    }

    /// A security question (`question`, provider `OKTA`), active once enrolled.
    pub fn question(question: impl Into<String>, answer: impl Into<SecretValue>) -> Self {
        Self {
            factor_type: FactorType::Question,
            provider: FactorProvider::Okta,
            profile: Some(NewFactorProfile::Question {
                question: question.into(),
                answer: answer.into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The recorded body of `GET /api/v1/users/{id}/factors/{factorId}` (okta-sdk-python's
    /// cassette named in the module docs).
    const RECORDED: &str = r#"{"id":"mblpk3uqykD9o8ubr4x6","factorType":"sms","provider":"OKTA","vendorName":"OKTA","status":"PENDING_ACTIVATION","created":"2020-08-11T14:09:18.000Z","lastUpdated":"2020-08-11T14:09:18.000Z","profile":{"phoneNumber":"+12345678901"},"_links":{"self":{"href":"https://test.okta.com/api/v1/users/00upk3w9v8cEi5U9y4x6/factors/mblpk3uqykD9o8ubr4x6","hints":{"allow":["GET"]}}}}"#;

    #[test]
    fn a_recorded_factor_decodes_and_round_trips_unchanged() {
        let factor: UserFactor = serde_json::from_str(RECORDED).unwrap();
        assert_eq!(factor.id, "mblpk3uqykD9o8ubr4x6");
        assert_eq!(factor.factor_type, FactorType::Sms);
        assert_eq!(factor.provider, Some(FactorProvider::Okta));
        assert_eq!(factor.status, Some(FactorStatus::PendingActivation));
        assert!(!factor.is_active());
        assert_eq!(factor.profile["phoneNumber"], "+12345678901");
        let back = serde_json::to_string(&factor).unwrap();
        let value = |s: &str| serde_json::from_str::<Value>(s).unwrap();
        assert_eq!(value(&back), value(RECORDED));
        // The top-level keys come out in Okta's order.
        let keys = [
            "\"id\"",
            "\"factorType\"",
            "\"provider\"",
            "\"vendorName\"",
            "\"status\"",
            "\"created\"",
            "\"lastUpdated\"",
            "\"profile\"",
            "\"_links\"",
        ];
        let at: Vec<usize> = keys.iter().map(|k| back.find(k).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{back}");
    }

    #[test]
    fn unknown_factor_types_and_keys_are_kept() {
        let factor: UserFactor = serde_json::from_str(
            r#"{"id":"x1","factorType":"hologram","status":"SHIMMERING","newKey":1}"#,
        )
        .unwrap();
        assert_eq!(factor.factor_type, FactorType::Unknown("hologram".into()));
        assert_eq!(
            factor.status,
            Some(FactorStatus::Unknown("SHIMMERING".into()))
        );
        assert_eq!(factor.extra["newKey"], 1);
    }

    #[test]
    fn an_enrollment_body_uses_okta_names_and_hides_the_answer_from_debug() {
        let q = NewUserFactor::question("disliked_food", "mayonnaise");
        let json = serde_json::to_value(&q).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"factorType": "question", "provider": "OKTA",
                "profile": {"question": "disliked_food", "answer": "mayonnaise"}})
        );
        assert!(!format!("{q:?}").contains("mayonnaise"));
        let totp = serde_json::to_value(NewUserFactor::totp(FactorProvider::Google)).unwrap();
        assert_eq!(
            totp,
            serde_json::json!({"factorType": "token:software:totp", "provider": "GOOGLE"})
        );
    }
}
