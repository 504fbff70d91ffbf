//! The Okta Expression Language subset used by profile mappings.
