//! An in-memory Okta org.
