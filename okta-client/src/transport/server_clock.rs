//! The server's clock as seen from here, to sub-second precision.
//!
//! `Date` and `X-Rate-Limit-Reset` carry whole seconds, so a single response only says that the
//! server's clock read somewhere in `[Date, Date + 1)` while it answered. Every response narrows
//! that down: the server's clock was at least `Date` when the answer left, hence at least `Date`
//! when it arrived here. Keeping the largest such lower bound, over many responses, pins the
//! server's clock to within one round trip, and a reset computed from it is never early.

use std::time::Duration;

use tokio::time::Instant;

/// A lower bound of the server's clock, as an offset from the local monotonic clock.
#[derive(Debug)]
pub(crate) struct ServerClock {
    /// The local instant the bound is anchored at.
    anchor: Instant,
    /// At least what the server's clock read at `anchor`, in epoch seconds; `None` until a
    /// response with a `Date` header arrives.
    at_anchor: Option<f64>,
}

impl ServerClock {
    /// A clock that knows nothing yet.
    pub(crate) fn new() -> Self {
        Self {
            anchor: Instant::now(),
            at_anchor: None,
        }
    }

    /// Learns from one response that left here at `sent`, arrived at `received`, and carried
    /// `Date: date` (epoch seconds).
    pub(crate) fn observe(&mut self, date: i64, sent: Instant, received: Instant) {
        let date = date as f64;
        // The server read at least `date` before `received`, and less than `date + 1` after
        // `sent`; both read back to the anchor.
        let lower = date - self.seconds_since_anchor(received);
        let upper = date + 1.0 - self.seconds_since_anchor(sent);
        self.at_anchor = match self.at_anchor {
            Some(known) if known < upper => Some(known.max(lower)),
            // Either the first answer, or one showing the bound too high (the server's clock
            // stepped back or runs slower than ours): start over from this answer alone.
            _ => Some(lower),
        };
    }

    /// The local instant by which the server's clock reads `epoch` seconds: never before the
    /// server does. `None` until a `Date` was seen.
    pub(crate) fn instant_of(&self, epoch: i64) -> Option<Instant> {
        let ahead = epoch as f64 - self.at_anchor?;
        Some(self.anchor + Duration::try_from_secs_f64(ahead.max(0.0)).unwrap_or(Duration::MAX))
    }

    fn seconds_since_anchor(&self, at: Instant) -> f64 {
        at.saturating_duration_since(self.anchor).as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_420_070_400;

    #[tokio::test(start_paused = true)]
    async fn one_answer_places_the_server_at_the_start_of_its_second() {
        let mut clock = ServerClock::new();
        assert_eq!(clock.instant_of(T0), None);
        let now = Instant::now();
        clock.observe(T0, now, now);
        assert_eq!(clock.instant_of(T0 + 2), Some(now + Duration::from_secs(2)));
    }

    #[tokio::test(start_paused = true)]
    async fn the_tick_of_date_pins_the_server_clock_to_within_a_round_trip() {
        let mut clock = ServerClock::new();
        let start = Instant::now();
        // The server's clock is 0.7 s into second T0 at `start`: its Date ticks to T0 + 1
        // 0.3 s later. Answers every 100 ms, each taking 10 ms.
        for step in 0..10u32 {
            let sent = start + Duration::from_millis(u64::from(step) * 100);
            let received = sent + Duration::from_millis(10);
            let server = 0.7 + f64::from(step) * 0.1 + 0.005;
            clock.observe(T0 + server.floor() as i64, sent, received);
        }
        let reset_at = clock.instant_of(T0 + 5).unwrap();
        let truth = start + Duration::from_millis(4_300);
        assert!(reset_at >= truth, "never early: {reset_at:?} < {truth:?}");
        assert!(
            reset_at - truth <= Duration::from_millis(20),
            "late by {:?}",
            reset_at - truth
        );
    }

    proptest::proptest! {
        /// Whatever the server's sub-second phase and the round trips, a reset placed with the
        /// learned clock is never before the server reaches it.
        #[test]
        fn a_reset_is_never_placed_before_the_server_reaches_it(
            phase_ms in 0u64..1000,
            exchanges in proptest::collection::vec((0u64..300, 0u64..50, 0u64..50), 1..40),
            reset_in in 1i64..120,
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .start_paused(true)
                .build()
                .unwrap();
            runtime.block_on(async {
                let mut clock = ServerClock::new();
                let start = Instant::now();
                // The server's clock reads T0 + phase at `start`.
                let server_at = |t: Instant| {
                    T0 as f64 + phase_ms as f64 / 1000.0 + (t - start).as_secs_f64()
                };
                let mut now = start;
                for (gap, to_server, back) in exchanges {
                    now += Duration::from_millis(gap);
                    let answered = now + Duration::from_millis(to_server);
                    let received = answered + Duration::from_millis(back);
                    clock.observe(server_at(answered).floor() as i64, now, received);
                    now = received;
                }
                let reset = T0 + reset_in;
                let placed = clock.instant_of(reset).unwrap();
                proptest::prop_assert!(
                    server_at(placed) >= reset as f64 - 1e-6,
                    "placed at server time {} before the reset {reset}",
                    server_at(placed)
                );
                Ok(())
            })?;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_answer_that_contradicts_the_bound_starts_it_over() {
        let mut clock = ServerClock::new();
        let now = Instant::now();
        clock.observe(T0 + 10, now, now);
        // The server's clock stepped back ten seconds.
        clock.observe(T0, now, now);
        assert_eq!(clock.instant_of(T0 + 1), Some(now + Duration::from_secs(1)));
    }
}
