//! Finding a user's manager from their Okta profile.
//!
//! Okta's base user profile has two manager attributes (Management API spec, schema
//! `UserProfile`): `managerId`, "The `id` of the user's manager", and `manager`, "The
//! `displayName` of the user's manager"; both are free strings that HR imports fill. The spec's
//! own example user carries `managerId: ike.ogb@gmail.com`, a login rather than an id, so both
//! are accepted for `managerId` (`GET /api/v1/users/{idOrLogin}` takes either). `manager` is
//! looked up as a login when it holds one, else as a display name (`profile.displayName`, then
//! first and last name), and must then match exactly one user.

use okta_client::Client;
use okta_client::models::{User, UserStatus};

use super::Config;

/// Where the lookup ended.
#[derive(Debug)]
pub enum Lookup {
    /// The manager, and the attribute that led to them.
    Found(Box<User>, String),
    /// No usable manager, with why.
    Unresolved(String),
}

/// The manager of `user`, per `config`'s attribute names.
///
/// # Errors
/// A read that failed (a name that matches no user is [`Lookup::Unresolved`]).
pub async fn manager_of(
    client: &Client,
    user: &User,
    config: &Config,
) -> Result<Lookup, okta_client::Error> {
    let profile = &user.profile;
    let attribute = |name: &str| {
        profile
            .get_str(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let mut reasons = Vec::new();
    if let Some(id) = attribute(&config.manager_id_attribute) {
        match client.users().get_opt_by_login(id).await? {
            Some(manager) => return Ok(usable(user, manager, &config.manager_id_attribute)),
            None => reasons.push(format!(
                "{} {id:?} names no user",
                config.manager_id_attribute
            )),
        }
    }
    if let Some(name) = attribute(&config.manager_attribute) {
        match by_name(client, name).await? {
            Ok(manager) => return Ok(usable(user, manager, &config.manager_attribute)),
            Err(why) => reasons.push(format!("{} {name:?} {why}", config.manager_attribute)),
        }
    }
    if reasons.is_empty() {
        reasons.push(format!(
            "no {} or {} in the profile",
            config.manager_id_attribute, config.manager_attribute
        ));
    }
    Ok(Lookup::Unresolved(reasons.join("; ")))
}

/// A found manager, unless it is the user themself or deactivated (nobody would read it).
fn usable(user: &User, manager: User, via: &str) -> Lookup {
    if manager.id == user.id {
        return Lookup::Unresolved(format!("{via} names the user themself"));
    }
    if manager.status == UserStatus::Deprovisioned {
        return Lookup::Unresolved(format!(
            "the manager {} ({via}) is deactivated",
            manager.login()
        ));
    }
    Lookup::Found(Box::new(manager), via.to_owned())
}

/// The one user a `manager` value names: a login, a display name, or "First Last".
async fn by_name(client: &Client, name: &str) -> Result<Result<User, String>, okta_client::Error> {
    if name.contains('@') {
        return Ok(client
            .users()
            .get_opt_by_login(name)
            .await?
            .ok_or_else(|| "names no user".to_owned()));
    }
    let quoted = |v: &str| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""));
    let mut searches = vec![format!("profile.displayName eq {}", quoted(name))];
    if let Some((first, last)) = name.rsplit_once(' ') {
        searches.push(format!(
            "profile.firstName eq {} and profile.lastName eq {}",
            quoted(first.trim()),
            quoted(last.trim())
        ));
    }
    for search in searches {
        let mut found = client.users().list().search(search).collect_all().await?;
        found.retain(|u| u.status != UserStatus::Deprovisioned);
        match found.len() {
            0 => continue,
            1 => return Ok(Ok(found.remove(0))),
            n => return Ok(Err(format!("matches {n} users"))),
        }
    }
    Ok(Err("matches no user".to_owned()))
}
