//! The last line of a run: what the result means and which exit status it gives.
//!
//! A run on the embedded demo org (the default scenario, chosen because no org is configured, or
//! with `--mock`) is a demonstration: that org holds one of each edge case on purpose, so users
//! needing attention are the expected result, not a failure, and the run exits 0 unless the run
//! itself failed. Any other run (a real org, or an explicit `--scenario` file, which is how tests
//! and CI pin an org) exits 1 when some users need attention.

use std::collections::BTreeMap;

use super::{EXIT_FAILURES, EXIT_OK};
use crate::immutable_id::{Outcome, Report};

/// What a finished run means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The exit status.
    pub status: i32,
    /// One line for a person, naming the status.
    pub line: String,
}

/// The verdict on a finished report. `demo` is true on the embedded demo org.
pub fn verdict(report: &Report, demo: bool) -> Verdict {
    verdict_on_counts(&report.counts(), demo)
}

/// The verdict from how many users got each outcome.
fn verdict_on_counts(counts: &BTreeMap<Outcome, usize>, demo: bool) -> Verdict {
    let attention: BTreeMap<Outcome, usize> = counts
        .iter()
        .map(|(outcome, n)| (*outcome, *n))
        .filter(|(outcome, _)| outcome.is_failure())
        .collect();
    let n: usize = attention.values().sum();
    let which = attention
        .iter()
        .map(|(outcome, count)| format!("{count} {outcome}"))
        .collect::<Vec<_>>()
        .join(", ");
    let users = |n: usize| if n == 1 { "user" } else { "users" };
    match (n, demo) {
        (0, true) => Verdict {
            status: EXIT_OK,
            line: "Demo org: nothing needs attention. Exit status 0.".to_owned(),
        },
        (n, true) => Verdict {
            status: EXIT_OK,
            line: format!(
                "Demo org: {n} {} ({which}) would need attention on a real org, which would exit \
                 1; this demo org holds such cases on purpose, so the run exits 0.",
                users(n)
            ),
        },
        (0, false) => Verdict {
            status: EXIT_OK,
            line: "Nothing needs attention. Exit status 0.".to_owned(),
        },
        (n, false) => Verdict {
            status: EXIT_FAILURES,
            line: format!(
                "{n} {} need{} attention ({which}; listed above with the reason). Exit status 1.",
                users(n),
                if n == 1 { "s" } else { "" }
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(Outcome, usize)]) -> BTreeMap<Outcome, usize> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn users_needing_attention_exit_1_on_a_real_org_and_0_on_the_demo_org() {
        let c = counts(&[
            (Outcome::WouldUpdate, 8),
            (Outcome::InvalidExternalId, 1),
            (Outcome::UserNotFound, 2),
        ]);
        let real = verdict_on_counts(&c, false);
        assert_eq!(real.status, EXIT_FAILURES);
        assert!(
            real.line.starts_with("3 users need attention"),
            "{}",
            real.line
        );
        assert!(real.line.ends_with("Exit status 1."), "{}", real.line);
        let demo = verdict_on_counts(&c, true);
        assert_eq!(demo.status, EXIT_OK);
        assert!(demo.line.contains("would exit 1") && demo.line.contains("exits 0"));
    }

    #[test]
    fn only_failure_outcomes_count_as_needing_attention() {
        let c = counts(&[
            (Outcome::NoDirectoryUser, 3),
            (Outcome::NotInGroup, 1),
            (Outcome::AlreadyCorrect, 4),
        ]);
        assert_eq!(verdict_on_counts(&c, false).status, EXIT_OK);
        assert_eq!(verdict_on_counts(&BTreeMap::new(), false).status, EXIT_OK);
    }
}
