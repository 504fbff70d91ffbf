//! Deterministic id generation: a seeded counter rendered as Okta-looking 20-character ids.

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const LOWER: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Generates ids `<prefix><7-char seed tag><10-char counter>`. The counter is zero-padded in an
/// alphabet sorted like ASCII, so later ids sort after earlier ones and lists follow creation
/// order.
#[derive(Debug, Clone)]
pub(crate) struct IdGen {
    tag: String,
    counter: u64,
    seed: u64,
    suffixes: u64,
}

impl IdGen {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Self {
        let mut x = splitmix(seed);
        let tag = (0..7)
            .map(|_| {
                let c = ALPHABET[(x % 62) as usize] as char;
                x /= 62;
                c
            })
            .collect();
        Self {
            tag,
            counter: 0,
            seed,
            suffixes: 0,
        }
    }

    /// The next id with `prefix` (`00u`, `00g`, `0oa`) that `taken` does not report as used.
    pub fn next(&mut self, prefix: &str, taken: impl Fn(&str) -> bool) -> String {
        loop {
            self.counter += 1;
            let mut n = self.counter;
            let mut digits = [b'0'; 10];
            for d in digits.iter_mut().rev() {
                *d = ALPHABET[(n % 62) as usize];
                n /= 62;
            }
            let id = format!("{prefix}{}{}", self.tag, String::from_utf8_lossy(&digits));
            if !taken(&id) {
                return id;
            }
        }
    }

    /// How many ids and suffixes were handed out.
    pub fn position(&self) -> (u64, u64) {
        (self.counter, self.suffixes)
    }

    /// Continues after `counter` ids and `suffixes` suffixes (never going back).
    pub fn resume(&mut self, counter: u64, suffixes: u64) {
        self.counter = self.counter.max(counter);
        self.suffixes = self.suffixes.max(suffixes);
    }

    /// Seven lowercase alphanumerics for a variable-name suffix, deterministic from the seed.
    pub fn suffix(&mut self) -> String {
        self.suffixes += 1;
        let mut x = splitmix(self.seed ^ self.suffixes.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        (0..7)
            .map(|_| {
                let c = LOWER[(x % 36) as usize] as char;
                x /= 36;
                c
            })
            .collect()
    }
}

fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_twenty_characters_increasing_and_skip_taken_ones() {
        let mut g = IdGen::new(7);
        let a = g.next("00u", |_| false);
        let b_would_be = IdGen {
            counter: 1,
            ..g.clone()
        }
        .next("00u", |_| false);
        let b = g.next("00u", |id| id == b_would_be);
        assert_eq!(a.len(), 20);
        assert!(a.starts_with("00u"));
        assert!(a < b);
        assert_ne!(b, b_would_be);
    }

    #[test]
    fn suffixes_are_seven_lowercase_alphanumerics() {
        let mut g = IdGen::new(1);
        let s = g.suffix();
        assert_eq!(s.len(), 7);
        assert!(
            s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert_ne!(s, g.suffix());
    }
}
