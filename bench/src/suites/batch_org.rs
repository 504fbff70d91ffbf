//! The org of the batch-sync suite: N users over three AD instances with a realistic mix of
//! the cases the Immutable ID flow meets, generated deterministically.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use okta_mock::scenario::ApplyOn;
use okta_mock::scenario::{
    Scenario, ScenarioApp, ScenarioAssignment, ScenarioGroup, ScenarioMapping, ScenarioUser,
};
use serde_json::{Map, Value, json};

/// The AD instances, in the preference order the flow is given.
pub const DOMAINS: [&str; 3] = ["corp.example.com", "emea.example.com", "apac.example.com"];
/// The Office 365 app's label.
pub const OFFICE365: &str = "Microsoft Office 365";
/// The licensing group.
pub const GROUP: &str = "Office 365 Users";
/// The custom user attribute of the faster write path.
pub const ATTRIBUTE: &str = "msImmutableId";
/// The Office 365 mapping that carries [`ATTRIBUTE`] into `immutableId`, falling back to
/// Okta's default.
pub const ATTRIBUTE_MAPPING: &str = "user.msImmutableId != null ? user.msImmutableId : \
                                     (hasDirectoryUser() ? findDirectoryUser().externalId : null)";

/// One user's situation (chosen by `i % 100`, so every block of 100 users has the same mix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// corp only; Office 365 already holds the right value (55%).
    CorpCorrect,
    /// corp only; Office 365 value null (10%).
    CorpNull,
    /// corp and emea; null, as Okta's default mapping leaves it (10%).
    TwoDirectories,
    /// all three; null (3%).
    ThreeDirectories,
    /// emea only; a stale wrong value (5%).
    EmeaWrong,
    /// apac only; right value (3%).
    ApacCorrect,
    /// corp DEPROVISIONED (no usable externalId), emea active; null (3%).
    CorpDeprovisioned,
    /// cloud-only, no AD; null (3%).
    NoDirectory,
    /// corp; licensed but outside the group (3%).
    OutsideGroup,
    /// corp; in the group but not assigned to Office 365 (2%).
    NotLicensed,
    /// corp; Okta user SUSPENDED (keeps assignments); null (2%).
    Suspended,
    /// Okta user DEPROVISIONED (no assignments left), still in the group (1%).
    Deactivated,
}

impl Case {
    /// The case of user `i`.
    pub fn of(i: usize) -> Self {
        match i % 100 {
            0..=54 => Self::CorpCorrect,
            55..=64 => Self::CorpNull,
            65..=74 => Self::TwoDirectories,
            75..=77 => Self::ThreeDirectories,
            78..=82 => Self::EmeaWrong,
            83..=85 => Self::ApacCorrect,
            86..=88 => Self::CorpDeprovisioned,
            89..=91 => Self::NoDirectory,
            92..=94 => Self::OutsideGroup,
            95..=96 => Self::NotLicensed,
            97..=98 => Self::Suspended,
            _ => Self::Deactivated,
        }
    }
}

/// The login of batch user `i`.
pub fn login(i: usize) -> String {
    format!("sync{i:07}@example.com")
}

/// A valid Immutable ID (base64 of 16 bytes) for user `i` in directory `d`.
pub fn immutable_id(i: usize, d: usize) -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&(i as u64).to_le_bytes());
    bytes[8..].copy_from_slice(&(0xad00_0000_0000_0000_u64 | d as u64).to_be_bytes());
    STANDARD.encode(bytes)
}

fn ad(i: usize, d: usize, status: Option<&str>) -> ScenarioAssignment {
    ScenarioAssignment {
        app: DOMAINS[d].to_owned(),
        external_id: Some(immutable_id(i, d)),
        status: status.map(str::to_owned),
        ..ScenarioAssignment::default()
    }
}

fn office365(value: Option<String>) -> ScenarioAssignment {
    let mut profile = Map::new();
    profile.insert(
        "immutableId".into(),
        value.map_or(Value::Null, Value::String),
    );
    ScenarioAssignment {
        app: OFFICE365.to_owned(),
        profile,
        ..ScenarioAssignment::default()
    }
}

/// User `i` as a scenario entry.
pub fn user(i: usize) -> ScenarioUser {
    let case = Case::of(i);
    let login = login(i);
    let profile = json!({"login": login, "email": login, "firstName": format!("Sync{i}"), "lastName": "User"});
    let profile = match profile {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let (apps, in_group, status) = match case {
        Case::CorpCorrect => (
            vec![ad(i, 0, None), office365(Some(immutable_id(i, 0)))],
            true,
            None,
        ),
        Case::CorpNull => (vec![ad(i, 0, None), office365(None)], true, None),
        Case::TwoDirectories => (
            vec![ad(i, 0, None), ad(i, 1, None), office365(None)],
            true,
            None,
        ),
        Case::ThreeDirectories => (
            vec![
                ad(i, 0, None),
                ad(i, 1, None),
                ad(i, 2, None),
                office365(None),
            ],
            true,
            None,
        ),
        Case::EmeaWrong => (
            vec![ad(i, 1, None), office365(Some(immutable_id(i, 9)))],
            true,
            None,
        ),
        Case::ApacCorrect => (
            vec![ad(i, 2, None), office365(Some(immutable_id(i, 2)))],
            true,
            None,
        ),
        Case::CorpDeprovisioned => (
            vec![
                ad(i, 0, Some("DEPROVISIONED")),
                ad(i, 1, None),
                office365(None),
            ],
            true,
            None,
        ),
        Case::NoDirectory => (vec![office365(None)], true, None),
        Case::OutsideGroup => (vec![ad(i, 0, None), office365(None)], false, None),
        Case::NotLicensed => (vec![ad(i, 0, None)], true, None),
        Case::Suspended => (
            vec![ad(i, 0, None), office365(None)],
            true,
            Some("SUSPENDED"),
        ),
        Case::Deactivated => (Vec::new(), true, Some("DEPROVISIONED")),
    };
    ScenarioUser {
        id: None,
        status: status.map(str::to_owned),
        profile,
        groups: if in_group {
            vec![GROUP.to_owned()]
        } else {
            Vec::new()
        },
        apps,
        timestamps: None,
        factors: Vec::new(),
        credentials: None,
    }
}

/// The whole org of `n` users, its Office 365 app mapping [`ATTRIBUTE`] into `immutableId`.
pub fn scenario_with_attribute_mapping(n: usize) -> Scenario {
    let mut scenario = scenario(n);
    if let Some(o365) = scenario.apps.iter_mut().find(|a| a.label == OFFICE365) {
        let mapping = ScenarioMapping {
            expression: ATTRIBUTE_MAPPING.to_owned(),
            apply_on: ApplyOn::CreateAndUpdate,
        };
        o365.mappings = Some(std::iter::once(("immutableId".to_owned(), mapping)).collect());
    }
    scenario
}

/// The whole org of `n` users.
pub fn scenario(n: usize) -> Scenario {
    let mut apps: Vec<ScenarioApp> = DOMAINS
        .iter()
        .map(|d| ScenarioApp {
            name: "active_directory".into(),
            label: (*d).to_owned(),
            ..ScenarioApp::default()
        })
        .collect();
    apps.push(ScenarioApp {
        name: "office365".into(),
        label: OFFICE365.into(),
        ..ScenarioApp::default()
    });
    Scenario {
        description: Some(format!("okta-bench: {n} users over three AD instances")),
        groups: vec![ScenarioGroup {
            name: GROUP.into(),
            ..ScenarioGroup::default()
        }],
        apps,
        users: (0..n).map(user).collect(),
        me: None,
        service_apps: Vec::new(),
        system_log: Vec::new(),
        settings: None,
    }
}

/// How many objects each listing the flow reads holds, to compute its page counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Listings {
    /// Apps in the org.
    pub apps: usize,
    /// Members of the group.
    pub members: usize,
    /// Office 365 app users.
    pub office365: usize,
    /// App users of each AD instance (DEPROVISIONED ones included: they are listed).
    pub directories: [usize; 3],
}

/// Counts the listings of a generated org.
pub fn listings(scenario: &Scenario) -> Listings {
    let mut out = Listings {
        apps: scenario.apps.len(),
        ..Listings::default()
    };
    for user in &scenario.users {
        out.members += usize::from(user.groups.iter().any(|g| g == GROUP));
        for app in &user.apps {
            if app.app == OFFICE365 {
                out.office365 += 1;
            } else if let Some(d) = DOMAINS.iter().position(|d| *d == app.app) {
                out.directories[d] += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use okta_mock::Store;
    use okta_mock::internals::commit::{Actor, LoadScenario};

    use super::*;

    #[test]
    fn every_block_of_a_hundred_users_has_the_same_mix() {
        let count = |case: Case| (0..100).filter(|i| Case::of(*i) == case).count();
        assert_eq!(count(Case::CorpCorrect), 55);
        assert_eq!(count(Case::TwoDirectories), 10);
        assert_eq!(count(Case::Deactivated), 1);
        assert_eq!(Case::of(155), Case::CorpNull);
    }

    #[test]
    fn immutable_ids_are_sixteen_bytes_and_differ_per_directory() {
        let a = immutable_id(7, 0);
        assert_eq!(STANDARD.decode(&a).expect("base64").len(), 16);
        assert_ne!(a, immutable_id(7, 1));
        assert_ne!(a, immutable_id(8, 0));
    }

    #[test]
    fn the_generated_org_loads_into_the_mock_store() {
        let scenario = scenario(200);
        let mut store = Store::new();
        store
            .commit(Actor::MockAdmin, LoadScenario(&scenario))
            .expect("loads");
        let counts = store.counts();
        assert_eq!(counts.users, 200);
        assert_eq!(counts.apps, 4);
        let l = listings(&scenario);
        assert_eq!(l.members, 194);
        assert_eq!(l.office365, 2 * (100 - 2 - 1));
        assert_eq!(
            counts.app_users,
            l.office365 + l.directories.iter().sum::<usize>()
        );
    }
}
