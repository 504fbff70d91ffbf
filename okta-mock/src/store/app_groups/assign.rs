//! Application–group assignments. A group assigned to an app gives each member an app user
//! with `scope: GROUP` and the assignment's profile; unassigning the group removes those app
//! users unless the user is also assigned directly (`scope: USER`) or through another of the
//! app's groups, as Okta does ("Assign applications to groups", Okta help; the spec's
//! `ApplicationGroupAssignment`).

use std::sync::Arc;

use okta_client::models::{
    AppUserScope, AppUserStatus, ApplicationGroupAssignment, GroupId, UserStatus,
};
use serde_json::{Map, Value};

use crate::store::input::{
    AppGroupInput, AppGroupPatch, AppUserAssignInput, IntoInput, wrong_type,
};
use crate::store::record::Id;
use crate::store::{Org, StoreError, render};

/// One assignment as stored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AppGroupRec {
    pub priority: i64,
    pub profile: Map<String, Value>,
    pub last_updated: i64,
}

fn render_assignment(group: &Id, rec: &AppGroupRec) -> ApplicationGroupAssignment {
    ApplicationGroupAssignment {
        id: GroupId::new(&**group),
        last_updated: render::ts(rec.last_updated),
        priority: Some(rec.priority),
        profile: rec.profile.clone(),
        links: None,
        embedded: None,
        extra: Map::new(),
    }
}

impl Org {
    fn app_and_group(&self, app: &str, group: &str) -> Result<(Id, Id), StoreError> {
        let app = self
            .apps
            .get_key_value(app)
            .map(|(k, _)| Arc::clone(k))
            .ok_or_else(|| StoreError::not_found("AppInstance", app))?;
        let group = self
            .groups
            .get_key_value(group)
            .map(|(k, _)| Arc::clone(k))
            .ok_or_else(|| StoreError::not_found("UserGroup", group))?;
        Ok((app, group))
    }

    /// Assigns a group to an app, or updates its assignment; members get app users.
    ///
    /// # Errors
    /// 404 for an unknown app or group; 400 for an invalid body.
    pub(in crate::store) fn assign_app_group(
        &mut self,
        app: &str,
        group: &str,
        body: impl IntoInput<AppGroupInput>,
    ) -> Result<ApplicationGroupAssignment, StoreError> {
        let input = body.into_input()?;
        let (app, group) = self.app_and_group(app, group)?;
        let priority = input.priority.unwrap_or_else(|| {
            self.app_groups
                .range((app.clone(), Arc::from(""))..)
                .take_while(|((a, _), _)| *a == app)
                .map(|(_, r)| r.priority + 1)
                .max()
                .unwrap_or(0)
        });
        let rec = AppGroupRec {
            priority,
            profile: input.profile,
            last_updated: self.now(),
        };
        self.app_groups
            .insert((app.clone(), group.clone()), rec.clone());
        self.group_apps.insert((group.clone(), app.clone()));
        for user in self.users_of_group(&group) {
            self.grant_through_group(&app, &user);
        }
        Ok(render_assignment(&group, &rec))
    }

    /// One assignment.
    ///
    /// # Errors
    /// 404 for an unknown app or group, or a group not assigned to the app.
    pub fn get_app_group(
        &self,
        app: &str,
        group: &str,
    ) -> Result<ApplicationGroupAssignment, StoreError> {
        let (app, group) = self.app_and_group(app, group)?;
        self.app_groups
            .get(&(app, group.clone()))
            .map(|rec| render_assignment(&group, rec))
            .ok_or_else(|| StoreError::not_found("ApplicationGroupAssignment", &group))
    }

    /// The groups assigned to an app, in priority order (then id).
    ///
    /// # Errors
    /// 404 for an unknown app.
    pub fn list_app_groups(
        &self,
        app: &str,
    ) -> Result<Vec<ApplicationGroupAssignment>, StoreError> {
        let app: Id = self
            .apps
            .get_key_value(app)
            .map(|(k, _)| Arc::clone(k))
            .ok_or_else(|| StoreError::not_found("AppInstance", app))?;
        let mut out: Vec<(i64, ApplicationGroupAssignment)> = self
            .app_groups
            .range((app.clone(), Arc::from(""))..)
            .take_while(|((a, _), _)| *a == app)
            .map(|((_, g), rec)| (rec.priority, render_assignment(g, rec)))
            .collect();
        out.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.id.as_str().cmp(b.1.id.as_str()))
        });
        Ok(out.into_iter().map(|(_, a)| a).collect())
    }

    /// The apps a group is assigned to, in id order.
    ///
    /// # Errors
    /// 404 for an unknown group.
    pub fn list_group_apps(
        &self,
        group: &str,
    ) -> Result<Vec<okta_client::models::Application>, StoreError> {
        let group: Id = self
            .groups
            .get_key_value(group)
            .map(|(k, _)| Arc::clone(k))
            .ok_or_else(|| StoreError::not_found("UserGroup", group))?;
        Ok(crate::store::org::pairs(&self.group_apps, &group)
            .filter_map(|a| self.apps.get(&*a).map(|r| r.app.clone()))
            .collect())
    }

    /// Unassigns a group; its members' group-scoped app users go unless another path remains.
    ///
    /// # Errors
    /// 404 for an unknown app or group, or a group not assigned to the app.
    pub(in crate::store) fn unassign_app_group(
        &mut self,
        app: &str,
        group: &str,
    ) -> Result<(), StoreError> {
        let (app, group) = self.app_and_group(app, group)?;
        if self
            .app_groups
            .remove(&(app.clone(), group.clone()))
            .is_none()
        {
            return Err(StoreError::not_found("ApplicationGroupAssignment", &group));
        }
        self.group_apps.remove(&(group.clone(), app.clone()));
        for user in self.users_of_group(&group) {
            self.revoke_through_group(&app, &user);
        }
        Ok(())
    }

    /// The members of a group; for "Everyone", every user.
    fn users_of_group(&self, group: &Id) -> Vec<Id> {
        if *group == self.everyone {
            self.users.keys().cloned().collect()
        } else {
            self.members_of(group).collect()
        }
    }

    /// The app's groups holding `user`, by priority.
    fn assigned_groups_of(&self, app: &Id, user: &Id) -> Vec<(i64, Id)> {
        let mut groups: Vec<(i64, Id)> = self
            .app_groups
            .range((app.clone(), Arc::from(""))..)
            .take_while(|((a, _), _)| a == app)
            .filter(|((_, g), _)| {
                *g == self.everyone || self.members.contains(&(g.clone(), user.clone()))
            })
            .map(|((_, g), r)| (r.priority, g.clone()))
            .collect();
        groups.sort();
        groups
    }

    /// Gives `user` the app through its groups, unless assigned directly; the highest-priority
    /// group's profile applies.
    pub(crate) fn grant_through_group(&mut self, app: &Id, user: &Id) {
        if self
            .users
            .get(&**user)
            .is_none_or(|u| u.status == UserStatus::Deprovisioned)
        {
            return;
        }
        let existing = self.app_users.get(&(app.clone(), user.clone()));
        if existing.is_some_and(|au| au.scope != Some(AppUserScope::Group)) {
            return;
        }
        let Some((_, top)) = self.assigned_groups_of(app, user).into_iter().next() else {
            return;
        };
        let profile = self
            .app_groups
            .get(&(app.clone(), top))
            .map(|r| r.profile.clone())
            .unwrap_or_default();
        let input = AppUserAssignInput {
            id: user.to_string(),
            scope: Some(AppUserScope::Group),
            profile,
            ..AppUserAssignInput::default()
        };
        let creating = existing.is_none();
        if let Ok(mut au) = self.new_app_user(app, user, &input, AppUserStatus::Active) {
            if creating && self.pushes_users(app) {
                self.queue_provisioning(app, user, &mut au);
            }
            self.put_app_user(app, user, au);
            self.apply_mappings(app, user, creating);
            self.after_group_assignment(app, user);
        }
    }

    /// Takes the app away from `user` when it came only through groups and none is left.
    pub(crate) fn revoke_through_group(&mut self, app: &Id, user: &Id) {
        let group_scoped = self
            .app_users
            .get(&(app.clone(), user.clone()))
            .is_some_and(|au| au.scope == Some(AppUserScope::Group));
        if !group_scoped {
            return;
        }
        if self.assigned_groups_of(app, user).is_empty() {
            self.remove_assignment(app, user);
            self.after_group_assignment(app, user);
        } else {
            self.grant_through_group(app, user);
        }
    }

    /// After a membership change: grant or revoke the apps of `group` for `user`.
    pub(crate) fn sync_group_apps(&mut self, group: &Id, user: &Id, added: bool) {
        let apps: Vec<Id> = crate::store::org::pairs(&self.group_apps, group).collect();
        for app in apps {
            if added {
                self.grant_through_group(&app, user);
            } else {
                self.revoke_through_group(&app, user);
            }
        }
    }

    /// Removes every assignment of a group being deleted.
    pub(crate) fn unassign_group_everywhere(&mut self, group: &Id) {
        let apps: Vec<Id> = crate::store::org::pairs(&self.group_apps, group).collect();
        for app in apps {
            let _ = self.unassign_app_group(&app, group);
        }
    }

    /// Removes every group assignment of an app being deleted.
    pub(crate) fn forget_app_groups(&mut self, app: &Id) {
        let groups: Vec<Id> = self
            .app_groups
            .range((app.clone(), Arc::from(""))..)
            .take_while(|((a, _), _)| a == app)
            .map(|((_, g), _)| g.clone())
            .collect();
        for g in groups {
            self.app_groups.remove(&(app.clone(), g.clone()));
            self.group_apps.remove(&(g, app.clone()));
        }
    }

    /// An AD app user changed: the user's other apps' mappings see new directory data.
    fn after_group_assignment(&mut self, app: &Id, user: &Id) {
        if self
            .apps
            .get(&**app)
            .is_some_and(|a| a.app.is_active_directory())
        {
            self.refresh_user_mappings(user);
        }
    }
}

impl Org {
    /// Applies patch operations to an assignment; members' group-scoped app users follow.
    ///
    /// # Errors
    /// 404 for an unknown app or group or an unassigned group; 400 for a priority that is not
    /// a whole number of 0 or more, or a profile that is not an object.
    pub(in crate::store) fn patch_app_group(
        &mut self,
        app: &str,
        group: &str,
        ops: Vec<AppGroupPatch>,
    ) -> Result<ApplicationGroupAssignment, StoreError> {
        let (app, group) = self.app_and_group(app, group)?;
        let Some(mut rec) = self.app_groups.get(&(app.clone(), group.clone())).cloned() else {
            return Err(StoreError::not_found("ApplicationGroupAssignment", &group));
        };
        for op in ops {
            match (
                op.path
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice(),
                op.replace,
            ) {
                (["priority"], true) => match op.value.as_i64().filter(|p| *p >= 0) {
                    Some(p) => rec.priority = p,
                    None => {
                        return Err(StoreError::invalid_field(
                            "priority",
                            &wrong_type("a whole number of 0 or more"),
                        ));
                    }
                },
                (["priority"], false) => {}
                (["profile"], true) => match op.value {
                    Value::Object(m) => rec.profile = m,
                    _ => {
                        return Err(StoreError::invalid_field(
                            "profile",
                            &wrong_type("an object"),
                        ));
                    }
                },
                (["profile"], false) => rec.profile.clear(),
                (["profile", attr], true) => {
                    rec.profile.insert((*attr).to_owned(), op.value);
                }
                (["profile", attr], false) => {
                    rec.profile.remove(*attr);
                }
                _ => {}
            }
        }
        rec.last_updated = self.now();
        self.app_groups
            .insert((app.clone(), group.clone()), rec.clone());
        for user in self.users_of_group(&group) {
            self.grant_through_group(&app, &user);
        }
        Ok(render_assignment(&group, &rec))
    }
}
