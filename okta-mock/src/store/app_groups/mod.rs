//! The app groups part: a group's assignment to an app, which grants the app to its members.

pub(super) mod assign;
