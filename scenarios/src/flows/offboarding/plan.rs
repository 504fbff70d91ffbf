//! What offboarding one user takes, decided from what the org shows and what the audit row
//! says was already done: pure, so the rules are unit-tested without an org.

use okta_client::models::{AppUserScope, Application, Group, GroupType};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A group or app by id, with its name for people reading the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    /// The id.
    pub id: String,
    /// The group's name or the app's label.
    pub name: String,
}

/// A group or app left in place, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// The id.
    pub id: String,
    /// The group's name or the app's label.
    pub name: String,
    /// Why it stays.
    pub reason: String,
}

/// The audit row of one offboarding (table `audit`, key `{userId}:{eventUuid}`): what was
/// done, so a second run neither repeats a write nor notifies twice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditRow {
    /// The user's id.
    pub user_id: String,
    /// The user's login.
    pub login: String,
    /// The trigger: the event's uuid (or the manual run's id).
    pub event: String,
    /// The user's `statusChanged` when offboarded: identifies the deactivation, so a manual
    /// run over an already offboarded user finds this row.
    pub status_changed: Option<String>,
    /// The sessions were cleared.
    pub sessions_cleared: bool,
    /// Groups the user was removed from.
    pub groups_removed: Vec<Named>,
    /// Groups left alone (Okta manages their members).
    pub groups_kept: Vec<Kept>,
    /// Apps the user was unassigned from.
    pub apps_unassigned: Vec<Named>,
    /// Apps left alone (assigned through a group Okta manages).
    pub apps_kept: Vec<Kept>,
    /// Who was notified, once they were.
    pub notified: Option<String>,
    /// The last error, when a run stopped part way.
    pub error: Option<String>,
}

impl AuditRow {
    /// The row as stored.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// A stored row; an unreadable one counts as absent (the run then redoes the reads and
    /// converges anyway).
    pub fn from_value(value: Value) -> Option<Self> {
        serde_json::from_value(value).ok()
    }
}

/// What is left to do for one user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Clear the sessions (not yet done for this deactivation).
    pub clear_sessions: bool,
    /// Groups to leave.
    pub remove_groups: Vec<Named>,
    /// Groups that stay, with why.
    pub keep_groups: Vec<Kept>,
    /// Direct app assignments to remove.
    pub unassign_apps: Vec<Named>,
    /// Assignments that stay (or go with their group), with why.
    pub keep_apps: Vec<Kept>,
    /// Notify (nobody was told of this deactivation yet).
    pub notify: bool,
}

impl Plan {
    /// True when a write to Okta is planned.
    pub fn writes(&self) -> bool {
        self.clear_sessions || !self.remove_groups.is_empty() || !self.unassign_apps.is_empty()
    }

    /// True when nothing at all is left to do.
    pub fn is_empty(&self) -> bool {
        !self.writes() && !self.notify
    }
}

/// Why a group's membership is not ours to change, or `None` when it is. Okta's
/// `unassignUserFromGroup`: "You only can modify memberships for groups of the `OKTA_GROUP`
/// type. App imports are responsible for managing group memberships for groups of the
/// `APP_GROUP` type, such as Active Directory groups." (Management API spec,
/// `DELETE /api/v1/groups/{groupId}/users/{userId}`); "Everyone" (`BUILT_IN`) holds every
/// user by definition.
pub fn group_kept_reason(group: &Group) -> Option<String> {
    match &group.group_type {
        GroupType::OktaGroup => None,
        GroupType::BuiltIn => Some("BUILT_IN: Okta keeps every user in it".to_owned()),
        GroupType::AppGroup => {
            Some("APP_GROUP: its members come from the app's imports".to_owned())
        }
        other => Some(format!("group type {other:?} is not OKTA_GROUP")),
    }
}

/// The scope of the user's assignment embedded in an app listed with
/// `filter=user.id eq "…"&expand=user/{id}`.
fn assignment_scope(app: &Application) -> Option<AppUserScope> {
    let user = app.embedded.as_ref()?.get("user")?;
    serde_json::from_value(user.get("scope")?.clone()).ok()
}

/// The plan for one user, from the groups and app assignments the org shows now and the
/// audit row of this deactivation, if any.
pub fn plan(groups: &[Group], apps: &[Application], previous: Option<&AuditRow>) -> Plan {
    let mut plan = Plan {
        clear_sessions: !previous.is_some_and(|p| p.sessions_cleared),
        notify: previous.and_then(|p| p.notified.as_ref()).is_none(),
        ..Plan::default()
    };
    for group in groups {
        let named = Named {
            id: group.id.to_string(),
            name: group.profile.name.clone(),
        };
        match group_kept_reason(group) {
            None => plan.remove_groups.push(named),
            Some(reason) => plan.keep_groups.push(Kept {
                id: named.id,
                name: named.name,
                reason,
            }),
        }
    }
    for app in apps {
        let named = Named {
            id: app.id.to_string(),
            name: app.label.clone(),
        };
        match assignment_scope(app) {
            // An assignment through a group is the group's: it goes when the user leaves the
            // group (okta-client's `AppUsersApi::unassign` documents Okta's 403 for it).
            Some(AppUserScope::Group) => plan.keep_apps.push(Kept {
                id: named.id,
                name: named.name,
                reason: "assigned through a group".to_owned(),
            }),
            _ => plan.unassign_apps.push(named),
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn group(id: &str, name: &str, kind: &str) -> Group {
        serde_json::from_value(json!({"id": id, "type": kind, "profile": {"name": name}})).unwrap()
    }

    fn app(id: &str, label: &str, scope: &str) -> Application {
        serde_json::from_value(json!({
            "id": id, "name": "bookmark", "label": label, "status": "ACTIVE",
            "_embedded": {"user": {"id": "00u1", "scope": scope}}
        }))
        .unwrap()
    }

    #[test]
    fn only_okta_groups_are_left_and_group_assignments_go_with_their_group() {
        let groups = [
            group("00g0", "Everyone", "BUILT_IN"),
            group("00g1", "Engineering", "OKTA_GROUP"),
            group("00g2", "corp-admins", "APP_GROUP"),
        ];
        let apps = [app("0oa1", "GitHub", "USER"), app("0oa2", "Jira", "GROUP")];
        let plan = plan(&groups, &apps, None);
        assert!(plan.clear_sessions && plan.notify);
        let removed: Vec<_> = plan.remove_groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(removed, ["Engineering"]);
        let kept: Vec<_> = plan.keep_groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(kept, ["Everyone", "corp-admins"]);
        assert_eq!(plan.unassign_apps[0].name, "GitHub");
        assert_eq!(plan.keep_apps[0].name, "Jira");
    }

    #[test]
    fn a_recorded_offboarding_leaves_nothing_to_do_once_the_org_is_clean() {
        let previous = AuditRow {
            sessions_cleared: true,
            notified: Some("it@example.com".into()),
            ..AuditRow::default()
        };
        let groups = [group("00g0", "Everyone", "BUILT_IN")];
        let plan = plan(&groups, &[], Some(&previous));
        assert!(plan.is_empty(), "{plan:?}");
    }

    #[test]
    fn a_run_that_stopped_before_notifying_notifies_without_clearing_sessions_again() {
        let previous = AuditRow {
            sessions_cleared: true,
            error: Some("notification: timeout".into()),
            ..AuditRow::default()
        };
        let plan = plan(&[], &[], Some(&previous));
        assert!(!plan.writes() && plan.notify);
    }

    #[test]
    fn an_audit_row_survives_its_json_form() {
        let row = AuditRow {
            user_id: "00u1".into(),
            groups_removed: vec![Named {
                id: "00g1".into(),
                name: "Engineering".into(),
            }],
            notified: Some("it@example.com".into()),
            ..AuditRow::default()
        };
        let value = row.to_value();
        assert_eq!(value["groupsRemoved"][0]["name"], "Engineering");
        assert_eq!(AuditRow::from_value(value), Some(row));
    }
}
