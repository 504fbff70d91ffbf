//! What the System Log says about the request that made a change (its id, path, user agent),
//! carried in a task-local the HTTP envelope sets around each request. The commit point knows
//! nothing of HTTP, and the consumer that turns committed events into log events runs right
//! after the commit, on the request's own task, so it reads the request from here.

use std::future::Future;

/// The request a change was made in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// `X-Okta-Request-Id` of the request (the log event's `transaction.id`).
    pub request_id: String,
    /// The request's path.
    pub path: String,
    /// The query string, without `?`.
    pub query: Option<String>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
}

tokio::task_local! {
    static CURRENT: RequestContext;
}

/// Runs `fut` with `ctx` as the current request.
pub async fn scope<F: Future>(ctx: RequestContext, fut: F) -> F::Output {
    CURRENT.scope(ctx, fut).await
}

/// The current request, when the caller runs inside [`scope`].
pub fn current() -> Option<RequestContext> {
    CURRENT.try_with(Clone::clone).ok()
}
