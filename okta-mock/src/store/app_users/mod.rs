//! The app users part: a user's assignment to an app, explicit or through a group.

pub(super) mod assign;

pub use assign::AppUserQuery;
