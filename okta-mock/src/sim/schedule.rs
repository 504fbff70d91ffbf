//! Deterministic faults: "the next N requests to this route answer this way", set while the
//! mock runs, beside the seeded probabilistic ones of [`super::faults`].
//!
//! Rules are kept in the order they were added. A request takes the first rule whose target it
//! matches and that has uses left; each use counts one, and a rule with none left is dropped.
//! So `2 × 503` then `1 × reset` on the same route answer 503, 503, then a reset, then
//! normally. When a rule applies, it replaces whatever the probabilistic injector drew for the
//! request (which still draws, so that its seeded sequence does not shift).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::faults::{Fault, FaultPlan};
use super::route::Route;

/// What a scheduled fault applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultTarget {
    /// Requests the mock receives on this route (the admin API never matches).
    Request(Route),
}

impl FaultTarget {
    fn matches_request(&self, method: &str, path: &str) -> bool {
        match self {
            FaultTarget::Request(route) => route.matches(method, path),
        }
    }
}

impl From<Route> for FaultTarget {
    fn from(route: Route) -> Self {
        FaultTarget::Request(route)
    }
}

/// A pending scheduled fault, as [`FaultSchedule::pending`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScheduledFault {
    /// What it applies to.
    pub target: FaultTarget,
    /// What happens instead of the normal answer.
    pub plan: FaultPlan,
    /// How many more matching requests it applies to.
    pub remaining: u32,
}

/// Why a scheduled fault was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScheduleError {
    /// A count of zero.
    #[error("a scheduled fault needs a count of at least 1")]
    ZeroTimes,
    /// A plan with neither a fault nor a delay.
    #[error("a scheduled fault needs a fault, a delay or both")]
    Inert,
    /// A status without an Okta body in the mock.
    #[error("status {0} cannot be injected (expected one of 429, 500, 502, 503 or 504)")]
    Status(u16),
}

/// The pending deterministic faults. Cheap to consult when empty (one atomic load), so the
/// request path pays nothing for it unless a test sets a rule.
#[derive(Debug, Default)]
pub struct FaultSchedule {
    /// The number of rules in `rules`, read without the lock.
    len: AtomicUsize,
    rules: Mutex<Vec<ScheduledFault>>,
}

impl FaultSchedule {
    /// An empty schedule.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a rule: the next `times` matching requests meet `plan`, after the rules already
    /// pending for them.
    ///
    /// # Errors
    /// A [`ScheduleError`] when `times` is 0, the plan does nothing, or its status is not one
    /// of [`Fault::STATUSES`].
    pub fn push(
        &self,
        target: impl Into<FaultTarget>,
        times: u32,
        plan: FaultPlan,
    ) -> Result<(), ScheduleError> {
        if times == 0 {
            return Err(ScheduleError::ZeroTimes);
        }
        if plan.is_inert() {
            return Err(ScheduleError::Inert);
        }
        if let Some(Fault::Status(code)) = plan.fault {
            if !Fault::STATUSES.contains(&code) {
                return Err(ScheduleError::Status(code));
            }
        }
        let mut rules = self.lock();
        rules.push(ScheduledFault {
            target: target.into(),
            plan,
            remaining: times,
        });
        self.len.store(rules.len(), Ordering::Release);
        Ok(())
    }

    /// Takes one use of the first rule this request matches, if any.
    pub fn take_for_request(&self, method: &str, path: &str) -> Option<FaultPlan> {
        if self.len.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut rules = self.lock();
        let index = rules
            .iter()
            .position(|r| r.target.matches_request(method, path))?;
        let rule = &mut rules[index];
        let plan = rule.plan;
        rule.remaining -= 1;
        if rule.remaining == 0 {
            rules.remove(index);
            self.len.store(rules.len(), Ordering::Release);
        }
        Some(plan)
    }

    /// The pending rules, in the order they apply.
    pub fn pending(&self) -> Vec<ScheduledFault> {
        self.lock().clone()
    }

    /// Drops every pending rule.
    pub fn clear(&self) {
        let mut rules = self.lock();
        rules.clear();
        self.len.store(0, Ordering::Release);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<ScheduledFault>> {
        self.rules.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn rules_apply_in_order_exactly_as_many_times_as_given() {
        let schedule = FaultSchedule::new();
        let users = Route::get("/api/v1/users");
        schedule
            .push(users.clone(), 2, Fault::Status(503).into())
            .unwrap();
        schedule.push(users, 1, Fault::Reset.into()).unwrap();
        let taken: Vec<_> = (0..4)
            .map(|_| schedule.take_for_request("GET", "/api/v1/users?limit=2"))
            .collect();
        assert_eq!(
            taken,
            [
                Some(Fault::Status(503).into()),
                Some(Fault::Status(503).into()),
                Some(Fault::Reset.into()),
                None
            ]
        );
        assert!(schedule.pending().is_empty());
    }

    #[test]
    fn a_request_to_another_route_leaves_the_rule_pending() {
        let schedule = FaultSchedule::new();
        let plan = FaultPlan::delay(Duration::from_millis(5));
        schedule
            .push(Route::delete("/api/v1/users/{id}"), 1, plan)
            .unwrap();
        assert_eq!(schedule.take_for_request("GET", "/api/v1/users/00u1"), None);
        assert_eq!(schedule.pending()[0].remaining, 1);
        assert_eq!(
            schedule.take_for_request("DELETE", "/api/v1/users/00u1"),
            Some(plan)
        );
        schedule.push(Route::any("/**"), 3, plan).unwrap();
        schedule.clear();
        assert_eq!(schedule.take_for_request("GET", "/x"), None);
    }

    #[test]
    fn a_rule_that_would_do_nothing_or_answer_an_unknown_status_is_refused() {
        let schedule = FaultSchedule::new();
        let route = Route::any("/**");
        assert_eq!(
            schedule.push(route.clone(), 0, Fault::Reset.into()),
            Err(ScheduleError::ZeroTimes)
        );
        assert_eq!(
            schedule.push(route.clone(), 1, FaultPlan::default()),
            Err(ScheduleError::Inert)
        );
        assert_eq!(
            schedule.push(route, 1, Fault::Status(418).into()),
            Err(ScheduleError::Status(418))
        );
        assert!(schedule.pending().is_empty());
    }
}
