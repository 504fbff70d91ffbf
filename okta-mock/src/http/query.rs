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
    fn values_are_percent_and_plus_decoded() {
        let q = QueryParams::parse(Some("filter=status+eq+%22ACTIVE%22&sendEmail=FALSE"));
        assert_eq!(q.get("filter"), Some("status eq \"ACTIVE\""));
        assert!(!q.flag("sendEmail", true).unwrap());
        assert!(q.flag("activate", true).unwrap());
    }
}
