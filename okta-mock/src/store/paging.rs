//! Cursor paging: opaque cursors that encode the sort key of the last item returned, so a cursor
//! stays valid (and neither repeats nor skips an item) while others write between page fetches.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::StoreError;

/// A page request as received: the raw `after` cursor and `limit`. The store applies the
/// endpoint's default and clamps to its maximum; a limit of 0 is read as 1 (the HTTP layer may
/// answer it with a 400 before it gets here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// The cursor from the previous page's next link.
    pub after: Option<String>,
    /// The requested page size.
    pub limit: Option<usize>,
}

impl PageRequest {
    /// A first page of the given size.
    pub fn first(limit: usize) -> Self {
        Self {
            after: None,
            limit: Some(limit),
        }
    }

    /// The page after `cursor`, with the given size.
    pub fn after(cursor: impl Into<String>, limit: Option<usize>) -> Self {
        Self {
            after: Some(cursor.into()),
            limit,
        }
    }

    /// The effective page size for an endpoint.
    pub(crate) fn effective_limit(&self, limits: Limits) -> usize {
        self.limit.unwrap_or(limits.default).clamp(1, limits.max)
    }

    /// The decoded cursor (the sort key of the last item already returned).
    ///
    /// # Errors
    /// E0000029 when the cursor is not one this store produced.
    pub(crate) fn cursor_key(&self) -> Result<Option<String>, StoreError> {
        match self.after.as_deref() {
            None | Some("") => Ok(None),
            Some(c) => decode_cursor(c).map(Some),
        }
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The cursor for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Maps every item, keeping the cursor.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

/// An endpoint's default and maximum page size.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub default: usize,
    pub max: usize,
}

/// `GET /api/v1/users`.
pub(crate) const USERS: Limits = Limits {
    default: 200,
    max: 200,
};
/// `GET /api/v1/users?q=` (not paged).
pub(crate) const USERS_Q: Limits = Limits {
    default: 10,
    max: 200,
};
/// `GET /api/v1/groups`.
pub(crate) const GROUPS: Limits = Limits {
    default: 10_000,
    max: 10_000,
};
/// `GET /api/v1/groups?q=` (not paged).
pub(crate) const GROUPS_Q: Limits = Limits {
    default: 300,
    max: 10_000,
};
/// `GET /api/v1/groups/{id}/users`. Okta documents only the default, calling it "very high"
/// and recommending 200; serving more than that per page would let a client look cheaper here
/// than it is against Okta.
pub(crate) const MEMBERS: Limits = Limits {
    default: 1000,
    max: 1000,
};
/// `GET /api/v1/apps`.
pub(crate) const APPS: Limits = Limits {
    default: 20,
    max: 200,
};
/// `GET /api/v1/apps/{id}/users`.
pub(crate) const APP_USERS: Limits = Limits {
    default: 50,
    max: 500,
};

const CURSOR_PREFIX: &str = "c1";

/// Encodes a sort key as an opaque cursor.
pub(crate) fn encode_cursor(key: &str) -> String {
    format!("{CURSOR_PREFIX}{}", URL_SAFE_NO_PAD.encode(key.as_bytes()))
}

/// Decodes a cursor made by [`encode_cursor`].
pub(crate) fn decode_cursor(cursor: &str) -> Result<String, StoreError> {
    let body = cursor
        .strip_prefix(CURSOR_PREFIX)
        .ok_or_else(StoreError::invalid_cursor)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| StoreError::invalid_cursor())?;
    let key = String::from_utf8(bytes).map_err(|_| StoreError::invalid_cursor())?;
    if key.is_empty() {
        return Err(StoreError::invalid_cursor());
    }
    Ok(key)
}

/// Takes up to `limit` items from an iterator already positioned after the cursor; the next
/// cursor is set only when at least one more item exists, so the last page has none.
pub(crate) fn take_page<T, K: AsRef<str>>(
    mut iter: impl Iterator<Item = (K, T)>,
    limit: usize,
) -> Page<T> {
    let mut items = Vec::with_capacity(limit.min(1024));
    let mut last_key = None;
    for (key, item) in iter.by_ref() {
        if items.len() == limit {
            return Page {
                items,
                next_cursor: last_key.map(|k: K| encode_cursor(k.as_ref())),
            };
        }
        items.push(item);
        last_key = Some(key);
    }
    Page {
        items,
        next_cursor: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_decodes_to_the_key_it_encodes() {
        let c = encode_cursor("00u123");
        assert_ne!(c, "00u123");
        assert_eq!(decode_cursor(&c).unwrap(), "00u123");
    }

    #[test]
    fn a_foreign_cursor_is_an_invalid_paging_request() {
        for bad in ["00u123", "c1!!!", "c1", "zz"] {
            let err = decode_cursor(bad).unwrap_err();
            assert_eq!(err.status, 400);
            assert_eq!(err.causes, vec!["Invalid cursor.".to_owned()]);
        }
    }

    #[test]
    fn the_last_page_has_no_cursor() {
        let page = take_page((0..3).map(|i| (i.to_string(), i)), 3);
        assert_eq!(page.items, vec![0, 1, 2]);
        assert_eq!(page.next_cursor, None);
        let page = take_page((0..4).map(|i| (i.to_string(), i)), 3);
        assert_eq!(
            page.next_cursor
                .as_deref()
                .map(decode_cursor)
                .unwrap()
                .unwrap(),
            "2"
        );
    }
}
