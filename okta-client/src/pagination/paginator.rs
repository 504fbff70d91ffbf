//! The paginator: follows `rel="next"` links as given, one page decoded at a time while the
//! next one is already requested.

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use futures::{Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use tracing::warn;
use url::Url;

use super::fetch::PageFetch;
use super::next_link;
use crate::transport::{Prepared, ResponseMeta, decode_json};
use crate::{Client, Error};

/// One page of a listing.
#[derive(Debug, Clone)]
#[non_exhaustive]
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
///
/// Unless turned off ([`prefetch`](Self::prefetch),
/// [`ClientBuilder::prefetch_pages`](crate::ClientBuilder::prefetch_pages)), the next page is
/// requested as soon as the current page's headers name it, so that it travels while the
/// current page is decoded and consumed; never more than one request runs ahead.
///
/// # Examples
///
/// A paginator comes from [`Client::resume`] (a saved next link) or, inside the list
/// builders, from their `stream`, `pages`, `send` and `collect_all` methods.
///
/// ```no_run
/// use futures::TryStreamExt as _;
/// use okta_client::models::User;
///
/// # async fn demo(client: okta_client::Client) -> Result<(), okta_client::Error> {
/// let first = client.users().list().limit(200).send().await?;
/// if let Some(next) = first.next {
///     // One request at a time (no page ahead), e.g. to stay gentle with the rate limit.
///     let mut pages = std::pin::pin!(client.resume::<User>(next).prefetch(false).pages());
///     while let Some(page) = pages.try_next().await? {
///         println!("{} users; remaining {:?}", page.items.len(), page.meta.rate_limit);
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a paginator does nothing until its stream is polled"]
pub struct Paginator<T> {
    client: Client,
    first: Result<Prepared, Error>,
    prefetch: bool,
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
        let prefetch = client.inner().prefetch_pages;
        Self {
            client,
            first,
            prefetch,
            _items: PhantomData,
        }
    }

    /// Whether to request the next page while the current one is decoded and consumed (the
    /// client's [`prefetch_pages`](crate::ClientBuilder::prefetch_pages) setting by default).
    pub fn prefetch(mut self, on: bool) -> Self {
        self.prefetch = on;
        self
    }

    /// The pages, one at a time.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static {
        let Paginator {
            client,
            first,
            prefetch,
            ..
        } = self;
        async_stream::stream! {
            let first = match first {
                Ok(request) => request,
                Err(e) => {
                    yield Err(e);
                    return;
                }
            };
            // Hashes of the URLs already fetched, so that a cycle of next links (A → B → A) is
            // caught: a few bytes per page, unlike the pages themselves.
            let mut fetched: HashSet<u64> = HashSet::new();
            if let Err(e) = admit(&client, &first.url, &mut fetched) {
                yield Err(e);
                return;
            }
            let mut url = first.url.clone();
            // The first page has nothing to overlap with: it is sent in place.
            let mut fetch = PageFetch::start(&client, first, false);
            loop {
                let raw = match fetch.finish(&client).await {
                    Ok(raw) => raw,
                    Err(e) => {
                        yield Err(e);
                        return;
                    }
                };
                // What comes next is known from the headers and the body's emptiness, before
                // the body is decoded; a refused link is reported after this page.
                let next = match next_link(&raw.meta.headers, &url) {
                    Some(_) if is_empty_array(&raw.body) => None,
                    Some(next) if next == url => {
                        warn!(url = %next, "the next link repeats the current page; stopping");
                        None
                    }
                    next => next,
                };
                let refused = next.as_ref().and_then(|n| admit(&client, n, &mut fetched).err());
                let upcoming = match (&next, &refused) {
                    (Some(n), None) => Some(PageFetch::start(&client, Prepared::get(n.clone()), prefetch)),
                    _ => None,
                };
                let items: Vec<T> = match decode_json(&raw.body, &raw.meta) {
                    Ok(items) => items,
                    Err(e) => {
                        yield Err(e);
                        return;
                    }
                };
                yield Ok(Page { items, next: next.clone(), meta: raw.meta });
                if let Some(e) = refused {
                    yield Err(e);
                    return;
                }
                match (upcoming, next) {
                    (Some(upcoming), Some(next)) => {
                        fetch = upcoming;
                        url = next;
                    }
                    _ => return,
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

/// Checks that a page may be fetched: on the org's origin, and not fetched before. Records it.
fn admit(client: &Client, url: &Url, fetched: &mut HashSet<u64>) -> Result<(), Error> {
    if !fetched.insert(url_hash(url)) {
        return Err(Error::Pagination(format!(
            "the next link {url} points back to a page already fetched"
        )));
    }
    if url.origin() != client.org_url().origin() {
        return Err(Error::Pagination(format!(
            "refusing to follow a link to {} which is not the org {}",
            url.origin().ascii_serialization(),
            client.org_url().origin().ascii_serialization(),
        )));
    }
    Ok(())
}

/// True for a body that is an empty JSON array (`[]`, whitespace allowed): the end of a
/// listing whatever its headers say.
fn is_empty_array(body: &[u8]) -> bool {
    let mut bytes = body.iter().filter(|b| !b.is_ascii_whitespace());
    matches!(
        (bytes.next(), bytes.next(), bytes.next()),
        (Some(b'['), Some(b']'), None)
    )
}

fn url_hash(url: &Url) -> u64 {
    let mut hasher = DefaultHasher::new();
    url.as_str().hash(&mut hasher);
    hasher.finish()
}
