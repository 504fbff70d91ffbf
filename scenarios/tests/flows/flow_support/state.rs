//! The runtime's state store, in memory or in a temporary file, and a run's context over it.

use std::path::PathBuf;
use std::sync::Arc;

use okta_client::Client;
use okta_scenarios::runtime::{FlowContext, Notifier, StateStore};

use super::notify::Collected;

/// A fresh in-memory state store.
pub fn state() -> Arc<StateStore> {
    Arc::new(StateStore::in_memory().expect("an in-memory state store"))
}

/// A state file in a fresh temporary directory (removed when the value is dropped).
pub struct StateFile {
    dir: PathBuf,
    /// The file.
    pub path: PathBuf,
}

impl StateFile {
    /// A new, empty state file path, unique to `label` and this process.
    pub fn new(label: &str) -> Self {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("okta-flows-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let path = dir.join("state.db");
        Self { dir, path }
    }

    /// Opens the store (again): what a restarted engine does.
    pub fn open(&self) -> Arc<StateStore> {
        Arc::new(StateStore::open(&self.path).expect("the state file opens"))
    }
}

impl Drop for StateFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A run's context for `flow` over `state`, notifying `notifier`.
pub fn context(
    flow: &'static str,
    client: &Client,
    apply: bool,
    trigger_key: &str,
    state: &Arc<StateStore>,
    notifier: &Arc<Collected>,
) -> FlowContext {
    FlowContext::new(
        flow,
        client.clone(),
        apply,
        trigger_key,
        Arc::clone(state),
        Arc::clone(notifier) as Arc<dyn Notifier>,
    )
}
