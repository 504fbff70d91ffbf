//! What every list builder shares: the query parameters listings have in common, the sort
//! order, and the methods that run the list.

use serde::Serialize;
use url::Url;

use crate::Client;

/// The part every list builder holds: the client, the first page's URL and the query
/// parameters Okta's listings share. A builder puts it first (`#[serde(flatten)]`), adds its
/// own parameters after it, and gives each shared parameter it supports a setter documented
/// for its resource; `limit` and `after` come from [`list_methods!`].
///
/// The serialized fields are the query string, in this order (an unset one is left out).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListRequest {
    #[serde(skip)]
    pub(crate) client: Client,
    #[serde(skip)]
    pub(crate) url: Url,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) filter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) search: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sort_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sort_order: Option<SortOrder>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) after: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) expand: Option<String>,
}

impl ListRequest {
    /// A listing of `/api/v1/{segments…}` with no parameters set.
    pub(crate) fn new(client: &Client, segments: &[&str]) -> Self {
        Self {
            client: client.clone(),
            url: client.api_url(segments),
            q: None,
            filter: None,
            search: None,
            sort_by: None,
            sort_order: None,
            limit: None,
            after: None,
            expand: None,
        }
    }
}

/// The order of a sorted list (`sortOrder`), with `sortBy`. Okta's default is ascending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// `asc`: smallest first.
    Asc,
    /// `desc`: largest first.
    Desc,
}

/// Gives a list builder (a `Serialize` struct whose serialized fields are the query string, with
/// a flattened [`ListRequest`] in `list`) its `items`, `pages`, `send` and `collect_all`
/// methods, all following Okta's `Link: rel="next"` headers as given.
macro_rules! list_methods {
    // A paged list: also the `limit` and `after` setters, which every paged endpoint shares.
    ($builder:ident, $item:ty, page_size = $page_size:literal) => {
        impl $builder {
            #[doc = concat!("`limit`: page size (", $page_size, ").")]
            pub fn limit(mut self, limit: u32) -> Self {
                self.list.limit = Some(limit);
                self
            }

            /// `after`: start from a cursor taken from a previous page's next link. Cursors are
            /// opaque; never build one.
            pub fn after(mut self, cursor: impl Into<String>) -> Self {
                self.list.after = Some(cursor.into());
                self
            }
        }

        list_methods!($builder, $item);
    };
    ($builder:ident, $item:ty) => {
        impl $builder {
            fn paginator(self) -> $crate::pagination::Paginator<$item> {
                let request = self
                    .list
                    .client
                    .request(::reqwest::Method::GET, self.list.url.clone());
                request.query(&self).paginate()
            }

            /// Every item of every page, fetched page by page as the stream is polled; the next
            /// page is requested while the current one is consumed (see
            /// [`Paginator`]($crate::pagination::Paginator) to turn that off).
            ///
            /// # Errors
            /// The stream yields one error (API, transport, decoding, or a next link that does
            /// not advance) and then ends.
            pub fn items(self) -> $crate::pagination::ItemStream<$item> {
                self.paginator().items()
            }

            /// The pages one by one, each with its items and the response metadata.
            ///
            /// # Errors
            /// The stream yields one error and then ends, as [`items`](Self::items) does.
            pub fn pages(self) -> $crate::pagination::PageStream<$item> {
                self.paginator().pages()
            }

            /// Fetches the first page only.
            ///
            /// # Errors
            /// When Okta answers with an error, the request fails, or the body does not decode.
            pub async fn send(
                self,
            ) -> Result<$crate::pagination::Page<$item>, $crate::error::Error> {
                use ::futures::StreamExt as _;
                // One page was asked for: never request a second one ahead.
                match self.paginator().prefetch(false).pages().next().await {
                    Some(page) => page,
                    None => Err($crate::error::Error::Pagination(
                        "the first page never arrived".to_owned(),
                    )),
                }
            }

            /// Follows every page and gathers all items in memory. Prefer
            /// [`items`](Self::items) for large orgs.
            ///
            /// # Errors
            /// The first error met on any page.
            pub async fn collect_all(self) -> Result<Vec<$item>, $crate::error::Error> {
                self.paginator().collect_all().await
            }
        }
    };
}

pub(crate) use list_methods;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_orders_are_written_in_lower_case() {
        assert_eq!(serde_json::to_string(&SortOrder::Asc).unwrap(), r#""asc""#);
        assert_eq!(
            serde_json::to_string(&SortOrder::Desc).unwrap(),
            r#""desc""#
        );
    }
}
