//! One user's title sync: compare with what was last handled, converge memberships and the
//! cost center, notify, remember.

use std::collections::BTreeMap;

use okta_client::api::UserUpdate;
use okta_client::models::User;
use serde_json::{Value, json};

use super::{Config, HANDLED_TABLE, TRIGGER, lookup};
use crate::flows::birthright_access::membership::{GroupRef, MembershipPlan, user_group_ids};
use crate::flows::birthright_access::targets::{acted, read_user};
use crate::runtime::{Action, FlowContext, FlowError, TargetOutcome};

/// Syncs one user. An event run acts only when the (title, department) differs from the last
/// handled; a manual run re-applies the mappings anyway (and notifies only of a change).
pub(super) async fn sync_user(
    ctx: &FlowContext,
    config: &Config,
    groups: &BTreeMap<String, GroupRef>,
    id_or_login: &str,
    manual: bool,
) -> Result<TargetOutcome, FlowError> {
    let user = match read_user(ctx.client(), id_or_login).await? {
        Ok(user) => user,
        Err(left_alone) => return Ok(left_alone),
    };
    let title = user.profile.title.clone();
    let department = user.profile.department.clone();
    let seen = json!({ "title": title, "department": department });
    let table = ctx.table(HANDLED_TABLE);
    let last = table.get(user.id.as_str())?;
    let changed = last.as_ref() != Some(&seen);
    if !changed && !manual {
        return Ok(TargetOutcome::no_change(user.id.as_str()).display(user.login()));
    }

    let desired = lookup(&config.groups, title.as_deref())
        .into_iter()
        .flatten()
        .filter_map(|name| groups.get(name));
    let current = user_group_ids(ctx.client(), &user.id).await?;
    let plan = MembershipPlan::new(&current, desired, groups.values());
    let mut actions = plan.carry_out(ctx, &user.id).await?;

    let cost_center = lookup(&config.cost_centers, department.as_deref());
    if let Some(cost_center) =
        cost_center.filter(|cc| user.profile.cost_center.as_ref() != Some(cc))
    {
        if ctx.applies() {
            let update = UserUpdate::new().set("costCenter", cost_center.as_str());
            let users = ctx.client().users();
            ctx.guarded_write(TRIGGER, user.id.as_str(), users.update(&user.id, &update))
                .await?;
        }
        actions.push(Action::SetProfileAttribute {
            name: "costCenter".to_owned(),
            value: Value::String(cost_center.clone()),
        });
    }

    // A change from a remembered (title, department) is always reported; for a user seen for
    // the first time the flow cannot tell what changed, so it reports only what it did.
    let report = if last.is_some() {
        changed
    } else {
        !actions.is_empty()
    };
    if report {
        let recipient = recipient(ctx, config, &user).await?;
        let (subject, body) = message(&user, last.as_ref(), &actions);
        actions.push(ctx.notify(&recipient, subject, body).await?);
    }
    if changed {
        // Last, so a run that failed before this point is handled again in full.
        let recorded = table.put(user.id.as_str(), &seen)?;
        if !actions.is_empty() {
            actions.push(recorded);
        }
    }
    if actions.is_empty() {
        return Ok(TargetOutcome::no_change(user.id.as_str()).display(user.login()));
    }
    let mut outcome = TargetOutcome::new(user.id.as_str(), acted(ctx)).display(user.login());
    outcome.actions = actions;
    Ok(outcome)
}

/// The configured recipient, else the manager's email (their login when they have none),
/// else the fallback.
async fn recipient(ctx: &FlowContext, config: &Config, user: &User) -> Result<String, FlowError> {
    if let Some(recipient) = &config.recipient {
        return Ok(recipient.clone());
    }
    let Some(manager_id) = user.profile.manager_id.as_deref().filter(|m| !m.is_empty()) else {
        return Ok(config.fallback_recipient.clone());
    };
    Ok(
        match ctx.client().users().get_opt_by_login(manager_id).await? {
            Some(manager) => manager
                .profile
                .email
                .clone()
                .unwrap_or_else(|| manager.login().to_owned()),
            None => config.fallback_recipient.clone(),
        },
    )
}

/// The notification: what changed, and what the flow did about it.
fn message(user: &User, last: Option<&Value>, actions: &[Action]) -> (String, String) {
    let was = |key: &str| {
        last.and_then(|l| l.get(key))
            .and_then(Value::as_str)
            .unwrap_or("(unknown)")
            .to_owned()
    };
    let now = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_owned());
    let subject = format!("{}: title or department changed", user.login());
    let mut body = format!(
        "Title: {} -> {}. Department: {} -> {}.",
        was("title"),
        now(&user.profile.title),
        was("department"),
        now(&user.profile.department)
    );
    for action in actions {
        match action {
            Action::AddToGroup { group_name, .. } => {
                body.push_str(&format!(" Added to {group_name}."))
            }
            Action::RemoveFromGroup { group_name, .. } => {
                body.push_str(&format!(" Removed from {group_name}."));
            }
            Action::SetProfileAttribute { name, value } => {
                body.push_str(&format!(" Set {name} to {value}."));
            }
            _ => {}
        }
    }
    body.push_str(" Please review the user's access for anything the flow does not manage.");
    (subject, body)
}
