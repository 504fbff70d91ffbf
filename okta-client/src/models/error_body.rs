//! Okta's error body and its error codes.

use serde::{Deserialize, Deserializer, Serialize};

use super::okta_enum::okta_enum;

okta_enum! {
    /// Okta's `errorCode` values for the endpoints in scope.
    pub enum ErrorCode {
        /// 400: API validation failed.
        ApiValidationFailed = "E0000001",
        /// 400: the request was not valid.
        InvalidRequest = "E0000002",
        /// 400: the request body was not well-formed JSON.
        MalformedBody = "E0000003",
        /// 401: authentication failed.
        AuthenticationFailed = "E0000004",
        /// 403: invalid session.
        InvalidSession = "E0000005",
        /// 403: access denied.
        AccessDenied = "E0000006",
        /// 404: not found.
        NotFound = "E0000007",
        /// 500: internal server error.
        InternalServerError = "E0000009",
        /// 503: service unavailable.
        ServiceUnavailable = "E0000010",
        /// 401: invalid token.
        InvalidToken = "E0000011",
        /// 405: method not supported.
        MethodNotSupported = "E0000022",
        /// 400: a required parameter is missing.
        MissingParameter = "E0000028",
        /// 400: invalid paging request.
        InvalidPaging = "E0000029",
        /// 400: invalid search criteria.
        InvalidSearch = "E0000031",
        /// 403: unlock is not allowed for this user.
        UnlockNotAllowed = "E0000032",
        /// 400: search and filter together.
        SearchWithFilter = "E0000033",
        /// 403: operation not allowed in the user's current status.
        OperationNotAllowedInStatus = "E0000038",
        /// 429: rate limit exceeded.
        RateLimited = "E0000047",
        /// 409: duplicate group name.
        DuplicateGroupName = "E0000055",
        /// 403: delete of an active application.
        DeleteActiveApp = "E0000056",
    }
}

/// One cause inside an Okta error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ErrorCause {
    /// What went wrong, often `field: reason`.
    #[serde(default)]
    pub error_summary: String,
}

/// The body of every Okta error response: all five keys, `errorCauses` always an array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OktaErrorBody {
    /// The error code (`E0000007`).
    pub error_code: ErrorCode,
    /// Human-readable summary.
    #[serde(default)]
    pub error_summary: String,
    /// Okta sets this to the code.
    #[serde(default)]
    pub error_link: String,
    /// A unique id for this occurrence.
    #[serde(default)]
    pub error_id: String,
    /// Details; an object or `null` from a non-conforming server is read as one cause or none.
    #[serde(default, deserialize_with = "causes_leniently")]
    pub error_causes: Vec<ErrorCause>,
}

impl OktaErrorBody {
    /// An error body with the given code, summary and id, `errorLink` equal to the code.
    pub fn new(code: ErrorCode, summary: impl Into<String>, error_id: impl Into<String>) -> Self {
        Self {
            error_link: code.as_str().to_owned(),
            error_code: code,
            error_summary: summary.into(),
            error_id: error_id.into(),
            error_causes: Vec::new(),
        }
    }

    /// Adds a cause.
    pub fn with_cause(mut self, summary: impl Into<String>) -> Self {
        self.error_causes.push(ErrorCause {
            error_summary: summary.into(),
        });
        self
    }
}

fn causes_leniently<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ErrorCause>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Causes {
        Many(Vec<ErrorCause>),
        One(ErrorCause),
        Null(()),
    }
    Ok(match Causes::deserialize(d)? {
        Causes::Many(v) => v,
        Causes::One(c) => vec![c],
        Causes::Null(()) => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_with_causes_as_an_object_is_still_read() {
        let raw = r#"{"errorCode":"E0000001","errorSummary":"x","errorLink":"E0000001","errorId":"oae1","errorCauses":{"errorSummary":"login: taken"}}"#;
        let body: OktaErrorBody = serde_json::from_str(raw).unwrap();
        assert_eq!(body.error_code, ErrorCode::ApiValidationFailed);
        assert_eq!(body.error_causes[0].error_summary, "login: taken");
    }

    #[test]
    fn an_unknown_error_code_is_kept() {
        let raw = r#"{"errorCode":"E0000999","errorSummary":"new","errorLink":"E0000999","errorId":"x","errorCauses":[]}"#;
        let body: OktaErrorBody = serde_json::from_str(raw).unwrap();
        assert_eq!(body.error_code, ErrorCode::Unknown("E0000999".into()));
        assert_eq!(serde_json::to_string(&body).unwrap(), raw);
    }
}
