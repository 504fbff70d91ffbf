//! AD instances, a user's AD assignments, and Okta's `hasDirectoryUser()` / `findDirectoryUser()`.

use serde::{Deserialize, Serialize};

use crate::models::{AppId, AppUser, AppUserStatus};

/// One Active Directory app instance in the org.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct AdInstance {
    /// The AD app's id.
    pub app_id: AppId,
    /// The app's label: for AD, the domain (`corp.example.com`).
    pub label: String,
    /// The Expression Language variable name (`active_directory`, `active_directory_gfuif63`),
    /// when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable_name: Option<String>,
}

impl AdInstance {
    /// An instance without a known variable name.
    pub fn new(app_id: impl Into<AppId>, label: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            label: label.into(),
            variable_name: None,
        }
    }

    /// Sets the Expression Language variable name.
    pub fn with_variable_name(mut self, variable_name: impl Into<String>) -> Self {
        self.variable_name = Some(variable_name.into());
        self
    }
}

/// A user's assignment to one AD instance: the instance and the app user Okta holds for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryAssignment {
    /// The AD instance.
    pub instance: AdInstance,
    /// The user's app user in that instance, whatever its status.
    pub app_user: AppUser,
}

/// Okta's `hasDirectoryUser()`: true only when the user has exactly one AD assignment.
///
/// Every assignment counts, whatever its status: a DEPROVISIONED app user in a second AD still
/// makes Okta's default Office 365 mapping yield `null`.
///
/// This is the one home of the rule: generic over what an assignment is, so the client's
/// resolver (over [`DirectoryAssignment`]s) and okta-mock's Expression Language (over the AD
/// app users' profiles) both use it. The property tests keep their own reference
/// implementation as referee.
pub fn has_directory_user<T>(assignments: &[T]) -> bool {
    assignments.len() == 1
}

/// Okta's `findDirectoryUser()`: the only AD assignment, or `None` when the user has none or
/// several (whatever their statuses). This is the semantics that leaves multi-AD users without
/// an Immutable ID; use [`resolve_immutable_id`](super::resolve_immutable_id) to choose among
/// several instances. Generic for the reason [`has_directory_user`] is.
pub fn find_directory_user<T>(assignments: &[T]) -> Option<&T> {
    match assignments {
        [only] => Some(only),
        _ => None,
    }
}

/// The Immutable ID candidate an AD app user carries: its `externalId`, or when that is absent,
/// the `externalId` attribute of its profile (the attribute profile mappings read). `None` when
/// neither holds a non-blank string.
pub fn directory_external_id(app_user: &AppUser) -> Option<&str> {
    let top = app_user.external_id.as_deref();
    let from_profile = || app_user.profile.get("externalId").and_then(|v| v.as_str());
    top.filter(|s| !s.trim().is_empty())
        .or_else(|| from_profile().filter(|s| !s.trim().is_empty()))
}

/// True for the statuses in which Okta has cleared or not yet set the link to the AD account
/// (DEPROVISIONED, STAGED), so whatever `externalId` remains must not be trusted.
pub fn is_unlinked_status(status: Option<&AppUserStatus>) -> bool {
    matches!(
        status,
        Some(AppUserStatus::Deprovisioned | AppUserStatus::Staged)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::UserId;
    use serde_json::json;

    fn app_user(external_id: Option<&str>, status: AppUserStatus) -> AppUser {
        serde_json::from_value(json!({
            "id": "00u1",
            "externalId": external_id,
            "status": status.as_str(),
            "profile": {}
        }))
        .unwrap()
    }

    fn assignment(app: &str, external_id: Option<&str>) -> DirectoryAssignment {
        DirectoryAssignment {
            instance: AdInstance::new(app, format!("{app}.example.com")),
            app_user: app_user(external_id, AppUserStatus::Active),
        }
    }

    #[test]
    fn one_assignment_is_found() {
        let one = [assignment("0oa1", Some("yYuRNW0Z6kCXeYidebdT8A=="))];
        assert!(has_directory_user(&one));
        assert_eq!(find_directory_user(&one), Some(&one[0]));
    }

    #[test]
    fn zero_or_two_assignments_find_nothing() {
        let none: [DirectoryAssignment; 0] = [];
        assert!(!has_directory_user(&none));
        assert_eq!(find_directory_user(&none), None);
        let two = [assignment("0oa1", Some("a")), assignment("0oa2", None)];
        assert!(!has_directory_user(&two));
        assert_eq!(find_directory_user(&two), None);
    }

    #[test]
    fn a_deprovisioned_second_assignment_still_counts() {
        let mut two = [assignment("0oa1", Some("a")), assignment("0oa2", None)];
        two[1].app_user.status = Some(AppUserStatus::Deprovisioned);
        assert_eq!(find_directory_user(&two), None);
    }

    #[test]
    fn the_external_id_falls_back_to_the_profile_and_ignores_blanks() {
        let mut user = app_user(None, AppUserStatus::Active);
        assert_eq!(directory_external_id(&user), None);
        user.profile
            .insert("externalId".into(), json!("fromProfile"));
        assert_eq!(directory_external_id(&user), Some("fromProfile"));
        user.external_id = Some("  ".into());
        assert_eq!(directory_external_id(&user), Some("fromProfile"));
        user.external_id = Some("top".into());
        assert_eq!(directory_external_id(&user), Some("top"));
        assert_eq!(user.id, UserId::new("00u1"));
    }

    #[test]
    fn only_deprovisioned_and_staged_are_unlinked() {
        assert!(is_unlinked_status(Some(&AppUserStatus::Deprovisioned)));
        assert!(is_unlinked_status(Some(&AppUserStatus::Staged)));
        assert!(!is_unlinked_status(Some(&AppUserStatus::Active)));
        assert!(!is_unlinked_status(None));
    }
}
