//! The scripted changes `okta-flows watch` makes on the embedded demo org
//! (`cases/flows/demo.json`), so that a stranger sees the flows react: one change per kind of
//! event the flows listen to. A step whose event no chosen flow handles is made all the same
//! (it is filtered out of the log poll).

use okta_client::api::users::UserUpdate;
use okta_client::models::UserProfile;
use okta_client::{Client, Method, RawRequest};

/// One scripted change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// `group.user_membership.add`.
    AddToGroup(&'static str, &'static str),
    /// `group.user_membership.remove`.
    RemoveFromGroup(&'static str, &'static str),
    /// `user.lifecycle.create` (activated): login, department.
    CreateUser(&'static str, &'static str),
    /// `user.account.update_profile`: login, attribute, value.
    UpdateProfile(&'static str, &'static str, &'static str),
    /// `user.lifecycle.deactivate`.
    Deactivate(&'static str),
    /// `user.account.lock` (okta-mock's admin route: a real org locks a user after failed
    /// sign-ins).
    Lock(&'static str),
}

/// The script, in order.
pub(crate) const SCRIPT: &[Step] = &[
    Step::AddToGroup("bob@example.com", "Contractors"),
    Step::RemoveFromGroup("ada@example.com", "Contractors"),
    Step::CreateUser("noor@example.com", "Engineering"),
    Step::UpdateProfile("cyd@example.com", "title", "Engineering Manager"),
    Step::Deactivate("dee@example.com"),
    Step::Lock("eve@example.com"),
];

impl Step {
    fn describe(self) -> String {
        match self {
            Step::AddToGroup(login, group) => format!("add {login} to {group}"),
            Step::RemoveFromGroup(login, group) => format!("remove {login} from {group}"),
            Step::CreateUser(login, department) => {
                format!("create {login} (department {department})")
            }
            Step::UpdateProfile(login, attribute, value) => {
                format!("set {login}'s {attribute} to {value:?}")
            }
            Step::Deactivate(login) => format!("deactivate {login}"),
            Step::Lock(login) => format!("lock {login} out (as after failed sign-ins)"),
        }
    }

    async fn make(self, client: &Client) -> Result<(), String> {
        let user_id = |login: &'static str| async move {
            client
                .users()
                .get_by_login(login)
                .await
                .map(|u| u.id)
                .map_err(|e| e.to_string())
        };
        let group_id = |name: &'static str| async move {
            let groups = client.groups().list().q(name).collect_all().await;
            groups
                .map_err(|e| e.to_string())?
                .into_iter()
                .find(|g| g.profile.name == name)
                .map(|g| g.id)
                .ok_or_else(|| format!("the demo org has no group {name}"))
        };
        let done = match self {
            Step::AddToGroup(login, group) => {
                let (user, group) = (user_id(login).await?, group_id(group).await?);
                client.groups().add_member(group, user).await
            }
            Step::RemoveFromGroup(login, group) => {
                let (user, group) = (user_id(login).await?, group_id(group).await?);
                client.groups().remove_member(group, user).await
            }
            Step::CreateUser(login, department) => {
                let mut profile = UserProfile::new(login, login, "Noor", "Newhire");
                profile.department = Some(department.to_owned());
                client.users().create(profile).send().await.map(drop)
            }
            Step::UpdateProfile(login, attribute, value) => {
                let update = UserUpdate::new().set(attribute, value);
                client
                    .users()
                    .update(user_id(login).await?, &update)
                    .await
                    .map(drop)
            }
            Step::Deactivate(login) => {
                let user = user_id(login).await?;
                client
                    .users()
                    .deactivate(user, Default::default())
                    .await
                    .map(drop)
            }
            Step::Lock(login) => {
                let user = user_id(login).await?;
                let path = format!("/__mock/users/{}/lock", user.as_str());
                client
                    .raw(RawRequest::new(Method::POST, path))
                    .await
                    .map(drop)
            }
        };
        done.map_err(|e| e.to_string())
    }
}

/// Makes the script's changes; one line per step, saying what failed if it did.
pub(crate) async fn run_script(client: &Client) -> Vec<String> {
    let mut lines = Vec::with_capacity(SCRIPT.len());
    for step in SCRIPT {
        match step.make(client).await {
            Ok(()) => lines.push(step.describe()),
            Err(e) => lines.push(format!("{}: {e}", step.describe())),
        }
    }
    lines
}
