//! The two streams a listing is read with: [`PageStream`] (page by page) and [`ItemStream`]
//! (item by item). Both are named types and `Unpin`, so they can be stored in a struct and
//! polled with `.next().await` without pinning them first.

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures::Stream;
use futures::stream::FusedStream;
use serde::de::DeserializeOwned;
use tracing::warn;
use url::Url;

use super::fetch::PageFetch;
use super::{Page, next_link};
use crate::transport::{Prepared, RawHttp, decode_json};
use crate::{Client, Error};

/// A page's response on its way. Boxed so that the stream stays `Unpin` and nameable.
type Response = Pin<Box<dyn Future<Output = Result<RawHttp, Error>> + Send>>;

/// Where a [`PageStream`] is.
enum State {
    /// Not polled yet: the first request (or the mistake made while building it).
    Start(Result<Prepared, Error>),
    /// A page is on its way (or, without prefetch, will be sent when polled).
    Fetching { url: Url, response: Response },
    /// The page just yielded named a next link that is refused: that error comes next.
    Refused { url: Url, error: Error },
    /// Ended: after the last page or after an error.
    Done,
}

/// The pages of a listing, one at a time: a [`Stream`] of `Result<Page<T>, Error>`.
///
/// Made by the list builders' `pages()` and by [`Paginator::pages`](super::Paginator::pages).
/// It follows each `rel="next"` link as given and ends on a page without one, on an empty page,
/// or when the next link repeats the current URL. On an error it yields the error once and
/// ends; a next link back to a page already fetched, or to another origin than the org, is
/// such an error ([`Error::Pagination`]). With prefetch on, the next page is requested as soon
/// as the current page's headers name it; never more than one request runs ahead, and dropping
/// the stream cancels it.
///
/// # Examples
///
/// ```no_run
/// use futures::StreamExt as _;
///
/// # async fn demo(client: okta_client::Client) -> Result<(), okta_client::Error> {
/// // No pinning needed: the stream is `Unpin`.
/// let mut pages = client.users().list().limit(200).pages();
/// while let Some(page) = pages.next().await {
///     let page = page?;
///     println!("{} users from {}", page.items.len(), page.meta.url);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a stream does nothing until it is polled"]
pub struct PageStream<T> {
    client: Client,
    prefetch: bool,
    state: State,
    /// Hashes of the URLs already fetched, so that a cycle of next links (A → B → A) is
    /// caught: a few bytes per page, unlike the pages themselves.
    fetched: HashSet<u64>,
    _items: PhantomData<fn() -> T>,
}

impl<T> PageStream<T> {
    pub(super) fn new(client: Client, first: Result<Prepared, Error>, prefetch: bool) -> Self {
        Self {
            client,
            prefetch,
            state: State::Start(first),
            fetched: HashSet::new(),
            _items: PhantomData,
        }
    }

    /// The URL of what this stream yields next: the first page's before the first poll, then
    /// each next link (also one about to be refused); `None` once the stream has ended, or
    /// when the first request could not even be built. Read it before polling to know which
    /// request a failed page was (an [`Error`] does not carry its URL).
    pub fn next_url(&self) -> Option<&Url> {
        match &self.state {
            State::Start(Ok(first)) => Some(&first.url),
            State::Fetching { url, .. } | State::Refused { url, .. } => Some(url),
            State::Start(Err(_)) | State::Done => None,
        }
    }

    /// Starts the request for `url` (ahead of the consumer when prefetching).
    fn fetch(&mut self, url: Url, request: Prepared, ahead: bool) {
        let fetch = PageFetch::start(&self.client, request, ahead);
        let client = self.client.clone();
        let response = Box::pin(async move { fetch.finish(&client).await });
        self.state = State::Fetching { url, response };
    }

    /// Ends the stream with `error`.
    fn fail(&mut self, error: Error) -> Poll<Option<Result<Page<T>, Error>>> {
        self.state = State::Done;
        Poll::Ready(Some(Err(error)))
    }
}

impl<T: DeserializeOwned> Stream for PageStream<T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let (url, raw) = match std::mem::replace(&mut this.state, State::Done) {
            State::Done => return Poll::Ready(None),
            State::Refused { error, .. } | State::Start(Err(error)) => return this.fail(error),
            State::Start(Ok(first)) => {
                if let Err(e) = admit(&this.client, &first.url, &mut this.fetched) {
                    return this.fail(e);
                }
                // The first page has nothing to overlap with: it is sent in place.
                this.fetch(first.url.clone(), first, false);
                return Pin::new(this).poll_next(cx);
            }
            State::Fetching { url, mut response } => match response.as_mut().poll(cx) {
                Poll::Ready(raw) => (url, raw),
                Poll::Pending => {
                    this.state = State::Fetching { url, response };
                    return Poll::Pending;
                }
            },
        };
        let raw = match raw {
            Ok(raw) => raw,
            Err(e) => return this.fail(e),
        };
        // What comes next is known from the headers and the body's emptiness, before the body
        // is decoded; a refused link is reported after this page.
        let next = match next_link(&raw.meta.headers, &url) {
            Some(_) if is_empty_array(&raw.body) => None,
            Some(next) if next == url => {
                warn!(url = %next, "the next link repeats the current page; stopping");
                None
            }
            next => next,
        };
        if let Some(next) = &next {
            match admit(&this.client, next, &mut this.fetched) {
                Ok(()) => this.fetch(next.clone(), Prepared::get(next.clone()), this.prefetch),
                Err(error) => {
                    let url = next.clone();
                    this.state = State::Refused { url, error };
                }
            }
        }
        let items: Vec<T> = match decode_json(&raw.body, &raw.meta) {
            Ok(items) => items,
            // Dropping the request under way cancels it.
            Err(e) => return this.fail(e),
        };
        Poll::Ready(Some(Ok(Page {
            items,
            next,
            meta: raw.meta,
        })))
    }
}

impl<T: DeserializeOwned> FusedStream for PageStream<T> {
    fn is_terminated(&self) -> bool {
        matches!(self.state, State::Done)
    }
}

impl<T> fmt::Debug for PageStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let next = self.next_url().map(Url::as_str);
        f.debug_struct("PageStream")
            .field("next_url", &next)
            .field("prefetch", &self.prefetch)
            .finish_non_exhaustive()
    }
}

/// The items of a listing across all its pages: a [`Stream`] of `Result<T, Error>`.
///
/// Made by the list builders' `items()` and by [`Paginator::items`](super::Paginator::items);
/// it reads the pages of a [`PageStream`] and behaves as it does (one error, then the end).
///
/// # Examples
///
/// ```no_run
/// use futures::TryStreamExt as _;
///
/// # async fn demo(client: okta_client::Client) -> Result<(), okta_client::Error> {
/// // No pinning needed: the stream is `Unpin`.
/// let mut users = client.users().list().filter("status eq \"ACTIVE\"").items();
/// while let Some(user) = users.try_next().await? {
///     println!("{}", user.id);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a stream does nothing until it is polled"]
pub struct ItemStream<T> {
    pages: PageStream<T>,
    /// The rest of the current page.
    current: std::vec::IntoIter<T>,
}

impl<T> ItemStream<T> {
    pub(super) fn new(pages: PageStream<T>) -> Self {
        Self {
            pages,
            current: Vec::new().into_iter(),
        }
    }

    /// The URL of the page whose items come after the current page's (see
    /// [`PageStream::next_url`]).
    pub fn next_url(&self) -> Option<&Url> {
        self.pages.next_url()
    }
}

// The items are only moved out of the buffer, never pinned.
impl<T> Unpin for ItemStream<T> {}

impl<T: DeserializeOwned> Stream for ItemStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.current = page.items.into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.current.len();
        if self.pages.is_terminated() {
            (buffered, Some(buffered))
        } else {
            (buffered, None)
        }
    }
}

impl<T: DeserializeOwned> FusedStream for ItemStream<T> {
    fn is_terminated(&self) -> bool {
        self.current.len() == 0 && self.pages.is_terminated()
    }
}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("buffered", &self.current.len())
            .field("pages", &self.pages)
            .finish()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_unpin_send<S: Unpin + Send + 'static>() {}

    #[test]
    fn both_streams_are_unpin_send_and_nameable() {
        assert_unpin_send::<PageStream<crate::models::User>>();
        assert_unpin_send::<ItemStream<crate::models::User>>();
    }

    #[test]
    fn only_an_empty_array_counts_as_an_empty_page() {
        assert!(is_empty_array(b"[]"));
        assert!(is_empty_array(b" [ \n ] "));
        assert!(!is_empty_array(b"[{}]"));
        assert!(!is_empty_array(b"{}"));
        assert!(!is_empty_array(b""));
    }
}
