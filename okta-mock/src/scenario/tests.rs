use okta_client::models::{AppUserStatus, UserStatus};
use serde_json::{Value, json};

use super::{Scenario, ScenarioError, default_scenario};
use crate::store::commit::{Actor, AssignAppUser, CreateApp, CreateUser, LoadScenario, UpdateUser};
use crate::store::input::{AppInput, AppUserAssignInput, UserInput, UserInputKind};
use crate::store::{AppQuery, PageRequest, Store, UserQuery};

fn load(json: Value) -> Result<Store, ScenarioError> {
    let scenario = Scenario::from_json_str(&json.to_string())?;
    let mut store = Store::new();
    store.commit(Actor::MockAdmin, LoadScenario(&scenario))?;
    Ok(store)
}

fn err(json: Value) -> String {
    load(json)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| "loaded".into())
}

fn user(login: &str) -> Value {
    json!({"profile": {"login": login, "email": login, "firstName": "F", "lastName": "L"}})
}

#[test]
fn the_default_scenario_loads() {
    let mut store = Store::new();
    store
        .commit(Actor::MockAdmin, LoadScenario(&default_scenario()))
        .unwrap();
    let counts = store.counts();
    assert!((15..=25).contains(&counts.users), "{counts:?}");
    assert_eq!(counts.apps, 5);
    let ads = store
        .apps()
        .list(
            &AppQuery {
                filter: Some("name eq \"active_directory\"".into()),
                ..Default::default()
            },
            &PageRequest::default(),
        )
        .unwrap();
    assert_eq!(ads.items.len(), 3);
    assert!(ads.items.iter().all(|a| a.sign_on_mode.is_none()));
}

#[test]
fn a_deprovisioned_directory_app_user_has_no_external_id() {
    let mut store = Store::new();
    store
        .commit(Actor::MockAdmin, LoadScenario(&default_scenario()))
        .unwrap();
    let erin = store.users().get("erin.evans").unwrap();
    let corp = store
        .apps()
        .list(
            &AppQuery {
                q: Some("corp.example.com".into()),
                ..Default::default()
            },
            &PageRequest::default(),
        )
        .unwrap();
    let au = store
        .app_users()
        .get(&corp.items[0].id, &erin.id, false)
        .unwrap();
    assert_eq!(au.status, Some(AppUserStatus::Deprovisioned));
    assert_eq!(au.external_id, None);
    assert!(
        au.profile["externalId"].is_string(),
        "the profile keeps the AD value"
    );
    for base in [
        "dn",
        "email",
        "externalId",
        "firstName",
        "lastName",
        "managerUpn",
        "objectSid",
        "primaryGroupID",
        "samAccountName",
        "userName",
    ] {
        assert!(au.profile.contains_key(base), "{base}");
    }
    let heidi = store.users().get("heidi.hoffmann").unwrap();
    assert_eq!(heidi.status, UserStatus::Deprovisioned);
}

#[test]
fn unknown_keys_are_errors_naming_their_path() {
    let e = err(json!({"users": [user("a@x.io"), {"profile": {}, "colour": "red"}]}));
    assert!(e.starts_with("users[1]"), "{e}");
    assert!(e.contains("colour"), "{e}");
    let e = err(
        json!({"apps": [{"name": "bookmark", "label": "W", "mappings": {"a": {"expression": "1", "when": "x"}}}]}),
    );
    assert!(e.starts_with("apps[0].mappings.a"), "{e}");
}

#[test]
fn dangling_references_are_errors_naming_their_path() {
    let mut u = user("a@x.io");
    u["apps"] = json!([{"app": "corp.example.com"}]);
    let apps = json!([{"name": "active_directory", "label": "emea.example.com"}]);
    let e = err(json!({"apps": apps, "users": [user("b@x.io"), u]}));
    assert_eq!(
        e,
        "users[1].apps[0].app: no app labelled \"corp.example.com\""
    );
    let mut u = user("a@x.io");
    u["groups"] = json!(["Nope"]);
    assert_eq!(
        err(json!({"users": [u]})),
        "users[0].groups[0]: no group named \"Nope\""
    );
}

#[test]
fn invalid_content_is_an_error_naming_its_path() {
    let dup = json!({"users": [user("a@x.io"), user("A@X.io")]});
    assert!(err(dup).starts_with("users[1].profile.login: "));
    let mut missing = user("a@x.io");
    missing["profile"]["email"] = Value::Null;
    assert_eq!(
        err(json!({"users": [missing]})),
        "users[0].profile.email: The field cannot be left blank"
    );
    let mut bad = user("a@x.io");
    bad["status"] = json!("HAPPY");
    assert!(err(json!({"users": [bad]})).starts_with("users[0].status: "));
    let labels =
        json!({"apps": [{"name": "bookmark", "label": "W"}, {"name": "bookmark", "label": "W"}]});
    assert!(err(labels).starts_with("apps[1].label: "));
    let mapping = json!({"apps": [{"name": "office365", "label": "O", "mappings": {"immutableId": {"expression": "nope("}}}]});
    assert!(err(mapping).starts_with("apps[0].mappings.immutableId.expression: "));
    let blank = json!({"apps": [{"name": "bookmark", "label": " "}]});
    assert_eq!(err(blank), "apps[0].label: The field cannot be left blank");
    let groups = json!({"groups": [{"name": "G"}, {"name": "G"}]});
    assert!(err(groups).starts_with("groups[1].name: "));
}

#[test]
fn a_failed_load_leaves_the_org_untouched() {
    let mut store = load(json!({"users": [user("a@x.io")]})).unwrap();
    let bad = Scenario::from_json_str(&json!({"users": [{"profile": {}}]}).to_string()).unwrap();
    assert!(store.commit(Actor::MockAdmin, LoadScenario(&bad)).is_err());
    assert!(store.users().get("a@x.io").is_ok());
}

#[test]
fn an_exported_org_loads_back_to_the_same_org() {
    let mut store = Store::new();
    store
        .commit(Actor::MockAdmin, LoadScenario(&default_scenario()))
        .unwrap();
    let ada = store
        .users()
        .list(&UserQuery::default(), &PageRequest::first(1))
        .unwrap()
        .items
        .remove(0);
    update(&mut store, &ada.id, json!({"profile": {"nickName": "Al"}}));
    let exported = store.export_scenario();
    let text = exported.to_json_pretty();
    let reread = Scenario::from_json_str(&text).unwrap();
    assert_eq!(reread, exported);
    let mut again = Store::new();
    again
        .commit(Actor::MockAdmin, LoadScenario(&reread))
        .unwrap();
    assert_eq!(again.export_scenario(), exported);
    assert_eq!(again.counts(), store.counts());
    assert_eq!(
        again
            .users()
            .get(&ada.id)
            .unwrap()
            .profile
            .nick_name
            .as_deref(),
        Some("Al")
    );
}

#[test]
fn app_settings_survive_an_export_and_a_load() {
    let mut store = Store::new();
    let settings =
        json!({"app": {"url": "https://wiki.example.com/", "requestIntegration": false}});
    let body = json!({"name": "bookmark", "label": "Wiki", "signOnMode": "BOOKMARK", "settings": settings});
    let input = AppInput::parse(body).unwrap();
    let app = store
        .commit(
            Actor::ApiToken,
            CreateApp {
                input,
                activate: true,
            },
        )
        .unwrap();
    let exported = store.export_scenario();
    assert_eq!(exported.apps[0].settings.as_ref(), Some(&settings));
    let mut again = Store::new();
    again
        .commit(Actor::MockAdmin, LoadScenario(&exported))
        .unwrap();
    assert_eq!(again.apps().get(&app.id).unwrap().settings, Some(settings));
}

#[test]
fn app_settings_that_are_not_an_object_are_a_load_error_naming_the_path() {
    let err =
        load(json!({"apps": [{"name": "bookmark", "label": "Wiki", "settings": 3}]})).unwrap_err();
    assert_eq!(err.path, "apps[0].settings");
}

#[test]
fn given_ids_are_kept_and_generated_ids_never_collide_with_them() {
    let mut u = user("a@x.io");
    u["id"] = json!("00uGIVEN000000000001");
    let mut store = load(json!({"users": [u, user("b@x.io")]})).unwrap();
    assert_eq!(
        store.users().get("a@x.io").unwrap().id,
        "00uGIVEN000000000001"
    );
    let body = json!({"profile": {"login": "c@x.io", "email": "c@x.io", "firstName": "C", "lastName": "D"}});
    let input = UserInput::parse(body, UserInputKind::Create).unwrap();
    let options = Default::default();
    let created = store
        .commit(Actor::ApiToken, CreateUser { input, options })
        .unwrap();
    assert_ne!(created.id, "00uGIVEN000000000001");
    assert_eq!(store.counts().users, 3);
}

fn app_id(store: &Store, label: &str) -> String {
    let q = AppQuery {
        q: Some(label.into()),
        ..Default::default()
    };
    store
        .apps()
        .list(&q, &PageRequest::default())
        .unwrap()
        .items[0]
        .id
        .to_string()
}

#[test]
fn assigning_office365_after_load_evaluates_the_default_mapping() {
    let mut store = Store::new();
    store
        .commit(Actor::MockAdmin, LoadScenario(&default_scenario()))
        .unwrap();
    let o365 = app_id(&store, "Microsoft Office 365");
    let emea = app_id(&store, "emea.example.com");
    let carol = store.users().get("carol.chen").unwrap();
    let ad = store.app_users().get(&emea, &carol.id, false).unwrap();
    let input = AppUserAssignInput::parse(json!({"id": carol.id})).unwrap();
    let assign = AssignAppUser {
        app: o365.clone(),
        input,
    };
    let au = store.commit(Actor::ApiToken, assign).unwrap();
    assert_eq!(au.profile["immutableId"], json!(ad.external_id));
    assert!(ad.external_id.is_some());
    // Dave is in two ADs: a profile change re-applies the mapping, which yields null.
    let dave = store.users().get("dave.diaz").unwrap();
    update(&mut store, &dave.id, json!({"profile": {"title": "Eng"}}));
    assert_eq!(
        store
            .app_users()
            .get(&o365, &dave.id, false)
            .unwrap()
            .profile["immutableId"],
        Value::Null
    );
}

#[test]
fn an_ordered_chain_over_variable_names_skips_a_deprovisioned_directory() {
    let chain = "String.len(active_directory_gfuif63.externalId) > 0 ? active_directory_gfuif63.externalId : active_directory_k2m9x7q.externalId";
    let mut scenario = default_scenario();
    let office = scenario
        .apps
        .iter_mut()
        .find(|a| a.name == "office365")
        .unwrap();
    let mapping = super::ScenarioMapping {
        expression: chain.into(),
        apply_on: crate::store::ApplyOn::CreateAndUpdate,
    };
    office.mappings = Some([("immutableId".to_owned(), mapping)].into_iter().collect());
    let mut store = Store::new();
    store
        .commit(Actor::MockAdmin, LoadScenario(&scenario))
        .unwrap();
    let o365 = app_id(&store, "Microsoft Office 365");
    let apac = app_id(&store, "apac.example.com");
    let laura = store.users().get("laura.lopez").unwrap();
    update(&mut store, &laura.id, json!({"profile": {"title": "Ops"}}));
    let apac_id = store
        .app_users()
        .get(&apac, &laura.id, false)
        .unwrap()
        .external_id;
    assert!(apac_id.is_some());
    assert_eq!(
        store
            .app_users()
            .get(&o365, &laura.id, false)
            .unwrap()
            .profile["immutableId"],
        json!(apac_id)
    );
}

#[test]
fn apps_assigned_to_groups_give_members_group_scoped_app_users_and_export_back() {
    let mut ada = user("ada@example.com");
    ada["groups"] = json!(["Staff"]);
    let store = load(json!({
        "groups": [{"name": "Staff"}],
        "apps": [
            {"name": "active_directory", "label": "corp.example.com", "groups": ["Staff"]},
            {"name": "office365", "label": "O365"}
        ],
        "users": [ada, user("bob@example.com")]
    }))
    .unwrap();
    let ad = store
        .apps()
        .list(&AppQuery::default(), &PageRequest::default())
        .unwrap()
        .items
        .into_iter()
        .find(|a| a.label == "corp.example.com")
        .unwrap();
    let users = store
        .app_users()
        .list(ad.id.as_str(), &Default::default(), &PageRequest::default())
        .unwrap()
        .items;
    assert_eq!(users.len(), 1, "only the group's member");
    assert_eq!(
        users[0].scope,
        Some(okta_client::models::AppUserScope::Group)
    );
    // Like any other AD app user: the base AD profile is there.
    assert_eq!(users[0].profile["samAccountName"], "ada");
    assert_eq!(users[0].profile["userName"], "ada@corp.example.com");
    let exported = store.export_scenario();
    let ad_out = exported
        .apps
        .iter()
        .find(|a| a.label == "corp.example.com")
        .unwrap();
    assert_eq!(ad_out.groups, ["Staff"]);
    assert!(
        err(json!({"apps": [{"name": "bookmark", "label": "B", "groups": ["Nope"]}]}))
            .contains("apps[0].groups[0]")
    );
}

/// Updates a user's profile through the commit point, as `POST /users/{id}` does.
fn update(store: &mut Store, id: &str, body: Value) {
    let input = UserInput::parse(body, UserInputKind::Update).unwrap();
    let id = id.to_string();
    store
        .commit(Actor::ApiToken, UpdateUser { id, input })
        .unwrap();
}
