//! Application instances and their lifecycle: created ACTIVE (or INACTIVE), deactivated before
//! deletion, deleted with their app users.

use std::borrow::Cow;
use std::ops::Bound;
use std::sync::Arc;

use okta_client::models::{Application, ApplicationStatus, OFFICE365_APP_NAME};
use serde_json::{Map, Value};

use crate::store::input::{AppInput, IntoInput};
use crate::store::mapping::Mapping;
use crate::store::paging::{self, Page, PageRequest, take_page};
use crate::store::query::{Dialect, Op, Query};
use crate::store::record::{AppRec, Id};
use crate::store::{Org, StoreError, render};

/// The org id used in app ORNs.
pub(crate) const ORG_ID: &str = "00o1mockorg000000000";
/// The org's short name, used in generated app names (`mock_myapp_1`).
pub(crate) const ORG_NAME: &str = "mock";

/// Query parameters of `GET /api/v1/apps`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppQuery {
    /// `q`: name or label starts-with, ignoring case.
    pub q: Option<String>,
    /// `filter`: `name eq`, `status eq`, `id eq`, `user.id eq`, `group.id eq`, with `and`/`or`.
    pub filter: Option<String>,
    /// `expand`: `user/{userId}` embeds that user's app user.
    pub expand: Option<String>,
}

fn app_filter_check(attribute: &str, op: Option<Op>) -> Result<(), String> {
    if !matches!(attribute, "name" | "status" | "id" | "user.id" | "group.id") {
        return Err(format!(
            "Filtering on the attribute '{attribute}' is not supported"
        ));
    }
    match op {
        Some(Op::Eq) => Ok(()),
        Some(op) => Err(format!(
            "The operator '{}' is not supported in an app filter",
            op.as_str()
        )),
        None => Err("The operator 'pr' is not supported in an app filter".to_owned()),
    }
}

const APP_FILTER: Dialect = Dialect {
    check: app_filter_check,
    is_timestamp: |_| false,
    case_insensitive: false,
};

impl Org {
    /// Lists apps in id order.
    ///
    /// # Errors
    /// 400 E0000031 for a bad filter, E0000029 for a bad cursor.
    pub fn list_apps(
        &self,
        query: &AppQuery,
        page: &PageRequest,
    ) -> Result<Page<Application>, StoreError> {
        let after = page.cursor_key()?;
        let limit = page.effective_limit(paging::APPS);
        let filter = query.filter.as_deref().filter(|f| !f.trim().is_empty());
        let compiled = filter.map(|f| Query::compile(f, &APP_FILTER)).transpose()?;
        let user_ids: Vec<String> = compiled
            .as_ref()
            .map(|q| q.expr().literals_for("user.id"))
            .unwrap_or_default();
        let group_ids: Vec<String> = compiled
            .as_ref()
            .map(|q| q.expr().literals_for("group.id"))
            .unwrap_or_default();
        let q = query
            .q
            .as_deref()
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase);
        let expand_user: Option<Id> = query
            .expand
            .as_deref()
            .and_then(|e| e.strip_prefix("user/"))
            .and_then(|u| self.find_user_id(u));
        let lower = after.as_deref().map_or(Bound::Unbounded, Bound::Excluded);
        let iter = self
            .apps
            .range::<str, _>((lower, Bound::Unbounded))
            .filter(|(_, a)| {
                q.as_ref().is_none_or(|q| {
                    a.app.name.to_lowercase().starts_with(q)
                        || a.app.label.to_lowercase().starts_with(q)
                })
            })
            .filter(|(id, a)| {
                compiled.as_ref().is_none_or(|c| {
                    c.matches(&|attr| {
                        let value = match attr {
                            "name" => Some(Value::String(a.app.name.clone())),
                            "status" => Some(Value::String(a.app.status.as_str().to_owned())),
                            "id" => Some(Value::String(a.app.id.to_string())),
                            "user.id" => Some(Value::Array(
                                user_ids
                                    .iter()
                                    .filter(|u| {
                                        self.app_users
                                            .contains_key(&((*id).clone(), Arc::from(u.as_str())))
                                    })
                                    .map(|u| Value::String(u.clone()))
                                    .collect(),
                            )),
                            // `group.id eq ":gid"`: "Apps assigned to a specific group"
                            // (Okta's Apps API reference, `_source/_docs/api/resources/apps.md`
                            // in oktadeveloper/okta-blog-archive, PR #412).
                            "group.id" => Some(Value::Array(
                                group_ids
                                    .iter()
                                    .filter(|g| {
                                        self.app_groups
                                            .contains_key(&((*id).clone(), Arc::from(g.as_str())))
                                    })
                                    .map(|g| Value::String(g.clone()))
                                    .collect(),
                            )),
                            _ => None,
                        };
                        value.map(Cow::Owned)
                    })
                })
            })
            .map(|(id, a)| {
                let mut app = a.app.clone();
                if let Some(u) = &expand_user
                    && let Some(au) = self.app_users.get(&(id.clone(), u.clone()))
                {
                    let au = self.provisioned_view(id, au);
                    let mut rendered = serde_json::to_value(&au).unwrap_or(Value::Null);
                    // As on every app user Okta returns: `passwordChanged`, null when unset.
                    if let Value::Object(m) = &mut rendered {
                        m.entry("passwordChanged").or_insert(Value::Null);
                    }
                    app.embedded = Some(Map::from_iter([("user".to_owned(), rendered)]));
                }
                (id, app)
            });
        Ok(take_page(iter, limit))
    }

    /// An app by id.
    ///
    /// # Errors
    /// 404 E0000007 (`AppInstance`).
    pub fn get_app(&self, id: &str) -> Result<Application, StoreError> {
        self.apps
            .get(id)
            .map(|a| a.app.clone())
            .ok_or_else(|| StoreError::not_found("AppInstance", id))
    }

    /// Creates an app: a generated id, ORN and (for custom types) name, status ACTIVE unless
    /// `activate` is false, and Okta's default blocks for what the body leaves out. The first
    /// instance of a name gets the name as its mapping variable; later ones a suffixed variant.
    ///
    /// # Errors
    /// 400 E0000001 without a label, or without a name or sign-on mode to derive one from.
    pub(in crate::store) fn create_app(
        &mut self,
        body: impl IntoInput<AppInput>,
        activate: bool,
    ) -> Result<Application, StoreError> {
        let input = body.into_input()?;
        let status = if activate {
            ApplicationStatus::Active
        } else {
            ApplicationStatus::Inactive
        };
        let app = self.build_app(None, input, status)?;
        let variable = self.next_variable_name(&app.name);
        let mappings = if app.name == OFFICE365_APP_NAME {
            vec![Mapping::office365_default()]
        } else {
            Vec::new()
        };
        Ok(self.insert_app(app, variable, mappings))
    }

    /// A free variable name for a new instance of `name`.
    pub(crate) fn next_variable_name(&mut self, name: &str) -> String {
        if !self.apps.values().any(|a| a.variable_name == name) {
            return name.to_owned();
        }
        loop {
            let candidate = format!("{name}_{}", self.ids.suffix());
            if !self.apps.values().any(|a| a.variable_name == candidate) {
                return candidate;
            }
        }
    }

    pub(crate) fn insert_app(
        &mut self,
        app: Application,
        variable_name: String,
        mappings: Vec<Mapping>,
    ) -> Application {
        let id: Id = Arc::from(app.id.as_str());
        self.apps.insert(
            id,
            AppRec {
                app: app.clone(),
                variable_name,
                mappings,
            },
        );
        app
    }

    /// Replaces an app's settings (`PUT`); id, name, status and created are kept.
    ///
    /// # Errors
    /// 404 for an unknown app; 400 E0000001 without a label.
    pub(in crate::store) fn replace_app(
        &mut self,
        id: &str,
        body: impl IntoInput<AppInput>,
    ) -> Result<Application, StoreError> {
        let mut input = body.into_input()?;
        let Some(current) = self.apps.get(id).map(|a| a.app.clone()) else {
            return Err(StoreError::not_found("AppInstance", id));
        };
        input.name = Some(current.name.clone());
        if input.sign_on_mode.is_none() {
            input.sign_on_mode = current.sign_on_mode.clone();
        }
        if input.orn.is_none() {
            input.orn = current
                .extra
                .get("orn")
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        let mut app = self.build_app(Some(id), input, current.status.clone())?;
        app.created = current.created;
        let Some(rec) = self.apps.get_mut(id) else {
            return Err(StoreError::not_found("AppInstance", id));
        };
        rec.app = app.clone();
        Ok(app)
    }

    /// Activates an app (already active is fine).
    ///
    /// # Errors
    /// 404 for an unknown app.
    pub(in crate::store) fn activate_app(&mut self, id: &str) -> Result<(), StoreError> {
        self.set_app_status(id, ApplicationStatus::Active)
    }

    /// Deactivates an app (already inactive is fine).
    ///
    /// # Errors
    /// 404 for an unknown app.
    pub(in crate::store) fn deactivate_app(&mut self, id: &str) -> Result<(), StoreError> {
        self.set_app_status(id, ApplicationStatus::Inactive)
    }

    fn set_app_status(&mut self, id: &str, status: ApplicationStatus) -> Result<(), StoreError> {
        let now = render::ts(self.now());
        let Some(rec) = self.apps.get_mut(id) else {
            return Err(StoreError::not_found("AppInstance", id));
        };
        if rec.app.status != status {
            rec.app.status = status;
            rec.app.last_updated = now;
        }
        Ok(())
    }

    /// Deletes an inactive app and its app users.
    ///
    /// # Errors
    /// 404 for an unknown app; 403 E0000056 for an ACTIVE one.
    pub(in crate::store) fn delete_app(&mut self, id: &str) -> Result<(), StoreError> {
        let Some((key, rec)) = self.apps.get_key_value(id) else {
            return Err(StoreError::not_found("AppInstance", id));
        };
        if rec.app.status == ApplicationStatus::Active {
            return Err(StoreError::delete_active_app());
        }
        let key = key.clone();
        let is_ad = rec.app.is_active_directory();
        let users: Vec<Id> = self.users_of_app(&key).collect();
        for u in &users {
            self.remove_assignment(&key, u);
        }
        self.forget_app_groups(&key);
        self.apps.remove(id);
        if is_ad {
            // Their directory data changed: findDirectoryUser() may now find one instance.
            for u in &users {
                self.refresh_user_mappings(u);
            }
        }
        Ok(())
    }
}
