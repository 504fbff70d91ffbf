//! What every list builder shares: the sort order, and the methods that run the list.

use serde::Serialize;

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
/// `client: Client` and `url: Url` fields that serde skips) its `items`, `pages`, `send` and
/// `collect_all` methods, all following Okta's `Link: rel="next"` headers as given.
macro_rules! list_methods {
    // A paged list: also the `limit` and `after` setters, which every paged endpoint shares
    // (the builder has `limit: Option<u32>` and `after: Option<String>` fields).
    ($builder:ident, $item:ty, page_size = $page_size:literal) => {
        impl $builder {
            #[doc = concat!("`limit`: page size (", $page_size, ").")]
            pub fn limit(mut self, limit: u32) -> Self {
                self.limit = Some(limit);
                self
            }

            /// `after`: start from a cursor taken from a previous page's next link. Cursors are
            /// opaque; never build one.
            pub fn after(mut self, cursor: impl Into<String>) -> Self {
                self.after = Some(cursor.into());
                self
            }
        }

        list_methods!($builder, $item);
    };
    ($builder:ident, $item:ty) => {
        impl $builder {
            fn paginator(self) -> $crate::pagination::Paginator<$item> {
                let request = self
                    .client
                    .request(::reqwest::Method::GET, self.url.clone());
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
