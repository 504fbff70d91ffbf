//! A listing before it starts, and one page of it.

use std::fmt;
use std::marker::PhantomData;

use futures::TryStreamExt as _;
use serde::de::DeserializeOwned;
use url::Url;

use super::{ItemStream, PageStream};
use crate::transport::{Prepared, ResponseMeta};
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
/// The streams follow each `rel="next"` link as given (it never builds a cursor); see
/// [`PageStream`] for when they end and which links they refuse.
///
/// Unless turned off ([`prefetch`](Self::prefetch),
/// [`ClientBuilder::prefetch_pages`](crate::ClientBuilder::prefetch_pages)), the next page is
/// requested as soon as the current page's headers name it, so that it travels while the
/// current page is decoded and consumed; never more than one request runs ahead.
///
/// # Examples
///
/// A paginator comes from [`Client::resume`] (a saved next link) or, inside the list
/// builders, from their `items`, `pages`, `send` and `collect_all` methods.
///
/// ```no_run
/// use futures::TryStreamExt as _;
/// use okta_client::models::User;
///
/// # async fn demo(client: okta_client::Client) -> Result<(), okta_client::Error> {
/// let first = client.users().list().limit(200).send().await?;
/// if let Some(next) = first.next {
///     // One request at a time (no page ahead), e.g. to stay gentle with the rate limit.
///     let mut pages = client.resume::<User>(next).prefetch(false).pages();
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
    pub fn pages(self) -> PageStream<T> {
        PageStream::new(self.client, self.first, self.prefetch)
    }

    /// The items of all pages, in order.
    pub fn items(self) -> ItemStream<T> {
        ItemStream::new(self.pages())
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
