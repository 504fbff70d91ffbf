//! One page request, run in place or ahead of the consumer.

use tokio::task::JoinHandle;
use tracing::Instrument as _;

use crate::transport::{Prepared, RawHttp};
use crate::{Client, Error};

/// A page request: either already on its way in a task of its own (so that it travels while
/// the page before it is decoded and consumed), or waiting to be sent when it is awaited.
pub(super) enum PageFetch {
    /// Sent ahead; the task is aborted if the listing is dropped first.
    Ahead(AbortOnDrop),
    /// To be sent when awaited (boxed: a request is far larger than a task handle).
    InPlace(Box<Prepared>),
}

impl PageFetch {
    /// Starts `request` now when `ahead`, otherwise keeps it for [`finish`](Self::finish).
    pub(super) fn start(client: &Client, request: Prepared, ahead: bool) -> Self {
        if !ahead {
            return Self::InPlace(Box::new(request));
        }
        let client = client.clone();
        let task = async move { client.execute(&request).await };
        Self::Ahead(AbortOnDrop(tokio::spawn(task.in_current_span())))
    }

    /// The response of the request.
    pub(super) async fn finish(self, client: &Client) -> Result<RawHttp, Error> {
        match self {
            Self::InPlace(request) => client.execute(&request).await,
            Self::Ahead(mut task) => match (&mut task.0).await {
                Ok(result) => result,
                // A panic in the request task is a bug; let it surface as one.
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(_) => Err(Error::Pagination(
                    "the next page's request was cancelled (the runtime is shutting down)"
                        .to_owned(),
                )),
            },
        }
    }
}

/// A task handle that aborts its task when dropped: a listing dropped early does not leave its
/// prefetch running.
pub(super) struct AbortOnDrop(JoinHandle<Result<RawHttp, Error>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
