//! The store's error: an Okta error code, its HTTP status, summary and causes, with no HTTP types.

use std::fmt;

use okta_client::models::ErrorCode;

/// An error the store answers with; the HTTP layer turns it into Okta's error body unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    /// The HTTP status Okta answers with.
    pub status: u16,
    /// Okta's error code.
    pub code: ErrorCode,
    /// `errorSummary`.
    pub summary: String,
    /// `errorCauses[].errorSummary`, in order.
    pub causes: Vec<String>,
}

impl StoreError {
    /// An error with no causes.
    pub fn new(status: u16, code: ErrorCode, summary: impl Into<String>) -> Self {
        Self {
            status,
            code,
            summary: summary.into(),
            causes: Vec::new(),
        }
    }

    /// Adds a cause.
    pub fn with_cause(mut self, cause: impl Into<String>) -> Self {
        self.causes.push(cause.into());
        self
    }

    /// 404 E0000007 for an object of `kind` (`User`, `UserGroup`, `AppInstance`, `AppUser`).
    pub fn not_found(kind: &str, id: &str) -> Self {
        Self::new(
            404,
            ErrorCode::NotFound,
            format!("Not found: Resource not found: {id} ({kind})"),
        )
    }

    /// 400 E0000001 with one cause per `field: reason`; the summary names the first field.
    pub fn validation(causes: Vec<String>) -> Self {
        let field = causes
            .first()
            .and_then(|c| c.split(':').next())
            .unwrap_or("request")
            .to_owned();
        Self {
            status: 400,
            code: ErrorCode::ApiValidationFailed,
            summary: format!("Api validation failed: {field}"),
            causes,
        }
    }

    /// 400 E0000001 for one field.
    pub fn invalid_field(field: &str, reason: &str) -> Self {
        Self::validation(vec![format!("{field}: {reason}")])
    }

    /// 400 E0000031 "Invalid search criteria." with the problem as the cause.
    pub fn invalid_search(cause: impl Into<String>) -> Self {
        Self::new(400, ErrorCode::InvalidSearch, "Invalid search criteria.").with_cause(cause)
    }

    /// 400 E0000033: `search` and `filter` in one request, worded as Okta's error-code
    /// reference words E0000033 (okta/okta-developer-docs, reference/error_codes).
    pub fn search_with_filter() -> Self {
        Self::new(
            400,
            ErrorCode::SearchWithFilter,
            "Bad request. Can't specify a search query and filter in the same request.",
        )
    }

    /// 400 E0000029 "Invalid paging request." with cause "Invalid cursor.".
    pub fn invalid_cursor() -> Self {
        Self::new(400, ErrorCode::InvalidPaging, "Invalid paging request.")
            .with_cause("Invalid cursor.")
    }

    /// 403 E0000038 with Okta's generic summary, worded as Okta's support article "This
    /// operation is not allowed in the user's current status Error When Editing Deactivated
    /// User Profiles" quotes the API's answer.
    pub fn not_allowed_in_status() -> Self {
        Self::new(
            403,
            ErrorCode::OperationNotAllowedInStatus,
            "This operation is not allowed in the user's current status.",
        )
    }

    /// 403 E0000016 for activating a user that is already active: Okta's error-code reference
    /// pairs this summary with E0000016 (okta/okta-developer-docs, reference/error_codes).
    pub fn already_active() -> Self {
        Self::new(
            403,
            ErrorCode::from_wire("E0000016"),
            "Activation failed because the user is already active",
        )
    }

    /// 403 E0000032 "Unlock is not allowed for this user." with the cause real Okta gives for
    /// a user who is not locked (recorded in issue 11 from a real org's answer).
    pub fn unlock_not_allowed() -> Self {
        Self::new(
            403,
            ErrorCode::UnlockNotAllowed,
            "Unlock is not allowed for this user.",
        )
        .with_cause("The user is not locked out.")
    }

    /// 409 E0000055: an Okta group with this name exists.
    pub fn duplicate_group_name() -> Self {
        Self::new(
            409,
            ErrorCode::DuplicateGroupName,
            "An object with this field already exists in the current organization",
        )
        .with_cause("name: An object with this field already exists in the current organization")
    }

    /// 403 E0000056: an ACTIVE app cannot be deleted (summary and cause as in the Apps API
    /// reference's error example, okta/okta-developer-docs).
    pub fn delete_active_app() -> Self {
        Self::new(
            403,
            ErrorCode::DeleteActiveApp,
            "Delete application forbidden.",
        )
        .with_cause("The application must be deactivated before deletion.")
    }

    /// 403 E0000006: the built-in group cannot be changed this way.
    pub fn access_denied() -> Self {
        Self::new(
            403,
            ErrorCode::AccessDenied,
            "You do not have permission to perform the requested action",
        )
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.status, self.summary)?;
        for cause in &self.causes {
            write!(f, "; {cause}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StoreError {}
