//! The names of an object as the System Log shows them, read at commit time by the mutations
//! that remove the object (after them, the store no longer holds it).

use super::super::Org;
use super::{Target, TargetNames};

/// A user's login and "first last" name.
pub(super) fn user(store: &Org, id: &str) -> Option<TargetNames> {
    let user = store.get_user(id).ok()?;
    let login = user.profile.login.clone().unwrap_or_else(|| id.to_owned());
    let display = [
        user.profile.first_name.as_deref(),
        user.profile.last_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    Some(TargetNames {
        alternate_id: login,
        display_name: display,
    })
}

/// A group's name (as both names).
pub(super) fn group(store: &Org, id: &str) -> Option<TargetNames> {
    let group = store.get_group(id).ok()?;
    let name = group.profile.name.clone();
    Some(TargetNames {
        alternate_id: name.clone(),
        display_name: name,
    })
}

/// An app's label (as both names).
pub(super) fn app(store: &Org, id: &str) -> Option<TargetNames> {
    let app = store.get_app(id).ok()?;
    let label = app.label.clone();
    Some(TargetNames {
        alternate_id: label.clone(),
        display_name: label,
    })
}

/// A user's app assignments as [`Target::removed_app_user`]s: the app user's user name (the
/// login when it has none) and the app's label. Read before a change that may drop them.
pub(super) fn app_assignments(store: &Org, user: &str) -> Vec<Target> {
    let Some(id) = store.find_user_id(user) else {
        return Vec::new();
    };
    let login = self::user(store, &id).map(|n| n.alternate_id);
    store
        .apps_of(&id)
        .filter_map(|app| {
            let au = store.get_app_user(&app, &id, false).ok()?;
            let user_name = au
                .credentials
                .and_then(|c| c.user_name)
                .or_else(|| login.clone())
                .unwrap_or_else(|| id.to_string());
            let label = self::app(store, &app).map_or_else(|| app.to_string(), |n| n.display_name);
            Some(Target::removed_app_user(
                &*app,
                TargetNames {
                    alternate_id: user_name,
                    display_name: label,
                },
            ))
        })
        .collect()
}

/// Of `before` (from [`app_assignments`]), the assignments `user` no longer has.
pub(super) fn removed(store: &Org, user: &str, before: Vec<Target>) -> Vec<Target> {
    let Some(id) = store.find_user_id(user) else {
        return before;
    };
    before
        .into_iter()
        .filter(|t| store.get_app_user(&t.id, &id, false).is_err())
        .collect()
}
