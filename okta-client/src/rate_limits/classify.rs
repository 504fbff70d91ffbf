//! Which family a request counts against, by the readings written in [`FAMILIES`].
//!
//! [`FAMILIES`]: super::FAMILIES

use super::table::Family;

impl Family {
    /// The family of a request by its method (`GET`, …; any case) and URL path (no query), or
    /// `None` for paths outside the management table (anything not under `/api/v1/` or
    /// `/oauth2/v1/clients`). Path segments are compared as they appear on the wire, so an
    /// encoded login (`alice%40example.com`) is one segment.
    pub fn classify(method: impl AsRef<str>, path: &str) -> Option<Family> {
        let method = method.as_ref();
        let path = path.split(['?', '#']).next().unwrap_or_default();
        if let Some(rest) = path.strip_prefix("/oauth2/v1/clients") {
            return (rest.is_empty() || rest.starts_with('/')).then_some(Family::OauthClients);
        }
        let rest = path.strip_prefix("/api/v1/")?;
        let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        let is = |m: &str| method.eq_ignore_ascii_case(m);
        let family = match segments.as_slice() {
            ["apps", _] => Family::AppGet,
            ["apps", ..] => Family::Apps,
            ["groups", _] => Family::GroupGet,
            ["groups", ..] => Family::Groups,
            ["users"] if is("GET") || is("POST") => Family::Users,
            ["users", _] if is("GET") => Family::UserGet,
            ["users", _] if is("POST") || is("PUT") || is("DELETE") => Family::UserWrite,
            ["logs", ..] => Family::Logs,
            ["events", ..] => Family::Events,
            ["org", "email", "bounces", "remove-list"] => Family::EmailBounces,
            ["certificateAuthorities", ..] => Family::CertificateAuthorities,
            ["devices", ..] => Family::Devices,
            _ => Family::Other,
        };
        Some(family)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_users_reads_and_writes_share_the_apps_family() {
        for (method, path) in [
            ("GET", "/api/v1/apps"),
            ("POST", "/api/v1/apps"),
            ("GET", "/api/v1/apps/0oa1/users"),
            ("GET", "/api/v1/apps/0oa1/users/00u1"),
            ("POST", "/api/v1/apps/0oa1/users/00u1"),
            ("DELETE", "/api/v1/apps/0oa1/users/00u1"),
            ("POST", "/api/v1/apps/0oa1/lifecycle/activate"),
            ("GET", "/api/v1/apps/0oa1/groups"),
        ] {
            assert_eq!(
                Family::classify(method, path),
                Some(Family::Apps),
                "{method} {path}"
            );
        }
        for method in ["GET", "PUT", "DELETE"] {
            assert_eq!(
                Family::classify(method, "/api/v1/apps/0oa1"),
                Some(Family::AppGet)
            );
        }
    }

    #[test]
    fn users_are_split_by_method_and_exact_path() {
        let c = Family::classify;
        assert_eq!(c("GET", "/api/v1/users"), Some(Family::Users));
        assert_eq!(c("post", "/api/v1/users/"), Some(Family::Users));
        assert_eq!(c("GET", "/api/v1/users/00u1"), Some(Family::UserGet));
        assert_eq!(
            c("GET", "/api/v1/users/alice%40example.com"),
            Some(Family::UserGet)
        );
        assert_eq!(c("POST", "/api/v1/users/00u1"), Some(Family::UserWrite));
        assert_eq!(c("PUT", "/api/v1/users/00u1"), Some(Family::UserWrite));
        assert_eq!(c("DELETE", "/api/v1/users/00u1"), Some(Family::UserWrite));
        assert_eq!(c("GET", "/api/v1/users/00u1/groups"), Some(Family::Other));
        assert_eq!(
            c("POST", "/api/v1/users/00u1/lifecycle/activate"),
            Some(Family::Other)
        );
    }

    #[test]
    fn group_members_count_in_the_groups_family() {
        let c = Family::classify;
        assert_eq!(c("GET", "/api/v1/groups?q=x"), Some(Family::Groups));
        assert_eq!(c("GET", "/api/v1/groups/00g1"), Some(Family::GroupGet));
        assert_eq!(c("PUT", "/api/v1/groups/00g1"), Some(Family::GroupGet));
        assert_eq!(c("GET", "/api/v1/groups/00g1/users"), Some(Family::Groups));
        assert_eq!(
            c("PUT", "/api/v1/groups/00g1/users/00u1"),
            Some(Family::Groups)
        );
    }

    #[test]
    fn the_smaller_families_and_paths_outside_the_table() {
        let c = Family::classify;
        assert_eq!(c("GET", "/api/v1/logs"), Some(Family::Logs));
        assert_eq!(c("GET", "/api/v1/events"), Some(Family::Events));
        assert_eq!(
            c("GET", "/oauth2/v1/clients/abc"),
            Some(Family::OauthClients)
        );
        assert_eq!(
            c("POST", "/api/v1/org/email/bounces/remove-list"),
            Some(Family::EmailBounces)
        );
        assert_eq!(c("GET", "/api/v1/devices"), Some(Family::Devices));
        assert_eq!(
            c("GET", "/api/v1/meta/schemas/user/default"),
            Some(Family::Other)
        );
        assert_eq!(c("GET", "/oauth2/v1/token"), None);
        assert_eq!(c("GET", "/oauth2/v1/clientsX"), None);
        assert_eq!(c("GET", "/__mock/health"), None);
    }
}
