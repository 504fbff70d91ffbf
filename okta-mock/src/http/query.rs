//! Query-string parsing that never fails on bad input: values are checked one by one and a bad
//! one is answered with Okta's 400, never a 500.

use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;

use super::error::OktaError;
use crate::store::PageRequest;

/// The decoded query pairs of a request, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
}

impl QueryParams {
    /// Parses a raw query string (`application/x-www-form-urlencoded`).
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        Self { pairs }
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name` as an owned string; an empty value counts as absent.
    pub fn string(&self, name: &str) -> Option<String> {
        self.get(name).filter(|v| !v.is_empty()).map(str::to_owned)
    }

    /// Every pair, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// A boolean flag (`true` / `false`, any case), `default` when absent or empty.
    ///
    /// # Errors
    /// 400 E0000001 naming the parameter when the value is neither.
    pub fn flag(&self, name: &str, default: bool) -> Result<bool, OktaError> {
        match self.get(name).map(str::to_ascii_lowercase).as_deref() {
            None | Some("") => Ok(default),
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(_) => Err(OktaError::invalid_parameter(name, "must be true or false")),
        }
    }

    /// `after` and `limit` as a [`PageRequest`]. An empty `after` is no cursor.
    ///
    /// # Errors
    /// 400 E0000001 when `limit` is not a whole number of at least 1.
    pub fn page(&self) -> Result<PageRequest, OktaError> {
        let limit = match self.get("limit").filter(|v| !v.is_empty()) {
            None => None,
            Some(raw) => match raw.trim().parse::<usize>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    return Err(OktaError::invalid_parameter(
                        "limit",
                        "The limit must be a whole number greater than 0.",
                    ));
                }
            },
        };
        Ok(PageRequest {
            after: self.string("after"),
            limit,
        })
    }
}

/// A `fields` projection on `GET /api/v1/users`: "Requested fields should be comma-separated
/// … place sub-fields in the profile object inside a `profile:()` directive, for example
/// `profile:(firstName, city)`. The `id` field is always included" (spec, `listUsers`,
/// parameter `fields`). The spec's example answer (`ListUsersFieldsResponse`, for
/// `fields=status,profile:(firstName,city)`) holds only `id`, `status` and those two profile
/// attributes: no `_links`, no other property.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    top: Vec<String>,
    profile: Option<Vec<String>>,
}

impl Fields {
    /// Parses a `fields` value; `None` when it is absent or empty.
    ///
    /// # Errors
    /// 400 E0000001 naming `fields` when a `profile:(` directive is not closed or a name is
    /// empty (Okta's exact answer to a malformed projection is not recorded; see
    /// SPEC-DEPARTURES.md).
    pub fn parse(raw: Option<&str>) -> Result<Option<Fields>, OktaError> {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return Ok(None);
        };
        let bad = || OktaError::invalid_parameter("fields", "The fields projection is malformed.");
        let mut fields = Fields::default();
        let mut rest = raw;
        while !rest.is_empty() {
            rest = rest.trim_start();
            if let Some(inner) = rest.strip_prefix("profile:(") {
                let end = inner.find(')').ok_or_else(bad)?;
                let names = inner[..end].split(',').map(str::trim);
                let profile = fields.profile.get_or_insert_with(Vec::new);
                for name in names {
                    if name.is_empty() {
                        return Err(bad());
                    }
                    profile.push(name.to_owned());
                }
                rest = inner[end + 1..].trim_start();
                rest = match rest.strip_prefix(',') {
                    Some(r) => r,
                    None if rest.is_empty() => rest,
                    None => return Err(bad()),
                };
                continue;
            }
            let (name, tail) = rest.split_once(',').unwrap_or((rest, ""));
            let name = name.trim();
            if name.is_empty() || name.contains(['(', ')', ':']) {
                return Err(bad());
            }
            fields.top.push(name.to_owned());
            rest = tail;
        }
        Ok(Some(fields))
    }

    /// The projection of one rendered user: `id`, the named top-level properties it has, and
    /// the named profile attributes (those the user has).
    pub fn project(&self, user: &serde_json::Value) -> serde_json::Value {
        use serde_json::{Map, Value};
        let mut out = Map::new();
        let Some(obj) = user.as_object() else {
            return Value::Object(out);
        };
        for name in std::iter::once("id").chain(self.top.iter().map(String::as_str)) {
            if let Some(v) = obj.get(name) {
                out.insert(name.to_owned(), v.clone());
            }
        }
        if let Some(names) = &self.profile {
            let profile = obj.get("profile").and_then(Value::as_object);
            let picked: Map<String, Value> = names
                .iter()
                .filter_map(|n| Some((n.clone(), profile?.get(n)?.clone())))
                .collect();
            out.insert("profile".to_owned(), Value::Object(picked));
        }
        Value::Object(out)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let RawQuery(raw) = RawQuery::from_request_parts(parts, state).await?;
        Ok(Self::parse(raw.as_deref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_limit_is_a_validation_error_not_a_crash() {
        for bad in ["abc", "0", "-1", "1.5"] {
            let q = QueryParams::parse(Some(&format!("limit={bad}")));
            let err = q.page().unwrap_err();
            assert_eq!(err.status.as_u16(), 400, "{bad}");
        }
        let q = QueryParams::parse(Some("limit=5&after="));
        assert_eq!(
            q.page().unwrap(),
            PageRequest {
                after: None,
                limit: Some(5)
            }
        );
    }

    #[test]
    fn a_fields_projection_keeps_id_the_named_properties_and_profile_attributes() {
        // The spec's example: fields=status,profile:(firstName,city) (ListUsersFieldsResponse).
        let f = Fields::parse(Some("status,profile:(firstName, city)"))
            .unwrap()
            .unwrap();
        let user = serde_json::json!({"id": "00u1", "status": "ACTIVE", "created": "x",
            "profile": {"firstName": "Alice", "lastName": "Smith", "city": "Chicago"},
            "_links": {"self": {"href": "h"}}});
        assert_eq!(
            f.project(&user),
            serde_json::json!({"id": "00u1", "status": "ACTIVE",
                "profile": {"firstName": "Alice", "city": "Chicago"}})
        );
        assert_eq!(Fields::parse(Some("")).unwrap(), None);
        for bad in ["profile:(firstName", "status,,id", "profile:(a)x"] {
            assert!(Fields::parse(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_are_percent_and_plus_decoded() {
        let q = QueryParams::parse(Some("filter=status+eq+%22ACTIVE%22&sendEmail=FALSE"));
        assert_eq!(q.get("filter"), Some("status eq \"ACTIVE\""));
        assert!(!q.flag("sendEmail", true).unwrap());
        assert!(q.flag("activate", true).unwrap());
    }
}
