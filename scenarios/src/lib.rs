//! Okta flows as code.
