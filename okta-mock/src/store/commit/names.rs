//! The names of an object as the System Log shows them, read at commit time by the mutations
//! that remove the object (after them, the store no longer holds it).

use super::super::Org;
use super::TargetNames;

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
