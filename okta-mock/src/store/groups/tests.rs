use okta_client::models::{ErrorCode, GroupType};
use serde_json::json;

use crate::store::test_support::{active_user, store};
use crate::store::{GroupQuery, PageRequest};

#[test]
fn a_new_org_has_only_the_built_in_everyone_group() {
    let s = store();
    let groups = s
        .list_groups(&GroupQuery::default(), &PageRequest::default())
        .unwrap()
        .items;
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].group_type, GroupType::BuiltIn);
    assert_eq!(groups[0].profile.name, "Everyone");
}

#[test]
fn okta_group_names_are_unique_ignoring_case() {
    let mut s = store();
    let g = s
        .create_group(json!({"profile": {"name": "Staff", "description": "all"}}))
        .unwrap();
    assert_eq!(g.group_type, GroupType::OktaGroup);
    assert_eq!(g.profile.description.as_deref(), Some("all"));
    let err = s
        .create_group(json!({"profile": {"name": "STAFF"}}))
        .unwrap_err();
    assert_eq!((err.status, err.code), (409, ErrorCode::DuplicateGroupName));
    let other = s
        .create_group(json!({"profile": {"name": "Other"}}))
        .unwrap();
    assert_eq!(
        s.replace_group(&other.id, json!({"profile": {"name": "staff"}}))
            .unwrap_err()
            .status,
        409
    );
    let renamed = s
        .replace_group(&g.id, json!({"profile": {"name": "Team"}}))
        .unwrap();
    assert_eq!(
        renamed.profile.description, None,
        "PUT replaces the whole profile"
    );
    s.create_group(json!({"profile": {"name": "Staff"}}))
        .unwrap();
    let err = s.create_group(json!({"profile": {}})).unwrap_err();
    assert_eq!(err.causes, vec!["name: The field cannot be left blank"]);
}

#[test]
fn membership_changes_are_idempotent() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let g = s
        .create_group(json!({"profile": {"name": "Staff"}}))
        .unwrap();
    s.add_group_member(&g.id, &u.id).unwrap();
    s.add_group_member(&g.id, &u.id).unwrap();
    assert_eq!(
        s.list_group_members(&g.id, &PageRequest::default())
            .unwrap()
            .items
            .len(),
        1
    );
    s.remove_group_member(&g.id, &u.id).unwrap();
    s.remove_group_member(&g.id, &u.id).unwrap();
    assert!(
        s.list_group_members(&g.id, &PageRequest::default())
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        s.add_group_member("00gnope", &u.id).unwrap_err().status,
        404
    );
    assert_eq!(
        s.add_group_member(&g.id, "00unope").unwrap_err().status,
        404
    );
}

#[test]
fn everyone_holds_every_user_and_cannot_be_changed() {
    let mut s = store();
    let a = active_user(&mut s, "A", "B");
    active_user(&mut s, "C", "D");
    let everyone = s.everyone_group_id().to_owned();
    let members = s
        .list_group_members(&everyone, &PageRequest::default())
        .unwrap()
        .items;
    assert_eq!(members.len(), 2);
    assert_eq!(
        s.remove_group_member(&everyone, &a.id).unwrap_err().code,
        ErrorCode::AccessDenied
    );
    assert_eq!(s.delete_group(&everyone).unwrap_err().status, 403);
    assert_eq!(
        s.replace_group(&everyone, json!({"profile": {"name": "X"}}))
            .unwrap_err()
            .status,
        403
    );
}

#[test]
fn deleting_a_group_removes_it_from_its_members() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let g = s
        .create_group(json!({"profile": {"name": "Staff"}}))
        .unwrap();
    s.add_group_member(&g.id, &u.id).unwrap();
    s.delete_group(&g.id).unwrap();
    assert_eq!(s.user_groups(&u.id).unwrap().len(), 1);
    assert_eq!(
        s.get_group(&g.id).unwrap_err().summary,
        format!("Not found: Resource not found: {} (UserGroup)", g.id)
    );
    s.create_group(json!({"profile": {"name": "Staff"}}))
        .unwrap();
}

#[test]
fn groups_are_found_by_q_filter_and_search() {
    let mut s = store();
    for name in ["Sales EMEA", "Sales APAC", "Engineering"] {
        s.create_group(json!({"profile": {"name": name}})).unwrap();
    }
    let names = |q: GroupQuery| -> Vec<String> {
        s.list_groups(&q, &PageRequest::default())
            .unwrap()
            .items
            .into_iter()
            .map(|g| g.profile.name)
            .collect()
    };
    assert_eq!(
        names(GroupQuery {
            q: Some("sales".into()),
            ..Default::default()
        }),
        ["Sales EMEA", "Sales APAC"]
    );
    assert_eq!(
        names(GroupQuery {
            filter: Some("type eq \"BUILT_IN\"".into()),
            ..Default::default()
        }),
        ["Everyone"]
    );
    let search = GroupQuery {
        search: Some("profile.name sw \"sales\"".into()),
        sort_by: Some("profile.name".into()),
        ..Default::default()
    };
    assert_eq!(names(search), ["Sales APAC", "Sales EMEA"]);
    let bad = GroupQuery {
        filter: Some("profile.name eq \"x\"".into()),
        ..Default::default()
    };
    assert_eq!(
        s.list_groups(&bad, &PageRequest::default())
            .unwrap_err()
            .code,
        ErrorCode::InvalidSearch
    );
}

#[test]
fn a_sorted_group_search_resumes_after_a_deleted_cursor_group() {
    let mut s = store();
    let ids: Vec<String> = ["Team A", "Team B", "Team C"]
        .iter()
        .map(|n| {
            s.create_group(json!({"profile": {"name": n}}))
                .unwrap()
                .id
                .into_inner()
        })
        .collect();
    let query = GroupQuery {
        search: Some("profile.name sw \"team\"".into()),
        sort_by: Some("profile.name".into()),
        sort_order: Some("desc".into()),
        ..Default::default()
    };
    let first = s.list_groups(&query, &PageRequest::first(1)).unwrap();
    assert_eq!(first.items[0].profile.name, "Team C");
    s.delete_group(&ids[2]).unwrap();
    let cursor = first.next_cursor.expect("more pages");
    let rest = s
        .list_groups(&query, &PageRequest::after(cursor, Some(5)))
        .unwrap();
    let names: Vec<String> = rest.items.into_iter().map(|g| g.profile.name).collect();
    assert_eq!(names, ["Team B", "Team A"]);
}

#[test]
fn expanding_stats_embeds_the_member_count() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let g = s
        .create_group(json!({"profile": {"name": "Staff"}}))
        .unwrap();
    s.add_group_member(&g.id, &u.id).unwrap();
    let query = GroupQuery {
        expand: Some("stats".into()),
        ..Default::default()
    };
    let groups = s
        .list_groups(&query, &PageRequest::default())
        .unwrap()
        .items;
    let count = |i: usize| {
        groups[i]
            .embedded
            .as_ref()
            .map(|e| e["stats"]["usersCount"].clone())
    };
    assert_eq!(count(0), Some(json!(1)), "Everyone");
    assert_eq!(count(1), Some(json!(1)));
    let plain = s
        .list_groups(&GroupQuery::default(), &PageRequest::default())
        .unwrap()
        .items;
    assert!(plain.iter().all(|g| g.embedded.is_none()));
}
