//! [`Route`]: a method and a path pattern, which requests a scheduled fault or a journal query
//! is about.
//!
//! A pattern is a path whose segments are literals, `{name}` (any one segment: an id, a login)
//! or a final `**` (the rest of the path, zero or more segments). Segments are compared as
//! received, percent-encoded (`alice%40example.com`), and empty segments are ignored, so a
//! trailing slash does not matter. The query string is never part of the match.
//!
//! | Pattern | Matches | Does not match |
//! |---|---|---|
//! | `/api/v1/users` | `/api/v1/users`, `/api/v1/users?limit=2` | `/api/v1/users/00u1` |
//! | `/api/v1/users/{id}` | `/api/v1/users/00u1` | `/api/v1/users/00u1/groups` |
//! | `/api/v1/apps/{app}/users/{user}` | `/api/v1/apps/0oa1/users/00u1` | `/api/v1/apps/0oa1/users` |
//! | `/api/v1/groups/**` | `/api/v1/groups`, `/api/v1/groups/00g1/users` | `/api/v1/users` |

use std::fmt;

use serde::{Serialize, Serializer};

/// Requests by method (or any method) and path pattern. See the module documentation for the
/// pattern syntax.
///
/// ```
/// use okta_mock::sim::Route;
///
/// let route = Route::get("/api/v1/users/{id}");
/// assert!(route.matches("GET", "/api/v1/users/00u1"));
/// assert!(!route.matches("POST", "/api/v1/users/00u1"));
/// assert!(!route.matches("GET", "/api/v1/users/00u1/groups"));
/// assert!(Route::any("/api/v1/groups/**").matches("DELETE", "/api/v1/groups/00g1/users/00u1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Route {
    /// The method, upper case; `None` for any.
    method: Option<String>,
    /// The pattern as written (for display).
    pattern: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Literal(String),
    /// `{name}`: any one segment.
    Any,
    /// `**`: the rest of the path.
    Rest,
}

impl Route {
    /// Requests with this method (any case; `*` or `ANY` for any method) to paths matching
    /// `pattern`.
    pub fn new(method: &str, pattern: &str) -> Self {
        let method = method.trim().to_ascii_uppercase();
        let method = (!matches!(method.as_str(), "" | "*" | "ANY")).then_some(method);
        let segments = pattern
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| match s {
                "**" => Segment::Rest,
                _ if s.len() >= 2 && s.starts_with('{') && s.ends_with('}') => Segment::Any,
                _ => Segment::Literal(s.to_owned()),
            })
            .collect();
        Self {
            method,
            pattern: pattern.to_owned(),
            segments,
        }
    }

    /// Requests with any method to paths matching `pattern`.
    pub fn any(pattern: &str) -> Self {
        Self::new("*", pattern)
    }

    /// `GET` requests to paths matching `pattern`.
    pub fn get(pattern: &str) -> Self {
        Self::new("GET", pattern)
    }

    /// `POST` requests to paths matching `pattern`.
    pub fn post(pattern: &str) -> Self {
        Self::new("POST", pattern)
    }

    /// `PUT` requests to paths matching `pattern`.
    pub fn put(pattern: &str) -> Self {
        Self::new("PUT", pattern)
    }

    /// `PATCH` requests to paths matching `pattern`.
    pub fn patch(pattern: &str) -> Self {
        Self::new("PATCH", pattern)
    }

    /// `DELETE` requests to paths matching `pattern`.
    pub fn delete(pattern: &str) -> Self {
        Self::new("DELETE", pattern)
    }

    /// The method, upper case, or `None` for any method.
    pub fn method(&self) -> Option<&str> {
        self.method.as_deref()
    }

    /// The path pattern as written.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// True when a request with this method and path (as received: percent-encoded, with or
    /// without its query string) is one of this route's.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        if let Some(m) = &self.method {
            if !m.eq_ignore_ascii_case(method) {
                return false;
            }
        }
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let mut received = path.split('/').filter(|s| !s.is_empty());
        for segment in &self.segments {
            match segment {
                Segment::Rest => return true,
                Segment::Any => {
                    if received.next().is_none() {
                        return false;
                    }
                }
                Segment::Literal(literal) => {
                    if received.next() != Some(literal.as_str()) {
                        return false;
                    }
                }
            }
        }
        received.next().is_none()
    }
}

impl fmt::Display for Route {
    /// `GET /api/v1/users/{id}`, or `* /api/v1/groups/**` for any method.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            self.method.as_deref().unwrap_or("*"),
            self.pattern
        )
    }
}

impl Serialize for Route {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_pattern_matches_its_path_with_or_without_query_or_trailing_slash() {
        let route = Route::get("/api/v1/users");
        assert!(route.matches("GET", "/api/v1/users"));
        assert!(route.matches("get", "/api/v1/users/"));
        assert!(route.matches("GET", "/api/v1/users?limit=2&after=x"));
        assert!(!route.matches("GET", "/api/v1/users/00u1"));
        assert!(!route.matches("GET", "/api/v1"));
        assert!(!route.matches("POST", "/api/v1/users"));
    }

    #[test]
    fn a_named_segment_matches_exactly_one_segment() {
        let route = Route::put("/api/v1/apps/{appId}/users/{userId}");
        assert!(route.matches("PUT", "/api/v1/apps/0oa1/users/00u1"));
        assert!(route.matches("PUT", "/api/v1/apps/0oa1/users/ada%40example.com"));
        assert!(!route.matches("PUT", "/api/v1/apps/0oa1/users"));
        assert!(!route.matches("PUT", "/api/v1/apps/0oa1/users/00u1/extra"));
    }

    #[test]
    fn a_final_double_star_matches_the_rest_of_the_path_for_any_method() {
        let route = Route::any("/api/v1/groups/**");
        assert!(route.matches("GET", "/api/v1/groups"));
        assert!(route.matches("DELETE", "/api/v1/groups/00g1/users/00u1"));
        assert!(!route.matches("GET", "/api/v1/users"));
        assert!(Route::new("ANY", "/**").matches("PATCH", "/anything/at/all"));
        assert_eq!(Route::new("*", "/x").method(), None);
    }

    #[test]
    fn a_route_displays_as_method_and_pattern() {
        assert_eq!(
            Route::delete("/api/v1/users/{id}").to_string(),
            "DELETE /api/v1/users/{id}"
        );
        assert_eq!(Route::any("/api/**").to_string(), "* /api/**");
    }
}
