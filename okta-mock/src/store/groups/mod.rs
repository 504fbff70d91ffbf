//! The groups part: groups (OKTA_GROUP and the BUILT_IN "Everyone") and their memberships.

pub(super) mod crud;
pub(super) mod members;

pub use crud::GroupQuery;
