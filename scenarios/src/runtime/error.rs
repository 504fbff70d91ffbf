//! Why a run failed, and whether trying again may help.

/// A flow run's failure. The runtime retries what [`FlowError::is_retryable`] allows, by its
/// retry policy, then records the run as failed and reports it (the flow's error path).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FlowError {
    /// A call to Okta failed.
    #[error("okta: {0}")]
    Okta(#[from] okta_client::Error),
    /// The runtime's durable state could not be read or written.
    #[error("state: {0}")]
    State(#[from] StateError),
    /// A notification could not be sent.
    #[error("notification: {0}")]
    Notify(String),
    /// The flow's own configuration is wrong (a mapping names a group that does not exist, …):
    /// retrying will not help, the configuration must change.
    #[error("configuration: {0}")]
    Config(String),
}

impl FlowError {
    /// Whether the same run may succeed if tried again later: transient transport faults, rate
    /// limits, 5xx answers, a notifier that did not answer. Refusals (4xx) and configuration
    /// errors are not retried.
    pub fn is_retryable(&self) -> bool {
        match self {
            FlowError::Okta(e) => e.is_transient() || e.is_rate_limited(),
            FlowError::Notify(_) => true,
            FlowError::State(_) | FlowError::Config(_) => false,
        }
    }
}

/// The state store failed (the database file is unreadable, locked, or full).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StateError(String);

impl From<rusqlite::Error> for StateError {
    fn from(e: rusqlite::Error) -> Self {
        StateError(e.to_string())
    }
}

impl From<serde_json::Error> for StateError {
    fn from(e: serde_json::Error) -> Self {
        StateError(format!("stored JSON: {e}"))
    }
}

impl StateError {
    /// An error with a message saying what to fix.
    pub fn new(message: impl Into<String>) -> Self {
        StateError(message.into())
    }
}
