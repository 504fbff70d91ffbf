//! Each kind of mutation, committed, leaves its event: the change, the actor, the targets.

use serde_json::json;

use super::*;
use crate::scenario::default_scenario;
use crate::store::input::{
    AppGroupInput, AppGroupPatch, AppInput, AppUserAssignInput, AppUserUpdateInput, GroupInput,
    UserInput, UserInputKind,
};
use crate::store::{CreateUserOptions, LifecycleOp};

fn user_input(login: &str, kind: UserInputKind) -> UserInput {
    let body = json!({
        "profile": {"login": login, "email": login, "firstName": "Ada", "lastName": "L"},
        "credentials": {"password": {"value": "Abcd1234!"}}
    });
    UserInput::parse(body, kind).expect("the user body is valid")
}

/// The targets without the names captured at commit time.
fn unnamed(targets: &[Target]) -> Vec<Target> {
    targets
        .iter()
        .cloned()
        .map(|t| t.with_names(None))
        .collect()
}

fn last(store: &Store) -> &Event {
    store.events().iter().last().expect("an event was recorded")
}

/// Commits `m` as the token holder and returns the event it recorded.
fn commit_one<M: Mutation>(store: &mut Store, m: M) -> (M::Output, Event)
where
    M::Error: std::fmt::Debug,
{
    let before = store.events().last_seq();
    let out = store
        .commit(Actor::ApiToken, m)
        .expect("the mutation applies");
    assert_eq!(store.events().last_seq(), before + 1, "exactly one event");
    (out, last(store).clone())
}

#[test]
fn every_user_mutation_records_its_change_and_the_user_as_target() {
    let mut store = Store::new();
    let create = CreateUser {
        input: user_input("ada@example.com", UserInputKind::Create),
        options: CreateUserOptions::default(),
    };
    let (user, event) = commit_one(&mut store, create);
    let id = user.id.to_string();
    assert_eq!(event.change, Change::UserCreated);
    assert_eq!(event.actor, Actor::ApiToken);
    assert_eq!(event.targets, vec![Target::user(&id)]);

    let update = UpdateUser {
        id: "ada@example.com".into(),
        input: user_input("ada@example.com", UserInputKind::Update),
    };
    let (_, event) = commit_one(&mut store, update);
    assert_eq!(
        (event.change, event.targets),
        (Change::UserUpdated, vec![Target::user(&id)])
    );

    let replace = ReplaceUser {
        id: id.clone(),
        input: user_input("ada@example.com", UserInputKind::Replace),
    };
    assert_eq!(
        commit_one(&mut store, replace).1.change,
        Change::UserReplaced
    );

    let suspend = RunLifecycle {
        id: id.clone(),
        op: LifecycleOp::Suspend,
        send_email: false,
    };
    let (_, event) = commit_one(&mut store, suspend);
    assert_eq!(event.change, Change::UserLifecycle(LifecycleOp::Suspend));

    let clear = ClearSessions {
        id: id.clone(),
        oauth_tokens: true,
    };
    assert_eq!(
        commit_one(&mut store, clear).1.change,
        Change::UserSessionsCleared
    );

    let (_, event) = commit_one(&mut store, DeleteUser { id: id.clone() });
    assert_eq!(event.change, Change::UserDeactivated);
    let (_, event) = commit_one(&mut store, DeleteUser { id: id.clone() });
    assert_eq!(
        (event.change, unnamed(&event.targets)),
        (Change::UserDeleted, vec![Target::user(&id)])
    );
    assert!(
        event.targets[0].names.is_some(),
        "a deleted user's names are kept"
    );
}

#[test]
fn every_group_mutation_records_the_group_and_for_memberships_the_user() {
    let mut store = Store::new();
    let create = CreateUser {
        input: user_input("bo@example.com", UserInputKind::Create),
        options: CreateUserOptions::default(),
    };
    let user = store
        .commit(Actor::ApiToken, create)
        .unwrap()
        .id
        .to_string();
    let input = GroupInput::parse(json!({"profile": {"name": "Staff"}})).unwrap();
    let (group, event) = commit_one(&mut store, CreateGroup { input });
    let gid = group.id.to_string();
    assert_eq!(
        (event.change, event.targets),
        (Change::GroupCreated, vec![Target::group(&gid)])
    );

    let input = GroupInput::parse(json!({"profile": {"name": "Staff 2"}})).unwrap();
    let replace = ReplaceGroup {
        id: gid.clone(),
        input,
    };
    assert_eq!(
        commit_one(&mut store, replace).1.change,
        Change::GroupReplaced
    );

    let both = vec![Target::group(&gid), Target::user(&user)];
    let add = AddGroupMember {
        group: gid.clone(),
        user: "bo@example.com".into(),
    };
    let (_, event) = commit_one(&mut store, add);
    assert_eq!(
        (event.change, event.targets),
        (Change::GroupMemberAdded, both.clone())
    );
    let remove = RemoveGroupMember {
        group: gid.clone(),
        user: user.clone(),
    };
    let (_, event) = commit_one(&mut store, remove);
    assert_eq!(
        (event.change, event.targets),
        (Change::GroupMemberRemoved, both)
    );

    let (_, event) = commit_one(&mut store, DeleteGroup { id: gid.clone() });
    assert_eq!(
        (event.change, unnamed(&event.targets)),
        (Change::GroupDeleted, vec![Target::group(&gid)])
    );
    assert!(
        event.targets[0].names.is_some(),
        "a deleted group's names are kept"
    );
}

#[test]
fn every_app_mutation_records_the_app_and_the_assigned_user_or_group() {
    let mut store = Store::new();
    let create = CreateUser {
        input: user_input("cy@example.com", UserInputKind::Create),
        options: CreateUserOptions::default(),
    };
    let user = store
        .commit(Actor::ApiToken, create)
        .unwrap()
        .id
        .to_string();
    let group = store.everyone_group_id().to_string();
    let body = json!({"label": "Wiki", "signOnMode": "BOOKMARK", "settings": {"app": {"url": "https://w"}}});
    let create = CreateApp {
        input: AppInput::parse(body.clone()).unwrap(),
        activate: true,
    };
    let (app, event) = commit_one(&mut store, create);
    let app = app.id.to_string();
    assert_eq!(
        (event.change, event.targets),
        (Change::AppCreated, vec![Target::app(&app)])
    );
    let replace = ReplaceApp {
        id: app.clone(),
        input: AppInput::parse(body).unwrap(),
    };
    assert_eq!(
        commit_one(&mut store, replace).1.change,
        Change::AppReplaced
    );

    let app_user = vec![Target::app(&app), Target::user(&user)];
    let assign = AssignAppUser {
        app: app.clone(),
        input: AppUserAssignInput::parse(json!({"id": user})).unwrap(),
    };
    let (_, event) = commit_one(&mut store, assign);
    assert_eq!(
        (event.change, event.targets),
        (Change::AppUserAssigned, app_user.clone())
    );
    let update = UpdateAppUser {
        app: app.clone(),
        user: user.clone(),
        input: AppUserUpdateInput::parse(json!({"profile": {}})).unwrap(),
    };
    assert_eq!(commit_one(&mut store, update).1.targets, app_user);
    let unassign = UnassignAppUser {
        app: app.clone(),
        user: user.clone(),
    };
    let (_, event) = commit_one(&mut store, unassign);
    assert_eq!(
        (event.change, event.targets),
        (Change::AppUserUnassigned, app_user)
    );

    let app_group = vec![Target::app(&app), Target::group(&group)];
    let assign = AssignAppGroup {
        app: app.clone(),
        group: group.clone(),
        input: AppGroupInput::parse(json!({"priority": 0})).unwrap(),
    };
    let (_, event) = commit_one(&mut store, assign);
    assert_eq!(
        (event.change, event.targets),
        (Change::AppGroupAssigned, app_group.clone())
    );
    let patch = PatchAppGroup {
        app: app.clone(),
        group: group.clone(),
        ops: AppGroupPatch::parse_all(json!([{"op": "replace", "path": "/priority", "value": 1}]))
            .unwrap(),
    };
    assert_eq!(
        commit_one(&mut store, patch).1.change,
        Change::AppGroupPatched
    );
    let unassign = UnassignAppGroup {
        app: app.clone(),
        group: group.clone(),
    };
    let (_, event) = commit_one(&mut store, unassign);
    assert_eq!(
        (event.change, event.targets),
        (Change::AppGroupUnassigned, app_group)
    );

    let id = app.clone();
    assert_eq!(
        commit_one(&mut store, DeactivateApp { id }).1.change,
        Change::AppDeactivated
    );
    let id = app.clone();
    assert_eq!(
        commit_one(&mut store, ActivateApp { id }).1.change,
        Change::AppActivated
    );
    store
        .commit(Actor::ApiToken, DeactivateApp { id: app.clone() })
        .unwrap();
    let (_, event) = commit_one(&mut store, DeleteApp { id: app.clone() });
    assert_eq!(
        (event.change, unnamed(&event.targets)),
        (Change::AppDeleted, vec![Target::app(&app)])
    );
    assert!(
        event.targets[0].names.is_some(),
        "a deleted app's names are kept"
    );
}

#[test]
fn org_mutations_record_the_admin_as_actor_and_reset_keeps_the_history() {
    let mut store = Store::new();
    let scenario = default_scenario();
    store
        .commit(Actor::MockAdmin, LoadScenario(&scenario))
        .expect("the default scenario loads");
    assert_eq!(last(&store).change, Change::ScenarioLoaded);
    assert_eq!(last(&store).actor, Actor::MockAdmin);
    let Ok(()) = store.commit(Actor::MockAdmin, ResetOrg);
    assert_eq!(last(&store).change, Change::OrgReset);
    assert_eq!(store.events().len(), 2, "the reset kept the load's event");
    assert_eq!(store.counts().users, 0);
}

#[test]
fn a_refused_mutation_records_no_event_and_an_identified_credential_is_the_actor() {
    let mut store = Store::new();
    let refused = store.commit(
        Actor::ApiToken,
        DeleteGroup {
            id: "00gnone".into(),
        },
    );
    assert!(refused.is_err());
    assert!(store.events().is_empty());

    let service = Actor::Credential {
        kind: "oauth_client".into(),
        id: "0oa1".into(),
    };
    let input = GroupInput::parse(json!({"profile": {"name": "Ops"}})).unwrap();
    store
        .commit(service.clone(), CreateGroup { input })
        .unwrap();
    assert_eq!(last(&store).actor, service);
    assert_eq!(last(&store).seq, 1);
}

#[test]
fn the_log_keeps_the_most_recent_events_and_numbers_them_without_gaps() {
    let mut store = Store::new();
    let total = EVENT_LOG_CAPACITY + 3;
    for i in 0..total {
        let input = GroupInput::parse(json!({"profile": {"name": format!("g{i}")}})).unwrap();
        store
            .commit(Actor::ApiToken, CreateGroup { input })
            .unwrap();
    }
    let log = store.events();
    assert_eq!(log.len(), EVENT_LOG_CAPACITY);
    assert_eq!(log.last_seq(), total as u64);
    assert_eq!(log.iter().next().map(|e| e.seq), Some(4));
    assert_eq!(log.since(total as u64 - 2).count(), 2);
}
