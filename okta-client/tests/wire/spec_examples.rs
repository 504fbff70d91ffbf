//! Okta's own OpenAPI examples are the outside referee for the shared wire models: every example
//! payload of a User, Group, Application, AppUser, AssignedAppLink and error body that the spec
//! gives (request or response, single or in an array) must deserialize, and must serialize back
//! without losing anything. The two defects the spec is known to carry are tolerated by name.

use std::collections::{BTreeMap, BTreeSet};

use okta_client::models::{
    AppUser, Application, AssignedAppLink, Group, OktaErrorBody, Timestamp, User,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/spec/management-trimmed-users-groups-apps.yaml"
);

/// Examples whose keys are spelled `credentials"` (a stray quote in Okta's YAML). The models keep
/// the odd key verbatim in `extra`, so they still decode; any other odd key fails the test.
const MISSPELLED_KEY_EXAMPLES: &[(&str, &str)] = &[
    ("AppUserSSOResponse", "credentials\""),
    ("AppUserCredUpdateResponse", "credentials\""),
    ("AppUserProfUpdateResponse", "credentials\""),
];

/// The one error example whose `errorCauses` is an object instead of an array. The error model
/// reads it leniently as one cause, so only its round trip differs.
const CAUSES_AS_OBJECT_EXAMPLES: &[&str] = &["ErrorAppUserUpdateBadRequest"];

/// Examples of a field projection (`GET /api/v1/users?fields=…`): users cut down to the fields
/// asked for, without the `profile.login` every full user has. This client never asks for a
/// projection, and a projected user is not a [`User`] (whose login is required): they must be
/// refused for that reason, and only for it.
const PROJECTION_EXAMPLES: &[&str] = &["ListUsersFieldsResponse"];

/// What a schema in the spec is, for this test: one of our models, or something out of scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    User,
    Group,
    Application,
    AppUser,
    AppLink,
    Error,
}

fn kind_of_schema(name: &str) -> Option<Kind> {
    Some(match name {
        // `UserGetSingleton` is a User with `_embedded`; the model keeps that.
        "User" | "UserGetSingleton" => Kind::User,
        "Group" => Kind::Group,
        "Application" => Kind::Application,
        "AppUser" => Kind::AppUser,
        "AssignedAppLink" => Kind::AppLink,
        "Error" => Kind::Error,
        _ => return None,
    })
}

/// A schema is a `$ref` to a model, or an array of them.
fn classify(schema: &Value) -> Option<(Kind, bool)> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return kind_of_schema(r.rsplit('/').next()?).map(|k| (k, false));
    }
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        return classify(schema.get("items")?).map(|(k, _)| (k, true));
    }
    None
}

/// One example found in the spec, with where it was met.
struct Found {
    kind: Option<(Kind, bool)>,
    value: Value,
    whence: String,
}

struct Spec {
    doc: Value,
}

impl Spec {
    fn load() -> Self {
        let text = std::fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("reading {SPEC}: {e}"));
        let doc: Value = serde_yaml_ng::from_str(&text).expect("the spec is valid YAML");
        Self { doc }
    }

    fn component(&self, section: &str, name: &str) -> &Value {
        &self.doc["components"][section][name]
    }

    /// Follows `#/components/<section>/<name>` references.
    fn resolve<'a>(&'a self, v: &'a Value) -> (&'a Value, Option<String>) {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let mut parts = r.trim_start_matches("#/components/").splitn(2, '/');
                let (section, name) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                let target = self.component(section, name);
                assert!(!target.is_null(), "dangling reference {r}");
                (target, Some(name.to_owned()))
            }
            None => (v, None),
        }
    }

    /// Every JSON example under every request body and response, keyed by example name.
    fn examples(&self) -> BTreeMap<String, Found> {
        let mut out = BTreeMap::new();
        let paths = self.doc["paths"].as_object().expect("paths");
        for (path, ops) in paths {
            for (method, op) in ops.as_object().expect("path item") {
                if method == "parameters" {
                    continue;
                }
                let whence = format!("{} {path}", method.to_uppercase());
                if let Some(body) = op.get("requestBody") {
                    self.collect(body, &format!("{whence} request"), &mut out);
                }
                for (code, resp) in op["responses"].as_object().into_iter().flatten() {
                    let (resp, _) = self.resolve(resp);
                    self.collect(resp, &format!("{whence} {code}"), &mut out);
                }
            }
        }
        out
    }

    fn collect(&self, holder: &Value, whence: &str, out: &mut BTreeMap<String, Found>) {
        let Some(media) = holder.pointer("/content/application~1json") else {
            return;
        };
        let kind = media.get("schema").and_then(classify);
        for (label, ex) in media
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let (ex, name) = self.resolve(ex);
            let name = name.unwrap_or_else(|| format!("{whence} inline {label}"));
            let value = ex.get("value").cloned().unwrap_or(Value::Null);
            let found = out.entry(name.clone()).or_insert(Found {
                kind,
                value,
                whence: whence.to_owned(),
            });
            assert_eq!(
                found.kind, kind,
                "example {name} is used with two different schemas"
            );
        }
    }
}

/// Equal up to what a model may legitimately change: a missing key reads as `null`, and a
/// timestamp may be rewritten in Okta's canonical form.
fn same(original: &Value, back: &Value) -> bool {
    match (original, back) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter().all(|k| {
                same(
                    a.get(k).unwrap_or(&Value::Null),
                    b.get(k).unwrap_or(&Value::Null),
                )
            })
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::String(a), Value::String(b)) if a != b => {
            matches!((Timestamp::parse(a), Timestamp::parse(b)), (Ok(x), Ok(y)) if x == y)
        }
        (a, b) => a == b,
    }
}

fn check_one<T: DeserializeOwned + Serialize>(
    name: &str,
    value: &Value,
    exact: bool,
) -> Result<(), String> {
    let model: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("{name}: does not decode: {e}"))?;
    let back = serde_json::to_value(&model).map_err(|e| format!("{name}: does not encode: {e}"))?;
    if exact && !same(value, &back) {
        return Err(format!(
            "{name}: round trip lost data\n  spec: {value}\n  back: {back}"
        ));
    }
    Ok(())
}

/// Decodes one example (or each element of an array example) as `T`; returns how many payloads.
fn check<T: DeserializeOwned + Serialize>(
    name: &str,
    value: &Value,
    array: bool,
    exact: bool,
) -> Result<usize, String> {
    if !array {
        return check_one::<T>(name, value, exact).map(|()| 1);
    }
    let items = value
        .as_array()
        .ok_or_else(|| format!("{name}: expected an array example"))?;
    for (i, item) in items.iter().enumerate() {
        check_one::<T>(&format!("{name}[{i}]"), item, exact)?;
    }
    Ok(items.len())
}

/// Keys no real payload has: a quote or a backslash inside the name.
fn odd_keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k.contains('"') || k.contains('\\') {
                    out.push(k.clone());
                }
                odd_keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| odd_keys(v, out)),
        _ => {}
    }
}

/// Request bodies (creates, PUTs) lack server-set fields such as `id` and `status`: they are not
/// model payloads. Everything met in a response is.
fn is_response(found: &Found) -> bool {
    !found.whence.ends_with(" request")
}

#[test]
fn every_spec_example_of_a_user_group_app_app_user_link_or_error_decodes_into_the_models() {
    let spec = Spec::load();
    let examples = spec.examples();
    let mut counts: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut skipped = Vec::new();

    for (name, found) in &examples {
        let mut odd = Vec::new();
        odd_keys(&found.value, &mut odd);
        for key in odd {
            if !MISSPELLED_KEY_EXAMPLES.contains(&(name.as_str(), key.as_str())) {
                failures.push(format!("{name}: unexpected odd key {key:?}"));
            }
        }
        let Some((kind, array)) = found.kind.filter(|_| is_response(found)) else {
            skipped.push(name.as_str());
            continue;
        };
        if PROJECTION_EXAMPLES.contains(&name.as_str()) {
            match serde_json::from_value::<Vec<User>>(found.value.clone()) {
                Err(e) if e.to_string().contains("missing field `profile.login`") => {}
                other => failures.push(format!("{name}: a projection decoded as {other:?}")),
            }
            continue;
        }
        let exact = !CAUSES_AS_OBJECT_EXAMPLES.contains(&name.as_str());
        if kind == Kind::Error && exact && !found.value["errorCauses"].is_array() {
            failures.push(format!("{name}: errorCauses is not an array"));
        }
        let v = &found.value;
        let result = match kind {
            Kind::User => check::<User>(name, v, array, exact),
            Kind::Group => check::<Group>(name, v, array, exact),
            Kind::Application => check::<Application>(name, v, array, exact),
            Kind::AppUser => check::<AppUser>(name, v, array, exact),
            Kind::AppLink => check::<AssignedAppLink>(name, v, array, exact),
            Kind::Error => check::<OktaErrorBody>(name, v, array, exact),
        };
        match result {
            Ok(n) => {
                let c = counts.entry(kind).or_default();
                c.0 += 1;
                c.1 += n;
            }
            Err(e) => failures.push(format!("{e} (at {})", found.whence)),
        }
    }

    for (kind, (examples, payloads)) in &counts {
        println!("{kind:?}: {examples} examples, {payloads} payloads decoded");
    }
    println!(
        "not model payloads (requests or other schemas): {}",
        skipped.len()
    );
    assert!(
        failures.is_empty(),
        "spec examples the models cannot read:\n{}",
        failures.join("\n")
    );

    // Guards against a walk that silently finds nothing (a moved spec, a changed layout).
    let at_least = [
        (Kind::User, 15),
        (Kind::Group, 4),
        (Kind::Application, 20),
        (Kind::AppUser, 5),
        (Kind::AppLink, 1),
        (Kind::Error, 7),
    ];
    for (kind, min) in at_least {
        let seen = counts.get(&kind).map_or(0, |c| c.0);
        assert!(
            seen >= min,
            "only {seen} {kind:?} examples found, expected at least {min}"
        );
    }
}

#[test]
fn every_component_example_is_reached_from_an_operation_or_a_shared_response() {
    let spec = Spec::load();
    let mut reached: BTreeSet<String> = spec.examples().into_keys().collect();
    // Shared responses (`components.responses`) reach the error examples too.
    for resp in spec.doc["components"]["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, r)| r)
    {
        let mut out = BTreeMap::new();
        spec.collect(resp, "shared response", &mut out);
        reached.extend(out.into_keys());
    }
    let all = spec.doc["components"]["examples"]
        .as_object()
        .expect("components.examples");
    let unreached: Vec<&String> = all.keys().filter(|k| !reached.contains(*k)).collect();
    assert!(
        unreached.is_empty(),
        "examples no operation uses, so not checked: {unreached:?}"
    );
}

#[test]
fn the_tolerated_defects_are_really_in_the_spec() {
    let spec = Spec::load();
    for (name, key) in MISSPELLED_KEY_EXAMPLES {
        let value = &spec.component("examples", name)["value"];
        assert!(
            value.get(*key).is_some(),
            "{name} no longer has the key {key:?}; drop it from the list"
        );
        let app_user: AppUser = serde_json::from_value(value.clone()).expect("decodes");
        assert!(
            app_user.extra.contains_key(*key),
            "the odd key is kept verbatim"
        );
    }
    for name in CAUSES_AS_OBJECT_EXAMPLES {
        let value = &spec.component("examples", name)["value"];
        assert!(
            value["errorCauses"].is_object(),
            "{name} is fixed; drop it from the list"
        );
        let body: OktaErrorBody = serde_json::from_value(value.clone()).expect("decodes");
        assert_eq!(body.error_causes.len(), 1);
    }
}

#[test]
fn the_round_trip_comparison_notices_lost_and_changed_values() {
    let original = serde_json::json!({"a": 1, "b": null, "t": "2024-01-09T15:36:04Z"});
    assert!(same(
        &original,
        &serde_json::json!({"a": 1, "t": "2024-01-09T15:36:04.000Z"})
    ));
    assert!(!same(
        &original,
        &serde_json::json!({"t": "2024-01-09T15:36:04Z"})
    ));
    assert!(!same(
        &original,
        &serde_json::json!({"a": 2, "t": "2024-01-09T15:36:04Z"})
    ));
    assert!(!same(
        &original,
        &serde_json::json!({"a": 1, "t": "2024-01-09T15:36:05Z"})
    ));
}
