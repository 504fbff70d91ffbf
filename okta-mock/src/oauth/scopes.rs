//! The scope each Management API operation needs, from the `security` of each operation in
//! Okta's Management OpenAPI spec (`oauth2: [okta.users.read]` on every GET under
//! `/api/v1/users`, `okta.users.manage` on its POST/PUT/PATCH/DELETE; the same pattern for
//! `okta.groups.*` and `okta.apps.*`). The family follows the path's first segment: membership
//! writes under `/api/v1/groups/{id}/users` need `okta.groups.manage`, assignments under
//! `/api/v1/apps/{id}/users` need `okta.apps.manage`.

use axum::http::Method;

/// The scope `method path` needs, or `None` when no scope applies (paths outside the API).
pub fn required_scope(method: &Method, path: &str) -> Option<&'static str> {
    let family = path.strip_prefix("/api/v1/")?.split('/').next()?;
    let read = *method == Method::GET || *method == Method::HEAD;
    Some(match (family, read) {
        ("users", true) => "okta.users.read",
        ("users", false) => "okta.users.manage",
        ("groups", true) => "okta.groups.read",
        ("groups", false) => "okta.groups.manage",
        ("apps", true) => "okta.apps.read",
        ("apps", false) => "okta.apps.manage",
        _ => return None,
    })
}

/// True when `granted` holds `needed` itself: a `.manage` scope does not stand in for the
/// `.read` scope of a GET. Okta's "Scopes and supported endpoints" guide
/// (developer.okta.com/docs/guides/implement-oauth-for-okta/scopes) says "Use the
/// okta.<resource>.read scopes to perform GET API operations and the okta.<resource>.manage
/// scopes to perform POST, PUT, and DELETE API operations", and the spec's `security` names only
/// `okta.users.read` on every GET under `/api/v1/users`. The "Included permissions" of the
/// permissions guide (developer.okta.com/docs/api/openapi/okta-management/guides/permissions:
/// "okta.agents.manage ... also includes the okta.agents.read permission"), which this function
/// once followed, describe custom admin role permissions, not OAuth 2.0 scopes. Being strict
/// here means a service app granted too little fails against the mock rather than in production.
pub fn allows(granted: &[String], needed: &str) -> bool {
    granted.iter().any(|g| g == needed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_family_needs_read_for_gets_and_manage_for_writes() {
        assert_eq!(
            required_scope(&Method::GET, "/api/v1/users"),
            Some("okta.users.read")
        );
        assert_eq!(
            required_scope(&Method::POST, "/api/v1/users/00u1/lifecycle/activate"),
            Some("okta.users.manage")
        );
        assert_eq!(
            required_scope(&Method::PUT, "/api/v1/groups/00g1/users/00u1"),
            Some("okta.groups.manage")
        );
        assert_eq!(
            required_scope(&Method::GET, "/api/v1/apps/0oa1/users"),
            Some("okta.apps.read")
        );
        assert_eq!(required_scope(&Method::GET, "/__mock/health"), None);
    }

    #[test]
    fn read_and_manage_are_separate_scopes() {
        let manage = vec!["okta.users.manage".to_owned()];
        assert!(!allows(&manage, "okta.users.read"));
        assert!(allows(&manage, "okta.users.manage"));
        let read = vec!["okta.users.read".to_owned()];
        assert!(!allows(&read, "okta.users.manage"));
        assert!(!allows(&read, "okta.groups.read"));
    }
}
