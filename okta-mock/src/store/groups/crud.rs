//! Groups and memberships. "Everyone" is BUILT_IN and holds every user implicitly, so a
//! million users cost no membership entries.

use std::borrow::Cow;
use std::ops::Bound;
use std::sync::Arc;

use okta_client::models::{Group, GroupType};
use serde_json::{Map, Value};

use crate::store::input::{GroupInput, IntoInput};
use crate::store::paging::{self, Page, PageRequest, take_page};
use crate::store::profile::Profile;
use crate::store::query::sort_text;
use crate::store::query::{Dialect, Op, Query};
use crate::store::record::{GroupRec, Id};
use crate::store::{Org, StoreError, render};

/// Query parameters of `GET /api/v1/groups`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupQuery {
    /// `q`: name starts-with, ignoring case; not paged.
    pub q: Option<String>,
    /// `filter` on `id type lastUpdated lastMembershipUpdated`.
    pub filter: Option<String>,
    /// `search` on `profile.*`, `source.id`, `id`, `type`, timestamps.
    pub search: Option<String>,
    /// `sortBy` (with `search`).
    pub sort_by: Option<String>,
    /// `sortOrder`: `asc` or `desc`.
    pub sort_order: Option<String>,
    /// `expand`: `stats` embeds `_embedded.stats` (`usersCount`, …); other values are ignored.
    pub expand: Option<String>,
}

fn is_group_timestamp(a: &str) -> bool {
    matches!(a, "created" | "lastUpdated" | "lastMembershipUpdated")
}

fn group_filter_check(attribute: &str, op: Option<Op>) -> Result<(), String> {
    if !matches!(
        attribute,
        "id" | "type" | "lastUpdated" | "lastMembershipUpdated"
    ) {
        return Err(format!(
            "Filtering on the attribute '{attribute}' is not supported"
        ));
    }
    match op {
        Some(Op::Eq) => Ok(()),
        Some(op) if op.is_ordering() && is_group_timestamp(attribute) => Ok(()),
        Some(op) => Err(format!(
            "The operator '{}' is not supported in a filter on '{attribute}'",
            op.as_str()
        )),
        None => Err("The operator 'pr' is not supported in a filter".to_owned()),
    }
}

fn group_search_check(attribute: &str, op: Option<Op>) -> Result<(), String> {
    // "You can only use `co` with these select profile attributes: `profile.name` and
    // `profile.description`" (spec, `GET /api/v1/groups`, parameter `search`).
    if op == Some(Op::Co) && !matches!(attribute, "profile.name" | "profile.description") {
        return Err(format!(
            "The operator 'co' is not supported on '{attribute}'"
        ));
    }
    let ok = attribute
        .strip_prefix("profile.")
        .is_some_and(|a| !a.is_empty())
        || matches!(
            attribute,
            "id" | "type" | "source.id" | "created" | "lastUpdated" | "lastMembershipUpdated"
        );
    if ok {
        Ok(())
    } else {
        Err(format!(
            "Searching on the attribute '{attribute}' is not supported"
        ))
    }
}

const GROUP_FILTER: Dialect = Dialect {
    check: group_filter_check,
    is_timestamp: is_group_timestamp,
    case_insensitive: false,
};
const GROUP_SEARCH: Dialect = Dialect {
    check: group_search_check,
    is_timestamp: is_group_timestamp,
    case_insensitive: true,
};

fn group_attribute(g: &GroupRec, name: &str) -> Option<Value> {
    match name {
        "id" => Some(Value::String(g.id.to_string())),
        "type" => Some(Value::String(g.group_type.as_str().to_owned())),
        "created" => render::ts_text(g.created),
        "lastUpdated" => render::ts_text(g.last_updated),
        "lastMembershipUpdated" => render::ts_text(g.last_membership_updated),
        "source.id" => g.source.as_deref().map(|s| Value::String(s.to_owned())),
        "profile.name" => Some(Value::String(g.name.to_string())),
        "profile.description" => g
            .description
            .as_deref()
            .map(|d| Value::String(d.to_owned())),
        other => other
            .strip_prefix("profile.")
            .and_then(|a| g.extra.get(a).cloned()),
    }
}

impl Org {
    /// Lists groups in id order.
    ///
    /// # Errors
    /// 400 E0000033 for `search` with `filter`, E0000031 for a bad expression, E0000029 for a bad
    /// cursor.
    pub fn list_groups(
        &self,
        query: &GroupQuery,
        page: &PageRequest,
    ) -> Result<Page<Group>, StoreError> {
        let nonempty = |s: &Option<String>| {
            s.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
        };
        let (filter, search) = (nonempty(&query.filter), nonempty(&query.search));
        let stats = query
            .expand
            .as_deref()
            .is_some_and(|e| e.split(',').any(|x| x.trim() == "stats"));
        let render = |g: &GroupRec| self.render_group(g, stats);
        if filter.is_some() && search.is_some() {
            return Err(StoreError::search_with_filter());
        }
        let after = page.cursor_key()?;
        let lower = after.as_deref().map_or(Bound::Unbounded, Bound::Excluded);
        let scan = self.groups.range::<str, _>((lower, Bound::Unbounded));
        if let Some(q) = nonempty(&query.q).filter(|_| filter.is_none() && search.is_none()) {
            let q = q.to_lowercase();
            let items = scan
                .filter(|(_, g)| g.name.to_lowercase().starts_with(&q))
                .take(page.effective_limit(paging::GROUPS_Q))
                .map(|(_, g)| render(g))
                .collect();
            return Ok(Page {
                items,
                next_cursor: None,
            });
        }
        let limit = page.effective_limit(paging::GROUPS);
        let compiled = match (filter, search) {
            (Some(f), _) => Some(Query::compile(&f, &GROUP_FILTER)?),
            (_, Some(s)) => Some(Query::compile(&s, &GROUP_SEARCH)?),
            _ => None,
        };
        // A `search` sees only what its eventually consistent index has caught up with (see
        // `consistency`); `filter` is current.
        let searching = nonempty(&query.search).is_some() && nonempty(&query.filter).is_none();
        let matches = |g: &GroupRec| {
            (!searching || self.searchable(&g.id))
                && compiled
                    .as_ref()
                    .is_none_or(|q| q.matches(&|a| group_attribute(g, a).map(Cow::Owned)))
        };
        if let (Some(q), Some(sort_by)) = (
            compiled.as_ref().filter(|_| query.search.is_some()),
            nonempty(&query.sort_by),
        ) {
            // Few groups: sort the matches, then page by position after the cursor's key.
            let desc = query
                .sort_order
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case("desc"));
            let mut hits: Vec<(String, &GroupRec)> = self
                .groups
                .values()
                .filter(|g| {
                    self.searchable(&g.id) && q.matches(&|a| group_attribute(g, a).map(Cow::Owned))
                })
                .map(|g| {
                    (
                        format!(
                            "{}\u{0}{}",
                            sort_text(group_attribute(g, &sort_by).map(Cow::Owned)),
                            g.id
                        ),
                        g,
                    )
                })
                .collect();
            hits.sort_by(|a, b| a.0.cmp(&b.0));
            if desc {
                hits.reverse();
            }
            let start = match after.as_deref() {
                None => 0,
                // The key may have been deleted since: resume at the first key after it.
                Some(k) if desc => hits.partition_point(|h| h.0.as_str() >= k),
                Some(k) => hits.partition_point(|h| h.0.as_str() <= k),
            };
            let iter = hits.into_iter().skip(start).map(|(k, g)| (k, render(g)));
            return Ok(take_page(iter, limit));
        }
        Ok(take_page(
            scan.filter(|(_, g)| matches(g))
                .map(|(id, g)| (id, render(g))),
            limit,
        ))
    }

    /// A group, with `_embedded.stats` when asked (`expand=stats`).
    fn render_group(&self, g: &GroupRec, stats: bool) -> Group {
        let mut group = render::group(g);
        if stats {
            let users = if g.id == self.everyone {
                self.users.len()
            } else {
                self.members_of(&g.id).count()
            };
            let stats = serde_json::json!({"usersCount": users, "appsCount": 0,
                "groupPushMappingsCount": 0, "hasAdminPrivilege": false});
            group.embedded = Some(Map::from_iter([("stats".to_owned(), stats)]));
        }
        group
    }

    /// A group by id.
    ///
    /// # Errors
    /// 404 E0000007 (`UserGroup`).
    pub fn get_group(&self, id: &str) -> Result<Group, StoreError> {
        self.groups
            .get(id)
            .map(render::group)
            .ok_or_else(|| StoreError::not_found("UserGroup", id))
    }

    /// Creates an OKTA_GROUP.
    ///
    /// # Errors
    /// 400 E0000001 without a name; 409 E0000055 when an Okta group has the name (ignoring case).
    pub(in crate::store) fn create_group(
        &mut self,
        body: impl IntoInput<GroupInput>,
    ) -> Result<Group, StoreError> {
        let GroupInput {
            name,
            description,
            extra,
        } = body.into_input()?;
        self.insert_group(None, &name, description, &extra)
    }

    /// Adds an OKTA_GROUP with an optional given id.
    pub(crate) fn insert_group(
        &mut self,
        id: Option<&str>,
        name: &str,
        description: Option<String>,
        extra: &Map<String, Value>,
    ) -> Result<Group, StoreError> {
        let key: Box<str> = name.to_lowercase().into();
        if self.group_names.contains_key(&key) || name == "Everyone" {
            return Err(StoreError::duplicate_group_name());
        }
        let now = self.now();
        let id: Id = match id {
            Some(id) => Arc::from(id),
            None => Arc::from(self.ids.next("00g", |id| self.groups.contains_key(id))),
        };
        let rec = GroupRec {
            id: Arc::clone(&id),
            group_type: GroupType::OktaGroup,
            created: now,
            last_updated: now,
            last_membership_updated: now,
            name: name.into(),
            description: description.map(Into::into),
            extra: Profile::from_map(extra, &mut self.keys),
            source: None,
        };
        self.group_names.insert(key, Arc::clone(&id));
        self.groups.insert(Arc::clone(&id), rec);
        self.get_group(&id)
    }

    /// Makes a group an APP_GROUP imported from `source` (scenario loading: Okta's API cannot
    /// create one, imports do).
    pub(crate) fn mark_imported(&mut self, group: &str, source: Id) {
        if let Some(g) = self.groups.get_mut(group) {
            g.group_type = GroupType::AppGroup;
            g.source = Some(source);
        }
    }

    /// Replaces a group's profile (`PUT`; Okta has no partial update for groups).
    ///
    /// # Errors
    /// 404 for an unknown group, 403 E0000006 for a BUILT_IN one, 400/409 as for create.
    pub(in crate::store) fn replace_group(
        &mut self,
        id: &str,
        body: impl IntoInput<GroupInput>,
    ) -> Result<Group, StoreError> {
        let GroupInput {
            name,
            description,
            extra,
        } = body.into_input()?;
        let Some(current) = self.groups.get(id) else {
            return Err(StoreError::not_found("UserGroup", id));
        };
        if current.group_type == GroupType::BuiltIn {
            return Err(StoreError::access_denied());
        }
        let key: Box<str> = name.to_lowercase().into();
        if self
            .group_names
            .get(&key)
            .is_some_and(|owner| &**owner != id)
            || name == "Everyone"
        {
            return Err(StoreError::duplicate_group_name());
        }
        let old_key: Box<str> = current.name.to_lowercase().into();
        let now = self.now();
        let extra = Profile::from_map(&extra, &mut self.keys);
        let Some(g) = self.groups.get_mut(id) else {
            return Err(StoreError::not_found("UserGroup", id));
        };
        g.name = name.into();
        g.description = description.map(Into::into);
        g.extra = extra;
        g.last_updated = now;
        let gid = Arc::clone(&g.id);
        self.group_names.remove(&old_key);
        self.group_names.insert(key, gid);
        self.get_group(id)
    }

    /// Deletes a group and its memberships.
    ///
    /// # Errors
    /// 404 for an unknown group, 403 E0000006 for "Everyone".
    pub(in crate::store) fn delete_group(&mut self, id: &str) -> Result<(), StoreError> {
        let Some(g) = self.groups.get(id) else {
            return Err(StoreError::not_found("UserGroup", id));
        };
        if g.group_type == GroupType::BuiltIn {
            return Err(StoreError::access_denied());
        }
        let gid = Arc::clone(&g.id);
        self.unassign_group_everywhere(&gid);
        let members: Vec<Id> = self.members_of(&gid).collect();
        for u in members {
            self.user_groups.remove(&(u.clone(), gid.clone()));
            self.members.remove(&(gid.clone(), u));
        }
        if let Some(g) = self.groups.remove(id) {
            self.group_names.remove(g.name.to_lowercase().as_str());
        }
        Ok(())
    }
}
