//! The apps part: app instances, their defaults by sign-on mode, and their profile mappings.

pub(super) mod build;
pub(super) mod crud;

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
