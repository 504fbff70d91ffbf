//! The apps part: app instances, their defaults by sign-on mode, and their profile mappings.

pub(super) mod build;
pub(super) mod crud;

pub use crud::AppQuery;
