//! Typed handlers per resource: users, groups, apps, app users.
