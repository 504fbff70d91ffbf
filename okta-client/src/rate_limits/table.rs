//! The table itself: every management rate-limit family with its per-minute limit on each
//! plan, and each plan's cumulative and concurrent-request limits.
//!
//! Sources (Okta's developer documentation, kept in github.com/okta/okta-developer-docs under
//! `packages/@okta/vuepress-site/docs/reference/`):
//!
//! - [`MGMT`]: "Management rate limits" (`rl-global-mgmt/index.md`), last published with its
//!   table at commit 69fe2395 (2025-12-15); the page was replaced on 2025-12-16 (commit 6de7f89f,
//!   "Rate limit doc revision") by one that refers to the Admin Console instead of listing
//!   values. Its Integrator Free Plan column is the former Developer (free) column renamed
//!   (commit ec0021e5, 2025-05-20).
//! - [`CUMULATIVE`]: the "Cumulative rate limit" row of the same page, last published at
//!   commit f74fffcd (2024-09-27) and removed by the next one ("Updates to remove cumulative
//!   limits on multiple pages"). Integrator Free takes Developer (free)'s 980, the column it
//!   replaced.
//! - [`CONCURRENCY`]: "Additional rate limits", section "Concurrent rate limits"
//!   (`rl-additional-limits/index.md` at commit 69fe2395): 15 / 35 / 75 / 75.

use serde::{Deserialize, Serialize};

/// Where each row's values come from (see the module documentation).
pub const MGMT: &str =
    "developer.okta.com/docs/reference/rl-global-mgmt (okta-developer-docs 69fe2395, 2025-12-15)";
/// Where the cumulative limits come from.
pub const CUMULATIVE: &str = "developer.okta.com/docs/reference/rl-global-mgmt, row \"Cumulative rate limit\" (okta-developer-docs f74fffcd, 2024-09-27)";
/// Where the concurrent-request limits come from.
pub const CONCURRENCY: &str = "developer.okta.com/docs/reference/rl-additional-limits#concurrent-rate-limits (okta-developer-docs 69fe2395)";

/// An Okta plan (a column of the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Plan {
    /// The Integrator Free Plan (formerly the Developer (free) edition).
    IntegratorFree,
    /// One App.
    OneApp,
    /// Enterprise.
    Enterprise,
    /// Workforce Identity.
    WorkforceIdentity,
}

impl Plan {
    /// Every plan, in the table's column order.
    pub const ALL: [Plan; 4] = [
        Plan::IntegratorFree,
        Plan::OneApp,
        Plan::Enterprise,
        Plan::WorkforceIdentity,
    ];

    /// The preset name (`integrator-free`, `one-app`, `enterprise`, `workforce-identity`).
    pub fn name(self) -> &'static str {
        match self {
            Plan::IntegratorFree => "integrator-free",
            Plan::OneApp => "one-app",
            Plan::Enterprise => "enterprise",
            Plan::WorkforceIdentity => "workforce-identity",
        }
    }

    /// The plan of a preset name, case-insensitive; `developer` (the edition the Integrator
    /// Free Plan replaced) is accepted as Integrator Free.
    pub fn from_name(name: &str) -> Option<Plan> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        match name.as_str() {
            "developer" => Some(Plan::IntegratorFree),
            _ => Plan::ALL.into_iter().find(|p| p.name() == name),
        }
    }

    fn column(self) -> usize {
        match self {
            Plan::IntegratorFree => 0,
            Plan::OneApp => 1,
            Plan::Enterprise => 2,
            Plan::WorkforceIdentity => 3,
        }
    }

    /// Requests per minute over all management endpoints together (the cumulative limit).
    pub fn cumulative(self) -> u32 {
        [980, 5_200, 5_200, 7_000][self.column()]
    }

    /// Requests in flight at once for API traffic.
    pub fn concurrency(self) -> u32 {
        [15, 35, 75, 75][self.column()]
    }
}

/// A management rate-limit family: requests Okta counts against one per-minute limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// Create or list users: `GET`/`POST /api/v1/users`.
    Users,
    /// Get a user by id or login: `GET /api/v1/users/{idOrLogin}`.
    UserGet,
    /// Update or delete a user: `POST`/`PUT`/`DELETE /api/v1/users/{id}`.
    UserWrite,
    /// Create or list groups: `/api/v1/groups` and below, except `/api/v1/groups/{id}`.
    Groups,
    /// Get, update or delete a group: `/api/v1/groups/{id}` only.
    GroupGet,
    /// Create, list or other app actions: `/api/v1/apps` and everything below it, including
    /// `/api/v1/apps/{id}/*` (app users, group assignments), except `/api/v1/apps/{id}`.
    Apps,
    /// Get, update or delete an app: `/api/v1/apps/{id}` only.
    AppGet,
    /// System Log: `/api/v1/logs`.
    Logs,
    /// The legacy events API: `/api/v1/events`.
    Events,
    /// OAuth 2.0 client configuration: `/oauth2/v1/clients`.
    OauthClients,
    /// `/api/v1/org/email/bounces/remove-list`.
    EmailBounces,
    /// `/api/v1/certificateAuthorities`.
    CertificateAuthorities,
    /// `/api/v1/devices`.
    Devices,
    /// Most other API actions: every other `/api/v1` endpoint.
    Other,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FamilyRow {
    /// The family.
    pub family: Family,
    /// The path pattern as the documentation writes it.
    pub pattern: &'static str,
    /// The methods counted (`*`: all).
    pub methods: &'static str,
    /// Requests per minute: Integrator Free, One App, Enterprise, Workforce Identity.
    pub per_minute: [u32; 4],
    /// Where the values come from.
    pub source: &'static str,
    /// How the documentation was read where it leaves room, and why.
    pub reading: &'static str,
}

impl FamilyRow {
    /// The per-minute limit on `plan`.
    pub fn limit(&self, plan: Plan) -> u32 {
        self.per_minute[plan.column()]
    }
}

/// Every family, in the documentation's row order (with the families of the same endpoint
/// together).
pub const FAMILIES: [FamilyRow; 14] = [
    FamilyRow {
        family: Family::Apps,
        pattern: "/api/v1/apps, /api/v1/apps/*, /api/v1/apps/{id}/*",
        methods: "*",
        per_minute: [20, 100, 100, 100],
        source: MGMT,
        reading: "\"Calls to the /api/v1/apps endpoint and all other endpoints of the form \
                  /api/v1/apps/* including /api/v1/apps/{id}/*\": app users \
                  (/api/v1/apps/{id}/users and /api/v1/apps/{id}/users/{uid}, reads and \
                  writes alike) are in this family.",
    },
    FamilyRow {
        family: Family::AppGet,
        pattern: "/api/v1/apps/{id}",
        methods: "*",
        per_minute: [100, 600, 600, 500],
        source: MGMT,
        reading: "\"Explicit calls to the app instance\": the exact path only, every method \
                  (get, update, delete).",
    },
    FamilyRow {
        family: Family::Groups,
        pattern: "/api/v1/groups, /api/v1/groups/*",
        methods: "*",
        per_minute: [100, 600, 600, 500],
        source: MGMT,
        reading: "\"/api/v1/groups except /api/v1/groups/{id}\": read as the whole subtree \
                  minus that one path, so /api/v1/groups/{id}/users (members) and \
                  /api/v1/groups/rules count here. An exception only means something if the \
                  row would otherwise cover /api/v1/groups/{id}, i.e. if it covers the subtree, \
                  as the apps row says outright. The other reading (members in \"most other\") \
                  gives the same 600 on Enterprise and a higher limit on Workforce Identity, \
                  so this one never paces a client too fast.",
    },
    FamilyRow {
        family: Family::GroupGet,
        pattern: "/api/v1/groups/{id}",
        methods: "*",
        per_minute: [100, 600, 600, 1_000],
        source: MGMT,
        reading: "\"/api/v1/groups/{id} only\": the exact path, every method.",
    },
    FamilyRow {
        family: Family::Users,
        pattern: "/api/v1/users",
        methods: "GET, POST",
        per_minute: [100, 600, 600, 600],
        source: MGMT,
        reading: "\"Only GET or POST to /api/v1/users\": the exact path; any other method \
                  there is \"most other\".",
    },
    FamilyRow {
        family: Family::UserWrite,
        pattern: "/api/v1/users/{id}",
        methods: "POST, PUT, DELETE",
        per_minute: [100, 600, 600, 600],
        source: MGMT,
        reading: "\"Only POST, PUT or DELETE to /api/v1/users/{id}\": the exact path; \
                  /api/v1/users/{id}/lifecycle/*, /groups, /appLinks … are \"most other\".",
    },
    FamilyRow {
        family: Family::Logs,
        pattern: "/api/v1/logs",
        methods: "*",
        per_minute: [20, 50, 50, 120],
        source: MGMT,
        reading: "The path and anything below it.",
    },
    FamilyRow {
        family: Family::Events,
        pattern: "/api/v1/events",
        methods: "*",
        per_minute: [20, 50, 50, 100],
        source: MGMT,
        reading: "The path and anything below it.",
    },
    FamilyRow {
        family: Family::OauthClients,
        pattern: "/oauth2/v1/clients",
        methods: "*",
        per_minute: [25, 100, 100, 100],
        source: MGMT,
        reading: "The path and anything below it; the only non-/api/v1 row of the table.",
    },
    FamilyRow {
        family: Family::Other,
        pattern: "/api/v1/*",
        methods: "*",
        per_minute: [100, 600, 600, 1_200],
        source: MGMT,
        reading: "\"Most other API actions\": every /api/v1 request no other row claims.",
    },
    FamilyRow {
        family: Family::EmailBounces,
        pattern: "/api/v1/org/email/bounces/remove-list",
        methods: "*",
        per_minute: [10, 30, 60, 60],
        source: MGMT,
        reading: "The exact path.",
    },
    FamilyRow {
        family: Family::UserGet,
        pattern: "/api/v1/users/{idOrLogin}",
        methods: "GET",
        per_minute: [100, 1_000, 1_000, 2_000],
        source: MGMT,
        reading: "\"Only GET to /api/v1/users/{idOrLogin}\": the exact path.",
    },
    FamilyRow {
        family: Family::CertificateAuthorities,
        pattern: "/api/v1/certificateAuthorities",
        methods: "*",
        per_minute: [100, 150, 150, 100],
        source: MGMT,
        reading: "The path and anything below it.",
    },
    FamilyRow {
        family: Family::Devices,
        pattern: "/api/v1/devices",
        methods: "*",
        per_minute: [100, 150, 150, 100],
        source: MGMT,
        reading: "The path and anything below it.",
    },
];

impl Family {
    /// Every family, in the table's order.
    pub const ALL: [Family; 14] = {
        let mut all = [Family::Other; 14];
        let mut i = 0;
        while i < FAMILIES.len() {
            all[i] = FAMILIES[i].family;
            i += 1;
        }
        all
    };

    /// This family's row of the table.
    pub fn row(self) -> &'static FamilyRow {
        FAMILIES
            .iter()
            .find(|r| r.family == self)
            .unwrap_or(&FAMILIES[9])
    }

    /// The per-minute limit on `plan`.
    pub fn limit(self, plan: Plan) -> u32 {
        self.row().limit(plan)
    }

    /// The family's name as the mock's configuration files and the throttle's keys spell it
    /// (`apps`, `user_get`, …).
    pub fn name(self) -> &'static str {
        match self {
            Family::Users => "users",
            Family::UserGet => "user_get",
            Family::UserWrite => "user_write",
            Family::Groups => "groups",
            Family::GroupGet => "group_get",
            Family::Apps => "apps",
            Family::AppGet => "app_get",
            Family::Logs => "logs",
            Family::Events => "events",
            Family::OauthClients => "oauth_clients",
            Family::EmailBounces => "email_bounces",
            Family::CertificateAuthorities => "certificate_authorities",
            Family::Devices => "devices",
            Family::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_has_exactly_one_row_with_a_source() {
        for family in Family::ALL {
            let rows = FAMILIES.iter().filter(|r| r.family == family).count();
            assert_eq!(rows, 1, "{family:?}");
            assert!(!family.row().source.is_empty());
            assert!(!family.row().reading.is_empty());
        }
        assert_eq!(Family::Other.row().family, Family::Other);
    }

    #[test]
    fn the_enterprise_column_matches_the_published_figures() {
        let e = Plan::Enterprise;
        assert_eq!(Family::Apps.limit(e), 100);
        assert_eq!(Family::AppGet.limit(e), 600);
        assert_eq!(Family::UserGet.limit(e), 1_000);
        assert_eq!(Family::UserWrite.limit(e), 600);
        assert_eq!(Family::Logs.limit(e), 50);
        assert_eq!(Family::Logs.limit(Plan::WorkforceIdentity), 120);
        assert_eq!(Family::Apps.limit(Plan::IntegratorFree), 20);
        assert_eq!((e.cumulative(), e.concurrency()), (5_200, 75));
        assert_eq!(Plan::IntegratorFree.concurrency(), 15);
        assert_eq!(Plan::OneApp.concurrency(), 35);
    }

    #[test]
    fn plans_are_found_by_their_preset_names() {
        for plan in Plan::ALL {
            assert_eq!(Plan::from_name(plan.name()), Some(plan));
        }
        assert_eq!(Plan::from_name("Developer"), Some(Plan::IntegratorFree));
        assert_eq!(
            Plan::from_name("workforce_identity"),
            Some(Plan::WorkforceIdentity)
        );
        assert_eq!(Plan::from_name("premium"), None);
    }
}
