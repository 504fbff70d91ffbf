//! A small reference model of an Okta org's users, as WIRE.md describes them: lifecycle
//! statuses, app assignments (removed by deactivation, kept by suspension), group memberships
//! and the two-step delete. Written independently of the mock so that the state-machine test
//! compares two implementations, not one with itself.

use std::collections::BTreeSet;

use okta_client::models::UserStatus;

/// One operation on the org, with users, apps and groups given by their index in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `POST /api/v1/users?activate=…`, with or without a password.
    Create {
        /// Whether the user gets a password.
        password: bool,
        /// The `activate` flag.
        activate: bool,
    },
    /// `POST …/lifecycle/activate`.
    Activate(usize),
    /// `POST …/lifecycle/deactivate`.
    Deactivate(usize),
    /// `POST …/lifecycle/reactivate`.
    Reactivate(usize),
    /// `POST …/lifecycle/suspend`.
    Suspend(usize),
    /// `POST …/lifecycle/unsuspend`.
    Unsuspend(usize),
    /// `POST …/lifecycle/expire_password`.
    ExpirePassword(usize),
    /// `POST …/lifecycle/unlock` (no user of the model is ever locked out).
    Unlock(usize),
    /// `DELETE /api/v1/users/{id}` (deactivates first, deletes the second time).
    Delete(usize),
    /// `POST /api/v1/apps/{app}/users`.
    Assign {
        /// The user.
        user: usize,
        /// The app.
        app: usize,
    },
    /// `DELETE /api/v1/apps/{app}/users/{user}`.
    Unassign {
        /// The user.
        user: usize,
        /// The app.
        app: usize,
    },
    /// `PUT /api/v1/groups/{group}/users/{user}`.
    Join {
        /// The user.
        user: usize,
        /// The group.
        group: usize,
    },
    /// `DELETE /api/v1/groups/{group}/users/{user}`.
    Leave {
        /// The user.
        user: usize,
        /// The group.
        group: usize,
    },
}

impl Op {
    /// The user the operation touches, when it names one.
    pub fn user(&self) -> Option<usize> {
        match *self {
            Op::Create { .. } => None,
            Op::Activate(u)
            | Op::Deactivate(u)
            | Op::Reactivate(u)
            | Op::Suspend(u)
            | Op::Unsuspend(u)
            | Op::ExpirePassword(u)
            | Op::Unlock(u)
            | Op::Delete(u) => Some(u),
            Op::Assign { user, .. }
            | Op::Unassign { user, .. }
            | Op::Join { user, .. }
            | Op::Leave { user, .. } => Some(user),
        }
    }
}

/// What the org answers to an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx answer.
    Done,
    /// Refused in the user's current status: 403 E0000038 (E0000016 for activating an active
    /// user; 400 E0000001 for a suspend or unsuspend, as Okta answers those).
    NotAllowedInStatus,
    /// 403 E0000032: unlock is not allowed for this user.
    UnlockNotAllowed,
    /// 404 E0000007: the user (or the assignment) does not exist.
    NotFound,
}

/// A user as the model sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelUser {
    /// The status; `None` once the user is deleted for good.
    pub status: Option<UserStatus>,
    /// Whether the user has a password (decides ACTIVE vs PROVISIONED on activation).
    pub has_password: bool,
    /// Indexes of the apps the user is assigned to.
    pub apps: BTreeSet<usize>,
    /// Indexes of the groups the user is in ("Everyone" not included).
    pub groups: BTreeSet<usize>,
}

/// The model org: users in creation order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Model {
    /// Every user ever created, deleted ones included (their status is `None`).
    pub users: Vec<ModelUser>,
}

impl Model {
    /// Applies `op` and says what the org should answer. An operation naming a user index
    /// the model does not have is answered [`Outcome::NotFound`] and changes nothing.
    pub fn apply(&mut self, op: Op) -> Outcome {
        use UserStatus as S;
        if let Op::Create { password, activate } = op {
            let status = match (activate, password) {
                (false, _) => S::Staged,
                (true, true) => S::Active,
                (true, false) => S::Provisioned,
            };
            self.users.push(ModelUser {
                status: Some(status),
                has_password: password,
                apps: BTreeSet::new(),
                groups: BTreeSet::new(),
            });
            return Outcome::Done;
        }
        let Some(user) = op.user().and_then(|u| self.users.get_mut(u)) else {
            return Outcome::NotFound;
        };
        let Some(status) = user.status.clone() else {
            return Outcome::NotFound;
        };
        let transition = |user: &mut ModelUser, from: &[S], to: S| {
            if from.contains(&status) {
                user.status = Some(to);
                Outcome::Done
            } else {
                Outcome::NotAllowedInStatus
            }
        };
        match op {
            Op::Create { .. } => Outcome::Done,
            Op::Activate(_) => {
                let to = if user.has_password {
                    S::Active
                } else {
                    S::Provisioned
                };
                transition(user, &[S::Staged, S::Deprovisioned], to)
            }
            Op::Deactivate(_) => {
                // Okta answers 404 E0000007 (User) for a DEPROVISIONED user (recorded in
                // okta/okta-sdk-java issue #721).
                if status == S::Deprovisioned {
                    return Outcome::NotFound;
                }
                user.status = Some(S::Deprovisioned);
                user.apps.clear();
                Outcome::Done
            }
            Op::Reactivate(_) => transition(user, &[S::Provisioned, S::Recovery], S::Provisioned),
            Op::Suspend(_) => transition(user, &[S::Active], S::Suspended),
            Op::Unsuspend(_) => transition(user, &[S::Suspended], S::Active),
            // Expiring again an expired password is allowed (it stays expired).
            Op::ExpirePassword(_) => {
                transition(user, &[S::Active, S::PasswordExpired], S::PasswordExpired)
            }
            Op::Unlock(_) => Outcome::UnlockNotAllowed,
            Op::Delete(_) => {
                if status == S::Deprovisioned {
                    user.status = None;
                    user.groups.clear();
                } else {
                    user.status = Some(S::Deprovisioned);
                }
                user.apps.clear();
                Outcome::Done
            }
            Op::Assign { app, .. } => {
                if status == S::Deprovisioned {
                    return Outcome::NotAllowedInStatus;
                }
                user.apps.insert(app);
                Outcome::Done
            }
            Op::Unassign { app, .. } => {
                if user.apps.remove(&app) {
                    Outcome::Done
                } else {
                    Outcome::NotFound
                }
            }
            Op::Join { group, .. } => {
                user.groups.insert(group);
                Outcome::Done
            }
            Op::Leave { group, .. } => {
                user.groups.remove(&group);
                Outcome::Done
            }
        }
    }

    /// The indexes of the live users in `group`.
    pub fn members(&self, group: usize) -> BTreeSet<usize> {
        self.users
            .iter()
            .enumerate()
            .filter(|(_, u)| u.status.is_some() && u.groups.contains(&group))
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deactivating_a_suspended_user_drops_its_apps_but_suspending_keeps_them() {
        let mut m = Model::default();
        m.apply(Op::Create {
            password: true,
            activate: true,
        });
        m.apply(Op::Assign { user: 0, app: 1 });
        assert_eq!(m.apply(Op::Suspend(0)), Outcome::Done);
        assert_eq!(m.users[0].apps, BTreeSet::from([1]));
        assert_eq!(m.apply(Op::Deactivate(0)), Outcome::Done);
        assert!(m.users[0].apps.is_empty());
        assert_eq!(m.apply(Op::Suspend(0)), Outcome::NotAllowedInStatus);
        assert_eq!(m.apply(Op::Delete(0)), Outcome::Done);
        assert_eq!(m.users[0].status, None);
        assert_eq!(m.apply(Op::Activate(0)), Outcome::NotFound);
    }
}
