//! Replaying a log on an org of the same seed and creation time gives the same org: ids,
//! timestamps, statuses, memberships, assignments and events; no password reaches the log.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use okta_client::models::Timestamp;
use serde_json::json;

use super::{Durable, dir, record};
use crate::scenario::{Scenario, default_scenario};
use crate::store::commit::{
    Actor, AddGroupMember, AssignAppUser, CreateGroup, CreateUser, DeleteUser, LoadScenario,
    RunLifecycle, UpdateUser,
};
use crate::store::input::{AppUserAssignInput, GroupInput, UserInput, UserInputKind};
use crate::store::{Clock, CreateUserOptions, LifecycleOp, Store};

const CREATED: i64 = 1_700_000_000_000;

fn org() -> Store {
    let created = Timestamp::from_unix_millis(CREATED).unwrap();
    Store::with_clock_and_seed(Arc::new(move || created), 42)
}

/// A clock that moves on every reading, so a mutation that read it twice would write two
/// different times unless `commit_at` pins it.
fn ticking() -> Clock {
    let now = Arc::new(AtomicI64::new(CREATED + 5_000));
    Arc::new(move || Timestamp::from_unix_millis(now.fetch_add(7, Ordering::Relaxed)).unwrap())
}

struct Recorder {
    store: Store,
    log: Vec<Vec<u8>>,
}

impl Recorder {
    fn commit<M: Durable>(&mut self, mutation: M) {
        let at = self.store.now_millis();
        self.log
            .push(record::encode(at, &Actor::ApiToken, &mutation));
        assert!(
            self.store.commit_at(Actor::ApiToken, mutation, at).is_ok(),
            "record {} is accepted",
            self.log.len()
        );
    }
}

fn user(login: &str, password: bool) -> UserInput {
    let mut body = json!({"profile": {"login": login, "email": login,
                                      "firstName": "Re", "lastName": "Play"}});
    if password {
        body["credentials"] = json!({"password": {"value": "Never-0n-disk!"},
                                     "recovery_question": {"question": "Q?", "answer": "A"}});
    }
    UserInput::parse(body, UserInputKind::Create).unwrap()
}

#[test]
fn replaying_the_log_on_an_org_of_the_same_seed_gives_the_same_org() {
    let mut live = Recorder {
        store: org(),
        log: Vec::new(),
    };
    live.store.set_clock(ticking());
    live.commit(LoadScenario(&default_scenario()));
    live.commit(CreateUser {
        input: user("ada@example.com", true),
        options: CreateUserOptions::default(),
    });
    live.commit(CreateUser {
        input: user("bob@example.com", false),
        options: CreateUserOptions {
            activate: false,
            ..CreateUserOptions::default()
        },
    });
    let ada = live
        .store
        .users()
        .get("ada@example.com")
        .unwrap()
        .id
        .to_string();
    live.commit(CreateGroup {
        input: GroupInput::parse(json!({"profile": {"name": "Replayed"}})).unwrap(),
    });
    let groups = Scenario::export(&live.store).groups;
    let replayed_group = groups
        .iter()
        .find(|g| g.name == "Replayed")
        .and_then(|g| g.id.clone())
        .unwrap();
    live.commit(AddGroupMember {
        group: replayed_group,
        user: ada.clone(),
    });
    live.commit(RunLifecycle {
        id: ada.clone(),
        op: LifecycleOp::Suspend,
        send_email: false,
    });
    live.commit(UpdateUser {
        id: "bob@example.com".into(),
        input: UserInput::parse(
            json!({"profile": {"title": "Tester"}}),
            UserInputKind::Update,
        )
        .unwrap(),
    });
    let intranet = Scenario::export(&live.store)
        .apps
        .iter()
        .find(|a| a.label == "Intranet")
        .and_then(|a| a.id.clone())
        .unwrap();
    live.commit(AssignAppUser {
        app: intranet,
        input: AppUserAssignInput {
            id: ada.clone(),
            ..AppUserAssignInput::default()
        },
    });
    live.commit(DeleteUser {
        id: "bob@example.com".into(),
    });

    let mut replayed = org();
    for payload in &live.log {
        record::replay(&mut replayed, payload).unwrap();
    }
    assert_eq!(Scenario::export(&replayed), Scenario::export(&live.store));
    for login in [
        "ada@example.com",
        "bob@example.com",
        "alice.anders@example.com",
    ] {
        let a = serde_json::to_value(live.store.users().get(login).unwrap()).unwrap();
        let b = serde_json::to_value(replayed.users().get(login).unwrap()).unwrap();
        assert_eq!(a, b, "{login}, timestamps included");
    }
    let events = |store: &Store| store.events().iter().cloned().collect::<Vec<_>>();
    assert_eq!(events(&replayed).len(), live.log.len());
    assert_eq!(events(&replayed), events(&live.store));
    assert!(
        !live
            .log
            .iter()
            .any(|p| String::from_utf8_lossy(p).contains("Never-0n-disk")),
        "no password value in the log"
    );
}

fn open_dir(dir: &std::path::Path) -> (Store, super::Persistence) {
    super::open(super::OpenOptions {
        dir,
        reset: false,
        seed: Some(42),
        scenario: Some(&default_scenario()),
        clock: ticking(),
        policy: super::SnapshotPolicy::default(),
    })
    .map(|(store, persist, _)| (store, persist))
    .expect("the directory opens")
}

#[test]
fn a_log_truncated_in_the_middle_of_its_last_record_opens_without_that_record() {
    let dir = std::env::temp_dir().join(format!("okta-mock-torn-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let users = {
        let (store, persist) = open_dir(&dir);
        let users = store.counts().users;
        let mut store = store;
        for login in ["kept@example.com", "torn@example.com"] {
            let mutation = CreateUser {
                input: user(login, false),
                options: CreateUserOptions::default(),
            };
            let at = store.now_millis();
            persist.append(&super::Persistence::record(at, &Actor::ApiToken, &mutation));
            assert!(store.commit_at(Actor::ApiToken, mutation, at).is_ok());
        }
        users
    };
    let log = dir::segment(&dir, 0);
    let len = std::fs::metadata(&log).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(&log).unwrap();
    file.set_len(len - 10).unwrap();
    drop(file);

    let (store, persist) = open_dir(&dir);
    assert_eq!(store.counts().users, users + 1);
    assert!(store.users().get("kept@example.com").is_ok());
    assert!(store.users().get("torn@example.com").is_err());
    assert!(
        std::fs::metadata(&log).unwrap().len() < len - 10,
        "the torn tail is cut off"
    );
    assert_eq!(persist.status().replayed_records, 2);
    drop(persist);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_snapshot_reads_back_whole_and_one_cut_short_or_garbled_is_refused() {
    let dir = std::env::temp_dir().join(format!("okta-mock-snapfile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = org();
    store
        .commit(Actor::MockAdmin, LoadScenario(&default_scenario()))
        .unwrap();
    let (syslog, hooks) = (
        crate::events::SystemLog::default(),
        crate::hooks::EventHooks::default(),
    );
    let oauth = crate::oauth::AuthServer::new(1.0);
    let sources = super::Sources {
        store: &store,
        syslog: &syslog,
        hooks: &hooks,
        oauth: &oauth,
    };
    syslog.append(vec![(
        1_700_000_000_000,
        json!({"eventType": "user.session.start"}),
    )]);
    let bytes =
        super::snapshot::finish(super::snapshot::capture(&sources, 7, 7, 1_700_000_000_000));
    let info = super::snapshot::write(&dir, bytes, 7, 7, 1_700_000_000_000).unwrap();
    assert_eq!(info.file, dir::snapshot(&dir, 7));
    assert!(!dir.join(dir::SNAPSHOT_TMP).exists());
    let (snap, size) = super::snapshot::read(&info.file).unwrap();
    assert_eq!(size, info.bytes);
    assert_eq!(snap.records, 7);
    assert_eq!(snap.users.len(), store.counts().users);
    assert_eq!(snap.positions, store.positions());
    assert_eq!(snap.system_log.events.len(), 1);
    assert_eq!(snap.system_log.last_pos, 1);
    assert!(snap.hooks.is_empty());

    let whole = std::fs::read(&info.file).unwrap();
    std::fs::write(&info.file, &whole[..whole.len() - 3]).unwrap();
    let cut = super::snapshot::read(&info.file).err().unwrap();
    assert!(cut.contains("cut short"), "{cut}");
    let mut garbled = whole.clone();
    let at = garbled.len() - 10;
    garbled[at] ^= 1;
    std::fs::write(&info.file, &garbled).unwrap();
    let bad = super::snapshot::read(&info.file).err().unwrap();
    assert!(bad.contains("checksum"), "{bad}");
    let _ = std::fs::remove_dir_all(&dir);
}
