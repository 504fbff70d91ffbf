//! The parts of a System Log event: who acted (`actor`), on what (`target`), from where
//! (`client`), with which result (`outcome`), in which request (`transaction`), and the
//! authentication and debug contexts.
//!
//! Shapes from Okta's OpenAPI spec (`LogActor`, `LogTarget`, `LogClient`, `LogOutcome`,
//! `LogTransaction`, `LogAuthenticationContext`, `LogDebugContext`, management API 2026.06.3) and
//! the System Log API reference (developer.okta.com/docs/reference/api/system-log/, "LogEvent
//! object"). Every object keeps the keys it does not know in `extra`; the nested contexts Okta
//! describes loosely (geography, IP chains, security) stay JSON objects.

use serde::Serialize;
use serde_json::{Map, Value};

use super::extra::deserialize_keeping_extra;
use super::okta_enum::okta_enum;

okta_enum! {
    /// How severe an event is (`severity`).
    pub enum LogSeverity {
        /// Debugging detail.
        Debug = "DEBUG",
        /// Normal activity; most events.
        Info = "INFO",
        /// Something to look at.
        Warn = "WARN",
        /// A failure.
        Error = "ERROR",
    }
}

okta_enum! {
    /// The result of the action an event records (`outcome.result`).
    pub enum LogOutcomeResult {
        /// The action succeeded.
        Success = "SUCCESS",
        /// The action failed.
        Failure = "FAILURE",
        /// The action was skipped.
        Skipped = "SKIPPED",
        /// A policy allowed it.
        Allow = "ALLOW",
        /// A policy denied it.
        Deny = "DENY",
        /// A policy asked for more proof.
        Challenge = "CHALLENGE",
        /// Okta's own `UNKNOWN` result (not a value this crate does not know: that is
        /// `Unknown(String)`).
        UnknownResult = "UNKNOWN",
        /// Refused by a rate limit.
        RateLimit = "RATE_LIMIT",
        /// Put off.
        Deferred = "DEFERRED",
        /// Scheduled for later.
        Scheduled = "SCHEDULED",
        /// Given up.
        Abandoned = "ABANDONED",
        /// Never answered.
        Unanswered = "UNANSWERED",
    }
}

/// Who performed the action: a user, an app, an API token's owner, a service app (`actor`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LogActor {
    /// The actor's id (a user id, a client id, …); `""` when Okta sent none.
    pub id: String,
    /// The kind of actor (`User`, `PublicClientApp`, `SystemPrincipal`, …).
    #[serde(rename = "type")]
    pub actor_type: String,
    /// Another id, usually the login.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternate_id: Option<String>,
    /// The name to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Further details, event-type specific.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail_entry: Option<Map<String, Value>>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What the action was performed on (one element of `target`). Okta's reference warns that
/// the position of a target type varies by event type: find targets by
/// [`target_type`](Self::target_type), as [`LogEvent::target`](super::LogEvent::target) does.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LogTarget {
    /// The target's id; `""` when Okta sent none.
    pub id: String,
    /// The kind of target (`User`, `UserGroup`, `AppInstance`, `AppUser`, …).
    #[serde(rename = "type")]
    pub target_type: String,
    /// Another id (a user's login, an app's label).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternate_id: Option<String>,
    /// The name to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Further details, event-type specific.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail_entry: Option<Map<String, Value>>,
    /// `{from, to}`: what changed, for the event types that say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_details: Option<Map<String, Value>>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The result of the action (`outcome`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LogOutcome {
    /// `SUCCESS`, `FAILURE`, …
    pub result: LogOutcomeResult,
    /// Why, when Okta says (`INVALID_CREDENTIALS`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The request or job the event belongs to (`transaction`); events of one request share it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct LogTransaction {
    /// The transaction id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `WEB` for a request, `JOB` for a background task.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<String>,
    /// Details, such as `requestApiTokenId` for a change made with an API token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<Map<String, Value>>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The HTTP client that made the request (`client`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LogClient {
    /// The client's IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The kind of device (`Computer`, `Unknown`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// The OAuth client id, or the agent for an API token request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The network zone the client maps to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// `{rawUserAgent, os, browser}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<Map<String, Value>>,
    /// `{city, state, country, postalCode, geolocation}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geographical_context: Option<Map<String, Value>>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How the actor authenticated (`authenticationContext`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LogAuthenticationContext {
    /// `OKTA_AUTHENTICATION_PROVIDER`, `ACTIVE_DIRECTORY`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_provider: Option<String>,
    /// `PASSWORD`, `OTP`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_type: Option<String>,
    /// The credential provider, when a third party's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_provider: Option<String>,
    /// A proxy for the actor's session id: events of one session share it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_session_id: Option<String>,
    /// Any other key (`authenticationStep`, `issuer`, `interface`, …), kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Event-specific debugging data (`debugContext`). Okta warns that its keys are not a
/// contract.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LogDebugContext {
    /// `debugData`: `requestId`, `requestUri`, `url`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debug_data: Option<Map<String, Value>>,
    /// Any other key, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra! {
    LogActor, "a System Log actor",
    required {},
    optional {
        id = "id", actor_type = "type", alternate_id = "alternateId",
        display_name = "displayName", detail_entry = "detailEntry",
    },
}

deserialize_keeping_extra! {
    LogTarget, "a System Log target",
    required {},
    optional {
        id = "id", target_type = "type", alternate_id = "alternateId",
        display_name = "displayName", detail_entry = "detailEntry",
        change_details = "changeDetails",
    },
}

deserialize_keeping_extra! {
    LogOutcome, "a System Log outcome",
    required { result = "result" },
    optional { reason = "reason" },
}

deserialize_keeping_extra! {
    LogTransaction, "a System Log transaction",
    required {},
    optional { id = "id", transaction_type = "type", detail = "detail" },
}

deserialize_keeping_extra! {
    LogClient, "a System Log client",
    required {},
    optional {
        ip_address = "ipAddress", device = "device", id = "id", zone = "zone",
        user_agent = "userAgent", geographical_context = "geographicalContext",
    },
}

deserialize_keeping_extra! {
    LogAuthenticationContext, "a System Log authentication context",
    required {},
    optional {
        authentication_provider = "authenticationProvider",
        credential_type = "credentialType",
        credential_provider = "credentialProvider",
        external_session_id = "externalSessionId",
    },
}

deserialize_keeping_extra! {
    LogDebugContext, "a System Log debug context",
    required {},
    optional { debug_data = "debugData" },
}
