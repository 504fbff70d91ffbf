//! The users part: create, read, update, the two-step delete, the lifecycle operations, the
//! list with `q`, `filter` and `search`, and what hangs off a user (groups, app links).

pub(super) mod crud;
pub(super) mod lifecycle;
pub(super) mod links;
pub(super) mod list;

pub use crud::{CreateUserOptions, UserQuery};
pub use lifecycle::{LifecycleOp, LifecycleOutcome};
