//! Adds the HAL `_links` the store leaves out, as absolute URLs on the request's host.

use okta_client::models::{
    AppUser, Application, ApplicationGroupAssignment, ApplicationStatus, Group, User, UserStatus,
};
use serde_json::{Map, Value, json};

use super::links::{BaseUrl, action, href, links, segment};

/// A user with `_links`: only `self` in a collection (`full == false`), as Okta does, and the
/// lifecycle and credential operations the user's status allows for a single user.
pub fn user(base: &BaseUrl, mut user: User, full: bool) -> User {
    let type_id = user.user_type.as_ref().and_then(|t| t.id.as_deref());
    user.links = Some(user_links(base, &user.id, &user.status, type_id, full));
    user
}

/// A user's `_links` (see [`user`]), from its id, status and user type id.
pub fn user_links(
    base: &BaseUrl,
    id: &str,
    status: &UserStatus,
    type_id: Option<&str>,
    full: bool,
) -> Map<String, Value> {
    let me = base.url(&format!("/api/v1/users/{}", segment(id)));
    let mut map = links([("self", href(me.clone()))]);
    if full {
        for (name, kind, op) in user_operations(status) {
            map.insert(
                (*name).to_owned(),
                action(format!("{me}/{kind}/{op}"), "POST"),
            );
        }
    }
    // No `type` link: the mock does not serve `/api/v1/meta/types/user/{id}`, and a link must
    // never lead to an operation that answers 404 or 501.
    let _ = type_id;
    map
}

/// The operations a user's status allows that the mock serves, as `(link name, "lifecycle",
/// operation)`. Okta's credential operations (`changePassword`, `forgotPassword`,
/// `changeRecoveryQuestion`) are left out because the mock does not serve them, and
/// `resetFactors` because Okta shows it only for a user enrolled in MFA factors (the spec's
/// `resetFactors` description) and mock users have none.
fn user_operations(status: &UserStatus) -> &'static [(&'static str, &'static str, &'static str)] {
    const LC: &str = "lifecycle";
    match status {
        UserStatus::Staged => &[
            ("activate", LC, "activate"),
            ("deactivate", LC, "deactivate"),
        ],
        UserStatus::Provisioned => &[
            ("reactivate", LC, "reactivate"),
            ("deactivate", LC, "deactivate"),
        ],
        UserStatus::Active | UserStatus::PasswordExpired | UserStatus::Recovery => &[
            ("suspend", LC, "suspend"),
            ("deactivate", LC, "deactivate"),
            ("resetPassword", LC, "reset_password"),
            ("expirePassword", LC, "expire_password"),
        ],
        UserStatus::LockedOut => &[
            ("unlock", LC, "unlock"),
            ("deactivate", LC, "deactivate"),
            ("resetPassword", LC, "reset_password"),
        ],
        UserStatus::Suspended => &[
            ("unsuspend", LC, "unsuspend"),
            ("deactivate", LC, "deactivate"),
        ],
        UserStatus::Deprovisioned => &[("activate", LC, "activate")],
        _ => &[],
    }
}

/// Appends a single user's `_links` (see [`user_links`]) as JSON, the same bytes as that map
/// serialized, without building it (a `GET` of one user is the API's most frequent call).
pub fn write_user_links(
    out: &mut Vec<u8>,
    base: &BaseUrl,
    id: &str,
    status: &UserStatus,
    type_id: Option<&str>,
) {
    /// One link: `self` or an operation.
    enum Link {
        Me,
        Op(&'static str, &'static str),
    }
    let me = Value::String(base.url(&format!("/api/v1/users/{}", segment(id)))).to_string();
    // The URL as a JSON string left open, so a path can be appended before the closing quote.
    let me_open = me.strip_suffix('"').unwrap_or(&me).as_bytes();
    let mut all: Vec<(&str, Link)> = vec![("self", Link::Me)];
    for (name, kind, op) in user_operations(status) {
        all.push((name, Link::Op(kind, op)));
    }
    // No `type` link, as in `user_links`.
    let _ = type_id;
    // A map's key order.
    all.sort_unstable_by_key(|(name, _)| *name);
    out.push(b'{');
    for (i, (name, link)) in all.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
        match link {
            Link::Me => {
                out.extend_from_slice(b"{\"href\":");
                out.extend_from_slice(me_open);
                out.extend_from_slice(b"\"}");
            }
            Link::Op(kind, op) => {
                // `hints` sorts before `href`, as in the map `action` builds.
                out.extend_from_slice(b"{\"hints\":{\"allow\":[\"POST\"]},\"href\":");
                out.extend_from_slice(me_open);
                for part in ["/", kind, "/", op, "\"}"] {
                    out.extend_from_slice(part.as_bytes());
                }
            }
        }
    }
    out.push(b'}');
}

/// Writes the `_links` of users in a collection, `{"self":{"href":…}}`, with the part every
/// user of a page shares prepared once (a page has 200 of them).
#[derive(Debug, Clone)]
pub struct UserSelfLinks {
    head: Vec<u8>,
}

impl UserSelfLinks {
    /// The links of users on `base`.
    pub fn new(base: &BaseUrl) -> Self {
        let mut head = b"{\"self\":{\"href\":".to_vec();
        // Escaped as JSON once, then left open for the id.
        let url = serde_json::Value::String(format!("{}/api/v1/users/", base.0)).to_string();
        head.extend_from_slice(url.strip_suffix('"').unwrap_or(&url).as_bytes());
        Self { head }
    }

    /// Appends the `_links` of the user `id`.
    pub fn write(&self, out: &mut Vec<u8>, id: &str) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        out.extend_from_slice(&self.head);
        let unreserved = |b: u8| {
            b.is_ascii_alphanumeric() | (b == b'-') | (b == b'.') | (b == b'_') | (b == b'~')
        };
        if id.bytes().fold(true, |acc, b| acc & unreserved(b)) {
            // Generated ids are plain: copied in one go.
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(b"\"}}");
            return;
        }
        // Percent-encoded as `segment` does: the result never needs JSON escaping.
        for b in id.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(b);
            } else {
                out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
            }
        }
        out.extend_from_slice(b"\"}}");
    }
}

/// A group with `self`, `users`, `apps` and `logo` links.
pub fn group(base: &BaseUrl, mut group: Group) -> Group {
    let me = base.url(&format!("/api/v1/groups/{}", segment(&group.id)));
    let logo = |size: &str| {
        json!({
            "name": size,
            "href": base.url(&format!("/assets/img/logos/groups/okta-{size}.png")),
            "type": "image/png",
        })
    };
    // An imported group's source app, given by the store as a path.
    let source = group
        .links
        .as_ref()
        .and_then(|l| l.get("source")?.get("href")?.as_str().map(|p| base.url(p)));
    let mut map = links([
        ("logo", json!([logo("medium"), logo("large")])),
        ("users", href(format!("{me}/users"))),
        ("apps", href(format!("{me}/apps"))),
        ("self", href(me)),
    ]);
    if let Some(source) = source {
        map.insert("source".to_owned(), href(source));
    }
    group.links = Some(map);
    group
}

/// An application with `self`, `users`, `groups` and the lifecycle link its status allows.
pub fn app(base: &BaseUrl, mut app: Application) -> Application {
    let me = base.url(&format!("/api/v1/apps/{}", segment(&app.id)));
    let mut map = links([
        ("users", href(format!("{me}/users"))),
        ("groups", href(format!("{me}/groups"))),
        ("self", href(me.clone())),
    ]);
    match app.status {
        ApplicationStatus::Active => {
            map.insert(
                "deactivate".into(),
                href(format!("{me}/lifecycle/deactivate")),
            );
        }
        ApplicationStatus::Inactive => {
            map.insert("activate".into(), href(format!("{me}/lifecycle/activate")));
        }
        _ => {}
    }
    app.links = Some(map);
    app
}

/// An app user with `app` and `user` links; an embedded user gets its own `self` link.
/// An application–group assignment with its `app`, `group` and `self` links.
pub fn app_group(
    base: &BaseUrl,
    app_id: &str,
    mut assignment: ApplicationGroupAssignment,
) -> ApplicationGroupAssignment {
    let app = format!("/api/v1/apps/{}", segment(app_id));
    let group = segment(assignment.id.as_str());
    assignment.links = Some(links([
        ("app", href(base.url(&app))),
        ("group", href(base.url(&format!("/api/v1/groups/{group}")))),
        ("self", href(base.url(&format!("{app}/groups/{group}")))),
    ]));
    assignment
}

/// An app user with its `app` and `user` links.
pub fn app_user(base: &BaseUrl, app_id: &str, mut app_user: AppUser) -> AppUser {
    // Real Okta writes `passwordChanged` on every app user, null when unset (issue 11; the
    // spec's AppUser examples carry it too).
    if app_user.password_changed.is_none() {
        app_user
            .extra
            .insert("passwordChanged".to_owned(), serde_json::Value::Null);
    }
    app_user.links = Some(links([
        (
            "app",
            href(base.url(&format!("/api/v1/apps/{}", segment(app_id)))),
        ),
        (
            "user",
            href(base.url(&format!("/api/v1/users/{}", segment(&app_user.id)))),
        ),
    ]));
    if let Some(embedded) = app_user.embedded.as_mut() {
        if let Some(user_box) = embedded.user.take() {
            embedded.user = Some(Box::new(user(base, *user_box, false)));
        }
    }
    app_user
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_user(status: &str) -> User {
        serde_json::from_value(
            json!({"id": "00u1", "status": status, "profile": {"login": "u1@example.com"}}),
        )
        .unwrap()
    }

    #[test]
    fn a_suspended_user_links_to_unsuspend_on_the_requests_host() {
        let base = BaseUrl::from_host(Some("127.0.0.1:9999"));
        let rendered = user(&base, sample_user("SUSPENDED"), true);
        let links = rendered.links.unwrap();
        assert_eq!(
            links["self"]["href"],
            "http://127.0.0.1:9999/api/v1/users/00u1"
        );
        assert_eq!(
            links["unsuspend"]["href"],
            "http://127.0.0.1:9999/api/v1/users/00u1/lifecycle/unsuspend"
        );
        assert!(!links.contains_key("suspend"));
    }

    #[test]
    fn a_self_link_is_written_as_the_map_would_be() {
        for base in [
            BaseUrl::from_host(Some("127.0.0.1:9")),
            BaseUrl("http://a\"b".into()),
        ] {
            let writer = UserSelfLinks::new(&base);
            for id in ["00u1abc", "a b@c/d", "ü\""] {
                let mut fast = Vec::new();
                writer.write(&mut fast, id);
                let links = user_links(&base, id, &UserStatus::Active, None, false);
                let slow = serde_json::to_string(&links).unwrap();
                assert_eq!(String::from_utf8(fast).unwrap(), slow);
            }
        }
    }

    #[test]
    fn a_single_user_s_links_are_written_as_the_map_would_be() {
        let base = BaseUrl::from_host(Some("127.0.0.1:9"));
        let mut statuses = UserStatus::KNOWN.to_vec();
        statuses.push(UserStatus::Unknown("NEW".into()));
        for status in &statuses {
            for (id, type_id) in [("00u1abc", Some("oty1")), ("a b\"/", None)] {
                let mut fast = Vec::new();
                write_user_links(&mut fast, &base, id, status, type_id);
                let links = user_links(&base, id, status, type_id, true);
                let slow = serde_json::to_string(&links).unwrap();
                assert_eq!(String::from_utf8(fast).unwrap(), slow, "{status:?}");
            }
        }
    }

    #[test]
    fn users_in_a_collection_only_link_to_themselves() {
        let base = BaseUrl::from_host(Some("h"));
        let links = user(&base, sample_user("ACTIVE"), false).links.unwrap();
        assert_eq!(links.keys().collect::<Vec<_>>(), vec!["self"]);
    }
}
