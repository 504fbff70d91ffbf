//! The event `uuid`s already acted on, within a bounded window.

use std::collections::{HashSet, VecDeque};

/// Remembers the last `capacity` uuids, forgetting the oldest first. Okta delivers at least
/// once and says to detect a repeated delivery by each event's `uuid`
/// (developer.okta.com/docs/concepts/event-hooks/, "Ongoing event delivery"); a redelivery
/// comes soon after (one retry after a timeout or a 5xx), so a window of recent uuids
/// catches it with bounded memory.
#[derive(Debug)]
pub(crate) struct SeenWindow {
    capacity: usize,
    seen: HashSet<String>,
    order: VecDeque<String>,
}

impl SeenWindow {
    pub(crate) fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            capacity,
            seen: HashSet::with_capacity(capacity.min(4096)),
            order: VecDeque::with_capacity(capacity.min(4096)),
        }
    }

    /// True when `uuid` is in the window.
    pub(crate) fn contains(&self, uuid: &str) -> bool {
        self.seen.contains(uuid)
    }

    /// Records `uuid`; forgets the oldest when the window is full.
    pub(crate) fn insert(&mut self, uuid: &str) {
        if self.seen.contains(uuid) {
            return;
        }
        if self.order.len() == self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.seen.remove(&oldest);
            }
        }
        self.seen.insert(uuid.to_owned());
        self.order.push_back(uuid.to_owned());
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_forgets_the_oldest_uuid_first_and_never_grows_past_its_size() {
        let mut window = SeenWindow::new(2);
        window.insert("a");
        window.insert("b");
        window.insert("a");
        assert!(window.contains("a") && window.contains("b"));
        window.insert("c");
        assert!(!window.contains("a"));
        assert!(window.contains("b") && window.contains("c"));
        assert_eq!(window.len(), 2);
    }
}
