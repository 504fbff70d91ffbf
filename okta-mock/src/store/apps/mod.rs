//! The apps part: app instances, their defaults by sign-on mode, and their profile mappings.

pub(super) mod build;
pub(super) mod crud;

#[cfg(test)]
mod tests;

pub use crud::AppQuery;

use okta_client::models::Application;

use super::org::Org;
use super::{Page, PageRequest, StoreError};

/// The app instances of the org, read-only (`store.apps()`); changes go through
/// [`Store::commit`](super::Store::commit).
#[derive(Clone, Copy)]
pub struct Apps<'a>(pub(super) &'a Org);

impl Apps<'_> {
    /// The app with this id.
    ///
    /// # Errors
    /// 404 E0000007 when there is none.
    pub fn get(&self, id: &str) -> Result<Application, StoreError> {
        self.0.get_app(id)
    }

    /// Every app instance, in id order.
    pub fn all(&self) -> impl Iterator<Item = &Application> + '_ {
        self.0.apps.values().map(|a| &a.app)
    }

    /// The name profile mappings use to reach the app (`active_directory_gfuif63`).
    pub fn variable_name(&self, id: &str) -> Option<&str> {
        self.0.apps.get(id).map(|a| a.variable_name.as_str())
    }

    /// How provisioning to the app is made to fail, if it is (scenario `provisioningFailure`).
    pub fn provisioning_failure(&self, id: &str) -> Option<super::ProvisioningFailure> {
        self.0.provisioning_failure(id)
    }

    /// The app's profile mappings (Okta user → app user).
    pub fn mappings(&self, id: &str) -> &[super::Mapping] {
        self.0.apps.get(id).map_or(&[], |a| a.mappings.as_slice())
    }

    /// One page of `GET /api/v1/apps` (`q`, `filter`, `expand`).
    ///
    /// # Errors
    /// Okta's 400 for a malformed filter or cursor.
    pub fn list(
        &self,
        query: &AppQuery,
        page: &PageRequest,
    ) -> Result<Page<Application>, StoreError> {
        self.0.list_apps(query, page)
    }
}
