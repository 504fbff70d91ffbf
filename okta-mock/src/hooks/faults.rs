//! Delivery faults, so receivers can be tested for what Okta's at-least-once delivery does to
//! them: a delivery delayed, repeated, or dropped on purpose. Set with
//! `PUT /__mock/hooks/faults` (or [`EventHooks::set_faults`](super::EventHooks::set_faults));
//! deterministic counts first (`dropNext`, `duplicateNext`), then rates drawn from a seeded
//! generator. Delays are divided by the mock's time scale, like the delivery timeout.

use serde::{Deserialize, Serialize};

/// The faults applied to deliveries (verifications are never faulted).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct DeliveryFaults {
    /// Every delivery waits this long before it is sent, in milliseconds.
    pub delay_ms: u64,
    /// The next N deliveries are dropped (journaled as dropped, never sent).
    pub drop_next: u32,
    /// The next N deliveries are sent twice, with the same `eventId` and events.
    pub duplicate_next: u32,
    /// The share of later deliveries dropped, 0.0 to 1.0.
    pub drop_rate: f64,
    /// The share of later deliveries sent twice, 0.0 to 1.0.
    pub duplicate_rate: f64,
    /// Seed of the generator behind the rates.
    pub seed: u64,
}

/// What happens to one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Dropped: nothing is sent.
    pub drop: bool,
    /// How many times it is sent (1, or 2 when repeated).
    pub copies: u32,
}

/// The faults with their generator state.
#[derive(Debug, Clone, Default)]
pub struct FaultState {
    /// The configuration (counts decrease as they are used).
    pub faults: DeliveryFaults,
    draws: u64,
}

impl FaultState {
    /// State for `faults`.
    pub fn new(faults: DeliveryFaults) -> Self {
        Self { faults, draws: 0 }
    }

    fn draw(&mut self) -> f64 {
        self.draws += 1;
        let mut z = self.faults.seed ^ self.draws.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Decides the fate of the next delivery.
    pub fn decide(&mut self) -> Decision {
        let drop = if self.faults.drop_next > 0 {
            self.faults.drop_next -= 1;
            true
        } else {
            self.faults.drop_rate > 0.0 && self.draw() < self.faults.drop_rate
        };
        if drop {
            return Decision { drop, copies: 0 };
        }
        let repeat = if self.faults.duplicate_next > 0 {
            self.faults.duplicate_next -= 1;
            true
        } else {
            self.faults.duplicate_rate > 0.0 && self.draw() < self.faults.duplicate_rate
        };
        Decision {
            drop: false,
            copies: if repeat { 2 } else { 1 },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_used_up_before_rates_apply() {
        let mut s = FaultState::new(DeliveryFaults {
            drop_next: 1,
            duplicate_next: 1,
            ..DeliveryFaults::default()
        });
        assert_eq!(
            s.decide(),
            Decision {
                drop: true,
                copies: 0
            }
        );
        assert_eq!(
            s.decide(),
            Decision {
                drop: false,
                copies: 2
            }
        );
        assert_eq!(
            s.decide(),
            Decision {
                drop: false,
                copies: 1
            }
        );
    }

    #[test]
    fn rates_are_deterministic_for_a_seed_and_roughly_kept() {
        let faults = DeliveryFaults {
            drop_rate: 0.25,
            seed: 7,
            ..DeliveryFaults::default()
        };
        let run = || {
            let mut s = FaultState::new(faults.clone());
            (0..1000).filter(|_| s.decide().drop).count()
        };
        let dropped = run();
        assert_eq!(dropped, run());
        assert!((150..350).contains(&dropped), "{dropped}");
    }
}
