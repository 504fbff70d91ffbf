//! Mutations of users' MFA factors.

use okta_client::models::UserFactor;

use super::super::input::FactorInput;
use super::super::{Org, StoreError};
use super::sealed::Apply;
use super::{Applied, Change, Target};

/// Enrolls a factor for a user as given (the admin API's `POST /__mock/users/{id}/factors`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct EnrollFactor {
    /// The user's id or login.
    pub user: String,
    /// The validated factor.
    pub input: FactorInput,
}

impl Apply for EnrollFactor {
    /// The stored factor (without `_links`).
    type Output = UserFactor;
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<UserFactor>, StoreError> {
        let user = store.user_id(&self.user)?;
        let factor = store.enroll_factor(&user, self.input)?;
        let active = factor.status == okta_client::models::FactorStatus::Active;
        Ok(Applied::new(
            factor.to_model(),
            Change::FactorEnrolled { active },
            vec![Target::user(&*user)],
        ))
    }
}

/// Unenrolls a factor (`DELETE /api/v1/users/{userId}/factors/{factorId}`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct UnenrollFactor {
    /// The user's id or login.
    pub user: String,
    /// The factor's id.
    pub factor: String,
}

impl Apply for UnenrollFactor {
    type Output = ();
    type Error = StoreError;
    fn apply(self, store: &mut Org) -> Result<Applied<()>, StoreError> {
        let user = store.unenroll_factor(&self.user, &self.factor)?;
        Ok(Applied::new(
            (),
            Change::FactorUnenrolled,
            vec![Target::user(&*user)],
        ))
    }
}
