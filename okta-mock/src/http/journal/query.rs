//! [`JournalQuery`]: which journaled requests a test asks about.

use std::fmt;

use super::JournalEntry;
use crate::sim::Route;

/// A filter over journal entries: a route, and optionally a status, a header value or a piece
/// of the (redacted) body. A [`Route`] converts into a query for it alone.
///
/// ```
/// use okta_mock::{JournalQuery, Route};
///
/// let query = JournalQuery::new(Route::post("/api/v1/users"))
///     .status(200)
///     .body_contains("ada@example.com");
/// assert_eq!(
///     query.to_string(),
///     "POST /api/v1/users with status 200 with a body containing \"ada@example.com\""
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct JournalQuery {
    route: Route,
    status: Option<u16>,
    header: Option<(String, String)>,
    body_contains: Option<String>,
}

impl JournalQuery {
    /// The requests to `route`.
    pub fn new(route: Route) -> Self {
        Self {
            route,
            status: None,
            header: None,
            body_contains: None,
        }
    }

    /// Only those answered with `status` (0: the connection was dropped).
    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Only those with the header `name` (any case) equal to `value` (as journaled:
    /// credentials read `<redacted>`).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.header = Some((name.to_owned(), value.to_owned()));
        self
    }

    /// Only those whose journaled body contains `text`.
    pub fn body_contains(mut self, text: &str) -> Self {
        self.body_contains = Some(text.to_owned());
        self
    }

    /// True when `entry` is one of the requests asked about.
    pub fn matches(&self, entry: &JournalEntry) -> bool {
        entry.is(&self.route)
            && self.status.is_none_or(|s| s == entry.status)
            && self
                .header
                .as_ref()
                .is_none_or(|(n, v)| entry.header(n) == Some(v.as_str()))
            && self
                .body_contains
                .as_ref()
                .is_none_or(|t| entry.body.contains(t.as_str()))
    }
}

impl From<Route> for JournalQuery {
    fn from(route: Route) -> Self {
        Self::new(route)
    }
}

impl fmt::Display for JournalQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.route)?;
        if let Some(status) = self.status {
            write!(f, " with status {status}")?;
        }
        if let Some((name, value)) = &self.header {
            write!(f, " with {name}: {value}")?;
        }
        if let Some(text) = &self.body_contains {
            write!(f, " with a body containing {text:?}")?;
        }
        Ok(())
    }
}
