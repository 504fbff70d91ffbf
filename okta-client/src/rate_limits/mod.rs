//! Okta's management rate-limit families: one table, written once from Okta's documentation,
//! that okta-mock enforces and okta-client's throttle paces by.
//!
//! Okta counts requests per *family* of endpoints, not per method and path: listing an app's
//! users and writing one app user are two requests against the same "apps" family (100 a
//! minute on Enterprise), while `GET /api/v1/apps/{id}` alone has its own 600. Every row of
//! [`FAMILIES`] names its source and, where the documentation leaves room, the reading chosen.
//! No I/O: this module compiles without the `client` feature.
//!
//! ```
//! use okta_client::rate_limits::{Family, Plan};
//!
//! let read = Family::classify("GET", "/api/v1/apps/0oa1/users");
//! let write = Family::classify("POST", "/api/v1/apps/0oa1/users/00u1");
//! assert_eq!(read, Some(Family::Apps));
//! assert_eq!(read, write);
//! assert_eq!(Family::Apps.limit(Plan::Enterprise), 100);
//! // 33,000 Office 365 writes on Enterprise: at least 330 minutes.
//! assert_eq!(33_000 / Family::Apps.limit(Plan::Enterprise), 330);
//! ```

mod classify;
mod table;

pub use table::{CONCURRENCY, CUMULATIVE, FAMILIES, Family, FamilyRow, MGMT, Plan};
