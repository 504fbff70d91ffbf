//! Whether one user gets a reminder now: pure, from the user, the time, their enrollment and
//! their reminder row, so the rules are unit-tested without an org.

use okta_client::models::{Timestamp, User, UserStatus};
use serde::{Deserialize, Serialize};

use super::Config;

const DAY_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// A user's row in the `reminders` table (key: the user's id).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReminderRow {
    /// The user's login.
    pub login: String,
    /// Who the reminders went to.
    pub recipient: String,
    /// How many were sent.
    pub count: u32,
    /// When the first was sent (Unix milliseconds of the run's time).
    pub first_millis: i64,
    /// When the last was sent.
    pub last_millis: i64,
}

/// What to do for one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Not a candidate: not `ACTIVE`, or too new; with why.
    NotDue(String),
    /// Reminded less than a period ago: nothing to do.
    RemindedRecently(i64),
    /// Send a reminder.
    Remind,
    /// Enrolled: no reminder; drop the row if there is one.
    Enrolled,
}

/// Whether the user is old enough to be asked: `created` at least `min_age_days` before `now`.
/// A user without `created` counts as new (Okta always sends it; an absent one is no reason to
/// nag anybody).
pub fn old_enough(user: &User, now: Timestamp, config: &Config) -> bool {
    let min_age = i64::from(config.min_age_days) * DAY_MILLIS;
    user.created
        .is_some_and(|c| now.unix_millis() - c.unix_millis() >= min_age)
}

/// The decision for `user` at `now`; `enrolled` is `None` when the factors were not read
/// (the user is not a candidate anyway).
pub fn decide(
    user: &User,
    now: Timestamp,
    config: &Config,
    enrolled: Option<bool>,
    row: Option<&ReminderRow>,
) -> Decision {
    if user.status != UserStatus::Active {
        return Decision::NotDue(format!("the user is {}, not ACTIVE", user.status));
    }
    if !old_enough(user, now, config) {
        let created = user.created.map_or("unknown".to_owned(), |c| c.to_string());
        return Decision::NotDue(format!(
            "created {created}, less than {} days ago",
            config.min_age_days
        ));
    }
    if enrolled == Some(true) {
        return Decision::Enrolled;
    }
    let period = i64::from(config.remind_every_days) * DAY_MILLIS;
    match row {
        Some(row) if now.unix_millis() - row.last_millis < period => {
            Decision::RemindedRecently(row.last_millis)
        }
        _ => Decision::Remind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user(status: &str, created: &str) -> User {
        serde_json::from_value(json!({
            "id": "00u1", "status": status, "created": created,
            "profile": {"login": "ada@example.com"}
        }))
        .unwrap()
    }

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn an_active_user_older_than_the_minimum_without_factors_is_reminded_once_per_period() {
        let config = Config::default();
        let ada = user("ACTIVE", "2024-01-01T00:00:00.000Z");
        let now = at("2024-01-04T00:00:00.000Z");
        assert_eq!(
            decide(&ada, now, &config, Some(false), None),
            Decision::Remind
        );
        let row = ReminderRow {
            last_millis: now.unix_millis(),
            ..ReminderRow::default()
        };
        let later = at("2024-01-04T23:59:59.000Z");
        assert!(matches!(
            decide(&ada, later, &config, Some(false), Some(&row)),
            Decision::RemindedRecently(_)
        ));
        let next_day = at("2024-01-05T00:00:00.000Z");
        assert_eq!(
            decide(&ada, next_day, &config, Some(false), Some(&row)),
            Decision::Remind
        );
    }

    #[test]
    fn new_inactive_and_enrolled_users_get_no_reminder() {
        let config = Config::default();
        let now = at("2024-01-04T00:00:00.000Z");
        let young = user("ACTIVE", "2024-01-01T00:00:01.000Z");
        assert!(matches!(
            decide(&young, now, &config, None, None),
            Decision::NotDue(_)
        ));
        let suspended = user("SUSPENDED", "2023-01-01T00:00:00.000Z");
        assert!(matches!(
            decide(&suspended, now, &config, None, None),
            Decision::NotDue(_)
        ));
        let enrolled = user("ACTIVE", "2023-01-01T00:00:00.000Z");
        assert_eq!(
            decide(&enrolled, now, &config, Some(true), None),
            Decision::Enrolled
        );
    }
}
