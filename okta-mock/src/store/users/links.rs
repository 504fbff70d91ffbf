//! What hangs off a user: sessions, groups, dashboard app links.

use okta_client::models::{AppId, ApplicationStatus, AssignedAppLink, Group};
use serde_json::Map;

use crate::store::{Org, StoreError, render};

impl Org {
    /// Clears a user's sessions (`DELETE /users/{id}/sessions`); the mock keeps no sessions.
    ///
    /// # Errors
    /// 404 for an unknown user.
    pub(in crate::store) fn clear_sessions(
        &mut self,
        id: &str,
        oauth_tokens: bool,
    ) -> Result<(), StoreError> {
        let _ = oauth_tokens;
        self.user_id(id).map(|_| ())
    }

    /// The user's groups, "Everyone" first.
    ///
    /// # Errors
    /// 404 for an unknown user.
    pub fn user_groups(&self, id: &str) -> Result<Vec<Group>, StoreError> {
        let id = self.user_id(id)?;
        let mut out: Vec<Group> = self
            .groups
            .get(&*self.everyone)
            .map(render::group)
            .into_iter()
            .collect();
        out.extend(
            self.groups_of(&id)
                .filter_map(|g| self.groups.get(&*g))
                .map(render::group),
        );
        Ok(out)
    }

    /// The app links on the user's dashboard: one per assignment to an ACTIVE app.
    ///
    /// # Errors
    /// 404 for an unknown user.
    pub fn user_app_links(&self, id: &str) -> Result<Vec<AssignedAppLink>, StoreError> {
        let id = self.user_id(id)?;
        let links = self
            .apps_of(&id)
            .filter_map(|a| self.apps.get(&*a))
            .filter(|a| a.app.status == ApplicationStatus::Active)
            .enumerate()
            .map(|(i, a)| AssignedAppLink {
                id: Some(format!("00a{}", tail(a.app.id.as_str()))),
                label: Some(a.app.label.clone()),
                link_url: Some(format!("/home/{}/{}/alnk", a.app.name, a.app.id)),
                logo_url: None,
                app_name: Some(a.app.name.clone()),
                app_instance_id: Some(AppId::new(a.app.id.as_str())),
                app_assignment_id: Some(format!("0ua{}", tail(&id))),
                credentials_setup: Some(false),
                hidden: Some(false),
                sort_order: Some(i as i64),
                extra: Map::new(),
            })
            .collect();
        Ok(links)
    }
}

/// An id without its three-character type prefix.
fn tail(id: &str) -> &str {
    id.get(3..).unwrap_or(id)
}
