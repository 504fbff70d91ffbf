//! Group memberships. "Everyone" holds every user implicitly; explicit memberships are kept in
//! two ordered sets so both directions are range scans.

use crate::store::org::pairs;
use std::ops::Bound;
use std::sync::Arc;

use okta_client::models::User;

use crate::store::paging::{self, Page, PageRequest, take_page};
use crate::store::record::Id;
use crate::store::{Org, StoreError, render};

impl Org {
    /// A page of a group's members in user-id order; "Everyone" lists every user.
    ///
    /// # Errors
    /// 404 for an unknown group; 400 E0000029 for a bad cursor.
    pub fn list_group_members(
        &self,
        id: &str,
        page: &PageRequest,
    ) -> Result<Page<User>, StoreError> {
        let Some((gid, _)) = self.groups.get_key_value(id) else {
            return Err(StoreError::not_found("UserGroup", id));
        };
        let after = page.cursor_key()?;
        let limit = page.effective_limit(paging::MEMBERS);
        if *gid == self.everyone {
            let iter = self
                .scan_users(after.as_deref())
                .map(|(id, u)| (id, render::user(u)));
            return Ok(take_page(iter, limit));
        }
        let start: Id = Arc::from(after.as_deref().unwrap_or(""));
        let lower = if after.is_some() {
            Bound::Excluded((gid.clone(), start))
        } else {
            Bound::Included((gid.clone(), start))
        };
        let iter = self
            .members
            .range((lower, Bound::Unbounded))
            .take_while(|(g, _)| g == gid)
            .filter_map(|(_, u)| self.users.get(&**u).map(|rec| (u, render::user(rec))));
        Ok(take_page(iter, limit))
    }

    /// Adds a user to a group; adding a member again changes nothing.
    ///
    /// # Errors
    /// 404 for an unknown group or user.
    pub(in crate::store) fn add_group_member(
        &mut self,
        group: &str,
        user: &str,
    ) -> Result<(), StoreError> {
        let gid = self.group_id(group)?;
        let uid = self.user_id(user)?;
        self.add_member_ids(&gid, &uid);
        Ok(())
    }

    /// Removes a user from a group; removing a non-member changes nothing.
    ///
    /// # Errors
    /// 404 for an unknown group or user; 403 E0000006 for "Everyone".
    pub(in crate::store) fn remove_group_member(
        &mut self,
        group: &str,
        user: &str,
    ) -> Result<(), StoreError> {
        let gid = self.group_id(group)?;
        let uid = self.user_id(user)?;
        if gid == self.everyone {
            return Err(StoreError::access_denied());
        }
        self.remove_member_ids(&gid, &uid);
        Ok(())
    }

    fn group_id(&self, id: &str) -> Result<Id, StoreError> {
        self.groups
            .get_key_value(id)
            .map(|(k, _)| Arc::clone(k))
            .ok_or_else(|| StoreError::not_found("UserGroup", id))
    }

    pub(crate) fn add_member_ids(&mut self, group: &Id, user: &Id) {
        if *group == self.everyone || !self.members.insert((group.clone(), user.clone())) {
            return;
        }
        self.user_groups.insert((user.clone(), group.clone()));
        let now = self.now();
        if let Some(g) = self.groups.get_mut(&**group) {
            g.last_membership_updated = now;
        }
        self.sync_group_apps(group, user, true);
    }

    pub(crate) fn remove_member_ids(&mut self, group: &Id, user: &Id) {
        if !self.members.remove(&(group.clone(), user.clone())) {
            return;
        }
        self.user_groups.remove(&(user.clone(), group.clone()));
        let now = self.now();
        if let Some(g) = self.groups.get_mut(&**group) {
            g.last_membership_updated = now;
        }
        self.sync_group_apps(group, user, false);
    }

    /// The explicit groups of a user (not "Everyone").
    pub(crate) fn groups_of<'a>(&'a self, user: &Id) -> impl Iterator<Item = Id> + 'a {
        pairs(&self.user_groups, user)
    }

    /// The explicit members of a group.
    pub(crate) fn members_of<'a>(&'a self, group: &Id) -> impl Iterator<Item = Id> + 'a {
        pairs(&self.members, group)
    }
}
