//! The paginator: follows `rel="next"` links as given, one page in memory at a time.

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use futures::{Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use tracing::warn;
use url::Url;

use super::next_link;
use crate::transport::{Prepared, ResponseMeta, decode_json};
use crate::{Client, Error};

/// One page of a listing.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Where the next page is, exactly as the server gave it; `None` on the last page. Save it
    /// to continue later with [`Client::resume`].
    pub next: Option<Url>,
    /// Status, request id and rate limit of this page's response.
    pub meta: ResponseMeta,
}

/// A listing that has not started yet. Consume it with [`items`](Self::items),
/// [`pages`](Self::pages) or [`collect_all`](Self::collect_all).
///
/// The stream follows each `rel="next"` link as given (it never builds a cursor) and ends on a
/// page without a next link, on an empty page, or when the next link repeats the current URL.
/// On an error it yields the error once and ends; a next link back to an earlier page is such
/// an error ([`Error::Pagination`]), so a listing never loops. A next link to another origin
/// than the org is refused with [`Error::Pagination`], so the token never leaves the org.
#[must_use = "a paginator does nothing until its stream is polled"]
pub struct Paginator<T> {
    client: Client,
    first: Result<Prepared, Error>,
    _items: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.first.as_ref().map(|p| p.url.as_str());
        f.debug_struct("Paginator").field("first", &first).finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> Paginator<T> {
    pub(crate) fn new(client: Client, first: Result<Prepared, Error>) -> Self {
        Self {
            client,
            first,
            _items: PhantomData,
        }
    }

    /// The pages, one at a time.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static {
        let Paginator { client, first, .. } = self;
        async_stream::stream! {
            let mut request = match first {
                Ok(request) => request,
                Err(e) => {
                    yield Err(e);
                    return;
                }
            };
            // Hashes of the URLs already fetched, so that a cycle of next links (A → B → A) is
            // caught: a few bytes per page, unlike the pages themselves.
            let mut fetched: HashSet<u64> = HashSet::new();
            loop {
                if !fetched.insert(url_hash(&request.url)) {
                    yield Err(Error::Pagination(format!(
                        "the next link {} points back to a page already fetched",
                        request.url
                    )));
                    return;
                }
                if request.url.origin() != client.org_url().origin() {
                    yield Err(Error::Pagination(format!(
                        "refusing to follow a link to {} which is not the org {}",
                        request.url.origin().ascii_serialization(),
                        client.org_url().origin().ascii_serialization(),
                    )));
                    return;
                }
                let raw = match client.execute(&request).await {
                    Ok(raw) => raw,
                    Err(e) => {
                        yield Err(e);
                        return;
                    }
                };
                let items: Vec<T> = match decode_json(&raw.body, &raw.meta) {
                    Ok(items) => items,
                    Err(e) => {
                        yield Err(e);
                        return;
                    }
                };
                let next = match next_link(&raw.meta.headers, &request.url) {
                    Some(_) if items.is_empty() => None,
                    Some(next) if next == request.url => {
                        warn!(url = %next, "the next link repeats the current page; stopping");
                        None
                    }
                    next => next,
                };
                yield Ok(Page { items, next: next.clone(), meta: raw.meta });
                match next {
                    Some(next) => request = Prepared::get(next),
                    None => return,
                }
            }
        }
    }

    /// The items of all pages, in order.
    pub fn items(self) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
        let pages = self.pages();
        async_stream::stream! {
            let mut pages = Box::pin(pages);
            while let Some(page) = pages.next().await {
                match page {
                    Ok(page) => {
                        for item in page.items {
                            yield Ok(item);
                        }
                    }
                    Err(e) => {
                        yield Err(e);
                        return;
                    }
                }
            }
        }
    }

    /// Every item of every page in one `Vec`. Convenient for small listings; prefer
    /// [`items`](Self::items) for large ones.
    ///
    /// # Errors
    /// The first error of the listing.
    pub async fn collect_all(self) -> Result<Vec<T>, Error> {
        self.items().try_collect().await
    }
}

fn url_hash(url: &Url) -> u64 {
    let mut hasher = DefaultHasher::new();
    url.as_str().hash(&mut hasher);
    hasher.finish()
}
