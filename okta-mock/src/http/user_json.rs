//! A user written straight from its record as Okta's JSON, byte for byte what serializing the
//! wire model gives, for the listing fast path (`GET /api/v1/users` writes 200 users a page).

use crate::store::UserRec;
use crate::store::render::{DEFAULT_USER_TYPE, ts};

impl UserRec {
    /// Appends this user's wire JSON to `out`, with `links` writing its `_links` value: the
    /// same bytes as serializing [`user`]'s `User` with those links, written straight from the
    /// record (a listing page writes 200 of them; building each `User` and going through
    /// serde cost most of a page's time).
    pub fn write_json(&self, out: &mut Vec<u8>, links: impl FnOnce(&mut Vec<u8>)) {
        // Keys in `User`'s field order; `created` and `lastUpdated` are skipped when absent,
        // the other timestamps are written as null, as `User` does.
        let mut stamps = Stamps::default();
        // Most users fit, so the writes below rarely grow the buffer one by one.
        out.reserve(1024);
        out.extend_from_slice(b"{\"id\":");
        write_str(out, &self.id);
        out.extend_from_slice(b",\"status\":");
        write_str(out, self.status.as_str());
        stamps.write(out, b",\"created\":", Some(self.created), false);
        stamps.write(out, b",\"activated\":", self.activated, true);
        stamps.write(out, b",\"statusChanged\":", self.status_changed, true);
        stamps.write(out, b",\"lastLogin\":", self.last_login, true);
        stamps.write(out, b",\"lastUpdated\":", Some(self.last_updated), false);
        stamps.write(out, b",\"passwordChanged\":", self.password_changed, true);
        out.extend_from_slice(b",\"type\":{\"id\":");
        write_str(out, DEFAULT_USER_TYPE);
        out.extend_from_slice(b"},\"profile\":");
        out.extend_from_slice(self.profile.json().as_bytes());
        // `credentials` in `UserCredentials`' field order; the password's value is never shown.
        out.extend_from_slice(b",\"credentials\":{");
        if self.has_password {
            out.extend_from_slice(b"\"password\":{},");
        }
        if let Some(q) = &self.recovery_question {
            out.extend_from_slice(b"\"recovery_question\":{\"question\":");
            write_str(out, q);
            out.extend_from_slice(b"},");
        }
        out.extend_from_slice(if self.federated {
            b"\"provider\":{\"type\":\"FEDERATION\",\"name\":\"FEDERATION\"}},\"_links\":"
        } else {
            b"\"provider\":{\"type\":\"OKTA\",\"name\":\"OKTA\"}},\"_links\":"
        });
        links(out);
        out.push(b'}');
    }

    /// The id of this user's type (every user of the mock has the default type).
    pub fn type_id(&self) -> &'static str {
        DEFAULT_USER_TYPE
    }
}

/// Appends `s` as a JSON string: copied as is when nothing in it needs escaping (the common
/// case, checked in one tight loop), else escaped by serde_json.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    // No early exit, so the check compiles to a few vector instructions per 16 or 32 bytes.
    let needs_escape = s.bytes().fold(false, |acc, b| {
        acc | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if !needs_escape {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string into a `Vec` cannot fail.
        serde_json::to_writer(&mut *out, s).unwrap_or_default();
    }
}

/// Writes a user's timestamps, formatting each distinct value once (a user's timestamps are
/// often equal: created, activated, statusChanged and lastUpdated at creation).
#[derive(Default)]
struct Stamps {
    last: Option<(i64, [u8; 26])>,
}

impl Stamps {
    /// Appends `key` and the timestamp; an absent or unrepresentable one is written as `null`
    /// when `nullable`, else skipped (with its key), as `User`'s fields are.
    fn write(&mut self, out: &mut Vec<u8>, key: &[u8], millis: Option<i64>, nullable: bool) {
        let Some(millis) = millis else {
            if nullable {
                out.extend_from_slice(key);
                out.extend_from_slice(b"null");
            }
            return;
        };
        if let Some((m, text)) = &self.last {
            if *m == millis {
                out.extend_from_slice(key);
                out.extend_from_slice(text);
                return;
            }
        }
        if FOUR_DIGIT_YEARS.contains(&millis) {
            let mut text = [b'"'; 26];
            text[1..25].copy_from_slice(&okta_timestamp(millis));
            out.extend_from_slice(key);
            out.extend_from_slice(&text);
            self.last = Some((millis, text));
            return;
        }
        // Years the fast path does not cover: as the model writes them, or absent.
        match ts(millis) {
            Some(t) => {
                out.extend_from_slice(key);
                write_str(out, &t.to_string());
            }
            None if nullable => {
                out.extend_from_slice(key);
                out.extend_from_slice(b"null");
            }
            None => {}
        }
    }
}

/// 0000-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z as Unix milliseconds: the years
/// written with exactly four digits, which [`okta_timestamp`] handles.
const FOUR_DIGIT_YEARS: std::ops::Range<i64> = -62_167_219_200_000..253_402_300_800_000;

/// Two ASCII digits of `n < 100`.
fn two(n: u32) -> [u8; 2] {
    [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for a Unix millisecond count in [`FOUR_DIGIT_YEARS`]; the same
/// text as [`Timestamp`]'s `Display`, without the formatting machinery.
fn okta_timestamp(millis: i64) -> [u8; 24] {
    let days = millis.div_euclid(86_400_000);
    // In 0..86_400_000, so it fits a u32.
    let in_day = millis.rem_euclid(86_400_000) as u32;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    // In 0..=9999 for millis in FOUR_DIGIT_YEARS.
    let year = (i64::from(yoe) + era * 400 + i64::from(month <= 2)) as u32;
    let (secs, ms) = (in_day / 1000, in_day % 1000);
    let mut out = *b"0000-00-00T00:00:00.000Z";
    out[0..2].copy_from_slice(&two(year / 100 % 100));
    out[2..4].copy_from_slice(&two(year % 100));
    out[5..7].copy_from_slice(&two(month));
    out[8..10].copy_from_slice(&two(day));
    out[11..13].copy_from_slice(&two(secs / 3600));
    out[14..16].copy_from_slice(&two(secs / 60 % 60));
    out[17..19].copy_from_slice(&two(secs % 60));
    out[20] = b'0' + (ms / 100) as u8;
    out[21..23].copy_from_slice(&two(ms % 100));
    out
}

#[cfg(test)]
mod tests {
    use okta_client::models::UserStatus;
    use serde_json::{Map, Value, json};

    use super::*;
    use crate::store::profile::{Keys, Profile};
    use crate::store::render::user;

    fn record(profile: Value, federated: bool, question: Option<&str>) -> UserRec {
        let Value::Object(map) = profile else {
            panic!("a profile is an object")
        };
        UserRec {
            id: "00u1abc".into(),
            status: UserStatus::Active,
            created: 1_704_814_564_000,
            activated: Some(1_704_814_564_123),
            status_changed: None,
            last_login: Some(-1),
            last_updated: 1_704_900_000_999,
            password_changed: None,
            profile: Profile::from_map(&map, &mut Keys::default()),
            has_password: !federated,
            recovery_question: question.map(Into::into),
            federated,
            locked: false,
        }
    }

    #[test]
    fn a_user_written_from_its_record_is_byte_for_byte_the_model_s_json() {
        let links: Map<String, Value> =
            serde_json::from_value(json!({"self": {"href": "http://h/api/v1/users/00u1abc"}}))
                .unwrap();
        let profiles = [
            json!({"login": "a@x", "email": "a@x", "firstName": "A", "lastName": "B"}),
            json!({
                "zeta": 1, "login": "ü\"q@x", "Alpha": [1, {"b": null}], "title": null,
                "mobilePhone": 42, "manager": "M", "email": "e", "aaa": "x", "lastName": "L"
            }),
            json!({}),
        ];
        for (n, profile) in profiles.into_iter().enumerate() {
            let mut rec = record(profile, n == 1, (n == 0).then_some("Who?"));
            if n == 2 {
                // Beyond what a timestamp can hold (skipped), and a year before 0 (slow path).
                rec.created = i64::MAX / 2;
                rec.activated = Some(-62_200_000_000_000);
                rec.password_changed = Some(i64::MIN / 2);
            }
            let mut model = user(&rec);
            model.links = Some(links.clone());
            let expected = serde_json::to_string(&model).unwrap();
            let mut fast = Vec::new();
            rec.write_json(&mut fast, |out| serde_json::to_writer(out, &links).unwrap());
            assert_eq!(String::from_utf8(fast).unwrap(), expected);
        }
    }

    #[test]
    fn fast_timestamps_match_the_model_s_display() {
        let mut millis = FOUR_DIGIT_YEARS.start;
        let step = (FOUR_DIGIT_YEARS.end - FOUR_DIGIT_YEARS.start) / 50_000 + 7_919;
        let mut checked = 0;
        while FOUR_DIGIT_YEARS.contains(&millis) {
            for m in [millis, millis + 86_399_999, 951_782_400_000 + millis % 1000] {
                let expected = ts(m).map(|t| t.to_string()).unwrap_or_default();
                let fast = okta_timestamp(m);
                assert_eq!(std::str::from_utf8(&fast).unwrap(), expected, "{m}");
                checked += 1;
            }
            millis += step;
        }
        assert!(checked > 100_000);
        let end = FOUR_DIGIT_YEARS.end - 1;
        assert_eq!(&okta_timestamp(end), b"9999-12-31T23:59:59.999Z");
        assert_eq!(&okta_timestamp(0), b"1970-01-01T00:00:00.000Z");
    }
}
