//! `GET /api/v1/users`: plain listing, `q`, `filter` and `search`, with cursor paging.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::ops::Bound;

use okta_client::models::User;
use serde_json::Value;

use crate::store::name_index::{CANDIDATE_CAP, Lookup, lookup_in};
use crate::store::paging::{self, Page, PageRequest, encode_cursor, take_page};
use crate::store::query::{Dialect, Expr, Op, Query, sort_text};
use crate::store::record::{Id, UserRec};
use crate::store::render::{self, DEFAULT_USER_TYPE};
use crate::store::{Org, StoreError, UserQuery};

const FILTERABLE: [&str; 7] = [
    "status",
    "lastUpdated",
    "id",
    "profile.login",
    "profile.email",
    "profile.firstName",
    "profile.lastName",
];
/// The top-level properties `search` reads: "`id`, `status`, `created`, `activated`,
/// `statusChanged`, and `lastUpdated`" and "the user type accessed as `type.id`" (spec,
/// `GET /api/v1/users`, parameter `search`). `lastLogin` and `passwordChanged` are not in the
/// list, so a search on them is refused.
const TOP_LEVEL: [&str; 7] = [
    "id",
    "status",
    "created",
    "activated",
    "statusChanged",
    "lastUpdated",
    "type.id",
];
const CONTAINS: [&str; 4] = [
    "profile.firstName",
    "profile.lastName",
    "profile.email",
    "profile.login",
];

fn filter_check(attribute: &str, op: Option<Op>) -> Result<(), String> {
    if !FILTERABLE.contains(&attribute) {
        return Err(format!(
            "Filtering on the attribute '{attribute}' is not supported"
        ));
    }
    match op {
        Some(Op::Eq) => Ok(()),
        Some(op) if op.is_ordering() && attribute == "lastUpdated" => Ok(()),
        Some(op) => Err(format!(
            "The operator '{}' is not supported in a filter on '{attribute}'",
            op.as_str()
        )),
        None => Err("The operator 'pr' is not supported in a filter".to_owned()),
    }
}

fn search_check(attribute: &str, op: Option<Op>) -> Result<(), String> {
    let is_profile = attribute
        .strip_prefix("profile.")
        .is_some_and(|a| !a.is_empty());
    if !is_profile && !TOP_LEVEL.contains(&attribute) {
        return Err(format!(
            "Searching on the attribute '{attribute}' is not supported"
        ));
    }
    if op == Some(Op::Co) && !CONTAINS.contains(&attribute) {
        return Err(format!(
            "The operator 'co' is not supported on '{attribute}'"
        ));
    }
    Ok(())
}

fn is_user_timestamp(attribute: &str) -> bool {
    matches!(
        attribute,
        "created" | "activated" | "statusChanged" | "lastUpdated" | "lastLogin" | "passwordChanged"
    )
}

/// The `filter` dialect for users: few attributes, exact values.
pub(crate) const USER_FILTER: Dialect = Dialect {
    check: filter_check,
    is_timestamp: is_user_timestamp,
    case_insensitive: false,
};
/// The `search` dialect for users: any profile attribute, values ignoring case.
pub(crate) const USER_SEARCH: Dialect = Dialect {
    check: search_check,
    is_timestamp: is_user_timestamp,
    case_insensitive: true,
};

/// A user attribute as a query sees it: profile values borrowed, the others made up.
pub(crate) fn user_attribute<'a>(rec: &'a UserRec, name: &str) -> Option<Cow<'a, Value>> {
    if let Some(attr) = name.strip_prefix("profile.") {
        return rec.profile.get(attr).map(Cow::Borrowed);
    }
    let made = match name {
        "id" => Some(Value::String(rec.id.to_string())),
        "status" => Some(Value::String(rec.status.as_str().to_owned())),
        "created" => render::ts_text(rec.created),
        "activated" => rec.activated.and_then(render::ts_text),
        "statusChanged" => rec.status_changed.and_then(render::ts_text),
        "lastUpdated" => render::ts_text(rec.last_updated),
        "lastLogin" => rec.last_login.and_then(render::ts_text),
        "passwordChanged" => rec.password_changed.and_then(render::ts_text),
        "type.id" => Some(Value::String(DEFAULT_USER_TYPE.to_owned())),
        _ => None,
    };
    made.map(Cow::Owned)
}

/// `ids` sorted, without repeats, keeping those after the cursor key `after`.
fn in_id_order_after<'a>(mut ids: Vec<&'a Id>, after: Option<&str>) -> Vec<&'a Id> {
    ids.sort_unstable();
    ids.dedup();
    if let Some(after) = after {
        let start = ids.partition_point(|id| &***id <= after);
        ids.drain(..start);
    }
    ids
}

impl Org {
    /// Lists users. Without a query, or with `q`, DEPROVISIONED users are hidden; `filter` and
    /// `search` include them. `q` is not paged: it answers at most `limit` (default 10) users and
    /// no cursor. `sortBy`/`sortOrder` apply to `search`, ties broken by id.
    ///
    /// # Errors
    /// 400 E0000033 for `search` with `filter`; 400 E0000031 for a bad expression; 400 E0000029
    /// for a bad cursor.
    pub fn list_users(
        &self,
        query: &UserQuery,
        page: &PageRequest,
    ) -> Result<Page<User>, StoreError> {
        Ok(self.list_user_records(query, page)?.map(render::user))
    }

    /// [`Store::list_users`] as the records themselves, for the HTTP layer to render straight
    /// to JSON while it holds the read lock.
    ///
    /// # Errors
    /// As [`Store::list_users`].
    pub(crate) fn list_user_records<'a>(
        &'a self,
        query: &UserQuery,
        page: &PageRequest,
    ) -> Result<Page<&'a UserRec>, StoreError> {
        let nonempty = |s: &Option<String>| {
            s.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
        };
        let (filter, search) = (nonempty(&query.filter), nonempty(&query.search));
        if filter.is_some() && search.is_some() {
            return Err(StoreError::search_with_filter());
        }
        let after = page.cursor_key()?;
        if let Some(q) = nonempty(&query.q).filter(|_| filter.is_none() && search.is_none()) {
            let limit = page.effective_limit(paging::USERS_Q);
            let q = q.to_lowercase();
            let candidates: Box<dyn Iterator<Item = (&Id, &UserRec)>> =
                match self.q_candidates(&q, after.as_deref()) {
                    Some(ids) => Box::new(
                        ids.into_iter()
                            .filter_map(|id| self.users.get_key_value(&**id)),
                    ),
                    None => Box::new(self.scan_users(after.as_deref())),
                };
            let items = candidates
                .filter(|(_, u)| !u.is_deprovisioned())
                .filter(|(_, u)| {
                    ["firstName", "lastName", "email"].iter().any(|a| {
                        u.profile
                            .get_str(a)
                            .is_some_and(|v| v.to_lowercase().starts_with(&q))
                    })
                })
                .take(limit)
                .map(|(_, u)| u)
                .collect();
            return Ok(Page {
                items,
                next_cursor: None,
            });
        }
        let limit = page.effective_limit(paging::USERS);
        if let Some(f) = filter {
            let compiled = Query::compile(&f, &USER_FILTER)?;
            return Ok(self.page_matching(&compiled, after.as_deref(), limit, true));
        }
        if let Some(s) = search {
            let compiled = Query::compile(&s, &USER_SEARCH)?;
            if let Some(sort_by) = nonempty(&query.sort_by) {
                let desc = query
                    .sort_order
                    .as_deref()
                    .is_some_and(|o| o.eq_ignore_ascii_case("desc"));
                return self.page_sorted(&compiled, &sort_by, desc, after.as_deref(), limit);
            }
            return Ok(self.page_matching(&compiled, after.as_deref(), limit, false));
        }
        let iter = self
            .scan_users(after.as_deref())
            .filter(|(_, u)| !u.is_deprovisioned());
        Ok(take_page(iter, limit))
    }

    /// A user's record by id, login (ignoring case) or unambiguous short login, for the HTTP
    /// layer to render straight to JSON.
    ///
    /// # Errors
    /// 404 E0000007 when no user matches.
    pub(crate) fn user_record(&self, id_or_login: &str) -> Result<&UserRec, StoreError> {
        let id = self.user_id(id_or_login)?;
        self.users
            .get(&*id)
            .ok_or_else(|| StoreError::not_found("User", id_or_login))
    }

    /// Users after `after` in id order.
    pub(crate) fn scan_users<'a>(
        &'a self,
        after: Option<&str>,
    ) -> impl Iterator<Item = (&'a Id, &'a UserRec)> + use<'a> {
        let lower = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.users.range::<str, _>((lower, Bound::Unbounded))
    }

    /// A page of users matching a query, using the id or login index for `eq` on them.
    fn page_matching(
        &self,
        query: &Query,
        after: Option<&str>,
        limit: usize,
        exact_login: bool,
    ) -> Page<&UserRec> {
        let expr = query.expr();
        let indexed: Option<Option<Id>> = if let Some(id) = expr.exact("id") {
            Some(self.users.get_key_value(id).map(|(k, _)| Id::clone(k)))
        } else {
            expr.exact("profile.login")
                .filter(|_| exact_login)
                .map(|login| self.logins.get(login.to_lowercase().as_str()).cloned())
        };
        // `exact_login` is the `filter` dialect; a `search` sees only what its eventually
        // consistent index has caught up with (see `consistency`).
        let matches = |u: &UserRec| {
            (exact_login || self.searchable(&u.id)) && query.matches(&|a| user_attribute(u, a))
        };
        if let Some(hit) = indexed {
            let items = hit
                .filter(|id| after.is_none_or(|a| &**id > a))
                .and_then(|id| self.users.get(&*id))
                .filter(|u| matches(u))
                .into_iter()
                .collect();
            return Page {
                items,
                next_cursor: None,
            };
        }
        if let Some(ids) = self.indexed_candidates(expr, after, CANDIDATE_CAP) {
            let iter = ids
                .into_iter()
                .filter_map(|id| self.users.get_key_value(&**id))
                .filter(|(_, u)| matches(u));
            return take_page(iter, limit);
        }
        let iter = self.scan_users(after).filter(|(_, u)| matches(u));
        take_page(iter, limit)
    }

    /// The users a query's indexed comparison allows (see [`lookup_in`]), in id order and after
    /// `after`; `None` when the query has no such comparison, or when more than `cap` users
    /// may match, and every user is to be read instead.
    fn indexed_candidates(&self, expr: &Expr, after: Option<&str>, cap: usize) -> Option<Vec<&Id>> {
        let lookup = lookup_in(expr)?;
        let ids = if lookup.attribute == "login" {
            let from = Bound::Included(lookup.text.as_str());
            let ids: Vec<&Id> = self
                .logins
                .range::<str, _>((from, Bound::Unbounded))
                .take_while(|(login, _)| {
                    if lookup.prefix_only {
                        login.starts_with(lookup.text.as_str())
                    } else {
                        &***login == lookup.text.as_str()
                    }
                })
                .map(|(_, id)| id)
                .take(cap.saturating_add(1))
                .collect();
            (ids.len() <= cap).then_some(ids)?
        } else {
            self.names.candidates(&lookup, cap)?
        };
        Some(in_id_order_after(ids, after))
    }

    /// The users whose firstName, lastName or email may start with `q` (lower-cased), in id
    /// order and after `after`: the candidates of a `q` listing; `None` when there are too many
    /// (see [`NameIndex::candidates`](crate::store::name_index::NameIndex::candidates)).
    fn q_candidates(&self, q: &str, after: Option<&str>) -> Option<Vec<&Id>> {
        let mut ids = Vec::new();
        for attribute in ["firstName", "lastName", "email"] {
            let lookup = Lookup {
                attribute,
                prefix_only: true,
                text: q.to_owned(),
            };
            ids.extend(self.names.candidates(&lookup, CANDIDATE_CAP)?);
        }
        Some(in_id_order_after(ids, after))
    }

    /// A page of a sorted search; the cursor holds the sort text and the id of the last user.
    fn page_sorted(
        &self,
        query: &Query,
        sort_by: &str,
        desc: bool,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<&UserRec>, StoreError> {
        let candidates: Box<dyn Iterator<Item = (&Id, &UserRec)>> =
            // Every match is gathered and sorted anyway: any narrowing helps.
            match self.indexed_candidates(query.expr(), None, usize::MAX) {
                Some(ids) => Box::new(
                    ids.into_iter()
                        .filter_map(|id| self.users.get_key_value(&**id)),
                ),
                None => Box::new(self.users.iter()),
            };
        let mut hits: Vec<(String, &Id)> = candidates
            .filter(|(_, u)| self.searchable(&u.id) && query.matches(&|a| user_attribute(u, a)))
            .map(|(id, u)| (sort_text(user_attribute(u, sort_by)), id))
            .collect();
        let order = |a: &(String, &Id), key: &str, id: &str| -> Ordering {
            let by_key = if desc {
                key.cmp(&a.0)
            } else {
                a.0.as_str().cmp(key)
            };
            by_key.then_with(|| (**a.1).cmp(id))
        };
        hits.sort_by(|a, b| order(a, &b.0, b.1));
        let start = match after {
            None => 0,
            Some(c) => {
                let (key, id) = c
                    .rsplit_once('\u{0}')
                    .ok_or_else(StoreError::invalid_cursor)?;
                hits.partition_point(|h| order(h, key, id) != Ordering::Greater)
            }
        };
        let rest = &hits[start.min(hits.len())..];
        let items: Vec<&UserRec> = rest
            .iter()
            .take(limit)
            .filter_map(|(_, id)| self.users.get(&***id))
            .collect();
        let next_cursor = (rest.len() > limit)
            .then(|| {
                rest.get(limit - 1)
                    .map(|(k, id)| encode_cursor(&format!("{k}\u{0}{id}")))
            })
            .flatten();
        Ok(Page { items, next_cursor })
    }
}
