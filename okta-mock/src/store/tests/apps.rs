use okta_client::models::{AppUserScope, AppUserStatus, ApplicationStatus, ErrorCode, SignOnMode};
use serde_json::{Value, json};

use super::{active_user, app, store};
use crate::store::{AppQuery, AppUserQuery, PageRequest};

#[test]
fn a_bookmark_app_gets_its_name_mode_orn_and_default_blocks() {
    let mut s = store();
    let a = s
        .create_app(json!({"label": "Wiki", "signOnMode": "BOOKMARK", "settings": {"app": {"url": "https://w"}}}), true)
        .unwrap();
    assert_eq!(a.name, "bookmark");
    assert_eq!(a.status, ApplicationStatus::Active);
    assert_eq!(a.sign_on_mode, Some(SignOnMode::Bookmark));
    assert_eq!(
        a.extra["orn"],
        json!(format!(
            "orn:okta:idp:00o1mockorg000000000:apps:bookmark:{}",
            a.id
        ))
    );
    for key in ["universalLogout", "accessibility", "visibility"] {
        assert!(a.extra.contains_key(key), "{key}");
    }
    assert!(a.created.is_some() && a.features.is_some() && a.credentials.is_some());
    let by_name = s
        .create_app(json!({"name": "bookmark", "label": "Other"}), false)
        .unwrap();
    assert_eq!(by_name.sign_on_mode, Some(SignOnMode::Bookmark));
    assert_eq!(by_name.status, ApplicationStatus::Inactive);
}

#[test]
fn custom_apps_get_okta_style_generated_names() {
    let mut s = store();
    let mode = |m: &str| json!({"label": "My App", "signOnMode": m});
    assert_eq!(
        s.create_app(mode("BASIC_AUTH"), true).unwrap().name,
        "template_basic_auth"
    );
    assert_eq!(
        s.create_app(mode("AUTO_LOGIN"), true).unwrap().name,
        "template_swa"
    );
    assert_eq!(
        s.create_app(mode("SAML_2_0"), true).unwrap().name,
        "mock_myapp_1"
    );
    assert_eq!(
        s.create_app(mode("SAML_2_0"), true).unwrap().name,
        "mock_myapp_2"
    );
    assert_eq!(
        s.create_app(mode("OPENID_CONNECT"), true).unwrap().name,
        "oidc_client"
    );
    let err = s
        .create_app(json!({"signOnMode": "BOOKMARK"}), true)
        .unwrap_err();
    assert_eq!(err.causes, vec!["label: The field cannot be left blank"]);
}

#[test]
fn an_active_app_must_be_deactivated_before_deletion_which_removes_its_users() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let a = app(&mut s, json!({"name": "bookmark", "label": "Wiki"}));
    s.assign_app_user(&a, json!({"id": u.id})).unwrap();
    let err = s.delete_app(&a).unwrap_err();
    assert_eq!(
        (err.status, err.code.clone()),
        (403, ErrorCode::DeleteActiveApp)
    );
    assert_eq!(err.summary, "Delete application forbidden.");
    assert_eq!(
        err.causes,
        vec!["The application must be deactivated before deletion."]
    );
    s.deactivate_app(&a).unwrap();
    s.deactivate_app(&a).unwrap();
    s.delete_app(&a).unwrap();
    assert_eq!(
        s.get_app(&a).unwrap_err().summary,
        format!("Not found: Resource not found: {a} (AppInstance)")
    );
    assert_eq!(s.counts().app_users, 0);
    assert!(s.user_app_links(&u.id).unwrap().is_empty());
}

#[test]
fn assigning_answers_an_app_user_and_an_unassigned_user_is_not_found() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let other = active_user(&mut s, "C", "D");
    let a = app(&mut s, json!({"name": "bookmark", "label": "Wiki"}));
    let au = s
        .assign_app_user(&a, json!({"id": u.id, "profile": {"role": "x"}}))
        .unwrap();
    assert_eq!(au.id, u.id);
    assert_eq!(au.scope, Some(AppUserScope::User));
    assert_eq!(au.status, Some(AppUserStatus::Active));
    assert_eq!(
        au.credentials.and_then(|c| c.user_name).as_deref(),
        Some("a.b@example.com")
    );
    let err = s.get_app_user(&a, &other.id, false).unwrap_err();
    assert_eq!((err.status, err.code.clone()), (404, ErrorCode::NotFound));
    let updated = s
        .update_app_user(&a, &u.id, json!({"profile": {"team": "t"}}))
        .unwrap();
    assert_eq!(updated.profile["role"], json!("x"));
    assert_eq!(updated.profile["team"], json!("t"));
    let embedded = s.get_app_user(&a, &u.id, true).unwrap();
    assert_eq!(
        embedded.embedded_user().map(|u| u.id.clone()),
        Some(u.id.clone())
    );
    s.unassign_app_user(&a, &u.id).unwrap();
    assert_eq!(s.unassign_app_user(&a, &u.id).unwrap_err().status, 404);
}

#[test]
fn later_active_directory_instances_get_suffixed_variable_names() {
    let mut s = store();
    let first = app(
        &mut s,
        json!({"name": "active_directory", "label": "corp.example.com"}),
    );
    let second = app(
        &mut s,
        json!({"name": "active_directory", "label": "emea.example.com"}),
    );
    let exported = s.export_scenario();
    let var = |id: &str| {
        exported
            .apps
            .iter()
            .find(|a| a.id.as_deref() == Some(id))
            .and_then(|a| a.variable_name.clone())
    };
    assert_eq!(var(&first).as_deref(), Some("active_directory"));
    let v2 = var(&second).unwrap_or_default();
    let suffix = v2.strip_prefix("active_directory_").unwrap_or_default();
    assert_eq!(suffix.len(), 7, "{v2}");
    assert!(
        suffix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    );
    assert_eq!(s.get_app(&first).unwrap().sign_on_mode, None);
}

#[test]
fn the_office365_mapping_follows_the_users_directory_assignments() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let corp = app(
        &mut s,
        json!({"name": "active_directory", "label": "corp.example.com"}),
    );
    let emea = app(
        &mut s,
        json!({"name": "active_directory", "label": "emea.example.com"}),
    );
    let o365 = app(&mut s, json!({"name": "office365", "label": "Office 365"}));
    let id1 = "yYuRNW0Z6kCXeYidebdT8A==";
    let ad = s
        .assign_app_user(&corp, json!({"id": u.id, "profile": {"externalId": id1}}))
        .unwrap();
    assert_eq!(
        ad.external_id.as_deref(),
        Some(id1),
        "an AD app user mirrors profile.externalId"
    );
    let office = s.assign_app_user(&o365, json!({"id": u.id})).unwrap();
    assert_eq!(office.profile["immutableId"], json!(id1));
    s.assign_app_user(
        &emea,
        json!({"id": u.id, "profile": {"externalId": "AAECAwQFBgcICQoLDA0ODw=="}}),
    )
    .unwrap();
    let office = s.get_app_user(&o365, &u.id, false).unwrap();
    assert_eq!(
        office.profile["immutableId"],
        Value::Null,
        "two ADs: findDirectoryUser() is null"
    );
    s.unassign_app_user(&emea, &u.id).unwrap();
    assert_eq!(
        s.get_app_user(&o365, &u.id, false).unwrap().profile["immutableId"],
        json!(id1)
    );
}

#[test]
fn apps_are_filtered_by_name_status_and_assigned_user_and_embed_the_app_user() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let corp = app(
        &mut s,
        json!({"name": "active_directory", "label": "corp.example.com"}),
    );
    app(
        &mut s,
        json!({"name": "active_directory", "label": "emea.example.com"}),
    );
    let wiki = app(&mut s, json!({"name": "bookmark", "label": "Wiki"}));
    s.deactivate_app(&wiki).unwrap();
    s.assign_app_user(&corp, json!({"id": u.id})).unwrap();
    let ids = |q: AppQuery| -> Vec<String> {
        s.list_apps(&q, &PageRequest::default())
            .unwrap()
            .items
            .into_iter()
            .map(|a| a.id.into_inner())
            .collect()
    };
    let f = |f: &str| AppQuery {
        filter: Some(f.to_owned()),
        ..Default::default()
    };
    assert_eq!(ids(f("name eq \"active_directory\"")).len(), 2);
    assert_eq!(ids(f("status eq \"INACTIVE\"")), [wiki.as_str()]);
    assert_eq!(ids(f(&format!("user.id eq \"{}\"", u.id))), [corp.as_str()]);
    assert_eq!(
        ids(AppQuery {
            q: Some("WI".into()),
            ..Default::default()
        }),
        [wiki]
    );
    let expanded = AppQuery {
        expand: Some(format!("user/{}", u.id)),
        ..f(&format!("user.id eq \"{}\"", u.id))
    };
    let apps = s
        .list_apps(&expanded, &PageRequest::default())
        .unwrap()
        .items;
    assert_eq!(
        apps[0]
            .embedded
            .as_ref()
            .and_then(|e| e.get("user"))
            .and_then(|u| u.get("id")),
        Some(&json!(u.id))
    );
    assert_eq!(
        s.list_apps(&f("label eq \"x\""), &PageRequest::default())
            .unwrap_err()
            .code,
        ErrorCode::InvalidSearch
    );
}

#[test]
fn app_users_are_paged_and_found_by_q() {
    let mut s = store();
    let a = app(&mut s, json!({"name": "bookmark", "label": "Wiki"}));
    // `q` reads the app user's profile (spec, `queryAppUserQ`), so the profiles carry names.
    for (f, l) in [("Ann", "Zed"), ("Bob", "Young"), ("Cid", "Xu")] {
        let u = active_user(&mut s, f, l);
        let profile = json!({"firstName": f, "lastName": l});
        s.assign_app_user(&a, json!({"id": u.id, "profile": profile}))
            .unwrap();
    }
    let first = s
        .list_app_users(&a, &AppUserQuery::default(), &PageRequest::first(2))
        .unwrap();
    assert_eq!(first.items.len(), 2);
    let cursor = first.next_cursor.expect("a next page");
    let second = s
        .list_app_users(
            &a,
            &AppUserQuery::default(),
            &PageRequest::after(cursor, Some(2)),
        )
        .unwrap();
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.next_cursor, None);
    let q = AppUserQuery {
        q: Some("you".into()),
        expand_user: true,
    };
    let hits = s
        .list_app_users(&a, &q, &PageRequest::default())
        .unwrap()
        .items;
    assert_eq!(hits.len(), 1);
    assert!(hits[0].embedded_user().is_some());
}

#[test]
fn deleting_one_of_two_directories_gives_the_user_an_immutable_id_again() {
    let mut s = store();
    let u = active_user(&mut s, "A", "B");
    let corp = app(
        &mut s,
        json!({"name": "active_directory", "label": "corp.example.com"}),
    );
    let emea = app(
        &mut s,
        json!({"name": "active_directory", "label": "emea.example.com"}),
    );
    let o365 = app(&mut s, json!({"name": "office365", "label": "Office 365"}));
    let id1 = "yYuRNW0Z6kCXeYidebdT8A==";
    s.assign_app_user(&corp, json!({"id": u.id, "profile": {"externalId": id1}}))
        .unwrap();
    s.assign_app_user(
        &emea,
        json!({"id": u.id, "profile": {"externalId": "AAECAwQFBgcICQoLDA0ODw=="}}),
    )
    .unwrap();
    s.assign_app_user(&o365, json!({"id": u.id})).unwrap();
    assert_eq!(
        s.get_app_user(&o365, &u.id, false).unwrap().profile["immutableId"],
        Value::Null
    );
    s.deactivate_app(&emea).unwrap();
    s.delete_app(&emea).unwrap();
    assert_eq!(
        s.get_app_user(&o365, &u.id, false).unwrap().profile["immutableId"],
        json!(id1)
    );
}
