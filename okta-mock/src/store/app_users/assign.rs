//! App users: assignments of users to apps, with the app-specific profile. For Active
//! Directory instances the top-level `externalId` mirrors `profile.externalId` while the app
//! user is linked, and is null when it is DEPROVISIONED or STAGED.

use std::ops::Bound;
use std::sync::Arc;

use okta_client::directory::is_unlinked_status;
use okta_client::models::{
    AppUser, AppUserCredentials, AppUserEmbedded, AppUserScope, AppUserStatus, SyncState,
    UserStatus,
};
use serde_json::{Map, Value};

use crate::store::input::{AppUserAssignInput, AppUserUpdateInput, IntoInput};
use crate::store::org::pairs;
use crate::store::paging::{self, Page, PageRequest, take_page};
use crate::store::record::Id;
use crate::store::{Org, StoreError, render};

/// Query parameters of `GET /api/v1/apps/{id}/users`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppUserQuery {
    /// `q`: starts-with on the app user's profile `userName`, `firstName`, `lastName`, `email`.
    pub q: Option<String>,
    /// `expand=user`: embed the Okta user.
    pub expand_user: bool,
}

/// Keeps the top-level `externalId` of an AD app user consistent with its profile and status:
/// none in the statuses Okta's rule counts as unlinked (`is_unlinked_status`, shared with the
/// client).
pub(crate) fn normalise_ad(au: &mut AppUser) {
    let linked = !is_unlinked_status(au.status.as_ref());
    let from_profile = au
        .profile
        .get("externalId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    au.external_id = if linked {
        from_profile.or(au.external_id.take())
    } else {
        None
    };
}

impl Org {
    fn app_key(&self, app: &str) -> Result<Id, StoreError> {
        self.apps
            .get_key_value(app)
            .map(|(k, _)| Arc::clone(k))
            .ok_or_else(|| StoreError::not_found("AppInstance", app))
    }

    fn render_app_user(&self, app: &str, au: &AppUser, expand_user: bool) -> AppUser {
        let mut au = self.provisioned_view(app, au);
        if expand_user && let Some(u) = self.users.get(au.id.as_str()) {
            au.embedded = Some(AppUserEmbedded {
                user: Some(Box::new(render::user(u))),
                extra: Map::new(),
            });
        }
        au
    }

    /// A page of an app's users in user-id order.
    ///
    /// # Errors
    /// 404 for an unknown app; 400 E0000029 for a bad cursor.
    pub fn list_app_users(
        &self,
        app: &str,
        query: &AppUserQuery,
        page: &PageRequest,
    ) -> Result<Page<AppUser>, StoreError> {
        let app = self.app_key(app)?;
        let after = page.cursor_key()?;
        let limit = page.effective_limit(paging::APP_USERS);
        let q = query
            .q
            .as_deref()
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase);
        let lower = match after {
            Some(a) => Bound::Excluded((app.clone(), Arc::from(a))),
            None => Bound::Included((app.clone(), Arc::from(""))),
        };
        let iter = self
            .app_users
            .range((lower, Bound::Unbounded))
            .take_while(|((a, _), _)| *a == app)
            .filter(|(_, au)| q.as_ref().is_none_or(|q| Self::app_user_matches(au, q)))
            .map(|((a, u), au)| (u, self.render_app_user(a, au, query.expand_user)));
        Ok(take_page(iter, limit))
    }

    /// Okta's `q` on app users: "matched against the beginning of the following profile
    /// attributes: `userName`, `firstName`, `lastName`, and `email`" (spec, parameter
    /// `queryAppUserQ`). The app user's profile only: not the Okta user's login or names, not
    /// `credentials.userName`, so an app user without a profile (SSO apps) never matches.
    fn app_user_matches(au: &AppUser, q: &str) -> bool {
        ["userName", "firstName", "lastName", "email"]
            .iter()
            .any(|a| {
                au.profile
                    .get(*a)
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.to_lowercase().starts_with(q))
            })
    }

    /// One app user.
    ///
    /// # Errors
    /// 404 for an unknown app, or E0000007 when the user is not assigned.
    pub fn get_app_user(
        &self,
        app: &str,
        user: &str,
        expand_user: bool,
    ) -> Result<AppUser, StoreError> {
        let app = self.app_key(app)?;
        let uid: Id = self.find_user_id(user).unwrap_or_else(|| Arc::from(user));
        self.app_users
            .get(&(app.clone(), uid))
            .map(|au| self.render_app_user(&app, au, expand_user))
            .ok_or_else(|| StoreError::not_found("AppUser", user))
    }

    /// Assigns a user to an app (`{id, scope?, credentials?, profile?, externalId?}`); assigning
    /// again updates the assignment. For apps that push users (`PUSH_NEW_USERS`) the new app
    /// user is STAGED until provisioning completes (see `provisioning`), ACTIVE otherwise. The app's mappings are applied, and, when the app
    /// is an AD instance, the user's other apps' `create_and_update` mappings are re-applied.
    ///
    /// # Errors
    /// 404 for an unknown app or user; 400 E0000001 without `id`; 403 E0000038 for a
    /// DEPROVISIONED user.
    pub(in crate::store) fn assign_app_user(
        &mut self,
        app: &str,
        body: impl IntoInput<AppUserAssignInput>,
    ) -> Result<AppUser, StoreError> {
        let input = body.into_input()?;
        let app = self.app_key(app)?;
        let user = input.id.as_str();
        let user = self.user_id(user)?;
        if self
            .users
            .get(&*user)
            .is_some_and(|u| u.status == UserStatus::Deprovisioned)
        {
            return Err(StoreError::not_allowed_in_status());
        }
        let provisioning = self.pushes_users(&app);
        let mut au = self.new_app_user(&app, &user, &input, AppUserStatus::Active)?;
        let previous = self.app_users.get(&(app.clone(), user.clone()));
        let creating = previous.is_none();
        if provisioning {
            match previous {
                // Assigned again: provisioning already ran (or is queued); keep its result.
                Some(prev) => {
                    au.status = prev.status.clone();
                    au.external_id = prev.external_id.clone();
                    au.sync_state = prev.sync_state.clone();
                    au.last_sync = prev.last_sync;
                }
                None => self.queue_provisioning(&app, &user, &mut au),
            }
        }
        self.put_app_user(&app, &user, au);
        self.apply_mappings(&app, &user, creating);
        self.after_assignment_change(&app, &user);
        self.get_app_user(&app, &user, false)
    }

    /// Builds an app user from an assignment body (also used by scenario loading).
    pub(crate) fn new_app_user(
        &self,
        app: &Id,
        user: &Id,
        input: &AppUserAssignInput,
        status: AppUserStatus,
    ) -> Result<AppUser, StoreError> {
        let scope = input.scope.clone().unwrap_or(AppUserScope::User);
        let profile = input.profile.clone();
        let login = self
            .users
            .get(&**user)
            .and_then(|u| u.profile.get_str("login"))
            .map(str::to_owned);
        let user_name = input.user_name.clone().or(login);
        let status = input.status.clone().unwrap_or(status);
        let now = render::ts(self.now());
        let previous = self.app_users.get(&(app.clone(), user.clone()));
        let mut au = AppUser {
            id: okta_client::models::UserId::new(&**user),
            external_id: input.external_id.clone(),
            scope: Some(scope),
            status: Some(status.clone()),
            sync_state: Some(if status == AppUserStatus::Provisioned {
                SyncState::Synchronized
            } else {
                SyncState::Disabled
            }),
            created: previous.and_then(|p| p.created).or(now),
            last_updated: now,
            status_changed: previous.and_then(|p| p.status_changed).or(now),
            last_sync: None,
            password_changed: None,
            credentials: Some(AppUserCredentials {
                user_name,
                password: None,
            }),
            profile,
            links: None,
            embedded: None,
            extra: Map::new(),
        };
        if let Some(prev) = previous {
            let mut merged = prev.profile.clone();
            merged.extend(std::mem::take(&mut au.profile));
            au.profile = merged;
        }
        Ok(au)
    }

    /// Stores an app user, keeping both indexes and the AD `externalId` rule.
    pub(crate) fn put_app_user(&mut self, app: &Id, user: &Id, mut au: AppUser) {
        if self
            .apps
            .get(&**app)
            .is_some_and(|a| a.app.is_active_directory())
        {
            normalise_ad(&mut au);
        }
        self.user_apps.insert((user.clone(), app.clone()));
        self.app_users.insert((app.clone(), user.clone()), au);
    }

    /// Partially updates an app user's profile, credentials user name or scope.
    ///
    /// # Errors
    /// 404 for an unknown app or unassigned user.
    pub(in crate::store) fn update_app_user(
        &mut self,
        app: &str,
        user: &str,
        body: impl IntoInput<AppUserUpdateInput>,
    ) -> Result<AppUser, StoreError> {
        let input = body.into_input()?;
        let app = self.app_key(app)?;
        let uid: Id = self.find_user_id(user).unwrap_or_else(|| Arc::from(user));
        let now = render::ts(self.now());
        let is_ad = self
            .apps
            .get(&*app)
            .is_some_and(|a| a.app.is_active_directory());
        let Some(au) = self.app_users.get_mut(&(app.clone(), uid.clone())) else {
            return Err(StoreError::not_found("AppUser", user));
        };
        if let Some(p) = input.profile {
            au.profile.extend(p);
        }
        if let Some(name) = input.user_name {
            au.credentials
                .get_or_insert_with(AppUserCredentials::default)
                .user_name = Some(name);
        }
        if let Some(scope) = input.scope {
            au.scope = Some(scope);
        }
        au.last_updated = now;
        if is_ad {
            normalise_ad(au);
        }
        self.after_assignment_change(&app, &uid);
        self.get_app_user(&app, &uid, false)
    }

    /// Removes an assignment.
    ///
    /// # Errors
    /// 404 for an unknown app or unassigned user.
    pub(in crate::store) fn unassign_app_user(
        &mut self,
        app: &str,
        user: &str,
    ) -> Result<(), StoreError> {
        let app = self.app_key(app)?;
        let uid: Id = self.find_user_id(user).unwrap_or_else(|| Arc::from(user));
        if !self.app_users.contains_key(&(app.clone(), uid.clone())) {
            return Err(StoreError::not_found("AppUser", user));
        }
        self.remove_assignment(&app, &uid);
        // Still in one of the app's groups: the app stays, through the group.
        self.grant_through_group(&app, &uid);
        self.after_assignment_change(&app, &uid);
        Ok(())
    }

    /// After an AD app user changed, the user's other apps' mappings see new directory data.
    fn after_assignment_change(&mut self, app: &Id, user: &Id) {
        let is_ad = self
            .apps
            .get(&**app)
            .is_some_and(|a| a.app.is_active_directory());
        if is_ad {
            self.refresh_user_mappings(user);
        }
    }

    pub(crate) fn remove_assignment(&mut self, app: &Id, user: &Id) {
        self.forget_provisioning(app, user);
        self.app_users.remove(&(app.clone(), user.clone()));
        self.user_apps.remove(&(user.clone(), app.clone()));
    }

    /// Removes every assignment of a user (deactivation, deletion).
    pub(crate) fn remove_all_assignments(&mut self, user: &Id) {
        let apps: Vec<Id> = self.apps_of(user).collect();
        for app in apps {
            self.remove_assignment(&app, user);
        }
    }

    /// The apps a user is assigned to.
    pub(crate) fn apps_of<'a>(&'a self, user: &Id) -> impl Iterator<Item = Id> + 'a {
        pairs(&self.user_apps, user)
    }

    /// The users assigned to an app.
    pub(crate) fn users_of_app<'a>(&'a self, app: &Id) -> impl Iterator<Item = Id> + 'a {
        let app = app.clone();
        self.app_users
            .range((app.clone(), Arc::from(""))..)
            .take_while(move |((a, _), _)| *a == app)
            .map(|((_, u), _)| u.clone())
    }
}
