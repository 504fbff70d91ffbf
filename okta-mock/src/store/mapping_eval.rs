//! Evaluating an app's profile mappings for one user: all of them when the user is assigned
//! and, for `create_and_update`, again when the user's profile or AD assignments change.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::expr::EvalContext;

use super::Org;
use super::mapping::ApplyOn;
use super::record::{Id, UserRec};

/// What an expression sees of one user.
struct Ctx<'a> {
    store: &'a Org,
    user: &'a UserRec,
}

impl EvalContext for Ctx<'_> {
    fn user_attribute(&self, name: &str) -> Option<Value> {
        self.user.profile.get(name).cloned()
    }

    fn directory_users(&self) -> Vec<Value> {
        self.store
            .apps_of(&self.user.id)
            .filter(|a| {
                self.store
                    .apps
                    .get(&**a)
                    .is_some_and(|r| r.app.is_active_directory())
            })
            .filter_map(|a| self.store.app_user_profile(&a, &self.user.id))
            .collect()
    }

    fn app_user_by_variable(&self, variable_name: &str) -> Option<Value> {
        let app = self
            .store
            .apps
            .values()
            .find(|a| a.variable_name == variable_name)?;
        let app_id: Id = Arc::from(app.app.id.as_str());
        self.store.app_user_profile(&app_id, &self.user.id)
    }
}

impl Org {
    /// An app user's profile as expressions see it: `externalId` is null unless the app user
    /// is linked (not DEPROVISIONED or STAGED).
    fn app_user_profile(&self, app: &Id, user: &Id) -> Option<Value> {
        let au = self.app_users.get(&(app.clone(), user.clone()))?;
        let mut profile = au.profile.clone();
        let is_ad = self
            .apps
            .get(&**app)
            .is_some_and(|a| a.app.is_active_directory());
        if is_ad {
            let ext = au.external_id.clone().map_or(Value::Null, Value::String);
            profile.insert("externalId".to_owned(), ext);
        }
        Some(Value::Object(profile))
    }

    /// Applies an app's mappings to one app user: all of them on assignment, only
    /// `create_and_update` ones otherwise.
    pub(crate) fn apply_mappings(&mut self, app: &Id, user: &Id, creating: bool) {
        let Some(rec) = self.apps.get(&**app) else {
            return;
        };
        let Some(user_rec) = self.users.get(&**user) else {
            return;
        };
        let ctx = Ctx {
            store: self,
            user: user_rec,
        };
        let results: Map<String, Value> = rec
            .mappings
            .iter()
            .filter(|m| creating || m.apply_on == ApplyOn::CreateAndUpdate)
            .map(|m| (m.attribute.clone(), m.expr.eval(&ctx)))
            .collect();
        if results.is_empty() {
            return;
        }
        let now = self.now();
        if let Some(au) = self.app_users.get_mut(&(app.clone(), user.clone())) {
            let mut changed = false;
            for (k, v) in results {
                if au.profile.get(&k) != Some(&v) {
                    au.profile.insert(k, v);
                    changed = true;
                }
            }
            if changed {
                au.last_updated = super::render::ts(now);
            }
        }
    }

    /// Re-applies `create_and_update` mappings of every app the user is assigned to, after its
    /// profile or AD assignments changed.
    pub(crate) fn refresh_user_mappings(&mut self, user: &Id) {
        let apps: Vec<Id> = self.apps_of(user).collect();
        for app in apps {
            self.apply_mappings(&app, user, false);
        }
    }
}
