//! The factors part: the MFA factors each user enrolled (`/api/v1/users/{userId}/factors`),
//! kept apart from the user records (most users of a large org enroll none, and a user record
//! must stay small). Enrolling and unenrolling are mutations of the commit point
//! ([`EnrollFactor`](super::commit::EnrollFactor), [`UnenrollFactor`](super::commit::UnenrollFactor));
//! reads go through [`Factors`] (`store.factors()`).
//!
//! Factor ids come from a generator of their own, seeded from the org's seed: enrolling a
//! factor never shifts the ids of the users, groups and apps created after it.

use std::collections::BTreeMap;
use std::sync::Arc;

use okta_client::models::{
    FactorId, FactorProvider, FactorStatus, FactorType, Timestamp, UserFactor, UserStatus,
};
use serde_json::{Map, Value};

use super::StoreError;
use super::ids::IdGen;
use super::input::FactorInput;
use super::org::{Org, whole_second};
use super::record::Id;

#[cfg(test)]
mod tests;

/// One enrolled factor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FactorRec {
    pub id: Id,
    pub factor_type: FactorType,
    pub provider: FactorProvider,
    pub vendor_name: Option<Box<str>>,
    pub status: FactorStatus,
    pub created: i64,
    pub last_updated: i64,
    pub profile: Map<String, Value>,
}

impl FactorRec {
    /// The wire model, without `_links` (the HTTP layer writes them on the request's host).
    pub(crate) fn to_model(&self) -> UserFactor {
        let ts = |ms: i64| Timestamp::from_unix_millis(ms).ok();
        UserFactor {
            id: FactorId::new(&*self.id),
            factor_type: self.factor_type.clone(),
            provider: Some(self.provider.clone()),
            vendor_name: self.vendor_name.as_deref().map(str::to_owned),
            status: Some(self.status.clone()),
            created: ts(self.created),
            last_updated: ts(self.last_updated),
            profile: self.profile.clone(),
            links: None,
            embedded: None,
            extra: Map::new(),
        }
    }
}

/// The factors of every user, with their id generator.
#[derive(Debug, Clone)]
pub(crate) struct FactorBook {
    by_user: BTreeMap<Id, Vec<FactorRec>>,
    ids: IdGen,
}

impl FactorBook {
    /// No factors; ids seeded from the org's seed (mixed, so they differ from the org's ids).
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            by_user: BTreeMap::new(),
            ids: IdGen::new(seed ^ 0xFAC7_0125_0000_0000),
        }
    }

    /// Where the factor id generator stands (see [`IdGen::position`]), for snapshots.
    pub(crate) fn id_position(&self) -> (u64, u64) {
        self.ids.position()
    }

    /// Puts the factor id generator where [`FactorBook::id_position`] found it.
    pub(crate) fn resume_ids(&mut self, counter: u64, suffixes: u64) {
        self.ids.resume(counter, suffixes);
    }

    /// How many factors are enrolled in the whole org.
    pub(crate) fn len(&self) -> usize {
        self.by_user.values().map(Vec::len).sum()
    }
}

/// The id prefix of a factor type. Okta's ids are opaque; these follow the ones seen in the
/// spec's examples (`ufs…` for a question, `ostf…` for Okta Verify TOTP, `sms…`) and in
/// okta-sdk-python's recorded enrollments (`mbl…` for SMS).
fn prefix(factor_type: &FactorType) -> &'static str {
    match factor_type {
        FactorType::Question => "ufs",
        FactorType::TokenSoftwareTotp => "ost",
        FactorType::Sms => "mbl",
        _ => "fct",
    }
}

impl Org {
    /// Enrolls a factor for a user as `input` gives it (status and timestamps default to
    /// `ACTIVE` and now); answers the stored factor.
    ///
    /// # Errors
    /// 404 E0000007 for an unknown user; 403 E0000038 for a DEPROVISIONED user; 400 E0000001
    /// when the user already has a factor of this type from this provider, or the given id is
    /// taken.
    pub(in crate::store) fn enroll_factor(
        &mut self,
        user: &str,
        input: FactorInput,
    ) -> Result<FactorRec, StoreError> {
        let user = self.user_id(user)?;
        if self.user_record(&user)?.status == UserStatus::Deprovisioned {
            return Err(StoreError::not_allowed_in_status());
        }
        let existing = self
            .factors
            .by_user
            .get(&user)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if existing
            .iter()
            .any(|f| f.factor_type == input.factor_type && f.provider == input.provider)
        {
            // Okta allows one factor per type and provider; this wording is the mock's own.
            return Err(StoreError::invalid_field(
                "factorType",
                "A factor of this type is already enrolled.",
            ));
        }
        let id: Id = match input.id {
            Some(id) if self.factor_id_taken(&id) => {
                return Err(StoreError::invalid_field("id", "The id is already taken."));
            }
            Some(id) => Arc::from(id),
            None => {
                let by_user = &self.factors.by_user;
                let taken = |id: &str| by_user.values().flatten().any(|f| &*f.id == id);
                Arc::from(self.factors.ids.next(prefix(&input.factor_type), taken))
            }
        };
        let now = self.now();
        let ms = |t: Option<Timestamp>| t.map(|t| whole_second(t.unix_millis()));
        let created = ms(input.created).unwrap_or(now);
        let rec = FactorRec {
            id,
            vendor_name: input.vendor_name.map(String::into_boxed_str),
            status: input.status.unwrap_or(FactorStatus::Active),
            created,
            last_updated: ms(input.last_updated).unwrap_or(created),
            profile: input.profile,
            factor_type: input.factor_type,
            provider: input.provider,
        };
        self.factors
            .by_user
            .entry(user)
            .or_default()
            .push(rec.clone());
        Ok(rec)
    }

    /// Unenrolls one factor of a user.
    ///
    /// # Errors
    /// 404 E0000007 for an unknown user or factor (`(UserFactor)`, as recorded); 403 E0000038
    /// for a DEPROVISIONED user (the spec: "You can't unenroll a factor from a deactivated
    /// user").
    pub(in crate::store) fn unenroll_factor(
        &mut self,
        user: &str,
        factor: &str,
    ) -> Result<Id, StoreError> {
        let user = self.user_id(user)?;
        if self.user_record(&user)?.status == UserStatus::Deprovisioned {
            return Err(StoreError::not_allowed_in_status());
        }
        let list = self.factors.by_user.get_mut(&user);
        let Some(list) = list.filter(|l| l.iter().any(|f| &*f.id == factor)) else {
            return Err(StoreError::not_found("UserFactor", factor));
        };
        list.retain(|f| &*f.id != factor);
        if list.is_empty() {
            self.factors.by_user.remove(&user);
        }
        Ok(user)
    }

    /// Drops every factor of a user (reset_factors, deletion for good).
    pub(in crate::store) fn drop_factors(&mut self, user: &str) {
        self.factors.by_user.remove(user);
    }

    fn factor_id_taken(&self, id: &str) -> bool {
        self.factors
            .by_user
            .values()
            .flatten()
            .any(|f| &*f.id == id)
    }
}

/// The users' enrolled factors, read-only (`store.factors()`); changes go through
/// [`Store::commit`](super::Store::commit).
#[derive(Clone, Copy)]
pub struct Factors<'a>(pub(super) &'a Org);

impl Factors<'_> {
    /// The factors of a user (id or login), in enrollment order.
    ///
    /// # Errors
    /// 404 E0000007 when there is no such user.
    pub fn list(&self, user: &str) -> Result<Vec<UserFactor>, StoreError> {
        let user = self.0.user_id(user)?;
        Ok(self.of(&user).iter().map(FactorRec::to_model).collect())
    }

    /// One factor of a user.
    ///
    /// # Errors
    /// 404 E0000007 when there is no such user, or no such factor for this user.
    pub fn get(&self, user: &str, factor: &str) -> Result<UserFactor, StoreError> {
        let user = self.0.user_id(user)?;
        self.of(&user)
            .iter()
            .find(|f| &*f.id == factor)
            .map(FactorRec::to_model)
            .ok_or_else(|| StoreError::not_found("UserFactor", factor))
    }

    /// How many factors the whole org holds.
    pub fn count(&self) -> usize {
        self.0.factors.len()
    }

    pub(crate) fn of(&self, user: &str) -> &[FactorRec] {
        self.0
            .factors
            .by_user
            .get(user)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}
