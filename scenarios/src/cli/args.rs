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
    /// an embedded okta-mock loaded with the default multi-AD scenario.
    ///
    /// Exit status: 0 when no user failed, 1 when any user's outcome is error, user_not_found,
    /// invalid_external_id or conflict, 2 when the run could not start or had to stop.
    ImmutableId(ImmutableIdArgs),
}

/// Arguments of `okta-flows immutable-id`.
#[derive(Debug, Clone, Args)]
pub struct ImmutableIdArgs {
    /// A user's login (repeatable): the per-user flow, about five reads per user.
    #[arg(long = "user", value_name = "LOGIN", required_unless_present = "all")]
    pub users: Vec<String>,
    /// Batch mode, reading the org in bulk: every member of --group (and every office365 app
    /// user outside it, reported not_in_group), or every office365 app user without a group.
    #[arg(long, conflicts_with = "users")]
    pub all: bool,
    /// An AD instance by label or id (repeatable), in order of preference; only these are
    /// consulted. Default: every AD instance, in the order the API lists them.
    #[arg(long, value_name = "LABEL_OR_ID")]
    pub prefer: Vec<String>,
    /// Only members of this group (the Office 365 group).
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// The office365 app by label or id. Default: the org's only office365 app.
    #[arg(long, value_name = "LABEL_OR_ID")]
    pub app: Option<String>,
    /// AD instances holding different valid Immutable IDs are a conflict (nothing written)
    /// instead of the preferred one winning.
    #[arg(long)]
    pub strict: bool,
    /// Write the Immutable IDs (without it: a dry run that writes nothing).
    #[arg(long)]
    pub apply: bool,
    /// One JSON object per line per user instead of a table.
    #[arg(long)]
    pub json: bool,
    /// How many users (per-user mode) or writes (batch mode) are in flight at once.
    #[arg(long, value_name = "N", default_value_t = 8)]
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
    /// An API token (default: OKTA_CLIENT_TOKEN or okta.yaml). Prefer the environment: a
    /// command line is visible to other users of the machine.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<Token>,
    /// Run against the embedded okta-mock even when an org is configured.
    #[arg(long, conflicts_with_all = ["org_url", "token"])]
    pub mock: bool,
    /// A scenario file for the embedded okta-mock (implies --mock).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["org_url", "token"])]
    pub scenario: Option<PathBuf>,
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
            parse(&["--user", "a@x", "--user", "b@x"]).unwrap().command;
        assert_eq!(args.users, ["a@x", "b@x"]);
        assert!(!args.apply && !args.strict && args.concurrency == 8);
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
        let Command::ImmutableId(args) = cli.command;
        assert_eq!(args.token.unwrap().expose(), "s3cr3t");
    }

    #[test]
    fn the_embedded_mock_cannot_be_combined_with_an_org() {
        assert!(parse(&["--all", "--mock", "--org-url", "https://acme.okta.com"]).is_err());
        assert!(parse(&["--all", "--scenario", "x.json", "--token", "t"]).is_err());
    }
}
