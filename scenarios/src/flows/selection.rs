//! The users a manual run covers ([`Selection`]), read through the client.

use okta_client::Client;
use okta_client::models::User;

use crate::runtime::{Selection, TargetOutcome};

/// The users of `selection`, and an outcome for each name that matches no user.
/// `all_filter` narrows [`Selection::All`] (an Okta `filter` expression such as
/// `status eq "ACTIVE"`).
///
/// # Errors
/// A listing or read that failed (not-found of a named user is an outcome, not an error).
pub(crate) async fn users(
    client: &Client,
    selection: &Selection,
    all_filter: Option<&str>,
) -> Result<(Vec<User>, Vec<TargetOutcome>), okta_client::Error> {
    match selection {
        Selection::Users(names) => {
            let (mut found, mut missing) = (Vec::new(), Vec::new());
            for name in names {
                // `GET /api/v1/users/{id}` takes an id or a login alike.
                match client.users().get_opt_by_login(name).await? {
                    Some(user) => found.push(user),
                    None => missing.push(TargetOutcome::skipped(name, "no such user")),
                }
            }
            Ok((found, missing))
        }
        Selection::GroupMembers(group) => {
            let members = client
                .groups()
                .members(group.as_str())
                .collect_all()
                .await?;
            Ok((members, Vec::new()))
        }
        Selection::All => {
            let mut list = client.users().list();
            if let Some(filter) = all_filter {
                list = list.filter(filter);
            }
            Ok((list.collect_all().await?, Vec::new()))
        }
    }
}
