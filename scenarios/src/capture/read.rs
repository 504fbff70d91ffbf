//! The reads of a capture, each a listing at Okta's largest page where one exists, so that the
//! requests stay close to the lower bound: the apps (200 a page), each selected group (its name
//! looked up, then its members at 1,000 a page), the selected users (`search` at 200 a page, one
//! read per named login), the app users of each captured app (500 a page, with `expand=user`
//! where the app's users are themselves selected), and the apps each selected group is assigned
//! to (one listing per group, 200 a page). Only when few users are selected are their app users
//! read one by one instead (one read per user and app beats listing a big app).

use std::collections::{HashMap, HashSet};

use futures::StreamExt as _;
use okta_client::Client;
use okta_client::PageStream;
use okta_client::models::{AppId, AppUser, Application, Group, OFFICE365_APP_NAME, User, UserId};
use serde::de::DeserializeOwned;

use super::{CaptureConfig, CaptureError, Flow, Progress, Skipped};

/// Okta's largest page of apps.
const APPS_PAGE: u32 = 200;
/// Okta's default (and usual largest) page of group members.
const MEMBERS_PAGE: u32 = 1000;
/// Okta's largest page of users.
const USERS_PAGE: u32 = 200;
/// Okta's largest page of app users.
const APP_USERS_PAGE: u32 = 500;
/// Up to this many selected users, an app's users are read one by one rather than listed.
const READ_ONE_BY_ONE_UP_TO: usize = 5;

/// What the reads found, already narrowed to the selection.
pub(super) struct Org {
    /// The captured apps, in listing order.
    pub apps: Vec<Application>,
    /// The selected groups with their members' ids.
    pub groups: Vec<(Group, Vec<UserId>)>,
    /// The apps each selected group is assigned to (`GET /api/v1/groups/{id}/apps`), in the
    /// order of `groups`.
    pub group_apps: Vec<Vec<AppId>>,
    /// The selected users, in the order found.
    pub users: Vec<User>,
    /// Each captured app's users among the selected users.
    pub app_users: HashMap<AppId, HashMap<UserId, AppUser>>,
    /// What was left out.
    pub skipped: Vec<Skipped>,
    /// Requests sent.
    pub requests: usize,
}

struct Reader<'a> {
    client: &'a Client,
    progress: &'a dyn Progress,
    requests: usize,
    skipped: Vec<Skipped>,
}

impl Reader<'_> {
    async fn all<T: DeserializeOwned>(
        &mut self,
        mut pages: PageStream<T>,
        what: &str,
    ) -> Result<Vec<T>, CaptureError> {
        self.progress.stage(what);
        let mut items = Vec::new();
        while let Some(page) = pages.next().await {
            self.requests += 1;
            self.progress.request();
            let page = page.map_err(|source| CaptureError::Read {
                what: what.to_owned(),
                source,
            })?;
            items.extend(page.items);
        }
        Ok(items)
    }

    fn one(&mut self) {
        self.requests += 1;
        self.progress.request();
    }

    fn skip(&mut self, what: impl Into<String>, why: impl Into<String>) {
        self.skipped.push(Skipped {
            what: what.into(),
            why: why.into(),
        });
    }
}

/// The users found so far, without repeats, in the order found.
#[derive(Default)]
struct Found {
    users: Vec<User>,
    seen: HashSet<UserId>,
}

impl Found {
    fn add(&mut self, user: User) {
        if self.seen.insert(user.id.clone()) {
            self.users.push(user);
        }
    }
}

fn matches(app: &Application, label_or_id: &str) -> bool {
    app.id.as_str() == label_or_id || app.label.eq_ignore_ascii_case(label_or_id)
}

/// Reads what `config` selects.
pub(super) async fn read_org(
    client: &Client,
    config: &CaptureConfig,
    progress: &dyn Progress,
) -> Result<Org, CaptureError> {
    let nothing_named = config.groups.is_empty()
        && config.users.is_empty()
        && config.apps.is_empty()
        && config.search.is_none();
    if config.flow == Flow::None && nothing_named {
        return Err(CaptureError::Selection(
            "nothing is selected: name a --group, --user, --app or --search, or choose a --flow"
                .to_owned(),
        ));
    }
    let mut r = Reader {
        client,
        progress,
        requests: 0,
        skipped: Vec::new(),
    };
    let pages = client.apps().list().limit(APPS_PAGE).pages();
    let all_apps = r.all(pages, "listing the apps").await?;
    let mut named_apps: Vec<&Application> = Vec::new();
    for wanted in &config.apps {
        let app = all_apps.iter().find(|a| matches(a, wanted));
        let app = app.ok_or_else(|| {
            CaptureError::Selection(format!("no app has the label or id {wanted:?}"))
        })?;
        named_apps.push(app);
    }
    let flow = config.flow == Flow::ImmutableId;
    let captured: Vec<Application> = all_apps
        .iter()
        .filter(|a| {
            let by_flow = flow && (a.is_active_directory() || a.name == OFFICE365_APP_NAME);
            by_flow || named_apps.iter().any(|n| n.id == a.id)
        })
        .cloned()
        .collect();
    for app in all_apps
        .iter()
        .filter(|a| !captured.iter().any(|c| c.id == a.id))
    {
        r.skip(
            format!("the app {:?} ({})", app.label, app.name),
            "not needed by the flow and not named with --app",
        );
    }

    let mut found = Found::default();
    let mut groups = Vec::new();
    let mut group_apps: Vec<Vec<AppId>> = Vec::new();
    for name in &config.groups {
        let pages = client.groups().list().q(name).pages();
        let candidates = r
            .all(pages, &format!("looking up the group {name:?}"))
            .await?;
        let group = candidates
            .iter()
            .find(|g| g.profile.name == *name)
            .or_else(|| {
                candidates
                    .iter()
                    .find(|g| g.profile.name.eq_ignore_ascii_case(name))
            })
            .cloned()
            .ok_or_else(|| CaptureError::Selection(format!("no group is named {name:?}")))?;
        let pages = client
            .groups()
            .members(&group.id)
            .limit(MEMBERS_PAGE)
            .pages();
        let members = r
            .all(pages, &format!("listing the members of {name:?}"))
            .await?;
        let ids: Vec<UserId> = members.iter().map(|u| u.id.clone()).collect();
        members.into_iter().for_each(|u| found.add(u));
        let pages = client.group_apps(group.id.clone()).limit(APPS_PAGE).pages();
        let assigned = r
            .all(pages, &format!("listing the apps assigned to {name:?}"))
            .await?;
        group_apps.push(assigned.into_iter().map(|a| a.id).collect());
        groups.push((group, ids));
    }
    for login in &config.users {
        r.progress.stage(&format!("reading the user {login}"));
        r.one();
        match client.users().get_opt_by_login(login).await {
            Ok(Some(user)) => found.add(user),
            Ok(None) => r.skip(format!("the user {login:?}"), "no such user in the org"),
            Err(source) => {
                return Err(CaptureError::Read {
                    what: format!("reading the user {login:?}"),
                    source,
                });
            }
        }
    }
    if let Some(search) = &config.search {
        let pages = client
            .users()
            .list()
            .search(search)
            .limit(USERS_PAGE)
            .pages();
        let users = r.all(pages, "searching users").await?;
        users.into_iter().for_each(|u| found.add(u));
    }
    // Users named one way or another narrow the flow's own selection (every office365 app
    // user) to them; what the flow needs of them (their AD and office365 app users) stays.
    let narrowed = !config.users.is_empty() || config.search.is_some() || !config.apps.is_empty();
    if flow && narrowed {
        r.skip(
            "office365 app users outside the selection",
            "narrowed by --user, --search or --app; a value only they hold cannot show as \
             duplicate_immutable_id in the capture",
        );
    }
    // Apps whose users are themselves selected are listed with their users embedded.
    let mut listed: HashMap<AppId, Vec<AppUser>> = HashMap::new();
    for app in &captured {
        let by_flow = flow && !narrowed && app.name == OFFICE365_APP_NAME;
        let selects = by_flow || named_apps.iter().any(|n| n.id == app.id);
        if !selects {
            continue;
        }
        let pages = client
            .app_users(&app.id)
            .list()
            .limit(APP_USERS_PAGE)
            .expand_user()
            .pages();
        let app_users = r
            .all(pages, &format!("listing the users of {}", app.label))
            .await?;
        for au in &app_users {
            match au.embedded_user() {
                Some(user) => found.add(user.clone()),
                None => r.skip(
                    format!("the app user {} of {}", au.id, app.label),
                    "the listing did not embed the user (expand=user)",
                ),
            }
        }
        listed.insert(app.id.clone(), app_users);
    }

    let mut users = found.users;
    if let Some(max) = config.max_users
        && users.len() > max
    {
        r.skip(
            format!("{} user(s)", users.len() - max),
            format!("over --max {max}"),
        );
        users.truncate(max);
    }
    let selected: HashSet<UserId> = users.iter().map(|u| u.id.clone()).collect();
    let mut app_users = HashMap::new();
    for app in &captured {
        let of_app: Vec<AppUser> = match listed.remove(&app.id) {
            Some(all) => all,
            None if selected.len() <= READ_ONE_BY_ONE_UP_TO => {
                read_one_by_one(&mut r, app, &users).await?
            }
            None => {
                let pages = client
                    .app_users(&app.id)
                    .list()
                    .limit(APP_USERS_PAGE)
                    .pages();
                r.all(pages, &format!("listing the users of {}", app.label))
                    .await?
            }
        };
        let kept = of_app
            .into_iter()
            .filter(|au| selected.contains(&au.id))
            .map(|au| (au.id.clone(), au))
            .collect();
        app_users.insert(app.id.clone(), kept);
    }
    let groups = groups
        .into_iter()
        .map(|(g, ids)| {
            let ids: Vec<UserId> = ids.into_iter().filter(|id| selected.contains(id)).collect();
            (g, ids)
        })
        .collect();
    Ok(Org {
        apps: captured,
        groups,
        group_apps,
        users,
        app_users,
        skipped: r.skipped,
        requests: r.requests,
    })
}

async fn read_one_by_one(
    r: &mut Reader<'_>,
    app: &Application,
    users: &[User],
) -> Result<Vec<AppUser>, CaptureError> {
    r.progress
        .stage(&format!("reading the app users of {}", app.label));
    let mut found = Vec::new();
    for user in users {
        r.one();
        match r.client.app_users(&app.id).get_opt(&user.id).await {
            Ok(Some(au)) => found.push(au),
            Ok(None) => {}
            Err(source) => {
                return Err(CaptureError::Read {
                    what: format!("reading the app user {} of {}", user.id, app.label),
                    source,
                });
            }
        }
    }
    Ok(found)
}
