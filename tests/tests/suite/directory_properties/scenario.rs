//! Generated multi-AD users: what each AD instance holds for the user, and a preference order.
//! Shared by the properties in `directory_properties/mod.rs`; fault-injection and batch
//! properties can reuse these generators.

use okta_client::directory::{AdInstance, ImmutableId, InstanceLookup};
use okta_client::models::AppUser;
use proptest::prelude::*;
use serde_json::{Value, json};

/// What an AD app user's `externalId` holds in a generated scenario.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum External {
    Null,
    Blank(&'static str),
    Valid([u8; 16]),
    Invalid(&'static str),
}

/// Values that are not Immutable IDs: the wrong-but-common forms and plain garbage.
pub(crate) const INVALID: &[&str] = &[
    "35918bc9-196d-40ea-9779-889d79b753f0",
    "{35918BC9-196D-40EA-9779-889D79B753F0}",
    "c98b91356d19ea409779889d79b753f0",
    "MzU5MThiYzktMTk2ZC00MGVhLTk3NzktODg5ZDc5Yjc1M2Yw",
    "yYuRNW0Z6kCXeYidebdT8A",
    "-_v7-_v7-_v7-_v7-_v7-w==",
    "AAAA",
    "not an immutable id",
];

/// A few fixed GUIDs so that generated instances often agree (or not) on the same value.
pub(crate) const POOL: [[u8; 16]; 3] = [[0x11; 16], [0x22; 16], [0x33; 16]];

/// One AD app user of the generated user.
#[derive(Debug, Clone)]
pub(crate) struct AppUserSpec {
    pub(crate) status: Option<&'static str>,
    pub(crate) external: External,
    /// Whether the value sits in the top-level `externalId` or only in the profile attribute.
    pub(crate) top_level: bool,
}

impl AppUserSpec {
    pub(crate) fn is_linked(&self) -> bool {
        !matches!(self.status, Some("DEPROVISIONED" | "STAGED"))
    }

    /// Usable = may decide: linked and holding a non-blank value.
    pub(crate) fn is_usable(&self) -> bool {
        self.is_linked() && matches!(self.external, External::Valid(_) | External::Invalid(_))
    }

    /// The `externalId` as stored.
    pub(crate) fn value(&self) -> Value {
        match &self.external {
            External::Null => json!(null),
            External::Blank(s) | External::Invalid(s) => json!(s),
            External::Valid(bytes) => json!(ImmutableId::from_bytes(*bytes).to_string()),
        }
    }

    pub(crate) fn app_user(&self) -> AppUser {
        let value = self.value();
        let (top, profile) = if self.top_level {
            (value, json!({}))
        } else {
            (json!(null), json!({ "externalId": value }))
        };
        let mut user = json!({ "id": "00uPROPTEST", "externalId": top, "profile": profile });
        if let Some(status) = self.status {
            user["status"] = json!(status);
        }
        serde_json::from_value(user).expect("generated app users are well-formed")
    }
}

pub(crate) fn external() -> impl Strategy<Value = External> {
    prop_oneof![
        2 => Just(External::Null),
        1 => prop::sample::select(vec!["", " ", "\t "]).prop_map(External::Blank),
        3 => prop::sample::select(POOL.to_vec()).prop_map(External::Valid),
        2 => any::<[u8; 16]>().prop_map(External::Valid),
        2 => prop::sample::select(INVALID.to_vec()).prop_map(External::Invalid),
    ]
}

pub(crate) fn instance_spec() -> impl Strategy<Value = Option<AppUserSpec>> {
    let status = prop::sample::select(vec![
        None,
        Some("ACTIVE"),
        Some("PROVISIONED"),
        Some("SUSPENDED"),
        Some("INACTIVE"),
        Some("DEPROVISIONED"),
        Some("STAGED"),
    ]);
    let spec =
        (status, external(), any::<bool>()).prop_map(|(status, external, top_level)| AppUserSpec {
            status,
            external,
            top_level,
        });
    prop::option::weighted(0.7, spec)
}

/// 0–4 AD instances, what the user has in each, and a preference order over all of them.
pub(crate) fn scenario()
-> impl Strategy<Value = (Vec<(AdInstance, Option<AppUserSpec>)>, Vec<usize>)> {
    prop::collection::vec(instance_spec(), 0..=4).prop_flat_map(|specs| {
        let n = specs.len();
        let instances: Vec<(AdInstance, Option<AppUserSpec>)> = specs
            .into_iter()
            .enumerate()
            .map(|(i, spec)| {
                (
                    AdInstance::new(format!("0oaAD{i}"), format!("ad{i}.test"))
                        .with_variable_name(variable_name(i)),
                    spec,
                )
            })
            .collect();
        (
            Just(instances),
            Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
        )
    })
}

pub(crate) fn lookups(
    instances: &[(AdInstance, Option<AppUserSpec>)],
    order: &[usize],
) -> Vec<(AdInstance, InstanceLookup)> {
    order
        .iter()
        .map(|&i| {
            let (instance, spec) = &instances[i];
            let lookup = match spec {
                Some(spec) => InstanceLookup::Assigned(spec.app_user()),
                None => InstanceLookup::NotAssigned,
            };
            (instance.clone(), lookup)
        })
        .collect()
}

/// Okta's variable names: the first AD is `active_directory`, later ones get a suffix.
pub(crate) fn variable_name(i: usize) -> String {
    match i {
        0 => "active_directory".to_owned(),
        _ => format!("active_directory_{i}abcdef"),
    }
}
