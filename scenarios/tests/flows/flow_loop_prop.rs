//! Property (a) of issue 15: a flow triggered by its own write never writes again, whatever
//! the order in which the events arrive.
//!
//! Birthright access, title sync and the group flag (on "All Staff") run together over the
//! real mock (`title_sync.json`, which holds both mappings' groups), each event handled by the
//! runtime's engine. Each generated phase makes a few changes "by HR" or an admin
//! (department, title, an unrelated attribute, a group membership) through okta-client, then
//! feeds every event the mock logs (the changes, and the flows' own writes coming back) to
//! the flows in a generated order, until the log has nothing new (bounded). The flows trigger
//! one another (the group flag's profile write is a profile update for title sync; title
//! sync's memberships are membership events for the others). After each phase:
//! - each flow made exactly the writes an independent model of the flows says the external
//!   changes warranted (none for an echo), and title sync sent one notification per real
//!   change of title or department;
//! - each flow's own writes of a type it subscribes to came back and were dropped by the loop
//!   guard, once each;
//! - the org matches the model (memberships, `costCenter`, the flag).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use okta_client::api::UserUpdate;
use okta_client::models::UserId;
use okta_scenarios::flows::{birthright_access, group_flag, title_sync};
use okta_scenarios::runtime::{Action, Flow, FlowEvent, TargetOutcome, TriggerSpec};
use proptest::prelude::*;

use super::flow_support::{Harness, group_names, shared};

const USERS: [&str; 3] = ["mia@example.com", "eli@example.com", "sara@example.com"];
const DEPARTMENTS: [&str; 4] = ["Engineering", "Sales", "HR", "Finance"];
const TITLES: [&str; 5] = [
    "Software Engineer",
    "Staff Engineer",
    "Engineering Manager",
    "Sales Manager",
    "Account Executive",
];
const JOINABLE: [&str; 7] = [
    "GitHub",
    "Jira",
    "Salesforce",
    "Gong",
    "BambooHR",
    "All Staff",
    "People Managers",
];

/// The model's copy of the flows' default mappings (written out here, not read from the
/// flows, so the model is independent of the code it checks).
fn department_groups(department: &str) -> &'static [&'static str] {
    match department {
        "Engineering" => &["GitHub", "Jira"],
        "Sales" => &["Salesforce", "Gong"],
        "HR" => &["BambooHR"],
        _ => &[],
    }
}
const DEPARTMENT_GROUPS: [&str; 5] = ["GitHub", "Jira", "Salesforce", "Gong", "BambooHR"];
fn title_groups(title: &str) -> &'static [&'static str] {
    match title {
        "Engineering Manager" | "Sales Manager" => &["People Managers"],
        "Staff Engineer" => &["Architecture Review"],
        _ => &[],
    }
}
const TITLE_GROUPS: [&str; 2] = ["People Managers", "Architecture Review"];
/// The group flag's group and attribute in this test.
const FLAG_GROUP: &str = "All Staff";
const FLAG: &str = "isMemberOfGroup";
fn cost_center(department: &str) -> Option<&'static str> {
    match department {
        "Engineering" => Some("CC-1100"),
        "Sales" => Some("CC-2100"),
        "HR" => Some("CC-3100"),
        _ => None,
    }
}

#[derive(Debug, Clone)]
enum Change {
    Department(usize, usize),
    Title(usize, usize),
    Both(usize, usize, usize),
    Phone(usize, u16),
    Join(usize, usize),
}

fn change() -> impl Strategy<Value = Change> {
    let user = 0..USERS.len();
    prop_oneof![
        (user.clone(), 0..DEPARTMENTS.len()).prop_map(|(u, d)| Change::Department(u, d)),
        (user.clone(), 0..TITLES.len()).prop_map(|(u, t)| Change::Title(u, t)),
        (user.clone(), 0..TITLES.len(), 0..DEPARTMENTS.len())
            .prop_map(|(u, t, d)| Change::Both(u, t, d)),
        (user.clone(), any::<u16>()).prop_map(|(u, n)| Change::Phone(u, n)),
        (user, 0..JOINABLE.len()).prop_map(|(u, g)| Change::Join(u, g)),
    ]
}

#[derive(Debug, Clone)]
struct Phase {
    changes: Vec<Change>,
    /// Which pending event is delivered next, and to which flow first.
    order: Vec<u8>,
}

fn phase() -> impl Strategy<Value = Phase> {
    (
        prop::collection::vec(change(), 1..=3),
        prop::collection::vec(any::<u8>(), 1..32),
    )
        .prop_map(|(changes, order)| Phase { changes, order })
}

/// One user in the model.
#[derive(Debug, Clone, PartialEq)]
struct Person {
    title: String,
    department: String,
    cost_center: Option<String>,
    groups: BTreeSet<String>,
    /// The (title, department) title sync last handled.
    handled: Option<(String, String)>,
    /// The group flag's attribute (absent counts as `false`).
    flag: bool,
}

/// Converges `groups` to `desired` within `managed`; returns the number of writes.
fn converge(groups: &mut BTreeSet<String>, managed: &[&str], desired: &[&str]) -> usize {
    let mut writes = 0;
    for g in managed {
        let want = desired.contains(g);
        let has = groups.contains(*g);
        if want != has {
            writes += 1;
            if want {
                groups.insert((*g).to_owned());
            } else {
                groups.remove(*g);
            }
        }
    }
    writes
}

/// What the model expects of one phase.
#[derive(Debug, Default, PartialEq)]
struct Expected {
    birthright: usize,
    title_sync: usize,
    group_flag: usize,
    notes: usize,
}

fn expect(people: &mut [Person], changes: &[Change]) -> Expected {
    let mut profile = BTreeSet::new();
    let mut any_event = BTreeSet::new();
    for c in changes {
        match *c {
            Change::Department(u, d) => {
                people[u].department = DEPARTMENTS[d].to_owned();
                profile.insert(u);
            }
            Change::Title(u, t) => {
                people[u].title = TITLES[t].to_owned();
                profile.insert(u);
            }
            Change::Both(u, t, d) => {
                people[u].title = TITLES[t].to_owned();
                people[u].department = DEPARTMENTS[d].to_owned();
                profile.insert(u);
            }
            Change::Phone(u, _) => {
                profile.insert(u);
            }
            Change::Join(u, g) => {
                people[u].groups.insert(JOINABLE[g].to_owned());
                any_event.insert(u);
            }
        }
    }
    any_event.extend(profile.iter().copied());
    let mut want = Expected::default();
    // The group flag acts on "All Staff" memberships; its profile write is a profile update
    // that title sync (and birthright) then see.
    let mut title_runs = profile;
    for c in changes {
        if let Change::Join(u, g) = *c
            && JOINABLE[g] == FLAG_GROUP
            && !people[u].flag
        {
            people[u].flag = true;
            want.group_flag += 1;
            title_runs.insert(u);
        }
    }
    for &u in &title_runs {
        let p = &mut people[u];
        let now = (p.title.clone(), p.department.clone());
        if p.handled.as_ref() == Some(&now) {
            continue;
        }
        let mut writes = converge(&mut p.groups, &TITLE_GROUPS, title_groups(&p.title));
        if let Some(cc) = cost_center(&p.department)
            && p.cost_center.as_deref() != Some(cc)
        {
            p.cost_center = Some(cc.to_owned());
            writes += 1;
        }
        if p.handled.is_some() || writes > 0 {
            want.notes += 1;
        }
        p.handled = Some(now);
        want.title_sync += writes;
    }
    for &u in &any_event {
        let p = &mut people[u];
        want.birthright += converge(
            &mut p.groups,
            &DEPARTMENT_GROUPS,
            department_groups(&p.department),
        );
    }
    want
}

async fn make(h: &Harness, ids: &[UserId], groups: &BTreeMap<String, String>, c: &Change) {
    let users = h.client.users();
    match *c {
        Change::Department(u, d) => {
            let update = UserUpdate::new().set("department", DEPARTMENTS[d]);
            users.update(&ids[u], &update).await.unwrap();
        }
        Change::Title(u, t) => {
            let update = UserUpdate::new().set("title", TITLES[t]);
            users.update(&ids[u], &update).await.unwrap();
        }
        Change::Both(u, t, d) => {
            let update = UserUpdate::new()
                .set("title", TITLES[t])
                .set("department", DEPARTMENTS[d]);
            users.update(&ids[u], &update).await.unwrap();
        }
        Change::Phone(u, n) => {
            let update = UserUpdate::new().set("mobilePhone", format!("+1 555 {n:05}"));
            users.update(&ids[u], &update).await.unwrap();
        }
        Change::Join(u, g) => {
            let group = groups[JOINABLE[g]].as_str();
            h.client.groups().add_member(group, &ids[u]).await.unwrap();
        }
    }
}

fn subscribes(flow: &Arc<dyn Flow>, event: &FlowEvent) -> bool {
    flow.triggers()
        .iter()
        .any(|t| matches!(t, TriggerSpec::Event(ty) if *ty == event.event_type()))
}

/// Per flow: writes made, and the writes of a type the flow subscribes to (its echoes).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Tally {
    writes: usize,
    echoing: usize,
    dropped: usize,
}

/// Which of a flow's actions cause an event the flow itself subscribes to.
type Echoing = fn(&Action) -> bool;

fn count(outcomes: &[TargetOutcome], tally: &mut Tally, echoing: Echoing) {
    for action in outcomes.iter().flat_map(|o| &o.actions) {
        if matches!(
            action,
            Action::AddToGroup { .. }
                | Action::RemoveFromGroup { .. }
                | Action::SetProfileAttribute { .. }
        ) {
            tally.writes += 1;
            tally.echoing += usize::from(echoing(action));
        }
    }
}

async fn scenario(phases: Vec<Phase>) -> Result<(), TestCaseError> {
    let mut h = Harness::start("title_sync").await;
    let flag = group_flag::Config {
        group: FLAG_GROUP.to_owned(),
        attribute: FLAG.to_owned(),
    };
    // Each flow, and which of its writes cause an event it subscribes to: birthright's
    // additions, title sync's profile write; the group flag's profile write is not one.
    let flows: [(Arc<dyn Flow>, Echoing); 3] = [
        (
            shared(birthright_access::flow(birthright_access::Config::default())),
            |a| matches!(a, Action::AddToGroup { .. }),
        ),
        (
            shared(title_sync::flow(title_sync::Config::default())),
            |a| matches!(a, Action::SetProfileAttribute { .. }),
        ),
        (shared(group_flag::flow(flag)), |_| false),
    ];

    let mut ids = Vec::new();
    let mut people = Vec::new();
    for login in USERS {
        let user = h.user(login).await;
        people.push(Person {
            title: user.profile.title.clone().unwrap_or_default(),
            department: user.profile.department.clone().unwrap_or_default(),
            cost_center: user.profile.cost_center.clone(),
            groups: group_names(&h.client, user.id.as_str())
                .await
                .into_iter()
                .collect(),
            handled: None,
            flag: user.profile.get(FLAG) == Some(serde_json::Value::Bool(true)),
        });
        ids.push(user.id);
    }
    let all = h.client.groups().list().collect_all().await.unwrap();
    let groups: BTreeMap<String, String> = all
        .into_iter()
        .map(|g| (g.profile.name, g.id.to_string()))
        .collect();

    for phase in &phases {
        for c in &phase.changes {
            make(&h, &ids, &groups, c).await;
        }
        let want = expect(&mut people, &phase.changes);
        let notes_before = h.notes.sent().len();
        let writes_before = h.writes();

        let mut tallies = [Tally::default(); 3];
        let mut pending = h.new_events().await;
        let mut order = phase.order.iter().copied().cycle();
        let mut deliveries = 0;
        while !pending.is_empty() {
            deliveries += 1;
            prop_assert!(deliveries <= 200, "no quiescence after 200 deliveries");
            let pick = order.next().unwrap_or(0);
            let event = pending.remove(usize::from(pick) % pending.len());
            let first = usize::from(pick / 8 % 3);
            for i in [first, (first + 1) % 3, (first + 2) % 3] {
                let (flow, echoing) = &flows[i];
                if !subscribes(flow, &event) {
                    continue;
                }
                match h.dispatch(flow, &event, true).await {
                    None => tallies[i].dropped += 1,
                    Some(result) => {
                        let outcomes = result.map_err(TestCaseError::fail)?;
                        count(&outcomes, &mut tallies[i], *echoing);
                    }
                }
            }
            pending.extend(h.new_events().await);
        }

        let [b, t, g] = tallies;
        let made = Expected {
            birthright: b.writes,
            title_sync: t.writes,
            group_flag: g.writes,
            notes: h.notes.sent().len() - notes_before,
        };
        prop_assert_eq!(
            &made,
            &want,
            "writes per flow and notifications, {:?}",
            phase
        );
        prop_assert_eq!(
            h.writes() - writes_before,
            b.writes + t.writes + g.writes,
            "org writes"
        );
        for (tally, flow) in tallies
            .iter()
            .zip(["birthright", "title sync", "group flag"])
        {
            prop_assert_eq!(
                tally.dropped,
                tally.echoing,
                "{}'s echoes dropped once each",
                flow
            );
        }
        for (u, id) in ids.iter().enumerate() {
            let now: BTreeSet<String> = group_names(&h.client, id.as_str())
                .await
                .into_iter()
                .collect();
            prop_assert_eq!(&now, &people[u].groups, "{}'s groups", USERS[u]);
            let user = h.client.users().get(id).await.unwrap();
            prop_assert_eq!(&user.profile.cost_center, &people[u].cost_center);
            let flag = user.profile.get(FLAG) == Some(serde_json::Value::Bool(true));
            prop_assert_eq!(flag, people[u].flag, "{}'s flag", USERS[u]);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn a_flow_triggered_by_its_own_write_never_writes_again_whatever_the_event_order(
        phases in prop::collection::vec(phase(), 1..=4),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(scenario(phases))?;
    }
}
