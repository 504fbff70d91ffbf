//! Mutations of users.

use okta_client::models::User;

use super::super::input::UserInput;
use super::super::{CreateUserOptions, LifecycleOp, LifecycleOutcome, Org, StoreError};
use super::sealed::Apply;
use super::{Applied, Change, Target};

/// Creates a user (`POST /api/v1/users`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct CreateUser {
    /// The validated body.
    pub input: UserInput,
    /// `activate`, `provider`, `nextLogin`.
    pub options: CreateUserOptions,
}

impl Apply for CreateUser {
    type Output = User;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<User>, StoreError> {
        let user = store.create_user(self.input, self.options)?;
        let targets = vec![Target::user(user.id.as_str())];
        Ok(Applied::new(user, Change::UserCreated, targets))
    }
}

/// Updates a user's profile and credentials, keeping what the body leaves out
/// (`POST /api/v1/users/{id}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct UpdateUser {
    /// The user's id or login.
    pub id: String,
    /// The validated body.
    pub input: UserInput,
}

impl Apply for UpdateUser {
    type Output = User;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<User>, StoreError> {
        let user = store.update_user(&self.id, self.input, false)?;
        let targets = vec![Target::user(user.id.as_str())];
        Ok(Applied::new(user, Change::UserUpdated, targets))
    }
}

/// Replaces a user's profile and credentials (`PUT /api/v1/users/{id}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ReplaceUser {
    /// The user's id or login.
    pub id: String,
    /// The validated body.
    pub input: UserInput,
}

impl Apply for ReplaceUser {
    type Output = User;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<User>, StoreError> {
        let user = store.update_user(&self.id, self.input, true)?;
        let targets = vec![Target::user(user.id.as_str())];
        Ok(Applied::new(user, Change::UserReplaced, targets))
    }
}

/// Deactivates a user, or deletes one already DEPROVISIONED (`DELETE /api/v1/users/{id}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct DeleteUser {
    /// The user's id or login.
    pub id: String,
}

impl Apply for DeleteUser {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        let id = store.user_id(&self.id)?;
        let (change, names) = if store.user_record(&id)?.is_deprovisioned() {
            // Deleted for good: its names are captured now, while the store still has them.
            (Change::UserDeleted, super::names::user(store, &id))
        } else {
            (Change::UserDeactivated, None)
        };
        // The assignments the change drops, named now: the System Log logs each removal.
        let assignments = super::names::app_assignments(store, &id);
        store.delete_user(&id)?;
        let mut targets = vec![Target::user(&*id).with_names(names)];
        targets.extend(super::names::removed(store, &id, assignments));
        Ok(Applied::new((), change, targets))
    }
}

/// Runs a lifecycle operation (`POST /api/v1/users/{id}/lifecycle/{op}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct RunLifecycle {
    /// The user's id or login.
    pub id: String,
    /// The operation.
    pub op: LifecycleOp,
    /// Whether Okta would send the email (else the token or link is answered).
    pub send_email: bool,
}

impl Apply for RunLifecycle {
    type Output = LifecycleOutcome;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<LifecycleOutcome>, StoreError> {
        let id = store.user_id(&self.id)?;
        // A deactivation drops the user's assignments: named now, logged as removals.
        let assignments = super::names::app_assignments(store, &id);
        let outcome = store.user_lifecycle(&id, self.op, self.send_email)?;
        let mut targets = vec![Target::user(&*id)];
        targets.extend(super::names::removed(store, &id, assignments));
        Ok(Applied::new(
            outcome,
            Change::UserLifecycle(self.op),
            targets,
        ))
    }
}

/// Clears a user's sessions (`DELETE /api/v1/users/{id}/sessions`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ClearSessions {
    /// The user's id or login.
    pub id: String,
    /// Whether OAuth tokens are revoked too.
    pub oauth_tokens: bool,
}

impl Apply for ClearSessions {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        let id = store.user_id(&self.id)?;
        store.clear_sessions(&id, self.oauth_tokens)?;
        Ok(Applied::new(
            (),
            Change::UserSessionsCleared,
            vec![Target::user(&*id)],
        ))
    }
}
