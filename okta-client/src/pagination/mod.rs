//! Streams over Okta's Link-header pagination.
