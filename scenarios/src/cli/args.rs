//! The command line of `okta-flows`.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use clap::{Args, Parser, Subcommand};

/// `okta-flows`: Okta flows as code, against a real org or the embedded okta-mock.
#[derive(Debug, Clone, Parser)]
#[command(name = "okta-flows", version, about)]
pub struct Cli {
    /// The flow to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The flows.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Set the Office 365 Immutable ID of users from their AD instances, in preference order.
    ///
    /// Dry run unless --apply. With no org configured (--org-url/--token,
    /// OKTA_CLIENT_ORGURL/OKTA_CLIENT_TOKEN, ./okta.yaml or ~/.okta/okta.yaml) it runs against
    /// an embedded okta-mock loaded with the default multi-AD scenario: a demonstration org.
    ///
    /// Exit status:
    ///   0  nothing needs attention;
    ///   1  some users need attention (listed, with the reason): error, user_not_found,
    ///      invalid_external_id, conflict or duplicate_immutable_id;
    ///   2  usage, configuration or connection error (nothing was concluded).
    ///
    /// The demonstration org holds one of each edge case on purpose, so a run on it exits 0
    /// unless the run itself fails; its last line says how many users would need attention
    /// on a real org. Runs on a real org or on a --scenario file use the codes above.
    #[command(after_help = EXIT_STATUS_HELP)]
    ImmutableId(ImmutableIdArgs),
    /// Capture an org (or part of it) into a scenario file okta-mock loads, pseudonymized.
    ///
    /// Reads through the same org configuration as immutable-id (the embedded mock when none
    /// is configured), respecting rate limits, and writes --out. By default it captures what
    /// --flow immutable-id needs: the members of each --group and every office365 app user (or
    /// only the users named by --user, --search and --app), with their AD and office365 app
    /// users and those apps. Logins, emails, names and other
    /// personal attributes become stable pseudonyms, GUIDs and Immutable IDs are mapped
    /// consistently (in the form they had, valid or not); --no-anonymize turns that off. The
    /// file never holds a token, a password or a secret setting.
    ///
    /// Exit status: 0 when the file was written, 2 when it could not be.
    Capture(CaptureArgs),
    /// Run flows on every event of the org: from the System Log, and from event hooks with
    /// --hooks.
    ///
    /// Dry run unless --apply (a dry run writes nothing and keeps its state in memory). With
    /// --apply the state (log cursor, what is done, the flows' tables, the run history) is kept
    /// in --state, so a restart neither loses nor repeats work. With no org configured it runs
    /// on an embedded okta-mock holding the flows' demo org, makes a few scripted changes there
    /// (printed as `demo:` lines), and stops once the flows have handled them.
    ///
    /// Exit status: 0 no run failed; 1 some runs failed (recorded, reported, listed by
    /// `history --failed`); 2 usage, configuration or connection error.
    Watch(super::flows_args::WatchArgs),
    /// List the recorded runs of a state file, the most recent first.
    ///
    /// Exit status: 0 listed; 2 the file cannot be read.
    History(super::flows_args::HistoryArgs),
    /// Run one flow by hand over users (--user, --group, --all), or a recorded run again
    /// (--rerun ID). Dry run unless --apply.
    ///
    /// Exit status: 0 the run did not fail; 1 it failed; 2 usage, configuration or connection
    /// error.
    Run(super::flows_args::RunArgs),
}

/// Shown under `okta-flows immutable-id --help`.
const EXIT_STATUS_HELP: &str = "Exit status: 0 nothing needs attention; 1 some users need \
attention (listed); 2 usage, configuration or connection error. A run on the embedded demo org \
exits 0 unless the run itself fails.";

/// The most requests a run keeps in flight: Okta's rate limits are per org, and more would
/// only queue behind them.
pub const MAX_CONCURRENCY: usize = 64;

/// Arguments of `okta-flows immutable-id`.
#[derive(Debug, Clone, Default, Args)]
#[command(group(
    clap::ArgGroup::new("selection").required(true).multiple(false).args(["users", "all"])
))]
pub struct ImmutableIdArgs {
    /// A user's login (repeatable): the per-user flow, about five reads per user.
    #[arg(long = "user", value_name = "LOGIN")]
    pub users: Vec<String>,
    /// Batch mode, reading the org in bulk: every member of --group (and every office365 app
    /// user outside it, reported not_in_group), or every office365 app user without a group.
    #[arg(long)]
    pub all: bool,
    /// An AD instance by label or id (repeatable), in the order you choose; only these are
    /// consulted, and the first that holds a usable value wins over later ones holding other
    /// values. Overrides `prefer` in --config. Without an order (here or in --config), every AD
    /// instance is consulted and instances holding different Immutable IDs are a conflict:
    /// only runs with a chosen order and without --strict pick between disagreeing instances.
    #[arg(long, value_name = "LABEL_OR_ID")]
    pub prefer: Vec<String>,
    /// A TOML file with the flow's settings, e.g. `[immutable-id]` then
    /// `prefer = ["corp.example.com", "emea.example.com"]` (same meaning as --prefer) and
    /// `strict = true`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only members of this group (the Office 365 group).
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// The office365 app by label or id. Default: the org's only office365 app.
    #[arg(long, value_name = "LABEL_OR_ID")]
    pub app: Option<String>,
    /// AD instances holding different valid Immutable IDs are a conflict (nothing written)
    /// even with a chosen order (--prefer, or prefer in --config). Without an order they are
    /// a conflict anyway.
    #[arg(long)]
    pub strict: bool,
    /// Write the Immutable IDs (without it: a dry run that writes nothing).
    #[arg(long)]
    pub apply: bool,
    /// One JSON object per line per user instead of a table (every field, untruncated).
    #[arg(long, conflicts_with = "wide")]
    pub json: bool,
    /// Print every column in full; by default long cells are shortened so that the table fits
    /// 120 columns.
    #[arg(long)]
    pub wide: bool,
    /// How many users (per-user mode) or writes (batch mode) are in flight at once, 1 to 64.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 8,
        value_parser = parse_concurrency,
        allow_negative_numbers = true
    )]
    pub concurrency: usize,
    /// Write the Immutable ID to this custom Okta user attribute (user-write family: 600 a
    /// minute on Enterprise, against 100 for app-user writes) instead of the Office 365 app
    /// user. The org must map it into immutableId, e.g. `user.ATTR != null ? user.ATTR :
    /// (hasDirectoryUser() ? findDirectoryUser().externalId : null)`; the first write is read
    /// back and the run stops if the value did not arrive.
    #[arg(long, value_name = "ATTRIBUTE")]
    pub via_attribute: Option<String>,
    /// The org URL, e.g. <https://acme.okta.com> (default: OKTA_CLIENT_ORGURL or okta.yaml).
    #[arg(long, value_name = "URL")]
    pub org_url: Option<String>,
    /// An API token (default: OKTA_CLIENT_TOKEN or okta.yaml). Prefer --token-file or the
    /// environment: a command line is visible to other users of the machine.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<Token>,
    /// A file holding the API token (surrounding whitespace ignored), so that the token never
    /// appears in the process list.
    #[arg(long, value_name = "FILE", value_parser = read_token_file, conflicts_with = "token")]
    pub token_file: Option<Token>,
    /// An OAuth 2.0 service app's client id, to authenticate with its private key instead of
    /// an API token (default: OKTA_CLIENT_CLIENTID or okta.yaml with
    /// OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey). The app needs the scopes this flow uses:
    /// okta.users.read, okta.groups.read, okta.apps.read, and okta.apps.manage with --apply.
    #[arg(
        long,
        value_name = "ID",
        requires = "private_key",
        conflicts_with_all = ["token", "token_file"]
    )]
    pub client_id: Option<String>,
    /// The service app's private key: a file holding a PEM key (PKCS#1, PKCS#8 or SEC1) or a
    /// private JWK. Needs --client-id.
    #[arg(long, value_name = "FILE", requires = "client_id")]
    pub private_key: Option<PathBuf>,
    /// The scopes to request, space or comma separated (default: the scopes this flow needs,
    /// see --client-id). Needs --client-id.
    #[arg(long, value_name = "SCOPES", requires = "client_id")]
    pub scopes: Option<String>,
    /// Run against the embedded okta-mock even when an org is configured.
    #[arg(long, conflicts_with_all = ["org_url", "token", "token_file", "client_id"])]
    pub mock: bool,
    /// A scenario file for the embedded okta-mock (implies --mock).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["org_url", "token", "token_file", "client_id"]
    )]
    pub scenario: Option<PathBuf>,
}

/// What `okta-flows capture` adds to the selection by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CaptureFlow {
    /// What the Immutable ID flow reads: office365 app users, --group members, AD instances.
    #[default]
    ImmutableId,
    /// Only the explicit selection (--group, --user, --app, --search).
    None,
}

/// Arguments of `okta-flows capture`.
#[derive(Debug, Clone, Args)]
pub struct CaptureArgs {
    /// The scenario file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Capture the apps this flow needs, and its users unless --user, --search or --app
    /// name some.
    #[arg(long, value_enum, default_value_t = CaptureFlow::ImmutableId)]
    pub flow: CaptureFlow,
    /// A group by name (repeatable): its members are captured with their memberships.
    #[arg(long, value_name = "NAME")]
    pub group: Vec<String>,
    /// A user by login (repeatable).
    #[arg(long = "user", value_name = "LOGIN")]
    pub users: Vec<String>,
    /// An app by label or id (repeatable): captured with all its users.
    #[arg(long, value_name = "LABEL_OR_ID")]
    pub app: Vec<String>,
    /// Users matching an Okta search expression, e.g. 'profile.department eq "Sales"'.
    #[arg(long, value_name = "EXPRESSION")]
    pub search: Option<String>,
    /// At most this many users (the first found); the rest are reported as skipped.
    #[arg(long, value_name = "N")]
    pub max: Option<usize>,
    /// A file whose bytes (at least 16) key the pseudonyms, so that captures made with the
    /// same file give the same pseudonyms. Without it the key is random and forgotten.
    #[arg(long, value_name = "FILE", conflicts_with = "no_anonymize")]
    pub salt_file: Option<PathBuf>,
    /// Write logins, names, emails and GUIDs as they are in the org.
    #[arg(long)]
    pub no_anonymize: bool,
    /// The org URL (default: OKTA_CLIENT_ORGURL or okta.yaml).
    #[arg(long, value_name = "URL")]
    pub org_url: Option<String>,
    /// An API token (default: OKTA_CLIENT_TOKEN or okta.yaml); prefer --token-file.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<Token>,
    /// A file holding the API token.
    #[arg(long, value_name = "FILE", value_parser = read_token_file, conflicts_with = "token")]
    pub token_file: Option<Token>,
    /// Capture from the embedded okta-mock even when an org is configured.
    #[arg(long, conflicts_with_all = ["org_url", "token", "token_file"])]
    pub mock: bool,
    /// A scenario file for the embedded okta-mock (implies --mock).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["org_url", "token", "token_file"])]
    pub scenario: Option<PathBuf>,
}

impl CaptureArgs {
    /// The org options as [`ImmutableIdArgs`], the shape [`connect`](super::connect) takes.
    pub fn org_args(&self) -> ImmutableIdArgs {
        ImmutableIdArgs {
            org_url: self.org_url.clone(),
            token: self.token.clone(),
            token_file: self.token_file.clone(),
            mock: self.mock,
            scenario: self.scenario.clone(),
            ..ImmutableIdArgs::default()
        }
    }
}

impl ImmutableIdArgs {
    /// The OAuth 2.0 scopes the immutable-id flow uses: it reads users, groups, apps and app
    /// users, and with `apply` writes app users (the spec's per-operation `security`: GETs need
    /// `.read`, writes `.manage`).
    pub fn scopes_needed(&self) -> Vec<&'static str> {
        let mut scopes = vec!["okta.users.read", "okta.groups.read", "okta.apps.read"];
        if self.apply {
            scopes.push("okta.apps.manage");
        }
        scopes
    }

    /// The token given on the command line, by --token or --token-file.
    pub fn token(&self) -> Option<&Token> {
        self.token.as_ref().or(self.token_file.as_ref())
    }
}

/// Reads `--token-file`. The error names the file, never its content.
pub(super) fn read_token_file(path: &str) -> Result<Token, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(format!(
            "{path} is empty; it must hold the secret (the API token, or the hook secret)"
        ));
    }
    if token.lines().count() > 1 {
        return Err(format!(
            "{path} holds several lines; it must hold only the secret"
        ));
    }
    Ok(Token(token.to_owned()))
}

/// `--concurrency`: a whole number from 1 to [`MAX_CONCURRENCY`].
fn parse_concurrency(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_CONCURRENCY).contains(&n) => Ok(n),
        _ => Err(format!(
            "must be a whole number from 1 to {MAX_CONCURRENCY} (requests in flight at once)"
        )),
    }
}

/// An API token from the command line; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// The token, to hand to the client.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

impl FromStr for Token {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().is_empty() {
            return Err("the token is empty".to_owned());
        }
        Ok(Token(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(["okta-flows", "immutable-id"].iter().chain(args))
    }

    #[test]
    fn users_or_all_is_required_and_not_both() {
        assert!(parse(&[]).is_err());
        assert!(parse(&["--all", "--user", "a@example.com"]).is_err());
        let Command::ImmutableId(args) =
            parse(&["--user", "a@x", "--user", "b@x"]).unwrap().command
        else {
            panic!("not immutable-id")
        };
        assert_eq!(args.users, ["a@x", "b@x"]);
        assert!(!args.apply && !args.strict && args.concurrency == 8);
    }

    #[test]
    fn a_missing_selection_names_both_user_and_all() {
        let message = parse(&[]).unwrap_err().to_string();
        assert!(
            message.contains("--user") && message.contains("--all"),
            "{message}"
        );
    }

    #[test]
    fn concurrency_accepts_1_to_64_and_says_so_otherwise() {
        for ok in ["1", "64"] {
            let Command::ImmutableId(args) =
                parse(&["--all", "--concurrency", ok]).unwrap().command
            else {
                panic!("immutable-id parses as immutable-id");
            };
            assert_eq!(args.concurrency.to_string(), ok);
        }
        for bad in ["0", "65", "-1", "many"] {
            let message = parse(&["--all", "--concurrency", bad])
                .unwrap_err()
                .to_string();
            assert!(message.contains("1 to 64"), "{bad}: {message}");
        }
    }

    #[test]
    fn the_help_lists_the_exit_statuses() {
        let mut command = <Cli as clap::CommandFactory>::command();
        let help = command
            .find_subcommand_mut("immutable-id")
            .unwrap()
            .render_long_help()
            .to_string();
        for code in [
            "0  nothing needs attention",
            "1  some users need attention",
            "2  usage",
        ] {
            assert!(help.contains(code), "{code} missing in {help}");
        }
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let cli = parse(&[
            "--all",
            "--org-url",
            "https://acme.okta.com",
            "--token",
            "s3cr3t",
        ])
        .unwrap();
        assert!(!format!("{cli:?}").contains("s3cr3t"));
        let Command::ImmutableId(args) = cli.command else {
            panic!("not immutable-id")
        };
        assert_eq!(args.token.unwrap().expose(), "s3cr3t");
    }

    #[test]
    fn the_help_says_which_runs_pick_between_disagreeing_directories() {
        use clap::CommandFactory as _;
        let mut command = Cli::command();
        let help = command
            .find_subcommand_mut("immutable-id")
            .expect("the subcommand")
            .render_long_help()
            .to_string();
        for part in [
            "only runs with a chosen order and without --strict pick between disagreeing",
            "--config",
            "duplicate_immutable_id",
        ] {
            assert!(help.contains(part), "{part} missing from:\n{help}");
        }
    }

    #[test]
    fn a_token_file_is_read_trimmed_and_never_shown() {
        let dir = std::env::temp_dir().join(format!("okta-flows-args-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("token");
        std::fs::write(&file, "  s3cr3t-from-file\n").unwrap();
        let path = file.to_str().unwrap();
        let cli = parse(&["--all", "--token-file", path]).unwrap();
        assert!(!format!("{cli:?}").contains("s3cr3t"));
        let Command::ImmutableId(args) = cli.command else {
            panic!("not immutable-id")
        };
        assert_eq!(args.token().unwrap().expose(), "s3cr3t-from-file");
        assert!(parse(&["--all", "--token-file", path, "--token", "t"]).is_err());
        std::fs::write(&file, "\n").unwrap();
        let err = parse(&["--all", "--token-file", path])
            .unwrap_err()
            .to_string();
        assert!(err.contains("is empty"), "{err}");
        let missing = dir.join("missing");
        let err = parse(&["--all", "--token-file", missing.to_str().unwrap()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot read"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn capture_needs_an_out_file_and_anonymizes_unless_told_not_to() {
        let capture = |args: &[&str]| {
            Cli::try_parse_from(["okta-flows", "capture"].iter().chain(args)).map(|cli| {
                match cli.command {
                    Command::Capture(args) => args,
                    _ => panic!("not capture"),
                }
            })
        };
        assert!(capture(&[]).is_err());
        let args = capture(&["--out", "org.json", "--token", "s3cr3t"]).unwrap();
        assert!(!args.no_anonymize && args.flow == CaptureFlow::ImmutableId);
        assert!(!format!("{args:?}").contains("s3cr3t"));
        assert_eq!(args.org_args().token().unwrap().expose(), "s3cr3t");
        let salted = ["--out", "o.json", "--no-anonymize", "--salt-file", "salt"];
        assert!(capture(&salted).is_err());
        let flow = capture(&["--out", "o.json", "--flow", "none", "--max", "5"]).unwrap();
        assert_eq!((flow.flow, flow.max), (CaptureFlow::None, Some(5)));
    }

    #[test]
    fn the_embedded_mock_cannot_be_combined_with_an_org() {
        assert!(parse(&["--all", "--mock", "--org-url", "https://acme.okta.com"]).is_err());
        assert!(parse(&["--all", "--scenario", "x.json", "--token", "t"]).is_err());
    }
}
