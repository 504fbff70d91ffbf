//! The event types the mock logs, with Okta's wording: which `eventType`s a committed change
//! becomes, and each type's `displayMessage`, `legacyEventType` and `severity`.
//!
//! Sources. Event type names: Okta's Event Types catalog
//! (<https://developer.okta.com/docs/reference/api/event-types/>) and the Workflows Okta
//! connector's event cards. Wording and legacy types recorded from real orgs:
//! `application.user_membership.add` ("Add user to application membership",
//! `app.generic.provision.assign_user_to_app`) in okta-sdk-dotnet's `LogsClientShould.cs`
//! (Apache-2.0, copied to `okta-mock/tests/fixtures/`); `user.lifecycle.suspend` ("Suspend Okta
//! user", `core.user.config.user_status.suspended`), `user.lifecycle.deactivate` ("Deactivate
//! Okta User", as recorded, `core.user.config.user_deactivated`), `group.user_membership.add` ("Add user to
//! group membership") and `user.account.report_suspicious_activity_by_enduser` ("User report
//! suspicious activity", WARN, `core.user.account.report_suspicious_activity_by_enduser`) in
//! published System Log exports; `application.user_membership.remove` ("Remove users application
//! membership") and `application.user_membership.change_username` ("Change users application
//! username") in the event correlation table of Okta's "System log query" guide
//! (okta-developer-docs). The other messages follow the same pattern and are marked
//! `inferred` below; their `legacyEventType` is left null rather than guessed.

use crate::store::{Change, LifecycleOp};

/// How serious an event is (`severity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// `INFO`.
    Info,
    /// `WARN`.
    Warn,
}

impl Severity {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "INFO",
            Self::Warn => "WARN",
        }
    }
}

/// One event type of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventType {
    /// `eventType`.
    pub name: &'static str,
    /// `displayMessage`.
    pub display_message: &'static str,
    /// `legacyEventType`, when recorded.
    pub legacy: Option<&'static str>,
    /// `severity`.
    pub severity: Severity,
}

const fn info(name: &'static str, display_message: &'static str) -> EventType {
    EventType {
        name,
        display_message,
        legacy: None,
        severity: Severity::Info,
    }
}

const fn recorded(
    name: &'static str,
    display_message: &'static str,
    legacy: &'static str,
    severity: Severity,
) -> EventType {
    EventType {
        name,
        display_message,
        legacy: Some(legacy),
        severity,
    }
}

/// Every event type the mock produces or accepts without further details.
pub const CATALOG: &[EventType] = &[
    info("user.lifecycle.create", "Create Okta user"), // inferred
    info("user.lifecycle.activate", "Activate Okta user"), // inferred
    recorded(
        "user.lifecycle.deactivate",
        "Deactivate Okta User",
        "core.user.config.user_deactivated",
        Severity::Info,
    ),
    info("user.lifecycle.reactivate", "Reactivate Okta user"), // inferred
    recorded(
        "user.lifecycle.suspend",
        "Suspend Okta user",
        "core.user.config.user_status.suspended",
        Severity::Info,
    ),
    info("user.lifecycle.unsuspend", "Unsuspend Okta user"), // inferred
    info("user.lifecycle.delete.initiated", "Delete Okta user"), // inferred
    info(
        "user.lifecycle.delete.completed",
        "Delete Okta user completed",
    ), // inferred
    info(
        "user.account.update_profile",
        "Update user profile for Okta",
    ), // inferred
    info("user.account.unlock", "Unlock Okta user"),         // inferred
    info("user.account.lock", "Max sign in attempts exceeded"), // inferred
    info(
        "user.account.reset_password",
        "Reset password for Okta user",
    ), // inferred
    info(
        "user.account.expire_password",
        "Expire password for Okta user",
    ), // inferred
    info("user.mfa.factor.reset_all", "Reset all factors for user"), // inferred
    // Factor enrollment: the names of the Workflows "User MFA Factor Activated" and
    // "Deactivated" event cards (help.okta.com, Okta Devices connector); messages inferred.
    info("user.mfa.factor.activate", "Activate factor for user"), // inferred
    info("user.mfa.factor.deactivate", "Reset factor for user"),  // inferred
    info("user.session.clear", "Clear user session"),             // inferred
    recorded(
        "user.account.report_suspicious_activity_by_enduser",
        "User report suspicious activity",
        "core.user.account.report_suspicious_activity_by_enduser",
        Severity::Warn,
    ),
    info("group.lifecycle.create", "Create Okta group"), // inferred
    info("group.lifecycle.delete", "Delete Okta group"), // inferred
    info("group.profile.update", "Okta group profile updated"), // inferred
    info("group.user_membership.add", "Add user to group membership"),
    info(
        "group.user_membership.remove",
        "Remove user from group membership",
    ), // inferred
    info(
        "group.application_assignment.add",
        "Add assigned application to group",
    ), // inferred
    info(
        "group.application_assignment.update",
        "Update assigned application in group",
    ), // inferred
    info(
        "group.application_assignment.remove",
        "Remove assigned application from group",
    ), // inferred
    info("application.lifecycle.create", "Create application"), // inferred
    info("application.lifecycle.update", "Update application"), // inferred
    info("application.lifecycle.activate", "Activate application"), // inferred
    info("application.lifecycle.deactivate", "Deactivate application"), // inferred
    info("application.lifecycle.delete", "Delete application"), // inferred
    recorded(
        "application.user_membership.add",
        "Add user to application membership",
        "app.generic.provision.assign_user_to_app",
        Severity::Info,
    ),
    info(
        "application.user_membership.remove",
        "Remove users application membership",
    ),
    info(
        "application.user_membership.update",
        "Update user's application membership",
    ), // inferred
    info(
        "application.user_membership.change_username",
        "Change users application username",
    ),
    // Event hook changes: names from Okta's Event Types catalog (`event_hook.created`,
    // `.updated`, `.activated`, `.deactivated`, `.verified`, `.deleted`, as listed in
    // Elastic's Okta integration mapping of that catalog); messages inferred.
    info("event_hook.created", "Create event hook"), // inferred
    info("event_hook.updated", "Update event hook"), // inferred
    info("event_hook.activated", "Activate event hook"), // inferred
    info("event_hook.deactivated", "Deactivate event hook"), // inferred
    info("event_hook.verified", "Verify event hook"), // inferred
    info("event_hook.deleted", "Delete event hook"), // inferred
];

/// The catalog entry named `name`.
pub fn find(name: &str) -> Option<&'static EventType> {
    CATALOG.iter().find(|t| t.name == name)
}

/// The catalog entry named `name`; every name this module maps a change to is in the catalog.
fn entry(name: &str) -> &'static EventType {
    // The mapping below only names catalog entries (a unit test checks every change).
    find(name).unwrap_or(&CATALOG[0])
}

/// The event types a committed change becomes, in order. `activated` says whether a created
/// user came out of creation activated (Okta then logs the activation too). Admin actions
/// (reset, scenario load) log nothing.
pub fn event_types(change: Change, activated: bool) -> Vec<&'static EventType> {
    let names: &[&str] = match change {
        Change::UserCreated if activated => &["user.lifecycle.create", "user.lifecycle.activate"],
        Change::UserCreated => &["user.lifecycle.create"],
        Change::UserUpdated | Change::UserReplaced => &["user.account.update_profile"],
        Change::UserDeactivated => &["user.lifecycle.deactivate"],
        Change::UserDeleted => &[
            "user.lifecycle.delete.initiated",
            "user.lifecycle.delete.completed",
        ],
        Change::UserLifecycle(op) => match op {
            LifecycleOp::Activate => &["user.lifecycle.activate"],
            LifecycleOp::Deactivate => &["user.lifecycle.deactivate"],
            LifecycleOp::Reactivate => &["user.lifecycle.reactivate"],
            LifecycleOp::Suspend => &["user.lifecycle.suspend"],
            LifecycleOp::Unsuspend => &["user.lifecycle.unsuspend"],
            LifecycleOp::Unlock => &["user.account.unlock"],
            LifecycleOp::ExpirePassword | LifecycleOp::ExpirePasswordWithTempPassword => {
                &["user.account.expire_password"]
            }
            LifecycleOp::ResetPassword => &["user.account.reset_password"],
            LifecycleOp::ResetFactors => &["user.mfa.factor.reset_all"],
            LifecycleOp::Lock => &["user.account.lock"],
        },
        // A pending enrollment (a TOTP app not yet activated) is not an activation.
        Change::FactorEnrolled { active: true } => &["user.mfa.factor.activate"],
        Change::FactorEnrolled { active: false } => &[],
        Change::FactorUnenrolled => &["user.mfa.factor.deactivate"],
        Change::UserSessionsCleared => &["user.session.clear"],
        Change::GroupCreated => &["group.lifecycle.create"],
        Change::GroupReplaced => &["group.profile.update"],
        Change::GroupDeleted => &["group.lifecycle.delete"],
        Change::GroupMemberAdded => &["group.user_membership.add"],
        Change::GroupMemberRemoved => &["group.user_membership.remove"],
        Change::AppCreated => &["application.lifecycle.create"],
        Change::AppReplaced => &["application.lifecycle.update"],
        Change::AppActivated => &["application.lifecycle.activate"],
        Change::AppDeactivated => &["application.lifecycle.deactivate"],
        Change::AppDeleted => &["application.lifecycle.delete"],
        Change::AppUserAssigned => &["application.user_membership.add"],
        Change::AppUserUpdated => &["application.user_membership.update"],
        // Okta's legacy types tell the two apart (`app.generic.config.app_user_property_update`
        // and `app.generic.config.app_username_update`, Event Types catalog): a rename logs
        // `change_username`, and `update` too when the profile changed as well (inferred).
        Change::AppUserRenamed {
            profile_updated: true,
        } => &[
            "application.user_membership.update",
            "application.user_membership.change_username",
        ],
        Change::AppUserRenamed {
            profile_updated: false,
        } => &["application.user_membership.change_username"],
        Change::AppUserUnassigned => &["application.user_membership.remove"],
        Change::AppGroupAssigned => &["group.application_assignment.add"],
        Change::AppGroupPatched => &["group.application_assignment.update"],
        Change::AppGroupUnassigned => &["group.application_assignment.remove"],
        Change::OrgReset | Change::ScenarioLoaded => &[],
    };
    names.iter().map(|n| entry(n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mapped_event_type_is_in_the_catalog() {
        let ops = [
            LifecycleOp::Activate,
            LifecycleOp::Deactivate,
            LifecycleOp::Reactivate,
            LifecycleOp::Suspend,
            LifecycleOp::Unsuspend,
            LifecycleOp::Unlock,
            LifecycleOp::ExpirePassword,
            LifecycleOp::ExpirePasswordWithTempPassword,
            LifecycleOp::ResetPassword,
            LifecycleOp::ResetFactors,
            LifecycleOp::Lock,
        ];
        let mut changes = vec![
            Change::UserCreated,
            Change::UserUpdated,
            Change::UserReplaced,
            Change::UserDeactivated,
            Change::UserDeleted,
            Change::UserSessionsCleared,
            Change::GroupCreated,
            Change::GroupReplaced,
            Change::GroupDeleted,
            Change::GroupMemberAdded,
            Change::GroupMemberRemoved,
            Change::AppCreated,
            Change::AppReplaced,
            Change::AppActivated,
            Change::AppDeactivated,
            Change::AppDeleted,
            Change::AppUserAssigned,
            Change::AppUserUpdated,
            Change::AppUserUnassigned,
            Change::AppUserRenamed {
                profile_updated: true,
            },
            Change::AppUserRenamed {
                profile_updated: false,
            },
            Change::AppGroupAssigned,
            Change::AppGroupPatched,
            Change::AppGroupUnassigned,
            Change::FactorEnrolled { active: true },
            Change::FactorUnenrolled,
        ];
        changes.extend(ops.map(Change::UserLifecycle));
        for change in changes {
            let types = event_types(change, true);
            assert!(!types.is_empty(), "{change:?} logs nothing");
            for t in types {
                assert!(find(t.name).is_some(), "{change:?} → {}", t.name);
            }
        }
        let names: Vec<_> = event_types(Change::UserCreated, true)
            .iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["user.lifecycle.create", "user.lifecycle.activate"]);
    }

    #[test]
    fn the_entry_helper_never_falls_back_for_a_mapped_name() {
        assert_eq!(
            entry("user.lifecycle.suspend").legacy,
            Some("core.user.config.user_status.suspended")
        );
        assert_eq!(
            find("user.account.report_suspicious_activity_by_enduser").map(|t| t.severity),
            Some(Severity::Warn)
        );
    }
}
